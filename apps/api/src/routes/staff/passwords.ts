import { hash, verify } from "@node-rs/argon2";
import type { FieldError } from "@pieraksts/contracts";

/** OWASP's Argon2id recommendation: 19 MiB, 2 iterations, 1 lane. */
const options = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;

/**
 * Passwords people pick first, Latvian ones included. Not the long breached-password
 * lists (those cannot be fetched here); the length rule does most of the work.
 */
const common = new Set(
  `123456789012 1234567890123 password1234 passwordpassword qwertyuiopas qwerty123456
  iloveyou1234 administrator admin1234567 adminadmin12 letmein12345 welcome12345
  password123! p@ssword1234 changeme1234 abcdefghijkl abc123456789 111111111111
  000000000000 123123123123 qazwsxedcrfv 1q2w3e4r5t6y zaq12wsxcde3 parole123456
  paroleparole parole1234567 sveiki123456 latvija12345 latvija2024! riga12345678
  daugavpils12 koknese12345 pieraksts123 pieraksts2026 socialais1234 dienests1234
  summer2024!! winter2024!! spring2024!! autumn2024!! football1234 princess1234
  sunshine1234 trustno1trustno1 monkey123456 dragon123456 master123456 starwars1234`
    .split(/\s+/)
    .filter(Boolean)
    .map((password) => password.toLowerCase()),
);

export function passwordProblems(password: string, email: string): FieldError[] {
  const problems: FieldError[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push({
      field: "password",
      message: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
    });
  }
  const lower = password.toLowerCase();
  if (common.has(lower) || lower === email.toLowerCase() || /^(.)\1+$/.test(password)) {
    problems.push({ field: "password", message: "is too common; choose another" });
  }
  return problems;
}

export const hashPassword = (password: string) => hash(password, options);

/** A real hash to verify against when the account does not exist, so both take as long. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  decoy ??= hashPassword("decoy password for unknown accounts");
  const ok = await verify(stored ?? (await decoy), password).catch(() => false);
  return stored !== null && ok;
}
