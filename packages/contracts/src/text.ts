import { z } from "zod";

/**
 * Text that people type and staff read. Control characters and bidirectional overrides
 * let one name display as another ("\u202Egnp.exe Anna" reads "Anna exe.png"), and NUL or
 * a lone UTF-16 surrogate cannot be stored in PostgreSQL text at all, so they are refused
 * with a field error rather than silently changed.
 */

/** C0 and C1 controls except tab and line breaks, plus bidi marks, overrides and isolates. */
const unsafeInMultiline =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** As above, and no tab or line break either: a name is one line. */
const unsafeInLine =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
  /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string cannot be stored or compared safely: NUL or a lone surrogate. */
export function isUnstorableText(value: string): boolean {
  return value.includes("\u0000") || loneSurrogate.test(value);
}

/** A one-line text (a person's name, a title): no control or bidi characters. */
export function plainLine(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, min > 1 ? "is too short" : undefined)
    .max(max, "is too long")
    .refine((value) => !unsafeInLine.test(value) && !loneSurrogate.test(value), {
      message: "must not contain control or text-direction characters",
    });
}

/** A free text (a reason, a description): line breaks and tabs allowed, other controls not. */
export function plainText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max, "is too long")
    .refine((value) => !unsafeInMultiline.test(value) && !loneSurrogate.test(value), {
      message: "must not contain control or text-direction characters",
    });
}

/** The earliest and latest years a date or instant may name; outside, values are refused. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2999;

/** Whether an ISO date or date-time string names a year the system can work with. */
export function isInYearRange(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return /^\d{4}-/.test(value) && year >= MIN_YEAR && year <= MAX_YEAR;
}
