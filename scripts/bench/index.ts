// `pnpm bench`: loads the real server with autocannon and prints, per database, the
// throughput and latency of each endpoint next to a floor measured in the same run: a
// trivial route that does one `SELECT 1` (GET /health). Medians of several rounds, since
// the machine is noisy. Results also go to .tmp/bench.json.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrate, openDatabase, seed } from "@pieraksts/db";
import autocannon from "autocannon";
import { DateTime } from "luxon";
import pg from "pg";
import {
  type ServerProcess as RunningServer,
  spawnServer,
} from "../../apps/api/test/support/spawn-server.ts";
import { messagesBench, messagesTable } from "./messages.ts";
import { explainHotQueries, type Generated, generateNational } from "./national.ts";

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const postgresUrl =
  process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

interface Measurement {
  requestsPerSecond: number;
  /** Server process CPU per request: what the endpoint costs, whatever the load generator. */
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** One autocannon run against the server, with the server's CPU time per request. */
async function measure(
  server: RunningServer,
  options: autocannon.Options,
): Promise<Measurement & { result: autocannon.Result }> {
  const cpuBefore = await server.cpuMs();
  const result = await autocannon({ connections, duration: seconds, ...options });
  const cpu = (await server.cpuMs()) - cpuBefore;
  return {
    result,
    requestsPerSecond: result.requests.average,
    cpuMsPerRequest: result.requests.total ? cpu / result.requests.total : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function load(server: RunningServer, url: string): Promise<Measurement> {
  const { result: _result, ...measurement } = await measure(server, { url: server.url + url });
  return measurement;
}

function summarise(list: Measurement[]): Measurement {
  return {
    requestsPerSecond: median(list.map((m) => m.requestsPerSecond)),
    cpuMsPerRequest: median(list.map((m) => m.cpuMsPerRequest)),
    p50: median(list.map((m) => m.p50)),
    p99: median(list.map((m) => m.p99)),
    non2xx: list.reduce((sum, m) => sum + m.non2xx, 0),
    errors: list.reduce((sum, m) => sum + m.errors, 0),
  };
}

/** A Monday a week ahead, so the 31 days hold ordinary open days. */
function availabilityPath(servicePoint = "lacplesa-39", service = "consultation"): string {
  const from = DateTime.now().setZone("Europe/Riga").plus({ weeks: 1 }).startOf("week");
  const to = from.plus({ days: 30 });
  return `/api/v1/availability?servicePoint=${servicePoint}&service=${service}&from=${from.toISODate()}&to=${to.toISODate()}`;
}

async function benchServer(server: RunningServer, extra: Record<string, string> = {}) {
  const endpoints: Record<string, string> = {
    floor: "/health",
    availability: availabilityPath(),
    ...extra,
  };
  // Warm up JIT and connection pools.
  for (const url of Object.values(endpoints)) {
    await autocannon({ url: server.url + url, connections: 10, duration: 2 });
  }
  const samples: Record<string, Measurement[]> = Object.fromEntries(
    Object.keys(endpoints).map((name) => [name, []]),
  );
  for (let round = 0; round < rounds; round++) {
    for (const [name, url] of Object.entries(endpoints)) {
      samples[name]?.push(await load(server, url));
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarise(list)]));
}

interface BookingBurst extends Measurement {
  created: number;
  refused: number;
  overbookings: number;
}

/**
 * Booking creation under contention: 50 connections post bookings for the first 60
 * open consultation slots at Lāčplēša 39 (120 places), each with a new phone number,
 * so the places run out during the run and most requests race for the last ones.
 */
async function bookingBurst(server: RunningServer): Promise<Omit<BookingBurst, "overbookings">> {
  const from = DateTime.now().setZone("Europe/Riga").plus({ days: 1 });
  const availability = (await (
    await fetch(
      `${server.url}/api/v1/availability?servicePoint=lacplesa-39&service=consultation&from=${from.toISODate()}&to=${from.plus({ days: 30 }).toISODate()}`,
    )
  ).json()) as { days: { slots: { start: string; remaining: number }[] }[] };
  // Free slots only, so that a later round of the same run races for fresh places.
  const starts = availability.days
    .flatMap((day) => day.slots.filter((slot) => slot.remaining > 0).map((slot) => slot.start))
    .slice(0, 60);
  let counter = 0;
  const { result, ...measurement } = await measure(server, {
    url: `${server.url}/api/v1/bookings`,
    method: "POST",
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest(request) {
          counter += 1;
          return {
            ...request,
            body: JSON.stringify({
              servicePoint: "lacplesa-39",
              service: "consultation",
              start: starts[counter % starts.length],
              client: {
                name: `Bench ${counter}`,
                phone: `+3712${String(counter % 10_000_000).padStart(7, "0")}`,
              },
            }),
          };
        },
      },
    ],
  });
  return { ...measurement, created: result["2xx"], refused: result["4xx"] };
}

interface BookingCost {
  bookingsPerSecond: number;
  cpuMsPerBooking: number;
  booked: number;
  failed: number;
}

let benchPhone = 5_000_000;

/**
 * Books `count` free places of a point's consultations one after another on 10
 * connections, directly or by taking a hold first and booking with its token (what the
 * web app does, decision 022). Only successful bookings count: the cost of a booked place.
 */
async function bookPlaces(
  server: RunningServer,
  servicePoint: string,
  count: number,
  withHold: boolean,
): Promise<BookingCost> {
  const from = DateTime.now().setZone("Europe/Riga").plus({ days: 1 });
  const availability = (await (
    await fetch(
      `${server.url}/api/v1/availability?servicePoint=${servicePoint}&service=consultation&from=${from.toISODate()}&to=${from.plus({ days: 55 }).toISODate()}`,
    )
  ).json()) as { days: { slots: { start: string; remaining: number }[] }[] };
  const starts = availability.days
    .flatMap((day) => day.slots.flatMap((slot) => Array(slot.remaining).fill(slot.start)))
    .slice(0, count) as string[];
  const post = async (what: string, body: object) => {
    const res = await fetch(`${server.url}/api/v1/${what}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ servicePoint, service: "consultation", ...body }),
    });
    return { status: res.status, body: (await res.json()) as { holdToken?: string } };
  };
  let next = 0;
  let booked = 0;
  let failed = 0;
  const cpuBefore = await server.cpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let i = next++; i < starts.length; i = next++) {
        const start = starts[i];
        let holdToken: string | undefined;
        if (withHold) {
          const hold = await post("holds", { start });
          if (hold.status !== 201) {
            failed += 1;
            continue;
          }
          holdToken = hold.body.holdToken;
        }
        benchPhone += 1;
        const booking = await post("bookings", {
          start,
          client: { name: `Bench ${benchPhone}`, phone: `+3712${benchPhone}` },
          ...(holdToken ? { holdToken } : {}),
        });
        if (booking.status === 201) booked += 1;
        else failed += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = (await server.cpuMs()) - cpuBefore;
  return {
    bookingsPerSecond: booked / elapsed,
    cpuMsPerBooking: booked ? cpu / booked : 0,
    booked,
    failed,
  };
}

/** Hold-then-book against a direct booking, on two points with the same hours. */
async function holdCost(server: RunningServer) {
  const count = Number(process.env.BENCH_HOLD_BOOKINGS ?? 300);
  const direct = await bookPlaces(server, "vienibas-8", count, false);
  const held = await bookPlaces(server, "saura-28", count, true);
  return { direct, held };
}

/** Slots or days holding more active bookings than their capacity or limit. */
async function countOverbookings(options: Parameters<typeof openDatabase>[0]): Promise<number> {
  const database = await openDatabase(options);
  try {
    const [row] = await database.prisma.$queryRaw<{ over: number }[]>`
      SELECT (
        (SELECT count(*) FROM (
           SELECT 1 FROM "Booking" b JOIN "Service" s ON s.id = b."serviceId"
           WHERE b.status IN ('BOOKED', 'CHECKED_IN')
           GROUP BY b."serviceId", b."startsAt", s."capacityPerSlot"
           HAVING count(*) > s."capacityPerSlot") slots)
        +
        (SELECT count(*) FROM (
           SELECT 1 FROM "Booking" b JOIN "Service" s ON s.id = b."serviceId"
           WHERE b.status IN ('BOOKED', 'CHECKED_IN') AND s."dailyLimit" IS NOT NULL
           GROUP BY b."serviceId", b."localDate", s."dailyLimit"
           HAVING count(*) > s."dailyLimit") days)
      )::int AS over`;
    return row?.over ?? -1;
  } finally {
    await database.close();
  }
}

async function withPostgres<T>(
  fn: (url: string) => Promise<T>,
  name = `pieraksts_bench_${process.pid}`,
): Promise<T | null> {
  const admin = new pg.Client({ connectionString: postgresUrl });
  try {
    await admin.connect();
  } catch {
    process.stderr.write(`PostgreSQL at ${postgresUrl} is not reachable: skipping it.\n`);
    return null;
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

const { values: args } = parseArgs({
  options: { scale: { type: "string" } },
  strict: true,
  allowPositionals: true,
});
if (args.scale !== undefined) {
  await scaleBench(args.scale);
  process.exit(0);
}

const only = process.env.BENCH_ONLY;
if (only === "messages") {
  const messageResults: Record<string, Awaited<ReturnType<typeof messagesBench>>> = {};
  const probe = new pg.Client({ connectionString: postgresUrl });
  const reachable = await probe.connect().then(
    () => true,
    () => false,
  );
  if (reachable) await probe.end();
  if (reachable)
    messageResults.PostgreSQL = await messagesBench({ kind: "postgres", adminUrl: postgresUrl });
  messageResults["embedded (PGlite)"] = await messagesBench({ kind: "pglite" });
  printMessages(messageResults);
  process.exit(0);
}

/**
 * `BENCH_ONLY=booking`: only what the booking write path decides, per database: the floor
 * and the booking burst alternating for `BENCH_ROUNDS` rounds on one server (each burst
 * races for 60 fresh slots), medians; then hold-then-book once, and the overbookings.
 */
async function bookingOnly(
  env: Record<string, string>,
  database: Parameters<typeof openDatabase>[0],
) {
  const server = await spawnServer({ ...env, RATE_LIMITS: "off" });
  await server.ready();
  const floors: Measurement[] = [];
  const burstList: Omit<BookingBurst, "overbookings">[] = [];
  let holds: Awaited<ReturnType<typeof holdCost>>;
  try {
    await autocannon({ url: `${server.url}/health`, connections: 10, duration: 2 });
    for (let round = 0; round < rounds; round++) {
      floors.push(await load(server, "/health"));
      burstList.push(await bookingBurst(server));
    }
    holds = await holdCost(server);
  } finally {
    await server.stop();
  }
  const burst = summarise(burstList);
  return {
    floor: summarise(floors),
    burst: {
      ...burst,
      created: burstList.reduce((sum, b) => sum + b.created, 0),
      refused: burstList.reduce((sum, b) => sum + b.refused, 0),
      overbookings: await countOverbookings(database),
    },
    holds,
  };
}

if (only === "booking") {
  const booking: Record<string, Awaited<ReturnType<typeof bookingOnly>>> = {};
  const onPostgres = await withPostgres((url) =>
    bookingOnly({ DATABASE_URL: url }, { kind: "postgres", url }),
  );
  if (onPostgres) booking.PostgreSQL = onPostgres;
  const dir = await mkdtemp(path.join(tmpdir(), "pieraksts-bench-data-"));
  try {
    booking["embedded (PGlite)"] = await bookingOnly(
      { DATA_DIR: dir },
      { kind: "pglite", dataDir: dir },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    `\nBooking creation under contention (POST /api/v1/bookings, ${connections} connections, ${seconds} s, 60 fresh slots × 2 places a round), median of ${rounds} rounds alternating with the floor, ${new Date().toISOString()}:\n`,
  );
  console.log(
    "| database | floor req/s | booking req/s | vs floor | p50 ms | p99 ms | server CPU ms/req | 201 created | 4xx refused | other | overbookings |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  let over = 0;
  for (const [database, { floor, burst }] of Object.entries(booking)) {
    over += burst.overbookings;
    const ratio = floor.requestsPerSecond
      ? `${Math.round((burst.requestsPerSecond / floor.requestsPerSecond) * 100)} %`
      : "–";
    const other = burst.errors + burst.non2xx - burst.refused;
    console.log(
      `| ${database} | ${Math.round(floor.requestsPerSecond)} | ${Math.round(burst.requestsPerSecond)} | ${ratio} | ${burst.p50} | ${burst.p99} | ${burst.cpuMsPerRequest.toFixed(3)} | ${burst.created} | ${burst.refused} | ${other} | ${burst.overbookings} |`,
    );
  }
  console.log("\nHold then book against a direct booking (free places, 10 connections):\n");
  console.log(
    "| database | direct: bookings/s | direct: CPU ms/booking | hold+book: bookings/s | hold+book: CPU ms/booking | failed |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [database, { holds }] of Object.entries(booking)) {
    const { direct, held } = holds;
    console.log(
      `| ${database} | ${Math.round(direct.bookingsPerSecond)} | ${direct.cpuMsPerBooking.toFixed(2)} | ${Math.round(held.bookingsPerSecond)} | ${held.cpuMsPerBooking.toFixed(2)} | ${direct.failed + held.failed} |`,
    );
  }
  await mkdir(".tmp", { recursive: true });
  await writeFile(".tmp/bench-booking.json", JSON.stringify(booking, null, 2));
  process.exit(over === 0 ? 0 : 1);
}

function printMessages(messageResults: Record<string, Awaited<ReturnType<typeof messagesBench>>>) {
  const any = Object.values(messageResults)[0];
  console.log(
    `\nBookings with messages to clients off and on (POST /api/v1/bookings, ${any?.connections} connections, ${any?.seconds} s, median of ${any?.rounds} alternating rounds, fresh database each):\n`,
  );
  console.log(messagesTable(messageResults));
}

const results: Record<string, Record<string, Measurement>> = {};
const bursts: Record<string, BookingBurst> = {};
const holdCosts: Record<string, Awaited<ReturnType<typeof holdCost>>> = {};

const pgResult = await withPostgres(async (url) => {
  const server = await spawnServer({ DATABASE_URL: url, RATE_LIMITS: "off" });
  await server.ready();
  try {
    const measured = await benchServer(server);
    // The same with every availability answer computed afresh, for comparison.
    const uncached = await spawnServer({
      DATABASE_URL: url,
      RATE_LIMITS: "off",
      AVAILABILITY_CACHE: "off",
    });
    await uncached.ready();
    try {
      results["PostgreSQL, no answer reused"] = await benchServer(uncached);
    } finally {
      await uncached.stop();
    }
    holdCosts.PostgreSQL = await holdCost(server);
    const burst = await bookingBurst(server);
    bursts.PostgreSQL = {
      ...burst,
      overbookings: await countOverbookings({ kind: "postgres", url }),
    };
    return measured;
  } finally {
    await server.stop();
  }
});
if (pgResult) results.PostgreSQL = pgResult;

const dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-bench-data-"));
try {
  const server = await spawnServer({ DATA_DIR: dataDir, RATE_LIMITS: "off" });
  await server.ready();
  let burst: Omit<BookingBurst, "overbookings">;
  try {
    results["embedded (PGlite)"] = await benchServer(server);
    holdCosts["embedded (PGlite)"] = await holdCost(server);
    burst = await bookingBurst(server);
  } finally {
    await server.stop();
  }
  bursts["embedded (PGlite)"] = {
    ...burst,
    overbookings: await countOverbookings({ kind: "pglite", dataDir }),
  };
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const rows = [
  "| database | endpoint | req/s | p50 ms | p99 ms | req/s vs floor | server CPU ms/req | non-2xx |",
  "|---|---|---:|---:|---:|---:|---:|---:|",
];
const order = ["PostgreSQL", "PostgreSQL, no answer reused", "embedded (PGlite)"];
const ordered = Object.entries(results).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
for (const [database, byEndpoint] of ordered) {
  const floor = byEndpoint.floor?.requestsPerSecond ?? 0;
  for (const [endpoint, m] of Object.entries(byEndpoint)) {
    const label =
      endpoint === "floor" ? "floor: GET /health (SELECT 1)" : "GET /api/v1/availability (31 days)";
    const ratio = floor ? `${Math.round((m.requestsPerSecond / floor) * 100)} %` : "–";
    rows.push(
      `| ${database} | ${label} | ${Math.round(m.requestsPerSecond)} | ${m.p50} | ${m.p99} | ${ratio} | ${m.cpuMsPerRequest.toFixed(3)} | ${m.non2xx + m.errors} |`,
    );
  }
}
console.log(
  `\n${connections} connections, ${seconds} s per round, median of ${rounds} rounds, ${new Date().toISOString()}\n`,
);
console.log(rows.join("\n"));
console.log(
  `\nBooking creation under contention (POST /api/v1/bookings, ${connections} connections, ${seconds} s, 60 slots × 2 places):\n`,
);
console.log(
  "| database | req/s | p50 ms | p99 ms | server CPU ms/req | 201 created | 409 refused | overbookings |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [database, b] of Object.entries(bursts)) {
  console.log(
    `| ${database} | ${Math.round(b.requestsPerSecond)} | ${b.p50} | ${b.p99} | ${b.cpuMsPerRequest.toFixed(3)} | ${b.created} | ${b.refused} | ${b.overbookings} |`,
  );
}
console.log(
  "\nHold then book against a direct booking (free places, 10 connections, successful bookings only):\n",
);
console.log(
  "| database | direct: bookings/s | direct: CPU ms/booking | hold+book: bookings/s | hold+book: CPU ms/booking | CPU ratio | throughput ratio | failed |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [database, { direct, held }] of Object.entries(holdCosts)) {
  const cpuRatio = direct.cpuMsPerBooking ? held.cpuMsPerBooking / direct.cpuMsPerBooking : 0;
  const rateRatio = direct.bookingsPerSecond
    ? held.bookingsPerSecond / direct.bookingsPerSecond
    : 0;
  console.log(
    `| ${database} | ${Math.round(direct.bookingsPerSecond)} | ${direct.cpuMsPerBooking.toFixed(2)} | ${Math.round(held.bookingsPerSecond)} | ${held.cpuMsPerBooking.toFixed(2)} | ${cpuRatio.toFixed(2)} × | ${rateRatio.toFixed(2)} × | ${direct.failed + held.failed} |`,
  );
}
const messageResults: Record<string, Awaited<ReturnType<typeof messagesBench>>> = {};
if (pgResult) {
  messageResults.PostgreSQL = await messagesBench({ kind: "postgres", adminUrl: postgresUrl });
}
messageResults["embedded (PGlite)"] = await messagesBench({ kind: "pglite" });
printMessages(messageResults);
await mkdir(".tmp", { recursive: true });
await writeFile(
  ".tmp/bench.json",
  JSON.stringify({ connections, seconds, rounds, results, holdCosts }, null, 2),
);

interface DataSetResult {
  generated?: Generated;
  explained?: Awaited<ReturnType<typeof explainHotQueries>>;
  cached: Record<string, Measurement>;
  fresh: Record<string, Measurement>;
  booking: Awaited<ReturnType<typeof holdCost>>;
  burst: BookingBurst;
}

/**
 * The same measurements on the seed alone and on generated data sets of the given
 * scales (scripts/bench/national.ts), each in its own database, in one run: the ratios
 * to each data set's own floor are what compare.
 */
async function measureDataSet(scale: number | null): Promise<DataSetResult | null> {
  return withPostgres(
    async (url) => {
      let generated: Generated | undefined;
      let explained: DataSetResult["explained"];
      if (scale !== null) {
        const database = await openDatabase({ kind: "postgres", url });
        try {
          await migrate(database, url);
          await seed(database.prisma);
        } finally {
          await database.close();
        }
        process.stderr.write(`Generating scale ${scale}:\n`);
        generated = await generateNational(url, scale);
        process.stderr.write(
          `  ${generated.rows.bookings} bookings in ${generated.seconds.toFixed(0)} s\n`,
        );
        explained = await explainHotQueries(url, generated.sample);
      }
      const extra: Record<string, string> = generated
        ? { busy: availabilityPath(generated.sample.servicePoint, generated.sample.service) }
        : {};
      const server = await spawnServer({ DATABASE_URL: url, RATE_LIMITS: "off" });
      await server.ready();
      try {
        const cached = await benchServer(server, extra);
        const uncached = await spawnServer({
          DATABASE_URL: url,
          RATE_LIMITS: "off",
          AVAILABILITY_CACHE: "off",
        });
        await uncached.ready();
        let fresh: Record<string, Measurement>;
        try {
          fresh = await benchServer(uncached, extra);
        } finally {
          await uncached.stop();
        }
        const booking = await holdCost(server);
        const burst = await bookingBurst(server);
        return {
          generated,
          explained,
          cached,
          fresh,
          booking,
          burst: { ...burst, overbookings: await countOverbookings({ kind: "postgres", url }) },
        };
      } finally {
        await server.stop();
      }
    },
    `pieraksts_bench_${process.pid}_${scale ?? "small"}`,
  );
}

async function scaleBench(spec: string) {
  const scales = spec.split(",").map((part) => (part === "national" ? 100 : Number(part)));
  if (scales.some((scale) => !Number.isFinite(scale) || scale <= 0)) {
    process.stderr.write(
      `--scale takes "national" (= 100) or positive numbers, comma-separated: ${spec}\n`,
    );
    process.exit(2);
  }
  const sets: Record<string, DataSetResult> = {};
  for (const scale of [null, ...scales]) {
    const result = await measureDataSet(scale);
    if (!result) {
      process.stderr.write("The scale bench needs PostgreSQL.\n");
      process.exit(1);
    }
    sets[scale === null ? "seed only" : `${scale}×`] = result;
  }
  await mkdir(".tmp", { recursive: true });
  const small = sets["seed only"] as DataSetResult;
  const ratios = (set: DataSetResult) => {
    const floor = set.cached.floor as Measurement;
    const freshFloor = set.fresh.floor as Measurement;
    const rate = (m: Measurement | undefined, f: Measurement) =>
      m ? m.requestsPerSecond / f.requestsPerSecond : Number.NaN;
    return {
      availability: rate(set.cached.availability, floor),
      fresh: rate(set.fresh.availability, freshFloor),
      busyCached: rate(set.cached.busy, floor),
      busyFresh: rate(set.fresh.busy, freshFloor),
      // The server's CPU per request against the floor's: steadier than throughput on a
      // machine shared with the load generator and other jobs.
      freshCpu:
        (set.fresh.availability?.cpuMsPerRequest ?? Number.NaN) / freshFloor.cpuMsPerRequest,
      booking: set.booking.direct.bookingsPerSecond / floor.requestsPerSecond,
      bookingCpu: set.booking.direct.cpuMsPerBooking / floor.cpuMsPerRequest,
      heldCpu: set.booking.held.cpuMsPerBooking / floor.cpuMsPerRequest,
      burst: set.burst.requestsPerSecond / floor.requestsPerSecond,
    };
  };
  const base = ratios(small);
  const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(0)} %` : "–");
  const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ×` : "–");
  const change = (value: number, against: number) =>
    Number.isFinite(value) && Number.isFinite(against)
      ? `${value >= against ? "+" : ""}${(((value - against) / against) * 100).toFixed(0)} %`
      : "–";
  console.log(
    `\nData sets on PostgreSQL (${connections} connections, ${seconds} s, median of ${rounds} rounds; ratios to each set's own floor, GET /health), ${new Date().toISOString()}\n`,
  );
  console.log(
    "| data set | bookings | generated in | floor req/s | availability (reused) vs floor | fresh vs floor | fresh CPU ÷ floor's | busy service: reused / fresh vs floor | direct bookings/s vs floor req/s | CPU per booking ÷ floor's | hold+book CPU ÷ floor's | contention req/s vs floor | overbookings |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, set] of Object.entries(sets)) {
    const r = ratios(set);
    console.log(
      `| ${name} | ${set.generated?.rows.bookings ?? "seed"} | ${set.generated ? `${set.generated.seconds.toFixed(0)} s` : "–"} | ${Math.round(set.cached.floor?.requestsPerSecond ?? 0)} | ${pct(r.availability)} | ${pct(r.fresh)} | ${times(r.freshCpu)} | ${pct(r.busyCached)} / ${pct(r.busyFresh)} | ${pct(r.booking)} | ${times(r.bookingCpu)} | ${times(r.heldCpu)} | ${pct(r.burst)} | ${set.burst.overbookings} |`,
    );
  }
  console.log("\nChange against the seed-only set (target: within ±20 %):\n");
  console.log(
    "| data set | availability (reused) | fresh | fresh CPU | direct bookings/s | CPU per booking | hold+book CPU | contention req/s |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, set] of Object.entries(sets)) {
    if (set === small) continue;
    const r = ratios(set);
    console.log(
      `| ${name} | ${change(r.availability, base.availability)} | ${change(r.fresh, base.fresh)} | ${change(r.freshCpu, base.freshCpu)} | ${change(r.booking, base.booking)} | ${change(r.bookingCpu, base.bookingCpu)} | ${change(r.heldCpu, base.heldCpu)} | ${change(r.burst, base.burst)} |`,
    );
  }
  for (const [name, set] of Object.entries(sets)) {
    if (!set.explained || !set.generated) continue;
    const file = `.tmp/bench-explain-${set.generated.scale}.txt`;
    await writeFile(file, set.explained.map((e) => `## ${e.name}\n\n${e.plan}\n`).join("\n"));
    console.log(
      `\nEXPLAIN (ANALYZE, BUFFERS) at ${name}, rows ${JSON.stringify(set.generated.rows)} (full plans in ${file}):\n`,
    );
    console.log("| query | execution ms | scans | sequential scans of growing tables |");
    console.log("|---|---:|---|---|");
    for (const e of set.explained) {
      console.log(
        `| ${e.name} | ${e.executionMs.toFixed(3)} | ${e.scans.join("; ") || "–"} | ${e.bigSeqScans.join("; ") || "none"} |`,
      );
    }
  }
  await writeFile(
    ".tmp/bench-scale.json",
    JSON.stringify({ connections, seconds, rounds, sets }, null, 2),
  );
  const over = Object.values(sets).reduce((sum, set) => sum + set.burst.overbookings, 0);
  if (over > 0) {
    process.stderr.write(`${over} overbookings!\n`);
    process.exit(1);
  }
}
