import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir, processStartTime } from "../src/data-dir-lock.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "pieraksts-lock-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A live process that is not us: a lock held by it must be respected. */
function otherProcess() {
  return spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
}

describe("lockDataDir", () => {
  it("refuses a directory another live process holds, naming it", async () => {
    const child = otherProcess();
    try {
      await writeFile(path.join(dir, "pieraksts.lock"), String(child.pid));
      const error = await lockDataDir(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as Error).message).toContain(`pid ${child.pid}`);
      expect((error as Error).message).toContain(dir);
    } finally {
      child.kill();
    }
  });

  it("takes over a lock left by a process that died", async () => {
    const child = otherProcess();
    const pid = child.pid;
    child.kill();
    await new Promise((resolve) => child.once("exit", resolve));
    await writeFile(path.join(dir, "pieraksts.lock"), String(pid));
    const lock = await lockDataDir(dir);
    expect(await readFile(path.join(dir, "pieraksts.lock"), "utf8")).toBe(
      `${process.pid} ${processStartTime(process.pid)}`,
    );
    await lock.release();
    await expect(readFile(path.join(dir, "pieraksts.lock"), "utf8")).rejects.toThrow();
  });

  it("takes over a lock whose pid now belongs to another, unrelated process", async () => {
    // The holder died (SIGKILL leaves its lock behind) and its pid went to a new process.
    const holder = otherProcess();
    const holderStart = await startTimeOf(holder.pid ?? 0);
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    // Start times count clock ticks (10 ms); a reused pid comes much later in real life.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const newcomer = spawn("sleep", ["60"], { stdio: "ignore" });
    try {
      expect(await startTimeOf(newcomer.pid ?? 0)).not.toBe(holderStart);
      await writeFile(path.join(dir, "pieraksts.lock"), `${newcomer.pid} ${holderStart}`);
      const lock = await lockDataDir(dir);
      expect(await readFile(path.join(dir, "pieraksts.lock"), "utf8")).toBe(
        `${process.pid} ${processStartTime(process.pid)}`,
      );
      await lock.release();
    } finally {
      newcomer.kill();
    }
  });

  it("takes over a lock naming the test runner's parent with another start time", async () => {
    const parent = process.ppid;
    const start = processStartTime(parent);
    expect(start).toMatch(/^\d+$/);
    await writeFile(path.join(dir, "pieraksts.lock"), `${parent} ${Number(start) + 1}`);
    const lock = await lockDataDir(dir);
    await lock.release();
  });

  it("still refuses a directory a second Pieraksts process really holds", async () => {
    const holder = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { lockDataDir } = await import(${JSON.stringify(lockModule)});
         await lockDataDir(${JSON.stringify(dir)});
         process.stdout.write("locked\\n");
         setTimeout(() => {}, 60000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"], cwd: packageRoot },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("locked")) resolve();
        });
        holder.once("exit", (code) => reject(new Error(`the holder exited with ${code}`)));
      });
      const error = await lockDataDir(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as Error).message).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });
});

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const lockModule = fileURLToPath(new URL("../src/data-dir-lock.ts", import.meta.url));

/** A child's start time, once /proc shows it (it is there as soon as the pid exists). */
async function startTimeOf(pid: number): Promise<string> {
  const start = processStartTime(pid);
  expect(start).toMatch(/^\d+$/);
  return start ?? "";
}
