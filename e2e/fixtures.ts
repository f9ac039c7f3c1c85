import AxeBuilder from "@axe-core/playwright";
import {
  type APIRequestContext,
  type BrowserContext,
  test as base,
  expect,
  type Locator,
  type Page,
} from "@playwright/test";
import { pinnedNow } from "./clock.ts";

/**
 * The browser's clock, pinned to the server's (e2e/clock.ts) and moving on in real time,
 * so the web app's "today" is the server's. Contexts a test opens itself need it too.
 */
export async function pinClock(context: BrowserContext): Promise<void> {
  await context.clock.install({ time: pinnedNow() });
}

/**
 * Every page fails its test on a console error or an uncaught exception. A test that
 * provokes a failed request on purpose (a 404, a dropped connection) lists the browser's
 * own "Failed to load resource" line in `expectedConsoleErrors`.
 */
export const test = base.extend<{ consoleErrors: string[]; expectedConsoleErrors: RegExp[] }>({
  context: async ({ context }, use) => {
    await pinClock(context);
    await use(context);
  },
  expectedConsoleErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, expectedConsoleErrors }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      const unexpected = errors.filter(
        (error) => !expectedConsoleErrors.some((pattern) => pattern.test(error)),
      );
      expect(unexpected, "console errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** WCAG 2.1 AA as axe checks it: zero violations. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
  expect(summary).toEqual([]);
}

let phoneCounter = Math.floor(Math.random() * 100_000);
/** A valid Latvian mobile number no other journey uses. */
export function freshPhone(): string {
  phoneCounter += 1;
  return `2${String(5_000_000 + phoneCounter).padStart(7, "0")}`;
}

interface Slot {
  start: string;
  remaining: number;
}

/** The free slots of a service on one local date, from the API. */
export async function slotsOn(
  request: APIRequestContext,
  servicePoint: string,
  service: string,
  date: string,
): Promise<Slot[]> {
  const res = await request.get(
    `/api/v1/availability?servicePoint=${servicePoint}&service=${service}&from=${date}&to=${date}`,
  );
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { days: { slots: Slot[] }[] };
  return body.days.flatMap((day) => day.slots);
}

/** The free slot of a service at a local date and time ("HH:MM" in Riga). */
export async function slotAt(
  request: APIRequestContext,
  options: { servicePoint: string; service: string; date: string; time: string },
): Promise<Slot> {
  const slots = await slotsOn(request, options.servicePoint, options.service, options.date);
  const slot = slots.find((free) => free.start.slice(11, 16) === options.time);
  if (!slot) throw new Error(`no free slot at ${options.date} ${options.time}`);
  return slot;
}

/** A booking made through the public API, as a client would have it. */
export async function bookViaApi(
  request: APIRequestContext,
  options: {
    servicePoint: string;
    service: string;
    language: string;
    date: string;
    time: string;
  },
) {
  const slot = await slotAt(request, options);
  const res = await request.post("/api/v1/bookings", {
    data: {
      servicePoint: options.servicePoint,
      service: options.service,
      start: slot.start,
      client: { name: "Test Client", phone: freshPhone() },
      language: options.language,
    },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { reference: string; manageToken: string; start: string };
}

/** A date's button in the month calendar shown (the pinned week's month). */
export function calendarDay(page: Page, date: string): Locator {
  return page
    .locator("table.calendar button.day")
    .filter({ hasText: new RegExp(`^${Number(date.slice(8, 10))}$`) });
}

/** Presses Tab until `target` has the focus (keyboard-only journeys). */
export async function tabTo(page: Page, target: Locator, maxPresses = 120): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false))
      return;
    await page.keyboard.press("Tab");
  }
  throw new Error("could not reach the element with Tab");
}
