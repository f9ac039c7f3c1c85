import { errorStatus } from "@pieraksts/contracts";
import { describe, expect, it } from "vitest";
import { type Refusal, refusalError, refusals } from "./refusals.ts";

const now = new Date("2027-05-10T08:00:00Z");
const later = new Date("2027-05-10T09:00:00Z");

function refuse(
  reason: Refusal,
  start = later,
  audience: "PUBLIC" | "STAFF" | "WALK_IN" = "PUBLIC",
) {
  const error = refusalError(reason, { start, now, audience });
  return { code: error.code, message: error.message };
}

describe("engine reasons → error codes", () => {
  it("maps each reason to its code", () => {
    expect(refuse("CLOSED").code).toBe("OUTSIDE_OPENING_HOURS");
    expect(refuse("NOT_A_SLOT_START").code).toBe("NOT_A_SLOT_START");
    expect(refuse("TOO_SOON").code).toBe("TOO_SOON");
    expect(refuse("TOO_FAR_AHEAD").code).toBe("TOO_FAR_AHEAD");
    expect(refuse("FULL").code).toBe("SLOT_FULL");
    expect(refuse("IN_THE_PAST").code).toBe("IN_THE_PAST");
  });

  it("calls a too-soon start that has begun or passed IN_THE_PAST", () => {
    expect(refuse("TOO_SOON", now).code).toBe("IN_THE_PAST");
    expect(refuse("TOO_SOON", new Date(now.getTime() - 1)).code).toBe("IN_THE_PAST");
    expect(refuse("TOO_SOON", new Date(now.getTime() + 1)).code).toBe("TOO_SOON");
  });

  it("tells a walk-in to phone for a later day, and nobody else", () => {
    expect(refuse("TOO_FAR_AHEAD", later, "WALK_IN").message).toMatch(/walk-in is for today/);
    expect(refuse("TOO_FAR_AHEAD", later, "STAFF").message).toBe(
      "That time is too far ahead to book yet.",
    );
    expect(refuse("FULL", later, "WALK_IN").message).toBe("This time is fully booked.");
  });

  it("uses only codes that answer 409 or 422, with a message each", () => {
    for (const { code, message } of Object.values(refusals)) {
      expect([409, 422]).toContain(errorStatus[code]);
      expect(message).toMatch(/\.$/);
    }
  });
});
