import { expect, expectAccessible, test } from "../fixtures.ts";

test("the first page lists the service points in Latvian", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "lv");
  await expect(page.getByRole("heading", { level: 2 })).toHaveText("Klientu apkalpošanas vietas");
  const points = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 3 }) });
  await expect(points).toHaveCount(5);
  await expect(
    page.getByRole("heading", { name: "Klientu apkalpošanas centrs Lāčplēša ielā 39" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "80006966" })).toHaveAttribute(
    "href",
    "tel:+37180006966",
  );
  await expectAccessible(page);
});

test("a deep link into the SPA is served its page, not a 404", async ({ page }) => {
  const response = await page.goto("/lv/daugavpils/lacplesa-39");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pieraksts");
});
