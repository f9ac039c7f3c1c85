/**
 * Places: the only code that takes or gives back a place in a slot or a day, with the
 * SQL functions it calls (`pieraksts_take_place`, `pieraksts_release_expired_holds`) and
 * `pieraksts_book`, which makes a whole booking in one call and takes its place through
 * `pieraksts_take_place` (prisma/migrations/20261124184500_booking_in_one_call, decision
 * 027). What follows is the rule those functions write.
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
 * availability; the conditional upsert in `pieraksts_take_place` (what `takePlace` and
 * `pieraksts_book` run) is the rule for writing, and places.test.ts checks the two agree
 * on every small case.
 *
 * **Two a day.** A service's `dailyLimit` (e.g. two showers a day at a point) caps the
 * bookings of one local date, counted in `DayCounter` the same way; null means no limit.
 *
 * **Holds** (decision 022). A hold keeps a place while a client fills in the form: it is
 * taken by `takePlace` like a booking and counted in both counters while its `Hold` row
 * exists, so it counts against capacity, the public part and the daily limit exactly as a
 * booking does. Booking with a hold's token moves its place to the booking
 * (`claimHold`, or the same `DELETE` in `pieraksts_book`); releasing one gives it back. An
 * expired hold needs no process to free it: it stops being a place taken at `expiresAt`.
 * Taking a place first gives back the expired holds of the day it takes from
 * (`pieraksts_release_expired_holds`), in its own transaction, so the
 * conditional upsert sees only live places; reading availability subtracts the expired
 * holds still counted (`loadAvailabilitySource`). Counters are always bookings holding a
 * place plus `Hold` rows, expired or not; only a deleted hold row gives its place back.
 */
import type { BookingStatus } from "@pieraksts/contracts";
import type { Prisma } from "@pieraksts/db";
import { holdsPlace } from "@pieraksts/domain";
import { databaseRefusalError } from "../routes/bookings/refusals.ts";
import { newManageToken, sha256 } from "./crypto.ts";

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
 * Takes one place in the slot and, unless `day` is false, one in the day's limit, in one
 * call of `pieraksts_take_place` (which gives back the day's expired holds first).
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
    /** The clock: holds that expired by then are given back first. */
    now: Date;
  },
): Promise<void> {
  // The condition is `placesTaken(...) < capacity for the channel`, said of the row.
  const [row] = await tx.$queryRaw<{ refusal: string | null }[]>`
    SELECT "pieraksts_take_place"(
      ${place.serviceId}::uuid, ${place.startsAt}::timestamptz, ${place.localDate}::date,
      ${place.slot.capacity}::int, ${place.slot.publicCapacity}::int,
      ${place.channel === "PUBLIC"}::boolean, ${place.dailyLimit}::int,
      ${place.day !== false}::boolean, ${place.now}::timestamptz) AS refusal`;
  if (row?.refusal) throw databaseRefusalError(row.refusal);
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

/**
 * Gives back the places of a service's holds on one local date that expired by `now`, and
 * deletes them. Deleting locks each hold row, so a hold is given back once however many
 * transactions find it expired at the same time. Slots are updated in time order and the
 * day last, the order `takePlace` locks them in. One call of
 * `pieraksts_release_expired_holds`, which taking a place also runs.
 */
export async function releaseExpiredHolds(
  tx: Tx,
  day: { serviceId: string; localDate: string; now: Date },
): Promise<number> {
  const [row] = await tx.$queryRaw<{ places: number }[]>`
    SELECT "pieraksts_release_expired_holds"(
      ${day.serviceId}::uuid, ${day.localDate}::date, ${day.now}::timestamptz) AS places`;
  return row?.places ?? 0;
}

/** A whole minute, so that an availability answer reused within its minute stays true. */
export function holdExpiry(now: Date, minutes: number): Date {
  const MINUTE = 60_000;
  return new Date(Math.ceil((now.getTime() + minutes * MINUTE) / MINUTE) * MINUTE);
}

/**
 * Takes a place for `minutes` and records the hold; the token (shown once, stored as its
 * SHA-256) books it. Runs in the caller's transaction, so another feature (a waiting
 * list's offer) may take a hold together with its own changes.
 */
export async function createHold(
  tx: Tx,
  hold: Omit<Parameters<typeof takePlace>[1], "day"> & {
    minutes: number;
    /** The client address that asked, for the cap on holds at once; null for none. */
    address?: string | null;
  },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  await takePlace(tx, hold);
  const token = newManageToken();
  const expiresAt = holdExpiry(hold.now, hold.minutes);
  const row = await tx.hold.create({
    data: {
      tokenHash: sha256(token),
      serviceId: hold.serviceId,
      startsAt: hold.startsAt,
      localDate: new Date(`${hold.localDate}T00:00:00Z`),
      source: hold.channel === "PUBLIC" ? "PUBLIC" : "STAFF",
      address: hold.address ?? null,
      expiresAt,
      createdAt: hold.now,
    },
    select: { id: true },
  });
  return { id: row.id, token, expiresAt };
}

/**
 * Turns a live hold of exactly this place into the booking being made in `tx`: the hold
 * row goes and its place stays taken, now by the booking. False when the token names no
 * live hold of this service, start and channel (unknown, expired, released, another
 * time): the booking then takes a place like any other request.
 */
export async function claimHold(
  tx: Tx,
  claim: { token: string; serviceId: string; startsAt: Date; channel: Channel; now: Date },
): Promise<boolean> {
  const source = claim.channel === "PUBLIC" ? "PUBLIC" : "STAFF";
  const claimed = await tx.$queryRaw<{ id: string }[]>`
    DELETE FROM "Hold"
    WHERE "tokenHash" = ${sha256(claim.token)} AND "serviceId" = ${claim.serviceId}::uuid
      AND "startsAt" = ${claim.startsAt} AND source = ${source}::"BookingSource"
      AND "expiresAt" > ${claim.now}
    RETURNING id::text`;
  return claimed.length > 0;
}

/**
 * Releases a hold by its token (best effort for the client: an unknown token is no
 * error). Its place comes back whether or not it had expired, since it is counted until
 * its row goes. The hold's service when there was one (its place may be offered on).
 */
export async function releaseHold(tx: Tx, token: string): Promise<string | null> {
  const [gone] = await tx.$queryRaw<
    { serviceId: string; startsAt: Date; localDate: Date; source: "PUBLIC" | "STAFF" }[]
  >`
    DELETE FROM "Hold" WHERE "tokenHash" = ${sha256(token)}
    RETURNING "serviceId"::text AS "serviceId", "startsAt", "localDate", source::text AS source`;
  if (!gone) return null;
  await releasePlace(tx, { ...gone, channel: gone.source === "PUBLIC" ? "PUBLIC" : "STAFF" });
  return gone.serviceId;
}
