import { describe, expect, it } from "vitest";
import { formatMessage } from "./format-message.ts";

const places = {
  lv: "{count, plural, zero {# brīvu vietu} one {# brīva vieta} other {# brīvas vietas}}",
  ru: "{count, plural, one {# свободное место} few {# свободных места} many {# свободных мест} other {# свободного места}}",
  en: "{count, plural, one {# place free} other {# places free}}",
};

describe("formatMessage", () => {
  it.each([
    [0, "0 brīvu vietu"],
    [1, "1 brīva vieta"],
    [2, "2 brīvas vietas"],
    [10, "10 brīvu vietu"],
    [11, "11 brīvu vietu"],
    [21, "21 brīva vieta"],
  ])("Latvian %i → %s", (count, text) => {
    expect(formatMessage(places.lv, { count }, "lv")).toBe(text);
  });

  it.each([
    [1, "1 свободное место"],
    [3, "3 свободных места"],
    [5, "5 свободных мест"],
    [22, "22 свободных места"],
  ])("Russian %i → %s", (count, text) => {
    expect(formatMessage(places.ru, { count }, "ru")).toBe(text);
  });

  it("fills placeholders and exact matches", () => {
    expect(formatMessage("Hello, {name}!", { name: "Anna" }, "en")).toBe("Hello, Anna!");
    expect(formatMessage("{n, plural, =0 {none} other {# left}}", { n: 0 }, "en")).toBe("none");
    expect(formatMessage(places.en, { count: 1 }, "en")).toBe("1 place free");
  });
});
