import type { APIRequestContext, Page } from "@playwright/test";
import { pinnedWeek } from "../clock.ts";
import {
  bookViaApi,
  expect,
  expectAccessible,
  freshPhone,
  slotsOn,
  tabTo,
  test,
} from "../fixtures.ts";
import { e2eAdmin, e2eReception } from "../staff-accounts.ts";

/** Signs the API context in as the administrator; returns its CSRF token. */
async function adminApi(request: APIRequestContext): Promise<Record<string, string>> {
  const res = await request.post("/api/v1/staff/login", {
    data: {
      organisation: e2eAdmin.organisation,
      email: e2eAdmin.email,
      password: e2eAdmin.password,
    },
  });
  expect(res.status()).toBe(200);
  return { "x-csrf-token": (await res.json()).csrfToken };
}

/** The reception user at Liepājas 4, added by the administrator (once). */
async function ensureReception(request: APIRequestContext, headers: Record<string, string>) {
  const res = await request.post("/api/v1/staff/users", {
    headers,
    data: {
      email: e2eReception.email,
      name: e2eReception.name,
      password: e2eReception.password,
      role: "reception",
      servicePoints: ["liepajas-4"],
    },
  });
  expect([201, 409]).toContain(res.status());
}

async function signIn(
  page: Page,
  lang: string,
  account: { organisation: string; email: string; password: string },
) {
  await page.goto(`/${lang}/staff`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(/^(Iestāde|Учреждение|Organisation)$/).selectOption(account.organisation);
  await page.getByLabel(/^(E-pasts|Эл\. почта|E-mail)$/).fill(account.email);
  await page.getByLabel(/^(Parole|Пароль|Password)$/).fill(account.password);
  await page.getByRole("button", { name: /^(Pieteikties|Войти|Sign in)$/ }).click();
}

test("reception: today's list, check-in, no-show, a walk-in, an afternoon blocked", async ({
  page,
  request,
}) => {
  const headers = await adminApi(request);
  await ensureReception(request, headers);
  // "Today" is the pinned Monday, 8.30 when the suite starts: Liepājas 4 is open, so a
  // walk-in can take the slot running now. Two clients booked on the public site for
  // this afternoon.
  const first = await bookViaApi(request, {
    servicePoint: "liepajas-4",
    service: "consultation",
    language: "lv",
    date: pinnedWeek.monday,
    time: "13:00",
  });
  const second = await bookViaApi(request, {
    servicePoint: "liepajas-4",
    service: "consultation",
    language: "lv",
    date: pinnedWeek.monday,
    time: "13:15",
  });
  const bookedDay = first.start.slice(0, 10);

  await page.goto("/lv");
  await page.getByRole("link", { name: "Darbiniekiem" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Darbinieku pieteikšanās");
  await signIn(page, "lv", e2eReception);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Pieraksti: /);
  await expect(page.getByText(`Pieteicies: ${e2eReception.name}`)).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Datums").fill(bookedDay);
  const firstRow = page.getByRole("row").filter({ hasText: first.reference });
  await expect(firstRow).toContainText("Pierakstīts");
  // The desk is offered exactly what the API allows: a booked client may also be seen at once.
  await expect(firstRow.getByRole("button")).toHaveText([
    "Ieradās",
    "Pieņemts",
    "Neieradās",
    "Ziņas",
    "Atcelt",
  ]);
  await firstRow.getByRole("button", { name: /^Ieradās: / }).click();
  await expect(firstRow).toContainText("Ieradies");
  // Arrived, then seen or gone; or, if "arrived" was a mis-tap, taken back today.
  await expect(firstRow.getByRole("button")).toHaveText([
    "Pieņemts",
    "Neieradās",
    "Atsaukt atzīmi",
    "Ziņas",
  ]);
  await expect(page.getByText(/: Ieradies\.$/)).toBeVisible();
  // What was decided for the client: nothing sends in the suite, and the desk is told so.
  await expect(page.getByText("Ziņu sūtīšana nav iestatīta")).toBeVisible();
  await firstRow.getByRole("button", { name: /^Ziņas: / }).click();
  await expect(firstRow.getByRole("listitem").first()).toContainText(
    "Apstiprinājums, SMS: nav iestatīta sūtīšana",
  );
  const secondRow = page.getByRole("row").filter({ hasText: second.reference });
  await secondRow.getByRole("button", { name: /^Neieradās: / }).click();
  await expect(secondRow.getByRole("cell", { name: "Neieradās" })).toBeVisible();
  await expectAccessible(page);

  // The printable view: the list alone, without the site's and the desk's controls.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Darbinieku izvēlne" })).toBeHidden();
  await expect(page.getByRole("button", { name: /^Ieradās: / })).toHaveCount(0);
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(firstRow).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  await page.getByRole("link", { name: "Jauns pieraksts" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jauns pieraksts");
  await expect(page.getByLabel("Klients ir uz vietas (šodien)")).toBeChecked();
  await expectAccessible(page);
  await page
    .getByRole("radio", { name: /^\d{2}:\d{2}/ })
    .first()
    .check();
  await page.getByLabel("Vārds, uzvārds").fill("Pēteris Gājējs");
  await page.getByLabel("Tālrunis").fill(freshPhone());
  await page.getByRole("button", { name: "Pierakstīt" }).click();
  await expect(page.getByText("Nosauciet klientam pieraksta numuru:")).toBeVisible();
  const reference = await page.locator(".notice-ok .reference").textContent();
  expect(reference).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Dienas saraksts" }).click();
  const walkIn = page.getByRole("row").filter({ hasText: reference ?? "" });
  await expect(walkIn).toContainText("Pēteris Gājējs");
  await expect(walkIn).toContainText("Uz vietas");

  // Block the afternoon of the booked day: the public can no longer book it.
  await page.getByRole("link", { name: "Slēgtie laiki" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Slēgtie laiki");
  await expectAccessible(page);
  await page.getByLabel("Datums").fill(bookedDay);
  await page.getByLabel("No", { exact: true }).fill("12:00");
  await page.getByLabel("Līdz", { exact: true }).fill("23:00");
  await page.getByLabel("Iemesls").fill("Darbinieku sapulce");
  await page.getByRole("button", { name: "Slēgt", exact: true }).click();
  await expect(
    page.getByText("Laiks slēgts. Jaunus pierakstus šajā laikā vairs nepieņem."),
  ).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Darbinieku sapulce" })).toBeVisible();
  await expectAccessible(page);
  const after = await request.get(
    `/api/v1/availability?servicePoint=liepajas-4&service=consultation&from=${bookedDay}&to=${bookedDay}`,
  );
  const slots = ((await after.json()) as { days: { slots: { start: string }[] }[] }).days[0]?.slots;
  const inside = (slot: { start: string }) =>
    slot.start.slice(11, 16) >= "12:00" && slot.start.slice(11, 16) < "23:00";
  expect(slots?.filter(inside)).toEqual([]);

  await page.getByRole("button", { name: "Iziet" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Darbinieku pieteikšanās");
});

test("an administrator changes Thursday's hours and the public calendar shows it", async ({
  page,
}) => {
  // Thursday of the pinned week, three days ahead: 8.00–12.00 at Liepājas 4.
  const thursday = pinnedWeek.thursday;
  const publicTimes = `/en/daugavpils/liepajas-4/consultation?date=${thursday}`;
  await page.goto(publicTimes);
  await expect(page.locator("ul.times button").first()).toBeVisible();
  await expect(page.locator("ul.times button", { hasText: "13:00" })).toHaveCount(0);

  await signIn(page, "en", e2eAdmin);
  await page.getByRole("link", { name: "Opening hours" }).click();
  // The day page has a point selector too: choose only once this page is shown (a choice
  // made on the day page while this page's code loads navigates away from it).
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Opening hours");
  await page.getByLabel("Service point", { exact: true }).selectOption("liepajas-4");
  const thursdayHours = page.getByRole("group", { name: "Thursday", exact: true });
  await thursdayHours.getByRole("button", { name: "Add hours: Thursday" }).click();
  await thursdayHours.getByLabel("Thursday, start 2").fill("12:30");
  await thursdayHours.getByLabel("Thursday, end 2").fill("15:00");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(
    page.getByText("Saved. The public calendar already shows the new hours."),
  ).toBeVisible();

  await page.goto(publicTimes);
  await expect(page.locator("ul.times button", { hasText: "13:00" })).toHaveCount(1);
  await expect(page.locator("ul.times button", { hasText: "15:00" })).toHaveCount(0);

  // A seasonal schedule for that Thursday alone: only 10.00 to 11.00 that day.
  await page.goto("/en/staff/hours?point=liepajas-4");
  await page.getByLabel("Valid from").fill(thursday);
  await page.getByLabel("Valid until").fill(thursday);
  await page.getByLabel("Name").fill("Short day");
  const seasonalThursday = page.getByRole("group", {
    name: "Thursday (New seasonal schedule)",
  });
  await seasonalThursday.getByRole("button", { name: /^Add hours/ }).click();
  await seasonalThursday.getByLabel(/start 1$/).fill("10:00");
  await seasonalThursday.getByLabel(/end 1$/).fill("11:00");
  await page.getByRole("button", { name: "Add the schedule" }).click();
  await expect(page.getByText("Seasonal schedule added.")).toBeVisible();
  await expectAccessible(page);
  await page.goto(publicTimes);
  await expect(page.locator("ul.times button")).toHaveCount(4);
  await expect(page.locator("ul.times button").first()).toContainText("10:00");

  await page.goto("/en/staff/hours?point=liepajas-4");
  const removeShortDay = page.getByRole("button", {
    name: `Remove the schedule: ${thursday} – ${thursday}`,
  });
  await removeShortDay.click();
  await expect(removeShortDay).toHaveCount(0);
  await page.goto(publicTimes);
  await expect(page.locator("ul.times button", { hasText: "13:00" })).toHaveCount(1);
});

test("an administrator keeps places for staff, adds a reception user and reads the audit log", async ({
  page,
  request,
}) => {
  await signIn(page, "lv", e2eAdmin);
  await page.getByRole("link", { name: "Pakalpojumi" }).click();
  // The day page has a point selector too: choose only once this page is shown (a choice
  // made on the day page while this page's code loads navigates away from it).
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pakalpojumi");
  await page.getByLabel("Apkalpošanas vieta", { exact: true }).selectOption("saura-28");
  const consultation = page.getByRole("listitem").filter({ hasText: "Klientu pieņemšana" });
  await consultation.getByLabel("Vietas vienā laikā").fill("3");
  await consultation.getByLabel("No tām tikai darbiniekiem").fill("1");
  await expectAccessible(page);
  await consultation.getByRole("button", { name: /^Saglabāt: / }).click();
  await expect(consultation.getByText(/^Saglabāts: /)).toBeVisible();
  const slots = await slotsOn(request, "saura-28", "consultation", pinnedWeek.nextMonday);
  expect(slots[0]?.remaining).toBe(2);

  // A new service at the point, offered to the public at once.
  const newService = page.getByRole("region", { name: "Jauns pakalpojums" });
  await newService.getByLabel(/^Adreses daļa/).fill("certificates");
  await newService.getByLabel("Nosaukums latviski").fill("Izziņu saņemšana");
  await newService.getByLabel("Nosaukums krieviski").fill("Получение справок");
  await newService.getByLabel("Nosaukums angliski").fill("Certificates");
  await newService.getByRole("button", { name: "Pievienot" }).click();
  await expect(newService.getByText("Izveidots: Izziņu saņemšana.")).toBeVisible();
  const services = await request.get("/api/v1/services?servicePoint=saura-28");
  expect((await services.json()).map((s: { slug: string }) => s.slug)).toContain("certificates");

  // Who it is for, and a question when booking.
  const card = page.getByRole("listitem").filter({ hasText: "Izziņu saņemšana" });
  await card.getByRole("button", { name: "Pievienot kategoriju" }).click();
  const category = card.getByRole("group", { name: "1. kategorija" });
  await category.getByLabel("Atslēga (a–z, cipari, _)").fill("pensioners");
  await category.getByLabel("Latviski").fill("Pensionāri");
  await category.getByLabel("Krieviski").fill("Пенсионеры");
  await category.getByLabel("Angliski").fill("Pensioners");
  await card.getByRole("button", { name: "Pievienot jautājumu" }).click();
  const question = card.getByRole("group", { name: "1. jautājums" });
  await question.getByLabel("Atslēga (a–z, cipari, _)").fill("first_visit");
  await question.getByLabel("Latviski").fill("Pirmā vizīte?");
  await question.getByLabel("Krieviski").fill("Первый визит?");
  await question.getByLabel("Angliski").fill("First visit?");
  await question.getByLabel("Veids").selectOption("boolean");
  await expectAccessible(page);
  await card.getByRole("button", { name: /^Saglabāt: / }).click();
  await expect(card.getByText(/^Saglabāts: /)).toBeVisible();
  const offered = (await (
    await request.get("/api/v1/services?servicePoint=saura-28", {
      headers: { "accept-language": "en" },
    })
  ).json()) as {
    slug: string;
    eligibility: { key: string; label: string }[];
    questions: { key: string; kind: string; label: string }[];
  }[];
  const certificates = offered.find((s) => s.slug === "certificates");
  expect(certificates?.eligibility).toEqual([{ key: "pensioners", label: "Pensioners" }]);
  expect(certificates?.questions).toEqual([
    expect.objectContaining({ key: "first_visit", kind: "boolean", label: "First visit?" }),
  ]);

  await page.getByRole("link", { name: "Darbinieki", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Darbinieku konti");
  await page.getByLabel("Vārds, uzvārds").fill("Marta Saura");
  await page.getByLabel("E-pasts").fill("saura@e2e.test");
  await page.getByLabel("Sākotnējā parole (vismaz 12 rakstzīmes)").fill("Saura iela 28 parole");
  await page.getByRole("checkbox", { name: "Klientu apkalpošanas punkts Šaurā ielā 28" }).check();
  await page.getByRole("button", { name: "Pievienot", exact: true }).click();
  await expect(page.getByText("Konts izveidots: Marta Saura.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "saura@e2e.test" })).toContainText(
    "saura-28",
  );
  await expectAccessible(page);

  await page.getByRole("link", { name: "Audita žurnāls" }).click();
  await page.getByLabel("Darbība (piem. booking.)").fill("service.");
  await page.getByRole("button", { name: "Atlasīt" }).click();
  await expect(page.getByRole("cell", { name: "service.update" }).first()).toBeVisible();
  await expectAccessible(page);
});

test("by keyboard only: reception signs in and checks a client in", async ({ page, request }) => {
  const headers = await adminApi(request);
  await ensureReception(request, headers);
  const booking = await bookViaApi(request, {
    servicePoint: "liepajas-4",
    service: "consultation",
    language: "lv",
    // Today: arrived and no-show are marked on the booking's day, not before.
    date: pinnedWeek.monday,
    time: "11:45",
  });
  await page.goto(`/lv/staff`);
  // The organisation is chosen by typing the start of its name on the closed select.
  const organisation = page.getByLabel("Iestāde");
  await expect(organisation).toBeEnabled();
  await tabTo(page, organisation);
  await page.keyboard.type("Daug");
  await expect(organisation).toHaveValue(e2eReception.organisation);
  await tabTo(page, page.getByLabel("E-pasts"));
  await page.keyboard.type(e2eReception.email);
  await tabTo(page, page.getByLabel("Parole"));
  await page.keyboard.type(e2eReception.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Pieraksti: /);
  // Back a day and forward again to the booked day, today, with the day buttons.
  await expect(page.getByLabel("Datums")).toHaveValue(pinnedWeek.monday);
  await tabTo(page, page.getByRole("button", { name: "Iepriekšējā diena" }));
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Datums")).not.toHaveValue(pinnedWeek.monday);
  await tabTo(page, page.getByRole("button", { name: "Nākamā diena" }));
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Datums")).toHaveValue(booking.start.slice(0, 10));
  const row = page.getByRole("row").filter({ hasText: booking.reference });
  await expect(row).toContainText("Pierakstīts");
  await tabTo(page, row.getByRole("button", { name: /^Ieradās: / }));
  await page.keyboard.press("Enter");
  await expect(row).toContainText("Ieradies");
});

test.describe("a refused sign-in", () => {
  // The browser logs the 401 answer to the login request itself.
  test.use({ expectedConsoleErrors: [/status of 401/] });

  test("staff sign-in in Russian: a wrong password is told in Russian, the page accessible", async ({
    page,
  }) => {
    await page.goto("/ru/staff");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Вход для сотрудников");
    // Two organisations: none is chosen for a first visitor; the names are in Russian.
    const organisation = page.getByLabel("Учреждение");
    await expect(organisation).toHaveValue("");
    await organisation.selectOption(e2eAdmin.organisation);
    await page.getByLabel("Эл. почта").fill(e2eAdmin.email);
    await page.getByLabel("Пароль").fill("not the password at all");
    await page.getByRole("button", { name: "Войти" }).click();
    await expect(page.getByRole("alert")).toHaveText("Неверное учреждение, эл. почта или пароль.");
    await expectAccessible(page);
  });
});
