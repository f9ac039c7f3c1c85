import { pinnedWeek } from "../clock.ts";
import { expect, expectAccessible, freshPhone, slotsOn, test } from "../fixtures.ts";
import { e2eAdmin } from "../staff-accounts.ts";

// The revoked key's refusal is asked for by the test's own request, not the page; the
// page logs nothing.
test("an administrator gives a third party a key, sees it used, and revokes it", async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const name = `Zvanu centrs ${Date.now() % 100_000}`;

  await page.goto("/en/staff");
  await page.getByLabel(/^Organisation$/).selectOption(e2eAdmin.organisation);
  await page.getByLabel(/^E-mail$/).fill(e2eAdmin.email);
  await page.getByLabel(/^Password$/).fill(e2eAdmin.password);
  await page.getByRole("button", { name: /^Sign in$/ }).click();
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  // Created with one scope; the key is shown once, with a way to copy it.
  await page.getByLabel("Name (who holds the key)").fill(name);
  await page.getByLabel(/Book for clients and manage the bookings it made/).check();
  // Its own rate limit: the default and the maximum are said; out of range, said at the field.
  const limit = page.getByLabel(/^Requests per minute/);
  await expect(
    page.getByText("Leave empty for the default, 120 a minute. At most 1200."),
  ).toBeVisible();
  await limit.fill("0");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(
    page.getByText("Enter a whole number from 1 to 1200, or leave the field empty."),
  ).toBeVisible();
  await expect(limit).toHaveAttribute("aria-invalid", "true");
  await limit.fill("30");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("heading", { name: `New key: ${name}` })).toBeVisible();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^pk_[0-9a-f]{8}_/);
  await page.getByRole("button", { name: "Copy key" }).click();
  await expect(page.getByText("Key copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(key.slice(0, 11));
  await expect(row).toContainText("Not used yet");
  await expect(row).toContainText("30 (its own)");
  await expect(page.locator("table")).not.toContainText(key.slice(12));
  await expectAccessible(page);

  // The third party books on Tuesday with the key; staff see where the booking came from.
  const [slot] = await slotsOn(request, "lacplesa-39", "consultation", pinnedWeek.tuesday);
  if (!slot) throw new Error("no free slot on Tuesday at Lāčplēša 39");
  const booked = await request.post("/api/v1/bookings", {
    headers: { "x-api-key": key },
    data: {
      servicePoint: "lacplesa-39",
      service: "consultation",
      start: slot.start,
      client: { name: "Zvanītājs", phone: freshPhone() },
    },
  });
  expect(booked.status()).toBe(201);
  const { reference } = (await booked.json()) as { reference: string };
  await page.goto("/en/staff/day?point=lacplesa-39");
  await page.getByLabel(/^Date$/).fill(pinnedWeek.tuesday);
  await expect(page.getByRole("row", { name: new RegExp(reference) })).toContainText(
    `with API key “${name}”`,
  );
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).not.toContainText("Not used yet");

  // Revoking asks first; "No" keeps the key, "Yes" ends it at once. The question, above
  // the table, takes the focus, and "No" gives it back to the row's button (by keyboard).
  const revokeButton = page.getByRole("button", { name: `Revoke: ${name}` });
  await revokeButton.focus();
  await page.keyboard.press("Enter");
  const question = page.getByRole("alertdialog");
  await expect(question).toContainText(`Revoke the key “${name}”?`);
  await expect(page.getByText(`Revoke the key “${name}”?`)).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(question.getByRole("button", { name: "No, keep it" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(question).toHaveCount(0);
  await expect(revokeButton).toBeFocused();
  await page.getByRole("button", { name: `Revoke: ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByText(`The key “${name}” was revoked.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Revoked");
  const refused = await request.get(`/api/v1/bookings/${reference}`, {
    headers: { "x-api-key": key },
  });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).code).toBe("UNAUTHORIZED");
});
