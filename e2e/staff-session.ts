import type { APIRequestContext, Page } from "@playwright/test";
import { expect, expectAccessible } from "./fixtures.ts";
import { e2eAdmin, e2eReception } from "./staff-accounts.ts";

/** Signs the API context in as the administrator; returns its CSRF header. */
export async function adminApi(request: APIRequestContext): Promise<Record<string, string>> {
  const res = await request.post("/api/v1/staff/login", {
    data: {
      organisation: e2eAdmin.organisation,
      email: e2eAdmin.email,
      password: e2eAdmin.password,
    },
  });
  expect(res.status()).toBe(200);
  return { "x-csrf-token": (await res.json()).csrfToken };
}

/** The reception user at Liepājas 4, added by the administrator (once). */
export async function ensureReception(
  request: APIRequestContext,
  headers: Record<string, string>,
): Promise<void> {
  const res = await request.post("/api/v1/staff/users", {
    headers,
    data: {
      email: e2eReception.email,
      name: e2eReception.name,
      password: e2eReception.password,
      role: "reception",
      servicePoints: ["liepajas-4"],
    },
  });
  expect([201, 409]).toContain(res.status());
}

/** Signs a staff member in through the sign-in form, in `lang`. */
export async function signInPage(
  page: Page,
  lang: string,
  account: { organisation: string; email: string; password: string },
): Promise<void> {
  await page.goto(`/${lang}/staff`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(/^(Iestāde|Учреждение|Organisation)$/).selectOption(account.organisation);
  await page.getByLabel(/^(E-pasts|Эл\. почта|E-mail)$/).fill(account.email);
  await page.getByLabel(/^(Parole|Пароль|Password)$/).fill(account.password);
  await page.getByRole("button", { name: /^(Pieteikties|Войти|Sign in)$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^(Pieraksti|Записи|Bookings)/);
}
