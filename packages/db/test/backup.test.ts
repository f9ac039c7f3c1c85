import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/database.ts";
import { migrate } from "../src/migrate.ts";
import { seed } from "../src/seed/seed.ts";
import {
  dropDatabase,
  onServer,
  uniqueDatabaseName,
  withDatabaseName,
} from "../src/testing/postgres.ts";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const now = new Date("2026-11-23T10:00:00Z");
const marker = "info@backup-marker.example";

/** Runs a CLI as `pnpm db:backup` would, with only the given database settings. */
function runCli(
  script: "backup" | "restore",
  args: string[],
  env: { DATA_DIR?: string; DATABASE_URL?: string; PATH?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", `packages/db/src/cli/${script}.ts`, ...args],
    { cwd: repoRoot, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "pieraksts-backup-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("db:backup and db:restore on the embedded database", () => {
  let source: string;
  const file = () => path.join(work, "embedded.tar.gz");

  beforeAll(async () => {
    source = path.join(work, "source");
    const database = await openDatabase({ kind: "pglite", dataDir: source });
    try {
      await migrate(database);
      await seed(database.prisma, { now });
      await database.prisma.organisation.update({
        where: { slug: "koknese" },
        data: { email: marker },
      });
    } finally {
      await database.close();
    }
  });

  it("refuses to back up while another process (the server) holds DATA_DIR", async () => {
    const running = await openDatabase({ kind: "pglite", dataDir: source });
    try {
      const result = await runCli("backup", ["--out", file()], { DATA_DIR: source });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `The data directory ${source} is in use by another Pieraksts process (pid ${process.pid}). ` +
          "Stop that process, use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.",
      );
    } finally {
      await running.close();
    }
    await expect(readdir(work)).resolves.not.toContain("embedded.tar.gz");
  });

  it("backs up and restores into a new DATA_DIR, rows included", async () => {
    const backup = await runCli("backup", ["--out", file()], { DATA_DIR: source });
    expect(backup.stderr).toBe("");
    expect(backup).toMatchObject({ code: 0, stdout: `Backed up to ${file()}\n` });

    const target = path.join(work, "restored");
    const restore = await runCli("restore", [file()], { DATA_DIR: target });
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);

    const restored = await openDatabase({ kind: "pglite", dataDir: target });
    try {
      const koknese = await restored.prisma.organisation.findUnique({ where: { slug: "koknese" } });
      expect(koknese?.email).toBe(marker);
      expect(await restored.prisma.organisation.count()).toBe(2);
    } finally {
      await restored.close();
    }
  });

  it("refuses to overwrite a DATA_DIR that holds a database unless --force", async () => {
    const target = path.join(work, "occupied");
    // A table of its own, not the migrations: faster, and shows whose database is there.
    const database = await openDatabase({ kind: "pglite", dataDir: target });
    await database.prisma.$executeRawUnsafe("CREATE TABLE kept (note text)");
    await database.close();

    const refused = await runCli("restore", [file()], { DATA_DIR: target });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `${target} already holds a database; restore into an empty DATA_DIR, or add --force to replace it.`,
    );
    const untouched = await openDatabase({ kind: "pglite", dataDir: target });
    expect(await untouched.prisma.$queryRawUnsafe("SELECT count(*)::int AS n FROM kept")).toEqual([
      { n: 0 },
    ]);
    await untouched.close();

    const forced = await runCli("restore", [file(), "--force"], { DATA_DIR: target });
    expect(forced.stderr).toBe("");
    expect(forced.code).toBe(0);
    const replaced = await openDatabase({ kind: "pglite", dataDir: target });
    try {
      const koknese = await replaced.prisma.organisation.findUnique({ where: { slug: "koknese" } });
      expect(koknese?.email).toBe(marker);
    } finally {
      await replaced.close();
    }
  });
});

async function organisations(url: string | undefined) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ slug: string; email: string | null; name: unknown }>(
      `SELECT slug, email, name FROM "Organisation" ORDER BY slug`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe("db:backup and db:restore on PostgreSQL", () => {
  const serverUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const names = [uniqueDatabaseName("pieraksts_backup"), uniqueDatabaseName("pieraksts_restore")];
  const [sourceUrl, targetUrl] = names.map((name) => withDatabaseName(serverUrl, name));
  const file = () => path.join(work, "postgres.dump");

  beforeAll(async () => {
    for (const name of names) {
      await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    }
    const database = await openDatabase({ kind: "postgres", url: sourceUrl ?? "" });
    try {
      await migrate(database, sourceUrl);
      await seed(database.prisma, { now });
      await database.prisma.organisation.update({
        where: { slug: "koknese" },
        data: { email: marker },
      });
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    for (const name of names) await dropDatabase(serverUrl, name);
  });

  it("backs up with pg_dump and restores into a fresh database with pg_restore", async () => {
    const backup = await runCli("backup", ["--out", file()], { DATABASE_URL: sourceUrl });
    expect(backup.stderr).toBe("");
    expect(backup).toMatchObject({ code: 0, stdout: `Backed up to ${file()}\n` });

    const restore = await runCli("restore", [file()], { DATABASE_URL: targetUrl });
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);

    const [before, after] = await Promise.all([organisations(sourceUrl), organisations(targetUrl)]);
    expect(after).toEqual(before);
    expect(after.find((row) => row.slug === "koknese")?.email).toBe(marker);
  });

  it("names the package to install when pg_dump is not on the PATH", async () => {
    const emptyPath = path.join(work, "empty-path");
    await mkdir(emptyPath, { recursive: true });
    await writeFile(path.join(emptyPath, ".keep"), "");
    const result = await runCli("backup", ["--out", file()], {
      DATABASE_URL: sourceUrl,
      PATH: emptyPath,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "pg_dump is not on the PATH; install PostgreSQL's client tools (Debian: apt-get install postgresql-client).",
    );
  });
});
