import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffUser } from "../src/routes/staff/users.ts";
import { createTestApp, type TestContext } from "./helpers.ts";

let now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
const password = "Daugava flows 1201 slowly";

beforeAll(async () => {
  ctx = await createTestApp({ env: { RATE_LIMITS: "on" } });
  // The clock is moved by the tests below.
  ctx.app.now = () => now;
  await createStaffUser(ctx.db.prisma, {
    organisation: "daugavpils",
    email: "Admin@Socd.lv",
    name: "Admin",
    password,
    role: "ADMIN",
  });
  await createStaffUser(ctx.db.prisma, {
    organisation: "daugavpils",
    email: "reception@socd.lv",
    name: "Reception",
    password,
    role: "RECEPTION",
    servicePoints: ["liepajas-4"],
  });
});
afterAll(() => ctx.close());

async function login(
  email: string,
  pass: string,
  remoteAddress = "192.0.2.10",
  organisation = "daugavpils",
) {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/staff/login",
    payload: { organisation, email, password: pass },
    remoteAddress,
  });
}

function sessionCookie(res: Awaited<ReturnType<typeof login>>): string {
  const cookie = res.cookies.find((c) => c.name === "pieraksts_staff");
  if (!cookie) throw new Error("no session cookie");
  return `pieraksts_staff=${cookie.value}`;
}

describe("staff sign-in", () => {
  it("signs in with a session cookie (HttpOnly, SameSite, Secure) and a CSRF token", async () => {
    const res = await login("admin@socd.lv", password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({
      email: "admin@socd.lv",
      name: "Admin",
      role: "admin",
      organisation: "daugavpils",
      servicePoints: [],
    });
    expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
    const cookie = res.cookies.find((c) => c.name === "pieraksts_staff");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", secure: true, path: "/" });
    const session = await ctx.db.prisma.staffSession.findFirstOrThrow({
      where: { revokedAt: null },
    });
    expect(session.id).not.toBe(cookie?.value);
    const me = await ctx.app.inject({
      url: "/api/v1/staff/me",
      headers: { cookie: sessionCookie(res) },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe("admin@socd.lv");
    const audit = await ctx.db.prisma.auditEntry.findFirst({ where: { action: "staff.login" } });
    expect(audit?.actorKind).toBe("staff");
  });

  it("a reception user sees their points", async () => {
    const res = await login("reception@socd.lv", password);
    expect(res.json().user).toMatchObject({ role: "reception", servicePoints: ["liepajas-4"] });
  });

  it("answers a wrong password and an unknown e-mail alike", async () => {
    const wrong = await login("admin@socd.lv", "not the password at all", "192.0.2.11");
    const unknown = await login("nobody@socd.lv", password, "192.0.2.11");
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe("INVALID_CREDENTIALS");
      expect(res.cookies).toHaveLength(0);
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it("never locks an account because of failures from other addresses", async () => {
    const results = [];
    for (let i = 0; i < 6; i++) {
      results.push(
        (await login("reception@socd.lv", `wrong guess ${i}xxxx`, `198.51.100.${i}`)).statusCode,
      );
    }
    expect(results).toEqual([401, 401, 401, 401, 401, 401]);
    expect((await login("reception@socd.lv", password, "198.51.100.99")).statusCode).toBe(200);
  });

  it("requires a session for /me and the CSRF token to sign out", async () => {
    expect((await ctx.app.inject({ url: "/api/v1/staff/me" })).statusCode).toBe(401);
    const res = await login("admin@socd.lv", password, "192.0.2.12");
    const cookie = sessionCookie(res);
    const noToken = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/staff/logout",
      headers: { cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe("CSRF_TOKEN_INVALID");
    const out = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/staff/logout",
      headers: { cookie, "x-csrf-token": res.json().csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(
      (await ctx.app.inject({ url: "/api/v1/staff/me", headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it("tells the SPA whether it is signed in without a 401 (/session)", async () => {
    const signedOut = await ctx.app.inject({ url: "/api/v1/staff/session" });
    expect(signedOut.statusCode).toBe(200);
    expect(signedOut.json()).toEqual({ session: null });
    const res = await login("admin@socd.lv", password, "192.0.2.14");
    const signedIn = await ctx.app.inject({
      url: "/api/v1/staff/session",
      headers: { cookie: sessionCookie(res) },
    });
    expect(signedIn.json().session).toMatchObject({
      user: { email: "admin@socd.lv", role: "admin", servicePoints: [] },
      csrfToken: res.json().csrfToken,
    });
  });

  it("ends a session after 30 idle minutes and after 12 hours in any case", async () => {
    const res = await login("admin@socd.lv", password, "192.0.2.13");
    const cookie = sessionCookie(res);
    const me = () => ctx.app.inject({ url: "/api/v1/staff/me", headers: { cookie } });
    const start = now;
    // Active every 25 minutes: stays signed in ...
    for (let minutes = 25; minutes <= 11 * 60 + 50; minutes += 25) {
      now = new Date(start.getTime() + minutes * 60_000);
      expect((await me()).statusCode).toBe(200);
    }
    // ... until the absolute limit.
    now = new Date(start.getTime() + 12 * 60 * 60_000);
    expect((await me()).statusCode).toBe(401);

    const again = await login("admin@socd.lv", password, "192.0.2.14");
    const idleCookie = sessionCookie(again);
    now = new Date(now.getTime() + 31 * 60_000);
    const idle = await ctx.app.inject({ url: "/api/v1/staff/me", headers: { cookie: idleCookie } });
    expect(idle.statusCode).toBe(401);
  });

  it("disabling a user ends their sessions at once", async () => {
    const res = await login("admin@socd.lv", password, "192.0.2.15");
    const cookie = sessionCookie(res);
    await ctx.db.prisma.staffUser.updateMany({
      where: { email: "admin@socd.lv" },
      data: { active: false },
    });
    expect(
      (await ctx.app.inject({ url: "/api/v1/staff/me", headers: { cookie } })).statusCode,
    ).toBe(401);
    expect((await login("admin@socd.lv", password, "192.0.2.16")).statusCode).toBe(401);
    await ctx.db.prisma.staffUser.updateMany({
      where: { email: "admin@socd.lv" },
      data: { active: true },
    });
  });

  it("refuses short and common passwords, stores only Argon2id hashes", async () => {
    for (const weak of ["short1!", "password1234", "Parole123456"]) {
      await expect(
        createStaffUser(ctx.db.prisma, {
          organisation: "koknese",
          email: "k@koknese.lv",
          name: "K",
          password: weak,
          role: "ADMIN",
        }),
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    }
    const user = await ctx.db.prisma.staffUser.findFirstOrThrow({
      where: { email: "admin@socd.lv" },
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
