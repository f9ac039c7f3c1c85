import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe("GET /api/v1/organisations", () => {
  it("lists both seeded organisations, in Latvian by default", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/organisations" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-language"]).toBe("lv");
    const body = res.json();
    expect(body.map((o: { slug: string }) => o.slug)).toEqual(["daugavpils", "koknese"]);
    expect(body[0].name).toContain("Sociālais dienests");
    expect(body[0].timezone).toBe("Europe/Riga");
  });

  it("speaks Russian and English when asked", async () => {
    const ru = await ctx.app.inject({
      url: "/api/v1/organisations",
      headers: { "accept-language": "ru-RU,ru;q=0.9" },
    });
    expect(ru.headers["content-language"]).toBe("ru");
    expect(ru.json()[0].name).toBe("Социальная служба самоуправления города Даугавпилс");
    const en = await ctx.app.inject({
      url: "/api/v1/organisations",
      headers: { "accept-language": "de, en;q=0.5" },
    });
    expect(en.json()[1].name).toBe("Koknese Social Service");
  });
});

describe("GET /api/v1/service-points", () => {
  it("lists the Daugavpils points with addresses, phones and hours", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/service-points?organisation=daugavpils" });
    expect(res.statusCode).toBe(200);
    const points = res.json();
    expect(points.map((p: { slug: string }) => p.slug)).toEqual([
      "lacplesa-39",
      "liepajas-4",
      "saura-28",
      "vienibas-8",
      "socialo-pakalpojumu-nodala",
      "asistentu-pakalpojumu-sektors",
    ]);
    const lacplesa = points[0];
    expect(lacplesa.organisation).toBe("daugavpils");
    expect(lacplesa.address).toBe("Lāčplēša iela 39, Daugavpils");
    expect(lacplesa.phones.map((p: { tel: string }) => p.tel)).toContain("+37180006966");
    expect(lacplesa.openingHours).toEqual([
      {
        weekday: 1,
        intervals: [
          { start: "08:00", end: "12:00" },
          { start: "12:30", end: "16:30" },
        ],
      },
      {
        weekday: 2,
        intervals: [
          { start: "08:00", end: "12:00" },
          { start: "12:30", end: "15:30" },
        ],
      },
      {
        weekday: 3,
        intervals: [
          { start: "08:00", end: "12:00" },
          { start: "12:30", end: "15:30" },
        ],
      },
      { weekday: 4, intervals: [{ start: "08:00", end: "12:00" }] },
    ]);
    expect(points[1].openingHours[0].intervals[1]).toEqual({ start: "12:30", end: "16:00" });
    expect(points[2].description).toContain("Ķīmiķu");
    expect(lacplesa.placeholders).toEqual([]);
  });

  it("lists the two units that see clients by appointment, with the notice's phones", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/service-points?organisation=daugavpils" });
    const bySlug = Object.fromEntries(
      res.json().map((p: { slug: string }) => [p.slug, p] as const),
    );
    const services = bySlug["socialo-pakalpojumu-nodala"];
    const assistants = bySlug["asistentu-pakalpojumu-sektors"];
    expect(services.phones.map((p: { display: string }) => p.display)).toEqual(["654 40926"]);
    expect(assistants.phones).toEqual([
      { display: "654 40928", tel: "+37165440928", label: "pierakstam" },
      { display: "654 40929", tel: "+37165440929", label: null },
      { display: "654 21536", tel: "+37165421536", label: null },
    ]);
    expect(assistants.openingHours).toEqual(bySlug["vienibas-8"].openingHours);
    // The notice gives these units no street address of their own.
    expect(services.placeholders).toEqual(["address"]);
  });

  it("marks Koknese's address, phones and hours as stand-ins the notice did not give", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/service-points?organisation=koknese" });
    expect(res.json()[0].placeholders).toEqual(["address", "phones", "hours"]);
  });

  it("lists every point without a filter", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/service-points" });
    expect(res.json()).toHaveLength(7);
  });

  it("answers an unknown organisation with a 404 problem", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/service-points?organisation=riga" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: "ORGANISATION_NOT_FOUND" });
  });

  it("answers a malformed slug with a 400 problem naming the field", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/service-points?organisation=Bad%20Slug" });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.errors[0].field).toBe("query.organisation");
  });
});

describe("GET /api/v1/services", () => {
  it("shows Koknese's shower and laundry at two clients a day", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/services?servicePoint=koknese" });
    expect(res.statusCode).toBe(200);
    const bySlug = Object.fromEntries(
      res.json().map((s: { slug: string; dailyLimit: number | null }) => [s.slug, s]),
    );
    expect(bySlug.shower.dailyLimit).toBe(2);
    expect(bySlug.laundry.dailyLimit).toBe(2);
    expect(bySlug.consultation.dailyLimit).toBeNull();
    expect(bySlug.laundry.questions[0]).toMatchObject({ key: "contactless", kind: "boolean" });
    // A shower cannot be sent by post: remote ways only where they spare a visit.
    expect(bySlug.shower.remoteAlternatives).toEqual([]);
    expect(bySlug.laundry.remoteAlternatives).toEqual([]);
    expect(bySlug.consultation.remoteAlternatives.length).toBeGreaterThan(0);
  });

  it("shows consultation requirements and remote alternatives in English", async () => {
    const res = await ctx.app.inject({
      url: "/api/v1/services?servicePoint=lacplesa-39",
      headers: { "accept-language": "en" },
    });
    const [consultation] = res.json();
    expect(consultation.slug).toBe("consultation");
    expect(consultation.durationMinutes).toBe(15);
    expect(consultation.requirements).toContain("Come 5 minutes before your appointment.");
    expect(consultation.remoteAlternatives.map((r: { kind: string }) => r.kind)).toEqual([
      "e-service",
      "mailbox",
      "post",
    ]);
  });

  it("shows the gift packages' eligibility categories at Liepājas 4", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/services?servicePoint=liepajas-4" });
    const gifts = res.json().find((s: { slug: string }) => s.slug === "gift-packages");
    expect(gifts.eligibility.map((c: { key: string }) => c.key)).toContain("home-care-client");
    expect(gifts.eligibility).toHaveLength(5);
  });

  it("gives the gift packages' season dates, and none for a service on the point's week", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/services?servicePoint=liepajas-4" });
    const bySlug = Object.fromEntries(res.json().map((s: { slug: string }) => [s.slug, s]));
    const seasons: { from: string; to: string }[] = bySlug["gift-packages"].seasons;
    expect(seasons.at(0)?.from).toMatch(/^\d{4}-12-21$/);
    expect(seasons.at(-1)?.to).toMatch(/^\d{4}-01-31$/);
    expect(seasons.at(-1)).toMatchObject({ weekdays: [1, 2, 3, 4] });
    expect(bySlug.consultation.seasons).toEqual([]);
  });

  it("requires servicePoint and refuses unknown ones", async () => {
    const missing = await ctx.app.inject({ url: "/api/v1/services" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe("query.servicePoint");
    const unknown = await ctx.app.inject({ url: "/api/v1/services?servicePoint=nowhere" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("SERVICE_POINT_NOT_FOUND");
  });
});

describe("errors and operations", () => {
  it("answers /health", async () => {
    const res = await ctx.app.inject({ url: "/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok" });
  });

  it("answers an unknown API path with a problem, not HTML", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("keeps a caller's request id and sends one otherwise", async () => {
    const given = await ctx.app.inject({ url: "/health", headers: { "x-request-id": "abc-123" } });
    expect(given.headers["x-request-id"]).toBe("abc-123");
    const made = await ctx.app.inject({ url: "/health" });
    expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves an OpenAPI 3.1 document describing the read endpoints", async () => {
    const res = await ctx.app.inject({ url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/organisations",
        "/api/v1/service-points",
        "/api/v1/services",
      ]),
    );
  });
});

describe("security headers", () => {
  it("every answer forbids sniffing, framing and referrers; pages get a strict CSP", async () => {
    const res = await ctx.app.inject({ url: "/api/v1/organisations" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    const docs = await ctx.app.inject({ url: "/docs" });
    expect(docs.headers["content-security-policy"]).toContain("script-src 'self';");
  });
});
