import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "../fixtures.ts";
import { e2eAdmin } from "../staff-accounts.ts";

// The old password after the reset (401) and a wrong current password (400) are refused
// on purpose; the browser logs both.
test.use({ expectedConsoleErrors: [/status of 40[01] /] });

/** Signs in; the organisation is chosen only where the page has not remembered it. */
async function signIn(
  page: Page,
  account: { email: string; password: string },
  organisation: "choose" | "remembered" = "remembered",
) {
  await page.goto("/en/staff");
  const select = page.getByLabel(/^Organisation$/);
  if (organisation === "choose") await select.selectOption(e2eAdmin.organisation);
  // The last organisation signed in to on this device comes preselected.
  else await expect(select).toHaveValue(e2eAdmin.organisation);
  await page.getByLabel(/^E-mail$/).fill(account.email);
  await page.getByLabel(/^Password$/).fill(account.password);
  await page.getByRole("button", { name: /^Sign in$/ }).click();
}

async function changePassword(page: Page, current: string, next: string) {
  await page.getByLabel(/^(Current|Temporary) password$/).fill(current);
  await page.getByLabel(/^New password$/).fill(next);
  await page.getByLabel(/^New password again$/).fill(next);
  await page.getByRole("button", { name: /^Change password$/ }).click();
}

test("a temporary password from the administrator, changed at sign-in and again later", async ({
  page,
  request,
}) => {
  // A reception user of this journey's own, added by the administrator through the API.
  const user = {
    email: `password-${Date.now()}@e2e.test`,
    name: `Paroles Lietotāja ${Date.now() % 10_000}`,
    password: "First password 2026 desk",
  };
  const login = await request.post("/api/v1/staff/login", {
    data: {
      organisation: e2eAdmin.organisation,
      email: e2eAdmin.email,
      password: e2eAdmin.password,
    },
  });
  expect(login.status()).toBe(200);
  const created = await request.post("/api/v1/staff/users", {
    headers: { "x-csrf-token": (await login.json()).csrfToken },
    data: { ...user, role: "reception", servicePoints: ["liepajas-4"] },
  });
  expect(created.status()).toBe(201);

  // The administrator sets a temporary password on the users page.
  const temporary = "Temporary lighthouse 5521";
  await signIn(page, e2eAdmin, "choose");
  await page.getByRole("link", { name: "Staff accounts" }).click();
  await page.getByLabel("Staff member").selectOption({ label: `${user.name} (${user.email})` });
  await page.getByLabel("Temporary password (at least 12 characters)").fill(temporary);
  await page.getByRole("button", { name: "Set a temporary password" }).click();
  await expect(page.getByText(`Temporary password set for ${user.name}.`)).toBeVisible();
  await expect(
    page.getByRole("row", { name: new RegExp(user.email) }).getByText("Must change password"),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out" }).click();

  // The old password no longer works; the temporary one leads only to changing it.
  await signIn(page, user);
  await expect(page.getByRole("alert")).toHaveText(
    "The organisation, the e-mail or the password is wrong.",
  );
  await signIn(page, { email: user.email, password: temporary });
  await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
  await expect(page.getByText("Your password is temporary.", { exact: false })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Staff menu" })).toHaveCount(0);
  await expectAccessible(page);
  const chosen = "Morning shift 0815 coffee";
  await changePassword(page, temporary, chosen);
  await expect(page.getByRole("navigation", { name: "Staff menu" })).toBeVisible();

  // Later, from the staff area: a wrong current password is refused, the right one works.
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
  await expectAccessible(page);
  const final = "Evening shift 1745 tea time";
  await changePassword(page, "not the current one at all", final);
  await expect(page.getByText("The current password is wrong.")).toBeVisible();
  await expectAccessible(page);
  await changePassword(page, chosen, final);
  await expect(page.getByText("Password changed. Your other sessions have ended.")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, { email: user.email, password: final });
  await expect(page.getByRole("navigation", { name: "Staff menu" })).toBeVisible();
});
