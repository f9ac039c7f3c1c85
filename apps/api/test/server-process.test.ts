import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The real server as a user starts it: `node scripts/start.mjs` (what `pnpm start` runs),
// over real HTTP, on the embedded database in a directory of its own.
const root = fileURLToPath(new URL("../../..", import.meta.url));
let dataDir: string;
let webDist: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-data-"));
  webDist = await mkdtemp(path.join(tmpdir(), "pieraksts-web-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(webDist, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: root,
    env: { ...inherited, LOG_LEVEL: "warn", WEB_DIST: webDist, HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, port: Number(env.PORT ?? 0), output: () => output, exited };
}

async function waitForHealth(server: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  server.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    const ok = await fetch(`http://127.0.0.1:${server.port}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become healthy: ${server.output()}`);
}

async function getJson(port: number, url: string) {
  const res = await fetch(`http://127.0.0.1:${port}${url}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe("configuration errors", () => {
  it("PORT=not-a-port stops with one line naming PORT", async () => {
    const server = start({ PORT: "not-a-port", DATA_DIR: dataDir });
    expect(await server.exited).not.toBe(0);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT: /);
    expect(server.output()).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("a malformed DATABASE_URL stops with one line naming DATABASE_URL", async () => {
    const server = start({ PORT: "3999", DATABASE_URL: "mysql://nope" });
    expect(await server.exited).not.toBe(0);
    const lines = server.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("DATABASE_URL");
  });
});

describe("the embedded database across processes and restarts", () => {
  it("serves, refuses a second process on the same DATA_DIR, and keeps its data over a restart", async () => {
    const first = start({ PORT: String(await freePort()), DATA_DIR: dataDir });
    await waitForHealth(first);
    const points = await getJson(first.port, "/api/v1/service-points?organisation=daugavpils");
    expect(points).toHaveLength(4);
    const organisationsBefore = await getJson(first.port, "/api/v1/organisations");

    const second = start({ PORT: String(await freePort()), DATA_DIR: dataDir });
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain("is in use by another Pieraksts process");
    expect(second.output().trim().split("\n")).toHaveLength(1);
    // The first keeps serving.
    expect(await getJson(first.port, "/health")).toEqual({ status: "ok" });

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const restarted = start({ PORT: String(await freePort()), DATA_DIR: dataDir });
    await waitForHealth(restarted);
    expect(await getJson(restarted.port, "/api/v1/organisations")).toEqual(organisationsBefore);
    expect(await getJson(restarted.port, "/api/v1/service-points")).toHaveLength(5);
    restarted.child.kill("SIGINT");
    expect(await restarted.exited).toBe(0);
  });
});
