import {
  ZUpdateOrganisationSettingsRequestSchema,
  ZUpdateServicePointRequestSchema,
  ZUpdateServiceRequestSchema,
  ZUpdateStaffUserRequestSchema,
} from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createTestApp, type TestContext } from "./helpers.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let admin: StaffSession;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@koknese.lv");
});
afterAll(() => ctx.close());

const text = (word: string) => ({ lv: `${word} lv`, ru: `${word} ru`, en: `${word} en` });
const question = {
  key: "towel",
  kind: "boolean",
  required: false,
  label: text("Towel"),
};

/**
 * Values to try for a field, in order; the first valid one that differs from the stored
 * value is sent. Every key of a PATCH schema must have an entry (checked below), so a new
 * field cannot slip past these tests.
 */
const candidates: Record<string, unknown[]> = {
  name: [text("Renamed"), text("Named again"), "Renamed Person", "Named Again"],
  description: [text("About"), null],
  address: ["Kokneses prospekts 1", "Koknese"],
  phones: [[{ display: "651 61296", tel: "+37165161296" }], []],
  active: [false, true],
  sortOrder: [7, 8],
  slotMinutes: [30, 45],
  capacityPerSlot: [4, 5],
  staffOnlyCapacity: [1, 0],
  dailyLimit: [5, null],
  minNoticeMinutes: [30, 60],
  maxAdvanceDays: [14, 21],
  maxActivePerPhone: [null, 3],
  maxBookingsPerAddressPerDay: [1, null],
  maxBookingsPerAddressPerWeek: [3, null],
  requirements: [[text("Bring a towel")], []],
  questions: [[question], []],
  eligibility: [[{ key: "senior", label: text("Senior") }], []],
  role: ["admin", "reception"],
  servicePoints: [[], ["koknese"]],
  reminderTime: ["18:00", "09:00"],
  reminderDaysBefore: [2, 1],
};

function changedValue(schema: z.ZodType, key: string, current: unknown): unknown {
  const values = candidates[key];
  expect(values, `a changed value for "${key}"`).toBeDefined();
  const value = values?.find(
    (v) => JSON.stringify(v) !== JSON.stringify(current) && schema.safeParse({ [key]: v }).success,
  );
  expect(value, `a valid value for "${key}" other than ${JSON.stringify(current)}`).toBeDefined();
  return value;
}

interface Route {
  name: string;
  schema: z.ZodObject | z.ZodType;
  keys: string[];
  url: () => Promise<string>;
  read: () => Promise<Record<string, unknown>>;
}

async function listed(url: string, pick: (item: Record<string, unknown>) => boolean) {
  const res = await asStaff(ctx, admin, "GET", url);
  expect(res.statusCode).toBe(200);
  const item = (res.json() as Record<string, unknown>[]).find(pick);
  expect(item).toBeDefined();
  return item as Record<string, unknown>;
}

const keysOf = (schema: { shape: Record<string, unknown> }) => Object.keys(schema.shape);

const routes: Route[] = [
  {
    name: "PATCH /staff/service-points/:servicePoint",
    schema: ZUpdateServicePointRequestSchema,
    keys: keysOf(ZUpdateServicePointRequestSchema),
    url: async () => "/api/v1/staff/service-points/koknese",
    read: () => listed("/api/v1/staff/service-points", (p) => p.slug === "koknese"),
  },
  {
    name: "PATCH /staff/service-points/:servicePoint/services/:service",
    schema: ZUpdateServiceRequestSchema,
    // A refined object: the shape is that of the object under the refinement.
    keys: keysOf(ZUpdateServiceRequestSchema),
    url: async () => "/api/v1/staff/service-points/koknese/services/shower",
    read: () => listed("/api/v1/staff/service-points/koknese/services", (s) => s.slug === "shower"),
  },
  {
    name: "PATCH /staff/users/:id",
    schema: ZUpdateStaffUserRequestSchema,
    keys: keysOf(ZUpdateStaffUserRequestSchema),
    url: async () => {
      const user = await listed("/api/v1/staff/users", (u) => u.email === "reception@koknese.lv");
      return `/api/v1/staff/users/${user.id}`;
    },
    read: () => listed("/api/v1/staff/users", (u) => u.email === "reception@koknese.lv"),
  },
  {
    name: "PATCH /staff/organisation",
    schema: ZUpdateOrganisationSettingsRequestSchema,
    keys: keysOf(ZUpdateOrganisationSettingsRequestSchema),
    url: async () => "/api/v1/staff/organisation",
    read: async () => (await asStaff(ctx, admin, "GET", "/api/v1/staff/organisation")).json(),
  },
];

describe.each(routes)("$name", (route) => {
  it("has fields to test", () => {
    expect(route.keys.length).toBeGreaterThan(0);
  });

  it.each(route.keys)("changes only %s when only it is named", async (key) => {
    const before = await route.read();
    const value = changedValue(route.schema, key, before[key]);
    const res = await asStaff(ctx, admin, "PATCH", await route.url(), { [key]: value });
    expect(res.statusCode, res.body).toBe(200);
    const after = await route.read();
    // Saving a value the seed only guessed (decision 018) also clears its placeholder mark.
    const placeholders = Array.isArray(before.placeholders)
      ? { placeholders: (before.placeholders as string[]).filter((mark) => mark !== key) }
      : {};
    expect(after).toEqual({ ...before, ...placeholders, [key]: value });
    expect(res.json()).toEqual(after);
  });
});

describe("PATCH of the Koknese shower (issue 10, defect 2)", () => {
  const url = "/api/v1/staff/service-points/koknese/services/shower";
  const read = () =>
    listed("/api/v1/staff/service-points/koknese/services", (s) => s.slug === "shower");

  beforeAll(async () => {
    // As seeded, with a description and a question as well.
    await ctx.db.prisma.service.updateMany({
      where: { slug: "shower", servicePoint: { slug: "koknese" } },
      data: {
        slotMinutes: 60,
        capacityPerSlot: 1,
        staffOnlyCapacity: 0,
        dailyLimit: 2,
        description: text("Hot water"),
        questions: [question],
        requirements: [text("Come early")],
        sortOrder: 0,
        active: true,
      },
    });
  });

  it("keeps slotMinutes, dailyLimit, requirements, description and questions on {sortOrder: 1}", async () => {
    const before = await read();
    const res = await asStaff(ctx, admin, "PATCH", url, { sortOrder: 1 });
    expect(res.statusCode).toBe(200);
    const after = await read();
    expect(after).toMatchObject({
      slotMinutes: 60,
      dailyLimit: 2,
      description: text("Hot water"),
      questions: [question],
      requirements: [text("Come early")],
      sortOrder: 1,
    });
    expect(after).toEqual({ ...before, sortOrder: 1 });
  });

  it("keeps the point's other fields on {sortOrder: 1}", async () => {
    const pointUrl = "/api/v1/staff/service-points/koknese";
    const read = () => listed("/api/v1/staff/service-points", (p) => p.slug === "koknese");
    const description = text("Opposite the church");
    expect((await asStaff(ctx, admin, "PATCH", pointUrl, { description })).statusCode).toBe(200);
    const before = await read();
    expect((await asStaff(ctx, admin, "PATCH", pointUrl, { sortOrder: 1 })).statusCode).toBe(200);
    expect(await read()).toEqual({ ...before, sortOrder: 1, description });
  });

  it("clears a nullable field given an explicit null", async () => {
    const res = await asStaff(ctx, admin, "PATCH", url, { dailyLimit: null, description: null });
    expect(res.statusCode).toBe(200);
    expect(await read()).toMatchObject({ dailyLimit: null, description: null, slotMinutes: 60 });
  });

  it("checks staffOnlyCapacity against the stored capacityPerSlot, and the other way round", async () => {
    expect((await asStaff(ctx, admin, "PATCH", url, { capacityPerSlot: 3 })).statusCode).toBe(200);
    const tooMany = await asStaff(ctx, admin, "PATCH", url, { staffOnlyCapacity: 4 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().code).toBe("VALIDATION_FAILED");
    expect(tooMany.json().errors.map((e: { field: string }) => e.field)).toEqual([
      "body.staffOnlyCapacity",
    ]);
    expect((await asStaff(ctx, admin, "PATCH", url, { staffOnlyCapacity: 2 })).statusCode).toBe(
      200,
    );
    const tooFew = await asStaff(ctx, admin, "PATCH", url, { capacityPerSlot: 1 });
    expect(tooFew.statusCode).toBe(400);
    expect(tooFew.json().errors.map((e: { field: string }) => e.field)).toEqual([
      "body.capacityPerSlot",
    ]);
    const both = await asStaff(ctx, admin, "PATCH", url, {
      capacityPerSlot: 1,
      staffOnlyCapacity: 2,
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors.map((e: { field: string }) => e.field)).toEqual([
      "body.staffOnlyCapacity",
    ]);
    expect(await read()).toMatchObject({ capacityPerSlot: 3, staffOnlyCapacity: 2 });
  });
});
