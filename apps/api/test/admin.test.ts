import type { AvailabilityResponse, Closure, Schedule } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymiseOldBookings } from "../src/lib/retention.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { bookPublic } from "./support/clients.ts";
import { asStaff, createStaff, type StaffSession, signIn, staffPassword } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let admin: StaffSession;
let reception: StaffSession;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@socd.lv");
  reception = await signIn(ctx, "liepajas@socd.lv");
});
afterAll(() => ctx.close());

const book = (start: string, servicePoint = "liepajas-4") =>
  bookPublic(ctx, { servicePoint, start });

async function publicSlots(date: string, servicePoint = "liepajas-4", service = "consultation") {
  const res = await ctx.app.inject(
    `/api/v1/availability?servicePoint=${servicePoint}&service=${service}&from=${date}&to=${date}`,
  );
  expect(res.statusCode).toBe(200);
  return ((res.json() as AvailabilityResponse).days[0]?.slots ?? []).map((s) =>
    s.start.slice(11, 16),
  );
}

describe("weekly hours", () => {
  it("an admin changes Thursday's hours and public availability follows at once", async () => {
    const thursday = "2026-11-26";
    expect(await publicSlots(thursday)).not.toContain("13:00");
    const list = await asStaff(
      ctx,
      admin,
      "GET",
      "/api/v1/staff/service-points/liepajas-4/schedules",
    );
    expect(list.statusCode).toBe(200);
    const regular = (list.json() as Schedule[]).find((s) => s.kind === "regular" && !s.service);
    expect(regular).toBeDefined();
    const intervals = [
      ...(regular?.intervals ?? []).filter((i) => i.weekday !== 4),
      { weekday: 4, start: "09:00", end: "12:00" },
      { weekday: 4, start: "12:30", end: "15:00" },
    ];
    const put = await asStaff(ctx, admin, "PUT", `/api/v1/staff/schedules/${regular?.id}`, {
      kind: "regular",
      intervals,
    });
    expect(put.statusCode).toBe(200);
    const slots = await publicSlots(thursday);
    expect(slots).toContain("13:00");
    expect(slots).not.toContain("08:00");
    expect(slots.at(-1)).toBe("14:45");
    const audit = await ctx.db.prisma.auditEntry.findFirst({
      where: { action: "schedule.update" },
    });
    expect(audit?.entityId).toBe(regular?.id);
  });

  it("refuses overlapping or inverted intervals, and reception may not change hours", async () => {
    const list = await asStaff(
      ctx,
      admin,
      "GET",
      "/api/v1/staff/service-points/liepajas-4/schedules",
    );
    const id = (list.json() as Schedule[])[0]?.id;
    const bad = await asStaff(ctx, admin, "PUT", `/api/v1/staff/schedules/${id}`, {
      kind: "regular",
      intervals: [
        { weekday: 1, start: "08:00", end: "12:00" },
        { weekday: 1, start: "11:00", end: "13:00" },
        { weekday: 2, start: "14:00", end: "13:00" },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(["body.intervals.1", "body.intervals.2.end"]),
    );
    const byReception = await asStaff(ctx, reception, "PUT", `/api/v1/staff/schedules/${id}`, {
      kind: "regular",
      intervals: [],
    });
    expect(byReception.statusCode).toBe(403);
    const koknese = await signIn(ctx, "admin@koknese.lv");
    const otherOrg = await asStaff(ctx, koknese, "DELETE", `/api/v1/staff/schedules/${id}`);
    expect(otherOrg.statusCode).toBe(404);
  });

  it("accepts hours until midnight (24:00), and the catalog shows them", async () => {
    const res = await asStaff(
      ctx,
      admin,
      "POST",
      "/api/v1/staff/service-points/vienibas-8/schedules",
      { kind: "regular", intervals: [{ weekday: 6, start: "20:00", end: "24:00" }] },
    );
    expect(res.statusCode).toBe(201);
    const catalog = await ctx.app.inject("/api/v1/service-points?organisation=daugavpils");
    expect(catalog.statusCode).toBe(200);
    const point = catalog.json().find((p: { slug: string }) => p.slug === "vienibas-8");
    expect(point.openingHours).toContainEqual({
      weekday: 6,
      intervals: [{ start: "20:00", end: "24:00" }],
    });
    const saturday = await publicSlots("2026-11-28", "vienibas-8");
    expect(saturday.at(-1)).toBe("23:45");
  });

  it("adds a seasonal schedule that replaces the week on its dates", async () => {
    const res = await asStaff(
      ctx,
      admin,
      "POST",
      "/api/v1/staff/service-points/lacplesa-39/schedules",
      {
        kind: "seasonal",
        mode: "replace",
        validFrom: "2026-12-01",
        validTo: "2026-12-01",
        name: { lv: "Īsā diena", ru: "Короткий день", en: "Short day" },
        intervals: [{ weekday: 2, start: "10:00", end: "11:00" }],
      },
    );
    expect(res.statusCode).toBe(201);
    const slots = await publicSlots("2026-12-01", "lacplesa-39");
    expect(slots).toEqual(["10:00", "10:15", "10:30", "10:45"]);
    const missingDates = await asStaff(
      ctx,
      admin,
      "POST",
      "/api/v1/staff/service-points/lacplesa-39/schedules",
      {
        kind: "seasonal",
        intervals: [],
      },
    );
    expect(missingDates.statusCode).toBe(400);
  });
});

describe("services and points", () => {
  it("an admin changes a service's capacity, split and notice, and availability follows", async () => {
    const patch = await asStaff(
      ctx,
      admin,
      "PATCH",
      "/api/v1/staff/service-points/saura-28/services/consultation",
      {
        capacityPerSlot: 4,
        staffOnlyCapacity: 1,
        minNoticeMinutes: 0,
      },
    );
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ capacityPerSlot: 4, staffOnlyCapacity: 1 });
    const res = await ctx.app.inject(
      "/api/v1/availability?servicePoint=saura-28&service=consultation&from=2026-11-23&to=2026-11-23",
    );
    const first = (res.json() as AvailabilityResponse).days[0]?.slots[0];
    expect(first).toMatchObject({ start: "2026-11-23T10:00:00+02:00", remaining: 3 });
    const tooMany = await asStaff(
      ctx,
      admin,
      "PATCH",
      "/api/v1/staff/service-points/saura-28/services/consultation",
      {
        staffOnlyCapacity: 5,
      },
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe("body.staffOnlyCapacity");
  });

  it("adds a point and a service, refuses a duplicate slug, and hides an inactive point", async () => {
    const text = (name: string) => ({ lv: name, ru: name, en: name });
    const point = await asStaff(ctx, admin, "POST", "/api/v1/staff/service-points", {
      slug: "cietokšņa-1".replace("š", "s").replace("ņ", "n"),
      name: text("Cietokšņa 1"),
      address: "Cietokšņa iela 1, Daugavpils",
      phones: [{ display: "654 00000", tel: "+37165400000" }],
    });
    expect(point.statusCode).toBe(201);
    const service = await asStaff(
      ctx,
      admin,
      "POST",
      "/api/v1/staff/service-points/cietoksna-1/services",
      {
        slug: "consultation",
        name: text("Konsultācija"),
        capacityPerSlot: 2,
      },
    );
    expect(service.statusCode).toBe(201);
    expect(service.json()).toMatchObject({
      slotMinutes: 15,
      dailyLimit: null,
      staffOnlyCapacity: 0,
    });
    const again = await asStaff(ctx, admin, "POST", "/api/v1/staff/service-points", {
      slug: "cietoksna-1",
      name: text("x"),
      address: "x",
    });
    expect(again.statusCode).toBe(409);
    const catalog = await ctx.app.inject("/api/v1/service-points?organisation=daugavpils");
    expect(catalog.json().map((p: { slug: string }) => p.slug)).toContain("cietoksna-1");
    const off = await asStaff(ctx, admin, "PATCH", "/api/v1/staff/service-points/cietoksna-1", {
      active: false,
    });
    expect(off.statusCode).toBe(200);
    const after = await ctx.app.inject("/api/v1/service-points?organisation=daugavpils");
    expect(after.json().map((p: { slug: string }) => p.slug)).not.toContain("cietoksna-1");
    const byReception = await asStaff(ctx, reception, "POST", "/api/v1/staff/service-points", {
      slug: "nope",
      name: text("x"),
      address: "x",
    });
    expect(byReception.statusCode).toBe(403);
  });
});

describe("closures", () => {
  it("reception blocks an afternoon: the slots go, booked clients are listed, not cancelled", async () => {
    const booked = await book("2026-11-24T13:00:00+02:00");
    const res = await asStaff(ctx, reception, "POST", "/api/v1/staff/closures", {
      servicePoint: "liepajas-4",
      start: "2026-11-24T12:30:00+02:00",
      end: "2026-11-24T16:00:00+02:00",
      reason: "Darbinieku apmācības",
    });
    expect(res.statusCode).toBe(201);
    const closure = res.json() as Closure;
    expect(closure.affected).toEqual([
      expect.objectContaining({
        reference: booked.reference,
        start: "2026-11-24T13:00:00+02:00",
        client: { name: expect.stringMatching(/^Klients/), phone: expect.stringMatching(/^\+371/) },
      }),
    ]);
    const slots = await publicSlots("2026-11-24");
    expect(slots).toContain("11:45");
    expect(slots.some((time) => time >= "12:30")).toBe(false);
    const still = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: booked.reference },
    });
    expect(still.status).toBe("BOOKED");

    const listed = await asStaff(
      ctx,
      reception,
      "GET",
      "/api/v1/staff/closures?servicePoint=liepajas-4",
    );
    expect(listed.json().map((c: Closure) => c.id)).toContain(closure.id);
    const reopen = await asStaff(ctx, reception, "DELETE", `/api/v1/staff/closures/${closure.id}`);
    expect(reopen.statusCode).toBe(204);
    expect(await publicSlots("2026-11-24")).toContain("14:00");
  });

  it("only admins close the whole organisation or add a holiday, which closes every point", async () => {
    const holiday = {
      kind: "holiday",
      start: "2026-11-30T00:00:00+02:00",
      end: "2026-12-01T00:00:00+02:00",
      reason: "Pilsētas svētki",
    };
    const refused = await asStaff(ctx, reception, "POST", "/api/v1/staff/closures", holiday);
    expect(refused.statusCode).toBe(403);
    const otherPoint = await asStaff(ctx, reception, "POST", "/api/v1/staff/closures", {
      servicePoint: "lacplesa-39",
      start: "2026-11-24T12:30:00+02:00",
      end: "2026-11-24T16:00:00+02:00",
      reason: "x",
    });
    expect(otherPoint.statusCode).toBe(403);
    expect((await publicSlots("2026-11-30", "lacplesa-39")).length).toBeGreaterThan(0);
    const made = await asStaff(ctx, admin, "POST", "/api/v1/staff/closures", holiday);
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ kind: "holiday", servicePoint: null });
    expect(await publicSlots("2026-11-30", "lacplesa-39")).toEqual([]);
    expect(await publicSlots("2026-11-30", "liepajas-4")).toEqual([]);
    // Another organisation is not closed.
    expect((await publicSlots("2026-11-30", "koknese", "laundry")).length).toBeGreaterThan(0);
    const inverted = await asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
      ...holiday,
      end: holiday.start,
    });
    expect(inverted.statusCode).toBe(400);
  });
});

describe("data protection", () => {
  it("admins read the audit log with filters; reception may not", async () => {
    const all = await asStaff(ctx, admin, "GET", "/api/v1/staff/audit?limit=5");
    expect(all.statusCode).toBe(200);
    expect(all.json().entries).toHaveLength(5);
    expect(all.json().next).toEqual(expect.any(String));
    const next = await asStaff(
      ctx,
      admin,
      "GET",
      `/api/v1/staff/audit?limit=5&before=${all.json().next}`,
    );
    expect(Number(next.json().entries[0].id)).toBeLessThan(Number(all.json().next) + 1);
    const closures = await asStaff(
      ctx,
      admin,
      "GET",
      "/api/v1/staff/audit?action=closure.&actor=liepajas@socd.lv",
    );
    const actions = closures.json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(["closure.delete", "closure.create"]);
    expect(closures.json().entries[0].actor).toEqual({
      kind: "staff",
      email: "liepajas@socd.lv",
      name: null,
    });
    const koknese = await signIn(ctx, "admin@koknese.lv");
    const theirs = await asStaff(ctx, koknese, "GET", "/api/v1/staff/audit?actor=liepajas@socd.lv");
    expect(theirs.json().entries).toEqual([]);
    expect((await asStaff(ctx, reception, "GET", "/api/v1/staff/audit")).statusCode).toBe(403);
    const badPage = await asStaff(
      ctx,
      admin,
      "GET",
      "/api/v1/staff/audit?before=99999999999999999999999",
    );
    expect(badPage.statusCode).toBe(400);
  });

  it("the database refuses to change or delete an audit entry", async () => {
    const entry = await ctx.db.prisma.auditEntry.findFirstOrThrow();
    await expect(
      ctx.db.prisma.auditEntry.update({ where: { id: entry.id }, data: { action: "rewritten" } }),
    ).rejects.toThrow(/append-only/);
    await expect(ctx.db.prisma.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow(
      /append-only/,
    );
    const still = await ctx.db.prisma.auditEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(still.action).toBe(entry.action);
  });

  it("exports everything held about one phone number, and records the export", async () => {
    // Today's booking: a no-show is marked on the booking's day.
    const booked = await book("2026-11-23T14:30:00+02:00");
    const row = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: booked.reference },
    });
    const marked = await asStaff(
      ctx,
      reception,
      "POST",
      `/api/v1/staff/bookings/${booked.reference}/status`,
      { status: "no_show" },
    );
    expect(marked.statusCode).toBe(200);
    const res = await asStaff(
      ctx,
      admin,
      "GET",
      `/api/v1/staff/clients/export?phone=${encodeURIComponent(row.clientPhone.replace("+371", ""))}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBe(row.clientPhone);
    expect(res.json().bookings).toEqual([
      expect.objectContaining({
        reference: booked.reference,
        status: "no_show",
        client: expect.objectContaining({ name: row.clientName }),
        history: [
          expect.objectContaining({ to: "booked", by: "client" }),
          expect.objectContaining({ from: "booked", to: "no_show", by: "staff" }),
        ],
      }),
    ]);
    expect(res.json().accessLog.map((e: { action: string }) => e.action)).toContain(
      "booking.no_show",
    );
    const audit = await ctx.db.prisma.auditEntry.findFirst({ where: { action: "client.export" } });
    expect(audit?.entityId).toBe(row.clientPhone);
    const bad = await asStaff(ctx, admin, "GET", "/api/v1/staff/clients/export?phone=abc12");
    expect(bad.statusCode).toBe(400);
  });

  it("anonymises bookings older than the retention period, once, even when run twice at once", async () => {
    const booked = await book("2026-11-25T09:15:00+02:00");
    const later = new Date("2027-02-24T12:00:00Z"); // 91 days after the visit
    const early = await anonymiseOldBookings(ctx.db.prisma, {
      now: new Date("2027-02-21T00:00:00Z"),
      days: 90,
    });
    expect(early).toBe(0);
    const runs = await Promise.all([
      anonymiseOldBookings(ctx.db.prisma, { now: later, days: 90 }),
      anonymiseOldBookings(ctx.db.prisma, { now: later, days: 90 }),
    ]);
    const total = runs.reduce<number>((sum, count) => sum + (count ?? 0), 0);
    const row = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: booked.reference },
    });
    expect(row).toMatchObject({ clientName: "", clientPhone: "", clientEmail: null, answers: {} });
    expect(row.anonymisedAt).toEqual(later);
    expect(total).toBe(await ctx.db.prisma.booking.count({ where: { anonymisedAt: later } }));
    expect(await anonymiseOldBookings(ctx.db.prisma, { now: later, days: 90 })).toBe(0);
    const entries = await ctx.db.prisma.auditEntry.count({
      where: { action: "retention.anonymise" },
    });
    expect(entries).toBe(1);
    const lookup = await ctx.app.inject({
      url: `/api/v1/bookings/${booked.reference}`,
      headers: { authorization: `Bearer ${booked.manageToken}` },
    });
    expect(lookup.statusCode).toBe(404);
  });
});

describe("staff accounts", () => {
  it("an admin adds a reception user for one point, and disabling them ends their session", async () => {
    const weak = await asStaff(ctx, admin, "POST", "/api/v1/staff/users", {
      email: "new@socd.lv",
      name: "Jauns",
      password: "password1234",
      role: "reception",
      servicePoints: ["saura-28"],
    });
    expect(weak.statusCode).toBe(400);
    const created = await asStaff(ctx, admin, "POST", "/api/v1/staff/users", {
      email: "New@socd.lv",
      name: "Jauns",
      password: staffPassword,
      role: "reception",
      servicePoints: ["saura-28"],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email: "new@socd.lv",
      role: "reception",
      servicePoints: ["saura-28"],
      active: true,
    });
    const session = await signIn(ctx, "new@socd.lv");
    const own = "/api/v1/staff/service-points/saura-28/day?date=2026-11-24";
    expect((await asStaff(ctx, session, "GET", own)).statusCode).toBe(200);
    const other = "/api/v1/staff/service-points/liepajas-4/day?date=2026-11-24";
    expect((await asStaff(ctx, session, "GET", other)).statusCode).toBe(403);
    expect((await asStaff(ctx, session, "GET", "/api/v1/staff/users")).statusCode).toBe(403);

    const disabled = await asStaff(
      ctx,
      admin,
      "PATCH",
      `/api/v1/staff/users/${created.json().id}`,
      {
        active: false,
      },
    );
    expect(disabled.statusCode).toBe(200);
    expect((await asStaff(ctx, session, "GET", own)).statusCode).toBe(401);
    const again = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/staff/login",
      payload: { organisation: "daugavpils", email: "new@socd.lv", password: staffPassword },
    });
    expect(again.statusCode).toBe(401);
    const list = await asStaff(ctx, admin, "GET", "/api/v1/staff/users");
    expect(list.json().map((u: { email: string }) => u.email)).toContain("new@socd.lv");
    const self = list.json().find((u: { email: string }) => u.email === "admin@socd.lv");
    const demote = await asStaff(ctx, admin, "PATCH", `/api/v1/staff/users/${self.id}`, {
      active: false,
    });
    expect(demote.statusCode).toBe(409);
  });
});
