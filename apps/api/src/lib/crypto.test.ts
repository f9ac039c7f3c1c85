import { describe, expect, it } from "vitest";
import { secretsEqual } from "./crypto.ts";

describe("secretsEqual (CSRF token comparison)", () => {
  const stored = "k3Jd9_aZ-0pQ7rT2vW5yB8eH1nM4sX6cF0gL3uI9oPq";

  it("accepts exactly the stored value", () => {
    expect(secretsEqual(stored, stored)).toBe(true);
    expect(secretsEqual(`${stored}`.slice(0), stored)).toBe(true);
  });

  it("refuses anything else, whatever its length, and a missing header", () => {
    expect(secretsEqual(undefined, stored)).toBe(false);
    expect(secretsEqual("", stored)).toBe(false);
    expect(secretsEqual(stored.slice(0, -1), stored)).toBe(false);
    expect(secretsEqual(`${stored}x`, stored)).toBe(false);
    expect(secretsEqual(`${stored.slice(0, -1)}r`, stored)).toBe(false);
    expect(secretsEqual(stored.toUpperCase(), stored)).toBe(false);
  });
});
