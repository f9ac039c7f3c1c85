import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { bookPublic, newClient } from "./support/clients.ts";
import { asStaff, createStaff, type StaffSession, signIn, staffPassword } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let admin: StaffSession;
let reference: string;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@socd.lv");
  ({ reference } = await bookPublic(ctx, {
    servicePoint: "lacplesa-39",
    start: "2026-11-24T08:00:00+02:00",
  }));
});
afterAll(() => ctx.close());

function expectValidationProblem(res: LightMyRequestResponse, field?: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.code).toBe("VALIDATION_FAILED");
  if (field) {
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }
}

function book(client: Record<string, unknown>, start = "2026-11-24T09:00:00+02:00") {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: { servicePoint: "lacplesa-39", service: "consultation", start, client },
  });
}

describe("characters that cannot be stored", () => {
  it("refuses U+0000 in a text field of a body, a query and a path", async () => {
    expectValidationProblem(await book({ ...newClient(), name: "An\u0000na" }), "body.client.name");
    expectValidationProblem(
      await asStaff(ctx, admin, "GET", "/api/v1/staff/audit?entityType=a%00b"),
      "query.entityType",
    );
    expectValidationProblem(
      await ctx.app.inject(`/api/v1/bookings/${reference}%00`),
      "params.reference",
    );
    expectValidationProblem(
      await asStaff(ctx, admin, "GET", "/api/v1/staff/service-points/lacplesa%0039/day"),
      "params.servicePoint",
    );
    expectValidationProblem(
      await asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
        servicePoint: "lacplesa-39",
        start: "2026-11-30T08:00:00+02:00",
        end: "2026-11-30T09:00:00+02:00",
        reason: "Slēgts\u0000",
      }),
      "body.reason",
    );
  });

  it("refuses U+0000 in an object key and in a field no schema names", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({
        servicePoint: "lacplesa-39",
        service: "consultation",
        start: "2026-11-24T09:15:00+02:00",
        client: newClient(),
        answers: { "a\u0000": "x" },
      }),
    });
    expectValidationProblem(res);
  });

  it("refuses JSON nested deeper than any request needs, before validation walks it", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: { "content-type": "application/json" },
      payload: `{"answers":${"[".repeat(5000)}${"]".repeat(5000)}}`,
    });
    expectValidationProblem(res);
  });

  it("refuses a lone UTF-16 surrogate in a public booking instead of storing it", async () => {
    expectValidationProblem(
      await book({ ...newClient(), name: "Anna \ud800" }),
      "body.client.name",
    );
    expectValidationProblem(
      await book({ ...newClient(), name: "Anna \udc00x" }),
      "body.client.name",
    );
  });

  it("still accepts characters outside the basic plane (a proper surrogate pair)", async () => {
    const res = await book({ ...newClient(), name: "Anna 𝔄" }, "2026-11-24T09:30:00+02:00");
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe("dates far from now", () => {
  it.each(["0000", "0001", "9999"])(
    "refuses year %s in query dates and body instants",
    async (year) => {
      expectValidationProblem(
        await ctx.app.inject(
          `/api/v1/availability?servicePoint=lacplesa-39&service=consultation&from=${year}-01-01&to=${year}-01-02`,
        ),
        "query.from",
      );
      expectValidationProblem(
        await ctx.app.inject(
          `/api/v1/availability?servicePoint=lacplesa-39&service=consultation&from=2026-11-24&to=${year}-12-31`,
        ),
        "query.to",
      );
      expectValidationProblem(await book(newClient(), `${year}-12-31T23:00:00Z`), "body.start");
      expectValidationProblem(
        await asStaff(
          ctx,
          admin,
          "GET",
          `/api/v1/staff/service-points/lacplesa-39/day?date=${year}-01-01`,
        ),
        "query.date",
      );
      expectValidationProblem(
        await asStaff(ctx, admin, "GET", `/api/v1/staff/closures?from=${year}-01-01`),
        "query.from",
      );
      expectValidationProblem(
        await asStaff(ctx, admin, "GET", `/api/v1/staff/audit?to=${year}-01-01T00:00:00Z`),
        "query.to",
      );
      expectValidationProblem(
        await ctx.app.inject({
          method: "POST",
          url: `/api/v1/bookings/${reference}/reschedule`,
          payload: { start: `${year}-01-01T00:00:00+02:00` },
        }),
        "body.start",
      );
    },
  );
});

describe("text that displays as something else", () => {
  it("refuses bidi overrides and controls in names, with the field named", async () => {
    expectValidationProblem(
      await book({ ...newClient(), name: "\u202Egnp.exe Anna" }),
      "body.client.name",
    );
    expectValidationProblem(
      await book({ ...newClient(), name: "Anna\u2066x" }),
      "body.client.name",
    );
    expectValidationProblem(
      await book({ ...newClient(), name: "Anna\nBērziņa" }),
      "body.client.name",
    );
    expectValidationProblem(
      await asStaff(ctx, admin, "POST", "/api/v1/staff/users", {
        email: "bidi@socd.lv",
        name: "Anna \u202Etsil",
        password: staffPassword,
        role: "admin",
      }),
      "body.name",
    );
  });

  it("refuses controls in free texts but keeps line breaks", async () => {
    const closure = (reason: string) =>
      asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
        servicePoint: "lacplesa-39",
        start: "2026-12-01T08:00:00+02:00",
        end: "2026-12-01T09:00:00+02:00",
        reason,
      });
    expectValidationProblem(await closure("Slēgts\u202E"), "body.reason");
    expectValidationProblem(await closure("Slēgts\u0007"), "body.reason");
    expectValidationProblem(await closure("Slēgts\u009B"), "body.reason");
    const ok = await closure("Slēgts.\nApmācības\totrā stāvā");
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe("URLs the router cannot take", () => {
  it("answers bad percent-encoding in a path with a problem", async () => {
    expectValidationProblem(await ctx.app.inject("/api/v1/bookings/%ZZ"));
  });

  it("answers an over-long path parameter with a problem", async () => {
    expectValidationProblem(await ctx.app.inject(`/api/v1/bookings/${"A".repeat(5000)}`));
  });

  it("answers unknown API paths with NOT_FOUND and a wrong method with METHOD_NOT_ALLOWED", async () => {
    const missing = await ctx.app.inject("/api/v1/nothing-here");
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(missing.json().code).toBe("NOT_FOUND");

    const wrongMethod = await ctx.app.inject({ method: "DELETE", url: "/api/v1/bookings" });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(wrongMethod.json().code).toBe("METHOD_NOT_ALLOWED");
    expect(wrongMethod.headers.allow).toBe("GET, HEAD, POST");

    const withParam = await ctx.app.inject({ method: "PUT", url: `/api/v1/bookings/${reference}` });
    expect(withParam.statusCode).toBe(405);
    expect(withParam.headers.allow).toBe("GET, HEAD");
  });
});

// A second app of its own: with a built SPA, and later without its database.
describe("the SPA fallback and health", () => {
  let spa: TestContext;
  let dist: string;
  let destroyed = false;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), "pieraksts-spa-"));
    await writeFile(path.join(dist, "index.html"), "<!doctype html><title>SPA</title>");
    spa = await createTestApp({ now, seed: false, env: { WEB_DIST: dist } });
  });
  afterAll(async () => {
    if (destroyed) await spa.app.close();
    else await spa.close();
    await rm(dist, { recursive: true, force: true });
  });

  it("serves index.html for pages but never for /api paths, with or without a query", async () => {
    expect((await spa.app.inject("/lv/booking")).headers["content-type"]).toMatch(/^text\/html/);
    for (const url of ["/api", "/api?x=1", "/api/", "/api/v2/anything", "/api/v1/x?y=%00"]) {
      const res = await spa.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"], url).toMatch(/^application\/problem\+json/);
      expect(res.json().code, url).toBe("NOT_FOUND");
    }
  });

  it("answers 503 SERVICE_UNAVAILABLE on /health, not 500, when the database is gone", async () => {
    await spa.db.destroy();
    destroyed = true;
    const res = await spa.app.inject("/health");
    expect(res.statusCode).toBe(503);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe("SERVICE_UNAVAILABLE");
  });
});

describe("the closed list of error codes", () => {
  it("holds only codes the API can send: each one has a site in apps/api/src that sends it", async () => {
    const { readdir, readFile } = await import("node:fs/promises");
    const { errorCodes } = await import("@pieraksts/contracts");
    const root = path.join(import.meta.dirname, "../src");
    const files = (await readdir(root, { recursive: true }))
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      // The table of titles names every code without sending any.
      .filter((file) => file !== path.join("lib", "problem.ts"));
    const source = (
      await Promise.all(files.map((file) => readFile(path.join(root, file), "utf8")))
    ).join("\n");
    const unsent = errorCodes.filter((code) => !source.includes(`"${code}"`));
    expect(unsent).toEqual([]);
  });
});
