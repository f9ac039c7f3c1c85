import { z } from "zod";
import { ZBookingStatus } from "./bookings.ts";
import { ZSlug } from "./catalog.ts";

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

/*
 * What a delivery carries: `{ type, timestamp, data }`, one schema per event type. The
 * code that builds the bodies is typed by these schemas and the OpenAPI document's
 * top-level `webhooks` section refers to them, so the two cannot drift. No schema has a
 * manage token or a client's personal data: when and where, never who.
 */

const ZUtcInstant = z.iso
  .datetime()
  .meta({ description: "ISO 8601 in UTC", example: "2027-03-30T05:00:00.000Z" });

export const ZWebhookBookingData = z
  .object({
    reference: z
      .string()
      .meta({ description: "The booking's public reference", example: "K7XR2MPA" }),
    status: ZBookingStatus,
    start: ZUtcInstant,
    end: ZUtcInstant,
    servicePoint: ZSlug.describe("The service point's slug"),
    service: ZSlug.describe("The service's slug"),
    source: z
      .enum(["public", "staff", "walk_in"])
      .describe("public: the public site or an API key; staff: by phone; walk_in: at the desk"),
    apiKey: z
      .object({ name: z.string(), prefix: z.string() })
      .nullable()
      .describe("The API key that made the booking, if one did"),
  })
  .meta({ id: "WebhookBookingData" });
export type WebhookBookingData = z.infer<typeof ZWebhookBookingData>;

export const ZWebhookClosureData = z
  .object({
    id: z.uuid(),
    kind: z.enum(["closure", "holiday"]),
    servicePoint: ZSlug.nullable().describe("null: every point of the organisation"),
    service: ZSlug.nullable().describe("null: every service"),
    start: ZUtcInstant,
    end: ZUtcInstant,
    reason: z.string().describe("The reason staff gave, as they wrote it"),
  })
  .meta({ id: "WebhookClosureData" });
export type WebhookClosureData = z.infer<typeof ZWebhookClosureData>;

function eventSchema<const T extends WebhookEventType, D extends z.ZodType>(
  type: T,
  data: D,
  id: string,
  description: string,
) {
  return z
    .object({
      type: z.literal(type),
      timestamp: ZUtcInstant.describe("When the event happened"),
      data,
    })
    .meta({ id, description });
}

/** Each event type's delivery body; the keys are exactly `webhookEventTypes`. */
export const webhookEventSchemas = {
  "booking.created": eventSchema(
    "booking.created",
    ZWebhookBookingData,
    "BookingCreatedWebhook",
    "A booking was made: on the public site, through an API key, by phone or at the desk",
  ),
  "booking.rescheduled": eventSchema(
    "booking.rescheduled",
    ZWebhookBookingData,
    "BookingRescheduledWebhook",
    "A booking was moved to another time; `start` and `end` are the new ones",
  ),
  "booking.cancelled": eventSchema(
    "booking.cancelled",
    ZWebhookBookingData,
    "BookingCancelledWebhook",
    "A booking was cancelled by the client, staff, an API key or a closure",
  ),
  "booking.checked_in": eventSchema(
    "booking.checked_in",
    ZWebhookBookingData,
    "BookingCheckedInWebhook",
    "The client arrived and was marked at the desk",
  ),
  "booking.no_show": eventSchema(
    "booking.no_show",
    ZWebhookBookingData,
    "BookingNoShowWebhook",
    "The client did not come",
  ),
  "closure.created": eventSchema(
    "closure.created",
    ZWebhookClosureData,
    "ClosureCreatedWebhook",
    "Staff closed a service point, a service or the whole organisation for a time",
  ),
} as const satisfies Record<WebhookEventType, z.ZodType>;

/** The body of a delivery of event `T`. */
export type WebhookEvent<T extends WebhookEventType = WebhookEventType> = {
  [K in T]: z.infer<(typeof webhookEventSchemas)[K]>;
}[T];
/** The `data` of event `T`. */
export type WebhookEventData<T extends WebhookEventType> = WebhookEvent<T>["data"];
