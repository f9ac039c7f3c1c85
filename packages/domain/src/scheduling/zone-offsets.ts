import { DateTime } from "luxon";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;
/** Spans kept by `ZoneOffsets.covering`: a zone's rules do not change while a process runs. */
const KEPT = 64;
const kept = new Map<string, ZoneOffsets>();

/**
 * UTC offsets of one time zone over a bounded span, answered without luxon on the hot
 * path: luxon is asked at weekly steps, and where two steps differ the change is found
 * by bisection. Assumes at most one offset change per week, which holds for every
 * zone's daylight-saving rules.
 */
export class ZoneOffsets {
  /** Instants at which the offset changes, ascending, and the offset from each on. */
  private readonly changes: { at: number; offset: number }[] = [];
  private readonly initial: number;

  constructor(
    private readonly zone: string,
    startMs: number,
    endMs: number,
  ) {
    this.initial = this.luxonOffset(startMs);
    let previous = { at: startMs, offset: this.initial };
    for (let at = startMs + WEEK; ; at += WEEK) {
      const step = Math.min(at, endMs);
      const offset = this.luxonOffset(step);
      if (offset !== previous.offset) {
        let low = previous.at;
        let high = step;
        while (high - low > MINUTE) {
          const mid = Math.floor((low + high) / 2 / MINUTE) * MINUTE;
          if (this.luxonOffset(mid) === previous.offset) low = mid;
          else high = mid;
        }
        this.changes.push({ at: high, offset });
      }
      previous = { at: step, offset };
      if (step >= endMs) break;
    }
  }

  /**
   * Offsets covering at least [startMs, endMs], shared: spans are whole UTC years (and
   * two days either side), so every request for the same years reuses one instance
   * instead of asking luxon again (its offsets go through Intl, the slow part).
   */
  static covering(zone: string, startMs: number, endMs: number): ZoneOffsets {
    const first = new Date(startMs).getUTCFullYear();
    const last = new Date(endMs).getUTCFullYear();
    const key = `${zone}|${first}|${last}`;
    let offsets = kept.get(key);
    if (!offsets) {
      offsets = new ZoneOffsets(
        zone,
        Date.UTC(first, 0, 1) - 2 * DAY,
        Date.UTC(last + 1, 0, 1) + 2 * DAY,
      );
      if (kept.size >= KEPT) kept.clear();
      kept.set(key, offsets);
    }
    return offsets;
  }

  private luxonOffset(ms: number): number {
    return DateTime.fromMillis(ms, { zone: this.zone }).offset;
  }

  /** Offset in minutes at an instant. */
  at(ms: number): number {
    let offset = this.initial;
    for (const change of this.changes) {
      if (ms >= change.at) offset = change.offset;
      else break;
    }
    return offset;
  }

  /** Whether the offset changes at some instant in (startMs, endMs]. */
  changesWithin(startMs: number, endMs: number): boolean {
    for (const change of this.changes) {
      if (change.at > startMs && change.at <= endMs) return true;
    }
    return false;
  }

  /**
   * The instant of a local wall-clock time, given as "wall milliseconds" (the local
   * date and time read as if it were UTC): the first moment the clock shows that time.
   * A time skipped in spring moves forward by the gap; a time repeated in autumn means
   * its first occurrence, so an interval ending at 03:00 on the autumn change closes
   * when the clock first reaches 03:00, not an hour later.
   */
  instantOf(wallMs: number): number {
    const before = this.at(wallMs - 14 * 60 * MINUTE);
    const after = this.at(wallMs + 14 * 60 * MINUTE);
    const early = wallMs - before * MINUTE;
    if (before === after || this.at(early) === before) return early;
    const late = wallMs - after * MINUTE;
    return this.at(late) === after ? late : early;
  }
}
