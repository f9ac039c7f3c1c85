import { type Database, Prisma } from "@pieraksts/db";

const MINUTE = 60_000;

interface Entry {
  version: string;
  /** The minute it was computed in, and whether exactly at its start (see below). */
  minute: number;
  exact: boolean;
  body: Buffer;
}

/**
 * Availability answers already computed by this process, reused while nothing that
 * shapes them has changed. Every such change (a booking, a cancellation, hours, a
 * closure, a service's settings) bumps the service's row in "AvailabilityVersion" in the
 * same transaction (deferred triggers), so an answer computed at version v is exactly
 * what a fresh computation would give for as long as the database still says v: each
 * request reads the version (one primary-key lookup), and only a changed version
 * recomputes. Processes share nothing; the database stays the one source of truth.
 *
 * Time moves too: an answer is reused only within the minute it was computed in. Slot
 * starts and notices are whole minutes, so every instant inside a minute gives the same
 * answer, except the minute's first millisecond (a slot exactly `notice` ahead is still
 * offered then): answers computed then are kept apart.
 */
export class AvailabilityCache {
  private readonly entries = new Map<string, Entry>();
  /** (point, service) slugs → service id; ids never change and rows are never deleted. */
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly db: Pick<Database, "read">,
    private readonly capacity = 2_000,
  ) {}

  private static timeKey(now: Date) {
    const ms = now.getTime();
    return { minute: Math.floor(ms / MINUTE), exact: ms % MINUTE === 0 };
  }

  /** The stored answer if it is still current, else null (and the caller computes). */
  async lookup(
    query: { servicePoint: string; service: string; from: string; to: string },
    now: Date,
  ): Promise<Buffer | null> {
    const id = this.ids.get(`${query.servicePoint}/${query.service}`);
    if (!id) return null;
    const entry = this.entries.get(key(id, query));
    if (!entry) return null;
    const { minute, exact } = AvailabilityCache.timeKey(now);
    if (entry.minute !== minute || entry.exact !== exact) return null;
    const rows = await this.db.read<{ version: string }>(Prisma.sql`
      SELECT version::text AS version FROM "AvailabilityVersion" WHERE "serviceId" = ${id}::uuid`);
    return rows[0]?.version === entry.version ? entry.body : null;
  }

  store(
    query: { servicePoint: string; service: string; from: string; to: string },
    computed: { serviceId: string; version: string | null; now: Date; body: Buffer },
  ): void {
    this.ids.set(`${query.servicePoint}/${query.service}`, computed.serviceId);
    if (computed.version === null) return;
    const k = key(computed.serviceId, query);
    // Oldest first out: a Map iterates in insertion order.
    this.entries.delete(k);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(k, {
      version: computed.version,
      ...AvailabilityCache.timeKey(computed.now),
      body: computed.body,
    });
  }
}

function key(serviceId: string, query: { from: string; to: string }): string {
  return `${serviceId}/${query.from}/${query.to}`;
}
