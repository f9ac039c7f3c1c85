import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { asStaff, createStaff, organisationOf, signIn, staffPassword } from "./support/staff.ts";

const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
});
afterAll(() => ctx.close());

function login(email: string, password: string, organisation = organisationOf(email)) {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/staff/login",
    payload: { organisation, email, password },
  });
}

function sessionOf(res: Awaited<ReturnType<typeof login>>) {
  const cookie = res.cookies.find((c) => c.name === "pieraksts_staff");
  return { cookie: `pieraksts_staff=${cookie?.value}`, csrf: res.json().csrfToken as string };
}

const me = (session: { cookie: string }) =>
  ctx.app.inject({ url: "/api/v1/staff/me", headers: { cookie: session.cookie } });

async function auditText(): Promise<string> {
  const rows = await ctx.db.prisma.auditEntry.findMany();
  return JSON.stringify(rows, (_, value) => (typeof value === "bigint" ? String(value) : value));
}

async function userId(email: string, organisation = "daugavpils"): Promise<string> {
  const user = await ctx.db.prisma.staffUser.findFirstOrThrow({
    where: { email, organisation: { slug: organisation } },
  });
  return user.id;
}

describe("changing one's own password", () => {
  const email = "admin@koknese.lv";
  const newPassword = "Koknese castle 1277 ruins";

  it("needs the CSRF token, the right current password and a strong new one", async () => {
    const session = await signIn(ctx, email);
    const body = { currentPassword: staffPassword, newPassword };
    const noCsrf = await asStaff(
      ctx,
      { cookie: session.cookie },
      "POST",
      "/api/v1/staff/password",
      body,
    );
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe("CSRF_TOKEN_INVALID");

    const wrong = await asStaff(ctx, session, "POST", "/api/v1/staff/password", {
      currentPassword: "not my password at all",
      newPassword,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: "currentPassword" })]);

    for (const weak of ["short1!", "password1234", email, staffPassword]) {
      const res = await asStaff(ctx, session, "POST", "/api/v1/staff/password", {
        currentPassword: staffPassword,
        newPassword: weak,
      });
      expect(res.statusCode, weak).toBe(400);
      expect(res.json().errors[0].field).toBe("newPassword");
    }
    expect((await login(email, staffPassword)).statusCode).toBe(200);
  });

  it("ends the other sessions, keeps this one, and is audited without the password", async () => {
    const other = await signIn(ctx, email);
    const session = await signIn(ctx, email);
    const res = await asStaff(ctx, session, "POST", "/api/v1/staff/password", {
      currentPassword: staffPassword,
      newPassword,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mustChangePassword: false, user: { email } });
    expect((await me(session)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await login(email, staffPassword)).statusCode).toBe(401);
    expect((await login(email, newPassword)).statusCode).toBe(200);

    const entry = await ctx.db.prisma.auditEntry.findFirst({
      where: { action: "staff.password.change" },
    });
    expect(entry).toMatchObject({ entityType: "StaffUser", actorKind: "staff" });
    const audit = await auditText();
    expect(audit).not.toContain(newPassword);
    expect(audit).not.toContain(staffPassword);
  });
});

describe("a temporary password set by an administrator", () => {
  const temporary = "Temporary Lighthouse 4471";
  const chosen = "Reception desk 2026 morning";

  it("only an administrator of the same organisation may set it", async () => {
    const id = await userId("liepajas@socd.lv");
    const url = `/api/v1/staff/users/${id}/temporary-password`;
    const otherAdmin = await signIn(ctx, "reception@koknese.lv").then(() =>
      // Koknese's admin changed their password above: sign in with the new one.
      login("admin@koknese.lv", "Koknese castle 1277 ruins").then(sessionOf),
    );
    const foreign = await asStaff(ctx, otherAdmin, "POST", url, { password: temporary });
    expect(foreign.statusCode).toBe(404);

    const reception = await signIn(ctx, "liepajas@socd.lv");
    const adminId = await userId("admin@socd.lv");
    const byReception = await asStaff(
      ctx,
      reception,
      "POST",
      `/api/v1/staff/users/${adminId}/temporary-password`,
      { password: temporary },
    );
    expect(byReception.statusCode).toBe(403);
    expect(byReception.json().code).toBe("FORBIDDEN");

    const admin = await signIn(ctx, "admin@socd.lv");
    const noCsrf = await asStaff(ctx, { cookie: admin.cookie }, "POST", url, {
      password: temporary,
    });
    expect(noCsrf.statusCode).toBe(403);
    const weak = await asStaff(ctx, admin, "POST", url, { password: "password1234" });
    expect(weak.statusCode).toBe(400);
    expect((await login("liepajas@socd.lv", staffPassword)).statusCode).toBe(200);
  });

  it("ends the user's sessions and allows nothing but changing it", async () => {
    const id = await userId("liepajas@socd.lv");
    const before = await signIn(ctx, "liepajas@socd.lv");
    const admin = await signIn(ctx, "admin@socd.lv");
    const set = await asStaff(ctx, admin, "POST", `/api/v1/staff/users/${id}/temporary-password`, {
      password: temporary,
    });
    expect(set.statusCode).toBe(204);
    expect((await me(before)).statusCode).toBe(401);
    const listed = await asStaff(ctx, admin, "GET", "/api/v1/staff/users");
    expect(listed.json()).toContainEqual(
      expect.objectContaining({ email: "liepajas@socd.lv", mustChangePassword: true }),
    );

    const res = await login("liepajas@socd.lv", temporary);
    expect(res.statusCode).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
    const session = sessionOf(res);
    const day = await asStaff(ctx, session, "GET", "/api/v1/staff/service-points/liepajas-4/day");
    expect(day.statusCode).toBe(403);
    expect(day.json().code).toBe("PASSWORD_CHANGE_REQUIRED");
    expect((await me(session)).json().mustChangePassword).toBe(true);

    const changed = await asStaff(ctx, session, "POST", "/api/v1/staff/password", {
      currentPassword: temporary,
      newPassword: chosen,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().mustChangePassword).toBe(false);
    const after = await asStaff(ctx, session, "GET", "/api/v1/staff/service-points/liepajas-4/day");
    expect(after.statusCode).toBe(200);

    const entries = await ctx.db.prisma.auditEntry.findMany({
      where: {
        action: { in: ["staffUser.password.temporary", "staff.password.change"] },
        entityId: id,
      },
      orderBy: { id: "asc" },
    });
    expect(entries.map((entry) => entry.action)).toEqual([
      "staffUser.password.temporary",
      "staff.password.change",
    ]);
    const audit = await auditText();
    expect(audit).not.toContain(temporary);
    expect(audit).not.toContain(chosen);
  });
});

describe("e-mails of other organisations", () => {
  it("adding a user never tells whether another organisation has the e-mail", async () => {
    // reception@koknese.lv works for Koknese; Daugavpils' administrator adds the same e-mail.
    const admin = await signIn(ctx, "admin@socd.lv");
    const body = {
      email: "reception@koknese.lv",
      name: "Same person, second job",
      password: "Daugavpils second job 2026",
      role: "reception",
      servicePoints: ["liepajas-4"],
    };
    const created = await asStaff(ctx, admin, "POST", "/api/v1/staff/users", body);
    expect(created.statusCode).toBe(201);
    // Within the organisation it is a conflict: the list shows that e-mail anyway.
    const again = await asStaff(ctx, admin, "POST", "/api/v1/staff/users", body);
    expect(again.statusCode).toBe(409);

    // Each account signs in with its own password, to the organisation it names.
    const socd = await login("reception@koknese.lv", body.password, "daugavpils");
    expect(socd.json().user).toMatchObject({ organisation: "daugavpils" });
    const koknese = await login("reception@koknese.lv", staffPassword, "koknese");
    expect(koknese.json().user).toMatchObject({ organisation: "koknese" });
    // The other organisation's password opens nothing here, and says nothing.
    expect((await login("reception@koknese.lv", staffPassword, "daugavpils")).statusCode).toBe(401);
    expect((await login("reception@koknese.lv", body.password, "koknese")).statusCode).toBe(401);
  });

  it("a temporary password on the duplicate is no oracle for the other organisation's", async () => {
    // The attack: Daugavpils' administrator copies Koknese's e-mail, sets each guess as the
    // copy's temporary password and signs in; the answer must not depend on Koknese's account.
    const admin = await signIn(ctx, "admin@socd.lv");
    const email = "admin@koknese.lv";
    const created = await asStaff(ctx, admin, "POST", "/api/v1/staff/users", {
      email,
      name: "Copy of Koknese's administrator",
      password: "Daugavpils copy account 2026",
      role: "reception",
      servicePoints: ["liepajas-4"],
    });
    expect(created.statusCode).toBe(201);
    const kokneseReal = "Koknese castle 1277 ruins"; // set in the first describe above
    for (const guess of ["Wrong guess at Koknese 01", kokneseReal]) {
      const set = await asStaff(
        ctx,
        admin,
        "POST",
        `/api/v1/staff/users/${created.json().id}/temporary-password`,
        { password: guess },
      );
      expect(set.statusCode).toBe(204);
      // The attacker's request names no organisation: refused alike for every guess.
      const unnamed = await ctx.app.inject({
        method: "POST",
        url: "/api/v1/staff/login",
        payload: { email, password: guess },
      });
      expect(unnamed.statusCode, guess).toBe(400);
      expect(unnamed.json().errors, guess).toEqual([
        expect.objectContaining({ field: "body.organisation" }),
      ]);
      expect(unnamed.cookies, guess).toEqual([]);
      const res = await login(email, guess, "daugavpils");
      expect(res.statusCode, guess).toBe(200);
      expect(res.json().user, guess).toMatchObject({ email, organisation: "daugavpils" });
    }
    // Koknese's account answers only when Koknese is named.
    expect((await login(email, "Wrong guess at Koknese 01", "koknese")).statusCode).toBe(401);
    const koknese = await login(email, kokneseReal, "koknese");
    expect(koknese.json().user).toMatchObject({ email, organisation: "koknese", role: "admin" });
  });
});
