import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AvailabilityResponse } from "@pieraksts/contracts";
import { type Database, migrate, openDatabase, type PrismaClient, seed } from "@pieraksts/db";
import {
  dropDatabase,
  onServer,
  uniqueDatabaseName,
  withDatabaseName,
} from "@pieraksts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient } from "./support/clients.ts";
import {
  type Answer,
  call,
  expectNoServerFaults,
  terminateBackends,
} from "./support/postgres-faults.ts";
import { type ServerProcess, spawnServer } from "./support/spawn-server.ts";

/**
 * Faults under load, then a check of the books. On PostgreSQL (DATABASE_URL): two
 * processes on one database; every connection is cut in the middle of one burst of
 * bookings, and one process is SIGKILLed in the middle of the next (a third takes its
 * place). Embedded: one process, SIGKILLed mid-burst and started again on its
 * directory. Afterwards no slot or day may hold more than it may, every counter must
 * equal the bookings that hold a place, and every booking a client was told about
 * (201) must be there.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const serverUrl = process.env.DATABASE_URL ?? "";
let env: Record<string, string> = {};
let pgName: string | undefined;
let dataDir: string | undefined;
/** The processes that should be alive; `started` is every one, for clean-up. */
let servers: ServerProcess[] = [];
const started: ServerProcess[] = [];
const answers: Answer[] = [];

async function start(count: number): Promise<ServerProcess[]> {
  const spawned = await Promise.all(Array.from({ length: count }, () => spawnServer(env)));
  started.push(...spawned);
  await Promise.all(spawned.map((server) => server.ready()));
  return spawned;
}

async function prepare(prisma: PrismaClient) {
  await prisma.service.updateMany({
    where: { slug: "consultation", servicePoint: { slug: "lacplesa-39" } },
    data: { capacityPerSlot: 3, staffOnlyCapacity: 0, maxActivePerPhone: null },
  });
  await prisma.service.updateMany({
    where: { slug: "shower", servicePoint: { slug: "koknese" } },
    data: { dailyLimit: 2, maxActivePerPhone: null },
  });
}

beforeAll(async () => {
  if (onPostgres) {
    pgName = uniqueDatabaseName("pieraksts_faults");
    await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${pgName}"`));
    env = { DATABASE_URL: withDatabaseName(serverUrl, pgName), RATE_LIMITS: "off" };
    servers = await start(2);
    await withDatabase((db) => prepare(db.prisma));
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-faults-"));
    const embedded = await openDatabase({ kind: "pglite", dataDir });
    await migrate(embedded);
    await seed(embedded.prisma);
    await prepare(embedded.prisma);
    await embedded.close();
    env = { DATA_DIR: dataDir, RATE_LIMITS: "off" };
    servers = await start(1);
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
  if (pgName) await dropDatabase(serverUrl, pgName);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The database itself, directly (on the embedded one only while no server holds it). */
async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = pgName
    ? await openDatabase({ kind: "postgres", url: withDatabaseName(serverUrl, pgName) })
    : await openDatabase({ kind: "pglite", dataDir: dataDir ?? "" });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function days(servicePoint: string, service: string) {
  const from = new Date();
  const to = new Date(from.getTime() + 20 * 86_400_000);
  const res = await call(
    `${servers[0]?.url}/api/v1/availability?servicePoint=${servicePoint}&service=${service}&from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
  );
  expect(res.status).toBe(200);
  return (res.body as unknown as AvailabilityResponse).days;
}

interface Made {
  reference: string;
  manageToken: string;
}

function book(
  server: ServerProcess | undefined,
  servicePoint: string,
  service: string,
  start: string,
) {
  return call(`${server?.url}/api/v1/bookings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ servicePoint, service, start, client: newClient() }),
  });
}

/** What the clients were told, to be checked against the database afterwards. */
const told = {
  created: new Set<string>(),
  rescheduled: new Map<string, string>(),
  cancelled: new Set<string>(),
};

/**
 * One burst: bookings for a shower day with two places and for a consultation slot with
 * three, plus cancelling and moving earlier bookings into that slot, spread over the
 * processes. `fault` runs once a few answers are in, while the rest are in flight.
 */
async function burst(fault: () => Promise<void>, round: number) {
  const showerDay = (await days("koknese", "shower")).filter((d) => d.slots.length >= 2)[round];
  const consultationSlots = (await days("lacplesa-39", "consultation"))
    .flatMap((d) => d.slots)
    .filter((s) => s.remaining === 3);
  const target = consultationSlots[round * 10];
  expect(showerDay).toBeDefined();
  expect(target).toBeDefined();
  // Bookings made beforehand, to cancel and to move during the burst.
  const earlier: Made[] = [];
  for (let i = 1; i <= 4; i++) {
    const res = await book(
      servers[0],
      "lacplesa-39",
      "consultation",
      consultationSlots[round * 10 + i]?.start ?? "",
    );
    expect(res.status).toBe(201);
    earlier.push(res.body as unknown as Made);
    told.created.add(res.body.reference ?? "");
  }
  const targets = [...servers];
  const requests: (() => Promise<void>)[] = [];
  for (let i = 0; i < 24; i++) {
    const start = showerDay?.slots[i % (showerDay?.slots.length ?? 1)]?.start ?? "";
    requests.push(async () => {
      const res = await book(targets[i % targets.length], "koknese", "shower", start);
      answers.push(res);
      if (res.status === 201) told.created.add(res.body.reference ?? "");
    });
  }
  for (let i = 0; i < 18; i++) {
    requests.push(async () => {
      const res = await book(
        targets[i % targets.length],
        "lacplesa-39",
        "consultation",
        target?.start ?? "",
      );
      answers.push(res);
      if (res.status === 201) told.created.add(res.body.reference ?? "");
    });
  }
  earlier.forEach((made, i) => {
    const moving = i % 2 === 0;
    requests.push(async () => {
      const server = targets[i % targets.length];
      const res = await call(
        `${server?.url}/api/v1/bookings/${made.reference}/${moving ? "reschedule" : "cancel"}`,
        {
          method: "POST",
          headers: {
            authorization: `Bearer ${made.manageToken}`,
            ...(moving ? { "content-type": "application/json" } : {}),
          },
          body: moving ? JSON.stringify({ start: target?.start }) : undefined,
        },
      );
      answers.push(res);
      if (res.status === 200 && moving) told.rescheduled.set(made.reference, target?.start ?? "");
      if (res.status === 200 && !moving) told.cancelled.add(made.reference);
    });
  });
  // Interleave the kinds, then spread the starts so the fault lands mid-burst.
  const order = requests.map((run, i) => ({ run, key: (i * 7919) % requests.length }));
  order.sort((a, b) => a.key - b.key);
  let settled = 0;
  let faulted: Promise<void> | undefined;
  const firstAnswers = 6;
  await Promise.all(
    order.map(async ({ run }, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 10));
      await run();
      settled += 1;
      if (settled === firstAnswers) faulted = fault();
    }),
  );
  await faulted;
  expect(settled).toBeGreaterThan(firstAnswers);
}

describe(`faults under load (${onPostgres ? "PostgreSQL, two processes" : "embedded, one process"})`, () => {
  // Embedded, there are no connections to cut; the kill below is the fault there.
  const ifPostgres = onPostgres ? it : () => {};
  ifPostgres("every connection cut mid-burst: the processes live on, no 500", async () => {
    const before = answers.length;
    await burst(async () => {
      expect(await terminateBackends(pgName ?? "")).toBeGreaterThan(0);
    }, 0);
    const these = answers.slice(before);
    expect(these.filter((a) => ![200, 201, 409, 503].includes(a.status))).toEqual([]);
    for (const server of servers) expect(server.child.exitCode).toBeNull();
  });

  it("one process SIGKILLed mid-burst; another takes its place", async () => {
    const victim = servers.at(-1);
    const before = answers.length;
    await burst(async () => {
      victim?.child.kill("SIGKILL");
      await victim?.exited;
    }, 1);
    const these = answers.slice(before);
    // Status 0: the killed process's sockets; everything else is an answer.
    expect(these.filter((a) => ![0, 200, 201, 409, 503].includes(a.status))).toEqual([]);
    servers = servers.filter((server) => server !== victim);
    // On the embedded database this also proves the dead process's lock is taken over.
    servers.push(...(await start(1)));
    expect(servers).toHaveLength(onPostgres ? 2 : 1);
    for (const server of servers) {
      expect((await call(`${server.url}/health`)).status).toBe(200);
    }
  });

  it("afterwards: no 500 anywhere, no slot or day over its limit, counters equal bookings, every 201 kept", async () => {
    expectNoServerFaults(answers);
    for (const server of servers) {
      expect((await call(`${server.url}/health`)).status).toBe(200);
    }
    // Still taking bookings on every process.
    const slots = (await days("lacplesa-39", "consultation")).flatMap((d) => d.slots);
    for (const [i, server] of servers.entries()) {
      const res = await book(server, "lacplesa-39", "consultation", slots.at(-1 - i)?.start ?? "");
      expect(res.status).toBe(201);
      told.created.add(res.body.reference ?? "");
    }
    if (!onPostgres) {
      // The embedded database has one process at a time: stop it to read the books.
      await Promise.all(servers.map((server) => server.stop()));
    }
    await withDatabase(async ({ prisma }) => {
      // A place is held from booking until a cancellation: checking in, completing and
      // a no-show keep it (only cancel and reschedule release; see bookings/service.ts).
      const holding = `b.status NOT IN ('CANCELLED_BY_CLIENT', 'CANCELLED_BY_STAFF')`;
      const overfull = await prisma.$queryRawUnsafe<unknown[]>(`
        SELECT c."serviceId", c."startsAt", c.booked, c."publicBooked" FROM "SlotCounter" c
        JOIN "Service" s ON s.id = c."serviceId"
        WHERE c.booked > s."capacityPerSlot" OR c."publicBooked" > s."capacityPerSlot" - s."staffOnlyCapacity"
           OR c.booked < 0 OR c."publicBooked" < 0`);
      expect(overfull).toEqual([]);
      const overDay = await prisma.$queryRawUnsafe<unknown[]>(`
        SELECT d."serviceId", d."localDate", d.booked FROM "DayCounter" d
        JOIN "Service" s ON s.id = d."serviceId"
        WHERE (s."dailyLimit" IS NOT NULL AND d.booked > s."dailyLimit") OR d.booked < 0`);
      expect(overDay).toEqual([]);
      const bookingsOverfull = await prisma.$queryRawUnsafe<unknown[]>(`
        SELECT b."serviceId", b."startsAt", count(*)::int AS held FROM "Booking" b
        JOIN "Service" s ON s.id = b."serviceId" WHERE ${holding}
        GROUP BY b."serviceId", b."startsAt", s."capacityPerSlot"
        HAVING count(*) > s."capacityPerSlot"
        UNION ALL
        SELECT b."serviceId", NULL, count(*)::int FROM "Booking" b
        JOIN "Service" s ON s.id = b."serviceId" WHERE ${holding} AND s."dailyLimit" IS NOT NULL
        GROUP BY b."serviceId", b."localDate", s."dailyLimit"
        HAVING count(*) > s."dailyLimit"`);
      expect(bookingsOverfull).toEqual([]);
      const slotMismatch = await prisma.$queryRawUnsafe<unknown[]>(`
        WITH held AS (
          SELECT b."serviceId", b."startsAt", count(*)::int AS booked,
                 (count(*) FILTER (WHERE b.source = 'PUBLIC'))::int AS "publicBooked"
          FROM "Booking" b WHERE ${holding} GROUP BY b."serviceId", b."startsAt")
        SELECT coalesce(c."serviceId", h."serviceId") AS "serviceId",
               coalesce(c."startsAt", h."startsAt") AS "startsAt",
               coalesce(c.booked, 0) AS counter, coalesce(h.booked, 0) AS held,
               coalesce(c."publicBooked", 0) AS "counterPublic",
               coalesce(h."publicBooked", 0) AS "heldPublic"
        FROM "SlotCounter" c FULL JOIN held h
          ON c."serviceId" = h."serviceId" AND c."startsAt" = h."startsAt"
        WHERE coalesce(c.booked, 0) <> coalesce(h.booked, 0)
           OR coalesce(c."publicBooked", 0) <> coalesce(h."publicBooked", 0)`);
      expect(slotMismatch).toEqual([]);
      const dayMismatch = await prisma.$queryRawUnsafe<unknown[]>(`
        WITH held AS (
          SELECT b."serviceId", b."localDate", count(*)::int AS booked
          FROM "Booking" b WHERE ${holding} GROUP BY b."serviceId", b."localDate")
        SELECT coalesce(d."serviceId", h."serviceId") AS "serviceId",
               coalesce(d."localDate", h."localDate")::text AS "localDate",
               coalesce(d.booked, 0) AS counter, coalesce(h.booked, 0) AS held
        FROM "DayCounter" d FULL JOIN held h
          ON d."serviceId" = h."serviceId" AND d."localDate" = h."localDate"
        WHERE coalesce(d.booked, 0) <> coalesce(h.booked, 0)`);
      expect(dayMismatch).toEqual([]);

      // Every booking a client was told about is there, as they were told.
      const rows = await prisma.booking.findMany({
        where: { reference: { in: [...told.created] } },
        select: { reference: true, status: true, startsAt: true },
      });
      const byReference = new Map(rows.map((row) => [row.reference, row]));
      expect([...told.created].filter((reference) => !byReference.has(reference))).toEqual([]);
      for (const [reference, start] of told.rescheduled) {
        expect(byReference.get(reference)?.startsAt.getTime()).toBe(new Date(start).getTime());
      }
      for (const reference of told.cancelled) {
        expect(byReference.get(reference)?.status).toBe("CANCELLED_BY_CLIENT");
      }
    });
    // The bursts really booked, refused and (on PostgreSQL) met the cut.
    expect(answers.some((a) => a.status === 201)).toBe(true);
    expect(answers.some((a) => a.status === 409)).toBe(true);
  });
});
