import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let reception: StaffSession;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  // No per-phone cap: only the one-a-day rule can refuse here.
  await ctx.db.prisma.service.updateMany({ data: { maxActivePerPhone: null } });
  reception = await signIn(ctx, "admin@socd.lv");
});
afterAll(() => ctx.close());

let counter = 0;
function newPhone(): string {
  counter += 1;
  return `2${String(6_100_000 + counter)}`;
}

function book(start: string, phone: string, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    headers,
    payload: {
      servicePoint: "lacplesa-39",
      service: "consultation",
      start,
      client: { name: "Anna Bērziņa", phone },
    },
  });
}

describe("a second public booking of the same service on the same day", () => {
  it("is refused with 409 ALREADY_BOOKED_THAT_DAY, whatever the phone's spelling", async () => {
    const phone = newPhone();
    const first = await book("2026-11-24T08:00:00+02:00", phone);
    expect(first.statusCode).toBe(201);
    // Back, Confirm again: the same time, and another time the same day.
    for (const [start, spelling] of [
      ["2026-11-24T08:00:00+02:00", phone],
      ["2026-11-24T09:00:00+02:00", `+371 ${phone.slice(0, 2)} ${phone.slice(2)}`],
    ] as const) {
      const again = await book(start, spelling);
      expect(again.statusCode).toBe(409);
      expect(again.headers["content-type"]).toContain("application/problem+json");
      expect(again.json().code).toBe("ALREADY_BOOKED_THAT_DAY");
    }
    const bookings = await ctx.db.prisma.booking.count({
      where: { clientPhone: `+371${phone}` },
    });
    expect(bookings).toBe(1);
  });

  it("is allowed on another day, and again once the first is cancelled", async () => {
    const phone = newPhone();
    const first = await book("2026-11-24T08:15:00+02:00", phone);
    expect(first.statusCode).toBe(201);
    expect((await book("2026-11-25T08:15:00+02:00", phone)).statusCode).toBe(201);
    const { reference, manageToken } = first.json();
    const cancel = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/bookings/${reference}/cancel`,
      headers: { authorization: `Bearer ${manageToken}` },
    });
    expect(cancel.statusCode).toBe(200);
    expect((await book("2026-11-24T09:15:00+02:00", phone)).statusCode).toBe(201);
  });

  it("lets only one of two identical requests at once through", async () => {
    const phone = newPhone();
    const answers = await Promise.all([
      book("2026-11-24T08:30:00+02:00", phone, { "idempotency-key": "first-tab-0001" }),
      book("2026-11-24T08:30:00+02:00", phone, { "idempotency-key": "second-tab-0002" }),
      book("2026-11-24T08:45:00+02:00", phone),
    ]);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([201, 409, 409]);
    for (const res of answers.filter((a) => a.statusCode === 409)) {
      expect(res.json().code).toBe("ALREADY_BOOKED_THAT_DAY");
    }
    const bookings = await ctx.db.prisma.booking.count({
      where: { clientPhone: `+371${phone}`, status: "BOOKED" },
    });
    expect(bookings).toBe(1);
  });

  it("is refused when rescheduling onto a day the phone already has", async () => {
    const phone = newPhone();
    const monday = await book("2026-11-24T10:00:00+02:00", phone);
    const tuesday = await book("2026-11-25T10:00:00+02:00", phone);
    expect([monday.statusCode, tuesday.statusCode]).toEqual([201, 201]);
    const { reference, manageToken } = tuesday.json();
    const move = (start: string) =>
      ctx.app.inject({
        method: "POST",
        url: `/api/v1/bookings/${reference}/reschedule`,
        headers: { authorization: `Bearer ${manageToken}` },
        payload: { start },
      });
    const refused = await move("2026-11-24T10:15:00+02:00");
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("ALREADY_BOOKED_THAT_DAY");
    // Within its own day it moves freely.
    expect((await move("2026-11-25T10:15:00+02:00")).statusCode).toBe(200);
  });

  it("does not stop staff booking a family member who shares the phone", async () => {
    const phone = newPhone();
    expect((await book("2026-11-24T11:00:00+02:00", phone)).statusCode).toBe(201);
    const byPhone = await asStaff(ctx, reception, "POST", "/api/v1/staff/bookings", {
      kind: "phone",
      servicePoint: "lacplesa-39",
      service: "consultation",
      start: "2026-11-24T11:15:00+02:00",
      client: { name: "Pēteris Bērziņš", phone },
    });
    expect(byPhone.statusCode).toBe(201);
  });
});
