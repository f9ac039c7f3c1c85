import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { migrationsDir, schemaPath } from "./paths.ts";
import { openSchemaEngine } from "./schema-engine.ts";

const noFilter = { externalTables: [], externalEnums: [] };

export async function readSchema(file = schemaPath): Promise<string> {
  return readFile(file, "utf8");
}

/** The migrations folder in the shape Prisma's engine reads it. */
export async function loadMigrationList(dir = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const content = await readFile(path.join(dir, name, "migration.sql"), "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: Error) => ({ tag: "error" as const, value: error.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  // Before the first migration there is no lock file yet; the provider is fixed anyway.
  const lockfile = await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(
    () => 'provider = "postgresql"\n',
  );
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Runs one SQL text without parameters and returns its rows. */
export type RawQuery = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * True when `_prisma_migrations` records exactly the migrations of the folder, each
 * finished and with the checksum Prisma gives it (the SHA-256 of migration.sql), and
 * nothing failed or unknown: then there is nothing to apply, and the schema engine (whose
 * WebAssembly takes a second or more to compile) need not start. Anything else, the
 * engine decides, with its own errors.
 */
export async function migrationsUpToDate(query: RawQuery, dir = migrationsDir): Promise<boolean> {
  const [table] = await query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
  if (!table?.present) return false;
  const rows = await query(
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished
       FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
  );
  const { migrationDirectories } = await loadMigrationList(dir);
  const expected = new Map<string, string>();
  for (const { path: name, migrationFile } of migrationDirectories) {
    if (migrationFile.content.tag !== "ok") return false;
    expected.set(name, createHash("sha256").update(migrationFile.content.value).digest("hex"));
  }
  const applied = new Set<string>();
  for (const row of rows) {
    const name = String(row.migration_name);
    if (!row.finished || expected.get(name) !== row.checksum || applied.has(name)) return false;
    applied.add(name);
  }
  return applied.size === expected.size;
}

/** Applies the migrations not yet recorded in `_prisma_migrations`; returns their names. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  dir = migrationsDir,
): Promise<string[]> {
  const engine = await openSchemaEngine(adapterFactory, await readSchema());
  try {
    const migrationsList = await loadMigrationList(dir);
    const result = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * The SQL that would bring a database built from the migrations to the schema; empty
 * when they agree. Runs the migrations on an in-memory shadow database, so it needs no
 * server.
 */
export async function diffMigrationsToSchema(
  options: { schema?: string; dir?: string } = {},
): Promise<string> {
  const schema = options.schema ?? (await readSchema());
  const scratch = new PGlite();
  const engine = await openSchemaEngine(new PrismaPGlite(scratch), schema);
  try {
    const result = await engine.diff({
      from: { tag: "migrations", ...(await loadMigrationList(options.dir)) },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: true,
      filters: noFilter,
    });
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  } finally {
    engine.free();
    await scratch.close();
  }
}
