import type { Page } from "@playwright/test";
import { pinnedWeek } from "../clock.ts";
import { calendarDay, expect, expectAccessible, freshPhone, slotAt, test } from "../fixtures.ts";

/**
 * Issue 14's client walk-through at 360 px with the largest text, in three languages:
 * each point it found, checked as the client meets it.
 */
test.use({ viewport: { width: 360, height: 740 } });

/** Words the layout split over two lines ("Latvie/šu", "Pirmd/."), as "word" strings. */
async function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      const parent = node.parentElement;
      if (!parent || parent.closest(".sr-only, script, style")) continue;
      // A line may end after a hyphen or dash ("LV-/5401", "08:00–/12:00"): not a split word.
      for (const match of text.matchAll(/[^\s\-–]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(
          Array.from(range.getClientRects())
            .filter((r) => r.width > 0)
            .map((r) => Math.round(r.top)),
        );
        // An e-mail address or a link longer than the line must break somewhere.
        if (tops.size > 1 && !/@|:\/\//.test(match[0])) broken.push(match[0]);
      }
    }
    return broken;
  });
}

async function largestText(page: Page) {
  await page.addInitScript(() => localStorage.setItem("pieraksts.textSize", "larger"));
}

test("no word is split at 360 px with the largest text, in any language", async ({
  page,
}, testInfo) => {
  await largestText(page);
  for (const lang of ["lv", "ru", "en"] as const) {
    for (const [name, url] of [
      ["points", `/${lang}/daugavpils`],
      ["services", `/${lang}/daugavpils/liepajas-4`],
      ["calendar", `/${lang}/daugavpils/lacplesa-39/consultation?date=${pinnedWeek.tuesday}`],
      ["gifts", `/${lang}/daugavpils/liepajas-4/gift-packages`],
      ["koknese", `/${lang}/koknese/koknese`],
    ] as const) {
      await page.goto(url);
      await page.locator("main h1").waitFor();
      await page.locator(".loading").waitFor({ state: "detached" });
      if (name === "calendar") await page.locator("table.calendar").waitFor();
      await page.screenshot({
        path: testInfo.outputPath(`${lang}-${name}.png`),
        fullPage: true,
      });
      expect(await brokenWords(page), `${lang} ${name}`).toEqual([]);
    }
  }
  // The month as each language writes it, with no CSS capitals ("2026. G. Novembris").
  await page.goto(`/lv/daugavpils/lacplesa-39/consultation?date=${pinnedWeek.tuesday}`);
  await expect(page.locator(".month-nav h3")).toHaveText("2027. gada maijs");
  await page.goto(`/ru/daugavpils/lacplesa-39/consultation?date=${pinnedWeek.tuesday}`);
  await expect(page.locator(".month-nav h3")).toHaveText("Май 2027 г.");
  await expect(page.locator(".month-nav h3")).toHaveCSS("text-transform", "none");
});

test("Back after booking and Confirm again shows the booking made, not a second one", async ({
  page,
  request,
}) => {
  const date = pinnedWeek.wednesday;
  const before = await slotAt(request, {
    servicePoint: "lacplesa-39",
    service: "consultation",
    date,
    time: "13:00",
  });
  const phone = freshPhone();
  await page.goto(`/lv/daugavpils/lacplesa-39/consultation?date=${date}`);
  await page.locator("ul.times button", { hasText: "13:00" }).click();
  const fill = async () => {
    await page.getByLabel(/Vārds, uzvārds/).fill("Anna Bērziņa");
    await page.getByLabel(/^Tālrunis/).fill(phone);
    await page.getByLabel("Esmu izlasījis(-usi), kas jāņem līdzi un jāievēro").check();
  };
  await fill();
  await page.getByRole("button", { name: "Apstiprināt pierakstu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pieraksts ir apstiprināts");
  const reference = await page.locator(".reference").textContent();

  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jūsu dati");
  await expect(
    page.getByText("Jūs jau pierakstījāties uz šo pakalpojumu šajā dienā."),
  ).toBeVisible();
  await fill();
  await page.getByRole("button", { name: "Apstiprināt pierakstu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mans pieraksts");
  await expect(page.locator(".reference")).toHaveText(reference ?? "");
  await expect(
    page.getByText("Jūs jau pierakstījāties uz šo pakalpojumu šajā dienā."),
  ).toBeVisible();
  const after = await slotAt(request, {
    servicePoint: "lacplesa-39",
    service: "consultation",
    date,
    time: "13:00",
  });
  expect(after.remaining).toBe(before.remaining - 1);
  await expectAccessible(page);

  // Another tab (no memory of it): the API refuses, and the form says why.
  const other = await page.context().newPage();
  await other.goto(`/lv/daugavpils/lacplesa-39/consultation?date=${date}`);
  await other.locator("ul.times button", { hasText: "13:15" }).click();
  await other.evaluate(() => sessionStorage.clear());
  await other.getByLabel(/Vārds, uzvārds/).fill("Anna Bērziņa");
  await other.getByLabel(/^Tālrunis/).fill(`+371 ${phone}`);
  await other.getByLabel("Esmu izlasījis(-usi), kas jāņem līdzi un jāievēro").check();
  await other.getByRole("button", { name: "Apstiprināt pierakstu" }).click();
  await expect(other.getByText(/jau ir pieraksts uz šo pakalpojumu/)).toBeVisible();
  await expect(other.getByRole("link", { name: "Atrast pierakstu" })).toBeVisible();
  await other.close();
});

test("a move asks first, then tells the outcome where the focus is", async ({ page }) => {
  await page.goto(`/en/daugavpils/vienibas-8/consultation?date=${pinnedWeek.tuesday}`);
  await page.locator("ul.times button", { hasText: "09:00" }).click();
  await page.getByLabel(/^Full name/).fill("Ivan Petrov");
  await page.getByLabel(/^Phone/).fill(freshPhone());
  await page.getByLabel("I have read what to bring and remember").check();
  await page.getByRole("button", { name: "Confirm the booking" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You are booked");
  // The point's phones, to quote the reference to.
  await expect(page.getByRole("link", { name: "654 28668" })).toHaveAttribute(
    "href",
    "tel:+37165428668",
  );
  // The place's street is said once, not again after its name.
  await expect(page.locator(".booking-summary dd").nth(3)).toHaveText(
    /^Client service point, Vienības iela 8 \(room 17\), [^V]*Daugavpils$/,
  );

  await page.getByRole("button", { name: "Change the time" }).click();
  await calendarDay(page, pinnedWeek.wednesday).click();
  await page.locator("ul.times button", { hasText: "10:00" }).click();
  const question = page.getByText(/^Move the booking to .*10:00\?$/);
  await expect(question).toBeFocused();
  await expect(page.locator(".when")).toContainText("09:00");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Yes, move it" }).click();
  await expect(page.getByText("The time has been changed.")).toBeVisible();
  await expect(
    page.locator("[role=status]").filter({ hasText: "The time has been changed." }),
  ).toBeFocused();
  await expect(page.locator(".when")).toContainText("10:00");

  await page.getByRole("button", { name: "Cancel the booking" }).click();
  await page.getByRole("button", { name: "Yes, cancel" }).click();
  await expect(page.getByText("The booking has been cancelled.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add to calendar" })).toHaveCount(0);
});

test("an invalid phone and a too long name are refused with a reason", async ({ page }) => {
  // Choosing a time holds it: not 09.00, which manage.spec books.
  await page.goto(`/ru/daugavpils/saura-28/consultation?date=${pinnedWeek.tuesday}`);
  await page.locator("ul.times button", { hasText: "10:30" }).click();
  await page.getByLabel(/^Имя, фамилия/).fill("Я".repeat(101));
  await page.getByLabel(/^Телефон/).fill("2000000");
  await page.getByRole("button", { name: "Подтвердить запись" }).click();
  await expect(page.getByText("Имя слишком длинное: не более 100 символов.")).toBeVisible();
  await expect(
    page.getByText(/^Это не номер телефона\. Введите его, например, так: 20 000 000/),
  ).toBeVisible();
  await expectAccessible(page);
});

test("Koknese: two showers a day are announced as two, with no remote ways", async ({ page }) => {
  await page.goto("/lv/koknese/koknese");
  const shower = page.locator("li.card", {
    has: page.getByRole("heading", { name: "Dušas pakalpojums" }),
  });
  await expect(shower.getByText("Varbūt vizīte nav vajadzīga")).toHaveCount(0);
  await expect(page.getByText("Precīza adrese vēl nav publicēta.")).toBeVisible();
  await page.goto(`/lv/koknese/koknese/shower?date=${pinnedWeek.tuesday}`);
  await expect(calendarDay(page, pinnedWeek.tuesday)).toHaveAccessibleName(/, 2 brīvas vietas$/);
  await page.goto("/lv/koknese");
  await expect(page.getByText("Pieņemšanas laiks vēl nav publicēts")).toBeVisible();
});

test("gift packages: who, when, and whose name, before and during the booking", async ({
  page,
}, testInfo) => {
  await largestText(page);
  for (const lang of ["lv", "ru", "en"] as const) {
    await page.goto(`/${lang}/daugavpils/liepajas-4`);
    const card = page.locator("li.card").filter({ hasText: /21/ });
    await expect(
      card.locator("li").filter({ hasText: /Aprūpes mājās|home care|на дому/ }),
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`${lang}-gift-card.png`), fullPage: true });
    await page.goto(`/${lang}/daugavpils/liepajas-4/gift-packages`);
    await expect(page.locator(".calendar-area .notice")).toBeVisible();
    await page.screenshot({
      path: testInfo.outputPath(`${lang}-gift-calendar.png`),
      fullPage: true,
    });
  }
  await page.goto("/en/daugavpils/liepajas-4/gift-packages");
  await expect(
    page.getByText(/Booking opens: .* \(the service's first day: .*21 December 2027\)$/),
  ).toBeVisible();
  await expectAccessible(page);
});
