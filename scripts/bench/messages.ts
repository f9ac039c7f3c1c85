// The booking bench with messages to clients on and off, in the same run: the same load of
// new bookings (nearly all succeed) against a server without SMTP/SMS settings, and one
// with an SMTP server and an SMS gateway receiver configured, a fresh database each time,
// alternating, the median of each. Target: "on" within 10 % of "off" (issue 11). With
// messages on, it then waits until every message due has arrived, and says how long.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@pieraksts/db";
import autocannon from "autocannon";
import { DateTime } from "luxon";
import pg from "pg";
import { gatewayReceiver, mailCatcher } from "../../apps/api/test/support/receivers.ts";
import {
  freePort,
  type ServerProcess,
  spawnServer,
} from "../../apps/api/test/support/spawn-server.ts";

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const seconds = Number(process.env.BENCH_MESSAGES_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_MESSAGES_ROUNDS ?? 3);

export interface MessagesRun {
  requestsPerSecond: number;
  /** Server CPU per request during the load, the sending included: robust to a busy machine. */
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  created: number;
  /** Messages the bookings enqueued, and how many of them went out during the run. */
  enqueued: number;
  sent: number;
  /**
   * With messages on: seconds after the load until the SMTP server and the gateway had
   * received every message then due (the sending waits while requests are answered,
   * decision 024), and how many were due and still unsent when the server stopped.
   */
  drainSeconds: number;
  dueUnsent: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function bookingLoad(server: ServerProcess) {
  const from = DateTime.now().setZone("Europe/Riga").plus({ days: 1 });
  const starts: { point: string; start: string }[] = [];
  for (const point of ["lacplesa-39", "liepajas-4", "saura-28", "vienibas-8"]) {
    const res = await fetch(
      `${server.url}/api/v1/availability?servicePoint=${point}&service=consultation&from=${from.toISODate()}&to=${from.plus({ days: 40 }).toISODate()}`,
    );
    if (!res.ok) continue;
    const body = (await res.json()) as {
      days: { slots: { start: string; remaining: number }[] }[];
    };
    for (const day of body.days) {
      for (const slot of day.slots) {
        for (let i = 0; i < slot.remaining; i++) starts.push({ point, start: slot.start });
      }
    }
  }
  let counter = 0;
  const cpuBefore = await server.cpuMs();
  const result = await autocannon({
    url: `${server.url}/api/v1/bookings`,
    connections,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest(request) {
          const place = starts[counter % starts.length];
          counter += 1;
          return {
            ...request,
            body: JSON.stringify({
              servicePoint: place?.point,
              service: "consultation",
              start: place?.start,
              language: ["lv", "ru", "en"][counter % 3],
              client: {
                name: `Bench ${counter}`,
                phone: `+3712${String(counter % 10_000_000).padStart(7, "0")}`,
                email: `bench${counter}@example.lv`,
              },
            }),
          };
        },
      },
    ],
  });
  const cpuMs = (await server.cpuMs()) - cpuBefore;
  return { result, places: starts.length, cpuMs };
}

async function outboxCounts(options: Parameters<typeof openDatabase>[0], stoppedAt: Date) {
  const database = await openDatabase(options);
  try {
    const [row] = await database.prisma.$queryRaw<
      { enqueued: number; sent: number; dueUnsent: number }[]
    >`
      SELECT count(*)::int AS enqueued, count(*) FILTER (WHERE status = 'SENT')::int AS sent,
        count(*) FILTER (WHERE status = 'PENDING' AND "dueAt" <= ${stoppedAt})::int AS "dueUnsent"
      FROM "OutboxMessage"`;
    return row ?? { enqueued: 0, sent: 0, dueUnsent: 0 };
  } finally {
    await database.close();
  }
}

type Where = { kind: "postgres"; adminUrl: string } | { kind: "pglite" };

async function oneRun(where: Where, messages: boolean): Promise<MessagesRun> {
  const smtp = messages ? await mailCatcher(await freePort()) : undefined;
  await smtp?.start();
  const gateway = messages ? await gatewayReceiver() : undefined;
  const name = `pieraksts_bench_msg_${process.pid}_${Date.now()}`;
  let dataDir: string | undefined;
  let admin: pg.Client | undefined;
  let database: Parameters<typeof openDatabase>[0];
  let env: Record<string, string>;
  if (where.kind === "postgres") {
    admin = new pg.Client({ connectionString: where.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(where.adminUrl);
    url.pathname = `/${name}`;
    database = { kind: "postgres", url: url.toString() };
    env = { DATABASE_URL: url.toString() };
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-bench-msg-"));
    database = { kind: "pglite", dataDir };
    env = { DATA_DIR: dataDir };
  }
  try {
    const server = await spawnServer({
      ...env,
      RATE_LIMITS: "off",
      ...(smtp && gateway
        ? {
            SMTP_URL: smtp.url,
            MAIL_FROM: "Pieraksts <bench@example.lv>",
            SMS_WEBHOOK_URL: gateway.url,
            PUBLIC_URL: "https://pieraksts.example.lv",
          }
        : {}),
    });
    let run: Awaited<ReturnType<typeof bookingLoad>>;
    let drainSeconds = 0;
    let stoppedAt: Date;
    try {
      await server.ready();
      run = await bookingLoad(server);
      if (smtp && gateway) {
        // After the load: wait until nothing more arrives for 3 s (at most 180 s).
        const loadEnded = Date.now();
        let lastCount = -1;
        let lastChange = Date.now();
        let lastArrival = loadEnded;
        while (Date.now() - lastChange < 3000 && Date.now() - loadEnded < 180_000) {
          const count = smtp.received.length + gateway.received.length;
          if (count !== lastCount) {
            if (lastCount >= 0) lastArrival = Date.now();
            lastCount = count;
            lastChange = Date.now();
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        drainSeconds = (lastArrival - loadEnded) / 1000;
      }
    } finally {
      stoppedAt = new Date();
      await server.stop();
    }
    const counts = await outboxCounts(database, stoppedAt);
    return {
      requestsPerSecond: run.result.requests.average,
      cpuMsPerRequest: run.result.requests.total ? run.cpuMs / run.result.requests.total : 0,
      p50: run.result.latency.p50,
      p99: run.result.latency.p99,
      created: run.result["2xx"],
      enqueued: counts.enqueued,
      sent: counts.sent,
      drainSeconds,
      dueUnsent: counts.dueUnsent,
    };
  } finally {
    await smtp?.stop();
    await gateway?.close();
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/** Alternating off/on rounds; the median of each and on's throughput as a share of off's. */
export async function messagesBench(where: Where) {
  const off: MessagesRun[] = [];
  const on: MessagesRun[] = [];
  for (let round = 0; round < rounds; round++) {
    off.push(await oneRun(where, false));
    on.push(await oneRun(where, true));
  }
  const summary = (list: MessagesRun[]) => ({
    requestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
    cpuMsPerRequest: median(list.map((r) => r.cpuMsPerRequest)),
    p50: median(list.map((r) => r.p50)),
    p99: median(list.map((r) => r.p99)),
    created: median(list.map((r) => r.created)),
    enqueued: median(list.map((r) => r.enqueued)),
    sent: median(list.map((r) => r.sent)),
    drainSeconds: median(list.map((r) => r.drainSeconds)),
    dueUnsent: Math.max(...list.map((r) => r.dueUnsent)),
  });
  const offSummary = summary(off);
  const onSummary = summary(on);
  return {
    off: offSummary,
    on: onSummary,
    ratio: offSummary.requestsPerSecond
      ? onSummary.requestsPerSecond / offSummary.requestsPerSecond
      : 0,
    rounds,
    seconds,
    connections,
  };
}

export function messagesTable(results: Record<string, Awaited<ReturnType<typeof messagesBench>>>) {
  const lines = [
    "| database | messages | req/s | p50 ms | p99 ms | server CPU ms/req | 201 created | messages enqueued | sent (after the load) | all due sent within | due, unsent at stop (max) | req/s on ÷ off |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const [database, r] of Object.entries(results)) {
    for (const [label, m] of [
      ["off", r.off],
      ["on (SMTP + SMS gateway)", r.on],
    ] as const) {
      lines.push(
        `| ${database} | ${label} | ${Math.round(m.requestsPerSecond)} | ${m.p50} | ${m.p99} | ${m.cpuMsPerRequest.toFixed(2)} | ${m.created} | ${m.enqueued} | ${m.sent} | ${label === "off" ? "" : `${m.drainSeconds.toFixed(1)} s`} | ${label === "off" ? "" : m.dueUnsent} | ${label === "off" ? "" : `${Math.round(r.ratio * 100)} %`} |`,
      );
    }
  }
  return lines.join("\n");
}
