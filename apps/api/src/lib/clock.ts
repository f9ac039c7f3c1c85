import { z } from "zod";

/**
 * `CLOCK_START`, for tests only: an ISO instant with its offset at which the server's
 * clock starts when the process starts. The browser suite pins the browser's clock to
 * the same instant, so that "today" and "now" are the same for both whatever the hour
 * the suite runs.
 */
export const ZClockStart = z.iso
  .datetime({ offset: true, error: "must be an ISO instant such as 2027-05-10T08:30:00+03:00" })
  .optional();

/** A clock that reads `start` at once and moves on in real time from there. */
export function clockStartingAt(start: Date): () => Date {
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

/** The process's clock: pinned by `CLOCK_START` when set, the real one otherwise. */
export function processClock(clockStart: string | undefined): (() => Date) | undefined {
  return clockStart ? clockStartingAt(new Date(clockStart)) : undefined;
}
