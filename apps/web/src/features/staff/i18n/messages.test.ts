import { describe, expect, it } from "vitest";
import { formatMessage } from "../../../lib/i18n/format-message.ts";
import { messageProblems } from "../../../lib/i18n/message-problems.ts";
import { staffEn } from "./messages-en.ts";
import { staffLv } from "./messages-lv.ts";
import { staffRu } from "./messages-ru.ts";

const messages = { lv: staffLv, ru: staffRu, en: staffEn };
const placeholders = (text: string) =>
  [...text.matchAll(/\{(\w+)[,}]/g)].map((match) => match[1]).sort();

describe("staff message files", () => {
  const keys = Object.keys(staffLv).sort();
  for (const lang of ["ru", "en"] as const) {
    it(`${lang} has exactly the keys of lv, none empty, with the same placeholders`, () => {
      expect(Object.keys(messages[lang]).sort()).toEqual(keys);
      for (const key of keys) {
        const text = messages[lang][key as keyof typeof staffLv];
        expect(text.trim(), `${lang}.${key}`).not.toBe("");
        expect(placeholders(text), `${lang}.${key}`).toEqual(
          placeholders(staffLv[key as keyof typeof staffLv]),
        );
      }
    });
  }
  it("every message has all plural forms of its language and no empty placeholder", () => {
    const values = {
      date: "x",
      time: "08:00",
      name: "A",
      action: "B",
      status: "C",
      day: "D",
      n: 1,
      until: "09:00",
    };
    const problems: string[] = [];
    for (const lang of ["lv", "ru", "en"] as const) {
      for (const key of keys) {
        const text = messages[lang][key as keyof typeof staffLv];
        for (const problem of messageProblems(text, lang, values)) {
          problems.push(`${lang}.${key}: ${problem}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
  it("every message formats in every language", () => {
    for (const lang of ["lv", "ru", "en"] as const) {
      for (const key of keys) {
        const text = formatMessage(
          messages[lang][key as keyof typeof staffLv],
          {
            count: 3,
            date: "x",
            time: "08:00",
            name: "A",
            action: "B",
            status: "C",
            day: "D",
            n: 1,
            until: "09:00",
          },
          lang,
        );
        expect(text, `${lang}.${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});
