import { type WebhookEventType, webhookEventSchemas } from "@pieraksts/contracts";
import { z } from "zod";

/** The Standard Webhooks headers of every delivery (standardwebhooks.com). */
const headers = [
  {
    name: "webhook-id",
    in: "header",
    required: true,
    description:
      "The delivery's id, the same on every retry and redelivery: keep the ids you have " +
      "handled and answer 2xx to a repeat without acting on it again",
    schema: { type: "string", format: "uuid" },
  },
  {
    name: "webhook-timestamp",
    in: "header",
    required: true,
    description:
      "When this attempt was signed, in seconds since 1970 (the sender's wall clock); " +
      "refuse one too far from yours to stop replays",
    schema: { type: "string", pattern: "^[0-9]+$" },
  },
  {
    name: "webhook-signature",
    in: "header",
    required: true,
    description:
      'Space-separated "v1,<base64 HMAC-SHA256 of {webhook-id}.{webhook-timestamp}.{body}>", ' +
      "keyed with the endpoint's secret after its whsec_ prefix, base64-decoded. During the " +
      "24 hours after a rotation there are two: the new secret's and the old one's; one " +
      "that verifies is enough",
    schema: { type: "string", pattern: "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$" },
  },
] as const;

/** One event's operation: its body is the event's component, by the zod schema's id. */
function operation(type: WebhookEventType, id: string, summary: string | undefined) {
  return {
    tags: ["Webhooks"],
    summary,
    description:
      "Sent to every enabled endpoint of the organisation that asked for this event, as " +
      "`application/json`. Verify the signature on the raw body before parsing it.",
    // booking.checked_in → bookingCheckedIn
    operationId: type.replace(/[._]([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    parameters: [...headers],
    requestBody: {
      required: true,
      content: { "application/json": { schema: { $ref: `#/components/schemas/${id}` } } },
    },
    responses: {
      "2XX": {
        description:
          "Delivered. Any other answer, a redirect or no answer within WEBHOOK_TIMEOUT_MS " +
          "is retried after 1 min, 5 min, 30 min, 1 h, 3 h, 6 h, 12 h and 12 h; after the " +
          "last failure the endpoint is disabled",
      },
    },
  };
}

/**
 * The OpenAPI 3.1 top-level `webhooks`: one `post` per event type, its body the event's
 * schema from packages/contracts (a component the zod transform writes from its id).
 */
export function webhookPathItems(): Record<
  WebhookEventType,
  { post: ReturnType<typeof operation> }
> {
  const items = {} as Record<WebhookEventType, { post: ReturnType<typeof operation> }>;
  for (const type of Object.keys(webhookEventSchemas) as WebhookEventType[]) {
    const meta = z.globalRegistry.get(webhookEventSchemas[type]);
    if (!meta?.id) throw new Error(`The ${type} webhook schema has no id`);
    items[type] = { post: operation(type, meta.id, meta.description) };
  }
  return items;
}
