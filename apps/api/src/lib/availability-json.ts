import type { AvailabilityResponse } from "@pieraksts/contracts";

/**
 * The response is built from typed values only, so it is written by hand instead of
 * being re-validated by zod for every slot, or walked by JSON.stringify (which costs
 * three times as much for 500 slots: decision 028). The output is byte for byte what
 * `JSON.stringify` gives; the tests parse every answer with ZAvailabilityResponseSchema
 * and compare it with JSON.stringify's. Dates, starts and ends come from the engine
 * (digits, "-", ":", "T", "+"), counts are integers; the slugs and the time zone, which
 * come from the request or the database, go through JSON.stringify.
 */
export function serializeAvailability(data: AvailabilityResponse): string {
  let out = `{"timezone":${JSON.stringify(data.timezone)},"servicePoint":${JSON.stringify(data.servicePoint)},"service":${JSON.stringify(data.service)},"days":[`;
  const { days } = data;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as AvailabilityResponse["days"][number];
    out += `${i ? "," : ""}{"date":"${day.date}","slots":[`;
    const { slots } = day;
    for (let j = 0; j < slots.length; j++) {
      const slot = slots[j] as (typeof slots)[number];
      out += `${j ? "," : ""}{"start":"${slot.start}","end":"${slot.end}","remaining":${slot.remaining}}`;
    }
    out += `],"remaining":${day.remaining}}`;
  }
  return `${out}]}`;
}
