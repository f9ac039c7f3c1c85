import { describe, expect, it } from "vitest";
import { makeI18n } from "./i18n.tsx";
import { en } from "./messages-en.ts";
import { lv } from "./messages-lv.ts";
import { ru } from "./messages-ru.ts";

describe("calendar headings", () => {
  it("spell the month and year as each language writes them", () => {
    expect(makeI18n("lv", lv).month(2026, 11)).toBe("2026. gada novembris");
    // "г." stays with its year (a no-break space): at 360 px it was left alone on a line.
    expect(makeI18n("ru", ru).month(2026, 11)).toBe("Ноябрь 2026\u00a0г.");
    expect(makeI18n("ru", ru).longDate("2027-10-22")).toBe("пятница, 22 октября 2027\u00a0г.");
    expect(makeI18n("en", en).month(2026, 11)).toBe("November 2026");
  });

  it("write date ranges as each language does, the year only across a new year", () => {
    // Across a new year the years are said.
    expect(makeI18n("lv", lv).dateRange("2026-12-21", "2027-01-31").replace(/\s/g, " ")).toBe(
      "2026. gada 21. decembris – 2027. gada 31. janvāris",
    );
    expect(makeI18n("en", en).dateRange("2027-01-04", "2027-01-31").replace(/\s/g, " ")).toBe(
      "4 – 31 January",
    );
    expect(makeI18n("ru", ru).dateRange("2026-12-21", "2026-12-21")).toBe("21 декабря");
  });

  it("use weekday names of at most three letters", () => {
    for (const [lang, messages] of [
      ["lv", lv],
      ["ru", ru],
      ["en", en],
    ] as const) {
      const i18n = makeI18n(lang, messages);
      const names = [1, 2, 3, 4, 5, 6, 7].map((day) => i18n.weekdayShort(day));
      expect(new Set(names).size, lang).toBe(7);
      for (const name of names) expect(name.length, `${lang} ${name}`).toBeLessThanOrEqual(3);
    }
  });
});
