import { readFileSync } from "node:fs";
import { errorCodes } from "@pieraksts/contracts";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openapiPath } from "../src/openapi-document.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { bookPublic } from "./support/clients.ts";
import {
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiOperation,
  SchemaArbitraries,
} from "./support/schema-arbitrary.ts";
import { asStaff, createStaff, type StaffSession, signIn, staffPassword } from "./support/staff.ts";

/**
 * Every operation of the committed OpenAPI document, called with values generated from
 * its own schemas, valid and hostile. Nothing may answer 5xx; every error is a problem
 * with a code the document declares for that status; every success matches its schema.
 *
 * FUZZ_SEED replays a run (the failure message names it); FUZZ_RUNS sets the requests per
 * operation.
 */

const baseSeed = Number(process.env.FUZZ_SEED ?? 20_261_123);
const runsPerOperation = Number(process.env.FUZZ_RUNS ?? 30);

const document = JSON.parse(readFileSync(openapiPath, "utf8")) as OpenApiDocument;
const methodOrder = ["get", "post", "put", "patch", "delete"];
/** Reads first, then writes, deletions last: a deleted schedule would starve the rest. */
const operations = Object.entries(document.paths)
  .flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })),
  )
  .sort((a, b) => methodOrder.indexOf(a.method) - methodOrder.indexOf(b.method));

// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let admin: StaffSession;
const references = new Map<string, string>();
const ids = new Set<string>();
/** Per operation, the statuses it answered with. */
const seen = new Map<string, Map<number, number>>();

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function validatorFor(schema: JsonSchema) {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: document.components });
    validators.set(key, validate);
  }
  return validate;
}

let phoneCounter = 0;
const slugs = {
  organisation: [] as string[],
  servicePoint: [] as string[],
  service: [] as string[],
};

const days = Array.from({ length: 10 }, (_, i) =>
  new Date(Date.UTC(2026, 10, 23 + i)).toISOString().slice(0, 10),
);
const arbitraries = new SchemaArbitraries(document, {
  byName: {
    organisation: () => fc.constantFrom(...slugs.organisation),
    servicePoint: () => fc.constantFrom(...slugs.servicePoint),
    // Consultations are offered at most points, so most pairs of point and service exist.
    service: () =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant("consultation") },
        fc.constantFrom(...slugs.service),
      ),
    email: () =>
      fc.oneof(
        { weight: 3, arbitrary: fc.nat().map((n) => `fuzz.${n}@example.lv`) },
        fc.constantFrom("admin@socd.lv", "liepajas@socd.lv"),
        fc.emailAddress(),
      ),
    reference: () => fc.constantFrom(...references.keys()),
    id: () => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, fc.uuid()),
    phone: () =>
      fc.constant(null).map(() => {
        phoneCounter += 1;
        return `2${String(6_000_000 + phoneCounter)}`;
      }),
    password: () => fc.constantFrom(staffPassword, "short", "x".repeat(1024)),
    "idempotency-key": () => fc.uuid(),
  },
  dates: fc.constantFrom(...days),
  instants: fc
    .tuple(fc.constantFrom(...days.slice(1)), fc.integer({ min: 32, max: 67 }))
    .map(([day, quarter]) => {
      const hh = String(Math.floor(quarter / 4)).padStart(2, "0");
      const mm = String((quarter % 4) * 15).padStart(2, "0");
      return `${day}T${hh}:${mm}:00+02:00`;
    }),
});

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@socd.lv");
  slugs.organisation = (await ctx.app.inject("/api/v1/organisations"))
    .json()
    .map((o: { slug: string }) => o.slug);
  const points = (await ctx.app.inject("/api/v1/service-points")).json() as { slug: string }[];
  slugs.servicePoint = points.map((p) => p.slug);
  for (const point of points) {
    const services = (await ctx.app.inject(`/api/v1/services?servicePoint=${point.slug}`)).json();
    slugs.service.push(...services.map((s: { slug: string }) => s.slug));
  }
  slugs.service = [...new Set(slugs.service)];
  for (const start of ["2026-11-24T08:00:00+02:00", "2026-11-25T09:00:00+02:00"]) {
    const booked = await bookPublic(ctx, { servicePoint: "lacplesa-39", start });
    references.set(booked.reference, booked.manageToken);
  }
  const users = await asStaff(ctx, admin, "GET", "/api/v1/staff/users");
  for (const user of users.json() as { id: string; email: string }[]) {
    // Never the signed-in admin: disabling them would end the run's session.
    if (user.email !== "admin@socd.lv") ids.add(user.id);
  }
  const schedules = await asStaff(
    ctx,
    admin,
    "GET",
    "/api/v1/staff/service-points/lacplesa-39/schedules",
  );
  for (const schedule of schedules.json() as { id: string }[]) ids.add(schedule.id);
});
afterAll(async () => {
  // A record of what the run reached, for whoever reads the log.
  const summary = [...seen].map(
    ([key, statuses]) => `${key} ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  console.info(
    `fuzz seed ${baseSeed}, ${runsPerOperation} runs per operation\n${summary.join("\n")}`,
  );
  await ctx?.close();
});

type Auth = "session" | "none" | "no-csrf";
type BodyKind = "json" | "invalid-json" | "text" | "form" | "empty" | "huge-number" | "deep";
interface FuzzRequest {
  pathParams: Record<string, unknown>;
  rawPath?: string;
  query: Record<string, unknown>;
  queryTail: string;
  headers: Record<string, unknown>;
  body: unknown;
  bodyKind: BodyKind;
  auth: Auth;
  wrongToken: boolean;
  acceptLanguage: string | undefined;
}

function parameters(operation: OpenApiOperation, place: string) {
  return (operation.parameters ?? []).filter((p) => p.in === place);
}

function parameterRecord(operation: OpenApiOperation, place: string, hostile: boolean) {
  const list = parameters(operation, place);
  return fc.record(
    Object.fromEntries(list.map((p) => [p.name, arbitraries.value(p.schema, p.name, hostile)])),
    { requiredKeys: list.filter((p) => p.required || place === "path").map((p) => p.name) },
  ) as fc.Arbitrary<Record<string, unknown>>;
}

function requestArbitrary(operation: OpenApiOperation): fc.Arbitrary<FuzzRequest> {
  const bodySchema = operation.requestBody?.content["application/json"]?.schema;
  const build = (hostile: boolean) =>
    fc.record({
      pathParams: parameterRecord(operation, "path", hostile),
      rawPath: hostile
        ? fc.option(fc.constantFrom("%ZZ", "%00", "..%2F..", "%", "a%2Fb", "A".repeat(300)), {
            nil: undefined,
            freq: 4,
          })
        : fc.constant(undefined),
      query: parameterRecord(operation, "query", hostile),
      queryTail: hostile
        ? fc.constantFrom("", "", "", "&x=%ZZ", "&x=%00", "&from=2026-11-24&from=2026-11-25")
        : fc.constant(""),
      headers: parameterRecord(operation, "header", hostile),
      body: bodySchema ? arbitraries.value(bodySchema, undefined, hostile) : fc.constant(undefined),
      bodyKind: hostile
        ? fc.constantFrom<BodyKind>(
            "json",
            "json",
            "json",
            "json",
            "invalid-json",
            "text",
            "form",
            "empty",
            "huge-number",
            "deep",
          )
        : fc.constant<BodyKind>("json"),
      auth: hostile
        ? fc.constantFrom<Auth>("session", "session", "session", "none", "no-csrf")
        : fc.constant<Auth>("session"),
      wrongToken: hostile ? fc.boolean() : fc.constant(false),
      acceptLanguage: hostile
        ? fc.constantFrom(
            undefined,
            "",
            "*",
            "xx",
            "lv;q=abc",
            "ru-RU,ru;q=0.9",
            "en;q=2",
            "a".repeat(5000),
          )
        : fc.constantFrom(undefined, "lv", "ru", "en"),
    });
  return fc.oneof(build(false), build(true));
}

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate, which that refuses, goes
 * as its WTF-8 bytes (%ED%A0%80 for U+D800): invalid UTF-8 the server must refuse.
 */
function encodeComponent(value: string): string {
  let encoded = "";
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      encoded += encodeURIComponent(value.slice(i, i + 2));
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join("");
    } else {
      encoded += encodeURIComponent(value[i] ?? "");
    }
  }
  return encoded;
}

/** Header values must be bytes a header can carry; anything else goes percent-encoded. */
function headerValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return /^[\t\x20-\x7e]*$/.test(text) ? text : encodeURIComponent(text);
}

function toInject(
  path: string,
  method: string,
  operation: OpenApiOperation,
  request: FuzzRequest,
): InjectOptions {
  // An empty segment would address another route (/users/ is /users), not this one.
  let url = path.replace(
    /\{(\w+)\}/g,
    (_, name: string) =>
      request.rawPath ?? (encodeComponent(String(request.pathParams[name])) || "%20"),
  );
  const query =
    Object.entries(request.query)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => {
        const text = typeof value === "string" ? value : JSON.stringify(value);
        return `${encodeComponent(key)}=${encodeComponent(text)}`;
      })
      .join("&") + request.queryTail;
  if (query) url += `?${query.replace(/^&/, "")}`;

  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[key] = headerValue(value);
  }
  if (request.acceptLanguage !== undefined) headers["accept-language"] = request.acceptLanguage;
  const security = JSON.stringify(operation.security ?? []);
  if (security.includes("staffSession") && request.auth !== "none") {
    headers.cookie = admin.cookie;
    if (request.auth === "session" && admin.csrf) headers["x-csrf-token"] = admin.csrf;
  }
  if (security.includes("manageToken")) {
    const token = references.get(String(request.pathParams.reference));
    headers.authorization = `Bearer ${request.wrongToken || !token ? "x".repeat(43) : token}`;
  }

  let payload: string | undefined;
  if (operation.requestBody) {
    const json = request.body === undefined ? "" : JSON.stringify(request.body);
    headers["content-type"] = "application/json";
    switch (request.bodyKind) {
      case "json":
        payload = json;
        break;
      case "invalid-json":
        payload = json.slice(0, Math.max(1, json.length - 2));
        break;
      case "text":
        headers["content-type"] = "text/plain";
        payload = json;
        break;
      case "form":
        headers["content-type"] = "application/x-www-form-urlencoded";
        payload = "a=1&b=%00";
        break;
      case "empty":
        payload = "";
        break;
      case "huge-number":
        payload = json.replace(/:(\s*)(-?\d+(\.\d+)?)/, ":$11e999999");
        if (payload === json)
          payload = `${json.slice(0, -1)}${json.length > 2 ? "," : ""}"n":1e999999}`;
        break;
      case "deep":
        payload = `${"[".repeat(5000)}${"]".repeat(5000)}`;
        break;
    }
  }
  return { method: method.toUpperCase() as InjectOptions["method"], url, headers, payload };
}

function checkResponse(key: string, operation: OpenApiOperation, res: LightMyRequestResponse) {
  const statuses = seen.get(key) ?? new Map<number, number>();
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  seen.set(key, statuses);

  expect(res.statusCode, `5xx: ${res.body.slice(0, 500)}`).toBeLessThan(500);
  const declared = operation.responses[String(res.statusCode)];
  const contentType = String(res.headers["content-type"] ?? "");
  if (res.statusCode >= 400) {
    expect(contentType, res.body.slice(0, 300)).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(errorCodes, "a code from the closed list").toContain(problem.code);
    expect(problem.status).toBe(res.statusCode);
    expect(
      declared,
      `${res.statusCode} ${problem.code} is not declared for ${key}: ${res.body.slice(0, 300)}`,
    ).toBeDefined();
  } else {
    expect(declared, `${res.statusCode} is not declared for ${key}`).toBeDefined();
  }
  const schema = declared?.content?.[contentType.split(";")[0] ?? ""]?.schema;
  if (schema && /json/.test(contentType)) {
    const validate = validatorFor(schema);
    const body = res.json();
    expect(
      validate(body),
      `${res.statusCode} body does not match the document: ${JSON.stringify(validate.errors)} in ${res.body.slice(0, 500)}`,
    ).toBe(true);
  } else if (declared?.content && res.statusCode !== 204) {
    expect(Object.keys(declared.content), `undeclared content type ${contentType}`).toContain(
      contentType.split(";")[0],
    );
  }
}

/** Learns what the API made, so later operations can act on it. */
function remember(res: LightMyRequestResponse) {
  if (res.statusCode < 200 || res.statusCode >= 300) return;
  if (!/json/.test(String(res.headers["content-type"]))) return;
  const body = res.json();
  if (body && typeof body === "object" && !Array.isArray(body)) {
    if (typeof body.reference === "string" && typeof body.manageToken === "string") {
      references.set(body.reference, body.manageToken);
    }
    if (typeof body.id === "string" && res.statusCode === 201) ids.add(body.id);
  }
}

function seedFor(key: string): number {
  let hash = baseSeed;
  for (const char of key) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

describe("fuzzing every operation of apps/api/openapi.json", () => {
  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    "%s",
    async (key, { path, method, operation }) => {
      const seed = seedFor(key);
      const property = fc.asyncProperty(requestArbitrary(operation), async (request) => {
        const options = toInject(path, method, operation, request);
        const res = await ctx.app.inject(options);
        try {
          checkResponse(key, operation, res);
        } catch (error) {
          throw new Error(
            `${(error as Error).message}\nrequest: ${JSON.stringify(options).slice(0, 2000)}`,
          );
        }
        remember(res);
        // An operation may end the session (sign-out): a 401 with the session means the
        // next request needs a new one.
        if (res.statusCode === 401 && options.headers && "cookie" in options.headers) {
          admin = await signIn(ctx, "admin@socd.lv");
        }
      });
      const result = await fc.check(property, {
        seed,
        numRuns: runsPerOperation,
        endOnFailure: true,
      });
      if (result.failed) {
        throw new Error(
          `${key} failed with FUZZ_SEED=${baseSeed} (operation seed ${seed}, run ${result.numRuns}):\n` +
            `${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}\n` +
            `counterexample: ${fc.stringify(result.counterexample)}`,
        );
      }
      const statuses = [...(seen.get(key)?.keys() ?? [])];
      // Exercised: some request got past validation to the route's own answer.
      expect(
        statuses.some((status) => status !== 400),
        `${key} answered only ${statuses}`,
      ).toBe(true);
    },
  );

  it("covered every operation the document declares", () => {
    const declared = operations.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect([...seen.keys()].sort()).toEqual(declared.sort());
  });
});
