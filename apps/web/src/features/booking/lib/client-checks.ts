/** Checks a form can make before sending, so the client reads why at once. */
import { phoneDigits } from "../../../lib/recent-bookings.ts";

export const NAME_MAX = 100;

/**
 * Plausible as a phone number: a Latvian number of 8 digits (mobile 2…, landline 6…,
 * free 80…), with or without +371 or 00371, or an international number of 7–15 digits
 * after + or 00. The server decides for good (libphonenumber); this only spares a
 * round trip for the common mistakes: a digit too few or too many, letters.
 */
export function isPlausiblePhone(phone: string): boolean {
  if (/[^\d\s()+\-./]/.test(phone)) return false;
  let digits = phoneDigits(phone);
  if (digits.startsWith("00")) digits = `+${digits.slice(2)}`;
  if (digits.startsWith("+371")) digits = digits.slice(4);
  else if (digits.startsWith("+")) return /^\+\d{7,15}$/.test(digits);
  return /^(2\d|6\d|80)\d{6}$/.test(digits);
}
