/**
 * The links messages carry. The manage link is the booking page's own
 * (`/{lang}/booking/{reference}#token={token}`, as the SPA's booking page shows it). An SMS
 * carries a short form, `/s/{reference without dash}{code}` (decision 024): the code is
 * the first 10 characters (60 bits) of SHA-256 of the token, so only whoever had the
 * token can make it; GET /s/… checks it against the sealed token and redirects to the
 * full link.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Language } from "@pieraksts/contracts";

const codeLength = 10;

function base(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, "");
}

export function manageUrl(
  publicUrl: string,
  language: Language,
  reference: string,
  token: string,
): string {
  return `${base(publicUrl)}/${language}/booking/${reference}#token=${token}`;
}

/** A waiting-list entry's page, where an offer is confirmed (decision 026). */
export function waitlistUrl(
  publicUrl: string,
  language: Language,
  reference: string,
  token: string,
): string {
  return `${base(publicUrl)}/${language}/waitlist/${reference}#token=${token}`;
}

export function bookUrl(publicUrl: string, language: Language): string {
  return `${base(publicUrl)}/${language}`;
}

export function shortCode(token: string): string {
  return createHash("sha256").update(`sms-link:${token}`).digest("base64url").slice(0, codeLength);
}

export function shortUrl(publicUrl: string, reference: string, token: string): string {
  return `${base(publicUrl)}/s/${reference.replace("-", "")}${shortCode(token)}`;
}

/** The reference ("ABCD-EFGH") and code of a short link's last segment, or null. */
export function parseShortLink(segment: string): { reference: string; code: string } | null {
  const match = /^([A-Z2-9]{8})([A-Za-z0-9_-]{10})$/.exec(segment);
  if (!match?.[1] || !match[2]) return null;
  return { reference: `${match[1].slice(0, 4)}-${match[1].slice(4)}`, code: match[2] };
}

export function shortCodeMatches(code: string, token: string): boolean {
  const expected = Buffer.from(shortCode(token));
  const given = Buffer.from(code);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
