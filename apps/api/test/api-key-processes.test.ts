import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate, openDatabase, type PrismaClient, seed } from "@pieraksts/db";
import {
  dropDatabase,
  onServer,
  uniqueDatabaseName,
  withDatabaseName,
} from "@pieraksts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { createStaffUser } from "../src/routes/staff/users.ts";
import { testConfig } from "./helpers.ts";
import { type ServerProcess, spawnServer } from "./support/spawn-server.ts";
import { staffPassword } from "./support/staff.ts";

/**
 * A key revoked through one API process is refused by another at once, and a key's rate
 * limit is one count across processes. On PostgreSQL: two real server processes on one
 * database. The embedded database allows one process per directory, so there: two apps
 * in this process on one database, each with everything it would keep in memory.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
/** Monday 10 May 2027, 8.30 in Riga. */
const clockStart = "2027-05-10T08:30:00+03:00";
const perMinute = 5;
const env = {
  RATE_LIMITS: "on",
  API_KEY_REQUESTS_PER_MINUTE: String(perMinute),
  CLOCK_START: clockStart,
};

interface Server {
  request(
    method: string,
    url: string,
    headers?: Record<string, string>,
    body?: object,
  ): Promise<{ status: number; json: () => unknown; setCookie: string }>;
}

let servers: Server[] = [];
let closers: (() => Promise<unknown>)[] = [];

async function prepare(prisma: PrismaClient) {
  await createStaffUser(prisma, {
    organisation: "daugavpils",
    email: "admin@socd.lv",
    name: "Admin",
    role: "ADMIN",
    password: staffPassword,
  });
}

function overHttp(server: ServerProcess): Server {
  return {
    async request(method, url, headers = {}, body) {
      const res = await fetch(`${server.url}${url}`, {
        method,
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return {
        status: res.status,
        json: () => JSON.parse(text),
        setCookie: res.headers.get("set-cookie") ?? "",
      };
    },
  };
}

beforeAll(async () => {
  if (onPostgres) {
    const serverUrl = process.env.DATABASE_URL ?? "";
    const pgName = uniqueDatabaseName("pieraksts_keys");
    await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${pgName}"`));
    const url = withDatabaseName(serverUrl, pgName);
    const direct = await openDatabase({ kind: "postgres", url });
    await migrate(direct, url);
    await seed(direct.prisma, { now: new Date(clockStart) });
    await prepare(direct.prisma);
    await direct.close();
    const processes = [
      await spawnServer({ DATABASE_URL: url, ...env }),
      await spawnServer({ DATABASE_URL: url, ...env }),
    ];
    await Promise.all(processes.map((server) => server.ready()));
    servers = processes.map(overHttp);
    closers = [
      ...processes.map((server) => () => server.stop()),
      () => dropDatabase(serverUrl, pgName),
    ];
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-keys-"));
    const database = await openDatabase({ kind: "pglite", dataDir });
    await migrate(database);
    await seed(database.prisma, { now: new Date(clockStart) });
    await prepare(database.prisma);
    const now = () => new Date(clockStart);
    const apps = [
      await buildApp({ database, config: testConfig(env), logger: false, now }),
      await buildApp({ database, config: testConfig(env), logger: false, now }),
    ];
    servers = apps.map((app) => ({
      async request(method, url, headers = {}, body) {
        const res = await app.inject({
          method: method as "GET",
          url,
          headers,
          ...(body ? { payload: body } : {}),
        });
        const cookie = res.headers["set-cookie"];
        return {
          status: res.statusCode,
          json: () => res.json(),
          setCookie: Array.isArray(cookie) ? cookie.join(",") : (cookie ?? ""),
        };
      },
    }));
    closers = [
      ...apps.map((app) => () => app.close()),
      () => database.close(),
      () => rm(dataDir, { recursive: true, force: true }),
    ];
  }
}, 180_000);

afterAll(async () => {
  for (const close of closers) await close();
});

function server(index: 0 | 1): Server {
  const found = servers[index];
  if (!found) throw new Error("servers not started");
  return found;
}

async function adminHeaders(): Promise<Record<string, string>> {
  const res = await server(0).request(
    "POST",
    "/api/v1/staff/login",
    {},
    {
      organisation: "daugavpils",
      email: "admin@socd.lv",
      password: staffPassword,
    },
  );
  expect(res.status).toBe(200);
  const cookie = res.setCookie.split(";")[0] ?? "";
  return { cookie, "x-csrf-token": (res.json() as { csrfToken: string }).csrfToken };
}

async function newKey(staff: Record<string, string>, name: string) {
  const res = await server(0).request("POST", "/api/v1/staff/api-keys", staff, {
    name,
    scopes: ["bookings:read"],
  });
  expect(res.status).toBe(201);
  return res.json() as { id: string; key: string };
}

const dayList = "/api/v1/bookings?servicePoint=lacplesa-39&date=2027-05-11";

describe("API keys across processes", () => {
  it("refuses a key in every process as soon as one revoked it", async () => {
    const staff = await adminHeaders();
    const { id, key } = await newKey(staff, "Revoked");
    // The second process has used (and could have remembered) the key.
    expect((await server(1).request("GET", dayList, { "x-api-key": key })).status).toBe(200);
    const revoked = await server(0).request("DELETE", `/api/v1/staff/api-keys/${id}`, staff);
    expect(revoked.status).toBe(200);
    const after = await server(1).request("GET", dayList, { "x-api-key": key });
    expect(after.status).toBe(401);
    expect((after.json() as { code: string }).code).toBe("UNAUTHORIZED");
  });

  it("counts a key's rate limit once across processes, apart from other keys", async () => {
    const staff = await adminHeaders();
    const busy = await newKey(staff, "Busy");
    const quiet = await newKey(staff, "Quiet");
    const statuses: number[] = [];
    for (let i = 0; i < perMinute + 1; i++) {
      const res = await server(i % 2 === 0 ? 0 : 1).request("GET", dayList, {
        "x-api-key": busy.key,
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(perMinute).fill(200), 429]);
    const limited = await server(0).request("GET", dayList, { "x-api-key": busy.key });
    expect((limited.json() as { code: string }).code).toBe("RATE_LIMITED");
    expect((await server(1).request("GET", dayList, { "x-api-key": quiet.key })).status).toBe(200);
  });
});
