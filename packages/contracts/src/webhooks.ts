import { z } from "zod";

/** Webhooks: signed deliveries of events to a third party's endpoint (Standard Webhooks). */

export const webhookEventTypes = [
  "booking.created",
  "booking.rescheduled",
  "booking.cancelled",
  "booking.checked_in",
  "booking.no_show",
  "closure.created",
] as const;
export const ZWebhookEventType = z.enum(webhookEventTypes).meta({ id: "WebhookEventType" });
export type WebhookEventType = z.infer<typeof ZWebhookEventType>;

export const ZCreateWebhookRequestSchema = z
  .object({
    url: z
      .string()
      .max(2000)
      .describe(
        "https, resolving only to public addresses (unless the server allows private ones)",
      ),
    events: z.array(ZWebhookEventType).min(1).max(webhookEventTypes.length),
  })
  .meta({ id: "CreateWebhookRequest" });
export type CreateWebhookRequest = z.input<typeof ZCreateWebhookRequestSchema>;

export const ZWebhook = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(ZWebhookEventType),
    createdAt: z.string(),
    previousSecretUntil: z
      .string()
      .nullable()
      .describe("During a rotation, the old secret also signs until then"),
    disabledAt: z.string().nullable(),
    disabledReason: z.string().nullable().describe("Why deliveries stopped"),
  })
  .meta({ id: "Webhook" });
export type Webhook = z.infer<typeof ZWebhook>;

export const ZCreateWebhookResponseSchema = ZWebhook.extend({
  secret: z
    .string()
    .describe("whsec_…: verify signatures with it (Standard Webhooks); shown only here"),
}).meta({ id: "CreatedWebhook" });
export type CreateWebhookResponse = z.infer<typeof ZCreateWebhookResponseSchema>;

export const ZListWebhooksResponseSchema = z.array(ZWebhook);

export const ZWebhookParams = z.object({ id: z.uuid() });
export const ZWebhookDeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });

export const ZWebhookDelivery = z
  .object({
    id: z.uuid().describe("The webhook-id header: the same on every retry"),
    type: z.string(),
    status: z.enum(["pending", "sent", "failed"]),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    body: z.unknown().describe("What is sent: { type, timestamp, data }"),
    log: z.array(
      z.object({
        at: z.string(),
        status: z.number().int().nullable().describe("The HTTP status; null: no answer"),
        answer: z.string(),
        durationMs: z.number().int(),
      }),
    ),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof ZWebhookDelivery>;

export const ZListWebhookDeliveriesResponseSchema = z.array(ZWebhookDelivery);
