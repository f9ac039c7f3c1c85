import { onServer } from "@pieraksts/db/testing";
import { expect } from "vitest";

/**
 * Faults done to a real PostgreSQL server from a connection of its own. Tests about lost
 * connections need a server even in the default (embedded) run: the one in DATABASE_URL,
 * else the local server on 127.0.0.1:5432 that development and CI machines run (README).
 */
export const postgresServerUrl =
  process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** Ends every connection to `database` (what a failover or an idle reaper does); how many. */
export async function terminateBackends(database: string): Promise<number> {
  return onServer(postgresServerUrl, async (client) => {
    const result = await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [database],
    );
    return result.rowCount ?? 0;
  });
}

/** Refuses new connections to `database` and ends the current ones: the database is away. */
export async function makeUnreachable(database: string): Promise<void> {
  await onServer(postgresServerUrl, (client) =>
    client.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`),
  );
  await terminateBackends(database);
}

export async function makeReachable(database: string): Promise<void> {
  await onServer(postgresServerUrl, (client) =>
    client.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`),
  );
}

export interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: { code?: string; reference?: string; detail?: string; start?: string };
}

/** One HTTP call; a refused or broken socket (a killed process) answers status 0. */
export async function call(url: string, init?: RequestInit): Promise<Answer> {
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    let body: Answer["body"] = {};
    try {
      body = JSON.parse(text) as Answer["body"];
    } catch {
      body = { detail: text };
    }
    return {
      status: res.status,
      contentType: res.headers.get("content-type") ?? "",
      retryAfter: res.headers.get("retry-after"),
      body,
    };
  } catch {
    return { status: 0, contentType: "", retryAfter: null, body: {} };
  }
}

/** A server error is only ever a 503 problem with Retry-After, never a 500 or a stack. */
export function expectNoServerFaults(answers: Answer[]): void {
  const faults = answers.filter((a) => a.status >= 500 && a.status !== 503);
  expect(faults.map((a) => `${a.status} ${a.body.code}`)).toEqual([]);
  for (const answer of answers.filter((a) => a.status === 503)) {
    expect(answer.contentType).toContain("application/problem+json");
    expect(answer.body.code).toBe("SERVICE_UNAVAILABLE");
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(JSON.stringify(answer.body)).not.toMatch(/\bat .+:\d+:\d+|57P01|SELECT/);
  }
}
