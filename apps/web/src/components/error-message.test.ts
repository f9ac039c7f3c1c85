import type { ErrorCode } from "@pieraksts/contracts";
import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api-client.ts";
import { errorMessageKey } from "./error-message.ts";

const failure = (status: number, code: ErrorCode) =>
  new ApiError({ type: "about:blank", title: code, status, code }, status);

describe("errorMessageKey", () => {
  it("tells a client that the service is briefly away, not that something broke", () => {
    expect(errorMessageKey(failure(503, "SERVICE_UNAVAILABLE"))).toBe("errorUnavailable");
  });

  it("falls back to the general message for an internal error", () => {
    expect(errorMessageKey(failure(500, "INTERNAL_ERROR"))).toBe("errorGeneric");
  });
});
