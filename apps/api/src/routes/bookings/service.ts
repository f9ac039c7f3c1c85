import { randomUUID } from "node:crypto";
import {
  AppError,
  type Booking,
  type BookingStatus,
  bookingStatuses,
  type CreateBookingRequest,
  type Language,
  localise,
} from "@pieraksts/contracts";
import type { Prisma, PrismaClient } from "@pieraksts/db";
import {
  canTransition,
  canUndo,
  checkSlot,
  type DeskStatus,
  deskMarksOpen,
  isActive,
  undoOpen,
} from "@pieraksts/domain";
import { DateTime } from "luxon";
import {
  type Audience,
  type AvailabilitySource,
  type BookingSettings,
  loadAvailabilitySource,
} from "../../lib/availability-source.ts";
import {
  newManageToken,
  newReference,
  normaliseReference,
  sha256,
  tokenMatches,
} from "../../lib/crypto.ts";
import type { IdempotencyAnswer } from "../../lib/idempotency.ts";
import {
  bookingMessages,
  dropPendingReminders,
  reminderMessages,
} from "../../lib/messages/decide.ts";
import { type NewMessage, type OutboxChannel, outboxRows } from "../../lib/outbox/outbox.ts";
import { normalisePhone } from "../../lib/phone.ts";
import { channelOf, placesOnStatusChange, releasePlace, takePlace } from "../../lib/places.ts";
import type { Sealer } from "../../lib/sealing.ts";
import {
  AddressLimitError,
  databaseRefusalError,
  databaseRefusals,
  refusalError,
} from "./refusals.ts";

export { AddressLimitError };

/** What a booking's one call answers when the hold it counted on is gone (see create). */
const HOLD_GONE = "HOLD_GONE";

type Tx = Prisma.TransactionClient;
export type BookingEventType =
  | "booking.created"
  | "booking.rescheduled"
  | "booking.cancelled"
  | "booking.checked_in"
  | "booking.no_show";
export type DbStatus =
  | "BOOKED"
  | "CHECKED_IN"
  | "COMPLETED"
  | "NO_SHOW"
  | "CANCELLED_BY_CLIENT"
  | "CANCELLED_BY_STAFF";

export const bookingInclude = {
  service: {
    select: {
      slug: true,
      name: true,
      requirements: true,
      slotMinutes: true,
      dailyLimit: true,
      questions: true,
      eligibility: true,
    },
  },
  servicePoint: {
    select: {
      slug: true,
      name: true,
      address: true,
      phones: true,
      organisationId: true,
      organisation: {
        select: { timezone: true, reminderTime: true, reminderDaysBefore: true },
      },
    },
  },
  apiKey: { select: { name: true, prefix: true } },
  // The reason staff gave for cancelling, shown to the client.
  history: {
    where: { toStatus: "CANCELLED_BY_STAFF" },
    select: { reason: true },
    orderBy: { at: "desc" },
    take: 1,
  },
} as const;
export type BookingRow = Prisma.BookingGetPayload<{ include: typeof bookingInclude }>;

export const transactionOptions = { maxWait: 20_000, timeout: 20_000 };

export function toStatus(status: DbStatus): BookingStatus {
  return status.toLowerCase() as BookingStatus;
}

export function toDbStatus(status: BookingStatus): DbStatus {
  return status.toUpperCase() as DbStatus;
}

/** The local date (YYYY-MM-DD) of an instant in `zone`. */
export function localDateOf(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toISODate() ?? date.toISOString().slice(0, 10);
}

/**
 * The status an undo brings back: the one the last change replaced, if that change was a
 * desk mark (booking-status.ts) and is still the booking's status; else null.
 */
export function undoTarget(
  current: DbStatus | undefined,
  last: { fromStatus: DbStatus | null; toStatus: DbStatus; reason: string | null } | null,
): BookingStatus | null {
  if (!current || !last?.fromStatus || last.toStatus !== current || last.reason === "undo") {
    return null;
  }
  const previous = toStatus(last.fromStatus);
  return canUndo(toStatus(current), previous) ? previous : null;
}

/** An instant as ISO 8601 with the local offset of `zone`. */
export function localIso(date: Date, zone: string): string {
  return (
    DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true }) ?? date.toISOString()
  );
}

export function toBooking(row: BookingRow, language: Language): Booking {
  const zone = row.servicePoint.organisation.timezone;
  const requirements = Array.isArray(row.service.requirements) ? row.service.requirements : [];
  return {
    reference: row.reference,
    status: toStatus(row.status),
    start: localIso(row.startsAt, zone),
    end: localIso(row.endsAt, zone),
    timezone: zone,
    servicePoint: row.servicePoint.slug,
    service: row.service.slug,
    serviceName: localise(row.service.name, language),
    location: {
      name: localise(row.servicePoint.name, language),
      address: row.servicePoint.address,
      phones: (Array.isArray(row.servicePoint.phones) ? row.servicePoint.phones : []).map(
        (value) => {
          const phone = value as { display?: string; tel?: string; label?: unknown };
          return {
            display: String(phone.display ?? ""),
            tel: String(phone.tel ?? ""),
            label: phone.label ? localise(phone.label, language) : null,
          };
        },
      ),
    },
    requirements: requirements.map((text) => localise(text, language)),
    language: row.language as Language,
    client: { name: row.clientName, phone: row.clientPhone, email: row.clientEmail },
    answers: (row.answers ?? {}) as Booking["answers"],
    cancellationReason:
      row.status === "CANCELLED_BY_STAFF" ? (row.history[0]?.reason ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Is the database telling us to try the whole transaction again? */
function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: { code?: string } };
  return (
    e?.code === "P2034" ||
    e?.meta?.code === "40001" ||
    e?.meta?.code === "40P01" ||
    /deadlock detected|could not serialize/i.test(e?.message ?? "")
  );
}

export async function withRetry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}

/**
 * The service and its hours around `start`, with what booking needs of it, in one query;
 * 404 for an unknown point or service. No counters: taking the place decides fullness.
 */
export function loadForStart(
  prisma: PrismaClient,
  target: { servicePoint: string; service: string },
  start: Date,
  audience: Audience,
): Promise<AvailabilitySource & { booking: BookingSettings }> {
  // A day either side covers any offset; the engine then reads the local date.
  const utc = DateTime.fromJSDate(start, { zone: "utc" });
  return loadAvailabilitySource(
    prisma,
    {
      ...target,
      from: utc.minus({ days: 1 }).toISODate() ?? "",
      to: utc.plus({ days: 1 }).toISODate() ?? "",
    },
    audience,
    { counters: false, booking: true },
  );
}

/** Is `start` a slot the engine offers (ignoring how full it is: the counters decide)? */
export function checkStart(
  source: AvailabilitySource,
  start: Date,
  now: Date,
  audience: Audience,
): { localDate: string; end: Date } {
  const check = checkSlot(
    {
      timezone: source.timezone,
      now,
      rules: source.rules,
      schedules: source.schedules,
      closures: source.closures,
      slotBookings: new Map(),
      dayBookings: new Map(),
    },
    start,
  );
  if (!check.ok) throw refusalError(check.reason, { start, now, audience });
  return {
    localDate: check.date,
    end: new Date(start.getTime() + source.rules.slotMinutes * 60_000),
  };
}

function validateAnswers(
  service: Pick<BookingSettings, "questions" | "eligibility">,
  answers: Record<string, string | boolean>,
): Record<string, string | boolean> {
  const questions = (Array.isArray(service.questions) ? service.questions : []) as {
    key: string;
    kind: string;
    required?: boolean;
    options?: { key: string }[];
  }[];
  const categories = (Array.isArray(service.eligibility) ? service.eligibility : []) as {
    key: string;
  }[];
  const errors: { field: string; message: string }[] = [];
  const kept: Record<string, string | boolean> = {};
  for (const question of questions) {
    const value = answers[question.key];
    const field = `body.answers.${question.key}`;
    if (value === undefined || value === "") {
      if (question.required) errors.push({ field, message: "is required" });
      continue;
    }
    if (question.kind === "boolean" && typeof value !== "boolean") {
      errors.push({ field, message: "must be true or false" });
    } else if (question.kind !== "boolean" && typeof value !== "string") {
      errors.push({ field, message: "must be text" });
    } else if (question.kind === "choice" && !question.options?.some((o) => o.key === value)) {
      errors.push({ field, message: "is not one of the choices" });
    } else {
      kept[question.key] = value;
    }
  }
  if (categories.length > 0) {
    const value = answers.eligibility;
    if (typeof value !== "string" || !categories.some((category) => category.key === value)) {
      errors.push({
        field: "body.answers.eligibility",
        message: `must be one of: ${categories.map((category) => category.key).join(", ")}`,
      });
    } else {
      kept.eligibility = value;
    }
  }
  const known = new Set([
    ...questions.map((q) => q.key),
    ...(categories.length ? ["eligibility"] : []),
  ]);
  for (const key of Object.keys(answers)) {
    if (!known.has(key))
      errors.push({ field: `body.answers.${key}`, message: "is not a question of this service" });
  }
  if (errors.length)
    throw new AppError("VALIDATION_FAILED", "Some answers are missing or not valid.", errors);
  return kept;
}

const activeStatuses = bookingStatuses.filter(isActive).map(toDbStatus);

/**
 * One active public booking per phone, service and local day (decision 018): a client who
 * goes Back after booking and confirms again is told of the booking they have, not booked
 * twice. Under the same advisory lock as the per-phone cap, so two identical requests at
 * once are decided one after the other, across processes. Staff may book a caller's family
 * member with the same phone, so their bookings are not refused (but are counted).
 */
async function refuseSecondBookingThatDay(
  tx: Tx,
  options: { serviceId: string; phone: string; localDate: string; now: Date; except?: string },
): Promise<void> {
  const existing = await tx.booking.count({
    where: {
      serviceId: options.serviceId,
      clientPhone: options.phone,
      localDate: new Date(`${options.localDate}T00:00:00Z`),
      status: { in: activeStatuses },
      endsAt: { gt: options.now },
      ...(options.except ? { id: { not: options.except } } : {}),
    },
  });
  if (existing > 0) throw databaseRefusals.ALREADY_BOOKED_THAT_DAY();
}

function lockPhone(tx: Tx, serviceId: string, phone: string) {
  return tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`phone:${serviceId}:${phone}`}))`;
}

/** Public bookings one client address may make of one service (decision 010). */
export interface AddressLimits {
  /** A service whose daily limit is at most this is scarce and gets the scarce limits. */
  scarceDailyLimit: number;
  ordinary: { perDay: number; perWeek: number };
  scarce: { perDay: number; perWeek: number };
}

const DAY_MS = 24 * 60 * 60_000;

/** The windows one booking of a service counts against an address in (decision 010). */
export function addressWindows(options: {
  serviceId: string;
  address: string;
  perDay: number;
  perWeek: number;
}): { key: string; limit: number; seconds: number }[] {
  return [
    { name: "day", limit: options.perDay, ms: DAY_MS },
    { name: "week", limit: options.perWeek, ms: 7 * DAY_MS },
  ].map((window) => ({
    key: `address-${window.name}:${options.serviceId}:${options.address}`,
    limit: window.limit,
    seconds: window.ms / 1000,
  }));
}

/**
 * Counts one booking against the address in a day and a week window, in the booking's
 * transaction: a booking refused later (full, limit reached) rolls its count back, so
 * only bookings made use up the allowance. The upsert (`pieraksts_count_against_address`,
 * which a booking's one call runs too) locks the bucket row, so a burst from one address
 * is counted one at a time, across processes.
 */
export async function countAgainstAddress(
  tx: Tx,
  options: { serviceId: string; address: string; perDay: number; perWeek: number },
): Promise<void> {
  for (const window of addressWindows(options)) {
    const [row] = await tx.$queryRaw<{ retryAfter: number }[]>`
      SELECT "pieraksts_count_against_address"(
        ${window.key}, ${window.limit}::int, ${window.seconds}::float8) AS "retryAfter"`;
    if (row && row.retryAfter > 0) throw new AddressLimitError(row.retryAfter);
  }
}

/** The allowance per address for a service: its own settings, else the default for its kind. */
export function addressAllowance(
  service: {
    dailyLimit: number | null;
    maxBookingsPerAddressPerDay: number | null;
    maxBookingsPerAddressPerWeek: number | null;
  },
  limits: AddressLimits,
): { perDay: number; perWeek: number } {
  const scarce = service.dailyLimit !== null && service.dailyLimit <= limits.scarceDailyLimit;
  const defaults = scarce ? limits.scarce : limits.ordinary;
  return {
    perDay: service.maxBookingsPerAddressPerDay ?? defaults.perDay,
    perWeek: service.maxBookingsPerAddressPerWeek ?? defaults.perWeek,
  };
}

/** Where booking events write their messages (the app's outbox). */
export interface BookingOutbox {
  enqueue(tx: Tx, messages: readonly NewMessage[]): Promise<void>;
  /** The channels this process can send; the others are written as NOT_CONFIGURED. */
  configured: ReadonlySet<OutboxChannel>;
  /** After the commit: send now rather than at the next poll. */
  nudge(): void;
}

/** The messages of a booking event, with the booking's reminder decided again. */
function messagesFor(
  row: BookingRow,
  event:
    | { kind: "created"; now: Date }
    | { kind: "rescheduled"; now: Date; from: Date }
    | {
        kind: "cancelled";
        by: "client" | "staff" | "closure";
        reason?: string;
        message?: string;
      },
): NewMessage[] {
  const booking = { ...row, organisationId: row.servicePoint.organisationId };
  const setting = row.servicePoint.organisation;
  switch (event.kind) {
    case "created":
      return [
        ...bookingMessages(booking, "confirmation"),
        ...reminderMessages(booking, setting, event.now),
      ];
    case "rescheduled":
      return [
        ...bookingMessages(booking, "rescheduled", { from: event.from.toISOString() }),
        ...reminderMessages(booking, setting, event.now),
      ];
    case "cancelled":
      return bookingMessages(booking, "cancelled", {
        by: event.by,
        ...(event.reason ? { reason: event.reason } : {}),
        ...(event.message ? { message: event.message } : {}),
      });
  }
}

/**
 * A booking cancelled in the caller's transaction (by staff, a closure): its reminders
 * not yet sent go and the notice is decided with it.
 */
export async function cancellationMessages(
  tx: Tx,
  outbox: BookingOutbox | undefined,
  row: BookingRow,
  event: { now: Date; by: "client" | "staff" | "closure"; reason?: string; message?: string },
): Promise<void> {
  if (!outbox) return;
  await dropPendingReminders(tx, row.id, event.now);
  await outbox.enqueue(tx, messagesFor(row, { kind: "cancelled", ...event }));
}

export function bookingService(
  prisma: PrismaClient,
  options: {
    addressLimits?: AddressLimits;
    /** Seals the manage token so that later messages can carry the link (decision 023). */
    sealer?: Sealer;
    /** Writes an event's webhook deliveries in the change's transaction. */
    onEvent?: (tx: Tx, type: BookingEventType, row: BookingRow) => Promise<void>;
    /** Decides the messages of each change in its transaction (issue 11). */
    outbox?: BookingOutbox;
    /**
     * An event's webhook deliveries to endpoints already looked up: a new booking writes
     * them in its one call (decision 027) instead of through `onEvent`.
     */
    webhookDeliveries?: (
      endpointIds: readonly string[],
      type: BookingEventType,
      row: BookingRow,
    ) => NewMessage[];
    /**
     * After a cancellation or a move away committed: the freed place goes to the
     * service's waiting list (decision 026). Never throws.
     */
    onPlacesFreed?: (serviceId: string) => Promise<void>;
  } = {},
) {
  const { addressLimits, sealer, outbox, webhookDeliveries } = options;
  const placesFreed = options.onPlacesFreed ?? (async () => {});
  const emit = options.onEvent ?? (async () => {});
  return {
    async create(
      request: CreateBookingRequest,
      context: {
        language: Language;
        now: Date;
        /** PUBLIC: the public site and API; STAFF: a phone booking; WALK_IN: at the desk. */
        source?: Audience;
        staffUserId?: string;
        /** The client's address: public bookings count against it (when limits are on). */
        address?: string;
        /** The API key a third party books with (it counts instead of the address). */
        apiKey?: { id: string; name: string; prefix: string };
        /**
         * May the client be sent messages about it? Always for public bookings; for staff
         * bookings only when the client agreed (decision 025).
         */
        notify?: boolean;
        /**
         * The Idempotency-Key's answer for the booking, stored by the booking's own call:
         * both commit or neither (decision 009).
         */
        answer?: (row: BookingRow, manageToken: string) => IdempotencyAnswer;
      },
    ): Promise<{ row: BookingRow; manageToken: string }> {
      const audience = context.source ?? "PUBLIC";
      const start = new Date(request.start);
      const phone = normalisePhone(request.client.phone);
      // An unknown point or service is a 404 before any answer is looked at.
      const source = await loadForStart(prisma, request, start, audience);
      const service = source.booking;
      const answers = validateAnswers(service, request.answers ?? {});
      // A live hold of this start promised it when it was taken: the notice counts from
      // then, so a client who filled in the form slowly is not refused as too late.
      const hold = request.holdToken
        ? await prisma.hold.findUnique({
            where: { tokenHash: sha256(request.holdToken) },
            select: { startsAt: true, expiresAt: true, createdAt: true },
          })
        : null;
      const heldSince =
        hold &&
        hold.startsAt.getTime() === start.getTime() &&
        hold.expiresAt.getTime() > context.now.getTime() &&
        start.getTime() > context.now.getTime()
          ? hold.createdAt
          : null;
      const { localDate, end } = checkStart(source, start, heldSince ?? context.now, audience);
      // Should the hold be gone by the time the booking is made (expired, released), the
      // time must be bookable now: the answer for that case, decided here.
      let unlessHeld: Error | null = null;
      if (heldSince) {
        try {
          checkStart(source, start, context.now, audience);
        } catch (error) {
          unlessHeld = error as Error;
        }
      }
      const manageToken = newManageToken();
      const channel = channelOf(audience);
      const createdAt = new Date();
      const apiKey = context.apiKey ?? null;
      // The row as the booking's one call writes it, with what it includes: the messages,
      // webhook deliveries and stored answer are decided from it before the call.
      const rowFor = (reference: string): BookingRow => ({
        id: randomUUID(),
        reference,
        manageTokenHash: sha256(manageToken),
        manageTokenSealed: sealer?.seal(manageToken) ?? null,
        reminders: request.reminders ?? true,
        notify: context.notify ?? true,
        servicePointId: source.servicePointId,
        serviceId: source.serviceId,
        startsAt: start,
        endsAt: end,
        localDate: new Date(`${localDate}T00:00:00Z`),
        status: "BOOKED",
        source: audience,
        language: request.language ?? context.language,
        clientName: request.client.name,
        clientPhone: phone,
        clientEmail: request.client.email ?? null,
        answers,
        createdAt,
        updatedAt: createdAt,
        anonymisedAt: null,
        apiKeyId: apiKey?.id ?? null,
        service: service.row.service,
        servicePoint: service.row.servicePoint,
        apiKey: apiKey ? { name: apiKey.name, prefix: apiKey.prefix } : null,
        history: [],
      });
      const capped = Boolean(service.maxActivePerPhone) && audience !== "WALK_IN";
      const countsAgainstAddress = Boolean(
        addressLimits && context.address && audience === "PUBLIC",
      );

      for (let attempt = 0; ; attempt++) {
        const row = rowFor(newReference());
        const messages = [
          ...(webhookDeliveries?.(service.createdWebhooks, "booking.created", row) ?? []),
          ...(outbox ? messagesFor(row, { kind: "created", now: context.now }) : []),
        ];
        const call = {
          serviceId: source.serviceId,
          servicePointId: source.servicePointId,
          startsAt: start.toISOString(),
          endsAt: end.toISOString(),
          localDate,
          at: context.now.toISOString(),
          channel,
          capacity: source.capacity,
          publicCapacity: source.publicCapacity,
          dailyLimit: source.rules.dailyLimit,
          phone,
          // Public bookings and capped ones are decided under the phone's lock.
          lockPhone: capped || audience === "PUBLIC",
          // One public booking a day (decision 018); someone standing at the desk is seen
          // whatever they have booked elsewhere (no cap for a walk-in).
          oneADay: audience === "PUBLIC",
          maxActive: capped ? service.maxActivePerPhone : null,
          activeStatuses,
          holdTokenHash: request.holdToken ? sha256(request.holdToken) : null,
          refuseUnlessHeld: unlessHeld ? HOLD_GONE : null,
          // A held place was counted against its address when it was taken.
          addressWindows:
            countsAgainstAddress && addressLimits && context.address
              ? addressWindows({
                  serviceId: source.serviceId,
                  address: context.address,
                  ...addressAllowance(service, addressLimits),
                })
              : [],
          booking: {
            id: row.id,
            reference: row.reference,
            manageTokenHash: row.manageTokenHash,
            manageTokenSealed: row.manageTokenSealed,
            reminders: row.reminders,
            notify: row.notify,
            source: row.source,
            language: row.language,
            clientName: row.clientName,
            clientEmail: row.clientEmail,
            answers: row.answers,
            createdAt: createdAt.toISOString(),
            apiKeyId: row.apiKeyId,
          },
          staffUserId: context.staffUserId ?? null,
          messages: outboxRows(
            messages.map((message) => ({ ...message, bookingId: row.id })),
            { configured: outbox?.configured ?? new Set(), now: context.now },
          ),
          answer: context.answer?.(row, manageToken) ?? null,
        };
        const [result] = await withRetry(
          () =>
            prisma.$queryRaw<{ result: { held?: boolean; refused?: string; detail?: string } }[]>`
            SELECT "pieraksts_book"(${JSON.stringify(call)}::jsonb) AS result`,
        );
        const refused = result?.result.refused;
        if (refused === "REFERENCE_TAKEN" && attempt < 5) continue;
        if (refused === HOLD_GONE && unlessHeld) throw unlessHeld;
        if (refused) throw databaseRefusalError(refused, result?.result.detail ?? null);
        if (!result) throw new Error("The booking's call returned nothing.");
        outbox?.nudge();
        return { row, manageToken };
      }
    },

    /** The booking a reference names (case and dash optional), or null. */
    async findByReference(reference: string): Promise<BookingRow | null> {
      const canonical = normaliseReference(reference);
      return canonical
        ? prisma.booking.findUnique({ where: { reference: canonical }, include: bookingInclude })
        : null;
    },

    /** The booking if reference and token match; otherwise one 404 for both. */
    async findForClient(reference: string, token: string | undefined): Promise<BookingRow> {
      const row = await this.findByReference(reference);
      if (!row || !token || !tokenMatches(token, row.manageTokenHash) || row.anonymisedAt) {
        throw new AppError("BOOKING_NOT_FOUND", "No booking matches this reference and token.");
      }
      return row;
    },

    async cancel(
      row: BookingRow,
      context: { now: Date; by: "CLIENT" | "STAFF"; staffUserId?: string; reason?: string },
    ) {
      const done = await withRetry(() =>
        prisma.$transaction(async (tx) => {
          const [current] = await tx.$queryRaw<{ status: DbStatus }[]>`
            SELECT status FROM "Booking" WHERE id = ${row.id}::uuid FOR UPDATE`;
          if (
            current?.status === "CANCELLED_BY_CLIENT" ||
            current?.status === "CANCELLED_BY_STAFF"
          ) {
            return tx.booking.findUniqueOrThrow({ where: { id: row.id }, include: bookingInclude });
          }
          const cancelled: DbStatus =
            context.by === "CLIENT" ? "CANCELLED_BY_CLIENT" : "CANCELLED_BY_STAFF";
          if (!current || !canTransition(toStatus(current.status), toStatus(cancelled))) {
            throw new AppError("BOOKING_NOT_ACTIVE", "This booking can no longer be cancelled.");
          }
          if (row.startsAt.getTime() <= context.now.getTime()) {
            throw new AppError("IN_THE_PAST", "This booking's time has passed.");
          }
          await placesOnStatusChange(tx, row, toStatus(current.status), toStatus(cancelled));
          const updated = await tx.booking.update({
            where: { id: row.id },
            data: {
              status: cancelled,
              history: {
                create: {
                  fromStatus: current.status,
                  toStatus: cancelled,
                  staffUserId: context.staffUserId ?? null,
                  reason: context.reason ?? null,
                },
              },
            },
            include: bookingInclude,
          });
          await emit(tx, "booking.cancelled", updated);
          await cancellationMessages(tx, outbox, updated, {
            now: context.now,
            by: context.by === "CLIENT" ? "client" : "staff",
            reason: context.reason,
          });
          return updated;
        }, transactionOptions),
      );
      outbox?.nudge();
      await placesFreed(row.serviceId);
      return done;
    },

    /** A change at the desk: arrived, seen or did not come (booking-status.ts says when). */
    async setStatus(row: BookingRow, to: DeskStatus, context: { staffUserId: string; now: Date }) {
      const today = localDateOf(context.now, row.servicePoint.organisation.timezone);
      if (!deskMarksOpen(row.localDate.toISOString().slice(0, 10), today)) {
        throw new AppError(
          "BOOKING_DAY_NOT_REACHED",
          "A booking is marked arrived, seen or not come on its day or later, not before.",
        );
      }
      return prisma.$transaction(async (tx) => {
        const [current] = await tx.$queryRaw<{ status: DbStatus }[]>`
          SELECT status FROM "Booking" WHERE id = ${row.id}::uuid FOR UPDATE`;
        const from = current ? toStatus(current.status) : undefined;
        if (!current || !from || !canTransition(from, to)) {
          throw new AppError("CONFLICT", `A booking that is ${from} cannot become ${to}.`);
        }
        await placesOnStatusChange(tx, row, from, to);
        const updated = await tx.booking.update({
          where: { id: row.id },
          data: {
            status: toDbStatus(to),
            history: {
              create: {
                fromStatus: current.status,
                toStatus: toDbStatus(to),
                staffUserId: context.staffUserId,
              },
            },
          },
          include: bookingInclude,
        });
        if (to === "checked_in") await emit(tx, "booking.checked_in", updated);
        if (to === "no_show") await emit(tx, "booking.no_show", updated);
        return updated;
      }, transactionOptions);
    },

    /**
     * Takes back the last desk mark (a mis-tap), on the booking's day only: the booking
     * returns to the status the mark replaced, and the history records the undo.
     */
    async undoStatus(row: BookingRow, context: { staffUserId: string; now: Date }) {
      const today = localDateOf(context.now, row.servicePoint.organisation.timezone);
      if (!undoOpen(row.localDate.toISOString().slice(0, 10), today)) {
        throw new AppError(
          "UNDO_NOT_POSSIBLE",
          "A desk mark can be taken back only on the booking's day.",
        );
      }
      return prisma.$transaction(async (tx) => {
        const [current] = await tx.$queryRaw<{ status: DbStatus }[]>`
          SELECT status FROM "Booking" WHERE id = ${row.id}::uuid FOR UPDATE`;
        const last = await tx.bookingStatusChange.findFirst({
          where: { bookingId: row.id },
          orderBy: { at: "desc" },
        });
        const undone = undoTarget(current?.status, last);
        if (!current || !undone) {
          throw new AppError("UNDO_NOT_POSSIBLE", "The booking has no desk mark to take back.");
        }
        return tx.booking.update({
          where: { id: row.id },
          data: {
            status: toDbStatus(undone),
            history: {
              create: {
                fromStatus: current.status,
                toStatus: toDbStatus(undone),
                staffUserId: context.staffUserId,
                reason: "undo",
              },
            },
          },
        });
      }, transactionOptions);
    },

    /** Atomic: the new place is taken before the old one is released. */
    async reschedule(row: BookingRow, newStart: Date, context: { now: Date }) {
      const target = { servicePoint: row.servicePoint.slug, service: row.service.slug };
      // A booking keeps its channel: one made by staff may move within staff places.
      const channel = channelOf(row.source);
      const source = await loadForStart(prisma, target, newStart, channel);
      const { localDate, end } = checkStart(source, newStart, context.now, channel);
      const done = await withRetry(() =>
        prisma.$transaction(async (tx) => {
          const [current] = await tx.$queryRaw<
            { status: DbStatus; startsAt: Date; localDate: string }[]
          >`
            SELECT status, "startsAt", "localDate"::text AS "localDate" FROM "Booking"
            WHERE id = ${row.id}::uuid FOR UPDATE`;
          if (current?.status !== "BOOKED") {
            throw new AppError("BOOKING_NOT_ACTIVE", "This booking can no longer be changed.");
          }
          if (current.startsAt.getTime() <= context.now.getTime()) {
            throw new AppError("IN_THE_PAST", "This booking's time has passed.");
          }
          if (current.startsAt.getTime() === newStart.getTime()) {
            return tx.booking.findUniqueOrThrow({ where: { id: row.id }, include: bookingInclude });
          }
          // Within its day the booking keeps its place in the day's limit.
          const day = current.localDate !== localDate;
          if (day && row.source === "PUBLIC") {
            await lockPhone(tx, row.serviceId, row.clientPhone);
            await refuseSecondBookingThatDay(tx, {
              serviceId: row.serviceId,
              phone: row.clientPhone,
              localDate,
              now: context.now,
              except: row.id,
            });
          }
          // Take the new slot (and, on another day, a place in that day's limit) first.
          await takePlace(tx, {
            serviceId: source.serviceId,
            startsAt: newStart,
            localDate,
            slot: source,
            channel,
            dailyLimit: source.rules.dailyLimit,
            day,
            now: context.now,
          });
          await releasePlace(tx, {
            serviceId: row.serviceId,
            startsAt: current.startsAt,
            localDate: row.localDate,
            channel,
            day,
          });
          const moved = await tx.booking.update({
            where: { id: row.id },
            data: {
              startsAt: newStart,
              endsAt: end,
              localDate: new Date(`${localDate}T00:00:00Z`),
              history: {
                create: {
                  fromStatus: "BOOKED",
                  toStatus: "BOOKED",
                  reason: "rescheduled",
                  details: { from: current.startsAt.toISOString(), to: newStart.toISOString() },
                },
              },
            },
            include: bookingInclude,
          });
          await emit(tx, "booking.rescheduled", moved);
          if (outbox) {
            await dropPendingReminders(tx, row.id, context.now);
            await outbox.enqueue(
              tx,
              messagesFor(moved, { kind: "rescheduled", now: context.now, from: current.startsAt }),
            );
          }
          return moved;
        }, transactionOptions),
      );
      outbox?.nudge();
      await placesFreed(row.serviceId);
      return done;
    },
  };
}
