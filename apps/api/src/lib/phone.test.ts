import { describe, expect, it } from "vitest";
import { normalisePhone } from "./phone.ts";

describe("normalisePhone", () => {
  it("takes a number however it is written", () => {
    for (const written of [
      "20000003",
      "+371 20000003",
      "00371 2000 0003",
      "(+371) 200-000-03",
      "+371 20.00.00.03",
      "２００００００３",
      "+371 20‒00‒00‒03",
    ]) {
      expect(normalisePhone(written), written).toBe("+37120000003");
    }
  });

  it("refuses a text that only holds a number: two numbers, words around it", () => {
    for (const written of [
      "20000003,29999990",
      "20000003; 29999990",
      "call 20000003",
      "20000003 ext",
    ]) {
      expect(() => normalisePhone(written, "body.phone"), written).toThrow(
        expect.objectContaining({
          code: "VALIDATION_FAILED",
          errors: [{ field: "body.phone", message: "is not a valid phone number" }],
        }),
      );
    }
  });
});
