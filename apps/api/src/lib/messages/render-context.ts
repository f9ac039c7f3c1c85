/**
 * Loads what a message to a client needs at send time: the booking as it is now, with its
 * point, service and organisation, and the manage token opened from its seal. Decides
 * whether the message is still to be sent (the contract's `skip` rules).
 */
import { type Language, languages, localise } from "@pieraksts/contracts";
import type { PrismaClient } from "@pieraksts/db";
import { bookingInclude } from "../../routes/bookings/service.ts";
import type { OutboxRow } from "../outbox/outbox.ts";
import type { Sealer } from "../sealing.ts";
import type { MessageContext, MessageKind } from "./render.ts";
import { bookUrl, manageUrl, shortUrl, waitlistUrl } from "./render-links.ts";
import { messageKinds } from "./render-templates.ts";

/** What toBooking needs (the .ics), plus the point's phones and organisation's name. */
export const messageBookingInclude = {
  ...bookingInclude,
  servicePoint: {
    select: {
      ...bookingInclude.servicePoint.select,
      phones: true,
      organisation: {
        select: { ...bookingInclude.servicePoint.select.organisation.select, name: true },
      },
    },
  },
} as const;

async function loadBooking(prisma: PrismaClient, id: string) {
  return prisma.booking.findUnique({ where: { id }, include: messageBookingInclude });
}
export type MessageBooking = NonNullable<Awaited<ReturnType<typeof loadBooking>>>;

export type Prepared =
  /** `booking` is null for an offer to a waiting-list entry. */
  | { status: "ready"; context: MessageContext; booking: MessageBooking | null }
  | { status: "skip"; reason: string }
  | { status: "failed"; error: string };

function firstPhone(phones: unknown): string | undefined {
  if (!Array.isArray(phones)) return undefined;
  const phone = phones[0] as { display?: unknown; number?: unknown; tel?: unknown } | undefined;
  const value = phone?.display ?? phone?.number ?? phone?.tel;
  return typeof value === "string" && value ? value : undefined;
}

function payloadOf(row: OutboxRow): Record<string, unknown> {
  return row.payload && typeof row.payload === "object" && !Array.isArray(row.payload)
    ? (row.payload as Record<string, unknown>)
    : {};
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : undefined);

/** The message's booking and words, or why it is no longer to be sent. */
export async function prepareMessage(
  row: OutboxRow,
  deps: { prisma: PrismaClient; sealer: Sealer; publicUrl: string; now: Date },
): Promise<Prepared> {
  const kind = row.kind as MessageKind;
  if (!messageKinds.includes(kind)) return { status: "failed", error: `unknown kind ${row.kind}` };
  if (kind === "offer") return prepareOffer(row, deps);
  if (!row.bookingId) return { status: "failed", error: "the message has no booking" };
  const booking = await loadBooking(deps.prisma, row.bookingId);
  if (!booking) return { status: "skip", reason: "the booking is gone" };
  if (booking.anonymisedAt) return { status: "skip", reason: "the booking is anonymised" };
  const payload = payloadOf(row);
  if (kind === "reminder") {
    if (booking.status !== "BOOKED") return { status: "skip", reason: "the booking is not active" };
    if (!booking.reminders) return { status: "skip", reason: "the client declined reminders" };
    if (booking.startsAt.getTime() <= deps.now.getTime()) {
      return { status: "skip", reason: "the visit has begun" };
    }
    const decidedFor = text(payload.start);
    if (decidedFor && new Date(decidedFor).getTime() !== booking.startsAt.getTime()) {
      return { status: "skip", reason: "the booking moved since the reminder was decided" };
    }
    // A reschedule decides a new reminder: an older one of the same channel stands down.
    const newer = await deps.prisma.outboxMessage.count({
      where: {
        bookingId: booking.id,
        kind: "reminder",
        channel: row.channel,
        createdAt: { gt: row.createdAt },
      },
    });
    if (newer > 0) return { status: "skip", reason: "a newer reminder replaced it" };
  }
  const language = (languages as readonly string[]).includes(row.language)
    ? (row.language as Language)
    : (booking.language as Language);
  const token = booking.manageTokenSealed ? deps.sealer.open(booking.manageTokenSealed) : null;
  const lookup = `${deps.publicUrl.replace(/\/+$/, "")}/${language}/manage`;
  const zone = booking.servicePoint.organisation.timezone;
  const requirements = Array.isArray(booking.service.requirements)
    ? booking.service.requirements
    : [];
  const by = payload.by === "staff" || payload.by === "closure" ? payload.by : "client";
  const from = text(payload.from);
  const context: MessageContext = {
    kind,
    language,
    reference: booking.reference,
    clientName: booking.clientName,
    start: booking.startsAt,
    end: booking.endsAt,
    timezone: zone,
    ...(from && !Number.isNaN(Date.parse(from)) ? { from: new Date(from) } : {}),
    serviceName: localise(booking.service.name, language),
    pointName: localise(booking.servicePoint.name, language),
    address: booking.servicePoint.address,
    phone: firstPhone(booking.servicePoint.phones),
    organisationName: localise(booking.servicePoint.organisation.name, language),
    requirements: requirements.map((r) => localise(r, language)),
    manageUrl: token ? manageUrl(deps.publicUrl, language, booking.reference, token) : lookup,
    shortUrl: token ? shortUrl(deps.publicUrl, booking.reference, token) : lookup,
    bookUrl: bookUrl(deps.publicUrl, language),
    now: deps.now,
    ...(kind === "cancelled"
      ? {
          cancelledBy: by,
          ...(text(payload.reason) ? { reason: text(payload.reason) } : {}),
          ...(text(payload.message) ? { closureMessage: text(payload.message) } : {}),
        }
      : {}),
  };
  return { status: "ready", context, booking };
}

/**
 * An offer to a waiting-list entry: the place held for it, until when, and the link to the
 * entry's page (where the client confirms). Skipped when the offer is no longer open
 * (booked, expired, the entry left or was removed) or is no longer this place.
 */
export async function prepareOffer(
  row: OutboxRow,
  deps: {
    prisma: Pick<PrismaClient, "waitlistEntry">;
    sealer: Sealer;
    publicUrl: string;
    now: Date;
  },
): Promise<Prepared> {
  if (!row.waitlistEntryId) return { status: "failed", error: "the offer has no entry" };
  const entry = await deps.prisma.waitlistEntry.findUnique({
    where: { id: row.waitlistEntryId },
    include: {
      service: { select: { name: true, slotMinutes: true, requirements: true } },
      servicePoint: {
        select: {
          name: true,
          address: true,
          phones: true,
          organisation: { select: { name: true, timezone: true } },
        },
      },
    },
  });
  if (!entry) return { status: "skip", reason: "the entry is gone" };
  if (entry.anonymisedAt) return { status: "skip", reason: "the entry is anonymised" };
  if (entry.status !== "WAITING") return { status: "skip", reason: "the entry is not waiting" };
  const start = text(payloadOf(row).start);
  if (
    !entry.offerStartsAt ||
    !entry.offerExpiresAt ||
    entry.offerExpiresAt.getTime() <= deps.now.getTime() ||
    (start && new Date(start).getTime() !== entry.offerStartsAt.getTime())
  ) {
    return { status: "skip", reason: "the offer is no longer open" };
  }
  const language = (languages as readonly string[]).includes(row.language)
    ? (row.language as Language)
    : (entry.language as Language);
  const token = entry.manageTokenSealed ? deps.sealer.open(entry.manageTokenSealed) : null;
  const lookup = `${deps.publicUrl.replace(/\/+$/, "")}/${language}`;
  const requirements = Array.isArray(entry.service.requirements) ? entry.service.requirements : [];
  const context: MessageContext = {
    kind: "offer",
    language,
    reference: entry.reference,
    clientName: entry.clientName,
    start: entry.offerStartsAt,
    end: new Date(entry.offerStartsAt.getTime() + entry.service.slotMinutes * 60_000),
    timezone: entry.servicePoint.organisation.timezone,
    serviceName: localise(entry.service.name, language),
    pointName: localise(entry.servicePoint.name, language),
    address: entry.servicePoint.address,
    phone: firstPhone(entry.servicePoint.phones),
    organisationName: localise(entry.servicePoint.organisation.name, language),
    requirements: requirements.map((r) => localise(r, language)),
    manageUrl: token ? waitlistUrl(deps.publicUrl, language, entry.reference, token) : lookup,
    shortUrl: token ? shortUrl(deps.publicUrl, entry.reference, token) : lookup,
    bookUrl: bookUrl(deps.publicUrl, language),
    now: deps.now,
    expiresAt: entry.offerExpiresAt,
  };
  return { status: "ready", context, booking: null };
}
