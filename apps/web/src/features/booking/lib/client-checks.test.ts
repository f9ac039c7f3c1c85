import { describe, expect, it } from "vitest";
import { samePhone } from "../../../lib/recent-bookings.ts";
import { isPlausiblePhone } from "./client-checks.ts";

describe("phone checks in the form", () => {
  it("accept Latvian numbers however they are written", () => {
    for (const phone of [
      "20 000 000",
      "+371 20000000",
      "00371 654 49907",
      "80006966",
      "(654) 49907",
    ]) {
      expect(isPlausiblePhone(phone), phone).toBe(true);
    }
  });
  it("refuse a digit too few or too many, letters, and a number that is no Latvian phone", () => {
    for (const phone of ["2000000", "200000000", "20 000 00O", "12345678", "+371 2000", "abc"]) {
      expect(isPlausiblePhone(phone), phone).toBe(false);
    }
  });
  it("accept a foreign number after +", () => {
    expect(isPlausiblePhone("+49 30 1234567")).toBe(true);
  });
  it("tell the same phone apart from another however it is spelled", () => {
    expect(samePhone("20 123 456", "+371 20123456")).toBe(true);
    expect(samePhone("0037120123456", "20123456")).toBe(true);
    expect(samePhone("20123456", "20123457")).toBe(false);
  });
});
