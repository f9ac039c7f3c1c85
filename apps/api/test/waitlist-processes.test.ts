import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { WaitlistEntry } from "@pieraksts/contracts";
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
 * Offers under concurrency over real HTTP at real server processes (decision 026): two
 * processes on one PostgreSQL database when DATABASE_URL is set, otherwise one process
 * on the embedded database. Two places freed at once, by two cancellations handled by
 * two processes, go to the first two entries in line, never the same place to two.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
/** Monday 10 May 2027, 8.30 in Riga; the Koknese shower has 9.00–15.00, two a day. */
const clockStart = "2027-05-10T08:30:00+03:00";
let servers: ServerProcess[] = [];
let pgName: string | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  let env: Record<string, string>;
  if (onPostgres) {
    const serverUrl = process.env.DATABASE_URL ?? "";
    pgName = uniqueDatabaseName("pieraksts_waitlist");
    await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${pgName}"`));
    env = { DATABASE_URL: withDatabaseName(serverUrl, pgName), RATE_LIMITS: "off" };
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-waitlist-"));
    const embedded = await openDatabase({ kind: "pglite", dataDir });
    await migrate(embedded);
    await seed(embedded.prisma, { now: new Date(clockStart) });
    await embedded.close();
    env = { DATA_DIR: dataDir, RATE_LIMITS: "off" };
  }
  const count = onPostgres ? 2 : 1;
  for (let i = 0; i < count; i++) {
    servers.push(await spawnServer({ ...env, CLOCK_START: clockStart, WAITLIST_PER_PHONE: "9" }));
  }
  await Promise.all(servers.map((server) => server.ready()));
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
  if (pgName) await dropDatabase(process.env.DATABASE_URL ?? "", pgName);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const server = (index: number) => servers[index % servers.length]?.url ?? "";

async function call(index: number, method: string, url: string, body?: object, token?: string) {
  const res = await fetch(`${server(index)}${url}`, {
    method,
    headers: {
      ...(body ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as unknown };
}

const shower = { servicePoint: "koknese", service: "shower" };
let phones = 0;
const client = () => {
  phones += 1;
  return { name: `Klients ${phones}`, phone: `+3712${String(5000000 + phones).padStart(7, "0")}` };
};

describe(`offers (${onPostgres ? "PostgreSQL, two processes" : "embedded, one process"})`, () => {
  for (const date of ["2027-05-11", "2027-05-12", "2027-05-13"]) {
    it(`two cancellations at once on ${date}: the first two in line get one place each`, async () => {
      const made = [];
      for (const hour of ["09", "10"]) {
        const res = await call(0, "POST", "/api/v1/bookings", {
          ...shower,
          start: `${date}T${hour}:00:00+03:00`,
          client: client(),
        });
        expect(res.status).toBe(201);
        made.push(res.body as { reference: string; manageToken: string });
      }
      const entries = [];
      for (let i = 0; i < 4; i++) {
        const res = await call(i, "POST", "/api/v1/waitlist", {
          ...shower,
          from: date,
          to: date,
          client: client(),
          language: "lv",
        });
        expect(res.status).toBe(201);
        entries.push(res.body as { reference: string; manageToken: string });
      }
      const cancelled = await Promise.all(
        made.map((booking, i) =>
          call(
            i,
            "POST",
            `/api/v1/bookings/${booking.reference}/cancel`,
            undefined,
            booking.manageToken,
          ),
        ),
      );
      expect(cancelled.map((r) => r.status)).toEqual([200, 200]);
      const read = await Promise.all(
        entries.map(async (entry, i) => {
          const res = await call(
            i,
            "GET",
            `/api/v1/waitlist/${entry.reference}`,
            undefined,
            entry.manageToken,
          );
          expect(res.status).toBe(200);
          return res.body as WaitlistEntry;
        }),
      );
      const offers = read.map((entry) => entry.offer?.start ?? null);
      expect(offers[0]).not.toBeNull();
      expect(offers[1]).not.toBeNull();
      expect(offers[0]).not.toBe(offers[1]);
      expect(offers.slice(2)).toEqual([null, null]);
      // The two held places are the day's two: nobody else may book that day now.
      const other = await call(1, "POST", "/api/v1/bookings", {
        ...shower,
        start: `${date}T14:00:00+03:00`,
        client: client(),
      });
      expect(other.status).toBe(409);
      // Each first entry books its place with its hold, on either process.
      for (const [i, entry] of read.slice(0, 2).entries()) {
        const booked = await call(i + 1, "POST", "/api/v1/bookings", {
          ...shower,
          start: entry.offer?.start,
          client: { name: entry.client.name, phone: entry.client.phone },
          holdToken: entry.offer?.holdToken,
        });
        expect(booked.status).toBe(201);
      }
    });
  }
});
