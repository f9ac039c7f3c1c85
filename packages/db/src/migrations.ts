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
