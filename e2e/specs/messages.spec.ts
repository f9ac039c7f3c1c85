import type { APIRequestContext, Page } from "@playwright/test";
import { pinnedWeek } from "../clock.ts";
import { bookViaApi, expect, expectAccessible, test } from "../fixtures.ts";
import { e2eAdmin } from "../staff-accounts.ts";

/** Issue 11, the flows: the lost link on /manage and a closure that cancels and notifies. */

async function adminApi(request: APIRequestContext): Promise<void> {
  const res = await request.post("/api/v1/staff/login", {
    data: {
      organisation: e2eAdmin.organisation,
      email: e2eAdmin.email,
      password: e2eAdmin.password,
    },
  });
  expect(res.status()).toBe(200);
}

async function messagesOf(request: APIRequestContext, reference: string) {
  const res = await request.get(`/api/v1/staff/bookings/${reference}/messages`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { kind: string; channel: string; status: string }[];
}

async function signIn(page: Page) {
  await page.goto("/en/staff");
  await page.getByLabel("Organisation").selectOption(e2eAdmin.organisation);
  await page.getByLabel("E-mail").fill(e2eAdmin.email);
  await page.getByLabel("Password").fill(e2eAdmin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: /./ }).first()).toBeVisible();
}

test("a client who lost the link asks for it again on /manage", async ({ page, request }) => {
  const booking = await bookViaApi(request, {
    servicePoint: "vienibas-8",
    service: "consultation",
    language: "en",
    date: pinnedWeek.wednesday,
    time: "09:00",
  });
  const phone = (
    (await (
      await request.get(`/api/v1/bookings/${booking.reference}`, {
        headers: { authorization: `Bearer ${booking.manageToken}` },
      })
    ).json()) as { client: { phone: string } }
  ).client.phone;

  await page.goto("/en/manage");
  const lost = page.getByRole("region", { name: "Lost your link?" });
  await expect(lost).toBeVisible();
  await expectAccessible(page);
  await lost.getByLabel("Phone").fill(phone);
  await lost.getByRole("button", { name: "Send the link" }).click();
  await expect(
    lost.getByText("If this phone number has upcoming bookings, their links have been sent"),
  ).toBeVisible();
  await expectAccessible(page);

  // The link was decided for that booking, to its own phone (nothing sends in the suite).
  await adminApi(request);
  const messages = await messagesOf(request, booking.reference);
  expect(messages.filter((m) => m.kind === "link").map((m) => m.channel)).toEqual(["sms"]);
});

test("staff close a morning, cancel the bookings inside and notify the clients", async ({
  page,
  request,
}) => {
  const inside = await bookViaApi(request, {
    servicePoint: "vienibas-8",
    service: "consultation",
    language: "lv",
    date: pinnedWeek.wednesday,
    time: "10:00",
  });
  await signIn(page);
  // Nothing is configured to send in the suite: the staff area says so.
  await expect(page.getByText("Sending messages is not configured")).toBeVisible();
  await page.goto("/en/staff/closures?point=vienibas-8");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Closed times");
  const form = page.getByRole("region", { name: "Close a time" });
  await form.getByLabel("Date", { exact: true }).fill(pinnedWeek.wednesday);
  await form.getByLabel("From", { exact: true }).fill("09:45");
  await form.getByLabel("Until date (inclusive)").fill(pinnedWeek.wednesday);
  await form.getByLabel("Until", { exact: true }).fill("10:45");
  await form.getByLabel("Reason", { exact: true }).fill("Water pipe burst");
  await form.getByLabel("Cancel the bookings and send the clients a message").check();
  await form
    .getByLabel("Message to the clients (when cancelling)")
    .fill("We are closed this morning. Please book another time; we are sorry.");
  await expectAccessible(page);
  await form.getByRole("button", { name: "Close", exact: true }).click();
  await expect(page.getByText("Bookings cancelled, clients sent the notice")).toBeVisible();
  await expect(page.locator(".notice-ok")).toContainText(inside.reference);
  await expectAccessible(page);

  const messages = await messagesOf(page.request, inside.reference);
  expect(messages.filter((m) => m.kind === "cancelled").map((m) => m.status)).toEqual([
    "not_configured",
  ]);
  const status = await page.request.get(`/api/v1/bookings/${inside.reference}`, {
    headers: { authorization: `Bearer ${inside.manageToken}` },
  });
  expect((await status.json()).status).toBe("cancelled_by_staff");

  // Administrators set when reminders go, and see the failed messages (none here).
  await page.goto("/en/staff/messages");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Messages to clients");
  await expect(page.getByText("No failed messages.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Time", { exact: true }).fill("10:00");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(
    page.getByText("Saved. Reminders not yet sent follow the new setting."),
  ).toBeVisible();
  const settings = await page.request.get("/api/v1/staff/organisation");
  expect(await settings.json()).toMatchObject({ reminderTime: "10:00", reminderDaysBefore: 1 });
  await expectAccessible(page);
});
