import { describe, expect, it } from "vitest";
import { readablePhone } from "./phone-format.ts";

describe("phones as staff read them out", () => {
  it("groups Latvian mobiles and landlines as the notices do", () => {
    expect(readablePhone("+37126123456")).toBe("+371 26 123 456");
    expect(readablePhone("+37165445038")).toBe("+371 654 45038");
  });

  it("leaves other countries' numbers and anything not E.164 as stored", () => {
    expect(readablePhone("+4915123456789")).toBe("+4915123456789");
    expect(readablePhone("26123456")).toBe("26123456");
  });
});
