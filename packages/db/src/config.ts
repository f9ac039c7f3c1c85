import path from "node:path";
import { z } from "zod";
import type { DatabaseOptions } from "./database.ts";

/** The settings that choose the database; the API's configuration extends them. */
export const ZDatabaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, "must be a postgresql:// URL")
    .refine((value) => URL.canParse(value), "is not a valid URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});
export type DatabaseEnv = z.infer<typeof ZDatabaseEnv>;

export function databaseOptions(env: DatabaseEnv): DatabaseOptions {
  return env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE }
    : { kind: "pglite", dataDir: path.resolve(env.DATA_DIR) };
}

/** One line per bad setting, naming it. */
export function formatEnvErrors(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`)
    .join("; ");
}
