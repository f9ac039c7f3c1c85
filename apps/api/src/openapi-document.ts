import { fileURLToPath } from "node:url";
import { migrate, openDatabase } from "@pieraksts/db";
import { buildApp } from "./app.ts";
import { parseConfig } from "./config.ts";

/** Where the committed OpenAPI document lives; third parties read this file. */
export const openapiPath = fileURLToPath(new URL("../openapi.json", import.meta.url));

/** The document the server serves at /openapi.json, as committed (stable key order). */
export async function renderOpenapiDocument(): Promise<string> {
  // A key of its own: the empty database has no table to keep a made one in.
  const parsed = parseConfig({ LOG_LEVEL: "silent", SECRET_KEY: "0".repeat(64) });
  if (!parsed.ok) throw new Error(parsed.message);
  // Routes need an empty database with the tables (plugins read their own at start).
  const database = await openDatabase({ kind: "pglite" });
  await migrate(database);
  const app = await buildApp({ database, config: parsed.config, logger: false });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}
