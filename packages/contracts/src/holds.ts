import { z } from "zod";
import { ZInstant } from "./bookings.ts";
import { ZSlug } from "./catalog.ts";

export const ZCreateHoldRequestSchema = z
  .object({
    servicePoint: ZSlug,
    service: ZSlug,
    start: ZInstant.describe("The start of an offered slot"),
  })
  .meta({ id: "CreateHoldRequest" });
export type CreateHoldRequest = z.input<typeof ZCreateHoldRequestSchema>;

export const ZCreateHoldResponseSchema = z
  .object({
    holdToken: z
      .string()
      .describe(
        "Send as `holdToken` with POST /api/v1/bookings to book the held place; shown once",
      ),
    expiresAt: z
      .string()
      .describe("ISO 8601 with the local offset: the place is kept until then (a whole minute)"),
  })
  .meta({ id: "CreatedHold" });
export type CreateHoldResponse = z.infer<typeof ZCreateHoldResponseSchema>;

export const ZReleaseHoldRequestSchema = z
  .object({ holdToken: z.string().min(1).max(128) })
  .meta({ id: "ReleaseHoldRequest" });
