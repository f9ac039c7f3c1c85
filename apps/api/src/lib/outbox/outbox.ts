/**
 * The outbox: messages to send (e-mails, SMS, webhook deliveries), written in the same
 * transaction as the change that causes them and sent afterwards by the workers of every
 * API process (worker.ts). See docs/decisions/023-outbox.md.
 *
 * - **Decided with the change.** `enqueue` takes the caller's transaction: the booking and
 *   its confirmation commit together or not at all.
 * - **Claimed by one worker at a time.** `claimDue` takes due rows with
 *   `FOR UPDATE SKIP LOCKED` and gives each a lease; another worker takes a row only when
 *   its lease has run out, which is how a message still goes out after a process died
 *   between the claim and the send (at least once, never lost).
 * - **Retried with growing delays**, then `FAILED` with the last answer kept.
 */
import type { OutboxMessage, Prisma } from "@pieraksts/db";

type Tx = Prisma.TransactionClient;

export type OutboxChannel = "EMAIL" | "SMS" | "WEBHOOK";
export type OutboxRow = OutboxMessage;

export interface NewMessage {
  organisationId: string;
  bookingId?: string | null;
  /** An offer to a waiting-list entry (decision 026). */
  waitlistEntryId?: string | null;
  channel: OutboxChannel;
  /** confirmation, reminder, rescheduled, cancelled, … or a webhook event type. */
  kind: string;
  /** E-mail address, E.164 phone, or a webhook endpoint's id. */
  address: string;
  language?: string;
  payload?: Prisma.InputJsonValue;
  /** Not before this instant (a reminder); now when absent. */
  dueAt?: Date;
}

/**
 * Writes messages in the caller's transaction. A channel this process cannot send (no
 * SMTP_URL, no SMS gateway) is recorded as NOT_CONFIGURED, so staff see what would have
 * gone and the one-command start needs nothing set.
 */
export async function enqueue(
  tx: Tx,
  messages: readonly NewMessage[],
  options: { configured: ReadonlySet<OutboxChannel>; now: Date },
): Promise<void> {
  if (messages.length === 0) return;
  await tx.outboxMessage.createMany({ data: outboxRows(messages, options) });
}

/** The rows `enqueue` writes (a booking writes the same rows in its one call, decision 027). */
export function outboxRows(
  messages: readonly NewMessage[],
  options: { configured: ReadonlySet<OutboxChannel>; now: Date },
) {
  return messages.map((message) => ({
    organisationId: message.organisationId,
    bookingId: message.bookingId ?? null,
    waitlistEntryId: message.waitlistEntryId ?? null,
    channel: message.channel,
    kind: message.kind,
    address: message.address,
    language: message.language ?? "lv",
    payload: message.payload ?? {},
    status: options.configured.has(message.channel)
      ? ("PENDING" as const)
      : ("NOT_CONFIGURED" as const),
    dueAt: message.dueAt ?? options.now,
    // The app's clock, like dueAt and the attempts, so the log reads in one time.
    createdAt: options.now,
  }));
}

/**
 * Takes up to `limit` due messages of the given channels for this worker: each gets a
 * lease until `now + leaseSeconds` and one more attempt counted. Rows another worker holds
 * (locked in its claim, or leased) are skipped, never waited for.
 */
export async function claimDue(
  db: Tx,
  options: { channels: readonly OutboxChannel[]; now: Date; leaseSeconds: number; limit: number },
): Promise<OutboxRow[]> {
  if (options.channels.length === 0) return [];
  const leaseUntil = new Date(options.now.getTime() + options.leaseSeconds * 1000);
  const channels = options.channels.join(",");
  return db.$queryRaw<OutboxRow[]>`
    UPDATE "OutboxMessage" SET "leaseUntil" = ${leaseUntil}, attempts = attempts + 1,
      "updatedAt" = ${options.now}
    WHERE id IN (
      SELECT id FROM "OutboxMessage"
      WHERE status = 'PENDING' AND "dueAt" <= ${options.now}
        AND ("leaseUntil" IS NULL OR "leaseUntil" <= ${options.now})
        AND channel::text = ANY(string_to_array(${channels}, ','))
      ORDER BY "dueAt", id
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`;
}

/** What a transport made of one attempt. */
export type SendOutcome =
  /** Accepted by the SMTP server or gateway, or a 2xx from a webhook endpoint. */
  | { status: "sent"; body?: string; answer?: string }
  /** Down, slow, 5xx: try again later (or fail once the delays are used up). */
  | { status: "retry"; error: string; body?: string }
  /** Refused for good (a gateway's 4xx, an address that cannot be): failed at once. */
  | { status: "failed"; error: string; body?: string }
  /** No longer to be sent (a reminder of a booking since cancelled): the row goes. */
  | { status: "skip"; reason: string };

/** Seconds before the 2nd, 3rd, … attempt; after the last delay's attempt, FAILED. */
export const defaultRetryDelays: readonly number[] = [30, 120, 600, 3600, 6 * 3600];

const MAX_ERROR = 2000;

/** Records an attempt's outcome on a claimed row (attempts already counts it). */
export async function recordOutcome(
  db: Tx,
  row: Pick<OutboxRow, "id" | "attempts">,
  outcome: SendOutcome,
  options: { now: Date; retryDelays: readonly number[] },
): Promise<void> {
  const body = "body" in outcome ? outcome.body : undefined;
  switch (outcome.status) {
    case "sent":
      await db.outboxMessage.update({
        where: { id: row.id },
        data: {
          status: "SENT",
          sentAt: options.now,
          leaseUntil: null,
          lastError: outcome.answer?.slice(0, MAX_ERROR) ?? null,
          ...(body === undefined ? {} : { body }),
        },
      });
      return;
    case "skip":
      await db.outboxMessage.deleteMany({ where: { id: row.id } });
      return;
    case "failed":
    case "retry": {
      const delay = outcome.status === "retry" ? options.retryDelays[row.attempts - 1] : undefined;
      await db.outboxMessage.update({
        where: { id: row.id },
        data: {
          status: delay === undefined ? "FAILED" : "PENDING",
          dueAt: delay === undefined ? undefined : new Date(options.now.getTime() + delay * 1000),
          leaseUntil: null,
          lastError: outcome.error.slice(0, MAX_ERROR),
          ...(body === undefined ? {} : { body }),
        },
      });
      return;
    }
  }
}
