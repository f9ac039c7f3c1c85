import { ZAvailabilityResponseSchema } from "@pieraksts/contracts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { bookPublic, postBooking } from "./support/clients.ts";
import { asStaff, createStaff, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga. The seeded gift-package season runs 21 Dec – 31 Jan
// and is the service's only hours; Liepājas 4 itself is open on ordinary weekdays.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
});
afterAll(() => ctx.close());

const giftPackage = {
  servicePoint: "liepajas-4",
  service: "gift-packages",
  answers: { eligibility: "child-with-disability" },
};

type Day = { date: string; slots: { start: string; end: string; remaining: number }[] };

async function days(query: string): Promise<Day[]> {
  const res = await ctx.app.inject({ url: `/api/v1/availability?${query}` });
  expect(res.statusCode).toBe(200);
  return ZAvailabilityResponseSchema.parse(res.json()).days;
}

const openDates = (list: Day[]) => list.filter((day) => day.slots.length > 0).map((d) => d.date);
const gifts = "servicePoint=liepajas-4&service=gift-packages";

describe("a service whose hours are only seasonal", () => {
  it("is closed outside its season whatever range is asked (issue 10, defect 1)", async () => {
    const season = ["2026-12-21", "2026-12-22", "2026-12-28", "2026-12-29"];
    expect(openDates(await days(`${gifts}&from=2026-12-01&to=2026-12-20`))).toEqual([]);
    expect(openDates(await days(`${gifts}&from=2026-12-01&to=2026-12-31`))).toEqual(season);
    expect(openDates(await days(`${gifts}&from=2026-11-23&to=2026-11-30`))).toEqual([]);
    // The point's own service keeps the point's ordinary hours.
    const consultation = "servicePoint=liepajas-4&service=consultation";
    expect(openDates(await days(`${consultation}&from=2026-11-25&to=2026-11-25`))).toEqual([
      "2026-11-25",
    ]);
  });

  it("refuses a booking on an ordinary day outside the season", async () => {
    const res = await postBooking(ctx, {
      ...giftPackage,
      start: "2026-11-25T10:00:00+02:00",
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("OUTSIDE_OPENING_HOURS");
  });

  it("offers staff no places outside the season either", async () => {
    const session = await signIn(ctx, "liepajas@socd.lv");
    const url = (date: string) => `/api/v1/staff/availability?${gifts}&date=${date}&kind=phone`;
    const outside = await asStaff(ctx, session, "GET", url("2026-11-25"));
    expect(outside.statusCode).toBe(200);
    expect(outside.json().days).toEqual([{ date: "2026-11-25", slots: [], remaining: 0 }]);
    const inside = await asStaff(ctx, session, "GET", url("2026-12-21"));
    expect(inside.json().days[0].slots.length).toBeGreaterThan(0);
  });
});

describe("availability over a range", () => {
  // 62 days (the longest range asked at once) across the season's boundaries.
  const first = Date.parse("2026-11-23T00:00:00Z");
  const span = 62;
  const dateAt = (offset: number) =>
    new Date(first + offset * 86_400_000).toISOString().slice(0, 10);
  const services = [
    gifts,
    "servicePoint=liepajas-4&service=consultation",
    "servicePoint=vienibas-8&service=consultation",
    "servicePoint=koknese&service=shower",
  ];

  beforeAll(async () => {
    // Some places taken, so that counts as well as hours must line up.
    for (const start of ["2026-12-21T08:00:00+02:00", "2027-01-05T09:00:00+02:00"])
      await bookPublic(ctx, { ...giftPackage, start });
  });

  it("answers the same for the whole as for its parts put together", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...services),
        // Sorted day offsets: the first is the range's first day, the last the day after
        // its end, and each one between starts a new part.
        fc
          .uniqueArray(fc.integer({ min: 0, max: span }), { minLength: 2, maxLength: 6 })
          .map((offsets) => offsets.sort((x, y) => x - y)),
        async (service, bounds) => {
          const ask = (start: number, end: number) =>
            days(`${service}&from=${dateAt(start)}&to=${dateAt(end - 1)}`);
          const whole = await ask(bounds[0] as number, bounds.at(-1) as number);
          const parts: Day[] = [];
          for (let i = 0; i + 1 < bounds.length; i++) {
            parts.push(...(await ask(bounds[i] as number, bounds[i + 1] as number)));
          }
          expect(parts).toEqual(whole);
        },
      ),
      { numRuns: 50, seed: 20261123 },
    );
  });
});
