import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { AppError } from "@pieraksts/contracts";
import type { Prisma, PrismaClient } from "@pieraksts/db";
import { sha256 } from "./crypto.ts";

/**
 * Idempotency-Key (IETF draft "The Idempotency-Key HTTP Header Field", Stripe's
 * practice). A record is claimed before the work and completed with the response:
 * - same key, same request: the stored response is replayed, no second booking;
 * - same key, another request: 422 IDEMPOTENCY_KEY_REUSED;
 * - same key while the first is still running: 409 IDEMPOTENCY_KEY_IN_USE;
 * - a claim holds a short lease: a retry of the same request after the lease has passed
 *   takes the claim over (its owner died, decision 009). Only the current owner may
 *   complete the record, and a booking completes it in the booking's own transaction, so
 *   a committed booking always has its stored response and an in-flight record never
 *   hides a committed booking;
 * - records expire after 24 hours.
 * Records are scoped by the caller (their address), and the stored response, which holds
 * the manage token, is encrypted with a key derived from the Idempotency-Key itself:
 * the database holds neither the key nor the token in the clear, and only the caller who
 * knows the key can read the response.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const keyPattern = /^[\x21-\x7e]{8,255}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Claim =
  | {
      kind: "claimed";
      /**
       * Stores the response, on `db` (pass the booking's transaction so that both commit
       * or neither). Throws ClaimLostError when another retry has taken the claim over.
       */
      complete(response: StoredResponse, db?: Prisma.TransactionClient): Promise<void>;
      /**
       * What a booking's one call needs to store the response itself, in its own
       * statement (`pieraksts_book`, decision 027): the same update `complete` makes,
       * refused there as CLAIM_LOST when another retry has taken the claim over.
       */
      answer(response: StoredResponse): IdempotencyAnswer;
      release(): Promise<void>;
    }
  | { kind: "replay"; response: StoredResponse };

/** A stored response ready to write: the record's key, its owner and the sealed body. */
export interface IdempotencyAnswer {
  scope: string;
  key: string;
  owner: string;
  status: number;
  body: { iv: string; tag: string; data: string };
}

/** The key's first request is still running; Retry-After says when its lease ends. */
export class KeyInUseError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      "IDEMPOTENCY_KEY_IN_USE",
      "A request with this Idempotency-Key is still in progress; retry in a few seconds.",
    );
  }
}

/** This claim's lease passed and another request took it over: its answer stands. */
export class ClaimLostError extends Error {
  constructor() {
    super("The Idempotency-Key's claim was taken over by a retry.");
  }
}

function cipherKey(rawKey: string, scope: string): Buffer {
  return Buffer.from(hkdfSync("sha256", rawKey, scope, "pieraksts idempotency response", 32));
}

function encrypt(value: unknown, rawKey: string, scope: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", cipherKey(rawKey, scope), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return {
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  };
}

function decrypt(
  stored: { iv: string; tag: string; data: string },
  rawKey: string,
  scope: string,
): unknown {
  const decipher = createDecipheriv(
    "aes-256-gcm",
    cipherKey(rawKey, scope),
    Buffer.from(stored.iv, "base64"),
  );
  decipher.setAuthTag(Buffer.from(stored.tag, "base64"));
  const plain = Buffer.concat([
    decipher.update(Buffer.from(stored.data, "base64")),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString("utf8"));
}

function checkKey(rawKey: string) {
  if (!keyPattern.test(rawKey)) {
    throw new AppError("VALIDATION_FAILED", "The Idempotency-Key is not valid.", [
      { field: "headers.idempotency-key", message: "must be 8 to 255 visible ASCII characters" },
    ]);
  }
}

/**
 * The stored answer to an earlier, completed request with this key and body, or null.
 * Only reads: a retry of a request that already succeeded is answered before any rate
 * limit counts it, since it makes nothing new.
 */
export async function findIdempotentReplay(
  prisma: PrismaClient,
  options: { rawKey: string; caller: string; fingerprint: string; now: Date },
): Promise<Extract<Claim, { kind: "replay" }> | null> {
  checkKey(options.rawKey);
  const scope = sha256(`caller:${options.caller}`);
  const existing = await prisma.idempotencyRecord.findUnique({
    where: { scope_key: { scope, key: sha256(`key:${options.rawKey}`) } },
  });
  if (
    existing?.state !== "COMPLETED" ||
    existing.expiresAt <= options.now ||
    existing.requestHash !== sha256(options.fingerprint) ||
    existing.responseStatus === null ||
    !existing.responseBody
  ) {
    return null;
  }
  return replayOf(existing.responseStatus, existing.responseBody, options.rawKey, scope);
}

/** The stored answer of a completed record, decrypted for its caller. */
function replayOf(
  status: number,
  body: unknown,
  rawKey: string,
  scope: string,
): { kind: "replay"; response: StoredResponse } {
  const stored = body as { iv: string; tag: string; data: string };
  return { kind: "replay", response: { status, body: decrypt(stored, rawKey, scope) } };
}

export async function claimIdempotencyKey(
  prisma: PrismaClient,
  options: {
    rawKey: string;
    caller: string;
    fingerprint: string;
    now: Date;
    /** How long the claim is its owner's alone before a retry may take it over. */
    leaseMs: number;
  },
): Promise<Claim> {
  checkKey(options.rawKey);
  const scope = sha256(`caller:${options.caller}`);
  const key = sha256(`key:${options.rawKey}`);
  const requestHash = sha256(options.fingerprint);
  const expiresAt = new Date(options.now.getTime() + IDEMPOTENCY_TTL_MS);
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  const owner = randomUUID();

  // One statement: of retries racing for an abandoned claim, the row lock lets one win.
  // A claim being completed is locked by its booking's transaction; the retry waits and
  // then sees it COMPLETED, so it replays instead of booking again.
  const claimed = await prisma.$queryRaw<{ key: string }[]>`
    INSERT INTO "IdempotencyRecord"
      (scope, key, "requestHash", state, "createdAt", "expiresAt", "leaseUntil", owner)
    VALUES (${scope}, ${key}, ${requestHash}, 'IN_FLIGHT', ${options.now}, ${expiresAt},
            ${leaseUntil}, ${owner})
    ON CONFLICT (scope, key) DO UPDATE SET
      "requestHash" = EXCLUDED."requestHash", state = 'IN_FLIGHT', "responseStatus" = NULL,
      "responseBody" = NULL, "createdAt" = EXCLUDED."createdAt", "expiresAt" = EXCLUDED."expiresAt",
      "leaseUntil" = EXCLUDED."leaseUntil", owner = EXCLUDED.owner
    WHERE "IdempotencyRecord"."expiresAt" <= ${options.now}
       OR ("IdempotencyRecord".state = 'IN_FLIGHT'
           AND "IdempotencyRecord"."requestHash" = EXCLUDED."requestHash"
           AND COALESCE("IdempotencyRecord"."leaseUntil", "IdempotencyRecord"."createdAt")
               <= ${options.now})
    RETURNING key`;
  if (claimed.length > 0) {
    return {
      kind: "claimed",
      async complete(response, db = prisma) {
        const body = encrypt(response.body, options.rawKey, scope);
        const count = await db.$executeRaw`
          UPDATE "IdempotencyRecord"
          SET state = 'COMPLETED', "responseStatus" = ${response.status},
              "responseBody" = ${JSON.stringify(body)}::jsonb, "leaseUntil" = NULL
          WHERE scope = ${scope} AND key = ${key} AND owner = ${owner} AND state = 'IN_FLIGHT'`;
        if (count === 0) throw new ClaimLostError();
      },
      answer(response) {
        const body = encrypt(response.body, options.rawKey, scope);
        return { scope, key, owner, status: response.status, body };
      },
      async release() {
        await prisma.idempotencyRecord.deleteMany({
          where: { scope, key, owner, state: "IN_FLIGHT" },
        });
      },
    };
  }

  const existing = await prisma.idempotencyRecord.findUnique({
    where: { scope_key: { scope, key } },
  });
  if (!existing) {
    // Released between our insert and this read: the caller may simply try again.
    throw new AppError(
      "IDEMPOTENCY_KEY_IN_USE",
      "A request with this Idempotency-Key is in progress.",
    );
  }
  if (existing.requestHash !== requestHash) {
    throw new AppError(
      "IDEMPOTENCY_KEY_REUSED",
      "This Idempotency-Key was used for a different request; use a new key.",
    );
  }
  if (
    existing.state === "IN_FLIGHT" ||
    existing.responseStatus === null ||
    !existing.responseBody
  ) {
    const leaseEnds = (existing.leaseUntil ?? existing.createdAt).getTime();
    throw new KeyInUseError(Math.max(1, Math.ceil((leaseEnds - options.now.getTime()) / 1000)));
  }
  return replayOf(existing.responseStatus, existing.responseBody, options.rawKey, scope);
}

/** Deletes expired records; safe to run from any number of processes. */
export async function sweepIdempotencyRecords(prisma: PrismaClient, now: Date): Promise<number> {
  const { count } = await prisma.idempotencyRecord.deleteMany({
    where: { expiresAt: { lt: now } },
  });
  return count;
}
