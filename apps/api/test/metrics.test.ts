import { mkdtemp, readdir, readFile, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../src/lib/outbox/outbox.ts";
import { createTestApp, type TestContext } from "./helpers.ts";

/**
 * No built web app, whether or not this clone has one: otherwise the SPA would answer
 * /metrics on the API port with its own page, and the test would depend on the order
 * in which suites ran.
 */
const noWebApp = "/nonexistent/pieraksts-web-dist";

import { newClient, postBooking } from "./support/clients.ts";
import { freePort, spawnServer } from "./support/spawn-server.ts";
import { asStaff, createStaff, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.05 in Riga.
const now = new Date("2026-11-23T08:05:00Z");

/** TCP ports a process listens on, from its open sockets and the kernel's tables (Linux). */
async function listeningPorts(pid: number): Promise<Set<number>> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  const ports = new Set<number>();
  for (const table of ["tcp", "tcp6"]) {
    const text = await readFile(`/proc/${pid}/net/${table}`, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields[1] is local address:port in hex, fields[3] the state (0A = LISTEN), fields[9] the inode.
      if (fields[3] === "0A" && inodes.has(fields[9] ?? "")) {
        ports.add(Number.parseInt(fields[1]?.split(":")[1] ?? "", 16));
      }
    }
  }
  return ports;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function samples(text: string): Sample[] {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1] ?? "", labels, value: Number(match[3]) };
    });
}

function sampleValue(
  all: Sample[],
  name: string,
  labels: Record<string, string>,
): number | undefined {
  return all.find(
    (s) =>
      s.name === name &&
      Object.keys(labels).length === Object.keys(s.labels).length &&
      Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  )?.value;
}

describe("metrics on METRICS_PORT", () => {
  let ctx: TestContext;
  let port: number;
  let before: Set<number>;

  beforeAll(async () => {
    before = await listeningPorts(process.pid);
    port = await freePort();
    ctx = await createTestApp({
      now,
      env: { METRICS_PORT: String(port), HOST: "127.0.0.1", WEB_DIST: noWebApp },
    });
    await createStaff(ctx.db.prisma);
  });
  afterAll(() => ctx?.close());

  it("listens on the metrics port and nowhere else", async () => {
    const after = await listeningPorts(process.pid);
    expect([...after].filter((p) => !before.has(p))).toEqual([port]);
  });

  it("counts bookings by channel and outcome, and times requests by route pattern", async () => {
    const slot = "2026-11-24T09:00:00+02:00";
    const created = await postBooking(ctx, { servicePoint: "liepajas-4", start: slot });
    expect(created.statusCode).toBe(201);
    // A Liepājas 4 consultation has one place per slot.
    const full = await postBooking(ctx, { servicePoint: "liepajas-4", start: slot });
    expect(full.json().code).toBe("SLOT_FULL");
    const invalid = await ctx.app.inject({ method: "POST", url: "/api/v1/bookings", payload: {} });
    expect(invalid.json().code).toBe("VALIDATION_FAILED");
    const reception = await signIn(ctx, "liepajas@socd.lv");
    const byPhone = await asStaff(ctx, reception, "POST", "/api/v1/staff/bookings", {
      kind: "phone",
      servicePoint: "liepajas-4",
      service: "consultation",
      start: "2026-11-24T09:15:00+02:00",
      client: newClient(),
    });
    expect(byPhone.json()).toMatchObject({ status: "booked" });
    const { reference, manageToken } = created.json();
    const view = await ctx.app.inject({
      url: `/api/v1/bookings/${reference}`,
      headers: { authorization: `Bearer ${manageToken}` },
    });
    expect(view.statusCode).toBe(200);
    const availability = await ctx.app.inject({
      url: "/api/v1/availability?servicePoint=liepajas-4&service=consultation&from=2026-11-24&to=2026-11-24",
    });
    expect(availability.statusCode).toBe(200);

    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const all = samples(text);
    const bookings = "pieraksts_bookings_total";
    expect(sampleValue(all, bookings, { channel: "public", outcome: "created" })).toBe(1);
    expect(sampleValue(all, bookings, { channel: "public", outcome: "SLOT_FULL" })).toBe(1);
    expect(sampleValue(all, bookings, { channel: "public", outcome: "VALIDATION_FAILED" })).toBe(1);
    expect(sampleValue(all, bookings, { channel: "staff", outcome: "created" })).toBe(1);
    expect(all.filter((s) => s.name === bookings)).toHaveLength(4);

    const count = "pieraksts_http_request_duration_seconds_count";
    const route = (method: string, route: string, status: string) =>
      sampleValue(all, count, { method, route, status });
    expect(route("GET", "/api/v1/availability", "200")).toBe(1);
    expect(route("POST", "/api/v1/bookings", "201")).toBe(1);
    expect(route("POST", "/api/v1/bookings", "409")).toBe(1);
    expect(route("POST", "/api/v1/bookings", "400")).toBe(1);
    expect(route("POST", "/api/v1/staff/bookings", "201")).toBe(1);
    expect(route("GET", "/api/v1/bookings/:reference", "200")).toBe(1);
    expect(
      sampleValue(all, "pieraksts_http_request_duration_seconds_bucket", {
        method: "GET",
        route: "/api/v1/availability",
        status: "200",
        le: "+Inf",
      }),
    ).toBe(1);
    // Labels carry patterns only: no reference, query string or other request data.
    expect(text).not.toContain(reference);
    expect(text).not.toContain("servicePoint=");

    const pool = all.filter((s) => s.name.startsWith("pieraksts_db_pool_"));
    if (ctx.db.kind === "postgres") {
      const inUse = sampleValue(all, "pieraksts_db_pool_connections", { state: "in_use" });
      const idle = sampleValue(all, "pieraksts_db_pool_connections", { state: "idle" });
      expect(inUse).toBeGreaterThanOrEqual(0);
      // The requests above opened connections; they are back in the pool now.
      expect((idle ?? 0) + (inUse ?? 0)).toBeGreaterThan(0);
      expect(sampleValue(all, "pieraksts_db_pool_waiting", {})).toBe(0);
    } else {
      expect(pool).toEqual([]);
    }
    // Node's own process metrics come along.
    expect(all.some((s) => s.name === "process_cpu_user_seconds_total")).toBe(true);
  });

  it("counts the outbox's messages due and unsent, by channel", async () => {
    const organisationId = (await ctx.db.prisma.organisation.findFirstOrThrow()).id;
    const message = (channel: "EMAIL" | "SMS", dueAt?: Date) => ({
      organisationId,
      channel,
      kind: "confirmation",
      address: channel === "SMS" ? "+37120000000" : "a@example.lv",
      ...(dueAt ? { dueAt } : {}),
    });
    await ctx.db.prisma.$transaction((tx) =>
      enqueue(
        tx,
        [
          message("SMS"),
          message("SMS"),
          message("EMAIL"),
          // A reminder due tomorrow is not backlog.
          message("SMS", new Date(now.getTime() + 86_400_000)),
        ],
        { configured: new Set(["EMAIL", "SMS"]), now },
      ),
    );
    try {
      const all = samples(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
      const pending = "pieraksts_outbox_pending";
      expect(sampleValue(all, pending, { channel: "sms" })).toBe(2);
      expect(sampleValue(all, pending, { channel: "email" })).toBe(1);
      expect(sampleValue(all, pending, { channel: "webhook" })).toBe(0);
    } finally {
      await ctx.db.prisma.outboxMessage.deleteMany({});
    }
  });

  it("is not part of the public API", async () => {
    const res = await ctx.app.inject({ url: "/metrics" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const other = await fetch(`http://127.0.0.1:${port}/api/v1/availability`);
    expect(other.status).toBe(404);
  });
});

describe("without METRICS_PORT", () => {
  it("listens on nothing more and answers no /metrics", async () => {
    const before = await listeningPorts(process.pid);
    const ctx = await createTestApp({ now, seed: false, env: { WEB_DIST: noWebApp } });
    try {
      expect(await listeningPorts(process.pid)).toEqual(before);
      const res = await ctx.app.inject({ url: "/metrics" });
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    } finally {
      await ctx.close();
    }
  });
});

describe("the server process", () => {
  it("serves metrics on METRICS_PORT while it runs and frees the port when it stops", async () => {
    const metricsPort = await freePort();
    const dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-data-"));
    const server = await spawnServer({ METRICS_PORT: String(metricsPort), DATA_DIR: dataDir });
    try {
      await server.ready();
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(res.status).toBe(200);
      // The readiness probe went through the API and was counted.
      expect(await res.text()).toMatch(
        /pieraksts_http_request_duration_seconds_count\{[^}]*route="\/health"/,
      );
      const onApi = await fetch(`${server.url}/metrics`);
      expect(onApi.status).toBe(404);
    } finally {
      expect(await server.stop()).toBe(0);
      await rm(dataDir, { recursive: true, force: true });
    }
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  }, 180_000);
});
