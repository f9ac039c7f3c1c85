import { AppError } from "@pieraksts/contracts";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** A valid phone number in E.164; Latvian numbers may be written without +371. */
export function normalisePhone(input: string, field = "body.client.phone"): string {
  const parsed = parsePhoneNumberFromString(input, "LV");
  if (!parsed?.isValid()) {
    throw new AppError("VALIDATION_FAILED", "The phone number is not valid.", [
      { field, message: "is not a valid phone number" },
    ]);
  }
  return parsed.number;
}
