import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { lockDataDir } from "./data-dir-lock.ts";

/** A failure the CLI reports as one line, without a stack trace. */
export class BackupError extends Error {}

/** Where the embedded database keeps its files inside DATA_DIR (see openDatabase). */
function pgliteDir(dataDir: string): string {
  return path.join(dataDir, "pglite");
}

async function isNonEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Writes the embedded database as a gzipped tarball. Takes the data-directory lock, so a
 * running server (which holds it) makes this fail with DataDirLockedError instead of
 * copying files it is changing.
 */
export async function backupDataDir(dataDir: string, file: string): Promise<void> {
  if (!(await isNonEmptyDir(pgliteDir(dataDir)))) {
    throw new BackupError(`There is no embedded database in ${dataDir} to back up.`);
  }
  const lock = await lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create({ dataDir: pgliteDir(dataDir) });
    try {
      const tarball = await pglite.dumpDataDir("gzip");
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await pglite.close();
    }
  } finally {
    await lock.release();
  }
}

/**
 * Restores a backupDataDir tarball into DATA_DIR. An existing database there is replaced
 * only with `force`, and never while a server holds the directory.
 */
export async function restoreDataDir(
  file: string,
  dataDir: string,
  options: { force?: boolean } = {},
): Promise<void> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new BackupError(`There is no file ${file}.`);
    throw error;
  });
  const tarball = new Blob([bytes]);
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  try {
    if (await isNonEmptyDir(pgliteDir(dataDir))) {
      if (!options.force) {
        throw new BackupError(
          `${dataDir} already holds a database; restore into an empty DATA_DIR, or add --force to replace it.`,
        );
      }
      await rm(pgliteDir(dataDir), { recursive: true, force: true });
    }
    const pglite = await PGlite.create({ dataDir: pgliteDir(dataDir), loadDataDir: tarball });
    // A query proves the restored files make a working database before we say so.
    await pglite.query("SELECT 1");
    await pglite.close();
  } finally {
    await lock.release();
  }
}

/** Runs pg_dump or pg_restore, naming the Debian package when it is missing. */
function runPgTool(tool: "pg_dump" | "pg_restore", args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new BackupError(
              `${tool} is not on the PATH; install PostgreSQL's client tools (Debian: apt-get install postgresql-client).`,
            )
          : error,
      );
    });
    child.once("close", (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${tool} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}

/** pg_dump's custom format: compressed, and pg_restore can pick and reorder from it. */
export async function backupPostgres(url: string, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await runPgTool("pg_dump", ["--format=custom", "--file", file, "--dbname", url]);
}

/**
 * Replaces the dumped objects in the database at `url` (drops them first if present) in
 * one transaction, so a failed restore leaves the database as it was. Ownership is not
 * restored: the objects belong to the user of `url`.
 */
export async function restorePostgres(file: string, url: string): Promise<void> {
  await runPgTool("pg_restore", [
    "--clean",
    "--if-exists",
    "--no-owner",
    "--single-transaction",
    "--dbname",
    url,
    file,
  ]);
}
