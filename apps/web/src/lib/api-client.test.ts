import { describe, expect, it } from "vitest";
import { ApiError, invalidFields } from "./api-client.ts";

describe("invalidFields", () => {
  it("names the form fields of a problem's field errors", () => {
    const error = new ApiError(
      {
        type: "about:blank",
        title: "Bad Request",
        status: 400,
        code: "VALIDATION_FAILED",
        errors: [
          { field: "body.client.phone", message: "is not a valid phone number" },
          { field: "body.answers.eligibility", message: "is required" },
          { field: "body.start", message: "must be ISO 8601" },
        ],
      },
      400,
    );
    expect(invalidFields(error)).toEqual(["phone", "answers.eligibility", "start"]);
  });

  it("is empty for an answer without field errors, or for anything else", () => {
    expect(invalidFields(new ApiError(null, 0))).toEqual([]);
    expect(invalidFields(new Error("boom"))).toEqual([]);
  });
});
