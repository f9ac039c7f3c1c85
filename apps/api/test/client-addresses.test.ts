import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { newClient } from "./support/clients.ts";

// Monday 23 Nov 2026, 10.00 in Riga. Limits on, behind one proxy (TRUST_PROXY=true), five
// bookings per address per hour; the Koknese shower is scarce: 2 per address per day.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({
    now,
    env: { RATE_LIMITS: "on", RATE_LIMIT_BOOKINGS_PER_HOUR: "5", TRUST_PROXY: "true" },
  });
});
afterAll(() => ctx.close());

let slot = 0;
/** A morning consultation at Vienības 8 nobody has booked yet in this file. */
function nextConsultation(): string {
  const day = 24 + Math.floor(slot / 16);
  const minutes = 8 * 60 + (slot % 16) * 15;
  slot += 1;
  const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return `2026-11-${day}T${time}:00+02:00`;
}

function book(options: {
  remoteAddress: string;
  forwardedFor?: string;
  key?: string;
  payload?: Record<string, unknown>;
}) {
  const headers: Record<string, string> = {};
  if (options.forwardedFor !== undefined) headers["x-forwarded-for"] = options.forwardedFor;
  if (options.key !== undefined) headers["idempotency-key"] = options.key;
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    headers,
    payload: options.payload ?? {
      servicePoint: "vienibas-8",
      service: "consultation",
      start: nextConsultation(),
      client: newClient(),
    },
    remoteAddress: options.remoteAddress,
  });
}

describe("the client's address behind a proxy", () => {
  it("is the entry the proxy added, not one the client wrote before it", async () => {
    // The proxy (10.0.0.9) appends the address it saw (10.83.0.1) to what the client sent.
    const statuses: number[] = [];
    for (let n = 1; n <= 6; n += 1) {
      const res = await book({
        remoteAddress: "10.0.0.9",
        forwardedFor: `203.0.113.${n}, 10.83.0.1`,
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it("never uses a forwarded value that is not an address: the socket's counts", async () => {
    const statuses: number[] = [];
    for (let n = 1; n <= 6; n += 1) {
      const res = await book({ remoteAddress: "10.0.0.10", forwardedFor: `not-an-ip-${n}` });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });
});

describe("addresses that are one client", () => {
  it("counts an IPv6 /64 as one address for a scarce service", async () => {
    const days = ["11-24", "11-25", "11-26", "11-27", "11-30", "12-01"];
    const statuses: number[] = [];
    for (const [i, day] of days.entries()) {
      const res = await book({
        remoteAddress: `2001:db8:aa:bb::${i + 1}`,
        payload: {
          servicePoint: "koknese",
          service: "shower",
          start: `2026-${day}T09:00:00+02:00`,
          client: newClient(),
        },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([201, 201, 429, 429, 429, 429]);
  });

  it("counts an IPv4-mapped IPv6 address as the IPv4 address", async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await book({ remoteAddress: "10.87.0.4" })).statusCode).toBe(201);
    }
    const mapped = await book({ remoteAddress: "::ffff:10.87.0.4" });
    expect(mapped.statusCode).toBe(429);
    expect(mapped.json().code).toBe("RATE_LIMITED");
  });
});

describe("Idempotency-Key and the hourly limit", () => {
  it("replays a booking that succeeded even after the address used up its hour", async () => {
    const payload = {
      servicePoint: "vienibas-8",
      service: "consultation",
      start: nextConsultation(),
      client: newClient(),
    };
    const key = "retry-after-limit-0001";
    const first = await book({ remoteAddress: "10.0.0.20", key, payload });
    expect(first.statusCode).toBe(201);
    for (let i = 0; i < 4; i += 1) {
      expect((await book({ remoteAddress: "10.0.0.20" })).statusCode).toBe(201);
    }
    expect((await book({ remoteAddress: "10.0.0.20" })).statusCode).toBe(429);

    const retry = await book({ remoteAddress: "10.0.0.20", key, payload });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.json()).toEqual(first.json());
  });

  it("refuses an empty key like any other invalid key", async () => {
    for (const key of ["", "x"]) {
      const res = await book({ remoteAddress: "10.0.0.21", key });
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
      expect(res.json().code).toBe("VALIDATION_FAILED");
      expect(res.json().errors[0].field).toBe("headers.idempotency-key");
    }
  });
});
