import type { TestProject } from "vitest/node";
import "./provided.ts";
import { openDatabase } from "../database.ts";
import { migrate } from "../migrate.ts";
import { dropDatabase, onServer, uniqueDatabaseName, withDatabaseName } from "./postgres.ts";

/**
 * With DATABASE_URL set, the integration suite runs on that PostgreSQL server: a template
 * database is migrated once here, and each test file gets a fresh copy of it.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    project.provide("templateDatabase", null);
    return;
  }
  const name = uniqueDatabaseName("pieraksts_template");
  await onServer(url, (client) => client.query(`CREATE DATABASE "${name}"`));
  const templateUrl = withDatabaseName(url, name);
  const database = await openDatabase({ kind: "postgres", url: templateUrl });
  try {
    await migrate(database, templateUrl);
  } finally {
    await database.close();
  }
  project.provide("templateDatabase", name);
  return async () => {
    await dropDatabase(url, name);
  };
}
