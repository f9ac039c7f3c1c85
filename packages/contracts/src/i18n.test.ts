import { describe, expect, it } from "vitest";
import { localise, negotiateLanguage } from "./i18n.ts";

describe("negotiateLanguage", () => {
  it.each([
    [undefined, "lv"],
    ["", "lv"],
    ["ru", "ru"],
    ["en-GB,en;q=0.9", "en"],
    ["de-DE, ru;q=0.4, en;q=0.8", "en"],
    ["fr, de", "lv"],
    ["en;q=0, ru", "ru"],
    ["RU-ru", "ru"],
    ["*", "lv"],
  ])("%s → %s", (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});

describe("localise", () => {
  const text = { lv: "Sveiki", ru: "Привет", en: "Hello" };
  it("picks the language, falling back to Latvian", () => {
    expect(localise(text, "ru")).toBe("Привет");
    expect(localise({ lv: "Tikai latviski" }, "en")).toBe("Tikai latviski");
    expect(localise("as is", "en")).toBe("as is");
    expect(localise(null, "en")).toBe("");
  });
});
