import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClaimLostError } from "../src/lib/idempotency.ts";
import { anonymiseOldBookings } from "../src/lib/retention.ts";
import { bookingService } from "../src/routes/bookings/service.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { newClient } from "./support/clients.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

/**
 * Issue 11, the flows: which messages each booking event decides, in its transaction.
 * Nothing is configured to send here, so every row is NOT_CONFIGURED: what matters is that
 * the right rows (kind, payload, address, dueAt) are written with the change.
 */

// Monday 23 November 2026, 10:00 in Riga (+02:00): today's 09:00 reminders are past.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let admin: StaffSession;
let reception: StaffSession;
let kokneseAdmin: StaffSession;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@socd.lv");
  reception = await signIn(ctx, "liepajas@socd.lv");
  kokneseAdmin = await signIn(ctx, "admin@koknese.lv");
});
afterAll(() => ctx.close());

async function book(
  start: string,
  extra: { email?: string; reminders?: boolean; servicePoint?: string; phone?: string } = {},
) {
  const client = newClient();
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: {
      servicePoint: extra.servicePoint ?? "lacplesa-39",
      service: "consultation",
      start,
      language: "ru",
      client: {
        ...client,
        phone: extra.phone ?? client.phone,
        ...(extra.email ? { email: extra.email } : {}),
      },
      ...(extra.reminders === undefined ? {} : { reminders: extra.reminders }),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { reference: string; manageToken: string; client: { phone: string } };
}

async function messagesOf(reference: string) {
  const rows = await ctx.db.prisma.outboxMessage.findMany({
    where: { booking: { reference } },
    orderBy: [{ createdAt: "asc" }, { channel: "asc" }, { kind: "asc" }],
  });
  return rows.map((row) => ({
    channel: row.channel,
    kind: row.kind,
    address: row.address,
    language: row.language,
    payload: row.payload,
    status: row.status,
    dueAt: row.dueAt.toISOString(),
  }));
}

const kinds = async (reference: string) =>
  (await messagesOf(reference)).map((m) => `${m.channel}:${m.kind}`).sort();

describe("a public booking", () => {
  it("decides a confirmation now and a reminder at 09:00 on the working day before", async () => {
    const booking = await book("2026-11-25T10:00:00+02:00", { email: "anna@example.lv" });
    const rows = await messagesOf(booking.reference);
    const phone = booking.client.phone;
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          channel: "SMS",
          kind: "confirmation",
          address: phone,
          language: "ru",
          payload: {},
          status: "NOT_CONFIGURED",
          dueAt: now.toISOString(),
        },
        expect.objectContaining({
          channel: "EMAIL",
          kind: "confirmation",
          address: "anna@example.lv",
        }),
        expect.objectContaining({
          channel: "SMS",
          kind: "reminder",
          address: phone,
          dueAt: "2026-11-24T07:00:00.000Z",
        }),
        expect.objectContaining({
          channel: "EMAIL",
          kind: "reminder",
          dueAt: "2026-11-24T07:00:00.000Z",
        }),
      ]),
    );
    expect(rows).toHaveLength(4);
  });

  it("gets the reminder on Friday for a Monday visit", async () => {
    const booking = await book("2026-11-30T10:00:00+02:00");
    const reminders = (await messagesOf(booking.reference)).filter((m) => m.kind === "reminder");
    expect(reminders.map((m) => [m.channel, m.dueAt])).toEqual([
      ["SMS", "2026-11-27T07:00:00.000Z"],
    ]);
  });

  it("gets no reminder when booked after the reminder time (tomorrow's was at 09:00 today)", async () => {
    const booking = await book("2026-11-24T10:00:00+02:00");
    expect(await kinds(booking.reference)).toEqual(["SMS:confirmation"]);
  });

  it("gets no reminder when the client declined reminders, and the choice is stored", async () => {
    const booking = await book("2026-11-26T10:00:00+02:00", { reminders: false });
    expect(await kinds(booking.reference)).toEqual(["SMS:confirmation"]);
    const row = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: booking.reference },
    });
    expect(row.reminders).toBe(false);
  });

  it("answers 400 naming the field for an invalid e-mail, and writes nothing", async () => {
    const before = await ctx.db.prisma.outboxMessage.count();
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      payload: {
        servicePoint: "lacplesa-39",
        service: "consultation",
        start: "2026-11-26T11:00:00+02:00",
        client: { ...newClient(), email: "not-an-address" },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().code).toBe("VALIDATION_FAILED");
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(["body.client.email"]);
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(before);
  });

  it("writes no message when its booking's call rolls back", async () => {
    const service = bookingService(ctx.db.prisma, {
      sealer: ctx.app.sealer,
      outbox: ctx.app.outbox,
    });
    const before = await ctx.db.prisma.outboxMessage.count();
    const bookingsBefore = await ctx.db.prisma.booking.count();
    let decided: { id: string } | undefined;
    // An answer for an Idempotency-Key claim nobody holds: the call refuses it at its
    // very end (CLAIM_LOST), after the booking and its messages were written.
    await expect(
      service.create(
        {
          servicePoint: "lacplesa-39",
          service: "consultation",
          start: "2026-11-26T09:00:00+02:00",
          client: newClient(),
        },
        {
          language: "lv",
          now,
          answer: (row) => {
            decided = row;
            return {
              scope: "nobody",
              key: "no-such-claim",
              owner: "nobody",
              status: 201,
              body: { iv: "", tag: "", data: "" },
            };
          },
        },
      ),
    ).rejects.toBeInstanceOf(ClaimLostError);
    expect(decided).toBeDefined();
    // The messages went with the booking.
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(before);
    expect(await ctx.db.prisma.booking.count()).toBe(bookingsBefore);
    expect(await ctx.db.prisma.booking.count({ where: { id: decided?.id } })).toBe(0);
  });
});

describe("changes by the client", () => {
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  it("a reschedule decides the notice with the old start, and the reminder again", async () => {
    const booking = await book("2026-11-25T11:00:00+02:00", { email: "moves@example.lv" });
    const res = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/bookings/${booking.reference}/reschedule`,
      headers: auth(booking.manageToken),
      payload: { start: "2026-12-01T11:00:00+02:00" },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = await messagesOf(booking.reference);
    const reminders = rows.filter((m) => m.kind === "reminder");
    // The old reminder (24 November) is gone; the new one is on Monday 30 November.
    expect(reminders.map((m) => [m.channel, m.dueAt]).sort()).toEqual([
      ["EMAIL", "2026-11-30T07:00:00.000Z"],
      ["SMS", "2026-11-30T07:00:00.000Z"],
    ]);
    const notices = rows.filter((m) => m.kind === "rescheduled");
    expect(notices.map((m) => m.channel).sort()).toEqual(["EMAIL", "SMS"]);
    expect(notices[0]?.payload).toEqual({ from: "2026-11-25T09:00:00.000Z" });
  });

  it("a cancellation decides the notice and removes the reminder not yet sent", async () => {
    const booking = await book("2026-11-25T13:00:00+02:00");
    expect(await kinds(booking.reference)).toEqual(["SMS:confirmation", "SMS:reminder"]);
    const res = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/bookings/${booking.reference}/cancel`,
      headers: auth(booking.manageToken),
    });
    expect(res.statusCode).toBe(200);
    const rows = await messagesOf(booking.reference);
    expect(rows.map((m) => `${m.channel}:${m.kind}`).sort()).toEqual([
      "SMS:cancelled",
      "SMS:confirmation",
    ]);
    expect(rows.find((m) => m.kind === "cancelled")?.payload).toEqual({ by: "client" });
  });
});

describe("staff bookings and cancellations", () => {
  async function staffBook(notify: boolean | undefined, start: string) {
    const res = await asStaff(ctx, reception, "POST", "/api/v1/staff/bookings", {
      kind: "phone",
      servicePoint: "liepajas-4",
      service: "consultation",
      start,
      client: { ...newClient(), email: "caller@example.lv" },
      ...(notify === undefined ? {} : { notify }),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { reference: string };
  }

  it("sends nothing for a caller who did not agree to messages (the default)", async () => {
    const booking = await staffBook(undefined, "2026-11-25T13:00:00+02:00");
    expect(await kinds(booking.reference)).toEqual([]);
    const row = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: booking.reference },
    });
    expect(row.notify).toBe(false);
  });

  it("sends the confirmation with the link, and the reminder, when the caller agreed", async () => {
    const booking = await staffBook(true, "2026-11-25T14:00:00+02:00");
    expect(await kinds(booking.reference)).toEqual([
      "EMAIL:confirmation",
      "EMAIL:reminder",
      "SMS:confirmation",
      "SMS:reminder",
    ]);
  });

  it("a staff cancellation carries the reason and removes the reminder", async () => {
    const booking = await book("2026-11-25T15:00:00+02:00", { servicePoint: "liepajas-4" });
    const res = await asStaff(
      ctx,
      reception,
      "POST",
      `/api/v1/staff/bookings/${booking.reference}/cancel`,
      { reason: "The consultant is ill" },
    );
    expect(res.statusCode, res.body).toBe(200);
    const rows = await messagesOf(booking.reference);
    expect(rows.map((m) => m.kind).sort()).toEqual(["cancelled", "confirmation"]);
    expect(rows.find((m) => m.kind === "cancelled")?.payload).toEqual({
      by: "staff",
      reason: "The consultant is ill",
    });
  });
});

describe("GET /staff/bookings/{reference}/messages", () => {
  it("lists the booking's messages with their state, and the session says what is configured", async () => {
    const booking = await book("2026-11-26T08:00:00+02:00", { servicePoint: "liepajas-4" });
    const res = await asStaff(
      ctx,
      reception,
      "GET",
      `/api/v1/staff/bookings/${booking.reference}/messages`,
    );
    expect(res.statusCode).toBe(200);
    const list = res.json() as Record<string, unknown>[];
    expect(list.map((m) => [m.channel, m.kind, m.status, m.attempts])).toEqual([
      ["sms", "confirmation", "not_configured", 0],
      ["sms", "reminder", "not_configured", 0],
    ]);
    expect(list[0]).not.toHaveProperty("sentAt");
    expect(JSON.stringify(list)).not.toContain(booking.client.phone);

    const session = await asStaff(ctx, reception, "GET", "/api/v1/staff/session");
    expect(session.json().session.messaging).toEqual({ email: false, sms: false });
  });

  it("is refused to reception of another point, and unknown to another organisation", async () => {
    const booking = await book("2026-11-26T08:00:00+02:00", { servicePoint: "lacplesa-39" });
    const url = `/api/v1/staff/bookings/${booking.reference}/messages`;
    expect((await asStaff(ctx, reception, "GET", url)).statusCode).toBe(403);
    // Another organisation learns nothing, not even that the reference exists.
    const theirs = await asStaff(ctx, kokneseAdmin, "GET", url);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe("BOOKING_NOT_FOUND");
    expect((await asStaff(ctx, admin, "GET", url)).statusCode).toBe(200);
    const unknown = await asStaff(ctx, admin, "GET", "/api/v1/staff/bookings/AAAA-AAAA/messages");
    expect(unknown.statusCode).toBe(404);
  });

  it("shows administrators the failed messages of their own organisation only", async () => {
    const booking = await book("2026-12-01T09:00:00+02:00");
    await ctx.db.prisma.outboxMessage.updateMany({
      where: { booking: { reference: booking.reference }, kind: "confirmation" },
      data: { status: "FAILED", attempts: 6, lastError: "gateway 400: unknown number" },
    });
    const res = await asStaff(ctx, admin, "GET", "/api/v1/staff/messages/failed");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({
        reference: booking.reference,
        servicePoint: "lacplesa-39",
        channel: "sms",
        kind: "confirmation",
        status: "failed",
        attempts: 6,
        lastError: "gateway 400: unknown number",
      }),
    ]);
    const other = await asStaff(ctx, kokneseAdmin, "GET", "/api/v1/staff/messages/failed");
    expect(other.json()).toEqual([]);
    expect((await asStaff(ctx, reception, "GET", "/api/v1/staff/messages/failed")).statusCode).toBe(
      403,
    );
  });
});

describe("POST /bookings/recover: the lost link", () => {
  const recover = (payload: object, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: "POST", url: "/api/v1/bookings/recover", payload, headers });
  const links = (phone: string) =>
    ctx.db.prisma.outboxMessage.findMany({
      where: { kind: "link", booking: { clientPhone: phone } },
      include: { booking: { select: { reference: true } } },
      orderBy: { channel: "asc" },
    });

  it("sends a link per upcoming booking to the phone and e-mail on file, with the same answer as for nobody", async () => {
    const phone = "29111222";
    const first = await book("2026-12-01T10:00:00+02:00", { phone, email: "own@example.lv" });
    const second = await book("2026-12-02T10:00:00+02:00", { phone });
    const cancelled = await book("2026-12-03T10:00:00+02:00", {
      phone,
      servicePoint: "liepajas-4",
    });
    await ctx.app.inject({
      method: "POST",
      url: `/api/v1/bookings/${cancelled.reference}/cancel`,
      headers: { authorization: `Bearer ${cancelled.manageToken}` },
    });

    const matched = await recover({ phone: "+371 29111222" });
    const unmatched = await recover({ phone: "29111999" });
    expect(matched.statusCode).toBe(202);
    expect(unmatched.statusCode).toBe(202);
    expect(matched.json()).toEqual(unmatched.json());

    const rows = await links("+37129111222");
    expect(
      rows.map((row) => [row.booking?.reference, row.channel, row.address, row.language]).sort(),
    ).toEqual(
      [
        [first.reference, "EMAIL", "own@example.lv", "ru"],
        [first.reference, "SMS", "+37129111222", "ru"],
        [second.reference, "SMS", "+37129111222", "ru"],
      ].sort(),
    );
    expect(await ctx.db.prisma.outboxMessage.count({ where: { address: "+37129111999" } })).toBe(0);
  });

  it("with a reference sends only that booking's, and nothing when it is another phone's", async () => {
    const mine = await book("2026-12-07T10:00:00+02:00", { phone: "29333444" });
    // One booking of a service a day per phone (decision 018): the other is on another day.
    await book("2026-12-08T11:00:00+02:00", { phone: "29333444" });
    const theirs = await book("2026-12-07T09:00:00+02:00", { phone: "29555666" });

    const res = await recover({ phone: "29333444", reference: mine.reference });
    expect(res.statusCode).toBe(202);
    expect((await links("+37129333444")).map((row) => row.booking?.reference)).toEqual([
      mine.reference,
    ]);
    const wrong = await recover({ phone: "29333444", reference: theirs.reference });
    expect(wrong.statusCode).toBe(202);
    expect(wrong.json()).toEqual(res.json());
    expect(await links("+37129555666")).toEqual([]);
    expect((await links("+37129333444")).length).toBe(1);
  });

  it("refuses a malformed phone with 400 naming the field", async () => {
    const res = await recover({ phone: "12" });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(["body.phone"]);
  });
});

describe("POST /bookings/recover: rate limits", () => {
  let limited: TestContext;
  beforeAll(async () => {
    limited = await createTestApp({
      now,
      env: {
        RATE_LIMITS: "on",
        RATE_LIMIT_RECOVER_PER_HOUR: "3",
        RATE_LIMIT_RECOVER_PER_PHONE_PER_DAY: "2",
        TRUST_PROXY: "true",
      },
    });
  });
  afterAll(() => limited.close());
  const recover = (phone: string, address: string) =>
    limited.app.inject({
      method: "POST",
      url: "/api/v1/bookings/recover",
      payload: { phone },
      headers: { "x-forwarded-for": address },
    });

  it("limits one phone whoever asks, and one address whatever phone it names", async () => {
    expect((await recover("29000001", "198.51.100.1")).statusCode).toBe(202);
    expect((await recover("29000001", "198.51.100.2")).statusCode).toBe(202);
    const phoneLimited = await recover("29000001", "198.51.100.3");
    expect(phoneLimited.statusCode).toBe(429);
    expect(phoneLimited.headers["retry-after"]).toBeDefined();

    expect((await recover("29000011", "198.51.100.9")).statusCode).toBe(202);
    expect((await recover("29000012", "198.51.100.9")).statusCode).toBe(202);
    expect((await recover("29000013", "198.51.100.9")).statusCode).toBe(202);
    expect((await recover("29000014", "198.51.100.9")).statusCode).toBe(429);
  });
});

describe("closures: cancel and notify, or keep and call", () => {
  const close = (body: object) =>
    asStaff(ctx, reception, "POST", "/api/v1/staff/closures", {
      servicePoint: "liepajas-4",
      reason: "Heating failure",
      ...body,
    });

  it("keeps the bookings by default and lists them with phones, sending nothing", async () => {
    const booking = await book("2026-12-02T13:00:00+02:00", { servicePoint: "liepajas-4" });
    const res = await close({
      start: "2026-12-02T13:00:00+02:00",
      end: "2026-12-02T14:00:00+02:00",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().affected).toEqual([
      expect.objectContaining({
        reference: booking.reference,
        client: expect.objectContaining({ phone: booking.client.phone }),
      }),
    ]);
    expect(res.json()).not.toHaveProperty("cancelled");
    expect(await kinds(booking.reference)).toEqual(["SMS:confirmation", "SMS:reminder"]);
  });

  it("cancels and notifies with the text staff wrote, keeping the list with phones", async () => {
    const inside = await book("2026-12-08T13:00:00+02:00", {
      servicePoint: "liepajas-4",
      email: "inside@example.lv",
    });
    const outside = await book("2026-12-08T15:00:00+02:00", { servicePoint: "liepajas-4" });
    const res = await close({
      start: "2026-12-08T12:30:00+02:00",
      end: "2026-12-08T14:00:00+02:00",
      bookings: "cancel",
      message: "Please come on Friday instead; we are sorry.",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().affected).toEqual([]);
    expect(res.json().cancelled).toEqual([
      expect.objectContaining({
        reference: inside.reference,
        client: expect.objectContaining({ phone: inside.client.phone }),
      }),
    ]);
    const row = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: inside.reference },
    });
    expect(row.status).toBe("CANCELLED_BY_STAFF");
    const rows = await messagesOf(inside.reference);
    expect(rows.map((m) => `${m.channel}:${m.kind}`).sort()).toEqual([
      "EMAIL:cancelled",
      "EMAIL:confirmation",
      "SMS:cancelled",
      "SMS:confirmation",
    ]);
    expect(rows.find((m) => m.kind === "cancelled")?.payload).toEqual({
      by: "closure",
      message: "Please come on Friday instead; we are sorry.",
    });
    // The place is free again (a closure stops new bookings, but the counter is right).
    const places = await ctx.db.prisma.booking.count({
      where: { reference: outside.reference, status: "BOOKED" },
    });
    expect(places).toBe(1);
    expect(await kinds(outside.reference)).toEqual(["SMS:confirmation", "SMS:reminder"]);
  });

  it("needs the message to cancel and notify", async () => {
    const res = await close({
      start: "2026-12-04T12:00:00+02:00",
      end: "2026-12-04T14:00:00+02:00",
      bookings: "cancel",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(["body.message"]);
  });
});

describe("the organisation's reminder setting", () => {
  const url = "/api/v1/staff/organisation";

  it("is read and changed by administrators only, and moves the reminders not yet sent", async () => {
    const booking = await book("2026-12-09T10:00:00+02:00", { servicePoint: "saura-28" });
    const reminderDue = async () =>
      (await messagesOf(booking.reference))
        .filter((m) => m.kind === "reminder")
        .map((m) => m.dueAt);
    expect(await reminderDue()).toEqual(["2026-12-08T07:00:00.000Z"]);

    const read = await asStaff(ctx, admin, "GET", url);
    expect(read.json()).toEqual({
      organisation: "daugavpils",
      timezone: "Europe/Riga",
      reminderTime: "09:00",
      reminderDaysBefore: 1,
    });
    expect((await asStaff(ctx, reception, "GET", url)).statusCode).toBe(403);
    expect(
      (await asStaff(ctx, reception, "PATCH", url, { reminderTime: "10:00" })).statusCode,
    ).toBe(403);

    const moved = await asStaff(ctx, admin, "PATCH", url, {
      reminderTime: "17:30",
      reminderDaysBefore: 2,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ reminderTime: "17:30", reminderDaysBefore: 2 });
    // Two working days before Wednesday 9 December: Monday 7 December, 17:30.
    expect(await reminderDue()).toEqual(["2026-12-07T15:30:00.000Z"]);

    expect((await asStaff(ctx, admin, "PATCH", url, { reminderDaysBefore: 0 })).statusCode).toBe(
      200,
    );
    expect(await reminderDue()).toEqual([]);

    const back = await asStaff(ctx, admin, "PATCH", url, {
      reminderTime: "09:00",
      reminderDaysBefore: 1,
    });
    expect(back.statusCode).toBe(200);
    expect(await reminderDue()).toEqual(["2026-12-08T07:00:00.000Z"]);
    // Koknese keeps its own setting.
    expect((await asStaff(ctx, kokneseAdmin, "GET", url)).json()).toMatchObject({
      organisation: "koknese",
      reminderTime: "09:00",
      reminderDaysBefore: 1,
    });
  });

  it("refuses a time that is not HH:mm and a number of days out of range", async () => {
    const res = await asStaff(ctx, admin, "PATCH", url, {
      reminderTime: "9",
      reminderDaysBefore: 30,
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["body.reminderDaysBefore", "body.reminderTime"]);
  });
});

describe("privacy", () => {
  it("the GDPR export includes the messages; retention anonymises them and the sealed token", async () => {
    const booking = await book("2026-12-07T13:00:00+02:00", {
      phone: "29777888",
      email: "private@example.lv",
    });
    await ctx.db.prisma.outboxMessage.updateMany({
      where: { booking: { reference: booking.reference }, kind: "confirmation" },
      data: { body: "Your booking at Lāčplēša 39, link …", status: "SENT", sentAt: now },
    });
    const exported = await asStaff(
      ctx,
      admin,
      "GET",
      "/api/v1/staff/clients/export?phone=29777888",
    );
    expect(exported.statusCode).toBe(200);
    const [entry] = exported.json().bookings;
    expect(entry.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channel: "email",
          kind: "confirmation",
          address: "private@example.lv",
          status: "sent",
          body: "Your booking at Lāčplēša 39, link …",
          sentAt: now.toISOString(),
        }),
        expect.objectContaining({ channel: "sms", kind: "reminder", status: "not_configured" }),
      ]),
    );

    const later = new Date("2027-06-01T00:00:00Z");
    expect(await anonymiseOldBookings(ctx.db.prisma, { now: later, days: 90 })).toBeGreaterThan(0);
    const row = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: booking.reference },
      include: { messages: true },
    });
    expect(row.manageTokenSealed).toBeNull();
    expect(row.messages.length).toBeGreaterThan(0);
    for (const message of row.messages) {
      expect(message).toMatchObject({ address: "", body: null, payload: {} });
    }
    expect(
      await ctx.db.prisma.outboxMessage.count({
        where: { address: { in: ["private@example.lv", "+37129777888"] } },
      }),
    ).toBe(0);
  });
});
