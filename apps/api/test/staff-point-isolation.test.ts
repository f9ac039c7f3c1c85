import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { asStaff, createStaff, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga; the bookings are for Tuesday 24 Nov.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;

// Point A's clients; the reader works at point B (liepajas-4) of the same organisation.
const pointA = "lacplesa-39";
const pointB = "liepajas-4";
const clientsOfA = [
  { name: "Austra Lāčplēšane", phone: "29111222", stored: "+37129111222" },
  { name: "Bruno Lāčplēsis", phone: "29333444", stored: "+37129333444" },
];

type Operation = {
  path: string;
  parameters: {
    name: string;
    in: "path" | "query";
    required?: boolean;
    schema?: { enum?: string[] };
  }[];
};

const referencesOfA: string[] = [];

/** Every staff GET the app serves, from its own OpenAPI document: a new one is never forgotten. */
async function staffGets(): Promise<Operation[]> {
  const document = (await ctx.app.inject({ url: "/openapi.json" })).json();
  return Object.entries(document.paths as Record<string, { get?: Operation }>)
    .filter(([path, item]) => item.get && path.startsWith("/api/v1/staff/"))
    .map(([path, item]) => ({ path, parameters: item.get?.parameters ?? [] }));
}

/** A value for each parameter a staff GET can take, pointed at `point` and A's clients. */
function valueFor(parameter: Operation["parameters"][number], point: string): string | undefined {
  const values: Record<string, string> = {
    servicePoint: point,
    service: "consultation",
    date: "2026-11-24",
    from: "2026-11-23",
    to: "2026-11-30",
    phone: clientsOfA[0]?.phone ?? "",
    // A booking of A's (its messages, for instance).
    reference: referencesOfA[0] ?? "",
    // A webhook endpoint (of nobody here: the answer is 404 for anyone).
    id: "00000000-0000-4000-8000-000000000000",
  };
  return values[parameter.name] ?? parameter.schema?.enum?.[0];
}

function urlFor(operation: Operation, point: string): string {
  let path = operation.path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    const value = valueFor(parameter, point);
    if (value === undefined) {
      if (parameter.required) {
        throw new Error(`Give ${operation.path}'s parameter "${parameter.name}" a value here`);
      }
      continue;
    }
    if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, value);
    else query.set(parameter.name, value);
  }
  return query.size ? `${path}?${query}` : path;
}

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  for (const [index, client] of clientsOfA.entries()) {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      payload: {
        service: "consultation",
        servicePoint: pointA,
        start: `2026-11-24T0${8 + index}:00:00+02:00`,
        client: { name: client.name, phone: client.phone },
      },
    });
    expect(res.statusCode).toBe(201);
    referencesOfA.push(res.json().reference);
  }
  // The whole organisation closes on Tuesday: A's clients are inside it.
  const admin = await signIn(ctx, "admin@socd.lv");
  const closure = await asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
    servicePoint: null,
    start: "2026-11-24T00:00:00+02:00",
    end: "2026-11-25T00:00:00+02:00",
    reason: "Heating repairs",
  });
  expect(closure.statusCode).toBe(201);
  expect(closure.json().affected).toHaveLength(clientsOfA.length);
});
afterAll(() => ctx.close());

describe("a reception user of another point", () => {
  it("reads no client of point A through any staff GET", async () => {
    const operations = await staffGets();
    expect(operations.map((operation) => operation.path)).toContain("/api/v1/staff/closures");
    const reception = await signIn(ctx, "liepajas@socd.lv");
    const leaks: string[] = [];
    for (const operation of operations) {
      // Pointed at A (the other point), and at B (their own point, where org-wide data shows).
      for (const point of [pointA, pointB]) {
        const url = urlFor(operation, point);
        const res = await asStaff(ctx, { cookie: reception.cookie }, "GET", url);
        expect(res.statusCode, url).toBeLessThan(500);
        if (res.statusCode === 403 || res.statusCode === 404) continue;
        for (const client of clientsOfA) {
          for (const secret of [client.name, client.phone, client.stored]) {
            if (res.body.includes(secret)) leaks.push(`${url} shows ${secret}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it("still sees the organisation-wide closure, and the admin sees A's clients in it", async () => {
    const reception = await signIn(ctx, "liepajas@socd.lv");
    const own = await asStaff(
      ctx,
      reception,
      "GET",
      `/api/v1/staff/closures?servicePoint=${pointB}`,
    );
    expect(own.statusCode).toBe(200);
    expect(own.json()).toHaveLength(1);
    expect(own.json()[0]).toMatchObject({ servicePoint: null, affected: [] });
    const admin = await signIn(ctx, "admin@socd.lv");
    const all = await asStaff(ctx, admin, "GET", "/api/v1/staff/closures");
    expect(all.json()[0].affected.map((a: { client: { name: string } }) => a.client.name)).toEqual(
      clientsOfA.map((client) => client.name),
    );
  });
});

describe("an administrator of another organisation", () => {
  it("finds no booking of this one by its reference: the same 404 as an unknown reference", async () => {
    const koknese = await signIn(ctx, "admin@koknese.lv");
    const reference = referencesOfA[0] ?? "";
    const calls: [method: "GET" | "POST", path: string, body?: Record<string, unknown>][] = [
      ["GET", "/messages"],
      ["POST", "/status", { status: "checked_in" }],
      ["POST", "/undo"],
      ["POST", "/cancel", { reason: "Slēgts" }],
    ];
    for (const [method, path, body] of calls) {
      const theirs = await asStaff(
        ctx,
        koknese,
        method,
        `/api/v1/staff/bookings/${reference}${path}`,
        body,
      );
      const unknown = await asStaff(
        ctx,
        koknese,
        method,
        `/api/v1/staff/bookings/ZZZZ-ZZZZ${path}`,
        body,
      );
      expect(theirs.statusCode, path).toBe(404);
      expect(theirs.json().code, path).toBe("BOOKING_NOT_FOUND");
      expect(theirs.json().detail, path).toBe(unknown.json().detail);
      expect(unknown.statusCode, path).toBe(404);
    }
    // Nothing happened to it.
    const admin = await signIn(ctx, "admin@socd.lv");
    const day = await asStaff(
      ctx,
      admin,
      "GET",
      `/api/v1/staff/service-points/${pointA}/day?date=2026-11-24`,
    );
    expect(day.statusCode).toBe(200);
    const row = (day.json().bookings as { reference: string; status: string }[]).find(
      (booking) => booking.reference === reference,
    );
    expect(row?.status).toBe("booked");
  });
});
