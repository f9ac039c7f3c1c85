/**
 * The instant the suite's clocks start at, the server's (CLOCK_START) and the browser's:
 * Monday 10 May 2027, 08:30 in Riga. A working Monday with no holiday in its week, in
 * the future of the real clock, so whatever the real hour and weekday the suite runs at,
 * the journeys see the same "today" and the same free times. The clocks then move on in
 * real time: the journeys choose times hours away from the notice and the closing hour.
 */
export const clockStart = "2027-05-10T08:30:00+03:00";

/** The local dates of the pinned week in Riga (Friday: Daugavpils is closed). */
export const pinnedWeek = {
  monday: "2027-05-10",
  tuesday: "2027-05-11",
  wednesday: "2027-05-12",
  thursday: "2027-05-13",
  nextMonday: "2027-05-17",
} as const;

/**
 * When the suite started, by the real clock, shared by Playwright's runner and its
 * workers through the environment. The browser's clock reads `clockStart` plus the
 * real time since then; the server, started a few seconds after, is that much behind.
 */
export function suiteStartedAt(): number {
  process.env.E2E_SUITE_STARTED_AT ??= String(Date.now());
  return Number(process.env.E2E_SUITE_STARTED_AT);
}

/** The pinned clock's reading now, for the browser. */
export function pinnedNow(): Date {
  return new Date(Date.parse(clockStart) + (Date.now() - suiteStartedAt()));
}
