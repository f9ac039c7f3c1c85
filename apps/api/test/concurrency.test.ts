import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AvailabilityResponse } from "@pieraksts/contracts";
import { migrate, openDatabase, type PrismaClient, seed } from "@pieraksts/db";
import {
  dropDatabase,
  onServer,
  uniqueDatabaseName,
  withDatabaseName,
} from "@pieraksts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffUser } from "../src/routes/staff/users.ts";
import { type ServerProcess, spawnServer } from "./support/spawn-server.ts";
import { staffPassword } from "./support/staff.ts";

/**
 * Bursts of real HTTP requests at real server processes: two processes on one
 * PostgreSQL database when DATABASE_URL is set, otherwise one process on the embedded
 * database (which allows one process per directory). Capacity must hold exactly.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
/** The servers' pinned clock (CLOCK_START): Monday 10 May 2027, 8.30 in Riga. */
const clockStart = "2027-05-10T08:30:00+03:00";
/** The day the bursts book: the next day, every point open, hours clear of the notice. */
const burstDay = "2027-05-11";
let servers: ServerProcess[] = [];
let pgName: string | undefined;
let dataDir: string | undefined;

/**
 * Lāčplēša 39 consultations get three places per slot for the slot burst; Saura 28 three
 * places of which one is kept for staff, and a reception user there.
 */
async function prepare(prisma: PrismaClient) {
  await prisma.service.updateMany({
    where: { slug: "consultation", servicePoint: { slug: "lacplesa-39" } },
    data: { capacityPerSlot: 3, maxActivePerPhone: null },
  });
  await prisma.service.updateMany({
    where: { slug: "consultation", servicePoint: { slug: "saura-28" } },
    data: { capacityPerSlot: 3, staffOnlyCapacity: 1, maxActivePerPhone: null },
  });
  await createStaffUser(prisma, {
    organisation: "daugavpils",
    email: "saura@socd.lv",
    name: "Saura",
    role: "RECEPTION",
    servicePoints: ["saura-28"],
    password: staffPassword,
  });
}

beforeAll(async () => {
  if (onPostgres) {
    // An empty database: both processes start at once, and must migrate and seed it
    // between them without tripping over each other.
    const serverUrl = process.env.DATABASE_URL ?? "";
    pgName = uniqueDatabaseName("pieraksts_burst");
    await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${pgName}"`));
    const url = withDatabaseName(serverUrl, pgName);
    const env = { DATABASE_URL: url, RATE_LIMITS: "off", CLOCK_START: clockStart };
    servers = [await spawnServer(env), await spawnServer(env)];
    await Promise.all(servers.map((server) => server.ready()));
    const direct = await openDatabase({ kind: "postgres", url });
    try {
      expect(await direct.prisma.organisation.count()).toBe(2);
      await prepare(direct.prisma);
    } finally {
      await direct.close();
    }
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-burst-"));
    const embedded = await openDatabase({ kind: "pglite", dataDir });
    await migrate(embedded);
    await seed(embedded.prisma, { now: new Date(clockStart) });
    await prepare(embedded.prisma);
    await embedded.close();
    servers = [
      await spawnServer({ DATA_DIR: dataDir, RATE_LIMITS: "off", CLOCK_START: clockStart }),
    ];
  }
  await Promise.all(servers.map((server) => server.ready()));
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  if (pgName) await dropDatabase(process.env.DATABASE_URL ?? "", pgName);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function burstDayOf(servicePoint: string, service: string, minSlots: number) {
  const url = `${servers[0]?.url}/api/v1/availability?servicePoint=${servicePoint}&service=${service}&from=${burstDay}&to=${burstDay}`;
  const body = (await (await fetch(url)).json()) as AvailabilityResponse;
  const day = body.days.find((d) => d.slots.length >= minSlots);
  if (!day) throw new Error(`${burstDay} is not open for ${service} at ${servicePoint}`);
  return day;
}

/** A staff session opened on the first process; every process accepts it. */
async function staffSession() {
  const res = await fetch(`${servers[0]?.url}/api/v1/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      organisation: "daugavpils",
      email: "saura@socd.lv",
      password: staffPassword,
    }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, "x-csrf-token": csrfToken };
}

/** Fires all requests at once, alternating between the server processes. */
async function burst(
  requests: {
    servicePoint: string;
    service: string;
    start: string;
    staff?: Record<string, string>;
  }[],
) {
  const results = await Promise.all(
    requests.map(async ({ staff, ...request }, index) => {
      const server = servers[index % servers.length];
      const res = await fetch(`${server?.url}/api/v1/${staff ? "staff/bookings" : "bookings"}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...staff },
        body: JSON.stringify({
          ...request,
          ...(staff ? { kind: "phone" } : {}),
          client: {
            name: `Klients ${index}`,
            phone: `+3712${String(3000000 + index).padStart(7, "0")}`,
          },
        }),
      });
      const body = (await res.json()) as { code?: string };
      return { status: res.status, code: body.code, staff: Boolean(staff) };
    }),
  );
  const count = (predicate: (r: (typeof results)[number]) => boolean) =>
    results.filter(predicate).length;
  return { results, count };
}

describe(`no overbooking under concurrency (${onPostgres ? "PostgreSQL, two processes" : "embedded, one process"})`, () => {
  it("40 requests for a service with two places a day: exactly 2 bookings", async () => {
    const day = await burstDayOf("koknese", "shower", 2);
    const requests = Array.from({ length: 40 }, (_, i) => ({
      servicePoint: "koknese",
      service: "shower",
      start: day.slots[i % day.slots.length]?.start ?? "",
    }));
    const { results, count } = await burst(requests);
    expect(count((r) => r.status >= 500)).toBe(0);
    expect(count((r) => r.status === 201)).toBe(2);
    expect(count((r) => r.status === 409)).toBe(38);
    expect(
      results.every(
        (r) => r.status === 201 || r.code === "DAILY_LIMIT_REACHED" || r.code === "SLOT_FULL",
      ),
    ).toBe(true);
    const after = await fetch(
      `${servers[0]?.url}/api/v1/availability?servicePoint=koknese&service=shower&from=${day.date}&to=${day.date}`,
    );
    expect(((await after.json()) as AvailabilityResponse).days[0]?.slots).toEqual([]);
  });

  it("30 requests for the last three places of one slot: exactly 3 bookings", async () => {
    const day = await burstDayOf("lacplesa-39", "consultation", 1);
    const slot = day.slots.find((s) => s.remaining === 3);
    expect(slot).toBeDefined();
    const requests = Array.from({ length: 30 }, () => ({
      servicePoint: "lacplesa-39",
      service: "consultation",
      start: slot?.start ?? "",
    }));
    const { count } = await burst(requests);
    expect(count((r) => r.status >= 500)).toBe(0);
    expect(count((r) => r.status === 201)).toBe(3);
    expect(count((r) => r.status === 409 && r.code === "SLOT_FULL")).toBe(27);
  });

  it("public and staff requests at once for one slot with a place kept for staff: 2 + 1", async () => {
    const day = await burstDayOf("saura-28", "consultation", 1);
    const slot = day.slots.find((s) => s.remaining === 2);
    expect(slot).toBeDefined();
    const staff = await staffSession();
    const requests = Array.from({ length: 24 }, (_, i) => ({
      servicePoint: "saura-28",
      service: "consultation",
      start: slot?.start ?? "",
      ...(i % 3 === 0 ? { staff } : {}),
    }));
    const { results, count } = await burst(requests);
    expect(count((r) => r.status >= 500)).toBe(0);
    expect(count((r) => r.status === 201)).toBe(3);
    // The public never gets more than its two places; staff get at least the kept one.
    expect(count((r) => r.status === 201 && !r.staff)).toBeLessThanOrEqual(2);
    expect(count((r) => r.status === 201 && r.staff)).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.status === 201 || r.code === "SLOT_FULL")).toBe(true);
  });
});
