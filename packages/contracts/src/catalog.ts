import { z } from "zod";

export const ZSlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be a slug: lower-case letters, digits and hyphens");

export const ZTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM");
/** The end of an opening interval: a time, or 24:00 for the end of the day. */
export const ZEndTime = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "must be HH:MM (24:00 for midnight)");

export const ZRemoteAlternative = z
  .object({
    kind: z.enum(["e-service", "e-mail", "mailbox", "post", "phone"]),
    title: z.string(),
    detail: z.string(),
    url: z.string().optional(),
  })
  .meta({ id: "RemoteAlternative" });
export type RemoteAlternative = z.infer<typeof ZRemoteAlternative>;

export const ZPhone = z
  .object({
    display: z.string().describe("As written locally, e.g. 654 49907"),
    tel: z.string().describe("E.164, for tel: links"),
    label: z.string().nullable(),
  })
  .meta({ id: "Phone" });
export type Phone = z.infer<typeof ZPhone>;

/** Seeded values the source gave none for, still to be set by an administrator. */
export const ZPlaceholder = z.enum(["address", "hours", "phones"]);
export type Placeholder = z.infer<typeof ZPlaceholder>;

export const ZOpeningDay = z
  .object({
    weekday: z.number().int().min(1).max(7).describe("ISO weekday, 1 = Monday"),
    intervals: z.array(z.object({ start: ZTime, end: ZEndTime })),
  })
  .meta({ id: "OpeningDay" });
export type OpeningDay = z.infer<typeof ZOpeningDay>;

export const ZOrganisation = z
  .object({
    slug: ZSlug,
    name: z.string(),
    email: z.string().nullable(),
    address: z.string().nullable(),
    timezone: z.string(),
  })
  .meta({ id: "Organisation" });
export type Organisation = z.infer<typeof ZOrganisation>;

export const ZServicePoint = z
  .object({
    slug: ZSlug,
    organisation: ZSlug,
    name: z.string(),
    address: z.string(),
    phones: z.array(ZPhone),
    description: z.string().nullable(),
    remoteAlternatives: z.array(ZRemoteAlternative),
    openingHours: z
      .array(ZOpeningDay)
      .describe("The regular week, local time of the organisation's time zone"),
    placeholders: z
      .array(ZPlaceholder)
      .describe(
        "Values not yet published by the service (the seed's stand-ins): do not present " +
          "them as the service's own",
      ),
  })
  .meta({ id: "ServicePoint" });
export type ServicePoint = z.infer<typeof ZServicePoint>;

export const ZQuestion = z
  .object({
    key: z.string(),
    kind: z.enum(["boolean", "text", "choice"]),
    required: z.boolean(),
    label: z.string(),
    options: z.array(z.object({ key: z.string(), label: z.string() })).optional(),
  })
  .meta({ id: "Question" });
export type Question = z.infer<typeof ZQuestion>;

export const ZService = z
  .object({
    slug: ZSlug,
    servicePoint: ZSlug,
    name: z.string(),
    description: z.string().nullable(),
    durationMinutes: z.number().int().positive(),
    capacityPerSlot: z.number().int().nonnegative(),
    dailyLimit: z.number().int().positive().nullable(),
    minNoticeMinutes: z.number().int().nonnegative(),
    maxAdvanceDays: z.number().int().nonnegative(),
    requirements: z.array(z.string()),
    questions: z.array(ZQuestion),
    eligibility: z.array(z.object({ key: z.string(), label: z.string() })),
    remoteAlternatives: z.array(ZRemoteAlternative),
    seasons: z
      .array(
        z.object({
          from: z.string().describe("First local date, YYYY-MM-DD"),
          to: z.string().describe("Last local date, inclusive"),
          weekdays: z.array(z.number().int().min(1).max(7)).describe("ISO weekdays it is open"),
        }),
      )
      .describe(
        "The service's own seasonal dates that have not ended, in order (gift packages: " +
          "21 Dec – 31 Jan); empty for a service that follows its point's week",
      ),
  })
  .meta({ id: "Service" });
export type Service = z.infer<typeof ZService>;

export const ZListServicePointsRequestSchema = z.object({
  organisation: ZSlug.optional().describe("Only this organisation's points"),
});
export const ZListServicesRequestSchema = z.object({
  servicePoint: ZSlug.describe("The service point's slug"),
});
export type ListServicePointsRequest = z.input<typeof ZListServicePointsRequestSchema>;
export type ListServicesRequest = z.input<typeof ZListServicesRequestSchema>;
export const ZListOrganisationsResponseSchema = z.array(ZOrganisation);
export type ListOrganisationsResponse = z.infer<typeof ZListOrganisationsResponseSchema>;
export const ZListServicePointsResponseSchema = z.array(ZServicePoint);
export type ListServicePointsResponse = z.infer<typeof ZListServicePointsResponseSchema>;
export const ZListServicesResponseSchema = z.array(ZService);
export type ListServicesResponse = z.infer<typeof ZListServicesResponseSchema>;

export const ZHealthResponseSchema = z.object({ status: z.literal("ok") });
export type HealthResponse = z.infer<typeof ZHealthResponseSchema>;
