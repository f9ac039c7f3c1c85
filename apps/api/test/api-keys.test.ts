import type { CreateApiKeyResponse, StaffDayResponse } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../src/lib/crypto.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { newClient } from "./support/clients.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga; Tuesday 8.00 and 8.15 at Lāčplēša 39 are bookable.
const now = new Date("2026-11-23T08:00:00Z");
const tuesday8 = "2026-11-24T08:00:00+02:00";
let ctx: TestContext;
let admin: StaffSession;
let kokneseAdmin: StaffSession;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  await ctx.db.prisma.service.updateMany({
    where: { slug: "consultation", servicePoint: { slug: "lacplesa-39" } },
    data: { capacityPerSlot: 10, maxActivePerPhone: null },
  });
  admin = await signIn(ctx, "admin@socd.lv");
  kokneseAdmin = await signIn(ctx, "admin@koknese.lv");
});
afterAll(() => ctx.close());

async function createKey(
  scopes: string[],
  name = `Key ${scopes.join(" ")}`,
  session = admin,
): Promise<CreateApiKeyResponse> {
  const res = await asStaff(ctx, session, "POST", "/api/v1/staff/api-keys", { name, scopes });
  expect(res.statusCode).toBe(201);
  return res.json();
}

function withKey(
  key: string,
  method: "GET" | "POST",
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  return ctx.app.inject({
    method,
    url,
    headers: { "x-api-key": key, ...headers },
    ...(payload ? { payload } : {}),
  });
}

function bookWithKey(key: string, start = tuesday8) {
  return withKey(key, "POST", "/api/v1/bookings", {
    servicePoint: "lacplesa-39",
    service: "consultation",
    start,
    client: newClient(),
  });
}

async function auditOf(entityId: string) {
  return ctx.db.prisma.auditEntry.findMany({ where: { entityId }, orderBy: { id: "asc" } });
}

describe("API keys in the staff API", () => {
  it("shows the key once, stores only its hash, and lists keys without secrets", async () => {
    const created = await createKey(["bookings:write"], "Contact centre");
    expect(created.key).toMatch(/^pk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);
    expect(created).toMatchObject({ name: "Contact centre", scopes: ["bookings:write"] });

    const row = await ctx.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).toBe(sha256(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key.slice(12));

    const list = await asStaff(ctx, admin, "GET", "/api/v1/staff/api-keys");
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.key.slice(12));
    expect(list.json()).toContainEqual(
      expect.objectContaining({ id: created.id, lastUsedAt: null }),
    );
    // Another organisation's administrator sees none of them.
    const other = await asStaff(ctx, kokneseAdmin, "GET", "/api/v1/staff/api-keys");
    expect(other.json().map((k: { id: string }) => k.id)).not.toContain(created.id);
    const audit = await auditOf(created.id);
    expect(audit.map((entry) => entry.action)).toEqual(["apiKey.create"]);
  });

  it("is for administrators only", async () => {
    const reception = await signIn(ctx, "liepajas@socd.lv");
    const res = await asStaff(ctx, reception, "POST", "/api/v1/staff/api-keys", {
      name: "Mine",
      scopes: ["bookings:read"],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("FORBIDDEN");
    const anonymous = await ctx.app.inject({ method: "GET", url: "/api/v1/staff/api-keys" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("refuses an unknown scope and an empty name", async () => {
    for (const payload of [
      { name: "x", scopes: ["bookings:delete"] },
      { name: "", scopes: ["bookings:read"] },
      { name: "x", scopes: [] },
    ]) {
      const res = await asStaff(ctx, admin, "POST", "/api/v1/staff/api-keys", payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe("VALIDATION_FAILED");
    }
  });

  it("cannot revoke another organisation's key", async () => {
    const created = await createKey(["bookings:read"]);
    const res = await asStaff(ctx, kokneseAdmin, "DELETE", `/api/v1/staff/api-keys/${created.id}`);
    expect(res.statusCode).toBe(404);
    expect((await bookWithKey(created.key)).statusCode).not.toBe(401);
  });
});

describe("a key with bookings:write", () => {
  it("books for a client, the booking names the key, and staff see it", async () => {
    const { key, id, name, prefix } = await createKey(["bookings:write"], "NGO Patvērums");
    const res = await bookWithKey(key);
    expect(res.statusCode).toBe(201);
    const booking = res.json();
    const row = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: booking.reference },
    });
    expect(row.apiKeyId).toBe(id);
    expect(row.source).toBe("PUBLIC");

    const day = await asStaff(
      ctx,
      admin,
      "GET",
      "/api/v1/staff/service-points/lacplesa-39/day?date=2026-11-24",
    );
    const seen = (day.json() as StaffDayResponse).bookings.find(
      (b) => b.reference === booking.reference,
    );
    expect(seen?.apiKey).toEqual({ name, prefix });

    const audit = await auditOf(row.id);
    expect(audit.at(-1)).toMatchObject({
      actorKind: "api_key",
      actorId: id,
      action: "booking.create",
      details: { apiKey: "NGO Patvērums", prefix },
    });
  });

  it("reads, reschedules and cancels its own booking without the manage token", async () => {
    const { key, id } = await createKey(["bookings:write"]);
    const { reference } = (await bookWithKey(key)).json();
    const url = `/api/v1/bookings/${reference}`;

    const read = await withKey(key, "GET", url);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ reference, status: "booked" });
    expect(read.json()).not.toHaveProperty("manageToken");

    const moved = await withKey(key, "POST", `${url}/reschedule`, {
      start: "2026-11-24T08:15:00+02:00",
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().start).toBe("2026-11-24T08:15:00+02:00");

    const ics = await withKey(key, "GET", `${url}/calendar.ics`);
    expect(ics.statusCode).toBe(200);

    const cancelled = await withKey(key, "POST", `${url}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe("cancelled_by_client");

    const row = await ctx.db.prisma.booking.findUniqueOrThrow({ where: { reference } });
    const audit = await auditOf(row.id);
    expect(audit.map((entry) => [entry.action, entry.actorKind, entry.actorId])).toEqual([
      ["booking.create", "api_key", id],
      ["booking.view", "api_key", id],
      ["booking.reschedule", "api_key", id],
      ["booking.calendar", "api_key", id],
      ["booking.cancel", "api_key", id],
    ]);
  });

  it("never reaches another key's bookings nor the public's", async () => {
    const first = await createKey(["bookings:write"]);
    const second = await createKey(["bookings:write"]);
    const { reference } = (await bookWithKey(first.key)).json();
    const publicBooking = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      payload: {
        servicePoint: "lacplesa-39",
        service: "consultation",
        start: tuesday8,
        client: newClient(),
      },
    });
    for (const ref of [reference, publicBooking.json().reference]) {
      for (const [method, path] of [
        ["GET", ""],
        ["POST", "/cancel"],
      ] as const) {
        const res = await withKey(second.key, method, `/api/v1/bookings/${ref}${path}`);
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe("BOOKING_NOT_FOUND");
      }
    }
    const still = await ctx.db.prisma.booking.findUniqueOrThrow({ where: { reference } });
    expect(still.status).toBe("BOOKED");
  });

  it("may not read day lists (bookings:read)", async () => {
    const { key } = await createKey(["bookings:write"]);
    const res = await withKey(
      key,
      "GET",
      "/api/v1/bookings?servicePoint=lacplesa-39&date=2026-11-24",
    );
    expect(res.statusCode).toBe(403);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().code).toBe("FORBIDDEN");
  });

  it("records when it was last used, at most once a minute", async () => {
    const { key, id } = await createKey(["bookings:write"]);
    expect((await withKey(key, "GET", "/api/v1/bookings/AAAA-BBBB")).statusCode).toBe(404);
    const first = await ctx.db.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(first.lastUsedAt?.toISOString()).toBe(now.toISOString());
    // Written 30 s ago: a request now leaves it; two minutes ago: a request moves it.
    const recent = new Date(now.getTime() - 30_000);
    await ctx.db.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: recent } });
    await withKey(key, "GET", "/api/v1/bookings/AAAA-BBBB");
    expect((await ctx.db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(
      recent,
    );
    await ctx.db.prisma.apiKey.update({
      where: { id },
      data: { lastUsedAt: new Date(now.getTime() - 120_000) },
    });
    await withKey(key, "GET", "/api/v1/bookings/AAAA-BBBB");
    expect((await ctx.db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(
      now,
    );
  });
});

describe("a key with bookings:read", () => {
  it("reads the organisation's bookings and day lists, each read audit-logged", async () => {
    const writer = await createKey(["bookings:write"]);
    const reader = await createKey(["bookings:read"], "Case management");
    const { reference } = (await bookWithKey(writer.key)).json();
    const row = await ctx.db.prisma.booking.findUniqueOrThrow({ where: { reference } });

    const one = await withKey(reader.key, "GET", `/api/v1/bookings/${reference}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().reference).toBe(reference);

    const day = await withKey(
      reader.key,
      "GET",
      "/api/v1/bookings?servicePoint=lacplesa-39&date=2026-11-24",
    );
    expect(day.statusCode).toBe(200);
    expect(day.json().bookings.map((b: { reference: string }) => b.reference)).toContain(reference);
    expect(day.body).not.toContain("manageToken");

    const entries = await ctx.db.prisma.auditEntry.findMany({
      where: { actorId: reader.id },
      orderBy: { id: "asc" },
    });
    expect(entries.map((e) => [e.action, e.entityType, e.entityId])).toEqual([
      ["booking.view", "Booking", row.id],
      ["bookings.day.view", "ServicePoint", row.servicePointId],
    ]);
    expect(
      entries.every((e) => (e.details as { apiKey: string }).apiKey === "Case management"),
    ).toBe(true);
  });

  it("may not book, reschedule or cancel (403)", async () => {
    const writer = await createKey(["bookings:write"]);
    const reader = await createKey(["bookings:read"]);
    const { reference } = (await bookWithKey(writer.key)).json();
    const attempts = [
      await bookWithKey(reader.key),
      await withKey(reader.key, "POST", `/api/v1/bookings/${reference}/cancel`),
      await withKey(reader.key, "POST", `/api/v1/bookings/${reference}/reschedule`, {
        start: "2026-11-24T08:15:00+02:00",
      }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().code).toBe("FORBIDDEN");
    }
  });
});

describe("keys and organisations", () => {
  it("gives a key of one organisation nothing from another", async () => {
    const daugavpils = await createKey(["bookings:write"]);
    const { reference } = (await bookWithKey(daugavpils.key)).json();
    const koknese = await createKey(["bookings:write", "bookings:read"], "Koknese", kokneseAdmin);

    const read = await withKey(koknese.key, "GET", `/api/v1/bookings/${reference}`);
    expect(read.statusCode).toBe(404);
    const cancel = await withKey(koknese.key, "POST", `/api/v1/bookings/${reference}/cancel`);
    expect(cancel.statusCode).toBe(404);
    const day = await withKey(
      koknese.key,
      "GET",
      "/api/v1/bookings?servicePoint=lacplesa-39&date=2026-11-24",
    );
    expect(day.statusCode).toBe(403);
    expect(day.body).not.toContain(reference);
    const book = await bookWithKey(koknese.key);
    expect(book.statusCode).toBe(403);
    expect(book.json().code).toBe("FORBIDDEN");
  });
});

describe("wrong and revoked keys", () => {
  it("answers 401 problem+json for a wrong or missing key", async () => {
    const created = await createKey(["bookings:read"]);
    for (const key of ["nonsense", `${created.key}x`, ""]) {
      const res = await withKey(
        key,
        "GET",
        "/api/v1/bookings?servicePoint=lacplesa-39&date=2026-11-24",
      );
      expect(res.statusCode).toBe(401);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().code).toBe("UNAUTHORIZED");
    }
    const none = await ctx.app.inject("/api/v1/bookings?servicePoint=lacplesa-39&date=2026-11-24");
    expect(none.statusCode).toBe(401);
  });

  it("refuses a revoked key at once, also for its own bookings", async () => {
    const { key, id } = await createKey(["bookings:write"]);
    const { reference } = (await bookWithKey(key)).json();
    const revoked = await asStaff(ctx, admin, "DELETE", `/api/v1/staff/api-keys/${id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toBe(now.toISOString());
    expect((await bookWithKey(key)).statusCode).toBe(401);
    const read = await withKey(key, "GET", `/api/v1/bookings/${reference}`);
    expect(read.statusCode).toBe(401);
    expect(read.json().code).toBe("UNAUTHORIZED");
    expect((await auditOf(id)).map((e) => e.action)).toEqual(["apiKey.create", "apiKey.revoke"]);
  });
});
