import {
  type AvailabilityResponse,
  type CreateWebhookResponse,
  webhookEventSchemas,
  webhookEventTypes,
} from "@pieraksts/contracts";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { newClient } from "./support/clients.ts";
import { type WebhookReceived, webhookReceiver } from "./support/receivers.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

/**
 * The OpenAPI document's top-level `webhooks` section against real deliveries: every event
 * the code sends is made to happen through the API, delivered by the outbox worker over
 * real HTTP to a real receiver, and each body is validated with the documented schema.
 */
// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");

type JsonSchema = Record<string, unknown>;
interface Operation {
  parameters: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}
interface Document {
  webhooks: Record<string, { post: Operation }>;
  components: { schemas: Record<string, JsonSchema> };
}

let ctx: TestContext;
let admin: StaffSession;
let document: Document;
let target: Awaited<ReturnType<typeof webhookReceiver>>;
let hook: CreateWebhookResponse;
const manageTokens: string[] = [];

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
function validatorOf(type: string) {
  const schema = document.webhooks[type]?.post.requestBody.content["application/json"]?.schema;
  if (!schema) throw new Error(`no schema for ${type}`);
  return ajv.compile({ ...schema, components: document.components });
}

function bodies(): { got: WebhookReceived; body: { type: string } & Record<string, unknown> }[] {
  return target.received.map((got) => ({ got, body: JSON.parse(got.body) }));
}

async function slots(date: string) {
  const res = await ctx.app.inject(
    `/api/v1/availability?servicePoint=lacplesa-39&service=consultation&from=${date}&to=${date}`,
  );
  expect(res.statusCode).toBe(200);
  return ((res.json() as AvailabilityResponse).days[0]?.slots ?? []).map((slot) => slot.start);
}

beforeAll(async () => {
  ctx = await createTestApp({
    now,
    env: { WEBHOOK_ALLOW_PRIVATE: "true", OUTBOX_POLL_MS: "60000" },
  });
  // The test runs the worker (runOnce), so that no pass of its own races the reads.
  await ctx.app.outbox.worker.stop();
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@socd.lv");
  document = (await ctx.app.inject({ url: "/openapi.json" })).json();
  target = await webhookReceiver();
  const registered = await asStaff(ctx, admin, "POST", "/api/v1/staff/webhooks", {
    url: target.url,
    events: [...webhookEventTypes],
  });
  expect(registered.statusCode).toBe(201);
  hook = registered.json();

  // Every event, through the API.
  const [first, second] = await slots("2026-11-24");
  if (!first || !second) throw new Error("no free slots on Tuesday");
  const booked = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: {
      servicePoint: "lacplesa-39",
      service: "consultation",
      start: first,
      client: newClient(),
    },
  });
  expect(booked.statusCode).toBe(201);
  const { reference, manageToken } = booked.json();
  manageTokens.push(manageToken);
  const bearer = { authorization: `Bearer ${manageToken}` };
  const moved = await ctx.app.inject({
    method: "POST",
    url: `/api/v1/bookings/${reference}/reschedule`,
    headers: bearer,
    payload: { start: second },
  });
  expect(moved.statusCode).toBe(200);
  const cancelled = await ctx.app.inject({
    method: "POST",
    url: `/api/v1/bookings/${reference}/cancel`,
    headers: bearer,
  });
  expect(cancelled.statusCode).toBe(200);

  const walkIn = await asStaff(ctx, admin, "POST", "/api/v1/staff/bookings", {
    kind: "walk_in",
    servicePoint: "lacplesa-39",
    service: "consultation",
    start: "2026-11-23T10:00:00+02:00",
    client: newClient(),
  });
  expect(walkIn.statusCode).toBe(201);
  const arrived = await asStaff(
    ctx,
    admin,
    "POST",
    `/api/v1/staff/bookings/${walkIn.json().reference}/status`,
    { status: "checked_in" },
  );
  expect(arrived.statusCode).toBe(200);
  const phoned = await asStaff(ctx, admin, "POST", "/api/v1/staff/bookings", {
    kind: "phone",
    servicePoint: "lacplesa-39",
    service: "consultation",
    start: "2026-11-23T15:00:00+02:00",
    client: newClient(),
  });
  expect(phoned.statusCode).toBe(201);
  manageTokens.push(phoned.json().manageToken);
  const absent = await asStaff(
    ctx,
    admin,
    "POST",
    `/api/v1/staff/bookings/${phoned.json().reference}/status`,
    { status: "no_show" },
  );
  expect(absent.statusCode).toBe(200);

  const closure = await asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
    kind: "closure",
    servicePoint: "saura-28",
    start: "2026-12-02T08:00:00+02:00",
    end: "2026-12-02T12:00:00+02:00",
    reason: "Remonts",
  });
  expect(closure.statusCode).toBe(201);

  while ((await ctx.app.outbox.worker.runOnce()) > 0) {}
});
afterAll(async () => {
  await target?.close();
  await ctx.close();
});

describe("the OpenAPI document's webhooks", () => {
  it("has one entry per event type, and the code sent every one of them", () => {
    expect(Object.keys(document.webhooks).sort()).toEqual([...webhookEventTypes].sort());
    expect(Object.keys(webhookEventSchemas).sort()).toEqual([...webhookEventTypes].sort());
    const sent = new Set(bodies().map(({ body }) => body.type));
    expect([...sent].sort()).toEqual([...webhookEventTypes].sort());
  });

  it("validates every real delivery body with its entry's schema", () => {
    const received = bodies();
    // created, rescheduled, cancelled, walk-in created + checked in, phone created + no-show, closure.
    expect(received.length).toBe(8);
    for (const { got, body } of received) {
      const validate = validatorOf(body.type);
      expect(validate(body), `${body.type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      // The contracts' zod schema, which the sending code is typed by, agrees.
      expect(
        webhookEventSchemas[body.type as keyof typeof webhookEventSchemas].parse(body),
      ).toEqual(body);
      // And the library of the specification verifies it.
      new Webhook(hook.secret).verify(got.body, {
        "webhook-id": String(got.headers["webhook-id"]),
        "webhook-timestamp": String(got.headers["webhook-timestamp"]),
        "webhook-signature": String(got.headers["webhook-signature"]),
      });
    }
  });

  it("refuses a body with a field it does not document, such as a manage token", () => {
    const received = bodies();
    for (const type of ["booking.created", "booking.no_show"]) {
      const found = received.find(({ body }) => body.type === type);
      if (!found) throw new Error(`no ${type} delivery`);
      const validate = validatorOf(type);
      const data = found.body.data as Record<string, unknown>;
      expect(validate({ ...found.body, data: { ...data, manageToken: "x" } })).toBe(false);
      expect(validate({ ...found.body, manageToken: "x" })).toBe(false);
      expect(validate({ ...found.body, type: "booking.unknown" })).toBe(false);
    }
    for (const { got } of received) {
      for (const token of manageTokens) expect(got.body).not.toContain(token);
    }
  });

  it("documents the Standard Webhooks headers, which every delivery carries as documented", () => {
    for (const [type, { post }] of Object.entries(document.webhooks)) {
      const headers = post.parameters.filter((parameter) => parameter.in === "header");
      expect(
        headers.map((header) => header.name),
        type,
      ).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
      expect(headers.every((header) => header.required)).toBe(true);
      expect(Object.keys(post.responses)).toEqual(["2XX"]);
      expect(post.requestBody.required).toBe(true);
      for (const { got, body } of bodies().filter((received) => received.body.type === type)) {
        for (const header of headers) {
          const validate = ajv.compile(header.schema);
          expect(validate(got.headers[header.name]), `${body.type} ${header.name}`).toBe(true);
        }
      }
    }
  });

  it("has no manage token field in any schema it refers to", () => {
    const names = new Set<string>();
    const seen = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) walk(item);
        return;
      }
      if (value === null || typeof value !== "object") return;
      const object = value as Record<string, unknown>;
      if (typeof object.$ref === "string") {
        const name = object.$ref.replace("#/components/schemas/", "");
        if (!seen.has(name)) {
          seen.add(name);
          walk(document.components.schemas[name]);
        }
      }
      if (object.properties && typeof object.properties === "object") {
        for (const key of Object.keys(object.properties)) names.add(key);
      }
      for (const child of Object.values(object)) walk(child);
    };
    walk(document.webhooks);
    // The walk reached the bodies and their data.
    expect(seen).toContain("WebhookBookingData");
    expect(seen).toContain("WebhookClosureData");
    expect(names).toContain("reference");
    expect([...names].filter((name) => /token|manage|phone|email|client/i.test(name))).toEqual([]);
  });
});
