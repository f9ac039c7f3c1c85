import { readFileSync } from "node:fs";
import { open, readFile, rm } from "node:fs/promises";
import path from "node:path";

/** Two processes on one PGlite directory corrupt it, so the directory is locked. */
export class DataDirLockedError extends Error {
  readonly code = "DATA_DIR_LOCKED";
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Pieraksts process (pid ${holderPid}). ` +
        "Stop that process, use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.",
    );
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/<pid>/stat), on
 * Linux; undefined elsewhere or when the process is gone. A pid is reused once its
 * process has died, but never with the same start time, so pid and start time together
 * name one process.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; the fields after it do not.
    const start = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
    return start && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

/** The lock file reads "<pid> <start time>"; older ones hold only the pid. */
function holderOf(content: string): { pid: number; startTime: string | undefined } {
  const [pid, startTime] = content.trim().split(/\s+/);
  return { pid: Number.parseInt(pid ?? "", 10), startTime: startTime || undefined };
}

/** Does the process that wrote the lock still run? A live process with its pid may not be it. */
function holderRuns(holder: { pid: number; startTime: string | undefined }): boolean {
  if (!isAlive(holder.pid)) return false;
  const now = processStartTime(holder.pid);
  // Without /proc (not Linux) or a start time in the file, a live pid is all we can go by.
  if (!holder.startTime || !now) return true;
  return now === holder.startTime;
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = path.join(dataDir, "pieraksts.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, "wx");
      const startTime = processStartTime(process.pid);
      await handle.writeFile(startTime ? `${process.pid} ${startTime}` : String(process.pid));
      await handle.close();
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = holderOf(await readFile(file, "utf8").catch(() => ""));
      if (Number.isInteger(holder.pid) && holder.pid !== process.pid && holderRuns(holder)) {
        throw new DataDirLockedError(dataDir, holder.pid);
      }
      // Left by a process that died without cleaning up, whose pid may since have gone to
      // another process (or to us).
      await rm(file, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}`);
}
