import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The real server as a user starts it (`node scripts/start.mjs`, what `pnpm start` runs)
 * in a child process, for tests and benchmarks over real HTTP. It never builds the SPA
 * (WEB_DIST points at an empty folder) and inherits no DATABASE_URL unless given one.
 */
const root = fileURLToPath(new URL("../../../..", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once GET /health answers 200; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** CPU time the process has used so far, in milliseconds (Linux /proc). */
  cpuMs(): Promise<number>;
}

export async function spawnServer(
  env: Record<string, string>,
  /** What node runs: `pnpm start`'s script, or the compiled server itself. */
  { entry = "scripts/start.mjs" }: { entry?: string } = {},
): Promise<ServerProcess> {
  const { DATABASE_URL: _notInherited, ...inherited } = process.env;
  const webDist = await mkdtemp(path.join(tmpdir(), "pieraksts-web-"));
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [entry], {
    cwd: root,
    env: {
      ...inherited,
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      WEB_DIST: webDist,
      ...env,
      PORT: env.PORT ?? String(port),
    },
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
    child.once("exit", (code) => {
      rm(webDist, { recursive: true, force: true }).finally(() => resolve(code));
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    url,
    output: () => output,
    exited,
    async ready(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && child.exitCode === null) {
        const ok = await fetch(`${url}/health`).then(
          (res) => res.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`the server did not become ready:\n${output}`);
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    async cpuMs() {
      const stat = await readFile(`/proc/${child.pid}/stat`, "utf8").catch(() => "");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime, in clock ticks (100 per second on Linux).
      return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10;
    },
  };
}
