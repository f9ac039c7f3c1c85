import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Prisma's own schema engine, compiled to WebAssembly, so migrations are authored and
 * applied without the native engine Prisma's CLI would download (see
 * docs/decisions/002-offline-migrations.md). The package's entry imports the .wasm as an
 * ES module, which Node 20 only allows behind a flag, so the module is instantiated here.
 */
let initialised: Promise<void> | undefined;

// @types/node 20 does not declare the WebAssembly global that Node has.
declare const WebAssembly: {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, unknown>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

function initialise(): Promise<void> {
  initialised ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(entry), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  })();
  return initialised;
}

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema: string,
): Promise<SchemaEngine> {
  await initialise();
  const log = (message: string) => {
    if (process.env.PIERAKSTS_DEBUG_SCHEMA_ENGINE) process.stderr.write(`${message}\n`);
  };
  return glue.SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
