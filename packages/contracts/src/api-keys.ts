import { z } from "zod";
import { ZLocalDate } from "./availability.ts";
import { ZSlug } from "./catalog.ts";
import { ZStaffBooking } from "./staff.ts";
import { plainLine } from "./text.ts";

/** Third parties: API keys an administrator gives out, each with its scopes. */

export const apiKeyScopes = ["bookings:write", "bookings:read"] as const;
export const ZApiKeyScope = z
  .enum(apiKeyScopes)
  .describe(
    "bookings:write: book for a client and read, reschedule and cancel the bookings this " +
      "key made, by reference, without their manage token; bookings:read: read the " +
      "organisation's bookings and day lists (every read is in the audit log)",
  )
  .meta({ id: "ApiKeyScope" });
export type ApiKeyScope = z.infer<typeof ZApiKeyScope>;

export const ZCreateApiKeyRequestSchema = z
  .object({
    name: plainLine(1, 100).describe("Who holds the key, e.g. the contact centre's system"),
    scopes: z.array(ZApiKeyScope).min(1).max(apiKeyScopes.length),
    requestsPerMinute: z
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe(
        "The key's own rate limit, at most the server's maximum (GET /api/v1/staff/api-keys/limits); " +
          "left out: the server's default for every key",
      ),
  })
  .meta({ id: "CreateApiKeyRequest" });
export type CreateApiKeyRequest = z.input<typeof ZCreateApiKeyRequestSchema>;

export const ZApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(ZApiKeyScope),
    prefix: z.string().describe("The key's first characters, to tell keys apart"),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().describe("To the minute: not written on every request"),
    revokedAt: z.string().nullable(),
    requestsPerMinute: z
      .number()
      .int()
      .describe("The requests per minute this key may make now (its own, or the default)"),
    ownRequestsPerMinute: z
      .boolean()
      .describe("true: the key has a limit of its own; false: the server's default applies"),
  })
  .meta({ id: "ApiKey" });
export type ApiKey = z.infer<typeof ZApiKey>;

export const ZCreateApiKeyResponseSchema = ZApiKey.extend({
  key: z.string().describe("Send as the X-API-Key header; shown only in this answer"),
}).meta({ id: "CreatedApiKey" });
export type CreateApiKeyResponse = z.infer<typeof ZCreateApiKeyResponseSchema>;

export const ZListApiKeysResponseSchema = z.array(ZApiKey);
export type ListApiKeysResponse = z.infer<typeof ZListApiKeysResponseSchema>;

export const ZApiKeyParams = z.object({ id: z.uuid() });

export const ZApiKeyLimitsResponseSchema = z
  .object({
    defaultRequestsPerMinute: z
      .number()
      .int()
      .describe("What a key without a limit of its own may make (API_KEY_REQUESTS_PER_MINUTE)"),
    maxRequestsPerMinute: z
      .number()
      .int()
      .describe("The most a key's own limit may be (API_KEY_MAX_REQUESTS_PER_MINUTE)"),
  })
  .meta({ id: "ApiKeyLimits" });
export type ApiKeyLimitsResponse = z.infer<typeof ZApiKeyLimitsResponseSchema>;

/** A key's day list: `bookings:read`. */
export const ZListBookingsRequestSchema = z.object({
  servicePoint: ZSlug,
  date: ZLocalDate,
});
export type ListBookingsRequest = z.input<typeof ZListBookingsRequestSchema>;

export const ZListBookingsResponseSchema = z
  .object({
    servicePoint: ZSlug,
    date: z.string(),
    timezone: z.string(),
    bookings: z.array(ZStaffBooking),
  })
  .meta({ id: "BookingDayList" });
export type ListBookingsResponse = z.infer<typeof ZListBookingsResponseSchema>;
