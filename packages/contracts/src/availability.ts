import { z } from "zod";
import { ZSlug } from "./catalog.ts";
import { isInYearRange, MAX_YEAR, MIN_YEAR } from "./text.ts";

/** The longest range one availability request may cover, in days. */
export const MAX_AVAILABILITY_DAYS = 62;

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const ZLocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine(isCalendarDate, "is not a date in the calendar")
  .refine(isInYearRange, `must be between ${MIN_YEAR} and ${MAX_YEAR}`)
  .meta({ description: "A local date in the organisation's time zone, YYYY-MM-DD" });

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

export const ZAvailabilityRequestSchema = z
  .object({
    servicePoint: ZSlug,
    service: ZSlug,
    from: ZLocalDate,
    to: ZLocalDate.describe(`Inclusive; at most ${MAX_AVAILABILITY_DAYS} days after from`),
  })
  .superRefine((query, ctx) => {
    if (!isCalendarDate(query.from) || !isCalendarDate(query.to)) return;
    const days = daysBetween(query.from, query.to);
    if (days < 0) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
    } else if (days + 1 > MAX_AVAILABILITY_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `the range may cover at most ${MAX_AVAILABILITY_DAYS} days`,
      });
    }
  });
export type AvailabilityRequest = z.input<typeof ZAvailabilityRequestSchema>;

export const ZSlot = z
  .object({
    start: z.string().describe("ISO 8601 with the local offset, e.g. 2027-03-30T08:00:00+03:00"),
    end: z.string(),
    remaining: z.number().int().positive().describe("Places still free in this slot"),
  })
  .meta({ id: "Slot" });
export type Slot = z.infer<typeof ZSlot>;

export const ZAvailabilityDay = z
  .object({
    date: ZLocalDate,
    slots: z.array(ZSlot).describe("Empty on a closed or fully booked day"),
    remaining: z
      .number()
      .int()
      .nonnegative()
      .describe("Places one can still book that day: the slots' places, capped by a daily limit"),
  })
  .meta({ id: "AvailabilityDay" });
export type AvailabilityDay = z.infer<typeof ZAvailabilityDay>;

export const ZAvailabilityResponseSchema = z
  .object({
    timezone: z.string(),
    servicePoint: ZSlug,
    service: ZSlug,
    days: z.array(ZAvailabilityDay),
  })
  .meta({ id: "Availability" });
export type AvailabilityResponse = z.infer<typeof ZAvailabilityResponseSchema>;
