import { pinnedWeek } from "../clock.ts";
import { calendarDay, expect, freshPhone, tabTo, test } from "../fixtures.ts";

test("the whole booking journey by keyboard only", async ({ page }) => {
  await page.goto("/lv");
  await tabTo(page, page.getByRole("link", { name: /Daugavpils/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Izvēlieties apkalpošanas vietu",
  );
  await tabTo(
    page,
    page.getByRole("link", { name: "Klientu apkalpošanas punkts Vienības ielā 8 (17. kab.)" }),
  );
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("link", { name: /^Pierakstīties:/ }));
  await page.keyboard.press("Enter");

  // Wednesday of the pinned week, then its 13.00.
  const wednesday = calendarDay(page, pinnedWeek.wednesday);
  await wednesday.waitFor();
  await tabTo(page, wednesday);
  await page.keyboard.press("Enter");
  await expect(page.locator("#time-heading")).toBeFocused();
  await tabTo(page, page.locator("ul.times button", { hasText: "13:00" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jūsu dati");
  await tabTo(page, page.getByLabel(/Vārds, uzvārds/));
  await page.keyboard.type("Pēteris Kalniņš");
  await tabTo(page, page.getByLabel(/^Tālrunis/));
  await page.keyboard.type(freshPhone());
  await tabTo(page, page.getByLabel("Esmu izlasījis(-usi), kas jāņem līdzi un jāievēro"));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Apstiprināt pierakstu" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pieraksts ir apstiprināts");
});
