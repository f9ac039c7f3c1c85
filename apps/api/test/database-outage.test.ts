import type { AvailabilityResponse } from "@pieraksts/contracts";
import { openDatabase } from "@pieraksts/db";
import {
  dropDatabase,
  onServer,
  uniqueDatabaseName,
  withDatabaseName,
} from "@pieraksts/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { isDatabaseUnavailable } from "../src/plugins/errors.ts";
import { createTestApp, testConfig } from "./helpers.ts";
import { newClient } from "./support/clients.ts";
import {
  type Answer,
  call,
  expectNoServerFaults,
  makeReachable,
  makeUnreachable,
  postgresServerUrl,
  terminateBackends,
} from "./support/postgres-faults.ts";
import { freePort, type ServerProcess, spawnServer } from "./support/spawn-server.ts";

/**
 * PostgreSQL ends an application's connections on a restart, a failover or an idle
 * reaper. The API must live through it: requests in the gap get 503 with Retry-After,
 * /health says 503 while the database is away, and the pool reconnects afterwards.
 * The server-process part always runs on a real server (DATABASE_URL, else the local
 * one); the in-process part runs on the suite's database, embedded by default.
 */
describe("a server process whose PostgreSQL connections are cut", () => {
  let server: ServerProcess;
  const name = uniqueDatabaseName("pieraksts_outage");

  beforeAll(async () => {
    await onServer(postgresServerUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    server = await spawnServer({
      DATABASE_URL: withDatabaseName(postgresServerUrl, name),
      RATE_LIMITS: "off",
    });
    await server.ready();
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await makeReachable(name).catch(() => {});
    await dropDatabase(postgresServerUrl, name);
  });

  function expectAlive() {
    expect(server.child.exitCode).toBeNull();
    expect(server.output()).not.toContain("closing after an error");
  }

  /** Asks until the answer is 200 (the pool has reconnected), at most `tries` times. */
  async function untilOk(path: string, tries = 50): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let i = 0; i < tries; i++) {
      const answer = await call(`${server.url}${path}`);
      answers.push(answer);
      if (answer.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return answers;
  }

  async function openSlots() {
    const from = new Date();
    const to = new Date(from.getTime() + 20 * 86_400_000);
    const res = await call(
      `${server.url}/api/v1/availability?servicePoint=lacplesa-39&service=consultation&from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
    );
    expect(res.status).toBe(200);
    return (res.body as unknown as AvailabilityResponse).days.flatMap((day) => day.slots);
  }

  function book(start: string) {
    return call(`${server.url}/api/v1/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        servicePoint: "lacplesa-39",
        service: "consultation",
        start,
        client: newClient(),
      }),
    });
  }

  it("lives through connections cut while idle, and the pool reconnects", async () => {
    expect((await call(`${server.url}/api/v1/organisations`)).status).toBe(200);
    expect(await terminateBackends(name)).toBeGreaterThan(0);
    const answers = await untilOk("/health");
    expectNoServerFaults(answers);
    expect(answers.at(-1)?.status).toBe(200);
    expect((await call(`${server.url}/api/v1/service-points`)).status).toBe(200);
    expectAlive();
  });

  it("lives through connections cut under requests in flight: each answer is a success, a refusal or 503", async () => {
    const slots = await openSlots();
    expect(slots.length).toBeGreaterThan(0);
    // Requests spread over about a second, so that cuts land on transactions at every
    // stage: being opened, running, committing, being given back to the pool.
    const pending = Array.from({ length: 150 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 5));
      const slot = slots[i % slots.length];
      return i % 4 === 3 ? call(`${server.url}/health`) : book(slot?.start ?? "");
    });
    let settled = 0;
    for (const p of pending) p.then(() => settled++);
    let cuts = 0;
    while (settled < pending.length && cuts < 8) {
      cuts += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await terminateBackends(name);
    }
    const answers = await Promise.all(pending);
    expectAlive();
    expectNoServerFaults(answers);
    expect(answers.filter((a) => ![200, 201, 409, 503].includes(a.status))).toEqual([]);

    // Afterwards everything works again.
    expect((await untilOk("/health")).at(-1)?.status).toBe(200);
    const after = await book((await openSlots())[0]?.start ?? "");
    expect(after.status).toBe(201);
    expectAlive();
  });

  it("/health answers 503 problem+json while the database refuses connections, and 200 once it is back", async () => {
    await makeUnreachable(name);
    try {
      const health = await call(`${server.url}/health`);
      expect(health.status).toBe(503);
      expectNoServerFaults([health]);
      const booking = await book(new Date().toISOString());
      expect(booking.status).toBe(503);
      expectNoServerFaults([booking]);
    } finally {
      await makeReachable(name);
    }
    expect((await untilOk("/health")).at(-1)?.status).toBe(200);
    expectAlive();
  });
});

describe("in process: the database cannot answer", () => {
  it("/health answers 503 problem+json once the suite's database is gone", async () => {
    const ctx = await createTestApp({ seed: false });
    try {
      expect((await ctx.app.inject({ url: "/health" })).statusCode).toBe(200);
      await ctx.db.close();
      const res = await ctx.app.inject({ url: "/health" });
      expect(res.statusCode).toBe(503);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      expect(res.json()).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE" });
    } finally {
      await ctx.app.close();
      // Closed above; on PostgreSQL its database is still to be dropped.
      if (ctx.db.url) {
        await dropDatabase(postgresServerUrl, new URL(ctx.db.url).pathname.slice(1));
      }
    }
  });

  it("an API whose PostgreSQL server is not there answers 503 with Retry-After, never 500", async () => {
    const port = await freePort();
    const database = await openDatabase({
      kind: "postgres",
      url: `postgresql://postgres@127.0.0.1:${port}/nowhere`,
    });
    const app = await buildApp({ database, config: testConfig(), logger: false });
    try {
      const health = await app.inject({ url: "/health" });
      const booking = await app.inject({
        method: "POST",
        url: "/api/v1/bookings",
        payload: {
          servicePoint: "lacplesa-39",
          service: "consultation",
          start: new Date().toISOString(),
          client: newClient(),
        },
      });
      for (const res of [health, booking]) {
        expect(res.statusCode).toBe(503);
        expect(res.headers["content-type"]).toContain("application/problem+json");
        expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
        expect(res.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
        expect(res.body).not.toMatch(/ECONNREFUSED|\bat .+:\d+:\d+/);
      }
    } finally {
      await app.close();
      await database.close();
    }
  });

  it("tells a lost connection from a failing statement, on real errors", async () => {
    const ctx = await createTestApp({ seed: false });
    try {
      const sqlError = await ctx.db.prisma.$queryRawUnsafe("SELECT 1/0").catch((e: unknown) => e);
      expect(sqlError).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(sqlError)).toBe(false);
      const missing = await ctx.db.prisma
        .$queryRawUnsafe("SELECT * FROM no_such_table")
        .catch((e: unknown) => e);
      expect(isDatabaseUnavailable(missing)).toBe(false);
    } finally {
      await ctx.close();
    }
    const refused = new pg.Client({
      connectionString: `postgresql://postgres@127.0.0.1:${await freePort()}/x`,
    });
    const connectError = await refused.connect().catch((e: unknown) => e);
    expect(isDatabaseUnavailable(connectError)).toBe(true);
  });
});
