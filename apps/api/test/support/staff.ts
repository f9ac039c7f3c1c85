import type { PrismaClient } from "@pieraksts/db";
import { expect } from "vitest";
import { createStaffUser } from "../../src/routes/staff/users.ts";
import type { TestContext } from "../helpers.ts";

export const staffPassword = "Daugava flows 1201 slowly";

/** Staff for the seeded organisations: an admin each, reception at Liepājas 4. */
export const staffUsers = [
  { organisation: "daugavpils", email: "admin@socd.lv", role: "ADMIN" as const },
  {
    organisation: "daugavpils",
    email: "liepajas@socd.lv",
    role: "RECEPTION" as const,
    servicePoints: ["liepajas-4"],
  },
  { organisation: "koknese", email: "admin@koknese.lv", role: "ADMIN" as const },
  {
    organisation: "koknese",
    email: "reception@koknese.lv",
    role: "RECEPTION" as const,
    servicePoints: ["koknese"],
  },
];

export async function createStaff(prisma: PrismaClient): Promise<void> {
  for (const user of staffUsers) {
    await createStaffUser(prisma, { ...user, name: user.email, password: staffPassword });
  }
}

export interface StaffSession {
  cookie: string;
  csrf?: string;
}

/** The organisation `staffUsers` gives the e-mail; otherwise the one its domain suggests. */
export function organisationOf(email: string): string {
  const known = staffUsers.find((user) => user.email === email);
  if (known) return known.organisation;
  return email.endsWith("@koknese.lv") ? "koknese" : "daugavpils";
}

export async function signIn(
  ctx: TestContext,
  email: string,
  organisation = organisationOf(email),
): Promise<Required<StaffSession>> {
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/staff/login",
    payload: { organisation, email, password: staffPassword },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === "pieraksts_staff");
  return { cookie: `pieraksts_staff=${cookie?.value}`, csrf: res.json().csrfToken as string };
}

/** A staff request with the session's cookie and, when it has one, its CSRF token. */
export function asStaff(
  ctx: TestContext,
  session: StaffSession,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  payload?: object,
) {
  return ctx.app.inject({
    method,
    url,
    headers: { cookie: session.cookie, ...(session.csrf ? { "x-csrf-token": session.csrf } : {}) },
    ...(payload ? { payload } : {}),
  });
}
