import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { PrismaClient } from "@pieraksts/db";

/**
 * Sealing: AES-256-GCM with the server's key, for secrets the server must read back later
 * (a booking's manage token, so that a reminder or a lost-link message can carry the
 * manage link; decision 023). Only the SHA-256 of the token is used to check it.
 *
 * The key is `SECRET_KEY` (32 bytes, base64 or hex) when set: then a copy of the database
 * alone does not reveal the links. Unset, the server makes one key and keeps it in the
 * database (`ServerSecret`), shared by every process: the one-command start needs nothing.
 */
export interface Sealer {
  seal(plain: string): string;
  /** The sealed text's plain text, or null when it was sealed with another key or altered. */
  open(sealed: string): string | null;
}

const VERSION = "v1";

export function sealerWithKey(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error("A sealing key is 32 bytes.");
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, body]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || body === undefined) return null;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([
          decipher.update(Buffer.from(body, "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        return null;
      }
    },
  };
}

/** `SECRET_KEY` as 32 bytes: 64 hex digits or base64 of 32 bytes; null when not that. */
export function parseSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  const bytes = Buffer.from(trimmed, "base64");
  return bytes.length === 32 ? bytes : null;
}

/**
 * The configured key, or the one kept in the database (made by whichever process asks
 * first: the insert does nothing if another process won, and everyone reads the winner).
 */
export async function loadSealer(
  prisma: PrismaClient,
  secretKey: string | undefined,
): Promise<Sealer> {
  if (secretKey) {
    const key = parseSecretKey(secretKey);
    if (!key) throw new Error("SECRET_KEY must be 32 bytes as 64 hex digits or base64.");
    return sealerWithKey(key);
  }
  const name = "seal-key";
  await prisma.$executeRaw`
    INSERT INTO "ServerSecret" (name, value) VALUES (${name}, ${randomBytes(32).toString("base64")})
    ON CONFLICT (name) DO NOTHING`;
  const row = await prisma.serverSecret.findUniqueOrThrow({ where: { name } });
  return sealerWithKey(Buffer.from(row.value, "base64"));
}
