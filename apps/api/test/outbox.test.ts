import { connect } from "node:net";
import { createTestDatabase, type TestDatabase } from "@pieraksts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimDue,
  enqueue,
  type NewMessage,
  type OutboxChannel,
  type OutboxRow,
  type SendOutcome,
} from "../src/lib/outbox/outbox.ts";
import { outboxWorker, type Transport } from "../src/lib/outbox/worker.ts";
import { loadSealer } from "../src/lib/sealing.ts";
import { createTestApp } from "./helpers.ts";

const t0 = new Date("2027-05-10T06:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

let db: TestDatabase;
let organisationId: string;
beforeAll(async () => {
  db = await createTestDatabase({ seed: true, now: t0 });
  organisationId = (await db.prisma.organisation.findFirstOrThrow()).id;
});
afterAll(() => db.destroy());

const sms = (kind: string, address = "+37120000000"): NewMessage => ({
  organisationId,
  channel: "SMS",
  kind,
  address,
});
const configured = new Set<OutboxChannel>(["SMS"]);

async function rowsOfKind(kind: string) {
  return db.prisma.outboxMessage.findMany({ where: { kind }, orderBy: { createdAt: "asc" } });
}

describe("enqueue: decided with the change", () => {
  it("writes nothing when the transaction rolls back, and pending rows when it commits", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await enqueue(tx, [sms("rolled-back")], { configured, now: t0 });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await rowsOfKind("rolled-back")).toHaveLength(0);

    await db.prisma.$transaction((tx) => enqueue(tx, [sms("committed")], { configured, now: t0 }));
    const [row] = await rowsOfKind("committed");
    expect(row).toMatchObject({ status: "PENDING", attempts: 0, channel: "SMS" });
    expect(row?.dueAt.toISOString()).toBe(t0.toISOString());
  });

  it("records a channel this process cannot send as NOT_CONFIGURED, never claimed", async () => {
    await db.prisma.$transaction((tx) =>
      enqueue(tx, [{ ...sms("unconfigured"), channel: "EMAIL", address: "a@example.lv" }], {
        configured,
        now: t0,
      }),
    );
    const [row] = await rowsOfKind("unconfigured");
    expect(row?.status).toBe("NOT_CONFIGURED");
    const claimed = await claimDue(db.prisma, {
      channels: ["EMAIL", "SMS"],
      now: at(3600),
      leaseSeconds: 60,
      limit: 100,
    });
    expect(claimed.map((c) => c.kind)).not.toContain("unconfigured");
    await db.prisma.outboxMessage.deleteMany({});
  });
});

describe("claims and leases", () => {
  it("claims only due messages, and a claimed one again only after its lease ran out", async () => {
    await db.prisma.$transaction((tx) =>
      enqueue(tx, [sms("now"), { ...sms("later"), dueAt: at(600) }], { configured, now: t0 }),
    );
    const first = await claimDue(db.prisma, {
      channels: ["SMS"],
      now: at(1),
      leaseSeconds: 60,
      limit: 10,
    });
    expect(first.map((row) => [row.kind, row.attempts])).toEqual([["now", 1]]);
    // The worker that claimed it died: nobody else may take it while the lease lasts…
    const during = await claimDue(db.prisma, {
      channels: ["SMS"],
      now: at(60),
      leaseSeconds: 60,
      limit: 10,
    });
    expect(during).toHaveLength(0);
    // …and the next worker retries it once the lease has run out.
    const after = await claimDue(db.prisma, {
      channels: ["SMS"],
      now: at(61),
      leaseSeconds: 60,
      limit: 10,
    });
    expect(after.map((row) => [row.kind, row.attempts])).toEqual([["now", 2]]);
    const later = await claimDue(db.prisma, {
      channels: ["SMS"],
      now: at(600),
      leaseSeconds: 60,
      limit: 10,
    });
    // The second claimer died too: at 600 both the due one and the retried one are taken.
    expect(later.map((row) => [row.kind, row.attempts]).sort()).toEqual([
      ["later", 1],
      ["now", 3],
    ]);
    await db.prisma.outboxMessage.deleteMany({});
  });

  it("two workers sending at once send every message exactly once", async () => {
    const count = 60;
    await db.prisma.$transaction((tx) =>
      enqueue(
        tx,
        Array.from({ length: count }, (_, i) =>
          sms("burst", `+3712000${String(i).padStart(4, "0")}`),
        ),
        { configured, now: t0 },
      ),
    );
    const sent: string[] = [];
    const transport: Transport = {
      channel: "SMS",
      async send(row) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        sent.push(row.id);
        return { status: "sent", body: `to ${row.address}` };
      },
    };
    const workers = [1, 2].map(() =>
      outboxWorker({
        prisma: db.prisma,
        transports: [transport],
        now: () => at(1),
        pollMs: 60_000,
        leaseSeconds: 60,
        batch: 7,
      }),
    );
    const drain = async (worker: (typeof workers)[number]) => {
      while ((await worker.runOnce()) > 0) {}
    };
    await Promise.all(workers.map(drain));
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(sent).toHaveLength(count);
    expect(new Set(sent).size).toBe(count);
    const rows = await rowsOfKind("burst");
    expect(rows.every((row) => row.status === "SENT" && row.attempts === 1)).toBe(true);
    expect(rows.every((row) => row.sentAt?.getTime() === at(1).getTime())).toBe(true);
    expect(rows[0]?.body).toMatch(/^to \+3712000/);
    await db.prisma.outboxMessage.deleteMany({});
  });
});

describe("outcomes", () => {
  async function attempt(outcomes: SendOutcome[], delays: readonly number[]) {
    await db.prisma.$transaction((tx) => enqueue(tx, [sms("outcome")], { configured, now: t0 }));
    const seen: OutboxRow[] = [];
    let clock = t0;
    const worker = outboxWorker({
      prisma: db.prisma,
      transports: [
        {
          channel: "SMS",
          retryDelays: delays,
          async send(row) {
            seen.push(row);
            const next = outcomes.shift();
            if (!next) throw new Error("no more outcomes");
            return next;
          },
        },
      ],
      now: () => clock,
      pollMs: 60_000,
      leaseSeconds: 60,
    });
    const passes: number[] = [];
    for (const advance of [0, 10, 20, 40, 1000]) {
      clock = at(advance);
      passes.push(await worker.runOnce());
    }
    await worker.stop();
    const rows = await rowsOfKind("outcome");
    await db.prisma.outboxMessage.deleteMany({});
    return { seen, passes, row: rows[0] };
  }

  it("retries a failure after growing delays, then marks it FAILED with the last error", async () => {
    const { passes, row } = await attempt(
      [
        { status: "retry", error: "connect ECONNREFUSED" },
        { status: "retry", error: "timeout" },
        { status: "retry", error: "503 Service Unavailable" },
      ],
      [10, 30],
    );
    // At 0 (attempt 1), not at 10 (due at 10: attempt 2 yes), 20 no (due at 40), 40 (attempt 3).
    expect(passes).toEqual([1, 1, 0, 1, 0]);
    expect(row).toMatchObject({
      status: "FAILED",
      attempts: 3,
      lastError: "503 Service Unavailable",
    });
  });

  it("a refusal (a gateway's 4xx) fails at once and keeps the answer", async () => {
    const { passes, row } = await attempt(
      [{ status: "failed", error: "400 invalid number", body: "text" }],
      [10, 30],
    );
    expect(passes).toEqual([1, 0, 0, 0, 0]);
    expect(row).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastError: "400 invalid number",
      body: "text",
    });
  });

  it("a transport that throws is retried; success after a retry is SENT", async () => {
    const outcomes: SendOutcome[] = [{ status: "sent", body: "hello" }];
    await db.prisma.$transaction((tx) => enqueue(tx, [sms("thrown")], { configured, now: t0 }));
    let calls = 0;
    let clock = t0;
    const worker = outboxWorker({
      prisma: db.prisma,
      transports: [
        {
          channel: "SMS",
          retryDelays: [5],
          async send() {
            calls += 1;
            if (calls === 1) throw new Error("socket hang up");
            return outcomes.shift() ?? { status: "retry", error: "?" };
          },
        },
      ],
      now: () => clock,
      pollMs: 60_000,
      leaseSeconds: 60,
    });
    await worker.runOnce();
    expect((await rowsOfKind("thrown"))[0]).toMatchObject({
      status: "PENDING",
      lastError: "socket hang up",
    });
    clock = at(5);
    await worker.runOnce();
    await worker.stop();
    expect((await rowsOfKind("thrown"))[0]).toMatchObject({
      status: "SENT",
      attempts: 2,
      body: "hello",
      lastError: null,
    });
    await db.prisma.outboxMessage.deleteMany({});
  });

  it("a message no longer to be sent (skip) is removed", async () => {
    const { row } = await attempt([{ status: "skip", reason: "cancelled" }], [10]);
    expect(row).toBeUndefined();
  });
});

describe("sealing", () => {
  it("every process gets the same key from the database, and a sealed token opens only with it", async () => {
    const [a, b] = await Promise.all([
      loadSealer(db.prisma, undefined),
      loadSealer(db.prisma, undefined),
    ]);
    const sealed = a.seal("manage-token-123");
    expect(sealed).not.toContain("manage-token-123");
    expect(b.open(sealed)).toBe("manage-token-123");
    const other = await loadSealer(db.prisma, Buffer.alloc(32, 7).toString("base64"));
    expect(other.open(sealed)).toBeNull();
    // One character of the cipher text changed (the first: all its bits count).
    const parts = sealed.split(".");
    const body = parts[3] ?? "";
    parts[3] = `${body[0] === "A" ? "B" : "A"}${body.slice(1)}`;
    const tampered = parts.join(".");
    expect(a.open(tampered)).toBeNull();
    expect(a.open("garbage")).toBeNull();
  });

  it("a booking keeps its manage token sealed, and the seal opens to the token it answered", async () => {
    const ctx = await createTestApp({ now: new Date("2026-11-23T08:00:00Z") });
    try {
      const res = await ctx.app.inject({
        method: "POST",
        url: "/api/v1/bookings",
        payload: {
          servicePoint: "lacplesa-39",
          service: "consultation",
          start: "2026-11-24T08:00:00+02:00",
          client: { name: "Anna Bērziņa", phone: "20000001" },
        },
      });
      expect(res.statusCode).toBe(201);
      const { reference, manageToken } = res.json();
      const row = await ctx.db.prisma.booking.findUniqueOrThrow({ where: { reference } });
      expect(row.manageTokenSealed).toBeTruthy();
      expect(row.manageTokenSealed).not.toContain(manageToken);
      expect(ctx.app.sealer.open(row.manageTokenSealed ?? "")).toBe(manageToken);
    } finally {
      await ctx.close();
    }
  });
});

describe("giving way to requests", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  function recordingWorker(options: { busy: () => boolean; maxDeferMs: number }) {
    const sent: string[] = [];
    const worker = outboxWorker({
      prisma: db.prisma,
      transports: [
        {
          channel: "SMS",
          async send(row) {
            sent.push(row.kind);
            return { status: "sent" };
          },
        },
      ],
      now: () => at(1),
      pollMs: 60_000,
      leaseSeconds: 60,
      ...options,
    });
    return { sent, worker };
  }

  it("a pass waits while the process answers requests, and runs once it is idle", async () => {
    await db.prisma.$transaction((tx) => enqueue(tx, [sms("waits")], { configured, now: t0 }));
    let busy = true;
    const { sent, worker } = recordingWorker({ busy: () => busy, maxDeferMs: 60_000 });
    try {
      worker.nudge();
      await sleep(400);
      expect(sent).toEqual([]);
      busy = false;
      await expect.poll(() => sent, { timeout: 10_000 }).toEqual(["waits"]);
    } finally {
      await worker.stop();
      await db.prisma.outboxMessage.deleteMany({});
    }
  });

  it("a process that is never idle still sends, after at most maxDeferMs", async () => {
    await db.prisma.$transaction((tx) => enqueue(tx, [sms("never idle")], { configured, now: t0 }));
    const { sent, worker } = recordingWorker({ busy: () => true, maxDeferMs: 200 });
    try {
      worker.nudge();
      await expect.poll(() => sent, { timeout: 10_000 }).toEqual(["never idle"]);
    } finally {
      await worker.stop();
      await db.prisma.outboxMessage.deleteMany({});
    }
  });

  it("counts the requests a process is answering, busy only while they make progress, none once each has its answer or its connection is gone", async () => {
    const ctx = await createTestApp({ now: t0 });
    try {
      await ctx.app.listen({ port: 0, host: "127.0.0.1" });
      const address = ctx.app.server.address();
      if (!address || typeof address === "string") throw new Error("no port");
      // Answers of every kind: found, refused, not found.
      expect((await fetch(`http://127.0.0.1:${address.port}/health`)).status).toBe(200);
      expect(
        (await ctx.app.inject({ method: "GET", url: "/api/v1/nothing-here" })).statusCode,
      ).toBe(404);
      expect(
        (await ctx.app.inject({ method: "POST", url: "/api/v1/bookings", payload: { a: 1 } }))
          .statusCode,
      ).toBe(400);
      // A body that never comes: the request is being answered until the client goes.
      const socket = connect(address.port, "127.0.0.1");
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      socket.write(
        "POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
      );
      await expect.poll(() => ctx.app.outbox.requestsInFlight(), { timeout: 10_000 }).toBe(1);
      // Stalled by its client, it is no work: sending does not wait for it for long.
      await expect.poll(() => ctx.app.outbox.busy(), { timeout: 10_000 }).toBe(false);
      expect(ctx.app.outbox.requestsInFlight()).toBe(1);
      socket.destroy();
      await expect.poll(() => ctx.app.outbox.requestsInFlight(), { timeout: 10_000 }).toBe(0);
    } finally {
      await ctx.close();
    }
  });
});
