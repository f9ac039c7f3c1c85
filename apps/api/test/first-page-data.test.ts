import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstPageRequests } from "../src/plugins/spa.ts";
import { createTestApp, type TestContext } from "./helpers.ts";

// Monday 23 Nov 2026, 10.00 in Riga, and a built SPA in a folder of its own.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), "pieraksts-spa-"));
  await writeFile(
    path.join(dist, "index.html"),
    '<!doctype html><html><head><title>SPA</title><script type="module" src="/assets/index-1.js"></script></head><body><div id="root"></div></body></html>',
  );
  // As Vite writes it: the step's chunk and a chunk it imports.
  await mkdir(path.join(dist, ".vite"));
  await writeFile(
    path.join(dist, ".vite/manifest.json"),
    JSON.stringify({
      "index.html": { file: "assets/index-1.js", isEntry: true },
      "src/features/places/routes/points-page.tsx": {
        file: "assets/points-page-1.js",
        imports: ["index.html", "_phones-1.js"],
      },
      "_phones-1.js": { file: "assets/phones-1.js", imports: ["index.html"] },
    }),
  );
  ctx = await createTestApp({ now, env: { WEB_DIST: dist } });
});
afterAll(async () => {
  await ctx.close();
  await rm(dist, { recursive: true, force: true });
});

/** The answers the page carries, keyed "<language> <API path>". */
async function firstPageData(url: string): Promise<Record<string, unknown> | null> {
  const res = await ctx.app.inject({ method: "GET", url });
  expect(res.statusCode).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^text\/html/);
  const match = res.body.match(
    /<script type="application\/json" id="first-page-data">(.*?)<\/script><\/head>/s,
  );
  return match?.[1] ? JSON.parse(match[1]) : null;
}

async function apiAnswer(url: string, language: string) {
  const res = await ctx.app.inject({
    method: "GET",
    url,
    headers: { "accept-language": language },
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe("a public page carries the API answers it asks for first", () => {
  it("the municipalities, in the page's language", async () => {
    const data = await firstPageData("/ru");
    expect(data).toEqual({
      "ru /api/v1/organisations": await apiAnswer("/api/v1/organisations", "ru"),
    });
  });

  it("a municipality's service points, and a point's services", async () => {
    const points = "/api/v1/service-points?organisation=daugavpils";
    const services = "/api/v1/services?servicePoint=lacplesa-39";
    expect(await firstPageData("/lv/daugavpils")).toEqual({
      [`lv ${points}`]: await apiAnswer(points, "lv"),
    });
    expect(await firstPageData("/en/daugavpils/lacplesa-39")).toEqual({
      [`en ${points}`]: await apiAnswer(points, "en"),
      [`en ${services}`]: await apiAnswer(services, "en"),
    });
    expect(await firstPageData("/lv/daugavpils/lacplesa-39/consultation")).toEqual({
      [`lv ${services}`]: await apiAnswer(services, "lv"),
    });
  });

  it("only answers that succeeded: an unknown municipality's page carries none", async () => {
    expect(await firstPageData("/lv/nowhere")).toEqual({});
  });

  it("no data on the other pages (staff, manage, a booking, the form)", async () => {
    for (const url of [
      "/lv/staff",
      "/lv/manage",
      "/lv/booking/ABC123",
      "/lv/daugavpils/lacplesa-39/consultation/details",
      "/xx",
    ]) {
      expect(await firstPageData(url), url).toBeNull();
    }
  });

  it("the step's chunks are preloaded with the page", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/lv/daugavpils" });
    const preloads = [
      ...res.body.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g),
    ];
    // The entry is in the page already.
    expect(preloads.map((match) => match[1]).sort()).toEqual([
      "/assets/phones-1.js",
      "/assets/points-page-1.js",
    ]);
    const first = await ctx.app.inject({ method: "GET", url: "/lv" });
    expect(first.body).not.toContain("modulepreload");
  });

  it("the page's own address goes into the API paths escaped, never as markup", () => {
    expect(firstPageRequests("/lv/a%26b%3C%2Fscript%3E")).toMatchObject({
      lang: "lv",
      paths: ["/api/v1/service-points?organisation=a%26b%3C%2Fscript%3E"],
    });
    expect(firstPageRequests("/lv/%E0%A4%A")).toBeNull();
  });
});
