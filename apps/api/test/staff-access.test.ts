import { randomUUID } from "node:crypto";
import Fastify, { type HTTPMethods, type InjectOptions, type RouteOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StaffAccess, staffAccessPlugin } from "../src/routes/staff/access.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { createStaff, type StaffSession, signIn } from "./support/staff.ts";

/**
 * Staff access is route configuration checked by one hook (access.ts). These checks run
 * over every route the app registers, so a route added later is covered without being
 * listed here.
 */

const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let admin: Required<StaffSession>;
let reception: Required<StaffSession>;

interface StaffRoute {
  method: HTTPMethods;
  url: string;
  access: StaffAccess | undefined;
}
let staffRoutes: StaffRoute[];

const sampleParams: Record<string, string> = {
  servicePoint: "liepajas-4",
  service: "consultation",
  reference: "ABCD-1234",
};

/** The route's URL with a plausible value in each parameter (the hook runs before validation). */
function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => sampleParams[name] ?? randomUUID());
}

function call(route: StaffRoute, session?: StaffSession): InjectOptions {
  return {
    method: route.method,
    url: concrete(route.url),
    headers: session
      ? { cookie: session.cookie, ...(session.csrf ? { "x-csrf-token": session.csrf } : {}) }
      : {},
  };
}

const needsSession = (route: StaffRoute) => route.access?.role !== "public";
const changesState = (route: StaffRoute) => !["GET", "HEAD"].includes(route.method);

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@socd.lv");
  reception = await signIn(ctx, "liepajas@socd.lv");
  staffRoutes = ctx.app.routeTable
    .filter((route) => route.url.startsWith("/api/v1/staff"))
    .flatMap((route: RouteOptions) =>
      [route.method]
        .flat()
        .filter((method) => method !== "HEAD")
        .map((method) => ({ method, url: route.url, access: route.config?.staff })),
    );
});
afterAll(() => ctx?.close());

describe("staff access as route configuration", () => {
  it("finds the staff routes, each with an access rule", () => {
    expect(staffRoutes.length).toBeGreaterThan(20);
    const undeclared = staffRoutes.filter((route) => !route.access);
    expect(undeclared.map((route) => `${route.method} ${route.url}`)).toEqual([]);
    const publicRoutes = staffRoutes.filter((route) => !needsSession(route));
    expect(publicRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual([
      "GET /api/v1/staff/session",
      "POST /api/v1/staff/login",
    ]);
  });

  it("refuses to start with a staff route that declares no access rule", async () => {
    const app = Fastify({ logger: false });
    app.decorate("db", ctx.db);
    const start = async () => {
      await app.register(async (scope) => {
        await scope.register(staffAccessPlugin);
        scope.get("/api/v1/staff/forgotten", async () => ({ ok: true }));
      });
      await app.ready();
    };
    await expect(start()).rejects.toThrow(/GET \/api\/v1\/staff\/forgotten .*config\.staff/);
    await app.close().catch(() => undefined);
  });

  it("answers 401 without a session before looking at the request", async () => {
    const wrong: string[] = [];
    for (const route of staffRoutes.filter(needsSession)) {
      // No body at all: validation would say 400 if it ran first.
      const res = await ctx.app.inject(call(route));
      if (res.statusCode !== 401 || res.json().code !== "UNAUTHORIZED") {
        wrong.push(`${route.method} ${route.url}: ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    // HEAD, which Fastify adds for every GET, is guarded by the same rule.
    const head = await ctx.app.inject({ method: "HEAD", url: "/api/v1/staff/users" });
    expect(head.statusCode).toBe(401);
  });

  it("refuses every state-changing request without the CSRF token", async () => {
    const routes = staffRoutes.filter((route) => needsSession(route) && changesState(route));
    expect(routes.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const route of routes) {
      for (const csrf of [undefined, "not-the-token"]) {
        const res = await ctx.app.inject(call(route, { cookie: admin.cookie, csrf }));
        if (res.statusCode !== 403 || res.json().code !== "CSRF_TOKEN_INVALID") {
          wrong.push(`${route.method} ${route.url} (${csrf ?? "no token"}): ${res.statusCode}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Still signed in: none of them got as far as signing out.
    const me = await ctx.app.inject({ url: "/api/v1/staff/me", headers: { cookie: admin.cookie } });
    expect(me.statusCode).toBe(200);
  });

  it("keeps administrators' routes from reception", async () => {
    const routes = staffRoutes.filter((route) => route.access?.role === "admin");
    expect(routes.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const route of routes) {
      const res = await ctx.app.inject(call(route, reception));
      if (res.statusCode !== 403 || res.json().code !== "FORBIDDEN") {
        wrong.push(`${route.method} ${route.url}: ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("lets a temporary password do nothing but the routes that allow it", async () => {
    await ctx.db.prisma.staffUser.updateMany({
      where: { email: "admin@koknese.lv" },
      data: { mustChangePassword: true },
    });
    const pending = await signIn(ctx, "admin@koknese.lv");
    const wrong: string[] = [];
    for (const route of staffRoutes.filter(needsSession)) {
      if (route.access?.allowDuringPasswordChange) continue;
      const res = await ctx.app.inject(call(route, pending));
      if (res.statusCode !== 403 || res.json().code !== "PASSWORD_CHANGE_REQUIRED") {
        wrong.push(`${route.method} ${route.url}: ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    const me = await ctx.app.inject({
      url: "/api/v1/staff/me",
      headers: { cookie: pending.cookie },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().mustChangePassword).toBe(true);
  });

  it("documents the session (and CSRF) requirement in OpenAPI from the same rule", async () => {
    const document = (await ctx.app.inject({ url: "/openapi.json" })).json();
    for (const route of staffRoutes) {
      const path = route.url.replace(/:(\w+)/g, "{$1}");
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${path} is documented`).toBeDefined();
      expect(operation.security, `${route.method} ${path}`).toEqual(
        needsSession(route)
          ? [changesState(route) ? { staffSession: [], csrfToken: [] } : { staffSession: [] }]
          : undefined,
      );
    }
  });
});
