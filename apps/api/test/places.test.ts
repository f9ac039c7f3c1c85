import type { AppError } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Channel,
  placesOnStatusChange,
  placesTaken,
  publicCapacityOf,
  takePlace,
} from "../src/lib/places.ts";
import { createTestApp, type TestContext } from "./helpers.ts";

const now = new Date("2027-05-10T06:00:00Z");
let ctx: TestContext;
let serviceId: string;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  const service = await ctx.db.prisma.service.findFirstOrThrow({
    where: { slug: "consultation", servicePoint: { slug: "lacplesa-39" } },
  });
  serviceId = service.id;
});
afterAll(() => ctx.close());

/** Every small counter state, including more places taken than a lowered capacity. */
function* states() {
  for (let capacity = 0; capacity <= 3; capacity++) {
    for (let staffOnly = 0; staffOnly <= capacity; staffOnly++) {
      for (let booked = 0; booked <= capacity + 1; booked++) {
        for (let publicBooked = 0; publicBooked <= booked; publicBooked++) {
          for (const channel of ["PUBLIC", "STAFF"] as Channel[]) {
            yield { capacity, staffOnly, booked, publicBooked, channel };
          }
        }
      }
    }
  }
}

describe("the public-part formula and the SQL that takes a place", () => {
  it("agree on every small case: a place is taken exactly when the formula sees one free", async () => {
    const prisma = ctx.db.prisma;
    let minute = 0;
    const disagreements: string[] = [];
    for (const state of states()) {
      const startsAt = new Date(Date.UTC(2030, 0, 1) + minute++ * 60_000);
      const slot = {
        capacity: state.capacity,
        publicCapacity: publicCapacityOf(state.capacity, state.staffOnly),
      };
      const counter = { booked: state.booked, publicBooked: state.publicBooked };
      const limit = state.channel === "PUBLIC" ? slot.publicCapacity : slot.capacity;
      const formula = placesTaken(counter, slot, state.channel) < limit;
      if (state.booked > 0) {
        await prisma.slotCounter.create({ data: { serviceId, startsAt, ...counter } });
      }
      const taken = await prisma
        .$transaction((tx) =>
          takePlace(tx, {
            serviceId,
            startsAt,
            localDate: "2030-01-01",
            slot,
            channel: state.channel,
            dailyLimit: null,
            day: false,
            now,
          }),
        )
        .then(
          () => true,
          (error: AppError) => {
            expect(error.code).toBe("SLOT_FULL");
            return false;
          },
        );
      if (taken !== formula) disagreements.push(JSON.stringify({ ...state, formula, taken }));
      const after = await prisma.slotCounter.findUnique({
        where: { serviceId_startsAt: { serviceId, startsAt } },
      });
      const expected = taken
        ? {
            booked: state.booked + 1,
            publicBooked: state.publicBooked + (state.channel === "PUBLIC" ? 1 : 0),
          }
        : counter;
      expect({ booked: after?.booked ?? 0, publicBooked: after?.publicBooked ?? 0 }).toEqual(
        expected,
      );
    }
    expect(disagreements).toEqual([]);
    expect(minute).toBeGreaterThan(200);
  });
});

describe("status changes and places", () => {
  const booking = (minute: number) => ({
    serviceId,
    startsAt: new Date(Date.UTC(2031, 0, 1, 8, minute)),
    localDate: new Date("2031-01-01T00:00:00Z"),
    source: "PUBLIC" as const,
  });
  const counters = async (startsAt: Date) => ({
    slot: (
      await ctx.db.prisma.slotCounter.findUnique({
        where: { serviceId_startsAt: { serviceId, startsAt } },
      })
    )?.booked,
    day: (
      await ctx.db.prisma.dayCounter.findUnique({
        where: {
          serviceId_localDate: { serviceId, localDate: new Date("2031-01-01T00:00:00Z") },
        },
      })
    )?.booked,
  });

  it("keeps the place through the desk's changes and gives it back on cancellation", async () => {
    const prisma = ctx.db.prisma;
    const place = booking(0);
    await prisma.$transaction((tx) =>
      takePlace(tx, {
        ...place,
        localDate: "2031-01-01",
        slot: { capacity: 2, publicCapacity: 2 },
        channel: "PUBLIC",
        dailyLimit: 2,
        now,
      }),
    );
    expect(await counters(place.startsAt)).toEqual({ slot: 1, day: 1 });
    await prisma.$transaction((tx) => placesOnStatusChange(tx, place, "booked", "checked_in"));
    await prisma.$transaction((tx) => placesOnStatusChange(tx, place, "checked_in", "no_show"));
    expect(await counters(place.startsAt)).toEqual({ slot: 1, day: 1 });
    await prisma.$transaction((tx) =>
      placesOnStatusChange(tx, place, "booked", "cancelled_by_client"),
    );
    expect(await counters(place.startsAt)).toEqual({ slot: 0, day: 0 });
  });
});
