import { type AvailabilityResponse, ZAvailabilityResponseSchema } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepExpiredHolds } from "../src/routes/holds/index.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { newClient } from "./support/clients.ts";

// Monday 23 Nov 2026, 10.00 in Riga; the test moves the clock. The Koknese shower has one
// place per hour, 9.00–15.00, and two a day (dailyLimit 2).
const base = new Date("2026-11-23T08:00:00Z");
let clock = base;
let ctx: TestContext;
const shower = { servicePoint: "koknese", service: "shower" };
const at = (day: string, hour: string) => `2026-${day}T${hour}:00:00+02:00`;

beforeAll(async () => {
  ctx = await createTestApp({ now: base, clock: () => clock });
});
afterAll(() => ctx.close());

function hold(start: string, target = shower, remoteAddress = "127.0.0.1") {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/holds",
    payload: { ...target, start },
    remoteAddress,
  });
}

function book(start: string, holdToken?: string, target = shower) {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: { ...target, start, client: newClient(), ...(holdToken ? { holdToken } : {}) },
  });
}

function release(holdToken: string) {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/holds/release",
    payload: { holdToken },
  });
}

/** The starts availability offers on a day. */
async function offered(day: string, target = shower): Promise<string[]> {
  const date = `2026-${day}`;
  const res = await ctx.app.inject({
    url: `/api/v1/availability?servicePoint=${target.servicePoint}&service=${target.service}&from=${date}&to=${date}`,
  });
  expect(res.statusCode).toBe(200);
  const body: AvailabilityResponse = ZAvailabilityResponseSchema.parse(res.json());
  return body.days.flatMap((d) => d.slots.map((slot) => slot.start));
}

async function counters(day: string, hour: string) {
  const serviceId = (
    await ctx.db.prisma.service.findFirstOrThrow({
      where: { slug: "shower", servicePoint: { slug: "koknese" } },
    })
  ).id;
  const slot = await ctx.db.prisma.slotCounter.findUnique({
    where: { serviceId_startsAt: { serviceId, startsAt: new Date(at(day, hour)) } },
  });
  const dayRow = await ctx.db.prisma.dayCounter.findUnique({
    where: { serviceId_localDate: { serviceId, localDate: new Date(`2026-${day}T00:00:00Z`) } },
  });
  return { slot: slot?.booked ?? 0, day: dayRow?.booked ?? 0 };
}

describe("a hold", () => {
  it("takes the place like a booking, and booking with its token keeps it for the client", async () => {
    clock = base;
    const start = at("11-24", "09");
    expect(await offered("11-24")).toContain(start);
    const res = await hold(start);
    expect(res.statusCode).toBe(201);
    const { holdToken, expiresAt } = res.json();
    // Ten minutes, rounded up to a whole minute, with Riga's offset.
    expect(expiresAt).toBe("2026-11-23T10:10:00+02:00");
    expect(await offered("11-24")).not.toContain(start);
    expect(await counters("11-24", "09")).toEqual({ slot: 1, day: 1 });

    // Anyone else is refused, by hold or by booking.
    expect((await hold(start)).json().code).toBe("SLOT_FULL");
    const other = await book(start);
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe("SLOT_FULL");

    // The holder books it, a few minutes later: no second place is taken.
    clock = new Date(base.getTime() + 7 * 60_000);
    const booked = await book(start, holdToken);
    expect(booked.statusCode).toBe(201);
    expect(await counters("11-24", "09")).toEqual({ slot: 1, day: 1 });
    expect(await ctx.db.prisma.hold.count()).toBe(0);
    // The token is used up: booking with it again competes, and the time is taken.
    expect((await book(start, holdToken)).json().code).toBe("SLOT_FULL");
  });

  it("counts against the daily limit", async () => {
    clock = base;
    expect((await hold(at("11-25", "09"))).statusCode).toBe(201);
    expect((await hold(at("11-25", "10"))).statusCode).toBe(201);
    expect(await offered("11-25")).toEqual([]);
    const third = await book(at("11-25", "11"));
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe("DAILY_LIMIT_REACHED");
    expect((await hold(at("11-25", "12"))).json().code).toBe("DAILY_LIMIT_REACHED");
  });

  it("frees its place by itself at expiresAt, with no process doing anything", async () => {
    clock = base;
    const start = at("11-26", "09");
    const { holdToken, expiresAt } = (await hold(start)).json();
    const expiry = new Date(expiresAt);

    clock = new Date(expiry.getTime() - 1);
    expect(await offered("11-26")).not.toContain(start);
    expect((await book(start)).json().code).toBe("SLOT_FULL");

    clock = expiry;
    // Offered again at once (the cached answer was for another minute), the counters
    // still count the hold, and nobody has swept it.
    expect(await offered("11-26")).toContain(start);
    expect(await counters("11-26", "09")).toEqual({ slot: 1, day: 1 });
    // The first booking of the day gives it back in its own transaction and takes it.
    const late = await book(start);
    expect(late.statusCode).toBe(201);
    expect(await counters("11-26", "09")).toEqual({ slot: 1, day: 1 });
    // The slow holder competes like anyone else, and loses.
    expect((await book(start, holdToken)).json().code).toBe("SLOT_FULL");
  });

  it("expired, still books the time for its holder when nobody took it", async () => {
    clock = base;
    const start = at("11-27", "09");
    const { holdToken, expiresAt } = (await hold(start)).json();
    clock = new Date(new Date(expiresAt).getTime() + 60_000);
    expect((await book(start, holdToken)).statusCode).toBe(201);
    expect(await counters("11-27", "09")).toEqual({ slot: 1, day: 1 });
  });

  it("expired holds of another slot of the day give the day's places back", async () => {
    clock = base;
    await hold(at("11-30", "09"));
    const { expiresAt } = (await hold(at("11-30", "10"))).json();
    clock = new Date(expiresAt);
    expect(await offered("11-30")).toHaveLength(6);
    expect((await book(at("11-30", "11"))).statusCode).toBe(201);
    expect(await counters("11-30", "09")).toEqual({ slot: 0, day: 1 });
    expect(await counters("11-30", "11")).toEqual({ slot: 1, day: 1 });
  });

  it("is given back at once when released, and releasing twice or a stranger's token is no error", async () => {
    clock = base;
    const start = at("12-01", "09");
    const { holdToken } = (await hold(start)).json();
    expect((await release(holdToken)).statusCode).toBe(204);
    expect(await counters("12-01", "09")).toEqual({ slot: 0, day: 0 });
    expect(await offered("12-01")).toContain(start);
    expect((await release(holdToken)).statusCode).toBe(204);
    expect((await release("no-such-hold")).statusCode).toBe(204);
  });

  it("keeps the promise of a time that has meanwhile come inside the minimum notice", async () => {
    // 12.00 on Monday: 14.00 is exactly the notice (120 minutes) away.
    clock = new Date("2026-11-23T10:00:00Z");
    const start = at("11-23", "14");
    const { holdToken } = (await hold(start)).json();
    clock = new Date("2026-11-23T10:05:00Z");
    // Anyone else would now be too late for it (checked before fullness).
    expect((await book(start)).json().code).toBe("TOO_SOON");
    expect((await book(start, holdToken)).statusCode).toBe(201);
  });

  it("is refused like a booking for a time that cannot be booked", async () => {
    clock = base;
    const res = await hold(at("11-28", "09"));
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().code).toBe("OUTSIDE_OPENING_HOURS");
    const unknown = await hold(at("12-02", "09"), { servicePoint: "koknese", service: "sauna" });
    expect(unknown.statusCode).toBe(404);
  });

  it("takes only the public part of a slot, leaving staff their places", async () => {
    clock = base;
    const consultation = { servicePoint: "saura-28", service: "consultation" };
    await ctx.db.prisma.service.updateMany({
      where: { slug: "consultation", servicePoint: { slug: "saura-28" } },
      data: { capacityPerSlot: 2, staffOnlyCapacity: 1 },
    });
    const start = "2026-11-24T08:00:00+02:00";
    expect((await hold(start, consultation)).statusCode).toBe(201);
    expect((await hold(start, consultation)).json().code).toBe("SLOT_FULL");
    expect(await offered("11-24", consultation)).not.toContain(start);
    const slot = await ctx.db.prisma.slotCounter.findFirstOrThrow({
      where: { startsAt: new Date(start), service: { servicePoint: { slug: "saura-28" } } },
    });
    expect(slot).toMatchObject({ booked: 1, publicBooked: 1 });
  });

  it("expired and swept, is deleted with its address and its places given back", async () => {
    clock = base;
    const start = at("12-03", "09");
    const { expiresAt } = (await hold(start)).json();
    expect(await sweepExpiredHolds(ctx.db.prisma, clock)).toBe(0);
    clock = new Date(expiresAt);
    expect(await sweepExpiredHolds(ctx.db.prisma, clock)).toBeGreaterThanOrEqual(1);
    expect(await counters("12-03", "09")).toEqual({ slot: 0, day: 0 });
    expect(await ctx.db.prisma.hold.count({ where: { expiresAt: { lte: clock } } })).toBe(0);
  });
});

describe("holds per address (limits on)", () => {
  let limited: TestContext;
  beforeAll(async () => {
    limited = await createTestApp({ now: base, env: { RATE_LIMITS: "on" } });
  });
  afterAll(() => limited.close());

  const post = (url: string, payload: object, remoteAddress: string) =>
    limited.app.inject({ method: "POST", url, payload, remoteAddress });

  it("allows HOLDS_PER_ADDRESS at once, and counts a hold as the address's booking", async () => {
    const a = "10.9.0.1";
    const first = await post("/api/v1/holds", { ...shower, start: at("11-24", "09") }, a);
    const second = await post("/api/v1/holds", { ...shower, start: at("11-24", "10") }, a);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const third = await post("/api/v1/holds", { ...shower, start: at("11-25", "09") }, a);
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe("TOO_MANY_ACTIVE_BOOKINGS");
    // The shower is scarce: two a day per address, and the two holds used them up.
    const direct = await post(
      "/api/v1/bookings",
      { ...shower, start: at("11-26", "09"), client: newClient() },
      a,
    );
    expect(direct.statusCode).toBe(429);
    // Booking a held time does not count again.
    const booked = await post(
      "/api/v1/bookings",
      {
        ...shower,
        start: at("11-24", "09"),
        client: newClient(),
        holdToken: first.json().holdToken,
      },
      a,
    );
    expect(booked.statusCode).toBe(201);
    // Another address is not affected.
    expect(
      (await post("/api/v1/holds", { ...shower, start: at("11-25", "09") }, "10.9.1.1")).statusCode,
    ).toBe(201);
  });
});
