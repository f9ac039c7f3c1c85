import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Read aloud without confusion: no 0/O, 1/I/L (nor U/V). */
const referenceAlphabet = "ABCDEFGHJKMNPQRSTWXYZ23456789";

export function newReference(): string {
  let value = "";
  for (let i = 0; i < 8; i++) value += referenceAlphabet[randomInt(referenceAlphabet.length)];
  return `${value.slice(0, 4)}-${value.slice(4)}`;
}

/** Case, spaces and the dash are optional when a client types the reference. */
export function normaliseReference(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  if (compact.length !== 8) return null;
  for (const char of compact) if (!referenceAlphabet.includes(char)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/** 256 random bits, URL-safe; only its SHA-256 is stored. */
export function newManageToken(): string {
  return randomBytes(32).toString("base64url");
}

export function tokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(sha256(token), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * Compares a secret sent by the client with the stored one in constant time: both are
 * hashed first, so neither the content nor the length of the stored value shows in timing.
 */
export function secretsEqual(given: string | undefined, stored: string): boolean {
  if (typeof given !== "string") return false;
  return timingSafeEqual(
    createHash("sha256").update(given).digest(),
    createHash("sha256").update(stored).digest(),
  );
}
