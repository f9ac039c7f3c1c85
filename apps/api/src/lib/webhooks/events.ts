import { randomBytes } from "node:crypto";
import type {
  WebhookBookingData,
  WebhookEvent,
  WebhookEventData,
  WebhookEventType,
} from "@pieraksts/contracts";
import type { Prisma, PrismaClient } from "@pieraksts/db";
import type { NewMessage } from "../outbox/outbox.ts";

type Tx = Prisma.TransactionClient;

export type { WebhookEventType };

/** A new signing secret in the Standard Webhooks form: "whsec_" and base64 of 32 bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
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
}): WebhookBookingData {
  return {
    reference: row.reference,
    status: row.status.toLowerCase() as WebhookBookingData["status"],
    start: row.startsAt.toISOString(),
    end: row.endsAt.toISOString(),
    servicePoint: row.servicePoint.slug,
    service: row.service.slug,
    source: row.source.toLowerCase() as WebhookBookingData["source"],
    apiKey: row.apiKey ? { name: row.apiKey.name, prefix: row.apiKey.prefix } : null,
  };
}

/**
 * The delivery body `{ type, timestamp, data }` (API.md), of the type the OpenAPI
 * document's `webhooks` section describes (packages/contracts `webhookEventSchemas`).
 */
export function webhookBody<T extends WebhookEventType>(
  type: T,
  data: WebhookEventData<T>,
  now: Date,
): WebhookEvent<T> {
  return { type, timestamp: now.toISOString(), data } as WebhookEvent<T>;
}

/**
 * The deliveries of one event to the organisation's enabled endpoints that want it, as
 * outbox messages to write in the transaction of the change (decided with it).
 */
export async function webhookMessages<T extends WebhookEventType>(
  tx: Tx | PrismaClient,
  organisationId: string,
  type: T,
  data: WebhookEventData<T>,
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
export function webhookMessagesTo<T extends WebhookEventType>(
  endpointIds: readonly string[],
  organisationId: string,
  type: T,
  data: WebhookEventData<T>,
  now: Date,
): NewMessage[] {
  const body = webhookBody(type, data, now);
  return endpointIds.map((id) => ({
    organisationId,
    channel: "WEBHOOK" as const,
    kind: type,
    address: id,
    payload: body as unknown as Prisma.InputJsonValue,
  }));
}
