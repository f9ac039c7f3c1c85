import type { AvailabilityResponse } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga; the clock is moved by some tests.
let now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let admin: StaffSession;
let consultationId: string;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  ctx.app.now = () => now;
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@socd.lv");
  const service = await ctx.db.prisma.service.findFirstOrThrow({
    where: { slug: "consultation", servicePoint: { slug: "liepajas-4" } },
  });
  consultationId = service.id;
});
afterAll(() => ctx.close());

const week = "servicePoint=liepajas-4&service=consultation&from=2026-11-23&to=2026-11-29";

async function availability(query = week): Promise<AvailabilityResponse> {
  const res = await ctx.app.inject(`/api/v1/availability?${query}`);
  expect(res.statusCode).toBe(200);
  expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
  return res.json();
}

async function version(serviceId = consultationId): Promise<bigint> {
  const row = await ctx.db.prisma.availabilityVersion.findUniqueOrThrow({ where: { serviceId } });
  return row.version;
}

const starts = (body: AvailabilityResponse, date: string) =>
  body.days.find((day) => day.date === date)?.slots.map((slot) => slot.start.slice(11, 16)) ?? [];

describe("every change that shapes availability bumps the service's version", () => {
  it("a booking and its cancellation (the counters)", async () => {
    const before = await version();
    const booked = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      payload: {
        servicePoint: "liepajas-4",
        service: "consultation",
        start: "2026-11-24T08:00:00+02:00",
        client: { name: "Anna Kalna", phone: "26000001" },
      },
    });
    expect(booked.statusCode).toBe(201);
    const afterBooking = await version();
    expect(afterBooking).toBeGreaterThan(before);
    const cancelled = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/bookings/${booked.json().reference}/cancel`,
      headers: { authorization: `Bearer ${booked.json().manageToken}` },
    });
    expect(cancelled.statusCode).toBe(200);
    expect(await version()).toBeGreaterThan(afterBooking);
  });

  it("the service's settings, the point's hours and state, closures, the organisation", async () => {
    const changes: [string, () => Promise<unknown>][] = [
      [
        "service",
        () =>
          asStaff(
            ctx,
            admin,
            "PATCH",
            "/api/v1/staff/service-points/liepajas-4/services/consultation",
            {
              minNoticeMinutes: 60,
            },
          ),
      ],
      [
        "hours",
        async () => {
          const list = await asStaff(
            ctx,
            admin,
            "GET",
            "/api/v1/staff/service-points/liepajas-4/schedules",
          );
          const regular = list.json()[0];
          return asStaff(ctx, admin, "PUT", `/api/v1/staff/schedules/${regular.id}`, {
            kind: "regular",
            intervals: regular.intervals,
          });
        },
      ],
      [
        "point",
        () =>
          asStaff(ctx, admin, "PATCH", "/api/v1/staff/service-points/liepajas-4", {
            address: "Liepājas iela 4, Daugavpils, LV-5417",
          }),
      ],
      [
        "organisation-wide closure",
        () =>
          asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
            start: "2026-12-01T00:00:00+02:00",
            end: "2026-12-02T00:00:00+02:00",
            reason: "Inventarizācija",
          }),
      ],
      [
        "organisation",
        () =>
          ctx.db.prisma.organisation.update({
            where: { slug: "daugavpils" },
            data: { email: "soc@daugavpils.lv" },
          }),
      ],
    ];
    for (const [name, change] of changes) {
      const before = await version();
      const res = (await change()) as { statusCode?: number };
      if (res.statusCode !== undefined) expect(res.statusCode, name).toBeLessThan(300);
      expect(await version(), name).toBeGreaterThan(before);
    }
  });

  it("leaves other organisations' services alone", async () => {
    const shower = await ctx.db.prisma.service.findFirstOrThrow({
      where: { slug: "shower", servicePoint: { slug: "koknese" } },
    });
    const before = await version(shower.id);
    await asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
      start: "2026-12-03T00:00:00+02:00",
      end: "2026-12-04T00:00:00+02:00",
      reason: "Daugavpils only",
    });
    expect(await version(shower.id)).toBe(before);
  });
});

describe("answers reused while the version holds", () => {
  it("serves the stored answer until the version changes (shown by a change that skips the triggers)", async () => {
    const first = await availability();
    const slot = first.days[1]?.slots[0];
    expect(slot).toBeDefined();
    // Behind the triggers' back (replica mode skips them): a place taken, no new version.
    await ctx.db.prisma.$transaction([
      ctx.db.prisma.$executeRaw`SET LOCAL session_replication_role = replica`,
      ctx.db.prisma.$executeRaw`
        INSERT INTO "SlotCounter" ("serviceId", "startsAt", booked, "publicBooked")
        VALUES (${consultationId}::uuid, ${new Date(slot?.start ?? "")}, 1, 1)
        ON CONFLICT ("serviceId", "startsAt") DO UPDATE SET booked = 1, "publicBooked" = 1`,
    ]);
    const stale = await availability();
    expect(stale).toEqual(first);
    // Any ordinary change bumps the version: the next answer is computed afresh.
    await ctx.db.prisma
      .$executeRaw`SELECT "pieraksts_bump_availability"(ARRAY[${consultationId}::uuid])`;
    const fresh = await availability();
    expect(fresh.days[1]?.slots[0]?.start).not.toBe(slot?.start);
  });

  it("computes again when the minute changes", async () => {
    const at10 = starts(await availability(), "2026-11-23");
    now = new Date("2026-11-23T08:00:30Z");
    const inside = starts(await availability(), "2026-11-23");
    now = new Date("2026-11-23T08:31:00Z");
    const later = starts(await availability(), "2026-11-23");
    // The notice is 60 minutes now (changed above): from 10.00 the first slot is 11.00;
    // half a minute later 11.00 is inside the notice; at 10.31, 11.30 is the first.
    expect(at10[0]).toBe("11:00");
    expect(inside[0]).toBe("11:15");
    expect(later[0]).toBe("11:45");
    now = new Date("2026-11-23T08:00:00Z");
  });
});
