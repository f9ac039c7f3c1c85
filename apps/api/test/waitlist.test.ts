import { ZWaitlistEntry } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymiseOldBookings } from "../src/lib/retention.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { newClient } from "./support/clients.ts";
import { asStaff, createStaff, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga; the test moves the clock. The Koknese shower has one
// place an hour, 9.00–15.00 on working days, and two a day (dailyLimit 2).
const base = new Date("2026-11-23T08:00:00Z");
let clock = base;
let ctx: TestContext;
const shower = { servicePoint: "koknese", service: "shower" };
const at = (day: string, hour: string) => `2026-${day}T${hour}:00:00+02:00`;
const MINUTE = 60_000;

beforeAll(async () => {
  ctx = await createTestApp({ now: base, clock: () => clock });
  await createStaff(ctx.db.prisma);
});
afterAll(() => ctx.close());

function join(
  day: string,
  to = day,
  client: { name: string; phone: string; email?: string } = newClient(),
  extra: Record<string, unknown> = {},
  remoteAddress = "127.0.0.1",
) {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/waitlist",
    payload: { ...shower, from: `2026-${day}`, to: `2026-${to}`, client, language: "en", ...extra },
    remoteAddress,
  });
}

async function joined(
  day: string,
  to = day,
  client: { name: string; phone: string; email?: string } = newClient(),
) {
  const res = await join(day, to, client);
  expect(res.statusCode).toBe(201);
  return { ...(res.json() as { reference: string; manageToken: string }), client };
}

function entry(reference: string, token: string) {
  return ctx.app.inject({
    url: `/api/v1/waitlist/${reference}`,
    headers: { authorization: `Bearer ${token}` },
  });
}

async function entryOf(e: { reference: string; manageToken: string }) {
  const res = await entry(e.reference, e.manageToken);
  expect(res.statusCode).toBe(200);
  return ZWaitlistEntry.parse(res.json());
}

async function book(start: string, extra: Record<string, unknown> = {}, client = newClient()) {
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: { ...shower, start, client, ...extra },
  });
  return res;
}

async function booked(start: string) {
  const res = await book(start);
  expect(res.statusCode).toBe(201);
  return res.json() as { reference: string; manageToken: string };
}

function cancel(b: { reference: string; manageToken: string }) {
  return ctx.app.inject({
    method: "POST",
    url: `/api/v1/bookings/${b.reference}/cancel`,
    headers: { authorization: `Bearer ${b.manageToken}` },
  });
}

async function offerMessages(reference: string) {
  const row = await ctx.db.prisma.waitlistEntry.findUniqueOrThrow({
    where: { reference },
    include: { messages: { orderBy: { createdAt: "asc" } } },
  });
  return row.messages;
}

describe("joining and managing", () => {
  it("joins, reads the entry with its token and leaves", async () => {
    clock = base;
    // Nothing is free on Monday 14 December (two a day); joining then waits.
    await booked(at("12-14", "09"));
    await booked(at("12-14", "10"));
    const client = { ...newClient(), email: "waits@example.lv" };
    const e = await joined("12-14", "12-14", client);
    expect(e.reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const read = await entryOf(e);
    expect(read).toMatchObject({
      status: "waiting",
      servicePoint: "koknese",
      service: "shower",
      from: "2026-12-14",
      to: "2026-12-14",
      client: { name: client.name, email: "waits@example.lv" },
      offer: null,
      booking: null,
    });
    // Only the token's hash is stored.
    const row = await ctx.db.prisma.waitlistEntry.findUniqueOrThrow({
      where: { reference: e.reference },
    });
    expect(row.manageTokenHash).not.toContain(e.manageToken);
    expect(row.manageTokenSealed).not.toContain(e.manageToken);

    const wrong = await entry(e.reference, "x".repeat(43));
    expect(wrong.statusCode).toBe(404);
    expect(wrong.headers["content-type"]).toContain("application/problem+json");
    expect(wrong.json().code).toBe("WAITLIST_ENTRY_NOT_FOUND");
    const other = await joined("12-16");
    // Another entry's token reads nothing of this one.
    expect((await entry(e.reference, other.manageToken)).statusCode).toBe(404);
    expect((await entry("ZZZZ-ZZZZ", e.manageToken)).statusCode).toBe(404);

    const left = await ctx.app.inject({
      method: "DELETE",
      url: `/api/v1/waitlist/${e.reference}`,
      headers: { authorization: `Bearer ${e.manageToken}` },
    });
    expect(left.statusCode).toBe(204);
    expect((await entryOf(e)).status).toBe("cancelled");
    // Leaving twice is no error.
    const again = await ctx.app.inject({
      method: "DELETE",
      url: `/api/v1/waitlist/${e.reference}`,
      headers: { authorization: `Bearer ${e.manageToken}` },
    });
    expect(again.statusCode).toBe(204);
    const noToken = await ctx.app.inject({
      method: "DELETE",
      url: `/api/v1/waitlist/${other.reference}`,
    });
    expect(noToken.statusCode).toBe(404);
  });

  it("refuses bad dates and input with problems, never a 500", async () => {
    clock = base;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ from: "2026-11-26", to: "2026-11-24" }, 400, "VALIDATION_FAILED"],
      [{ from: "2026-11-22", to: "2026-11-24" }, 422, "IN_THE_PAST"],
      [{ from: "2026-11-24", to: "2027-03-01" }, 422, "TOO_FAR_AHEAD"],
      [{ from: "2026-02-30", to: "2026-03-01" }, 400, "VALIDATION_FAILED"],
      [{ service: "no-such" }, 404, "SERVICE_NOT_FOUND"],
      [{ servicePoint: "no-such" }, 404, "SERVICE_POINT_NOT_FOUND"],
      [{ language: "de" }, 400, "VALIDATION_FAILED"],
      [{ client: { name: "A\u0000\u202e", phone: "27000000" } }, 400, "VALIDATION_FAILED"],
      [{ client: { name: "Anna", phone: "not a phone" } }, 400, "VALIDATION_FAILED"],
      [{ client: { name: "Anna" } }, 400, "VALIDATION_FAILED"],
    ];
    for (const [change, status, code] of cases) {
      const res = await join("11-24", "11-24", newClient(), change);
      expect({ change, status: res.statusCode }).toEqual({ change, status });
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().code).toBe(code);
    }
  });

  it("limits entries per phone: one for any day, WAITLIST_PER_PHONE of a service", async () => {
    clock = base;
    const client = newClient();
    await joined("12-07", "12-08", client);
    const overlap = await join("12-08", "12-09", client);
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().code).toBe("ALREADY_ON_WAITLIST");
    await joined("12-09", "12-09", client);
    const third = await join("12-10", "12-10", client);
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe("TOO_MANY_WAITLIST_ENTRIES");
    // Written differently, the same phone.
    const spaced = await join("12-10", "12-10", { ...client, phone: `+371 ${client.phone}` });
    expect(spaced.statusCode).toBe(409);
  });
});

describe("offers", () => {
  it("a cancellation offers the place to the first in line, who books it with the hold", async () => {
    clock = base;
    const nine = await booked(at("11-24", "09"));
    await booked(at("11-24", "10"));
    const first = await joined("11-24", "11-24", { ...newClient(), email: "first@example.lv" });
    const second = await joined("11-24");
    expect((await entryOf(first)).offer).toBeNull();

    expect((await cancel(nine)).statusCode).toBe(200);
    const offered = await entryOf(first);
    expect(offered.offer).toMatchObject({
      start: at("11-24", "09"),
      end: at("11-24", "10"),
      expiresAt: "2026-11-23T10:30:00+02:00",
    });
    expect((await entryOf(second)).offer).toBeNull();
    // The place is held: nobody else may book it.
    const other = await book(at("11-24", "09"));
    expect(other.statusCode).toBe(409);

    // SMS and e-mail decided with the offer; nothing is configured to send, so each keeps
    // the text it would have had, with the link to the entry's page.
    const messages = await offerMessages(first.reference);
    expect(messages.map((m) => [m.channel, m.kind, m.status])).toEqual([
      ["SMS", "offer", "NOT_CONFIGURED"],
      ["EMAIL", "offer", "NOT_CONFIGURED"],
    ]);
    expect(messages[0]?.body).toContain("10:30");
    expect(messages[0]?.body).toContain("/s/");
    expect(messages[1]?.body).toContain(`/en/waitlist/${first.reference}#token=`);
    expect(messages[1]?.body).toContain("until Monday 23 November at 10:30");

    // The short link in the SMS opens the entry's page.
    const short = /\/s\/([A-Za-z0-9_-]+)/.exec(messages[0]?.body ?? "")?.[1];
    const redirect = await ctx.app.inject({ url: `/s/${short}` });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe(
      `/en/waitlist/${first.reference}#token=${first.manageToken}`,
    );

    // The link forwarded, or the token taken: another phone cannot book the offered place.
    const stranger = await book(
      at("11-24", "09"),
      { holdToken: offered.offer?.holdToken, language: "en" },
      newClient(),
    );
    expect(stranger.statusCode).toBe(409);
    expect(stranger.json().code).toBe("OFFER_FOR_ANOTHER_CLIENT");
    expect((await entryOf(first)).status).toBe("waiting");

    const confirm = await book(
      at("11-24", "09"),
      { holdToken: offered.offer?.holdToken, language: "en" },
      first.client,
    );
    expect(confirm.statusCode).toBe(201);
    const after = await entryOf(first);
    expect(after.status).toBe("booked");
    expect(after.booking).toBe(confirm.json().reference);
    expect(after.offer).toBeNull();
    // The booked entry cannot be "left"; its booking is cancelled instead.
    const leave = await ctx.app.inject({
      method: "DELETE",
      url: `/api/v1/waitlist/${first.reference}`,
      headers: { authorization: `Bearer ${first.manageToken}` },
    });
    expect(leave.statusCode).toBe(409);
  });

  it("unconfirmed, the offer goes to the next entry when the hold expires, never again to the same one", async () => {
    clock = base;
    await booked(at("11-25", "09"));
    const ten = await booked(at("11-25", "10"));
    const first = await joined("11-25");
    const second = await joined("11-25");
    expect((await cancel(ten)).statusCode).toBe(200);
    expect((await entryOf(first)).offer?.start).toBe(at("11-25", "10"));

    // Still held a minute before it expires: the sweep changes nothing.
    clock = new Date(base.getTime() + 29 * MINUTE);
    await ctx.app.waitlist.sweep();
    expect((await entryOf(first)).offer?.start).toBe(at("11-25", "10"));
    expect((await entryOf(second)).offer).toBeNull();
    // Expired, with no process running at that moment: the next sweep offers it on.
    clock = new Date(base.getTime() + 45 * MINUTE);
    await ctx.app.waitlist.sweep();
    expect((await entryOf(first)).offer).toBeNull();
    const next = await entryOf(second);
    expect(next.offer?.start).toBe(at("11-25", "10"));
    expect(next.offer?.expiresAt).toBe("2026-11-23T11:15:00+02:00");
    // The first entry's old token books nothing special any more.
    const offers = await ctx.db.prisma.waitlistOffer.findMany({
      where: { entry: { reference: { in: [first.reference, second.reference] } } },
    });
    expect(offers).toHaveLength(2);
  });

  it("an entry that lets WAITLIST_MAX_OFFERS (3) offers pass is offered nothing more", async () => {
    clock = base;
    await booked(at("12-10", "09"));
    const ten = await booked(at("12-10", "10"));
    const idle = await joined("12-10");
    expect((await cancel(ten)).statusCode).toBe(200);
    const starts: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const offered = await entryOf(idle);
      expect(offered.offer).not.toBeNull();
      starts.push(offered.offer?.start);
      // Never confirmed: the hold expires and the sweep looks again.
      clock = new Date(clock.getTime() + 31 * MINUTE);
      await ctx.app.waitlist.sweep();
    }
    expect(new Set(starts).size).toBe(3);
    expect((await entryOf(idle)).offer).toBeNull();
    expect(
      await ctx.db.prisma.waitlistOffer.count({ where: { entry: { reference: idle.reference } } }),
    ).toBe(3);
    // The place is not kept for the entry any more: anyone may book it.
    expect((await book(at("12-10", "14"))).statusCode).toBe(201);
  });

  it("a reschedule away, an expired hold and more capacity each produce an offer", async () => {
    clock = base;
    // A move to another day frees the place of the first.
    const moving = await booked(at("11-26", "09"));
    await booked(at("11-26", "10"));
    const waitsThursday = await joined("11-26");
    const moved = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/bookings/${moving.reference}/reschedule`,
      headers: { authorization: `Bearer ${moving.manageToken}` },
      payload: { start: at("11-27", "12") },
    });
    expect(moved.statusCode).toBe(200);
    expect((await entryOf(waitsThursday)).offer?.start).toBe(at("11-26", "09"));

    // Two public holds fill Monday 30th; unused, they free themselves.
    for (const hour of ["09", "10"]) {
      const res = await ctx.app.inject({
        method: "POST",
        url: "/api/v1/holds",
        payload: { ...shower, start: at("11-30", hour) },
      });
      expect(res.statusCode).toBe(201);
    }
    const waitsMonday = await joined("11-30");
    expect((await entryOf(waitsMonday)).offer).toBeNull();
    clock = new Date(base.getTime() + 15 * MINUTE);
    await ctx.app.waitlist.sweep();
    expect((await entryOf(waitsMonday)).offer?.start).toBe(at("11-30", "09"));

    // More places a day: the administrator raises the daily limit.
    clock = base;
    await booked(at("12-01", "09"));
    await booked(at("12-01", "10"));
    const waitsTuesday = await joined("12-01");
    expect((await entryOf(waitsTuesday)).offer).toBeNull();
    const admin = await signIn(ctx, "admin@koknese.lv");
    const raised = await asStaff(
      ctx,
      admin,
      "PATCH",
      "/api/v1/staff/service-points/koknese/services/shower",
      { dailyLimit: 3 },
    );
    expect(raised.statusCode).toBe(200);
    expect((await entryOf(waitsTuesday)).offer?.start).toBe(at("12-01", "11"));
    const back = await asStaff(
      ctx,
      admin,
      "PATCH",
      "/api/v1/staff/service-points/koknese/services/shower",
      { dailyLimit: 2 },
    );
    expect(back.statusCode).toBe(200);
  });

  it("a closure gives no offer for the closed time", async () => {
    clock = base;
    await booked(at("12-02", "09"));
    await booked(at("12-02", "10"));
    const waits = await joined("12-02");
    const admin = await signIn(ctx, "admin@koknese.lv");
    const closed = await asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
      servicePoint: "koknese",
      start: "2026-12-02T00:00:00+02:00",
      end: "2026-12-03T00:00:00+02:00",
      reason: "Water pipes",
      bookings: "cancel",
      message: "The showers are closed for repairs.",
    });
    expect(closed.statusCode).toBe(201);
    await ctx.app.waitlist.sweep();
    expect((await entryOf(waits)).offer).toBeNull();
  });
});

describe("staff", () => {
  it("see a day's waiting list in line order and remove an entry (audited); other organisations cannot", async () => {
    clock = base;
    const a = await joined("12-03");
    const b = await joined("12-03", "12-04");
    const reception = await signIn(ctx, "reception@koknese.lv");
    const list = await asStaff(
      ctx,
      reception,
      "GET",
      "/api/v1/staff/waitlist?servicePoint=koknese&date=2026-12-03",
    );
    expect(list.statusCode).toBe(200);
    const entries = list.json().entries as { reference: string; position: number }[];
    expect(entries.map((e) => [e.reference, e.position])).toEqual([
      [a.reference, 1],
      [b.reference, 2],
    ]);

    const foreign = await signIn(ctx, "admin@socd.lv");
    const peek = await asStaff(
      ctx,
      foreign,
      "GET",
      "/api/v1/staff/waitlist?servicePoint=koknese&date=2026-12-03",
    );
    expect(peek.statusCode).toBe(403);
    // Another organisation's reference answers like one that does not exist.
    const remove = await asStaff(ctx, foreign, "DELETE", `/api/v1/staff/waitlist/${a.reference}`);
    expect(remove.statusCode).toBe(404);
    expect(remove.json().code).toBe("WAITLIST_ENTRY_NOT_FOUND");
    expect((await entryOf(a)).status).toBe("waiting");

    const removed = await asStaff(
      ctx,
      reception,
      "DELETE",
      `/api/v1/staff/waitlist/${a.reference}`,
    );
    expect(removed.statusCode).toBe(204);
    expect((await entryOf(a)).status).toBe("removed");
    const audit = await ctx.db.prisma.auditEntry.findFirst({
      where: { action: "waitlist.remove" },
      orderBy: { id: "desc" },
    });
    expect(audit?.details).toMatchObject({ reference: a.reference, was: "waiting" });
    const after = await asStaff(
      ctx,
      reception,
      "GET",
      "/api/v1/staff/waitlist?servicePoint=koknese&date=2026-12-03",
    );
    expect(after.json().entries.map((e: { reference: string }) => e.reference)).toEqual([
      b.reference,
    ]);
    const unknown = await asStaff(ctx, reception, "DELETE", "/api/v1/staff/waitlist/AAAA-BBBB");
    expect(unknown.statusCode).toBe(404);
  });

  it("the GDPR export lists a phone's entries and offers; retention anonymises them", async () => {
    clock = base;
    const client = newClient();
    const nine = await booked(at("12-04", "09"));
    await booked(at("12-04", "10"));
    const e = await joined("12-04", "12-04", client);
    expect((await cancel(nine)).statusCode).toBe(200);
    const admin = await signIn(ctx, "admin@koknese.lv");
    const exported = await asStaff(
      ctx,
      admin,
      "GET",
      `/api/v1/staff/clients/export?phone=${client.phone}`,
    );
    expect(exported.statusCode).toBe(200);
    const waitlist = exported.json().waitlist as {
      reference: string;
      offers: { start: string }[];
      messages: { kind: string; body: string | null }[];
    }[];
    expect(waitlist.map((w) => w.reference)).toEqual([e.reference]);
    expect(waitlist[0]?.offers.map((o) => o.start)).toEqual([at("12-04", "09")]);
    expect(waitlist[0]?.messages[0]?.body).toContain("/s/");
    // Another organisation's administrator finds nothing of it.
    const foreign = await signIn(ctx, "admin@socd.lv");
    const none = await asStaff(
      ctx,
      foreign,
      "GET",
      `/api/v1/staff/clients/export?phone=${client.phone}`,
    );
    expect(none.json().waitlist).toEqual([]);

    await anonymiseOldBookings(ctx.db.prisma, { now: new Date("2027-12-31T00:00:00Z"), days: 30 });
    const row = await ctx.db.prisma.waitlistEntry.findUniqueOrThrow({
      where: { reference: e.reference },
      include: { messages: true },
    });
    expect(row).toMatchObject({
      clientName: "",
      clientPhone: "",
      clientEmail: null,
      manageTokenSealed: null,
    });
    expect(row.anonymisedAt).not.toBeNull();
    expect(row.messages.every((m) => m.address === "" && m.body === null)).toBe(true);
    expect((await entry(e.reference, e.manageToken)).statusCode).toBe(404);
  });
});
