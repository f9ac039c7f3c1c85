import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

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

export interface RunningServer {
  url: string;
  /** CPU time the server process has used so far, in milliseconds (Linux /proc). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** The real server (`node scripts/start.mjs`) in a child process, rate limits off. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const webDist = await mkdtemp(path.join(tmpdir(), "pieraksts-bench-web-"));
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      RATE_LIMITS: "off",
      WEB_DIST: webDist,
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${url}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error("the server did not start");
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    async cpuMs() {
      const stat = await readFile(`/proc/${child.pid}/stat`, "utf8").catch(() => "");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime, in clock ticks (100 per second on Linux).
      return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
      await rm(webDist, { recursive: true, force: true });
    },
  };
}
