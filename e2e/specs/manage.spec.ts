import { pinnedWeek } from "../clock.ts";
import { bookViaApi, expect, expectAccessible, test } from "../fixtures.ts";

test("a client cancels in Russian from the link", async ({ page, request }) => {
  const booking = await bookViaApi(request, {
    servicePoint: "vienibas-8",
    service: "consultation",
    language: "ru",
    date: pinnedWeek.tuesday,
    time: "09:00",
  });
  await page.goto(`/ru/booking/${booking.reference}#token=${booking.manageToken}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Моя запись");
  await expect(page.locator(".reference")).toHaveText(booking.reference);
  await expectAccessible(page);
  // The question takes the focus from the button it replaces; "No" gives it back.
  await page.getByRole("button", { name: "Отменить запись" }).click();
  await expect(page.getByText("Вы действительно хотите отменить эту запись?")).toBeFocused();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Нет, оставить" }).click();
  await expect(page.getByRole("button", { name: "Отменить запись" })).toBeFocused();
  await page.getByRole("button", { name: "Отменить запись" }).click();
  await page.getByRole("button", { name: "Да, отменить" }).click();
  await expect(page.getByText("Запись отменена.")).toBeVisible();
  await expect(page.getByText("Отменено", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Отменить запись" })).toHaveCount(0);
});

test("a client reschedules in English", async ({ page, request }) => {
  const booking = await bookViaApi(request, {
    servicePoint: "saura-28",
    service: "consultation",
    language: "en",
    date: pinnedWeek.tuesday,
    time: "09:00",
  });
  await page.goto(`/en/booking/${booking.reference}#token=${booking.manageToken}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My booking");
  await page.getByRole("button", { name: "Change the time" }).click();
  await expect(page.getByRole("heading", { name: "Choose a new time" })).toBeVisible();
  await expectAccessible(page);
  // The booked day is chosen; Šaurā 28 has one place per slot, so 09.00 is not offered.
  const target = page.locator("ul.times button", { hasText: "14:30" });
  await expect(target).toBeVisible();
  await expect(page.locator("ul.times button", { hasText: "09:00" })).toHaveCount(0);
  await target.click();
  // Nothing moves before the client says yes.
  await expect(page.locator(".when")).toContainText("09:00");
  await page.getByRole("button", { name: "Yes, move it" }).click();
  await expect(page.getByText("The time has been changed.")).toBeVisible();
  await expect(page.locator(".when")).toContainText("14:30");
  const res = await page.request.get(`/api/v1/bookings/${booking.reference}`, {
    headers: { authorization: `Bearer ${booking.manageToken}` },
  });
  expect((await res.json()).start).toBe(`${pinnedWeek.tuesday}T14:30:00+03:00`);
});

test.describe("wrong links", () => {
  test.use({
    expectedConsoleErrors: [/^Failed to load resource: the server responded with a status of 404/],
  });

  test("a wrong token gets the same answer as a wrong reference, and a way to try again", async ({
    page,
  }) => {
    await page.goto("/lv/booking/ABCD-EFGH#token=wrong");
    await expect(page.getByText("Pieraksts nav atrasts. Pārbaudiet numuru un kodu.")).toBeVisible();
    await expect(page.getByLabel("Pieraksta numurs")).toHaveValue("ABCD-EFGH");
    await expectAccessible(page);
  });
});
