import { pinnedWeek } from "../clock.ts";
import { calendarDay, expect, expectAccessible, freshPhone, test } from "../fixtures.ts";

test.use({ viewport: { width: 360, height: 740 } });

test("a full booking in Latvian on a small phone, every step accessible", async ({
  page,
}, testInfo) => {
  const shot = (name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await page.goto("/");
  await expect(page).toHaveURL(/\/lv$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "lv");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Izvēlieties pašvaldību");
  await expectAccessible(page);
  await shot("01-pasvaldiba");

  await page.getByRole("link", { name: /Daugavpils/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Izvēlieties apkalpošanas vietu",
  );
  await expect(page.getByText("Ķīmiķu mikrorajona")).toBeVisible();
  await expect(page.getByRole("link", { name: "80006966" })).toHaveAttribute(
    "href",
    "tel:+37180006966",
  );
  await expectAccessible(page);
  await shot("02-vieta");

  await page.getByRole("link", { name: "Klientu apkalpošanas centrs Lāčplēša ielā 39" }).click();
  await expect(page.getByText("Līdzi jābūt personu apliecinošam dokumentam").first()).toBeVisible();
  await page.getByText("Varbūt vizīte nav vajadzīga").click();
  await expect(page.getByText("IESNIEGUMS IESTĀDEI")).toBeVisible();
  await expectAccessible(page);
  await shot("03-pakalpojums");

  await page.getByRole("link", { name: /^Pierakstīties: Klientu pieņemšana/ }).click();
  // Tuesday of the pinned week: open 8.00–12.00 and 12.30–15.30, a day after "today".
  await calendarDay(page, pinnedWeek.tuesday).click();
  await expect(page.locator("#time-heading")).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`\\?date=${pinnedWeek.tuesday}$`));
  await expectAccessible(page);
  await shot("04-laiks");

  // The chosen day survives a reload.
  await page.reload();
  await expect(page.locator("table.calendar").getByRole("button", { pressed: true })).toHaveCount(
    1,
  );
  const time = page.locator("ul.times button", { hasText: "14:00" });
  await expect(time).toHaveAccessibleName(/^14:00 ?, 2 brīv/);
  await time.click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jūsu dati");
  await page.getByRole("button", { name: "Apstiprināt pierakstu" }).click();
  await expect(page.getByText("Lūdzu, izlabojiet norādīto.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(/Vārds, uzvārds/).fill("Anna Bērziņa");
  await page.getByLabel(/^Tālrunis/).fill(freshPhone());
  await page.getByLabel("Esmu izlasījis(-usi), kas jāņem līdzi un jāievēro").check();
  await shot("05-dati");
  await page.getByRole("button", { name: "Apstiprināt pierakstu" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pieraksts ir apstiprināts");
  await expect(page.locator(".reference")).toHaveText(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  await expect(page.locator(".when")).toContainText(/\d{4}\. gada/);
  await expect(
    page.getByText("Klientu apkalpošanas centrs Lāčplēša ielā 39, Daugavpils"),
  ).toBeVisible();
  await expect(page.getByText("Ierodieties 5 minūtes pirms")).toBeVisible();
  expect(new URL(page.url()).hash).toMatch(/^#token=[\w-]{43}$/);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Pievienot kalendāram" }).click();
  expect((await download).suggestedFilename()).toMatch(/^pieraksts-.+\.ics$/);
  await expectAccessible(page);
  await shot("06-gatavs");
});

test("a link to a day out of reach opens this month, not one that never loads", async ({
  page,
}) => {
  await page.goto("/ru/koknese/koknese/shower?date=9999-01-01");
  await expect(page).toHaveURL(/\/ru\/koknese\/koknese\/shower$/);
  await expect(calendarDay(page, pinnedWeek.tuesday)).toBeEnabled();
  await expect(page.locator(".month-nav h3")).not.toContainText("9999");
  await expect(page.getByRole("alert")).toHaveCount(0);
});
