import type { APIRequestContext } from "@playwright/test";
import { pinnedWeek } from "../clock.ts";
import { expect, expectAccessible, freshPhone, pinClock, slotsOn, test } from "../fixtures.ts";
import { e2eAdmin } from "../staff-accounts.ts";
import { adminApi, signInPage } from "../staff-session.ts";

/**
 * Issue 13, the waiting list: a full day, a client joins the list, a place frees, the
 * offer's link from the message (as written to the outbox: nothing sends in the suite)
 * opens the entry's page, and confirming books the place.
 */
const point = "vienibas-8";
const service = "consultation";
const day = pinnedWeek.nextMonday;

async function fillTheDay(request: APIRequestContext) {
  const made: { reference: string; manageToken: string; start: string }[] = [];
  for (const slot of await slotsOn(request, point, service, day)) {
    for (let place = 0; place < slot.remaining; place++) {
      const res = await request.post("/api/v1/bookings", {
        data: {
          servicePoint: point,
          service,
          start: slot.start,
          client: { name: "Test Client", phone: freshPhone() },
          language: "en",
        },
      });
      expect(res.status()).toBe(201);
      made.push(await res.json());
    }
  }
  expect(await slotsOn(request, point, service, day)).toEqual([]);
  return made;
}

test("a client joins the waiting list of a full day and books the place that frees", async ({
  page,
  request,
  browser,
}) => {
  const booked = await fillTheDay(request);
  expect(booked.length).toBeGreaterThan(0);

  await page.goto(`/en/daugavpils/${point}/${service}?date=${day}`);
  await page.getByRole("link", { name: "No suitable time? Join the waiting list" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Waiting list");
  await expectAccessible(page);
  const phone = freshPhone();
  await page.getByLabel("Full name").fill("Rita Gaidītāja");
  await page.getByLabel("Phone").fill(phone);
  await page.getByLabel("From").fill(day);
  await page.getByLabel("Until (inclusive)").fill(day);
  await page.getByRole("button", { name: "Join the waiting list" }).click();

  await expect(
    page.getByText(/^You are on the waiting list\. Reference: [A-Z2-9-]{9}\.$/),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/en\/waitlist\/[A-Z2-9-]{9}#token=/);
  await expect(page.getByText("No time is offered to you now.", { exact: false })).toBeVisible();
  // The page's own link is the one to keep.
  await expect(page.locator(".waitlist-link a")).toHaveText(/\/en\/waitlist\/.+#token=/);
  await expectAccessible(page);

  // Someone cancels: the place goes to the list at once.
  const freed = booked[0];
  if (!freed) throw new Error("nothing booked");
  const cancel = await request.post(`/api/v1/bookings/${freed.reference}/cancel`, {
    headers: { authorization: `Bearer ${freed.manageToken}` },
  });
  expect(cancel.status()).toBe(200);

  // The SMS that would have gone, as the administrator's export of the phone shows it.
  const login = await request.post("/api/v1/staff/login", {
    data: {
      organisation: e2eAdmin.organisation,
      email: e2eAdmin.email,
      password: e2eAdmin.password,
    },
  });
  expect(login.status()).toBe(200);
  const exported = await request.get(`/api/v1/staff/clients/export?phone=${phone}`);
  expect(exported.status()).toBe(200);
  const { waitlist } = (await exported.json()) as {
    waitlist: { messages: { channel: string; kind: string; body: string | null }[] }[];
  };
  const sms = waitlist[0]?.messages.find((m) => m.channel === "sms" && m.kind === "offer");
  const link = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]+/.exec(sms?.body ?? "")?.[0];
  expect(link, sms?.body ?? "no offer message").toBeTruthy();
  await request.post("/api/v1/staff/logout").catch(() => {});

  // The desk sees the entry on the day page, first in line, with the place held for it.
  const desk = await browser.newContext();
  await pinClock(desk);
  const staff = await desk.newPage();
  await signInPage(staff, "en", e2eAdmin);
  await staff.goto(`/en/staff?point=${point}`);
  await staff.getByLabel("Date", { exact: true }).fill(day);
  const waiting = staff.getByRole("region", { name: "Waiting list" });
  const row = waiting.getByRole("row").filter({ hasText: "Rita Gaidītāja" });
  await expect(row).toContainText(/kept until \d\d:\d\d/);
  await expect(row.getByRole("cell").nth(1)).toHaveText("1");
  await expectAccessible(staff);
  await desk.close();

  await page.goto(new URL(link ?? "").pathname);
  await expect(page).toHaveURL(/\/en\/waitlist\/[A-Z2-9-]{9}#token=/);
  const offer = page.getByRole("region", { name: "The time offered to you" });
  await expect(offer).toBeVisible();
  await expect(offer.getByText(/^The time is kept for you until \d\d:\d\d\./)).toBeVisible();
  await expect(offer.getByRole("timer")).toHaveText(/^\((30|29):\d\d left\)$/);
  await expectAccessible(page);

  await offer.getByRole("button", { name: "Confirm this time" }).click();
  await expect(page).toHaveURL(/\/en\/booking\/[A-Z2-9-]{9}#token=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You are booked");
  await expectAccessible(page);
});

test("the waiting-list form fits a phone's screen and works with the keyboard", async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/lv/daugavpils/${point}/${service}/waitlist?date=${day}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gaidītāju rinda");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  // Sent empty: every required field says so, in the client's language.
  await page.getByRole("button", { name: "Pierakstīties rindā" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toBeVisible();
  await expectAccessible(page);
});

test("an offer for a service that asks questions is confirmed through its form, the time kept", async ({
  page,
  request,
}) => {
  // A service no other journey uses: one place a day, and a question every client answers.
  const where = { point: "asistentu-pakalpojumu-sektors", service: "consultation" };
  const date = pinnedWeek.wednesday;
  const headers = await adminApi(request);
  const changed = await request.patch(
    `/api/v1/staff/service-points/${where.point}/services/${where.service}`,
    {
      headers,
      data: {
        dailyLimit: 1,
        questions: [
          {
            key: "assistant_for",
            kind: "text",
            required: true,
            label: {
              lv: "Kam vajadzīgs asistents?",
              ru: "Кому нужен ассистент?",
              en: "Who needs the assistant?",
            },
          },
        ],
      },
    },
  );
  expect(changed.status()).toBe(200);
  await request.post("/api/v1/staff/logout");

  const [first] = await slotsOn(request, where.point, where.service, date);
  if (!first) throw new Error("no free time that day");
  const taken = await request.post("/api/v1/bookings", {
    data: {
      servicePoint: where.point,
      service: where.service,
      start: first.start,
      client: { name: "Test Client", phone: freshPhone() },
      answers: { assistant_for: "My mother" },
      language: "en",
    },
  });
  expect(taken.status()).toBe(201);
  expect(await slotsOn(request, where.point, where.service, date)).toEqual([]);

  const waitingPhone = freshPhone();
  const joined = await request.post("/api/v1/waitlist", {
    data: {
      servicePoint: where.point,
      service: where.service,
      from: date,
      to: date,
      client: { name: "Jānis Gaidītājs", phone: waitingPhone },
      language: "en",
    },
  });
  expect(joined.status()).toBe(201);
  const entry = (await joined.json()) as { reference: string; manageToken: string };
  const booking = (await taken.json()) as { reference: string; manageToken: string };
  const cancelled = await request.post(`/api/v1/bookings/${booking.reference}/cancel`, {
    headers: { authorization: `Bearer ${booking.manageToken}` },
  });
  expect(cancelled.status()).toBe(200);

  // Which way the offer is confirmed is known once the services have loaded; until then the
  // page shows no button (a tap on the one-tap confirm could only be refused for this one).
  let releaseServices = () => {};
  const servicesHeld = new Promise<void>((resolve) => {
    releaseServices = resolve;
  });
  await page.route(
    (url) => url.pathname === "/api/v1/services",
    async (route) => {
      await servicesHeld;
      await route.continue();
    },
  );
  await page.goto(`/en/waitlist/${entry.reference}#token=${entry.manageToken}`);
  const offer = page.getByRole("region", { name: "The time offered to you" });
  await expect(offer.getByRole("status")).toBeVisible();
  await expect(offer.getByRole("button")).toHaveCount(0);
  releaseServices();
  await expect(
    offer.getByText("This service needs a few more answers.", { exact: false }),
  ).toBeVisible();
  await expect(offer.getByRole("button", { name: "Confirm this time" })).toHaveCount(0);
  await expectAccessible(page);
  await offer.getByRole("button", { name: "Fill in and confirm" }).click();

  // The booking form for the offered time, with the countdown of the offer's hold.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your details");
  await expect(page.getByRole("timer")).toBeVisible();
  await page.getByLabel("Full name").fill("Jānis Gaidītājs");
  // The offered place is the waiting client's: booked with the phone on the entry.
  await page.getByLabel("Phone").fill(waitingPhone);
  await page.getByLabel("Who needs the assistant?").fill("My father");
  const acknowledge = page.getByLabel("I have read what to bring and remember");
  if (await acknowledge.count()) await acknowledge.check();
  await page.getByRole("button", { name: "Confirm the booking" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You are booked");

  // The entry knows its offer became this booking.
  const after = await request.get(`/api/v1/waitlist/${entry.reference}`, {
    headers: { authorization: `Bearer ${entry.manageToken}` },
  });
  expect(after.status()).toBe(200);
  expect(await after.json()).toMatchObject({ status: "booked", booking: expect.any(String) });
});
