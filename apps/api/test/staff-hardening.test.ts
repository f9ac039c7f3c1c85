import { Writable } from "node:stream";
import type { Closure } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { bookPublic } from "./support/clients.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let admin: StaffSession;
let reception: StaffSession;
/** Every line the app logged, as written. */
const logged: string[] = [];

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logged.push(String(chunk));
      done();
    },
  });
  ctx = await createTestApp({ now, logger: { level: "info", stream } });
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@socd.lv");
  reception = await signIn(ctx, "liepajas@socd.lv");
});
afterAll(() => ctx.close());

describe("a staff user's service points", () => {
  it("a point named twice is kept once, on creation and on change", async () => {
    const created = await asStaff(ctx, admin, "POST", "/api/v1/staff/users", {
      email: "twice@socd.lv",
      name: "Twice",
      password: "Daugava flows 1201 twice",
      role: "reception",
      servicePoints: ["lacplesa-39", "lacplesa-39"],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().servicePoints).toEqual(["lacplesa-39"]);

    const changed = await asStaff(ctx, admin, "PATCH", `/api/v1/staff/users/${created.json().id}`, {
      servicePoints: ["liepajas-4", "lacplesa-39", "liepajas-4", "lacplesa-39"],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().servicePoints).toEqual(["lacplesa-39", "liepajas-4"]);

    // A point of another organisation is still refused, repeated or not.
    const foreign = await asStaff(ctx, admin, "PATCH", `/api/v1/staff/users/${created.json().id}`, {
      servicePoints: ["koknese", "koknese"],
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe("SERVICE_POINT_NOT_FOUND");
  });
});

describe("closures read by reception", () => {
  it("without a point named: their own points and the organisation's, no one else's clients", async () => {
    const own = await bookPublic(ctx, {
      servicePoint: "liepajas-4",
      start: "2026-11-25T09:00:00+02:00",
    });
    const other = await bookPublic(ctx, {
      servicePoint: "lacplesa-39",
      start: "2026-11-25T09:00:00+02:00",
    });
    const close = (body: object) =>
      asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
        start: "2026-11-25T08:00:00+02:00",
        end: "2026-11-25T12:00:00+02:00",
        reason: "Apmācības",
        ...body,
      });
    const atOwn = (await close({ servicePoint: "liepajas-4" })).json() as Closure;
    const atOther = (await close({ servicePoint: "lacplesa-39" })).json() as Closure;
    const everywhere = await close({});
    expect(everywhere.statusCode).toBe(201);
    const wide = everywhere.json() as Closure;
    const references = (closure: Closure | undefined) =>
      closure?.affected.map((booking) => booking.reference).sort();
    expect(references(wide)).toEqual([own.reference, other.reference].sort());

    const res = await asStaff(ctx, reception, "GET", "/api/v1/staff/closures");
    expect(res.statusCode).toBe(200);
    const listed = res.json() as Closure[];
    expect(listed.map((closure) => closure.id).sort()).toEqual([atOwn.id, wide.id].sort());
    expect(listed.map((closure) => closure.id)).not.toContain(atOther.id);
    // The organisation-wide closure lists only the reader's clients.
    expect(references(listed.find((closure) => closure.id === wide.id))).toEqual([own.reference]);

    // An administrator still reads everything.
    const all = (await asStaff(ctx, admin, "GET", "/api/v1/staff/closures")).json() as Closure[];
    expect(all.map((closure) => closure.id).sort()).toEqual([atOwn.id, atOther.id, wide.id].sort());
  });
});

describe("the access log", () => {
  it("does not carry query strings with personal data, but keeps the request id", async () => {
    const phone = "29990001";
    const res = await ctx.app.inject({
      url: `/api/v1/staff/clients/export?phone=${phone}`,
      headers: { cookie: admin.cookie, "x-request-id": "export-request-1" },
    });
    expect(res.statusCode).toBe(200);
    const lines = logged.filter((line) => line.includes("export-request-1"));
    expect(lines.some((line) => line.includes("/api/v1/staff/clients/export"))).toBe(true);
    expect(logged.join("\n")).not.toContain(phone);
  });
});
