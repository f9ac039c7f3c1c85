export * from "./postgres.ts";
export * from "./test-database.ts";
