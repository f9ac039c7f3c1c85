// `pnpm measure:startup`: how long `pnpm start` takes from spawning the process to the
// first 200 on GET /health, on an embedded database that already exists (a restart) and
// on a fresh one (the first start: migrations and seeding). Prints the median, the
// fastest and the slowest of several runs. Run `pnpm build` first (this script does it
// when the build is missing), so that no run includes a build.
//
// On a busy machine the wall-clock times follow the load, so the server's CPU time is
// printed beside them, and `--baseline <dir>` (another checkout, its dependencies
// installed and built) measures that one too, run for run interleaved with this one.
//
//   pnpm measure:startup [--runs 7] [--path /api/v1/organisations] [--baseline ../old]
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    path: { type: "string", default: "/health" },
    // What `pnpm start` runs; pnpm itself adds its own start-up (about 0.3 s here) on top.
    command: { type: "string", default: "node scripts/start.mjs" },
    baseline: { type: "string" },
  },
});
const runs = Number(values.runs);
const [executable, ...args] = values.command.split(" ");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => (port ? resolve(port) : reject(new Error("no port"))));
    });
  });
}

/** CPU time (user and system, all threads) a process has used, in ms (Linux /proc). */
async function cpuMs(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10;
}

/**
 * Spawns the server on dataDir; resolves with the milliseconds to the first 200 and the
 * CPU time the server had used by then, which depends much less on what else the
 * machine is doing.
 */
async function timeToFirst200(dataDir, cwd = root) {
  const port = await freePort();
  const { DATABASE_URL: _embeddedOnly, ...inherited } = process.env;
  const started = performance.now();
  const child = spawn(executable === "node" ? process.execPath : executable, args, {
    cwd,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (chunk) => {
    errors += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server stopped:\n${errors}`);
      const ok = await fetch(`http://127.0.0.1:${port}${values.path}`).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ok) return { wall: performance.now() - started, cpu: await cpuMs(child.pid) };
      if (performance.now() - started > 120_000) throw new Error(`no 200 in 2 minutes:\n${errors}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

function summary(results) {
  const seconds = (ms) => (ms / 1000).toFixed(2);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const walls = results.map((result) => result.wall);
  const cpus = results.map((result) => result.cpu);
  return (
    `median ${seconds(median(walls))} s (runs: ${walls.map(seconds).join(", ")}); ` +
    `server CPU median ${seconds(median(cpus))} s`
  );
}

// Brings the build up to date first, so that no measured run includes it.
const build = spawnSync("node", ["scripts/build.mjs", "--if-stale"], {
  cwd: root,
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);

const checkouts = { "this checkout": root };
if (values.baseline) checkouts[`baseline (${values.baseline})`] = path.resolve(values.baseline);
const scratch = await mkdtemp(path.join(tmpdir(), "pieraksts-startup-"));
try {
  const results = {};
  for (const [name, cwd] of Object.entries(checkouts)) {
    // Creates, migrates and seeds the database the restarts then open.
    await timeToFirst200(path.join(scratch, name, "existing"), cwd);
    results[name] = { restarts: [], fresh: [] };
  }
  // Interleaved, so that a busy moment of the machine touches every case alike.
  for (let run = 0; run < runs; run++) {
    for (const [name, cwd] of Object.entries(checkouts)) {
      const dir = path.join(scratch, name);
      results[name].restarts.push(await timeToFirst200(path.join(dir, "existing"), cwd));
      results[name].fresh.push(await timeToFirst200(path.join(dir, `fresh-${run}`), cwd));
    }
  }
  const [load1] = loadavg();
  console.log(
    `\nStart-up, ${new Date().toISOString()}, ${values.command}, to the first 200 on ${values.path}; ` +
      `${runs} runs, ${cpus().length} cores, load average ${load1.toFixed(1)} at the end\n`,
  );
  for (const [name, { restarts, fresh }] of Object.entries(results)) {
    console.log(`${name}`);
    console.log(`  existing embedded database: ${summary(restarts)}`);
    console.log(`  fresh embedded database:    ${summary(fresh)}`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
