import { z } from "zod";
import { ZPhone, ZSlug } from "./catalog.ts";
import { ZLanguage } from "./i18n.ts";
import { isInYearRange, MAX_YEAR, MIN_YEAR, plainLine } from "./text.ts";

export const bookingStatuses = [
  "booked",
  "checked_in",
  "completed",
  "no_show",
  "cancelled_by_client",
  "cancelled_by_staff",
] as const;
export const ZBookingStatus = z.enum(bookingStatuses).meta({ id: "BookingStatus" });
export type BookingStatus = z.infer<typeof ZBookingStatus>;

/** Eight characters without 0/O, 1/I/L, shown as XXXX-XXXX; case and dash optional. */
export const ZReference = z
  .string()
  .trim()
  .min(8)
  .max(12)
  .meta({ description: "The booking's public reference, e.g. K7XR-2MPA", example: "K7XR-2MPA" });

export const ZInstant = z.iso
  .datetime({ offset: true })
  .refine(isInYearRange, `must be between ${MIN_YEAR} and ${MAX_YEAR}`)
  .meta({ description: "ISO 8601 with an offset or Z", example: "2027-03-30T08:00:00+03:00" });

export const ZClient = z
  .object({
    name: plainLine(2, 100),
    phone: z
      .string()
      .trim()
      .min(5)
      .max(32)
      .describe("Latvian numbers may omit +371; stored in E.164"),
    email: z.email().max(254).optional(),
  })
  .meta({ id: "Client" });
export type Client = z.input<typeof ZClient>;

export const ZAnswers = z
  .record(z.string().min(1).max(64), z.union([z.string().max(500), z.boolean()]))
  .refine((answers) => Object.keys(answers).length <= 20, "too many answers")
  .describe(
    "Answers to the service's questions by key; the eligibility category, where the service has one, under `eligibility`",
  );
export type Answers = z.input<typeof ZAnswers>;

export const ZCreateBookingRequestSchema = z
  .object({
    servicePoint: ZSlug,
    service: ZSlug,
    start: ZInstant.describe("The start of an offered slot"),
    client: ZClient,
    language: ZLanguage.optional().describe(
      "For messages to the client; defaults to Accept-Language",
    ),
    answers: ZAnswers.optional(),
    holdToken: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe(
        "From POST /api/v1/holds for this start: its place becomes the booking's. Expired or not matching, the booking competes for a place like any other request",
      ),
    reminders: z
      .boolean()
      .optional()
      .describe(
        "Send a reminder before the visit (default true); false declines reminders, the confirmation and notices of changes still go",
      ),
  })
  .meta({ id: "CreateBookingRequest" });
export type CreateBookingRequest = z.input<typeof ZCreateBookingRequestSchema>;

export const ZBooking = z
  .object({
    reference: z.string(),
    status: ZBookingStatus,
    start: z.string().describe("ISO 8601 with the local offset"),
    end: z.string(),
    timezone: z.string(),
    servicePoint: ZSlug,
    service: ZSlug,
    serviceName: z.string(),
    location: z.object({
      name: z.string(),
      address: z.string(),
      phones: z.array(ZPhone).describe("The point's phones, for a client who calls"),
    }),
    requirements: z.array(z.string()),
    language: ZLanguage,
    client: z.object({ name: z.string(), phone: z.string(), email: z.string().nullable() }),
    answers: z.record(z.string(), z.union([z.string(), z.boolean()])),
    cancellationReason: z
      .string()
      .nullable()
      .describe("The reason staff gave when they cancelled; null otherwise"),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Booking" });
export type Booking = z.infer<typeof ZBooking>;

export const ZCreateBookingResponseSchema = ZBooking.extend({
  manageToken: z
    .string()
    .describe(
      "Secret for managing the booking: send as Authorization: Bearer <manageToken>. Shown once.",
    ),
}).meta({ id: "CreatedBooking" });
export type CreateBookingResponse = z.infer<typeof ZCreateBookingResponseSchema>;

export const ZBookingParams = z.object({ reference: ZReference });
export const ZRescheduleBookingRequestSchema = z
  .object({ start: ZInstant })
  .meta({ id: "RescheduleBookingRequest" });
export type RescheduleBookingRequest = z.input<typeof ZRescheduleBookingRequestSchema>;

export const ZRecoverBookingsRequestSchema = z
  .object({
    phone: ZClient.shape.phone,
    reference: ZReference.optional().describe("Only this booking (it must be this phone's)"),
  })
  .meta({ id: "RecoverBookingsRequest" });
export type RecoverBookingsRequest = z.input<typeof ZRecoverBookingsRequestSchema>;

export const ZRecoverBookingsResponseSchema = z
  .object({
    accepted: z.literal(true),
    message: z.string(),
  })
  .meta({ id: "RecoverBookingsResponse" });
export type RecoverBookingsResponse = z.infer<typeof ZRecoverBookingsResponseSchema>;
