import { z } from "zod";
import { ZLocalDate } from "./availability.ts";
import { ZAnswers, ZBookingStatus, ZClient, ZInstant } from "./bookings.ts";
import { ZSlug } from "./catalog.ts";
import { ZLanguage } from "./i18n.ts";
import { plainText } from "./text.ts";

export const ZStaffRole = z.enum(["admin", "reception"]).meta({ id: "StaffRole" });

export const ZStaffLoginRequestSchema = z
  .object({
    organisation: ZSlug.describe(
      "The organisation's slug (GET /api/v1/organisations): an account is an organisation and an e-mail",
    ),
    email: z.email().max(254),
    password: z.string().min(1).max(1024),
  })
  .meta({ id: "StaffLoginRequest" });
export type StaffLoginRequest = z.input<typeof ZStaffLoginRequestSchema>;

export const ZChangePasswordRequestSchema = z
  .object({
    currentPassword: z.string().min(1).max(1024),
    newPassword: z
      .string()
      .max(1024)
      .describe("At least 12 characters, not a common password, not the e-mail"),
  })
  .meta({ id: "ChangePasswordRequest" });
export type ChangePasswordRequest = z.input<typeof ZChangePasswordRequestSchema>;

export const ZStaffMeResponseSchema = z
  .object({
    user: z.object({
      email: z.string(),
      name: z.string(),
      role: ZStaffRole,
      organisation: ZSlug,
      servicePoints: z.array(ZSlug).describe("Where a reception user works; empty for admins"),
    }),
    csrfToken: z
      .string()
      .describe("Send as the X-CSRF-Token header on every state-changing staff request"),
    expiresAt: z.string().describe("The session ends then at the latest (absolute limit)"),
    mustChangePassword: z
      .boolean()
      .describe(
        "A temporary password: until it is changed every other staff request answers " +
          "403 PASSWORD_CHANGE_REQUIRED",
      ),
    messaging: z
      .object({ email: z.boolean(), sms: z.boolean() })
      .describe(
        "Which message channels this server sends; messages of the others are recorded as not_configured",
      ),
  })
  .meta({ id: "StaffSession" });
export type StaffMeResponse = z.infer<typeof ZStaffMeResponseSchema>;

export const ZStaffSessionStateResponseSchema = z
  .object({ session: ZStaffMeResponseSchema.nullable() })
  .meta({ id: "StaffSessionState" });
export type StaffSessionStateResponse = z.infer<typeof ZStaffSessionStateResponseSchema>;

export const ZStaffDayRequestSchema = z.object({
  date: ZLocalDate.describe(
    "Local date; today in the organisation's time zone when left out",
  ).optional(),
});
export type StaffDayRequest = z.input<typeof ZStaffDayRequestSchema>;

export const ZStaffBooking = z
  .object({
    reference: z.string(),
    status: ZBookingStatus,
    start: z.string(),
    end: z.string(),
    service: ZSlug,
    serviceName: z.string(),
    source: z.enum(["public", "staff", "walk_in"]),
    client: z.object({ name: z.string(), phone: z.string(), email: z.string().nullable() }),
    answers: z.record(z.string(), z.union([z.string(), z.boolean()])),
    apiKey: z
      .object({ name: z.string(), prefix: z.string() })
      .nullable()
      .describe("The API key a third party booked with; null for any other booking"),
    answerLabels: z
      .array(
        z.object({
          key: z.string(),
          question: z
            .string()
            .nullable()
            .describe("The question in the request's language; null for `eligibility`"),
          value: z.union([z.string(), z.boolean()]),
          valueLabel: z
            .string()
            .nullable()
            .describe("The chosen option or category in the request's language; else null"),
        }),
      )
      .describe("The answers as staff read them, in the order the service asks"),
    undo: ZBookingStatus.nullable().describe(
      "The status POST …/undo would bring back (a desk mark made today); null when none",
    ),
  })
  .meta({ id: "StaffBooking" });
export type StaffBooking = z.infer<typeof ZStaffBooking>;

export const ZStaffDayResponseSchema = z
  .object({
    servicePoint: ZSlug,
    date: z.string(),
    timezone: z.string(),
    bookings: z.array(ZStaffBooking),
  })
  .meta({ id: "StaffDay" });
export type StaffDayResponse = z.infer<typeof ZStaffDayResponseSchema>;

export const ZStaffStatusRequestSchema = z
  .object({ status: z.enum(["checked_in", "completed", "no_show"]) })
  .meta({ id: "StaffStatusChange" });
export type StaffStatusRequest = z.input<typeof ZStaffStatusRequestSchema>;

export const ZStaffCancelRequestSchema = z
  .object({ reason: plainText(1, 500) })
  .meta({ id: "StaffCancel" });
export type StaffCancelRequest = z.input<typeof ZStaffCancelRequestSchema>;

export const ZStaffBookingKind = z
  .enum(["walk_in", "phone"])
  .describe(
    "walk_in: someone at the desk, today only, from the slot running now; phone: on a " +
      "caller's behalf, with the public booking's rules",
  );
export type StaffBookingKind = z.infer<typeof ZStaffBookingKind>;

export const ZStaffAvailabilityRequestSchema = z.object({
  servicePoint: ZSlug,
  service: ZSlug,
  date: ZLocalDate,
  kind: ZStaffBookingKind,
});
export type StaffAvailabilityRequest = z.input<typeof ZStaffAvailabilityRequestSchema>;

export const ZStaffCreateBookingRequestSchema = z
  .object({
    kind: ZStaffBookingKind,
    servicePoint: ZSlug,
    service: ZSlug,
    start: ZInstant.describe("The start of a slot staff may book"),
    client: ZClient,
    language: ZLanguage.optional(),
    answers: ZAnswers.optional(),
    notify: z
      .boolean()
      .optional()
      .describe(
        "The client agreed to be sent messages (default false): a confirmation with the manage link by SMS (and e-mail when given), a reminder and notices of changes. Without it nothing is ever sent about this booking",
      ),
    reminders: z
      .boolean()
      .optional()
      .describe("With notify: send a reminder before the visit (default true)"),
  })
  .meta({ id: "StaffCreateBooking" });
export type StaffCreateBookingRequest = z.input<typeof ZStaffCreateBookingRequestSchema>;

export const ZStaffCreateBookingResponseSchema = ZStaffBooking.extend({
  manageToken: z
    .string()
    .describe("The client's secret for changing or cancelling online; shown once"),
}).meta({ id: "StaffCreatedBooking" });
export type StaffCreateBookingResponse = z.infer<typeof ZStaffCreateBookingResponseSchema>;

export const ZMessageChannel = z.enum(["email", "sms"]);
export const ZMessageStatus = z.enum(["pending", "sent", "failed", "not_configured"]);

export const ZBookingMessage = z
  .object({
    id: z.uuid(),
    channel: ZMessageChannel,
    kind: z
      .string()
      .describe("confirmation, reminder, rescheduled, cancelled, or link (a lost link sent again)"),
    status: ZMessageStatus,
    attempts: z.number().int(),
    sentAt: z.string().optional(),
    dueAt: z.string().describe("Not sent before this (a reminder's time; a retry's)"),
    createdAt: z.string(),
    lastError: z.string().nullable().describe("The last failure or the gateway's refusal"),
  })
  .meta({ id: "BookingMessage" });
export type BookingMessage = z.infer<typeof ZBookingMessage>;

export const ZStaffBookingMessagesResponseSchema = z.array(ZBookingMessage);
export type StaffBookingMessagesResponse = z.infer<typeof ZStaffBookingMessagesResponseSchema>;

export const ZFailedMessage = ZBookingMessage.extend({
  reference: z.string().nullable(),
  servicePoint: ZSlug.nullable(),
}).meta({ id: "FailedMessage" });
export type FailedMessage = z.infer<typeof ZFailedMessage>;

export const ZAdminFailedMessagesResponseSchema = z.array(ZFailedMessage);
export type AdminFailedMessagesResponse = z.infer<typeof ZAdminFailedMessagesResponseSchema>;
