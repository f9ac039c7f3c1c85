import { fileURLToPath } from "node:url";
import { openDatabase } from "@pieraksts/db";
import { buildApp } from "./app.ts";
import { parseConfig } from "./config.ts";

/** Where the committed OpenAPI document lives; third parties read this file. */
export const openapiPath = fileURLToPath(new URL("../openapi.json", import.meta.url));

/** The document the server serves at /openapi.json, as committed (stable key order). */
export async function renderOpenapiDocument(): Promise<string> {
  const parsed = parseConfig({ LOG_LEVEL: "silent" });
  if (!parsed.ok) throw new Error(parsed.message);
  // Routes only need a database to exist, not to hold anything.
  const database = await openDatabase({ kind: "pglite" });
  const app = await buildApp({ database, config: parsed.config, logger: false });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await database.close();
  }
}
