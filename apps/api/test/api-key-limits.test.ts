import type { ApiKey, CreateApiKeyResponse } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

/**
 * A key's own rate limit: an administrator may give a key its own requests per minute at
 * creation, up to API_KEY_MAX_REQUESTS_PER_MINUTE; without one, API_KEY_REQUESTS_PER_MINUTE
 * applies. Counted in the database buckets every process shares (the clock is pinned,
 * so every request here falls in the same minute).
 */
const now = new Date("2026-11-23T08:00:00Z");
const byDefault = 3;
const maximum = 5;
let ctx: TestContext;
let admin: StaffSession;

beforeAll(async () => {
  ctx = await createTestApp({
    now,
    env: {
      RATE_LIMITS: "on",
      API_KEY_REQUESTS_PER_MINUTE: String(byDefault),
      API_KEY_MAX_REQUESTS_PER_MINUTE: String(maximum),
    },
  });
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@socd.lv");
});
afterAll(() => ctx.close());

function create(body: Record<string, unknown>) {
  return asStaff(ctx, admin, "POST", "/api/v1/staff/api-keys", {
    name: "Contact centre",
    scopes: ["bookings:read"],
    ...body,
  });
}

/** Day-list reads with the key until one is refused: how many were answered 200. */
async function answeredBeforeRefusal(key: string, tries = 10): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const res = await ctx.app.inject({
      url: "/api/v1/bookings?servicePoint=lacplesa-39&date=2026-11-24",
      headers: { "x-api-key": key },
    });
    if (res.statusCode === 429) {
      expect(res.json().code).toBe("RATE_LIMITED");
      expect(res.headers["retry-after"]).toBeDefined();
      return i;
    }
    expect(res.statusCode).toBe(200);
  }
  return tries;
}

async function listed(id: string): Promise<ApiKey | undefined> {
  const res = await asStaff(ctx, admin, "GET", "/api/v1/staff/api-keys");
  expect(res.statusCode).toBe(200);
  return (res.json() as ApiKey[]).find((key) => key.id === id);
}

describe("a key's own rate limit", () => {
  it("tells administrators the default and the maximum, and no one else", async () => {
    const res = await asStaff(ctx, admin, "GET", "/api/v1/staff/api-keys/limits");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      defaultRequestsPerMinute: byDefault,
      maxRequestsPerMinute: maximum,
    });
    const reception = await signIn(ctx, "liepajas@socd.lv");
    const refused = await asStaff(ctx, reception, "GET", "/api/v1/staff/api-keys/limits");
    expect(refused.statusCode).toBe(403);
  });

  it("applies a key's own limit, and the default to a key without one", async () => {
    const own = await create({ requestsPerMinute: maximum });
    expect(own.statusCode).toBe(201);
    const ownKey: CreateApiKeyResponse = own.json();
    expect(ownKey).toMatchObject({ requestsPerMinute: maximum, ownRequestsPerMinute: true });
    const plain = await create({});
    expect(plain.statusCode).toBe(201);
    const plainKey: CreateApiKeyResponse = plain.json();
    expect(plainKey).toMatchObject({ requestsPerMinute: byDefault, ownRequestsPerMinute: false });
    const low = await create({ requestsPerMinute: 1 });
    expect(low.statusCode).toBe(201);

    expect(await answeredBeforeRefusal(ownKey.key)).toBe(maximum);
    expect(await answeredBeforeRefusal(plainKey.key)).toBe(byDefault);
    expect(await answeredBeforeRefusal(low.json().key)).toBe(1);
    expect(await listed(ownKey.id)).toMatchObject({
      requestsPerMinute: maximum,
      ownRequestsPerMinute: true,
    });
    const audit = await ctx.db.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: ownKey.id, action: "apiKey.create" },
    });
    expect(audit.details).toMatchObject({ requestsPerMinute: maximum });
  });

  it.each([
    [maximum + 1, /at most 5/],
    [0, /./],
    [-1, /./],
    [2.5, /./],
    ["10", /./],
    [1e12, /./],
    [null, /./],
  ])("refuses %j as a key's limit, next to the field, and makes no key", async (value, reason) => {
    const before = await ctx.db.prisma.apiKey.count();
    const res = await create({ requestsPerMinute: value });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe("VALIDATION_FAILED");
    const error = res
      .json()
      .errors.find((entry: { field: string }) => entry.field === "body.requestsPerMinute");
    expect(error?.message).toMatch(reason);
    expect(await ctx.db.prisma.apiKey.count()).toBe(before);
  });

  it("keeps a key given more before the maximum was lowered within the maximum", async () => {
    const res = await create({ requestsPerMinute: 2 });
    const key: CreateApiKeyResponse = res.json();
    // As if made when the maximum was higher.
    await ctx.db.prisma.apiKey.update({
      where: { id: key.id },
      data: { requestsPerMinute: 1000 },
    });
    expect(await listed(key.id)).toMatchObject({
      requestsPerMinute: maximum,
      ownRequestsPerMinute: true,
    });
    expect(await answeredBeforeRefusal(key.key)).toBe(maximum);
  });
});

describe("the settings", () => {
  it("refuse a maximum below the default", () => {
    const parsed = parseConfig({
      API_KEY_REQUESTS_PER_MINUTE: "100",
      API_KEY_MAX_REQUESTS_PER_MINUTE: "50",
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain("API_KEY_MAX_REQUESTS_PER_MINUTE");
    const fine = parseConfig({ API_KEY_REQUESTS_PER_MINUTE: "100" });
    expect(fine.ok && fine.config.API_KEY_MAX_REQUESTS_PER_MINUTE).toBe(1200);
  });
});
