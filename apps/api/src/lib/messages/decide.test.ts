import { describe, expect, it } from "vitest";
import { bookingMessages, reminderInstant, reminderMessages } from "./decide.ts";

const riga = { timezone: "Europe/Riga", reminderTime: "09:00", reminderDaysBefore: 1 };
const at = (iso: string) => new Date(iso);
const instant = (start: string, setting = riga) =>
  reminderInstant(at(start), setting)?.toISOString();

describe("reminderInstant: 09:00 Riga on the working day before", () => {
  it("is the day before for a mid-week visit (summer time, +03:00)", () => {
    expect(instant("2027-06-09T10:00:00+03:00")).toBe("2027-06-08T06:00:00.000Z");
  });

  it("skips the weekend: a Monday visit is reminded on Friday", () => {
    expect(instant("2027-06-14T08:00:00+03:00")).toBe("2027-06-11T06:00:00.000Z");
  });

  it("skips public holidays: Easter 2027 (Good Friday 26 March, Easter Monday 29 March)", () => {
    // Tuesday 30 March: Monday and Friday are holidays, Thursday 25 March is the day.
    expect(instant("2027-03-30T10:00:00+03:00")).toBe("2027-03-25T07:00:00.000Z");
  });

  it("skips 4 May (Restoration of Independence) on a Tuesday", () => {
    expect(instant("2027-05-05T10:00:00+03:00")).toBe("2027-05-03T06:00:00.000Z");
  });

  it("keeps 09:00 local across the change to summer time (28 March 2027)", () => {
    // Visit on Wednesday 31 March (+03:00), reminder Tuesday 30 March +03:00.
    expect(instant("2027-03-31T10:00:00+03:00")).toBe("2027-03-30T06:00:00.000Z");
    // Visit on Thursday 25 March (+02:00): the reminder on Wednesday is 07:00 UTC.
    expect(instant("2027-03-25T10:00:00+02:00")).toBe("2027-03-24T07:00:00.000Z");
    // Across the change to winter time (31 October 2027): Monday 1 November (+02:00),
    // reminded Friday 29 October (+03:00).
    expect(instant("2027-11-01T10:00:00+02:00")).toBe("2027-10-29T06:00:00.000Z");
  });

  it("counts several working days, at the organisation's own time", () => {
    const setting = { ...riga, reminderTime: "18:30", reminderDaysBefore: 2 };
    // Wed 31 March 2027: Tue 30 (1), Mon 29 holiday, weekend, Fri 26 holiday, Thu 25 (2).
    expect(instant("2027-03-31T10:00:00+03:00", setting)).toBe("2027-03-25T16:30:00.000Z");
  });

  it("is none when the organisation turned reminders off", () => {
    expect(instant("2027-06-09T10:00:00+03:00", { ...riga, reminderDaysBefore: 0 })).toBe(
      undefined,
    );
  });
});

const booking = {
  id: "b1",
  organisationId: "o1",
  language: "ru",
  clientPhone: "+37120000001",
  clientEmail: "klients@example.lv",
  notify: true,
  reminders: true,
  startsAt: at("2027-06-09T10:00:00+03:00"),
};

describe("bookingMessages: one row per channel, only to what the client gave", () => {
  it("writes an SMS to the phone and an e-mail to the address, in the booking's language", () => {
    const rows = bookingMessages(booking, "cancelled", { by: "staff", reason: "Ill" });
    expect(rows).toEqual([
      expect.objectContaining({
        channel: "SMS",
        address: "+37120000001",
        kind: "cancelled",
        language: "ru",
        bookingId: "b1",
        organisationId: "o1",
        payload: { by: "staff", reason: "Ill" },
      }),
      expect.objectContaining({ channel: "EMAIL", address: "klients@example.lv" }),
    ]);
  });

  it("writes only the SMS without an e-mail, and nothing without consent", () => {
    expect(bookingMessages({ ...booking, clientEmail: null }, "confirmation")).toHaveLength(1);
    expect(bookingMessages({ ...booking, notify: false }, "confirmation")).toEqual([]);
  });
});

describe("reminderMessages: decided at booking time", () => {
  it("is due at the reminder instant", () => {
    const rows = reminderMessages(booking, riga, at("2027-06-01T10:00:00Z"));
    expect(rows.map((row) => [row.channel, row.kind, row.dueAt?.toISOString()])).toEqual([
      ["SMS", "reminder", "2027-06-08T06:00:00.000Z"],
      ["EMAIL", "reminder", "2027-06-08T06:00:00.000Z"],
    ]);
  });

  it("is none when booked after the reminder time, or when declined", () => {
    expect(reminderMessages(booking, riga, at("2027-06-08T06:00:00Z"))).toEqual([]);
    expect(reminderMessages(booking, riga, at("2027-06-08T05:59:59Z"))).toHaveLength(2);
    expect(
      reminderMessages({ ...booking, reminders: false }, riga, at("2027-06-01T10:00:00Z")),
    ).toEqual([]);
  });
});
