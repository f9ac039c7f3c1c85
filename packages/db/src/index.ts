export * from "./config.ts";
export * from "./data-dir-lock.ts";
export * from "./database.ts";
export * from "./generated/prisma/client.ts";
export * from "./migrate.ts";
export * from "./migrations.ts";
export * from "./seed/seed.ts";
export * from "./seed/seed-data.ts";
