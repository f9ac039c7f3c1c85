import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openapiPath } from "../src/openapi-document.ts";
import { createTestApp, type TestContext } from "./helpers.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ seed: false });
});
afterAll(() => ctx.close());

it("the committed apps/api/openapi.json is what the server serves", async () => {
  const committed = JSON.parse(await readFile(openapiPath, "utf8"));
  const served = (await ctx.app.inject({ url: "/openapi.json" })).json();
  expect(served, "The API changed: run `pnpm openapi` and commit apps/api/openapi.json").toEqual(
    committed,
  );
});

it("documents problem responses as application/problem+json", async () => {
  const served = (await ctx.app.inject({ url: "/openapi.json" })).json();
  const responses = served.paths["/api/v1/services"].get.responses;
  expect(Object.keys(responses["404"].content)).toEqual(["application/problem+json"]);
  expect(served.components.schemas.Problem.properties.code.enum).toContain("SLOT_FULL");
});

it("shows no defaults in a PATCH body: a field left out is left as it is", async () => {
  const served = (await ctx.app.inject({ url: "/openapi.json" })).json();
  const patches = Object.entries(served.paths as Record<string, Record<string, unknown>>)
    .filter(([, operations]) => operations.patch)
    .map(([path, operations]) => [path, JSON.stringify(operations.patch)] as const);
  expect(patches.map(([path]) => path)).toEqual(
    expect.arrayContaining([
      "/api/v1/staff/service-points/{servicePoint}",
      "/api/v1/staff/service-points/{servicePoint}/services/{service}",
      "/api/v1/staff/users/{id}",
    ]),
  );
  for (const [path, operation] of patches) {
    expect(operation, path).not.toContain('"default":');
  }
});
