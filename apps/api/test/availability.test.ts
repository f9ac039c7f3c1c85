import { ZAvailabilityResponseSchema } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";

// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ now });
});
afterAll(() => ctx.close());

async function availability(query: string, headers: Record<string, string> = {}) {
  const res = await ctx.app.inject({ url: `/api/v1/availability?${query}`, headers });
  // The route skips zod when serialising; every answer must still fit the contract.
  if (res.statusCode === 200) ZAvailabilityResponseSchema.parse(res.json());
  return res;
}

function slotsOf(body: { days: { date: string; slots: { start: string }[] }[] }, date: string) {
  return body.days.find((day) => day.date === date)?.slots ?? [];
}

describe("GET /api/v1/availability", () => {
  it("lists the week at Lāčplēša 39 per API.md", async () => {
    const res = await availability(
      "servicePoint=lacplesa-39&service=consultation&from=2026-11-23&to=2026-11-29",
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=5");
    const body = res.json();
    expect(body).toMatchObject({
      timezone: "Europe/Riga",
      servicePoint: "lacplesa-39",
      service: "consultation",
    });
    expect(body.days).toHaveLength(7);
    // Two hours' notice from 10.00 falls into lunch: the first place is 12.30.
    expect(slotsOf(body, "2026-11-23")[0]).toEqual({
      start: "2026-11-23T12:30:00+02:00",
      end: "2026-11-23T12:45:00+02:00",
      remaining: 2,
    });
    expect(slotsOf(body, "2026-11-26")).toHaveLength(16); // Thursday, until 12.00
    expect(slotsOf(body, "2026-11-27")).toEqual([]); // Friday
    expect(slotsOf(body, "2026-11-29")).toEqual([]); // Sunday
  });

  it("is closed on a public holiday", async () => {
    const res = await availability(
      "servicePoint=vienibas-8&service=consultation&from=2026-12-22&to=2026-12-28",
    );
    const body = res.json();
    expect(slotsOf(body, "2026-12-22")).toHaveLength(16 + 12);
    expect(slotsOf(body, "2026-12-24")).toEqual([]);
    expect(slotsOf(body, "2026-12-28")).toHaveLength(32);
  });

  it("offers gift packages only in their season", async () => {
    const res = await availability(
      "servicePoint=liepajas-4&service=gift-packages&from=2026-12-14&to=2026-12-31",
    );
    const open = res
      .json()
      .days.filter((day: { slots: unknown[] }) => day.slots.length > 0)
      .map((day: { date: string }) => day.date);
    expect(open).toEqual(["2026-12-21", "2026-12-22", "2026-12-28", "2026-12-29"]);
  });

  it("leaves out full slots and days whose daily limit is reached", async () => {
    const shower = await ctx.db.prisma.service.findFirstOrThrow({
      where: { slug: "shower", servicePoint: { slug: "koknese" } },
    });
    const consultation = await ctx.db.prisma.service.findFirstOrThrow({
      where: { slug: "consultation", servicePoint: { slug: "lacplesa-39" } },
    });
    await ctx.db.prisma.dayCounter.create({
      data: { serviceId: shower.id, localDate: new Date("2026-11-25T00:00:00Z"), booked: 2 },
    });
    await ctx.db.prisma.slotCounter.createMany({
      data: [
        { serviceId: consultation.id, startsAt: new Date("2026-11-24T06:00:00Z"), booked: 2 },
        { serviceId: consultation.id, startsAt: new Date("2026-11-24T06:15:00Z"), booked: 1 },
      ],
    });
    const showers = (
      await availability("servicePoint=koknese&service=shower&from=2026-11-24&to=2026-11-26")
    ).json();
    expect(slotsOf(showers, "2026-11-24")).toHaveLength(6);
    expect(slotsOf(showers, "2026-11-25")).toEqual([]);
    const consultations = (
      await availability(
        "servicePoint=lacplesa-39&service=consultation&from=2026-11-24&to=2026-11-24",
      )
    ).json();
    expect(slotsOf(consultations, "2026-11-24").slice(0, 2)).toEqual([
      { start: "2026-11-24T08:15:00+02:00", end: "2026-11-24T08:30:00+02:00", remaining: 1 },
      { start: "2026-11-24T08:30:00+02:00", end: "2026-11-24T08:45:00+02:00", remaining: 2 },
    ]);
  });

  it("respects closures of the point and of the whole organisation", async () => {
    const point = await ctx.db.prisma.servicePoint.findUniqueOrThrow({
      where: { slug: "saura-28" },
    });
    await ctx.db.prisma.closure.createMany({
      data: [
        {
          servicePointId: point.id,
          startsAt: new Date("2026-12-01T10:30:00Z"), // Tuesday from 12.30 local
          endsAt: new Date("2026-12-01T22:00:00Z"),
        },
        {
          organisationId: point.organisationId,
          startsAt: new Date("2026-12-01T22:00:00Z"), // all of Wednesday 2 Dec
          endsAt: new Date("2026-12-02T22:00:00Z"),
        },
      ],
    });
    const body = (
      await availability("servicePoint=saura-28&service=consultation&from=2026-12-01&to=2026-12-03")
    ).json();
    expect(slotsOf(body, "2026-12-01")).toHaveLength(16);
    expect(slotsOf(body, "2026-12-02")).toEqual([]);
    expect(slotsOf(body, "2026-12-03")).toHaveLength(16);
    const other = (
      await availability(
        "servicePoint=vienibas-8&service=consultation&from=2026-12-02&to=2026-12-02",
      )
    ).json();
    expect(slotsOf(other, "2026-12-02")).toEqual([]);
  });

  it("offers nothing beyond 60 days ahead", async () => {
    const body = (
      await availability(
        "servicePoint=vienibas-8&service=consultation&from=2027-01-18&to=2027-01-26",
      )
    ).json();
    expect(slotsOf(body, "2027-01-21").length).toBeGreaterThan(0); // 23 Nov + 59 days
    expect(slotsOf(body, "2027-01-25")).toEqual([]); // 63 days ahead
  });
});

describe("bad input", () => {
  it.each([
    ["servicePoint=lacplesa-39&service=consultation&from=2026-13-01&to=2026-12-02", "query.from"],
    ["servicePoint=lacplesa-39&service=consultation&from=2027-02-30&to=2027-03-02", "query.from"],
    ["servicePoint=lacplesa-39&service=consultation&from=tomorrow&to=2026-12-02", "query.from"],
    ["servicePoint=lacplesa-39&service=consultation&from=2026-12-05&to=2026-12-01", "query.to"],
    ["servicePoint=lacplesa-39&service=consultation&from=2026-12-01&to=2027-02-01", "query.to"],
    ["servicePoint=lacplesa-39&service=consultation&from=2026-12-01", "query.to"],
    ["service=consultation&from=2026-12-01&to=2026-12-02", "query.servicePoint"],
  ])("%s → 400 naming %s", async (query, field) => {
    const res = await availability(query);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("accepts exactly 62 days", async () => {
    const res = await availability(
      "servicePoint=lacplesa-39&service=consultation&from=2026-12-01&to=2027-01-31",
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().days).toHaveLength(62);
  });

  it.each([
    ["servicePoint=riga-1&service=consultation", "SERVICE_POINT_NOT_FOUND"],
    ["servicePoint=koknese&service=gift-packages", "SERVICE_NOT_FOUND"],
  ])("%s → 404 %s", async (query, code) => {
    const res = await availability(`${query}&from=2026-12-01&to=2026-12-02`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, code });
  });
});
