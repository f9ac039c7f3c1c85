import { pinnedWeek } from "../clock.ts";
import { expect, freshPhone, pinClock, slotAt, test } from "../fixtures.ts";

test("two people take the last place at once: one is booked, the other sees fresh times", async ({
  browser,
  request,
}) => {
  // Koknese's shower has one place per slot, 9.00 to 15.00. Tuesday's 11.00 of the
  // pinned week: the loser still has the day's other times to choose from.
  const slot = await slotAt(request, {
    servicePoint: "koknese",
    service: "shower",
    date: pinnedWeek.tuesday,
    time: "11:00",
  });
  expect(slot.remaining).toBe(1);
  const url = `/lv/koknese/koknese/shower/details?start=${encodeURIComponent(slot.start)}`;
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  await Promise.all(contexts.map(pinClock));
  const pages = await Promise.all(contexts.map((context) => context.newPage()));
  for (const page of pages) {
    await page.goto(url);
    await page.getByLabel(/Vārds, uzvārds/).fill("Klients");
    await page.getByLabel(/^Tālrunis/).fill(freshPhone());
    await page.getByLabel("Esmu izlasījis(-usi), kas jāņem līdzi un jāievēro").check();
  }
  await Promise.all(
    pages.map((page) => page.getByRole("button", { name: "Apstiprināt pierakstu" }).click()),
  );
  const outcomes = await Promise.all(
    pages.map(async (page) => {
      const done = page.getByRole("heading", { name: "Pieraksts ir apstiprināts" });
      const taken = page.getByText(
        "Šo laiku tikko aizņēma kāds cits. Lūdzu, izvēlieties citu laiku.",
      );
      await expect(done.or(taken)).toBeVisible();
      return (await done.isVisible()) ? "booked" : "taken";
    }),
  );
  expect([...outcomes].sort()).toEqual(["booked", "taken"]);
  const loser = pages[outcomes.indexOf("taken")];
  if (!loser) throw new Error("no loser");
  // The loser is back at the times, which no longer offer the taken one.
  await expect(loser.locator("ul.times button").first()).toBeVisible();
  await expect(
    loser.locator("ul.times .time-value", { hasText: slot.start.slice(11, 16) }),
  ).toHaveCount(0);
  await Promise.all(contexts.map((context) => context.close()));
});
