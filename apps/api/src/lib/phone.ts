import { AppError } from "@pieraksts/contracts";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * What a phone number may be written with: digits of any script, spaces, "+", dashes,
 * brackets, dots and slashes. libphonenumber finds a number inside any text, so without
 * this "20000003, 29999990" or "call 20000003" would pass as the first number.
 */
const PHONE_CHARACTERS = /^[\p{Nd}\s+\-‐-―−()./]+$/u;

/** A valid phone number in E.164; Latvian numbers may be written without +371. */
export function normalisePhone(input: string, field = "body.client.phone"): string {
  const parsed = PHONE_CHARACTERS.test(input) ? parsePhoneNumberFromString(input, "LV") : undefined;
  if (!parsed?.isValid()) {
    throw new AppError("VALIDATION_FAILED", "The phone number is not valid.", [
      { field, message: "is not a valid phone number" },
    ]);
  }
  return parsed.number;
}
