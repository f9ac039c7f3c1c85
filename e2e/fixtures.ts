import AxeBuilder from "@axe-core/playwright";
import {
  type APIRequestContext,
  test as base,
  expect,
  type Locator,
  type Page,
} from "@playwright/test";

/**
 * Every page fails its test on a console error or an uncaught exception. A test that
 * provokes a failed request on purpose (a 404, a dropped connection) lists the browser's
 * own "Failed to load resource" line in `expectedConsoleErrors`.
 */
export const test = base.extend<{ consoleErrors: string[]; expectedConsoleErrors: RegExp[] }>({
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

/** The free slots of a service over the next four weeks, from the API. */
export async function freeSlots(
  request: APIRequestContext,
  servicePoint: string,
  service: string,
): Promise<Slot[]> {
  const from = new Date();
  const to = new Date(from.getTime() + 28 * 86_400_000);
  const res = await request.get(
    `/api/v1/availability?servicePoint=${servicePoint}&service=${service}&from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
  );
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { days: { slots: Slot[] }[] };
  return body.days.flatMap((day) => day.slots);
}

/** A booking made through the public API, as a client would have it. */
export async function bookViaApi(
  request: APIRequestContext,
  options: { servicePoint: string; service: string; language: string; slotIndex?: number },
) {
  const slots = await freeSlots(request, options.servicePoint, options.service);
  const slot = slots[options.slotIndex ?? 0];
  if (!slot) throw new Error("no free slot");
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

/** Chooses the first day with free places, moving to the next month if this one has none. */
export async function chooseFirstFreeDay(page: Page, nextMonthLabel: string): Promise<void> {
  const day = page.locator("table.calendar button.day");
  for (let i = 0; i < 3; i++) {
    await page.locator("table.calendar").waitFor();
    if ((await day.count()) > 0) break;
    await page.getByRole("button", { name: nextMonthLabel }).click();
  }
  await day.first().click();
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
