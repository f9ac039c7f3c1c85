import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { bookPublic } from "./support/clients.ts";
import { createStaff, signIn as signInAs } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga; the bookings are for Tuesday 24 Nov. Clients book on
// Monday; the desk marks them on Tuesday morning (06.00), the day they come.
const now = new Date("2026-11-23T08:00:00Z");
const tuesdayMorning = new Date("2026-11-24T04:00:00Z");
let clock = now;
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({ now, clock: () => clock });
  await createStaff(ctx.db.prisma);
});
afterAll(() => ctx.close());
beforeEach(() => {
  clock = now;
});
const onTheDay = () => {
  clock = tuesdayMorning;
};

const signIn = (email: string) => signInAs(ctx, email);

const book = (servicePoint: string, start: string) => bookPublic(ctx, { servicePoint, start });

function day(session: { cookie: string }, point: string) {
  return ctx.app.inject({
    url: `/api/v1/staff/service-points/${point}/day?date=2026-11-24`,
    headers: { cookie: session.cookie },
  });
}

function act(
  session: { cookie: string; csrf?: string },
  reference: string,
  action: string,
  payload: object,
) {
  return ctx.app.inject({
    method: "POST",
    url: `/api/v1/staff/bookings/${reference}/${action}`,
    headers: { cookie: session.cookie, ...(session.csrf ? { "x-csrf-token": session.csrf } : {}) },
    payload,
  });
}

describe("the day at a point", () => {
  it("lists the day's bookings with the client's details, and audits the view", async () => {
    const booking = await book("liepajas-4", "2026-11-24T08:00:00+02:00");
    const reception = await signIn("liepajas@socd.lv");
    const res = await day(reception, "liepajas-4");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      servicePoint: "liepajas-4",
      date: "2026-11-24",
      timezone: "Europe/Riga",
    });
    expect(res.json().bookings[0]).toMatchObject({
      reference: booking.reference,
      status: "booked",
      start: "2026-11-24T08:00:00+02:00",
      service: "consultation",
      source: "public",
      client: { name: expect.stringMatching(/^Klients/), phone: expect.stringMatching(/^\+3712/) },
    });
    const audit = await ctx.db.prisma.auditEntry.findFirst({
      where: { action: "bookings.day.view" },
    });
    expect(audit?.details).toMatchObject({ date: "2026-11-24", bookings: 1 });
  });

  it("audits a desk's repeated reads once, and again when the list shows something else", async () => {
    const views = (actorId: string) =>
      ctx.db.prisma.auditEntry.count({
        where: { action: "bookings.day.view", actorId },
      });
    const reception = await signIn("admin@socd.lv");
    const user = await ctx.db.prisma.staffUser.findFirstOrThrow({
      where: { email: "admin@socd.lv" },
    });
    // The page reads the list every 20 s: three reads of the same list are one view.
    for (let i = 0; i < 3; i++) expect((await day(reception, "lacplesa-39")).statusCode).toBe(200);
    expect(await views(user.id)).toBe(1);
    // A new booking on the list: the desk now sees another client, so that is audited.
    await book("lacplesa-39", "2026-11-24T09:00:00+02:00");
    await day(reception, "lacplesa-39");
    await day(reception, "lacplesa-39");
    expect(await views(user.id)).toBe(2);
    // Another date is another view.
    await ctx.app.inject({
      url: "/api/v1/staff/service-points/lacplesa-39/day?date=2026-11-25",
      headers: { cookie: reception.cookie },
    });
    expect(await views(user.id)).toBe(3);
    // A quarter hour later (on the wall clock, which the log's `at` follows; the log is
    // append-only, so the test moves the reader's clock rather than the entries), the same
    // list is audited again.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 16 * 60_000);
      await day(reception, "lacplesa-39");
    } finally {
      vi.useRealTimers();
    }
    expect(await views(user.id)).toBe(4);
  });

  it("keeps each user to their own points (broken object-level authorisation)", async () => {
    const reception = await signIn("liepajas@socd.lv");
    const other = await day(reception, "lacplesa-39");
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe("FORBIDDEN");
    const koknese = await signIn("admin@koknese.lv");
    expect((await day(koknese, "liepajas-4")).statusCode).toBe(403);
    const admin = await signIn("admin@socd.lv");
    expect((await day(admin, "lacplesa-39")).statusCode).toBe(200);
    expect((await day({ cookie: "" }, "liepajas-4")).statusCode).toBe(401);

    const theirs = await book("lacplesa-39", "2026-11-24T08:00:00+02:00");
    const change = await act(reception, theirs.reference, "status", { status: "checked_in" });
    expect(change.statusCode).toBe(403);
    const cancel = await act(reception, theirs.reference, "cancel", { reason: "test" });
    expect(cancel.statusCode).toBe(403);
  });

  it("checks in, completes, and refuses a change that does not follow", async () => {
    const booking = await book("liepajas-4", "2026-11-24T08:15:00+02:00");
    onTheDay();
    const reception = await signIn("liepajas@socd.lv");
    const checkedIn = await act(reception, booking.reference, "status", { status: "checked_in" });
    expect(checkedIn.statusCode).toBe(200);
    expect(checkedIn.json().status).toBe("checked_in");
    expect(
      (await act(reception, booking.reference, "status", { status: "completed" })).json().status,
    ).toBe("completed");
    const back = await act(reception, booking.reference, "status", { status: "no_show" });
    expect(back.statusCode).toBe(409);
    const history = await ctx.db.prisma.bookingStatusChange.findMany({
      where: { booking: { reference: booking.reference } },
      orderBy: { at: "asc" },
      include: { staffUser: true },
    });
    expect(history.map((h) => h.toStatus)).toEqual(["BOOKED", "CHECKED_IN", "COMPLETED"]);
    expect(history[1]?.staffUser?.email).toBe("liepajas@socd.lv");
  });

  it("completes a client seen at once, who keeps the place, and cannot then be cancelled", async () => {
    const start = "2026-11-24T09:00:00+02:00";
    const remaining = async () =>
      (
        await ctx.app.inject({
          url: "/api/v1/availability?servicePoint=liepajas-4&service=consultation&from=2026-11-24&to=2026-11-24",
        })
      )
        .json()
        .days[0].slots.find((s: { start: string }) => s.start === start)?.remaining ?? 0;
    const before = await remaining();
    expect(before).toBeGreaterThan(0);
    const booking = await book("liepajas-4", start);
    const taken = await remaining();
    expect(taken).toBe(before - 1);
    onTheDay();
    const reception = await signIn("liepajas@socd.lv");
    const done = await act(reception, booking.reference, "status", { status: "completed" });
    expect([done.statusCode, done.json().status]).toEqual([200, "completed"]);
    expect(await remaining()).toBe(taken);
    const cancel = await act(reception, booking.reference, "cancel", { reason: "late" });
    expect([cancel.statusCode, cancel.json().code]).toEqual([409, "BOOKING_NOT_ACTIVE"]);
    expect(await remaining()).toBe(taken);
  });

  it("marks a no-show", async () => {
    const booking = await book("liepajas-4", "2026-11-24T08:30:00+02:00");
    onTheDay();
    const admin = await signIn("admin@socd.lv");
    const res = await act(admin, booking.reference, "status", { status: "no_show" });
    expect(res.json().status).toBe("no_show");
  });

  it("cancels with a reason, freeing the place, and needs the CSRF token", async () => {
    const booking = await book("liepajas-4", "2026-11-24T08:45:00+02:00");
    const reception = await signIn("liepajas@socd.lv");
    const noToken = await act({ cookie: reception.cookie }, booking.reference, "cancel", {
      reason: "ill",
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe("CSRF_TOKEN_INVALID");
    const res = await act(reception, booking.reference, "cancel", { reason: "Speciālists slims" });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("cancelled_by_staff");
    const availability = await ctx.app.inject({
      url: "/api/v1/availability?servicePoint=liepajas-4&service=consultation&from=2026-11-24&to=2026-11-24",
    });
    const slot = availability
      .json()
      .days[0].slots.find((s: { start: string }) => s.start === "2026-11-24T08:45:00+02:00");
    expect(slot?.remaining).toBe(1);
    const change = await ctx.db.prisma.bookingStatusChange.findFirst({
      where: { booking: { reference: booking.reference }, toStatus: "CANCELLED_BY_STAFF" },
    });
    expect(change?.reason).toBe("Speciālists slims");
  });
});

describe("the desk's marks and their undo", () => {
  const dayList = async (session: { cookie: string }) =>
    (await day(session, "liepajas-4")).json().bookings as {
      reference: string;
      status: string;
      undo: string | null;
    }[];
  const inList = async (session: { cookie: string }, reference: string) =>
    (await dayList(session)).find((b) => b.reference === reference);

  it("refuses arrived, seen and did not come before the booking's day, with a code", async () => {
    const booking = await book("liepajas-4", "2026-11-24T10:00:00+02:00");
    const reception = await signIn("liepajas@socd.lv");
    for (const status of ["checked_in", "completed", "no_show"]) {
      const res = await act(reception, booking.reference, "status", { status });
      expect(res.statusCode).toBe(409);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json().code).toBe("BOOKING_DAY_NOT_REACHED");
    }
    expect((await inList(reception, booking.reference))?.status).toBe("booked");
    onTheDay();
    const onTuesday = await signIn("liepajas@socd.lv");
    const res = await act(onTuesday, booking.reference, "status", { status: "checked_in" });
    expect(res.statusCode).toBe(200);
  });

  it("takes back a mis-tapped no-show on the day, says so in the list, and audits it", async () => {
    const booking = await book("liepajas-4", "2026-11-24T10:15:00+02:00");
    onTheDay();
    const reception = await signIn("liepajas@socd.lv");
    expect((await inList(reception, booking.reference))?.undo).toBeNull();
    await act(reception, booking.reference, "status", { status: "no_show" });
    expect(await inList(reception, booking.reference)).toMatchObject({
      status: "no_show",
      undo: "booked",
    });
    const noToken = await act({ cookie: reception.cookie }, booking.reference, "undo", {});
    expect(noToken.json().code).toBe("CSRF_TOKEN_INVALID");
    const undone = await act(reception, booking.reference, "undo", {});
    expect([undone.statusCode, undone.json().status]).toEqual([200, "booked"]);
    expect(await inList(reception, booking.reference)).toMatchObject({
      status: "booked",
      undo: null,
    });
    // Once is enough: an undo is not undone, and the client can now be marked again.
    const again = await act(reception, booking.reference, "undo", {});
    expect([again.statusCode, again.json().code]).toEqual([409, "UNDO_NOT_POSSIBLE"]);
    const history = await ctx.db.prisma.bookingStatusChange.findMany({
      where: { booking: { reference: booking.reference } },
      orderBy: { at: "asc" },
      include: { staffUser: true },
    });
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.reason])).toEqual([
      [null, "BOOKED", null],
      ["BOOKED", "NO_SHOW", null],
      ["NO_SHOW", "BOOKED", "undo"],
    ]);
    expect(history[2]?.staffUser?.email).toBe("liepajas@socd.lv");
    const audit = await ctx.db.prisma.auditEntry.findFirst({
      where: { action: "booking.undo" },
      orderBy: { at: "desc" },
    });
    expect(audit?.details).toEqual({ from: "no_show", to: "booked" });
    const arrived = await act(reception, booking.reference, "status", { status: "checked_in" });
    expect(arrived.json().status).toBe("checked_in");
  });

  it("returns an arrived client's no-show to arrived, not to booked", async () => {
    const booking = await book("liepajas-4", "2026-11-24T10:30:00+02:00");
    onTheDay();
    const reception = await signIn("liepajas@socd.lv");
    await act(reception, booking.reference, "status", { status: "checked_in" });
    await act(reception, booking.reference, "status", { status: "no_show" });
    expect((await inList(reception, booking.reference))?.undo).toBe("checked_in");
    const undone = await act(reception, booking.reference, "undo", {});
    expect(undone.json().status).toBe("checked_in");
  });

  it("has nothing to undo for a booked or cancelled client", async () => {
    const booking = await book("liepajas-4", "2026-11-24T10:45:00+02:00");
    onTheDay();
    const reception = await signIn("liepajas@socd.lv");
    const booked = await act(reception, booking.reference, "undo", {});
    expect([booked.statusCode, booked.json().code]).toEqual([409, "UNDO_NOT_POSSIBLE"]);
    await act(reception, booking.reference, "cancel", { reason: "Slims" });
    const cancelled = await act(reception, booking.reference, "undo", {});
    expect([cancelled.statusCode, cancelled.json().code]).toEqual([409, "UNDO_NOT_POSSIBLE"]);
    expect((await inList(reception, booking.reference))?.status).toBe("cancelled_by_staff");
  });

  it("keeps a mark final once the booking's day is over", async () => {
    const booking = await book("liepajas-4", "2026-11-24T11:00:00+02:00");
    onTheDay();
    const reception = await signIn("liepajas@socd.lv");
    await act(reception, booking.reference, "status", { status: "no_show" });
    clock = new Date("2026-11-25T06:00:00Z");
    const nextDay = await signIn("liepajas@socd.lv");
    expect((await inList(nextDay, booking.reference))?.undo).toBeNull();
    const late = await act(nextDay, booking.reference, "undo", {});
    expect([late.statusCode, late.json().code]).toEqual([409, "UNDO_NOT_POSSIBLE"]);
    expect((await inList(nextDay, booking.reference))?.status).toBe("no_show");
  });

  it("lists answers by their labels in the staff member's language", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      payload: {
        servicePoint: "liepajas-4",
        service: "gift-packages",
        start: "2026-12-21T08:00:00+02:00",
        client: { name: "Dāvanu saņēmēja", phone: "27123987" },
        answers: { eligibility: "child-low-income" },
      },
    });
    expect(res.statusCode).toBe(201);
    const admin = await signIn("admin@socd.lv");
    const list = async (language: string) =>
      (
        await ctx.app.inject({
          url: "/api/v1/staff/service-points/liepajas-4/day?date=2026-12-21",
          headers: { cookie: admin.cookie, "accept-language": language },
        })
      ).json().bookings[0];
    expect((await list("ru")).answerLabels).toEqual([
      {
        key: "eligibility",
        question: null,
        value: "child-low-income",
        valueLabel: "Ребёнок до 14 лет (включительно) из малоимущей или малообеспеченной семьи",
      },
    ]);
    expect((await list("en")).serviceName).toBe("Gift package collection");
    expect((await list("en")).answerLabels[0].valueLabel).toBe(
      "A child up to and including 14 from a needy or low-income family",
    );
  });
});
