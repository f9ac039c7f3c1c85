import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimIdempotencyKey } from "../src/lib/idempotency.ts";
import { bookingFingerprint } from "../src/routes/bookings/index.ts";
import { createTestApp, type TestContext } from "./helpers.ts";

// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ now });
});
afterAll(() => ctx.close());

let phoneCounter = 0;
/** A fresh valid Latvian mobile number per booking, so the per-phone cap stays out of the way. */
function nextPhone(): string {
  phoneCounter += 1;
  return `2${String(1000000 + phoneCounter).padStart(7, "0")}`;
}

function bookingBody(overrides: Record<string, unknown> = {}) {
  return {
    servicePoint: "lacplesa-39",
    service: "consultation",
    start: "2026-11-24T08:00:00+02:00",
    client: { name: "Anna Bērziņa", phone: nextPhone() },
    ...overrides,
  };
}

async function book(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return ctx.app.inject({ method: "POST", url: "/api/v1/bookings", payload: body, headers });
}

async function remaining(servicePoint: string, service: string, start: string): Promise<number> {
  const date = start.slice(0, 10);
  const res = await ctx.app.inject({
    url: `/api/v1/availability?servicePoint=${servicePoint}&service=${service}&from=${date}&to=${date}`,
  });
  const slot = res.json().days[0].slots.find((s: { start: string }) => s.start === start);
  return slot?.remaining ?? 0;
}

function manage(
  reference: string,
  token: string,
  action = "",
  method: "GET" | "POST" = "GET",
  payload?: object,
) {
  return ctx.app.inject({
    method,
    url: `/api/v1/bookings/${reference}${action}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });
}

describe("POST /api/v1/bookings", () => {
  it("books a slot and answers with a reference and a manage token", async () => {
    const body = bookingBody({
      client: { name: "  Jānis Ozols ", phone: "20 123 456", email: "j@example.lv" },
    });
    const res = await book(body);
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      status: "booked",
      start: "2026-11-24T08:00:00+02:00",
      end: "2026-11-24T08:15:00+02:00",
      timezone: "Europe/Riga",
      servicePoint: "lacplesa-39",
      service: "consultation",
      language: "lv",
      client: { name: "Jānis Ozols", phone: "+37120123456", email: "j@example.lv" },
      location: { address: "Lāčplēša iela 39, Daugavpils" },
    });
    expect(created.reference).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(created.reference).not.toMatch(/[01OIL]/);
    expect(Buffer.from(created.manageToken, "base64url")).toHaveLength(32);
    expect(created.requirements).toContain(
      "Ierodieties 5 minūtes pirms noteiktā pieņemšanas laika.",
    );
    expect(res.headers.location).toBe(`/api/v1/bookings/${created.reference}`);

    const row = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: created.reference },
      include: { history: true },
    });
    expect(row.manageTokenHash).toBe(
      createHash("sha256").update(created.manageToken).digest("hex"),
    );
    expect(JSON.stringify(row)).not.toContain(created.manageToken);
    expect(row.history.map((h) => [h.fromStatus, h.toStatus])).toEqual([[null, "BOOKED"]]);
    expect(await remaining("lacplesa-39", "consultation", "2026-11-24T08:00:00+02:00")).toBe(1);
  });

  it("refuses a full slot with 409 SLOT_FULL", async () => {
    const start = "2026-11-24T08:15:00+02:00";
    expect((await book(bookingBody({ start }))).statusCode).toBe(201);
    expect((await book(bookingBody({ start }))).statusCode).toBe(201);
    const third = await book(bookingBody({ start }));
    expect(third.statusCode).toBe(409);
    expect(third.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(third.json()).toMatchObject({ code: "SLOT_FULL", status: 409 });
    expect(await remaining("lacplesa-39", "consultation", start)).toBe(0);
  });

  it("refuses past the daily limit with 409 DAILY_LIMIT_REACHED", async () => {
    const shower = (time: string) =>
      bookingBody({
        servicePoint: "koknese",
        service: "shower",
        start: `2026-11-25T${time}:00:00+02:00`,
      });
    expect((await book(shower("09"))).statusCode).toBe(201);
    expect((await book(shower("10"))).statusCode).toBe(201);
    const third = await book(shower("11"));
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe("DAILY_LIMIT_REACHED");
  });

  it.each([
    ["2026-11-27T08:00:00+02:00", "OUTSIDE_OPENING_HOURS"], // Friday
    ["2026-12-24T08:00:00+02:00", "OUTSIDE_OPENING_HOURS"], // Christmas Eve
    ["2026-11-24T12:00:00+02:00", "OUTSIDE_OPENING_HOURS"], // lunch break
    ["2026-11-24T08:05:00+02:00", "NOT_A_SLOT_START"],
    ["2026-11-23T08:00:00+02:00", "IN_THE_PAST"],
    ["2026-11-23T11:00:00+02:00", "TOO_SOON"], // inside two hours' notice
    ["2027-02-01T08:00:00+02:00", "TOO_FAR_AHEAD"],
  ])("refuses %s with 422 %s", async (start, code) => {
    const res = await book(bookingBody({ start }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code, status: 422 });
  });

  it("accepts the same instant written in UTC", async () => {
    const res = await book(bookingBody({ start: "2026-11-24T06:30:00Z" }));
    expect(res.statusCode).toBe(201);
    expect(res.json().start).toBe("2026-11-24T08:30:00+02:00");
  });

  it.each([
    [{ client: { name: "A", phone: "20000000" } }, "body.client.name"],
    [{ client: { name: "Anna", phone: "12345" } }, "body.client.phone"],
    [{ client: { name: "Anna", phone: "20000000", email: "not-mail" } }, "body.client.email"],
    [{ start: "2026-11-24 08:00" }, "body.start"],
    [{ start: "2026-11-24T08:00:00" }, "body.start"],
    [{ client: { name: "x".repeat(101), phone: "20000000" } }, "body.client.name"],
    [{ answers: { favouriteColour: "blue" } }, "body.answers.favouriteColour"],
  ])("refuses %o with 400 naming %s", async (overrides, field) => {
    const res = await book(bookingBody(overrides));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("asks gift packages for an eligibility category and keeps it", async () => {
    const gift = {
      servicePoint: "liepajas-4",
      service: "gift-packages",
      start: "2026-12-21T08:00:00+02:00",
    };
    const missing = await book(bookingBody(gift));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe("body.answers.eligibility");
    const wrong = await book(bookingBody({ ...gift, answers: { eligibility: "everyone" } }));
    expect(wrong.statusCode).toBe(400);
    const ok = await book(
      bookingBody({ ...gift, answers: { eligibility: "child-with-disability" } }),
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.json().answers).toEqual({ eligibility: "child-with-disability" });
  });

  it("keeps the laundry's contactless answer and checks its type", async () => {
    const laundry = {
      servicePoint: "koknese",
      service: "laundry",
      start: "2026-11-26T09:00:00+02:00",
    };
    const bad = await book(bookingBody({ ...laundry, answers: { contactless: "yes" } }));
    expect(bad.statusCode).toBe(400);
    const ok = await book(bookingBody({ ...laundry, answers: { contactless: true } }));
    expect(ok.json().answers).toEqual({ contactless: true });
  });

  it("answers malformed JSON with 400, never 500", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
  });

  it("answers unknown points and services with 404", async () => {
    expect((await book(bookingBody({ servicePoint: "riga-1" }))).json().code).toBe(
      "SERVICE_POINT_NOT_FOUND",
    );
    expect((await book(bookingBody({ service: "massage" }))).json().code).toBe("SERVICE_NOT_FOUND");
  });

  it("answers a withdrawn service or point with 404 before looking at the answers", async () => {
    // Gift packages ask for an eligibility category; this request gives none.
    const gift = {
      servicePoint: "liepajas-4",
      service: "gift-packages",
      start: "2026-12-21T08:00:00+02:00",
    };
    const prisma = ctx.db.prisma;
    const service = { slug: "gift-packages", servicePoint: { slug: "liepajas-4" } };
    try {
      await prisma.service.updateMany({ where: service, data: { active: false } });
      const withdrawn = await book(bookingBody(gift));
      expect([withdrawn.statusCode, withdrawn.json().code]).toEqual([404, "SERVICE_NOT_FOUND"]);
      await prisma.service.updateMany({ where: service, data: { active: true } });
      await prisma.servicePoint.update({ where: { slug: "liepajas-4" }, data: { active: false } });
      const closed = await book(bookingBody(gift));
      expect([closed.statusCode, closed.json().code]).toEqual([404, "SERVICE_POINT_NOT_FOUND"]);
    } finally {
      await prisma.service.updateMany({ where: service, data: { active: true } });
      await prisma.servicePoint.update({ where: { slug: "liepajas-4" }, data: { active: true } });
    }
    expect((await book(bookingBody(gift))).json().code).toBe("VALIDATION_FAILED");
  });

  it("caps active future bookings per phone number and service", async () => {
    const phone = "+371 29 999 999";
    // One a day (decision 018): the three are on three days.
    const at = (date: string) =>
      bookingBody({ start: `${date}T09:00:00+02:00`, client: { name: "Ilze", phone } });
    expect((await book(at("2026-11-25"))).statusCode).toBe(201);
    expect(
      (await book({ ...at("2026-11-26"), client: { name: "Ilze", phone: "29999999" } })).statusCode,
    ).toBe(201);
    const third = await book(at("2026-11-30"));
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe("TOO_MANY_ACTIVE_BOOKINGS");
  });
});

describe("managing a booking with the reference and token", () => {
  it("shows it; a wrong token and a wrong reference answer the same 404", async () => {
    const created = (await book(bookingBody({ start: "2026-11-24T09:00:00+02:00" }))).json();
    const res = await manage(created.reference, created.manageToken);
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.json()).toMatchObject({ reference: created.reference, status: "booked" });
    expect(res.json().manageToken).toBeUndefined();

    const loose = await manage(
      created.reference.toLowerCase().replace("-", ""),
      created.manageToken,
    );
    expect(loose.statusCode).toBe(200);

    const wrongToken = await manage(created.reference, "x".repeat(43));
    const wrongReference = await manage("ABCD-EFGH", created.manageToken);
    const noToken = await ctx.app.inject({ url: `/api/v1/bookings/${created.reference}` });
    for (const answer of [wrongToken, wrongReference, noToken]) {
      expect(answer.statusCode).toBe(404);
      expect(answer.json().code).toBe("BOOKING_NOT_FOUND");
      expect(answer.json().detail).toBe(wrongToken.json().detail);
    }
  });

  it("cancels, freeing the place at once, and records the change", async () => {
    const start = "2026-11-24T09:15:00+02:00";
    const created = (await book(bookingBody({ start }))).json();
    expect(await remaining("lacplesa-39", "consultation", start)).toBe(1);
    const res = await manage(created.reference, created.manageToken, "/cancel", "POST");
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("cancelled_by_client");
    expect(await remaining("lacplesa-39", "consultation", start)).toBe(2);
    const again = await manage(created.reference, created.manageToken, "/cancel", "POST");
    expect(again.json().status).toBe("cancelled_by_client");
    expect(await remaining("lacplesa-39", "consultation", start)).toBe(2);
    const history = await ctx.db.prisma.bookingStatusChange.findMany({
      where: { booking: { reference: created.reference } },
      orderBy: { at: "asc" },
    });
    expect(history.map((h) => h.toStatus)).toEqual(["BOOKED", "CANCELLED_BY_CLIENT"]);
    const reschedule = await manage(created.reference, created.manageToken, "/reschedule", "POST", {
      start: "2026-11-24T09:30:00+02:00",
    });
    expect(reschedule.statusCode).toBe(409);
    expect(reschedule.json().code).toBe("BOOKING_NOT_ACTIVE");
  });

  it("reschedules atomically: the new place is taken and the old one freed", async () => {
    const from = "2026-11-24T09:45:00+02:00";
    const to = "2026-11-24T10:00:00+02:00";
    const created = (await book(bookingBody({ start: from }))).json();
    const res = await manage(created.reference, created.manageToken, "/reschedule", "POST", {
      start: to,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ start: to, status: "booked", reference: created.reference });
    expect(await remaining("lacplesa-39", "consultation", from)).toBe(2);
    expect(await remaining("lacplesa-39", "consultation", to)).toBe(1);
    const history = await ctx.db.prisma.bookingStatusChange.findMany({
      where: { booking: { reference: created.reference } },
      orderBy: { at: "asc" },
    });
    expect(history.at(-1)).toMatchObject({ reason: "rescheduled", toStatus: "BOOKED" });
  });

  it("leaves the booking untouched when the target is full or not bookable", async () => {
    const full = "2026-11-24T10:15:00+02:00";
    await book(bookingBody({ start: full }));
    await book(bookingBody({ start: full }));
    const mine = (await book(bookingBody({ start: "2026-11-24T10:30:00+02:00" }))).json();
    const res = await manage(mine.reference, mine.manageToken, "/reschedule", "POST", {
      start: full,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("SLOT_FULL");
    const closed = await manage(mine.reference, mine.manageToken, "/reschedule", "POST", {
      start: "2026-11-27T10:00:00+02:00",
    });
    expect(closed.statusCode).toBe(422);
    const after = (await manage(mine.reference, mine.manageToken)).json();
    expect(after.start).toBe("2026-11-24T10:30:00+02:00");
    expect(await remaining("lacplesa-39", "consultation", "2026-11-24T10:30:00+02:00")).toBe(1);
    expect(await remaining("lacplesa-39", "consultation", full)).toBe(0);
  });

  it("moves within a full day without counting the day twice, but not into another full day", async () => {
    const shower = (day: string, time: string) =>
      bookingBody({
        servicePoint: "koknese",
        service: "shower",
        start: `2026-12-${day}T${time}:00:00+02:00`,
      });
    const first = (await book(shower("01", "09"))).json();
    await book(shower("01", "10"));
    await book(shower("02", "09"));
    await book(shower("02", "10"));
    const sameDay = await manage(first.reference, first.manageToken, "/reschedule", "POST", {
      start: "2026-12-01T13:00:00+02:00",
    });
    expect(sameDay.statusCode).toBe(200);
    const otherDay = await manage(first.reference, first.manageToken, "/reschedule", "POST", {
      start: "2026-12-02T13:00:00+02:00",
    });
    expect(otherDay.statusCode).toBe(409);
    expect(otherDay.json().code).toBe("DAILY_LIMIT_REACHED");
    const counters = await ctx.db.prisma.dayCounter.findMany({
      where: {
        service: { slug: "shower" },
        localDate: { in: [new Date("2026-12-01"), new Date("2026-12-02")] },
      },
      orderBy: { localDate: "asc" },
    });
    expect(counters.map((c) => c.booked)).toEqual([2, 2]);
  });

  it("serves an RFC 5545 calendar file", async () => {
    const created = (
      await book(bookingBody({ start: "2026-11-24T11:00:00+02:00", language: "en" }))
    ).json();
    const res = await manage(created.reference, created.manageToken, "/calendar.ics");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    const ics = res.body.replace(/\r\n[ \t]/g, "");
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain("DTSTART:20261124T090000Z");
    expect(ics).toContain("DTEND:20261124T091500Z");
    expect(ics).toContain("X-WR-TIMEZONE:Europe/Riga");
    expect(ics).toContain("Lāčplēša iela 39\\, Daugavpils");
    expect(ics).toContain(created.reference);
    expect(ics).toContain("Bring an identity document");
    expect(ics).toContain("END:VCALENDAR");
  });
});

describe("Idempotency-Key", () => {
  it("replays the first response for the same key and body, booking once", async () => {
    const body = bookingBody({ start: "2026-11-24T11:15:00+02:00" });
    const key = "retry-test-0001";
    const first = await book(body, { "idempotency-key": key });
    const second = await book(body, { "idempotency-key": key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json()).toEqual(first.json());
    const count = await ctx.db.prisma.booking.count({
      where: { clientPhone: `+371${body.client.phone}` },
    });
    expect(count).toBe(1);
    const record = await ctx.db.prisma.idempotencyRecord.findFirstOrThrow({
      where: { state: "COMPLETED" },
    });
    expect(JSON.stringify(record)).not.toContain(first.json().manageToken);
    expect(JSON.stringify(record)).not.toContain(key);
  });

  it("refuses the same key with a different body", async () => {
    const key = "retry-test-0002";
    await book(bookingBody({ start: "2026-11-24T11:30:00+02:00" }), { "idempotency-key": key });
    const other = await book(bookingBody({ start: "2026-11-24T11:45:00+02:00" }), {
      "idempotency-key": key,
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("answers 409 while the first request with the key is still running", async () => {
    const body = bookingBody({ start: "2026-11-25T08:00:00+02:00" });
    const key = "retry-test-0003";
    const claim = await claimIdempotencyKey(ctx.db.prisma, {
      rawKey: key,
      caller: "127.0.0.1",
      fingerprint: bookingFingerprint(body),
      now,
      leaseMs: 15_000,
    });
    expect(claim.kind).toBe("claimed");
    const res = await book(body, { "idempotency-key": key });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("IDEMPOTENCY_KEY_IN_USE");
  });

  it("takes over a claim whose owner died once its lease has passed, and not before", async () => {
    // The clock is pinned at `now`; the claims below were made a lease ago, or just less.
    const lease = ctx.app.config.IDEMPOTENCY_LEASE_SECONDS * 1000;
    const deadOwner = (key: string, body: Record<string, unknown>, claimedAt: number) =>
      claimIdempotencyKey(ctx.db.prisma, {
        rawKey: key,
        caller: "127.0.0.1",
        fingerprint: bookingFingerprint(body),
        now: new Date(claimedAt),
        leaseMs: lease,
      });

    const young = bookingBody({ start: "2026-11-25T09:00:00+02:00" });
    expect((await deadOwner("retry-test-0010", young, now.getTime() - lease + 1)).kind).toBe(
      "claimed",
    );
    const tooSoon = await book(young, { "idempotency-key": "retry-test-0010" });
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json().code).toBe("IDEMPOTENCY_KEY_IN_USE");
    expect(tooSoon.headers["retry-after"]).toBe("1");

    const old = bookingBody({ start: "2026-11-25T09:15:00+02:00" });
    const abandoned = await deadOwner("retry-test-0011", old, now.getTime() - lease);
    expect(abandoned.kind).toBe("claimed");
    const taken = await book(old, { "idempotency-key": "retry-test-0011" });
    expect(taken.statusCode).toBe(201);
    const replay = await book(old, { "idempotency-key": "retry-test-0011" });
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json().reference).toBe(taken.json().reference);
    // The old owner, were it only slow, can no longer store its own answer.
    if (abandoned.kind !== "claimed") throw new Error("expected a claim");
    await expect(abandoned.complete({ status: 201, body: {} })).rejects.toThrow(/taken over/);
    const count = await ctx.db.prisma.booking.count({
      where: { clientPhone: `+371${old.client.phone}` },
    });
    expect(count).toBe(1);
  });

  it("replays a definite refusal too, and forgets a key after 24 hours", async () => {
    const body = bookingBody({ start: "2026-11-27T08:00:00+02:00" }); // Friday: closed
    const key = "retry-test-0004";
    expect((await book(body, { "idempotency-key": key })).statusCode).toBe(422);
    const replay = await book(body, { "idempotency-key": key });
    expect(replay.statusCode).toBe(422);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.json().code).toBe("OUTSIDE_OPENING_HOURS");

    const later = bookingBody({ start: "2026-11-25T08:15:00+02:00" });
    const key2 = "retry-test-0005";
    const first = (await book(later, { "idempotency-key": key2 })).json();
    await ctx.db.prisma.idempotencyRecord.updateMany({
      where: { state: "COMPLETED" },
      data: { expiresAt: new Date(now.getTime() - 1) },
    });
    const fresh = await book(
      { ...later, start: "2026-11-26T08:30:00+02:00" },
      { "idempotency-key": key2 },
    );
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().reference).not.toBe(first.reference);
  });

  it("is scoped to the caller: another address neither sees nor replays the response", async () => {
    const body = bookingBody({ start: "2026-11-25T08:45:00+02:00" });
    const key = "retry-test-0006";
    const mine = await book(body, { "idempotency-key": key });
    const theirs = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      payload: { ...body, client: { name: "Other", phone: nextPhone() } },
      headers: { "idempotency-key": key },
      remoteAddress: "10.1.2.3",
    });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().reference).not.toBe(mine.json().reference);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("refuses a malformed key", async () => {
    const res = await book(bookingBody({ start: "2026-11-25T09:45:00+02:00" }), {
      "idempotency-key": "short",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("headers.idempotency-key");
  });
});
