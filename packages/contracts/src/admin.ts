import { z } from "zod";
import { ZLocalDate } from "./availability.ts";
import { ZInstant } from "./bookings.ts";
import { ZEndTime, ZPlaceholder, ZSlug, ZTime } from "./catalog.ts";
import { ZLocalisedText } from "./i18n.ts";
import { plainLine, plainText } from "./text.ts";

/** Administration: the shapes an administrator edits, with every language's text. */

const ZText = ZLocalisedText.extend({
  lv: plainText(1, 2000),
  ru: plainText(1, 2000),
  en: plainText(1, 2000),
}).meta({ id: "Text", description: "The same text in Latvian, Russian and English" });

export const ZAdminPhone = z.object({
  display: z.string().trim().min(3).max(32),
  tel: z.string().regex(/^\+\d{6,15}$/, "must be E.164, e.g. +37165449907"),
  label: ZText.nullable().optional(),
});
export type AdminPhone = z.infer<typeof ZAdminPhone>;

/**
 * A PATCH names only what it changes, so its schema is built from fields without
 * defaults: zod fills a default even into an optional field, which would reset every
 * field the request leaves out. Creation adds the defaults on top.
 */
const servicePointFields = {
  slug: ZSlug,
  name: ZText,
  address: z.string().trim().min(1).max(300),
  phones: z.array(ZAdminPhone).max(10),
  description: ZText.nullable(),
  active: z.boolean(),
  sortOrder: z.number().int().min(0).max(10_000),
};

export const ZCreateServicePointRequestSchema = z.object({
  ...servicePointFields,
  phones: servicePointFields.phones.default([]),
  description: servicePointFields.description.default(null),
  active: servicePointFields.active.default(true),
  sortOrder: servicePointFields.sortOrder.default(0),
});
export type CreateServicePointRequest = z.input<typeof ZCreateServicePointRequestSchema>;

export const ZAdminServicePoint = z
  .object({
    ...servicePointFields,
    organisation: ZSlug,
    placeholders: z
      .array(ZPlaceholder)
      .describe("Seeded stand-ins still to set; each clears when it is saved"),
  })
  .meta({ id: "AdminServicePoint" });
export type AdminServicePoint = z.infer<typeof ZAdminServicePoint>;

/** Only the fields named change; null clears a nullable one. */
export const ZUpdateServicePointRequestSchema = z
  .object(servicePointFields)
  .omit({ slug: true })
  .partial();
export type UpdateServicePointRequest = z.input<typeof ZUpdateServicePointRequestSchema>;

const ZQuestionInput = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a key: a-z, digits, _"),
  kind: z.enum(["boolean", "text", "choice"]),
  required: z.boolean(),
  label: ZText,
  options: z.array(z.object({ key: z.string().min(1).max(64), label: ZText })).optional(),
});

const serviceFields = {
  slug: ZSlug,
  name: ZText,
  description: ZText.nullable(),
  slotMinutes: z.number().int().min(5).max(480),
  capacityPerSlot: z.number().int().min(0).max(1000),
  staffOnlyCapacity: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .describe("Of capacityPerSlot, places offered only to staff (walk-ins, phone bookings)"),
  dailyLimit: z.number().int().min(1).max(100_000).nullable(),
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 60),
  maxAdvanceDays: z.number().int().min(0).max(730),
  maxActivePerPhone: z.number().int().min(1).max(100).nullable(),
  maxBookingsPerAddressPerDay: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .nullable()
    .describe("Public bookings one client address may make per day; null: the default"),
  maxBookingsPerAddressPerWeek: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .nullable()
    .describe("Public bookings one client address may make per week; null: the default"),
  requirements: z.array(ZText).max(20),
  questions: z.array(ZQuestionInput).max(20),
  eligibility: z.array(z.object({ key: z.string().min(1).max(64), label: ZText })).max(20),
  active: z.boolean(),
  sortOrder: z.number().int().min(0).max(10_000),
};

const staffWithinCapacity = (service: { capacityPerSlot?: number; staffOnlyCapacity?: number }) =>
  service.capacityPerSlot === undefined ||
  service.staffOnlyCapacity === undefined ||
  service.staffOnlyCapacity <= service.capacityPerSlot;
const staffWithinCapacityError = {
  path: ["staffOnlyCapacity"],
  message: "must not be more than capacityPerSlot",
};

export const ZCreateServiceRequestSchema = z
  .object({
    ...serviceFields,
    description: serviceFields.description.default(null),
    slotMinutes: serviceFields.slotMinutes.default(15),
    capacityPerSlot: serviceFields.capacityPerSlot.default(1),
    staffOnlyCapacity: serviceFields.staffOnlyCapacity.default(0),
    dailyLimit: serviceFields.dailyLimit.default(null),
    minNoticeMinutes: serviceFields.minNoticeMinutes.default(120),
    maxAdvanceDays: serviceFields.maxAdvanceDays.default(60),
    maxActivePerPhone: serviceFields.maxActivePerPhone.default(2),
    maxBookingsPerAddressPerDay: serviceFields.maxBookingsPerAddressPerDay.default(null),
    maxBookingsPerAddressPerWeek: serviceFields.maxBookingsPerAddressPerWeek.default(null),
    requirements: serviceFields.requirements.default([]),
    questions: serviceFields.questions.default([]),
    eligibility: serviceFields.eligibility.default([]),
    active: serviceFields.active.default(true),
    sortOrder: serviceFields.sortOrder.default(0),
  })
  .refine(staffWithinCapacity, staffWithinCapacityError);
export type CreateServiceRequest = z.input<typeof ZCreateServiceRequestSchema>;

/**
 * Only the fields named change; null clears a nullable one. When only one of
 * capacityPerSlot and staffOnlyCapacity is named, the route checks it against the other's
 * stored value.
 */
export const ZUpdateServiceRequestSchema = z
  .object(serviceFields)
  .omit({ slug: true })
  .partial()
  .refine(staffWithinCapacity, staffWithinCapacityError);
export type UpdateServiceRequest = z.input<typeof ZUpdateServiceRequestSchema>;

export const ZAdminService = z
  .object({ ...serviceFields, servicePoint: ZSlug })
  .meta({ id: "AdminService" });
export type AdminService = z.infer<typeof ZAdminService>;

export const ZScheduleInterval = z
  .object({
    weekday: z.number().int().min(1).max(7).describe("ISO weekday, 1 = Monday"),
    start: ZTime,
    end: ZEndTime.describe("Exclusive; later than start; 24:00 is the end of the day"),
  })
  .meta({ id: "ScheduleInterval" });
export type ScheduleInterval = z.infer<typeof ZScheduleInterval>;

export const ZSaveScheduleRequestSchema = z
  .object({
    kind: z.enum(["regular", "seasonal"]),
    mode: z
      .enum(["replace", "add"])
      .default("replace")
      .describe("Seasonal: replace the regular week on its dates, or add to it"),
    service: ZSlug.nullable().default(null).describe("Hours of one service; null: the whole point"),
    validFrom: ZLocalDate.nullable().default(null),
    validTo: ZLocalDate.nullable().default(null),
    name: ZText.nullable().default(null),
    intervals: z.array(ZScheduleInterval).max(100),
  })
  .superRefine((schedule, ctx) => {
    if (schedule.kind === "seasonal" && (!schedule.validFrom || !schedule.validTo)) {
      ctx.addIssue({
        code: "custom",
        path: ["validFrom"],
        message: "a seasonal schedule needs validFrom and validTo",
      });
    }
    if (schedule.validFrom && schedule.validTo && schedule.validTo < schedule.validFrom) {
      ctx.addIssue({ code: "custom", path: ["validTo"], message: "must not be before validFrom" });
    }
    schedule.intervals.forEach((interval, index) => {
      if (interval.end <= interval.start) {
        ctx.addIssue({
          code: "custom",
          path: ["intervals", index, "end"],
          message: "must be later than start",
        });
      }
      const overlaps = schedule.intervals.some(
        (other, j) =>
          j < index &&
          other.weekday === interval.weekday &&
          other.start < interval.end &&
          interval.start < other.end,
      );
      if (overlaps) {
        ctx.addIssue({
          code: "custom",
          path: ["intervals", index],
          message: "overlaps another interval on the same day",
        });
      }
    });
  });
export type SaveScheduleRequest = z.input<typeof ZSaveScheduleRequestSchema>;

export const ZSchedule = z
  .object({
    id: z.uuid(),
    servicePoint: ZSlug,
    kind: z.enum(["regular", "seasonal"]),
    mode: z.enum(["replace", "add"]),
    service: ZSlug.nullable(),
    validFrom: ZLocalDate.nullable(),
    validTo: ZLocalDate.nullable(),
    name: ZLocalisedText.nullable(),
    intervals: z.array(ZScheduleInterval),
  })
  .meta({ id: "Schedule" });
export type Schedule = z.infer<typeof ZSchedule>;

export const ZCreateClosureRequestSchema = z
  .object({
    kind: z
      .enum(["closure", "holiday"])
      .default("closure")
      .describe("holiday: a one-off public holiday for the whole organisation (admins only)"),
    servicePoint: ZSlug.nullable()
      .default(null)
      .describe("null: the whole organisation (admins only)"),
    service: ZSlug.nullable().default(null).describe("Only this service of the point"),
    start: ZInstant,
    end: ZInstant.describe("Exclusive; later than start"),
    reason: plainText(1, 500),
    bookings: z
      .enum(["keep", "cancel"])
      .default("keep")
      .describe(
        "What becomes of the bookings inside: keep them (staff call the clients, the answer lists them with phones), or cancel them and send each client the notice with `message`",
      ),
    message: plainText(1, 500)
      .optional()
      .describe("With bookings: cancel, the text the clients are sent in the cancellation notice"),
  })
  .refine((closure) => closure.bookings !== "cancel" || closure.message, {
    path: ["message"],
    message: "is needed to cancel the bookings and notify the clients",
  })
  .refine((closure) => Date.parse(closure.end) > Date.parse(closure.start), {
    path: ["end"],
    message: "must be later than start",
  })
  .refine((closure) => !closure.service || closure.servicePoint, {
    path: ["service"],
    message: "needs servicePoint",
  });
export type CreateClosureRequest = z.input<typeof ZCreateClosureRequestSchema>;

export const ZAffectedBooking = z
  .object({
    reference: z.string(),
    start: z.string(),
    servicePoint: ZSlug,
    service: ZSlug,
    serviceName: z.string(),
    client: z.object({ name: z.string(), phone: z.string() }),
  })
  .meta({ id: "AffectedBooking" });
export type AffectedBooking = z.infer<typeof ZAffectedBooking>;

export const ZClosure = z
  .object({
    id: z.uuid(),
    kind: z.enum(["closure", "holiday"]),
    servicePoint: ZSlug.nullable(),
    service: ZSlug.nullable(),
    start: z.string(),
    end: z.string(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    affected: z
      .array(ZAffectedBooking)
      .describe("Booked clients inside the closure still active, to call"),
    cancelled: z
      .array(ZAffectedBooking)
      .optional()
      .describe(
        "Only in the answer to creating it with bookings: cancel: the bookings cancelled and notified, with the clients' phones",
      ),
  })
  .meta({ id: "Closure" });
export type Closure = z.infer<typeof ZClosure>;

export const ZClosureListRequestSchema = z.object({
  servicePoint: ZSlug.optional().describe(
    "Only this point's (and organisation-wide) closures; without it an administrator gets " +
      "every point's, reception its own points'",
  ),
  from: ZLocalDate.optional(),
  to: ZLocalDate.optional(),
});
export type ClosureListRequest = z.input<typeof ZClosureListRequestSchema>;

export const ZAuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({
      kind: z.string().describe("staff, api_key or system"),
      email: z.string().nullable(),
      name: z.string().nullable().describe("The API key's name when kind is api_key"),
    }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    details: z.unknown(),
    ip: z.string().nullable(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditListRequestSchema = z.object({
  actor: z.email().optional().describe("A staff member's e-mail"),
  action: z
    .string()
    .max(100)
    .optional()
    .describe("An action, or its start: booking. matches booking.cancel"),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  before: z
    .string()
    .regex(/^\d{1,18}$/, "must be an entry id")
    .optional()
    .describe("Entries older than this id (the next page)"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditListRequest = z.input<typeof ZAuditListRequestSchema>;

export const ZAuditListResponseSchema = z
  .object({
    entries: z.array(ZAuditEntry),
    next: z.string().nullable().describe("Pass as before for the next page"),
  })
  .meta({ id: "AuditPage" });
export type AuditListResponse = z.infer<typeof ZAuditListResponseSchema>;

export const ZClientExportRequestSchema = z.object({
  phone: z.string().trim().min(5).max(32),
});
export type ClientExportRequest = z.input<typeof ZClientExportRequestSchema>;

/** Everything kept about one phone number, for a data subject's access request. */
export const ZClientExportResponseSchema = z
  .object({
    phone: z.string(),
    generatedAt: z.string(),
    bookings: z.array(
      z.object({
        reference: z.string(),
        servicePoint: z.string(),
        service: z.string(),
        start: z.string(),
        end: z.string(),
        status: z.string(),
        source: z.string(),
        language: z.string(),
        client: z.object({ name: z.string(), phone: z.string(), email: z.string().nullable() }),
        answers: z.record(z.string(), z.unknown()),
        createdAt: z.string(),
        history: z.array(
          z.object({
            at: z.string(),
            from: z.string().nullable(),
            to: z.string(),
            by: z.enum(["client", "staff"]),
            reason: z.string().nullable(),
          }),
        ),
        messages: z
          .array(
            z.object({
              channel: z.enum(["email", "sms"]),
              kind: z.string(),
              address: z.string(),
              status: z.enum(["pending", "sent", "failed", "not_configured"]),
              body: z.string().nullable().describe("What was sent"),
              createdAt: z.string(),
              sentAt: z.string().nullable(),
            }),
          )
          .describe("The e-mails and SMS decided for the booking"),
      }),
    ),
    waitlist: z
      .array(
        z.object({
          reference: z.string(),
          servicePoint: z.string(),
          service: z.string(),
          from: z.string(),
          to: z.string(),
          status: z.string(),
          language: z.string(),
          client: z.object({ name: z.string(), phone: z.string(), email: z.string().nullable() }),
          createdAt: z.string(),
          offers: z.array(z.object({ start: z.string(), expiresAt: z.string() })),
          messages: z.array(
            z.object({
              channel: z.enum(["email", "sms"]),
              kind: z.string(),
              address: z.string(),
              status: z.enum(["pending", "sent", "failed", "not_configured"]),
              body: z.string().nullable().describe("What was sent, or would have been"),
              createdAt: z.string(),
              sentAt: z.string().nullable(),
            }),
          ),
        }),
      )
      .describe("Waiting-list entries of that phone, the places offered and the messages"),
    accessLog: z
      .array(z.object({ at: z.string(), action: z.string(), reference: z.string() }))
      .describe("When staff acted on these bookings"),
  })
  .meta({ id: "ClientExport" });
export type ClientExportResponse = z.infer<typeof ZClientExportResponseSchema>;

export const ZStaffUser = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "reception"]),
    servicePoints: z.array(ZSlug),
    active: z.boolean(),
    mustChangePassword: z
      .boolean()
      .describe("A temporary password was set and not yet changed by the user"),
  })
  .meta({ id: "StaffUser" });
export type StaffUser = z.infer<typeof ZStaffUser>;

export const ZCreateStaffUserRequestSchema = z.object({
  email: z.email().max(254),
  name: plainLine(1, 100),
  password: z
    .string()
    .max(1024)
    .describe("At least 12 characters, not a common password; the user should change it"),
  role: z.enum(["admin", "reception"]),
  servicePoints: z.array(ZSlug).max(100).default([]),
});
export type CreateStaffUserRequest = z.input<typeof ZCreateStaffUserRequestSchema>;

export const ZSetTemporaryPasswordRequestSchema = z
  .object({
    password: z
      .string()
      .max(1024)
      .describe(
        "At least 12 characters, not a common password; the user must change it at the next sign-in",
      ),
  })
  .meta({ id: "SetTemporaryPasswordRequest" });
export type SetTemporaryPasswordRequest = z.input<typeof ZSetTemporaryPasswordRequestSchema>;

export const ZUpdateStaffUserRequestSchema = z
  .object({
    name: plainLine(1, 100),
    role: z.enum(["admin", "reception"]),
    servicePoints: z.array(ZSlug).max(100),
    active: z.boolean().describe("false: the user cannot sign in and their sessions end"),
  })
  .partial();
export type UpdateStaffUserRequest = z.input<typeof ZUpdateStaffUserRequestSchema>;

export const ZOrganisationSettings = z
  .object({
    organisation: ZSlug,
    timezone: z.string(),
    reminderTime: ZTime.describe("Local time (HH:mm) reminders are sent at"),
    reminderDaysBefore: z
      .number()
      .int()
      .min(0)
      .max(7)
      .describe("Working days before the visit the reminder goes; 0 sends no reminders"),
  })
  .meta({ id: "OrganisationSettings" });
export type OrganisationSettings = z.infer<typeof ZOrganisationSettings>;

export const ZUpdateOrganisationSettingsRequestSchema = ZOrganisationSettings.pick({
  reminderTime: true,
  reminderDaysBefore: true,
})
  .partial()
  .meta({ id: "UpdateOrganisationSettingsRequest" });
export type UpdateOrganisationSettingsRequest = z.input<
  typeof ZUpdateOrganisationSettingsRequestSchema
>;
