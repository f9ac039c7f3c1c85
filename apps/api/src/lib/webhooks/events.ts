import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "@pieraksts/db";
import type { NewMessage } from "../outbox/outbox.ts";

type Tx = Prisma.TransactionClient;

import type { WebhookEventType } from "@pieraksts/contracts";

export type { WebhookEventType };

/** A new signing secret in the Standard Webhooks form: "whsec_" and base64 of 32 bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The delivery body: `{ type, timestamp, data }` (API.md). Never a manage token. */
export interface WebhookBody {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/** A booking as webhooks describe it: when and where, never the manage token. */
export function bookingEventData(row: {
  reference: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  source: string;
  servicePoint: { slug: string };
  service: { slug: string };
  apiKey?: { name: string; prefix: string } | null;
}): Record<string, unknown> {
  return {
    reference: row.reference,
    status: row.status.toLowerCase(),
    start: row.startsAt.toISOString(),
    end: row.endsAt.toISOString(),
    servicePoint: row.servicePoint.slug,
    service: row.service.slug,
    source: row.source.toLowerCase(),
    apiKey: row.apiKey ? { name: row.apiKey.name, prefix: row.apiKey.prefix } : null,
  };
}

/**
 * The deliveries of one event to the organisation's enabled endpoints that want it, as
 * outbox messages to write in the transaction of the change (decided with it).
 */
export async function webhookMessages(
  tx: Tx | PrismaClient,
  organisationId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: Date,
): Promise<NewMessage[]> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { organisationId, disabledAt: null, events: { has: type } },
    select: { id: true },
  });
  return webhookMessagesTo(
    endpoints.map((endpoint) => endpoint.id),
    organisationId,
    type,
    data,
    now,
  );
}

/** The deliveries of one event to endpoints already looked up (a booking's one call). */
export function webhookMessagesTo(
  endpointIds: readonly string[],
  organisationId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: Date,
): NewMessage[] {
  const body: WebhookBody = { type, timestamp: now.toISOString(), data };
  return endpointIds.map((id) => ({
    organisationId,
    channel: "WEBHOOK" as const,
    kind: type,
    address: id,
    payload: body as unknown as Prisma.InputJsonValue,
  }));
}
