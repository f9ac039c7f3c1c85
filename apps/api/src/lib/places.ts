/**
 * Places: the only code that takes or gives back a place in a slot or a day.
 *
 * **Never overbooked.** Every booking that holds a place (see `holdsPlace` in
 * `@pieraksts/domain`: all but the cancelled) is counted in `SlotCounter.booked` for its
 * slot and in `DayCounter.booked` for its local date. A place is taken by one conditional
 * upsert per counter, in the booking's transaction: PostgreSQL locks the counter row, and
 * a concurrent request waits and re-checks the condition against the committed count, so
 * capacity holds under any concurrency and across processes. Nothing is checked first
 * and inserted later. A place is given back only when a booking stops holding one.
 *
 * **The public part of a slot.** A service keeps `staffOnlyCapacity` places of each slot
 * for staff (walk-ins, callers). `SlotCounter.publicBooked` counts the public bookings
 * in a slot. A public booking needs a free place in the whole slot and in its public part;
 * a staff booking needs only a free place. `placesTaken` is the same rule for reading
 * availability; the SQL in `takePlace` is the rule for writing, and places.test.ts checks
 * the two agree on every small case.
 *
 * **Two a day.** A service's `dailyLimit` (e.g. two showers a day at a point) caps the
 * bookings of one local date, counted in `DayCounter` the same way; null means no limit.
 */
import { AppError, type BookingStatus } from "@pieraksts/contracts";
import type { Prisma } from "@pieraksts/db";
import { holdsPlace } from "@pieraksts/domain";

type Tx = Prisma.TransactionClient;

/** Whose places a booking may use: the public only the public part, staff all of them. */
export type Channel = "PUBLIC" | "STAFF";

/** A booking made by staff (by phone or at the desk) may use the places kept for staff. */
export function channelOf(source: "PUBLIC" | "STAFF" | "WALK_IN"): Channel {
  return source === "PUBLIC" ? "PUBLIC" : "STAFF";
}

/** The places of a slot, and those the public may take (all less those kept for staff). */
export interface SlotCapacity {
  capacity: number;
  publicCapacity: number;
}

/** Most places a counter could ever reach: "no limit" in SQL's integer. */
const NO_LIMIT = 2_147_483_647;

export function publicCapacityOf(capacity: number, staffOnlyCapacity: number): number {
  return Math.max(0, capacity - staffOnlyCapacity);
}

/**
 * How many of a slot's places a channel sees taken; a place is free while this is below
 * the channel's capacity (publicCapacity for the public, capacity for staff).
 *
 * The public may take a place while both the slot and its public part have room:
 * `booked < capacity` and `publicBooked < publicCapacity`, as `takePlace` asks of the
 * counter row. Seen as places taken out of the public part, that is the larger of the
 * public count and the places staff filled beyond their own.
 */
export function placesTaken(
  counter: { booked: number; publicBooked: number },
  slot: SlotCapacity,
  channel: Channel,
): number {
  if (channel === "STAFF") return counter.booked;
  return Math.max(counter.publicBooked, counter.booked - (slot.capacity - slot.publicCapacity));
}

/**
 * Takes one place in the slot and, unless `day` is false, one in the day's limit.
 * SLOT_FULL or DAILY_LIMIT_REACHED when there is none: the caller's transaction then
 * rolls back whatever it counted.
 */
export async function takePlace(
  tx: Tx,
  place: {
    serviceId: string;
    startsAt: Date;
    localDate: string;
    slot: SlotCapacity;
    channel: Channel;
    dailyLimit: number | null;
    /** False when the booking already holds a place in this day (moving within it). */
    day?: boolean;
  },
): Promise<void> {
  const isPublic = place.channel === "PUBLIC";
  const publicCap = isPublic ? place.slot.publicCapacity : NO_LIMIT;
  if (place.slot.capacity <= 0 || publicCap <= 0) {
    throw new AppError("SLOT_FULL", "This time is fully booked.");
  }
  const publicStep = isPublic ? 1 : 0;
  // The condition is `placesTaken(...) < capacity for the channel`, said of the row.
  const slot = await tx.$queryRaw<{ booked: number }[]>`
    INSERT INTO "SlotCounter" ("serviceId", "startsAt", booked, "publicBooked")
    VALUES (${place.serviceId}::uuid, ${place.startsAt}, 1, ${publicStep})
    ON CONFLICT ("serviceId", "startsAt") DO UPDATE
      SET booked = "SlotCounter".booked + 1,
          "publicBooked" = "SlotCounter"."publicBooked" + ${publicStep}
    WHERE "SlotCounter".booked < ${place.slot.capacity}
      AND "SlotCounter"."publicBooked" + ${publicStep} <= ${publicCap}
    RETURNING booked`;
  if (slot.length === 0) throw new AppError("SLOT_FULL", "This time is fully booked.");
  if (place.day === false) return;

  const limit = place.dailyLimit ?? NO_LIMIT;
  if (limit <= 0) throw new AppError("DAILY_LIMIT_REACHED", "This day is fully booked.");
  const day = await tx.$queryRaw<{ booked: number }[]>`
    INSERT INTO "DayCounter" ("serviceId", "localDate", booked)
    VALUES (${place.serviceId}::uuid, ${place.localDate}::date, 1)
    ON CONFLICT ("serviceId", "localDate") DO UPDATE SET booked = "DayCounter".booked + 1
    WHERE "DayCounter".booked < ${limit}
    RETURNING booked`;
  if (day.length === 0) throw new AppError("DAILY_LIMIT_REACHED", "This day is fully booked.");
}

/** Gives back a booking's place in its slot and, unless `day` is false, in its day. */
export async function releasePlace(
  tx: Tx,
  place: { serviceId: string; startsAt: Date; localDate: Date; channel: Channel; day?: boolean },
): Promise<void> {
  const publicStep = place.channel === "PUBLIC" ? 1 : 0;
  await tx.$executeRaw`
    UPDATE "SlotCounter"
    SET booked = booked - 1, "publicBooked" = GREATEST("publicBooked" - ${publicStep}, 0)
    WHERE "serviceId" = ${place.serviceId}::uuid AND "startsAt" = ${place.startsAt} AND booked > 0`;
  if (place.day !== false) {
    await tx.$executeRaw`
      UPDATE "DayCounter" SET booked = booked - 1
      WHERE "serviceId" = ${place.serviceId}::uuid AND "localDate" = ${place.localDate} AND booked > 0`;
  }
}

/**
 * Keeps the counters true across a status change: a booking that stops holding a place
 * (is cancelled) gives it back; the changes at the desk keep it.
 */
export async function placesOnStatusChange(
  tx: Tx,
  booking: {
    serviceId: string;
    startsAt: Date;
    localDate: Date;
    source: "PUBLIC" | "STAFF" | "WALK_IN";
  },
  from: BookingStatus,
  to: BookingStatus,
): Promise<void> {
  if (holdsPlace(from) && !holdsPlace(to)) {
    await releasePlace(tx, { ...booking, channel: channelOf(booking.source) });
  } else if (!holdsPlace(from) && holdsPlace(to)) {
    // No allowed change does this (booking-status.test.ts): a cancelled booking stays so.
    throw new Error(`A ${from} booking cannot take its place back as ${to}.`);
  }
}
