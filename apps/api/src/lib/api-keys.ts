import { randomBytes } from "node:crypto";
import type { ApiKeyScope } from "@pieraksts/contracts";
import { sha256 } from "./crypto.ts";

/**
 * A new key: "pk_" and 8 hex characters people see (the prefix), then 256 random bits.
 * Only the SHA-256 of the whole key is stored: with that much entropy a fast hash is
 * enough, and the lookup is one indexed equality.
 */
export function newApiKey(): { key: string; prefix: string; keyHash: string } {
  const prefix = `pk_${randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, keyHash: sha256(key) };
}

/** What a request made with a key may do, read from the database on every request. */
export interface ApiKeyContext {
  id: string;
  organisationId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
}

/** lastUsedAt is written at most this often per key, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The requests per minute a key may make: its own limit, or the default; never above
 * the maximum, also for a key given more before the maximum was lowered.
 */
export function keyRequestsPerMinute(
  row: { requestsPerMinute: number | null },
  config: { API_KEY_REQUESTS_PER_MINUTE: number; API_KEY_MAX_REQUESTS_PER_MINUTE: number },
): number {
  return Math.min(
    row.requestsPerMinute ?? config.API_KEY_REQUESTS_PER_MINUTE,
    config.API_KEY_MAX_REQUESTS_PER_MINUTE,
  );
}
