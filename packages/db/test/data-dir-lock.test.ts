import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "../src/data-dir-lock.ts";

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
    expect(await readFile(path.join(dir, "pieraksts.lock"), "utf8")).toBe(String(process.pid));
    await lock.release();
    await expect(readFile(path.join(dir, "pieraksts.lock"), "utf8")).rejects.toThrow();
  });
});
