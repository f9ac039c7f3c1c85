import type { Booking } from "@pieraksts/contracts";
import { createEvent } from "ics";

const labels = {
  lv: { reference: "Pieraksta numurs", bring: "Līdzi ņemiet un ievērojiet" },
  ru: { reference: "Номер записи", bring: "Возьмите с собой и учтите" },
  en: { reference: "Booking reference", bring: "Bring and remember" },
} as const;

/**
 * An RFC 5545 calendar file for one booking, made with the `ics` library. Times are
 * written in UTC (unambiguous for every calendar); X-WR-TIMEZONE names the zone they
 * belong to, and the description repeats the local time.
 */
export function bookingCalendar(booking: Booking, uidDomain: string): string {
  const text = labels[booking.language];
  const start = new Date(booking.start);
  const end = new Date(booking.end);
  const utcParts = (date: Date): [number, number, number, number, number] => [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
  ];
  const description = [
    `${text.reference}: ${booking.reference}`,
    `${booking.start.slice(0, 10)} ${booking.start.slice(11, 16)} (${booking.timezone})`,
    ...(booking.requirements.length
      ? [`${text.bring}:`, ...booking.requirements.map((r) => `- ${r}`)]
      : []),
  ].join("\n");
  const { error, value } = createEvent({
    uid: `${booking.reference}@${uidDomain}`,
    productId: "pieraksts",
    method: "PUBLISH",
    title: `${booking.serviceName} – ${booking.location.name}`,
    description,
    location: `${booking.location.name}, ${booking.location.address}`,
    start: utcParts(start),
    startInputType: "utc",
    startOutputType: "utc",
    end: utcParts(end),
    endInputType: "utc",
    endOutputType: "utc",
    status: booking.status === "booked" ? "CONFIRMED" : "CANCELLED",
    busyStatus: "BUSY",
  });
  if (error || !value) throw error ?? new Error("calendar file could not be made");
  return value.replace("BEGIN:VEVENT", `X-WR-TIMEZONE:${booking.timezone}\r\nBEGIN:VEVENT`);
}
