import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AvailabilityResponse } from "@pieraksts/contracts";
import { migrate, openDatabase, seed } from "@pieraksts/db";
import {
  dropDatabase,
  onServer,
  uniqueDatabaseName,
  withDatabaseName,
} from "@pieraksts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, spawnServer } from "./support/spawn-server.ts";

/**
 * Holds against bookings over real HTTP at real server processes: two processes on one
 * PostgreSQL database when DATABASE_URL is set, otherwise one process on the embedded
 * database. Then `kill -9` with holds outstanding, and restarts whose pinned clocks stand
 * before and at the holds' expiry: the places come back on time with no process having
 * done anything at that moment (decision 022).
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
/** Monday 10 May 2027, 8.30 in Riga; the Koknese shower has 9.00–15.00, two a day. */
const clockStart = "2027-05-10T08:30:00+03:00";
let env: Record<string, string>;
let servers: ServerProcess[] = [];
let pgName: string | undefined;
let dataDir: string | undefined;

async function startServers(clock: string) {
  const count = onPostgres ? 2 : 1;
  servers = [];
  for (let i = 0; i < count; i++) servers.push(await spawnServer({ ...env, CLOCK_START: clock }));
  await Promise.all(servers.map((server) => server.ready()));
}

async function killAll() {
  for (const server of servers) server.child.kill("SIGKILL");
  await Promise.all(servers.map((server) => server.exited));
}

beforeAll(async () => {
  if (onPostgres) {
    const serverUrl = process.env.DATABASE_URL ?? "";
    pgName = uniqueDatabaseName("pieraksts_holds");
    await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${pgName}"`));
    env = { DATABASE_URL: withDatabaseName(serverUrl, pgName), RATE_LIMITS: "off" };
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-holds-"));
    const embedded = await openDatabase({ kind: "pglite", dataDir });
    await migrate(embedded);
    await seed(embedded.prisma, { now: new Date(clockStart) });
    await embedded.close();
    env = { DATA_DIR: dataDir, RATE_LIMITS: "off" };
  }
  await startServers(clockStart);
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  if (pgName) await dropDatabase(process.env.DATABASE_URL ?? "", pgName);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const server = (index: number) => servers[index % servers.length]?.url ?? "";

async function showers(date: string): Promise<string[]> {
  const res = await fetch(
    `${server(0)}/api/v1/availability?servicePoint=koknese&service=shower&from=${date}&to=${date}`,
  );
  const body = (await res.json()) as AvailabilityResponse;
  return body.days.flatMap((day) => day.slots.map((slot) => slot.start));
}

async function post(index: number, what: "holds" | "bookings", body: object) {
  const res = await fetch(`${server(index)}/api/v1/${what}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ servicePoint: "koknese", service: "shower", ...body }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const client = (index: number) => ({
  name: `Klients ${index}`,
  phone: `+3712${String(4000000 + index).padStart(7, "0")}`,
});

describe(`holds against bookings (${onPostgres ? "PostgreSQL, two processes" : "embedded, one process"})`, () => {
  it("40 holds and bookings at once for a day with two showers: exactly two places go", async () => {
    const date = "2027-05-11";
    const starts = await showers(date);
    expect(starts).toHaveLength(6);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? post(i, "holds", { start: starts[i % 6] })
          : post(i, "bookings", { start: starts[i % 6], client: client(i) }),
      ),
    );
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(2);
    expect(
      results
        .filter((r) => r.status !== 201)
        .every((r) => r.body.code === "SLOT_FULL" || r.body.code === "DAILY_LIMIT_REACHED"),
    ).toBe(true);
    expect(await showers(date)).toEqual([]);
    // Every hold that won books its time, on any process.
    const held = won.filter((r) => r.body.holdToken);
    for (const [i, hold] of held.entries()) {
      const index = results.indexOf(hold);
      const booked = await post(i + 1, "bookings", {
        start: starts[index % 6],
        client: client(100 + i),
        holdToken: hold.body.holdToken,
      });
      expect(booked.status).toBe(201);
    }
  });

  it("a held time and 20 requests for it at once, one of them the holder's: only the holder books", async () => {
    const date = "2027-05-12";
    const [start] = await showers(date);
    const hold = await post(0, "holds", { start });
    expect(hold.status).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(i, "bookings", {
          start,
          client: client(200 + i),
          ...(i === 7 ? { holdToken: hold.body.holdToken } : {}),
        }),
      ),
    );
    expect(results.map((r) => r.status === 201)).toEqual(
      Array.from({ length: 20 }, (_, i) => i === 7),
    );
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it("kill -9 with holds outstanding: still held before expiry, free at expiry after a restart", async () => {
    const date = "2027-05-13";
    const starts = await showers(date);
    const first = await post(0, "holds", { start: starts[0] });
    const second = await post(1, "holds", { start: starts[1] });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await showers(date)).toEqual([]);
    const expiresAt = new Date(first.body.expiresAt ?? "");
    expect(new Date(second.body.expiresAt ?? "").getTime()).toBe(expiresAt.getTime());

    await killAll();
    // Back up two minutes before the expiry: the holds still keep both places.
    await startServers(new Date(expiresAt.getTime() - 120_000).toISOString());
    expect(await showers(date)).toEqual([]);
    expect((await post(1, "bookings", { start: starts[2], client: client(300) })).status).toBe(409);

    await killAll();
    // Every process was down when they expired; the first one up sees them free at once.
    await startServers(expiresAt.toISOString());
    expect(await showers(date)).toHaveLength(6);
    expect((await post(1, "bookings", { start: starts[0], client: client(301) })).status).toBe(201);
    expect((await post(0, "bookings", { start: starts[5], client: client(302) })).status).toBe(201);
    expect(await showers(date)).toEqual([]);
    // Two restarts of the server, each migrating and opening its database.
  }, 240_000);
});
