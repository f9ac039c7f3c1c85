import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";

const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({
    now,
    env: {
      RATE_LIMITS: "on",
      RATE_LIMIT_BOOKINGS_PER_HOUR: "2",
      RATE_LIMIT_FAILED_LOOKUPS_PER_10_MIN: "3",
      RATE_LIMIT_LOOKUPS_PER_10_MIN: "100",
    },
  });
});
afterAll(() => ctx.close());

function book(start: string, phone: string, remoteAddress = "192.0.2.1") {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: {
      servicePoint: "vienibas-8",
      service: "consultation",
      start,
      client: { name: "Pēteris", phone },
    },
    remoteAddress,
  });
}

describe("rate limits (shared through the database)", () => {
  it("limits booking creation per address, with Retry-After", async () => {
    expect((await book("2026-11-24T08:00:00+02:00", "21000001")).statusCode).toBe(201);
    expect((await book("2026-11-24T08:15:00+02:00", "21000002")).statusCode).toBe(201);
    const third = await book("2026-11-24T08:30:00+02:00", "21000003");
    expect(third.statusCode).toBe(429);
    expect(third.json().code).toBe("RATE_LIMITED");
    expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await book("2026-11-24T08:30:00+02:00", "21000004", "192.0.2.2")).statusCode).toBe(201);
  });

  it("after a few wrong tokens refuses even the right one from that address", async () => {
    const created = (await book("2026-11-24T08:45:00+02:00", "21000005", "192.0.2.3")).json();
    const lookup = (token: string, remoteAddress: string) =>
      ctx.app.inject({
        url: `/api/v1/bookings/${created.reference}`,
        headers: { authorization: `Bearer ${token}` },
        remoteAddress,
      });
    for (let i = 0; i < 3; i++)
      expect((await lookup(`guess-${i}`, "198.51.100.7")).statusCode).toBe(404);
    const blocked = await lookup(created.manageToken, "198.51.100.7");
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe("RATE_LIMITED");
    expect((await lookup(created.manageToken, "198.51.100.8")).statusCode).toBe(200);
  });

  it("keeps its counters in the database, where every process sees them", async () => {
    const rows = await ctx.db.prisma.rateLimitBucket.findMany();
    expect(rows.map((row) => row.key)).toEqual(
      expect.arrayContaining(["bookings:192.0.2.1", "lookup-fail:198.51.100.7"]),
    );
  });
});
