import type { AvailabilityResponse } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { newClient, postBooking } from "./support/clients.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.05 in Riga: the 10.00 slot is running.
const now = new Date("2026-11-23T08:05:00Z");
let ctx: TestContext;
let reception: StaffSession;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  // Liepājas 4 consultations: two places per slot, one of them kept for staff.
  await ctx.db.prisma.service.updateMany({
    where: { slug: "consultation", servicePoint: { slug: "liepajas-4" } },
    data: { capacityPerSlot: 2, staffOnlyCapacity: 1, maxActivePerPhone: null },
  });
  reception = await signIn(ctx, "liepajas@socd.lv");
});
afterAll(() => ctx.close());

const publicBook = (start: string, servicePoint = "liepajas-4") =>
  postBooking(ctx, { servicePoint, start });

function staffBook(
  kind: "walk_in" | "phone",
  start: string,
  options: { session?: StaffSession; servicePoint?: string; service?: string } = {},
) {
  return asStaff(ctx, options.session ?? reception, "POST", "/api/v1/staff/bookings", {
    kind,
    servicePoint: options.servicePoint ?? "liepajas-4",
    service: options.service ?? "consultation",
    start,
    client: newClient(),
  });
}

async function remaining(start: string, who: "public" | "walk_in" | "phone") {
  const date = start.slice(0, 10);
  const res =
    who === "public"
      ? await ctx.app.inject(
          `/api/v1/availability?servicePoint=liepajas-4&service=consultation&from=${date}&to=${date}`,
        )
      : await asStaff(
          ctx,
          reception,
          "GET",
          `/api/v1/staff/availability?servicePoint=liepajas-4&service=consultation&date=${date}&kind=${who}`,
        );
  expect(res.statusCode).toBe(200);
  const slot = (res.json() as AvailabilityResponse).days[0]?.slots.find(
    (s) => Date.parse(s.start) === Date.parse(start),
  );
  return slot?.remaining ?? 0;
}

describe("places kept for staff", () => {
  const slot = "2026-11-24T09:00:00+02:00";

  it("offers the public only its part, and staff the rest", async () => {
    expect(await remaining(slot, "public")).toBe(1);
    expect(await remaining(slot, "phone")).toBe(2);
    expect((await publicBook(slot)).statusCode).toBe(201);
    const second = await publicBook(slot);
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe("SLOT_FULL");
    expect(await remaining(slot, "public")).toBe(0);
    expect(await remaining(slot, "phone")).toBe(1);

    const byPhone = await staffBook("phone", slot);
    expect(byPhone.statusCode).toBe(201);
    expect(byPhone.json()).toMatchObject({ source: "staff", status: "booked" });
    expect(byPhone.json().reference).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(byPhone.json().manageToken).toEqual(expect.any(String));
    const third = await staffBook("phone", slot);
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe("SLOT_FULL");
  });

  it("lets staff use public places too, and gives a public place back when cancelled", async () => {
    const slot2 = "2026-11-24T09:15:00+02:00";
    const first = await staffBook("phone", slot2);
    const second = await staffBook("phone", slot2);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(await remaining(slot2, "public")).toBe(0);
    expect((await publicBook(slot2)).statusCode).toBe(409);

    const cancel = await asStaff(
      ctx,
      reception,
      "POST",
      `/api/v1/staff/bookings/${first.json().reference}/cancel`,
      { reason: "Called to cancel" },
    );
    expect(cancel.statusCode).toBe(200);
    expect(await remaining(slot2, "public")).toBe(1);
    expect((await publicBook(slot2)).statusCode).toBe(201);
  });

  it("gives the public its place back when a public booking is cancelled", async () => {
    const slot3 = "2026-11-24T09:30:00+02:00";
    const booked = await publicBook(slot3);
    expect(booked.statusCode).toBe(201);
    const cancel = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/bookings/${booked.json().reference}/cancel`,
      headers: { authorization: `Bearer ${booked.json().manageToken}` },
    });
    expect(cancel.statusCode).toBe(200);
    expect(await remaining(slot3, "public")).toBe(1);
    expect((await publicBook(slot3)).statusCode).toBe(201);
  });
});

describe("walk-ins", () => {
  it("books someone at the desk into the slot running now", async () => {
    const running = "2026-11-23T10:00:00+02:00";
    expect(await remaining(running, "public")).toBe(0);
    expect(await remaining(running, "walk_in")).toBe(2);
    const res = await staffBook("walk_in", running);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ source: "walk_in", start: running });
    const list = await asStaff(
      ctx,
      reception,
      "GET",
      "/api/v1/staff/service-points/liepajas-4/day?date=2026-11-23",
    );
    expect(list.json().bookings.map((b: { reference: string }) => b.reference)).toContain(
      res.json().reference,
    );
    const history = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: res.json().reference },
      include: { history: true },
    });
    expect(history.history[0]?.staffUserId).not.toBeNull();
    const audit = await ctx.db.prisma.auditEntry.count({
      where: { action: "booking.create.walk_in", entityId: history.id },
    });
    expect(audit).toBe(1);
  });

  it("refuses a walk-in into a full slot, a slot that has ended, and another day", async () => {
    const running = "2026-11-23T10:15:00+02:00";
    expect((await staffBook("walk_in", running)).statusCode).toBe(201);
    expect((await staffBook("walk_in", running)).statusCode).toBe(201);
    const full = await staffBook("walk_in", running);
    expect(full.statusCode).toBe(409);
    expect(full.json().code).toBe("SLOT_FULL");

    const ended = await staffBook("walk_in", "2026-11-23T09:45:00+02:00");
    expect(ended.statusCode).toBe(422);
    expect(ended.json().code).toBe("IN_THE_PAST");
    const tomorrow = await staffBook("walk_in", "2026-11-24T10:00:00+02:00");
    expect(tomorrow.statusCode).toBe(422);
    expect(tomorrow.json().code).toBe("TOO_FAR_AHEAD");
  });

  it("holds the daily limit for walk-ins", async () => {
    const koknese = await signIn(ctx, "reception@koknese.lv");
    const day = await asStaff(
      ctx,
      koknese,
      "GET",
      "/api/v1/staff/availability?servicePoint=koknese&service=shower&date=2026-11-23&kind=walk_in",
    );
    const slots = (day.json() as AvailabilityResponse).days[0]?.slots ?? [];
    expect(slots.length).toBeGreaterThanOrEqual(3);
    const starts = slots.slice(0, 3).map((s) => s.start);
    const results = [];
    for (const start of starts) {
      results.push(
        await staffBook("walk_in", start, {
          session: koknese,
          servicePoint: "koknese",
          service: "shower",
        }),
      );
    }
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 409]);
    expect(results[2]?.json().code).toBe("DAILY_LIMIT_REACHED");
  });

  it("books a caller with the public rules: not inside the notice", async () => {
    const soon = await staffBook("phone", "2026-11-23T10:30:00+02:00");
    expect(soon.statusCode).toBe(422);
    expect(soon.json().code).toBe("TOO_SOON");
  });
});

describe("who may book for whom", () => {
  it("keeps reception to their points and asks for the CSRF token", async () => {
    const elsewhere = await staffBook("phone", "2026-11-24T10:00:00+02:00", {
      servicePoint: "lacplesa-39",
    });
    expect(elsewhere.statusCode).toBe(403);
    const noToken = await staffBook("phone", "2026-11-24T10:00:00+02:00", {
      session: { cookie: reception.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe("CSRF_TOKEN_INVALID");
    const signedOut = await staffBook("phone", "2026-11-24T10:00:00+02:00", {
      session: { cookie: "" },
    });
    expect(signedOut.statusCode).toBe(401);
    const look = await asStaff(
      ctx,
      reception,
      "GET",
      "/api/v1/staff/availability?servicePoint=lacplesa-39&service=consultation&date=2026-11-24&kind=phone",
    );
    expect(look.statusCode).toBe(403);
  });
});
