import type { AvailabilityResponse } from "@pieraksts/contracts";
import { openDatabase, type Prisma, type PrismaClient } from "@pieraksts/db";
import {
  dropDatabase,
  onServer,
  uniqueDatabaseName,
  withDatabaseName,
} from "@pieraksts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, spawnServer } from "./support/spawn-server.ts";

/**
 * A server killed (SIGKILL) in the middle of a booking with an Idempotency-Key, and the
 * client's retry against a restarted server (decision 009). Always on the local
 * PostgreSQL server, whatever DATABASE_URL says: the test needs a second connection that
 * holds row locks while the server works, which the embedded database cannot give.
 */
const serverUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const pgName = uniqueDatabaseName("pieraksts_crash");
const url = withDatabaseName(serverUrl, pgName);
const env = { DATABASE_URL: url, RATE_LIMITS: "off", IDEMPOTENCY_LEASE_SECONDS: "2" };
let direct: { prisma: PrismaClient; close(): Promise<void> };
let server: ServerProcess | undefined;

beforeAll(async () => {
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${pgName}"`));
  server = await spawnServer(env);
  await server.ready();
  direct = await openDatabase({ kind: "postgres", url });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await direct?.close();
  await dropDatabase(serverUrl, pgName);
});

/** Holds the locks `take` acquires, in an open transaction, until released. */
async function holdLocks(take: (tx: Prisma.TransactionClient) => Promise<unknown>) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const done = direct.prisma.$transaction(
    async (tx) => {
      await take(tx);
      locked();
      await released;
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  await Promise.race([isLocked, done]);
  return {
    async release() {
      release();
      await done;
    },
  };
}

async function until(condition: () => Promise<boolean>, what: string) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function firstFreeSlot(base: string) {
  const from = new Date();
  const to = new Date(from.getTime() + 20 * 86_400_000);
  const res = await fetch(
    `${base}/api/v1/availability?servicePoint=lacplesa-39&service=consultation&from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
  );
  const body = (await res.json()) as AvailabilityResponse;
  const slot = body.days.flatMap((day) => day.slots).find((s) => s.remaining > 0);
  if (!slot) throw new Error("no free slot in the next 20 days");
  return slot.start;
}

async function remaining(base: string, start: string) {
  const date = start.slice(0, 10);
  const res = await fetch(
    `${base}/api/v1/availability?servicePoint=lacplesa-39&service=consultation&from=${date}&to=${date}`,
  );
  const body = (await res.json()) as AvailabilityResponse;
  return body.days[0]?.slots.find((s) => s.start === start)?.remaining ?? 0;
}

function post(base: string, body: object, key: string) {
  return fetch(`${base}/api/v1/bookings`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(body),
  });
}

describe("a server killed between the booking and its stored answer", () => {
  it("leaves neither behind, and the retry with the same key books once, after the lease", async () => {
    if (!server) throw new Error("no server");
    const start = await firstFreeSlot(server.url);
    const free = await remaining(server.url, start);
    expect(free).toBeGreaterThan(0);
    const service = await direct.prisma.service.findFirstOrThrow({
      where: { slug: "consultation", servicePoint: { slug: "lacplesa-39" } },
    });
    const body = {
      servicePoint: "lacplesa-39",
      service: "consultation",
      start,
      client: { name: "Anna Bērziņa", phone: "+37120000017" },
    };
    const key = "crash-test-key-0001";

    // The slot's counter, held by us: the booking waits inside its transaction.
    const slotLock = await holdLocks(
      (tx) => tx.$executeRaw`
        INSERT INTO "SlotCounter" ("serviceId", "startsAt", booked, "publicBooked")
        VALUES (${service.id}::uuid, ${new Date(start)}, 0, 0)`,
    );
    const request = post(server.url, body, key).catch(() => null);
    await until(
      async () => (await direct.prisma.idempotencyRecord.count()) > 0,
      "the server to claim the key",
    );
    // The claim, held by us: storing the answer waits, at the critical point (the end of
    // the booking's one call, pieraksts_book, after the booking and its place).
    let holder = 0;
    const recordLock = await holdLocks(async (tx) => {
      const [me] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      holder = me?.pid ?? 0;
      return tx.$queryRaw`SELECT key FROM "IdempotencyRecord" FOR UPDATE`;
    });
    await slotLock.release();
    await until(async () => {
      const [row] = await direct.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND ${holder}::int = ANY(pg_blocking_pids(pid))
          AND query ILIKE '%pieraksts_book%'`;
      return (row?.n ?? 0) > 0;
    }, "the server to wait to store its answer");

    server.child.kill("SIGKILL");
    await server.exited;
    await request;
    await recordLock.release();
    // The call the dead server left running ends one way or the other.
    await until(async () => {
      const [row] = await direct.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query ILIKE '%pieraksts_book%'
          AND state = 'active' AND pid <> pg_backend_pid()`;
      return row?.n === 0;
    }, "the dead server's call to end");

    // Both or neither (decision 009): a booking exists exactly when its answer is stored.
    // The one call may still commit after its client died (PostgreSQL finishes a
    // statement whose client is gone); then the retry replays it (decision 027).
    const orphans = await direct.prisma.booking.count({ where: { clientPhone: "+37120000017" } });
    const record = await direct.prisma.idempotencyRecord.findFirstOrThrow();
    expect(orphans === 1).toBe(record.state === "COMPLETED");
    expect(orphans).toBeLessThanOrEqual(1);

    server = await spawnServer(env);
    await server.ready();
    // No orphan holds a place: what is taken is the booking's, and it has its answer.
    expect(await remaining(server.url, start)).toBe(free - orphans);

    // The retry with the same key: refused as in use only while the lease runs, and only
    // when nothing was booked.
    let retry = await post(server.url, body, key);
    if (orphans === 1) expect(retry.headers.get("idempotent-replayed")).toBe("true");
    for (let attempt = 0; attempt < 100 && retry.status === 409; attempt++) {
      expect(((await retry.json()) as { code: string }).code).toBe("IDEMPOTENCY_KEY_IN_USE");
      await new Promise((resolve) => setTimeout(resolve, 200));
      retry = await post(server.url, body, key);
    }
    expect(retry.status).toBe(201);
    const booked = (await retry.json()) as { reference: string };
    const again = await post(server.url, body, key);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { reference: string }).reference).toBe(booked.reference);
    expect(await direct.prisma.booking.count({ where: { clientPhone: "+37120000017" } })).toBe(1);
    expect(await remaining(server.url, start)).toBe(free - 1);
  }, 180_000);
});
