import { pinnedWeek } from "../clock.ts";
import { bookViaApi, expect, expectAccessible, freshPhone, test } from "../fixtures.ts";
import { e2eAdmin, e2eReception } from "../staff-accounts.ts";
import { adminApi, ensureReception, signInPage } from "../staff-session.ts";

/** A service at Vienības 8 with eligibility groups and questions, as the gift packages have. */
async function ensureVouchers(request: Parameters<typeof adminApi>[0]) {
  const headers = await adminApi(request);
  const res = await request.post("/api/v1/staff/service-points/vienibas-8/services", {
    headers,
    data: {
      slug: "vouchers",
      name: { lv: "Talonu saņemšana", ru: "Получение талонов", en: "Voucher collection" },
      capacityPerSlot: 2,
      minNoticeMinutes: 60,
      eligibility: [
        { key: "pensioners", label: { lv: "Pensionāri", ru: "Пенсионеры", en: "Pensioners" } },
        {
          key: "large-family",
          label: { lv: "Daudzbērnu ģimene", ru: "Многодетная семья", en: "Large family" },
        },
      ],
      questions: [
        {
          key: "reason",
          kind: "choice",
          required: true,
          label: { lv: "Iemesls", ru: "Причина", en: "Reason" },
          options: [
            { key: "food", label: { lv: "Pārtika", ru: "Продукты", en: "Food" } },
            { key: "fuel", label: { lv: "Kurināmais", ru: "Топливо", en: "Heating fuel" } },
          ],
        },
        {
          key: "first_visit",
          kind: "boolean",
          required: false,
          label: { lv: "Pirmā vizīte", ru: "Первый визит", en: "First visit" },
        },
      ],
    },
  });
  expect([201, 409]).toContain(res.status());
}

test("the day list refreshes by itself, keeps the focus, and a mis-tapped no-show is undone", async ({
  page,
  request,
}) => {
  await ensureReception(request, await adminApi(request));
  const first = await bookViaApi(request, {
    servicePoint: "liepajas-4",
    service: "consultation",
    language: "lv",
    date: pinnedWeek.monday,
    time: "11:00",
  });
  await signInPage(page, "lv", e2eReception);
  // The heading names the point and the day: a one-point receptionist has no picker.
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Liepājas");
  const firstRow = page.getByRole("row").filter({ hasText: first.reference });
  const arrived = firstRow.getByRole("button", { name: /^Ieradās: / });
  await arrived.focus();

  // Booked online while the list is open: it appears without a reload, the focus stays.
  const second = await bookViaApi(request, {
    servicePoint: "liepajas-4",
    service: "consultation",
    language: "lv",
    date: pinnedWeek.monday,
    time: "11:15",
  });
  const secondRow = page.getByRole("row").filter({ hasText: second.reference });
  await expect(secondRow).toHaveCount(0);
  await page.clock.fastForward(25_000);
  await expect(secondRow).toBeVisible();
  await expect(arrived).toBeFocused();

  // "Did not come" tapped by mistake: taken back the same day.
  await secondRow.getByRole("button", { name: /^Neieradās: / }).click();
  await expect(secondRow.getByRole("cell", { name: "Neieradās" })).toBeVisible();
  await expect(secondRow.getByRole("button")).toHaveText(["Atsaukt atzīmi", "Ziņas"]);
  await secondRow.getByRole("button", { name: /^Atsaukt atzīmi: / }).click();
  await expect(secondRow.getByRole("cell", { name: "Pierakstīts" })).toBeVisible();
  await expect(page.getByText(/: atzīme atsaukta, statuss – Pierakstīts\.$/)).toBeVisible();
  await expect(secondRow.getByRole("button")).toHaveText([
    "Ieradās",
    "Pieņemts",
    "Neieradās",
    "Ziņas",
    "Atcelt",
  ]);
  await expectAccessible(page);

  // Tomorrow's clients cannot have arrived yet: only cancelling is offered.
  const tomorrow = await bookViaApi(request, {
    servicePoint: "liepajas-4",
    service: "consultation",
    language: "lv",
    date: pinnedWeek.tuesday,
    time: "11:00",
  });
  await page.getByRole("button", { name: "Nākamā diena" }).click();
  const tomorrowRow = page.getByRole("row").filter({ hasText: tomorrow.reference });
  await expect(tomorrowRow.getByRole("button")).toHaveText(["Ziņas", "Atcelt"]);
});

test("a phone booking asks the service's groups and questions; the list shows their labels", async ({
  page,
  request,
}) => {
  await ensureVouchers(request);
  await signInPage(page, "en", e2eAdmin);
  await page.goto("/en/staff/new?point=vienibas-8");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New booking");
  await page.getByLabel("Service", { exact: true }).selectOption("vouchers");
  await page.getByLabel("Phone call (on the caller's behalf)").check();
  await page.getByLabel("Date", { exact: true }).fill(pinnedWeek.monday);
  await page.getByRole("radio", { name: /^14:00/ }).check();
  await page.getByLabel("Full name").fill("Anna Talone");
  const phone = freshPhone();
  await page.getByLabel("Phone", { exact: true }).fill(phone);
  await page.getByRole("button", { name: "Book", exact: true }).click();
  // The group and the required question are asked, not left to a 400 from the API.
  const group = page.getByRole("group", { name: "Client's group" });
  await expect(group.getByText("Fill in this field.")).toBeVisible();
  await expect(page.getByRole("group", { name: "Reason" })).toContainText("Fill in this field.");
  await expectAccessible(page);
  await group.getByLabel("Large family").check();
  await page.getByRole("group", { name: "Reason" }).getByLabel("Heating fuel").check();
  await page.getByLabel("First visit").check();
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await expect(page.getByText("Read the booking reference out to the client:")).toBeVisible();
  const reference = (await page.locator(".notice-ok .reference").textContent()) ?? "";

  await page.getByRole("link", { name: "Day list" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Vienības iela 8");
  const row = page.getByRole("row").filter({ hasText: reference });
  await expect(row).toContainText("Voucher collection");
  await expect(row).toContainText(
    "Reason: Heating fuel; First visit: yes; Client's group: Large family",
  );
  // The phone grouped as people read it out.
  const digits = phone.replace(/\D/g, "").slice(-8);
  await expect(row.getByRole("link", { name: /^\+371 / })).toHaveText(
    `+371 ${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`,
  );
  await expectAccessible(page);
});

test("the printed day: the point and date on top, no cancelled rows, one line a time, A4 wide", async ({
  page,
  request,
}) => {
  const headers = await adminApi(request);
  const kept = await bookViaApi(request, {
    servicePoint: "vienibas-8",
    service: "consultation",
    language: "lv",
    date: pinnedWeek.thursday,
    time: "10:00",
  });
  const cancelled = await bookViaApi(request, {
    servicePoint: "vienibas-8",
    service: "consultation",
    language: "lv",
    date: pinnedWeek.thursday,
    time: "10:15",
  });
  const cancel = await request.post(`/api/v1/staff/bookings/${cancelled.reference}/cancel`, {
    headers,
    data: { reason: "Slims" },
  });
  expect(cancel.status()).toBe(200);
  await signInPage(page, "lv", e2eAdmin);
  await page.goto("/lv/staff/day?point=vienibas-8");
  await page.getByLabel("Datums").fill(pinnedWeek.thursday);
  const keptRow = page.getByRole("row").filter({ hasText: kept.reference });
  const cancelledRow = page.getByRole("row").filter({ hasText: cancelled.reference });
  await expect(cancelledRow).toBeVisible();

  // A4 less the page margins (210 mm − 2 × 12 mm) at 96 px to the inch.
  const printable = Math.floor((186 / 25.4) * 96);
  await page.setViewportSize({ width: printable, height: 1000 });
  await page.emulateMedia({ media: "print" });
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText("Vienības ielā 8");
  await expect(heading).toContainText("2027");
  await expect(keptRow).toBeVisible();
  await expect(cancelledRow).toBeHidden();
  const time = keptRow.getByRole("cell").first();
  // The lines the time's text takes: one ("08:00", not "08:0" over "0").
  const lines = await time.evaluate((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
  });
  expect(lines).toBe(1);
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    table: document.querySelector("table.day-list")?.scrollWidth ?? 0,
  }));
  expect(overflow.page).toBeLessThanOrEqual(printable);
  expect(overflow.table).toBeLessThanOrEqual(printable);
  // Chromium's own print to A4: one page for a short day.
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g)).toHaveLength(1);
});

for (const lang of ["lv", "ru", "en"] as const) {
  test(`at 360 px the day is a list of cards (${lang}), and at 1280 px a table`, async ({
    page,
    request,
  }, testInfo) => {
    const booking = await bookViaApi(request, {
      servicePoint: "lacplesa-39",
      service: "consultation",
      language: lang,
      date: pinnedWeek.monday,
      time: { lv: "11:00", ru: "11:15", en: "11:30" }[lang],
    });
    await page.setViewportSize({ width: 360, height: 800 });
    await signInPage(page, lang, e2eAdmin);
    // The point selector: labelled, and as large as the other fields.
    const picker = page.getByLabel(/^(Apkalpošanas vieta|Пункт обслуживания|Service point)$/);
    await picker.selectOption("lacplesa-39");
    expect((await picker.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    await expect(page.getByRole("table")).toHaveCount(0);
    const card = page.getByRole("listitem").filter({ hasText: booking.reference });
    await expect(card.getByRole("heading", { level: 2 })).toBeVisible();
    await expect(card.getByRole("button").first()).toBeVisible();
    // Nothing wider than the screen: no sideways scrolling at the desk's phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath(`day-360-${lang}.png`), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(page.getByRole("row").filter({ hasText: booking.reference })).toBeVisible();
    const time = page.locator("table.day-list td.day-time").first();
    expect(await time.evaluate((cell) => cell.scrollWidth <= cell.clientWidth)).toBe(true);
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath(`day-1280-${lang}.png`), fullPage: true });
  });
}
