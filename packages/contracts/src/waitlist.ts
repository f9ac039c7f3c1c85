import { z } from "zod";
import { ZLocalDate } from "./availability.ts";
import { ZClient, ZReference } from "./bookings.ts";
import { ZSlug } from "./catalog.ts";
import { ZLanguage } from "./i18n.ts";

export const waitlistStatuses = ["waiting", "booked", "cancelled", "removed"] as const;
export const ZWaitlistStatus = z.enum(waitlistStatuses).meta({ id: "WaitlistStatus" });
export type WaitlistStatus = z.infer<typeof ZWaitlistStatus>;

export const ZJoinWaitlistRequestSchema = z
  .object({
    servicePoint: ZSlug,
    service: ZSlug,
    from: ZLocalDate.describe("The first local date the client could come"),
    to: ZLocalDate.describe("The last local date the client could come (inclusive)"),
    client: ZClient,
    language: ZLanguage.describe("For the offer messages"),
  })
  .refine((body) => body.from <= body.to, { path: ["to"], message: "must not be before from" })
  .meta({ id: "JoinWaitlistRequest" });
export type JoinWaitlistRequest = z.input<typeof ZJoinWaitlistRequestSchema>;

export const ZJoinWaitlistResponseSchema = z
  .object({
    reference: z.string(),
    manageToken: z
      .string()
      .describe(
        "Secret for reading and leaving the entry: Authorization: Bearer <manageToken>. Shown once.",
      ),
  })
  .meta({ id: "JoinedWaitlist" });
export type JoinWaitlistResponse = z.infer<typeof ZJoinWaitlistResponseSchema>;

export const ZWaitlistParams = z.object({ reference: ZReference });

export const ZWaitlistOffer = z
  .object({
    start: z.string().describe("ISO 8601 with the local offset"),
    end: z.string(),
    expiresAt: z.string().describe("The place is kept until then; booked by nobody, it goes on"),
    holdToken: z
      .string()
      .describe("Send as `holdToken` with POST /api/v1/bookings (this entry's client) to book it"),
  })
  .meta({ id: "WaitlistOffer" });
export type WaitlistOffer = z.infer<typeof ZWaitlistOffer>;

export const ZWaitlistEntry = z
  .object({
    reference: z.string(),
    status: ZWaitlistStatus,
    organisation: ZSlug,
    servicePoint: ZSlug,
    service: ZSlug,
    serviceName: z.string(),
    location: z.object({ name: z.string(), address: z.string() }),
    from: ZLocalDate,
    to: ZLocalDate,
    timezone: z.string(),
    language: ZLanguage,
    client: z.object({ name: z.string(), phone: z.string(), email: z.string().nullable() }),
    offer: ZWaitlistOffer.nullable().describe("The place held for this entry now, if any"),
    booking: z
      .string()
      .nullable()
      .describe("The reference of the booking an offer became (status booked)"),
    createdAt: z.string(),
  })
  .meta({ id: "WaitlistEntry" });
export type WaitlistEntry = z.infer<typeof ZWaitlistEntry>;

export const ZStaffWaitlistRequestSchema = z.object({
  servicePoint: ZSlug,
  service: ZSlug.optional().describe("Only this service; every service of the point when left out"),
  date: ZLocalDate.describe("Entries waiting for this local date"),
});
export type StaffWaitlistRequest = z.input<typeof ZStaffWaitlistRequestSchema>;

export const ZStaffWaitlistEntry = z
  .object({
    reference: z.string(),
    service: ZSlug,
    serviceName: z.string(),
    position: z.number().int().describe("1 for the first in line of this service and day"),
    from: ZLocalDate,
    to: ZLocalDate,
    client: z.object({ name: z.string(), phone: z.string() }),
    offer: z
      .object({ start: z.string(), expiresAt: z.string() })
      .nullable()
      .describe("A place held for the entry now"),
    createdAt: z.string(),
  })
  .meta({ id: "StaffWaitlistEntry" });
export type StaffWaitlistEntry = z.infer<typeof ZStaffWaitlistEntry>;

export const ZStaffWaitlistResponseSchema = z
  .object({ date: ZLocalDate, entries: z.array(ZStaffWaitlistEntry) })
  .meta({ id: "StaffWaitlist" });
export type StaffWaitlistResponse = z.infer<typeof ZStaffWaitlistResponseSchema>;

export const ZStaffRemoveWaitlistParams = z.object({ reference: ZReference });
