import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AvailabilityResponse } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, spawnServer } from "./support/spawn-server.ts";

// Real processes over real HTTP, on the embedded database in a directory of their own.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-data-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function getJson(server: ServerProcess, url: string) {
  const res = await fetch(`${server.url}${url}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe("the compiled server (pnpm build)", () => {
  it("runs from apps/api/dist with plain node, finding the Prisma client, PGlite, the migrations and its static files", async () => {
    // Built by the suite's global setup (apps/api/test/support/build-api.ts); a fresh
    // database starts from the template the build made, then is seeded.
    const server = await spawnServer(
      { DATA_DIR: path.join(dataDir, "compiled") },
      { entry: "apps/api/dist/server.js" },
    );
    try {
      await server.ready();
      const organisations = (await getJson(server, "/api/v1/organisations")) as { slug: string }[];
      expect(organisations.map((organisation) => organisation.slug)).toContain("daugavpils");
      const docs = await fetch(`${server.url}/docs/static/swagger-ui.css`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain(".swagger-ui");
      expect(await getJson(server, "/openapi.json")).toMatchObject({ openapi: "3.1.0" });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("configuration errors", () => {
  it("PORT=not-a-port stops with one line naming PORT", async () => {
    const server = await spawnServer({ PORT: "not-a-port", DATA_DIR: dataDir });
    expect(await server.exited).not.toBe(0);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT: /);
    expect(server.output()).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("a malformed DATABASE_URL stops with one line naming DATABASE_URL", async () => {
    const server = await spawnServer({ DATABASE_URL: "mysql://nope" });
    expect(await server.exited).not.toBe(0);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("DATABASE_URL");
  });
});

describe("the embedded database across processes and restarts", () => {
  it("serves, refuses a second process on the same DATA_DIR, and keeps its data over a restart", async () => {
    const first = await spawnServer({ DATA_DIR: dataDir });
    await first.ready();
    const points = await getJson(first, "/api/v1/service-points?organisation=daugavpils");
    // Four addresses and the two units that see clients only by appointment.
    expect(points).toHaveLength(6);
    const organisationsBefore = await getJson(first, "/api/v1/organisations");

    const second = await spawnServer({ DATA_DIR: dataDir });
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain("is in use by another Pieraksts process");
    expect(second.output().trim().split("\n")).toHaveLength(1);
    // The first keeps serving.
    expect(await getJson(first, "/health")).toEqual({ status: "ok" });

    expect(await first.stop()).toBe(0);

    const restarted = await spawnServer({ DATA_DIR: dataDir });
    await restarted.ready();
    expect(await getJson(restarted, "/api/v1/organisations")).toEqual(organisationsBefore);
    expect(await getJson(restarted, "/api/v1/service-points")).toHaveLength(7);
    restarted.child.kill("SIGINT");
    expect(await restarted.exited).toBe(0);
  });
});

describe("a pinned clock, for tests only", () => {
  it("CLOCK_START starts the server's clock at that instant, and says so", async () => {
    const server = await spawnServer({
      DATA_DIR: path.join(dataDir, "pinned"),
      CLOCK_START: "2027-05-10T08:25:00+03:00",
    });
    try {
      await server.ready();
      const availability = (await getJson(
        server,
        "/api/v1/availability?servicePoint=lacplesa-39&service=consultation&from=2027-05-10&to=2027-05-10",
      )) as AvailabilityResponse;
      // Two hours' notice from 8.25 (and the minutes the start took): 10.30 comes first,
      // whatever the real date, on which 10 May 2027 may be past or beyond the 60 days.
      expect(availability.days[0]?.slots[0]?.start).toBe("2027-05-10T10:30:00+03:00");
      expect(server.output()).toContain("CLOCK_START is set");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("a malformed CLOCK_START stops with one line naming it", async () => {
    const server = await spawnServer({ DATA_DIR: dataDir, CLOCK_START: "tomorrow" });
    const serving = await server.ready().then(
      () => true,
      () => false,
    );
    if (serving) await server.stop();
    expect(serving).toBe(false);
    expect(await server.exited).not.toBe(0);
    expect(server.output().trim().split("\n")).toEqual([
      expect.stringMatching(/^Invalid configuration: CLOCK_START: /),
    ]);
  });
});
