/**
 * Which messages a booking event causes (issue 11; the sending side renders them later).
 * Everything here is decided in the transaction of the change that causes it: the rows
 * commit with the booking or not at all. See docs/decisions/025-message-flows.md.
 *
 * - One row per channel: SMS to the booking's phone, e-mail to its address when given.
 *   Messages go only to what the client gave for this booking.
 * - Nothing for a booking whose client did not agree to messages (`notify` false: staff
 *   booked a walk-in or a caller who said no).
 * - A reminder at the organisation's `reminderTime` on the `reminderDaysBefore`-th working
 *   day before the visit; none when declined, off (0), or when that instant has passed.
 */
import type { Prisma } from "@pieraksts/db";
import { isLatvianPublicHoliday } from "@pieraksts/domain";
import { DateTime } from "luxon";
import type { NewMessage } from "../outbox/outbox.ts";

type Tx = Prisma.TransactionClient;

export type BookingMessageKind = "confirmation" | "reminder" | "rescheduled" | "cancelled" | "link";

export type BookingMessagePayload =
  | Record<string, never>
  | { from: string }
  | { by: "client" | "staff" | "closure"; reason?: string; message?: string };

/** What deciding needs of a booking row. */
export interface MessageBooking {
  id: string;
  organisationId: string;
  language: string;
  clientPhone: string;
  clientEmail: string | null;
  notify: boolean;
}

/** The organisation's reminder setting. */
export interface ReminderSetting {
  timezone: string;
  /** "HH:mm" local time. */
  reminderTime: string;
  /** Working days before the visit; 0: no reminders. */
  reminderDaysBefore: number;
}

/** The rows of one message about a booking: SMS to its phone, e-mail when it has one. */
export function bookingMessages(
  booking: MessageBooking,
  kind: BookingMessageKind,
  payload: BookingMessagePayload = {},
  options: { dueAt?: Date } = {},
): NewMessage[] {
  if (!booking.notify || !booking.clientPhone) return [];
  const base = {
    organisationId: booking.organisationId,
    bookingId: booking.id,
    kind,
    language: booking.language,
    payload: payload as Prisma.InputJsonValue,
    ...(options.dueAt ? { dueAt: options.dueAt } : {}),
  };
  const rows: NewMessage[] = [{ ...base, channel: "SMS", address: booking.clientPhone }];
  if (booking.clientEmail) rows.push({ ...base, channel: "EMAIL", address: booking.clientEmail });
  return rows;
}

/** Not Saturday, Sunday or a Latvian public holiday (the same calendar the slots use). */
export function isWorkingDay(date: DateTime): boolean {
  return date.weekday <= 5 && !isLatvianPublicHoliday(date.toISODate() ?? "");
}

/**
 * When the reminder of a visit starting at `start` goes: `reminderTime` local time on the
 * `reminderDaysBefore`-th working day before the visit's local date (weekends and public
 * holidays are skipped: a Monday visit is reminded on Friday). Null when reminders are off.
 */
export function reminderInstant(start: Date, setting: ReminderSetting): Date | null {
  if (setting.reminderDaysBefore <= 0) return null;
  const match = /^(\d{2}):(\d{2})$/.exec(setting.reminderTime);
  if (!match) return null;
  let day = DateTime.fromJSDate(start, { zone: setting.timezone }).startOf("day");
  for (let found = 0; found < setting.reminderDaysBefore; ) {
    day = day.minus({ days: 1 });
    if (isWorkingDay(day)) found++;
  }
  // Luxon resolves a local time inside a DST gap forward, and an ambiguous one to the
  // earlier offset: 09:00 exists every day in Riga anyway.
  return day.set({ hour: Number(match[1]), minute: Number(match[2]) }).toJSDate();
}

/**
 * The reminder rows for a booking, decided now: none when the client declined, the
 * organisation has reminders off, or the instant is already past (booked too late).
 */
export function reminderMessages(
  booking: MessageBooking & { reminders: boolean; startsAt: Date },
  setting: ReminderSetting,
  now: Date,
): NewMessage[] {
  if (!booking.reminders) return [];
  const dueAt = reminderInstant(booking.startsAt, setting);
  if (!dueAt || dueAt.getTime() <= now.getTime() || dueAt >= booking.startsAt) return [];
  return bookingMessages(booking, "reminder", {}, { dueAt });
}

/**
 * Removes a booking's reminders not yet sent (moved or cancelled: the old one must not
 * go). A row a worker is sending at this instant (leased) is left: the sending side skips
 * a reminder whose booking moved or is no longer active.
 */
export async function dropPendingReminders(tx: Tx, bookingId: string, now: Date): Promise<void> {
  await tx.outboxMessage.deleteMany({
    where: {
      bookingId,
      kind: "reminder",
      sentAt: null,
      OR: [
        { status: "PENDING", OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
        { status: "NOT_CONFIGURED", dueAt: { gt: now } },
      ],
    },
  });
}

/**
 * After an organisation changed its reminder setting: every upcoming active booking's
 * reminder not yet sent is decided again (moved, removed, or, when reminders were off,
 * added). Reminders already sent or being sent stay as they are. Returns how many
 * bookings now have a reminder pending.
 */
export async function recomputeReminders(
  tx: Tx,
  organisationId: string,
  setting: ReminderSetting,
  now: Date,
  enqueue: (tx: Tx, messages: readonly NewMessage[]) => Promise<void>,
): Promise<number> {
  const bookings = await tx.booking.findMany({
    where: {
      servicePoint: { organisationId },
      status: "BOOKED",
      startsAt: { gt: now },
      anonymisedAt: null,
    },
    select: {
      id: true,
      language: true,
      clientPhone: true,
      clientEmail: true,
      notify: true,
      reminders: true,
      startsAt: true,
      messages: {
        where: { kind: "reminder" },
        select: { status: true, sentAt: true, leaseUntil: true, dueAt: true },
      },
    },
  });
  let scheduled = 0;
  for (const booking of bookings) {
    const settled = booking.messages.some(
      (m) =>
        m.sentAt !== null ||
        m.status === "SENT" ||
        m.status === "FAILED" ||
        (m.status === "PENDING" && m.leaseUntil !== null && m.leaseUntil > now) ||
        (m.status === "NOT_CONFIGURED" && m.dueAt <= now),
    );
    if (settled) continue;
    await dropPendingReminders(tx, booking.id, now);
    const rows = reminderMessages({ ...booking, organisationId }, setting, now);
    if (rows.length) {
      await enqueue(tx, rows);
      scheduled++;
    }
  }
  return scheduled;
}
