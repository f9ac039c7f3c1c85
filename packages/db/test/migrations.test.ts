import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  diffMigrationsToSchema,
  loadMigrationList,
  migrationsUpToDate,
  readSchema,
} from "../src/migrations.ts";
import { migrationsDir } from "../src/paths.ts";
import { createTestDatabase } from "../src/testing/test-database.ts";

describe("migrations", () => {
  it("agree with prisma/schema.prisma (drift check)", async () => {
    const drift = await diffMigrationsToSchema();
    expect(drift, "schema.prisma changed without a migration: run pnpm db:migration <name>").toBe(
      "",
    );
  });

  it("the drift check catches a schema change that has no migration", async () => {
    const schema = await readSchema();
    const changed = schema.replace(
      "model Organisation {\n",
      "model Organisation {\n  motto     String?\n",
    );
    expect(changed).not.toBe(schema);
    const drift = await diffMigrationsToSchema({ schema: changed });
    expect(drift).toContain('ALTER TABLE "Organisation" ADD COLUMN     "motto" TEXT');
  });

  it("keep Prisma's folder layout and lock file", async () => {
    const list = await loadMigrationList();
    expect(list.lockfile.content).toContain('provider = "postgresql"');
    expect(list.migrationDirectories.length).toBeGreaterThan(0);
    for (const dir of list.migrationDirectories) {
      expect(dir.path).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(dir.migrationFile.content.tag).toBe("ok");
    }
  });

  it("are recorded in _prisma_migrations, so prisma migrate deploy sees them", async () => {
    const db = await createTestDatabase();
    try {
      const rows = await db.prisma.$queryRaw<
        { migration_name: string; finished_at: Date | null; checksum: string }[]
      >`SELECT migration_name, finished_at, checksum FROM _prisma_migrations ORDER BY migration_name`;
      const list = await loadMigrationList();
      expect(rows.map((row) => row.migration_name)).toEqual(
        list.migrationDirectories.map((dir) => dir.path),
      );
      for (const row of rows) {
        expect(row.finished_at).not.toBeNull();
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      }
    } finally {
      await db.destroy();
    }
  });

  it("are seen as up to date, without the schema engine, only when the database has exactly the folder's", async () => {
    const db = await createTestDatabase();
    const copy = await mkdtemp(path.join(tmpdir(), "pieraksts-migrations-"));
    const query = (sql: string) => db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql);
    try {
      expect(await migrationsUpToDate(query)).toBe(true);
      await cp(migrationsDir, copy, { recursive: true });
      // A migration the database has not seen yet.
      const pending = path.join(copy, "29991231000000_pending");
      await cp(
        path.join(copy, (await loadMigrationList()).migrationDirectories[0]?.path ?? ""),
        pending,
        {
          recursive: true,
        },
      );
      expect(await migrationsUpToDate(query, copy)).toBe(false);
      await rm(pending, { recursive: true });
      expect(await migrationsUpToDate(query, copy)).toBe(true);
      // An applied migration whose file changed since (the checksum differs).
      const [first] = (await loadMigrationList(copy)).migrationDirectories;
      await writeFile(path.join(copy, first?.path ?? "", "migration.sql"), "-- changed\n");
      expect(await migrationsUpToDate(query, copy)).toBe(false);
      // A migration that failed halfway.
      await cp(migrationsDir, copy, { recursive: true, force: true });
      expect(await migrationsUpToDate(query, copy)).toBe(true);
      await query(
        "UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)",
      );
      expect(await migrationsUpToDate(query, copy)).toBe(false);
    } finally {
      await rm(copy, { recursive: true, force: true });
      await db.destroy();
    }
  });
});
