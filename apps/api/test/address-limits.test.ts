import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { newClient } from "./support/clients.ts";
import { asStaff, createStaff, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga. Limits on, with their defaults: the Koknese shower
// (dailyLimit 2) is scarce, Lāčplēša 39 consultations are ordinary (decision 010).
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ now, env: { RATE_LIMITS: "on" } });
  await createStaff(ctx.db.prisma);
});
afterAll(() => ctx.close());

function book(
  address: string,
  booking: { servicePoint: string; service: string; start: string },
  client = newClient(),
) {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: { ...booking, client },
    remoteAddress: address,
  });
}

/** Weekdays from 24 Nov 2026 on, at the given Riga hours: slots Koknese opens. */
function showerStarts(days: string[], hours: string[]): string[] {
  return days.flatMap((day) => hours.map((hour) => `2026-${day}T${hour}:00:00+02:00`));
}

const burstDays = ["11-24", "11-25", "11-26", "11-27", "11-30"];
const burstDays2 = ["12-01", "12-02", "12-03", "12-04", "12-07"];

async function showerBookings(): Promise<number> {
  return ctx.db.prisma.booking.count({
    where: { service: { slug: "shower", servicePoint: { slug: "koknese" } } },
  });
}

describe("bookings per address per service", () => {
  it("lets a burst of 20 from one address take only the allowance of a scarce service", async () => {
    const before = await showerBookings();
    const starts = showerStarts([...burstDays, ...burstDays2], ["09", "10"]);
    expect(starts).toHaveLength(20);
    const answers = await Promise.all(
      starts.map((start) =>
        book("10.0.0.1", { servicePoint: "koknese", service: "shower", start }),
      ),
    );
    const made = answers.filter((res) => res.statusCode === 201);
    const refused = answers.filter((res) => res.statusCode === 429);
    expect(made).toHaveLength(2);
    expect(refused).toHaveLength(18);
    for (const res of refused) {
      expect(res.json().code).toBe("RATE_LIMITED");
      expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    }
    expect((await showerBookings()) - before).toBe(2);

    // Another address is not held back by the first one's allowance.
    const free = starts.find((_, i) => answers[i]?.statusCode !== 201) ?? "";
    const other = await book("10.0.0.2", {
      servicePoint: "koknese",
      service: "shower",
      start: free,
    });
    expect(other.statusCode).toBe(201);
  });

  it("does not count a booking refused as full against the address", async () => {
    const [taken, first, second] = showerStarts(["12-08"], ["09", "10", "11"]);
    expect(
      (await book("10.0.0.3", { servicePoint: "koknese", service: "shower", start: taken ?? "" }))
        .statusCode,
    ).toBe(201);
    const full = await book("10.0.0.4", {
      servicePoint: "koknese",
      service: "shower",
      start: taken ?? "",
    });
    expect(full.statusCode).toBe(409);
    expect(full.json().code).toBe("SLOT_FULL");
    // Day 12-08 has one place left (daily limit 2); the second goes on 12-09.
    const a = await book("10.0.0.4", {
      servicePoint: "koknese",
      service: "shower",
      start: first ?? "",
    });
    const b = await book("10.0.0.4", {
      servicePoint: "koknese",
      service: "shower",
      start: second?.replace("12-08", "12-09") ?? "",
    });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
  });

  it("keeps a shared library computer workable: several people book ordinary services", async () => {
    const library = "10.0.0.7";
    const starts = ["10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30", "11:45"];
    for (const time of starts) {
      const res = await book(library, {
        servicePoint: "lacplesa-39",
        service: "consultation",
        start: `2026-11-25T${time}:00+02:00`,
      });
      expect(res.statusCode).toBe(201);
    }
  });

  it("lets a service tighten its own limits per day and per week", async () => {
    const admin = await signIn(ctx, "admin@socd.lv");
    const patched = await asStaff(
      ctx,
      admin,
      "PATCH",
      "/api/v1/staff/service-points/lacplesa-39/services/consultation",
      { maxBookingsPerAddressPerDay: 3 },
    );
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      maxBookingsPerAddressPerDay: 3,
      maxBookingsPerAddressPerWeek: null,
    });
    const starts = ["08:00", "08:15", "08:30", "08:45", "09:00", "09:15"].map(
      (time) => `2026-11-24T${time}:00+02:00`,
    );
    const answers = await Promise.all(
      starts.map((start) =>
        book("10.0.0.5", { servicePoint: "lacplesa-39", service: "consultation", start }),
      ),
    );
    expect(answers.filter((res) => res.statusCode === 201)).toHaveLength(3);
    expect(answers.filter((res) => res.json().code === "RATE_LIMITED")).toHaveLength(3);

    const koknese = await signIn(ctx, "admin@koknese.lv");
    const weekly = await asStaff(
      ctx,
      koknese,
      "PATCH",
      "/api/v1/staff/service-points/koknese/services/laundry",
      { maxBookingsPerAddressPerWeek: 1 },
    );
    expect(weekly.statusCode).toBe(200);
    const laundry = await Promise.all(
      showerStarts(["11-24", "11-25", "11-26"], ["09"]).map((start) =>
        book("10.0.0.6", { servicePoint: "koknese", service: "laundry", start }),
      ),
    );
    expect(laundry.filter((res) => res.statusCode === 201)).toHaveLength(1);
  });

  it("does not limit staff bookings by the desk's address", async () => {
    // The desk's own address (127.0.0.1 here) has used up its public allowance …
    const own = await Promise.all(
      showerStarts(["12-14", "12-15"], ["09"]).map((start) =>
        book("127.0.0.1", { servicePoint: "koknese", service: "shower", start }),
      ),
    );
    expect(own.map((res) => res.statusCode).sort()).toEqual([201, 201]);
    const third = await book("127.0.0.1", {
      servicePoint: "koknese",
      service: "shower",
      start: "2026-12-16T09:00:00+02:00",
    });
    expect(third.statusCode).toBe(429);
    // … and staff booking by phone for callers from the same address are not limited.
    const reception = await signIn(ctx, "reception@koknese.lv");
    const starts = showerStarts(["12-10", "12-11"], ["09", "10"]);
    for (const start of starts) {
      const res = await asStaff(ctx, reception, "POST", "/api/v1/staff/bookings", {
        kind: "phone",
        servicePoint: "koknese",
        service: "shower",
        start,
        client: newClient(),
      });
      expect(res.statusCode).toBe(201);
    }
  });
});

describe("waiting-list entries per address (decision 026)", () => {
  it("a burst of 12 joins from one address keeps WAITLIST_PER_ADDRESS, each a different phone", async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ctx.app.inject({
          method: "POST",
          url: "/api/v1/waitlist",
          payload: {
            servicePoint: "lacplesa-39",
            service: "consultation",
            from: `2026-12-${String(14 + (i % 4)).padStart(2, "0")}`,
            to: "2026-12-18",
            client: newClient(),
            language: "lv",
          },
          remoteAddress: "10.0.0.9",
        }),
      ),
    );
    expect(answers.filter((res) => res.statusCode === 201)).toHaveLength(5);
    const refused = answers.filter((res) => res.statusCode !== 201);
    expect(refused).toHaveLength(7);
    for (const res of refused) expect(res.json().code).toBe("TOO_MANY_WAITLIST_ENTRIES");
    // Another address is not held back by this one.
    const other = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/waitlist",
      payload: {
        servicePoint: "lacplesa-39",
        service: "consultation",
        from: "2026-12-14",
        to: "2026-12-14",
        client: newClient(),
        language: "en",
      },
      remoteAddress: "10.0.0.10",
    });
    expect(other.statusCode).toBe(201);
  });
});
