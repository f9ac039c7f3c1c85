import { expect, expectAccessible, test } from "../fixtures.ts";

test("language, text size and contrast are remembered; <html lang> follows", async ({ page }) => {
  await page.goto("/lv");
  await page.getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a municipality");
  await page.getByRole("button", { name: "Larger text" }).click();
  await page.getByRole("button", { name: "High contrast" }).click();
  await expectAccessible(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.locator("html")).toHaveAttribute("data-text-size", "larger");
  await expect(page.locator("html")).toHaveAttribute("data-contrast", "high");
  await expect(page.getByRole("button", { name: "Larger text" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
});

test.describe("failures the client must be able to read", () => {
  test.use({
    expectedConsoleErrors: [
      /^Failed to load resource: (the server responded with a status of 404|net::ERR_FAILED)/,
    ],
  });

  test("an unknown address gets a proper page", async ({ page }) => {
    await page.goto("/lv/nowhere");
    await expect(page.getByRole("heading", { name: "Lapa nav atrasta" })).toBeVisible();
    await page.goto("/xx/yy/zz/aa/bb/cc");
    await expect(page.getByRole("heading", { name: "Lapa nav atrasta" })).toBeVisible();
    await expectAccessible(page);
  });

  test("a lost connection shows a retry that works", async ({ page }) => {
    let fail = true;
    await page.route("**/api/v1/service-points*", (route) =>
      fail ? route.abort() : route.continue(),
    );
    // Opened directly, a page carries its first answers; moving on to it fetches them.
    await page.goto("/lv");
    await page.getByRole("link", { name: /Daugavpils/ }).click();
    await expect(page.getByText("Nav savienojuma ar serveri.")).toBeVisible();
    fail = false;
    await page.getByRole("button", { name: "Mēģināt vēlreiz" }).click();
    await expect(
      page.getByRole("link", { name: "Klientu apkalpošanas centrs Lāčplēša ielā 39" }),
    ).toBeVisible();
  });
});

test("a page opened directly shows its list from the answers it carries, asking the API nothing", async ({
  page,
}) => {
  const asked: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/api/")) asked.push(request.url());
  });
  await page.goto("/lv/daugavpils/lacplesa-39");
  await expect(
    page.getByRole("link", { name: /^Pierakstīties: Klientu pieņemšana/ }),
  ).toBeVisible();
  expect(asked).toEqual([]);
});

test("usable at 320 px wide with the largest text: nothing scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/lv/daugavpils/lacplesa-39/consultation");
  await page.getByRole("button", { name: "Ļoti liels teksts" }).click();
  await page.locator("table.calendar").waitFor();
  for (const url of [
    "/lv",
    "/lv/daugavpils",
    "/lv/daugavpils/lacplesa-39",
    "/lv/daugavpils/lacplesa-39/consultation",
  ]) {
    await page.goto(url);
    await page.getByRole("heading", { level: 1 }).waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
});
