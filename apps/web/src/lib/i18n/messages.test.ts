import { describe, expect, it } from "vitest";
import { formatMessage } from "./format-message.ts";
import { messageProblems } from "./message-problems.ts";
import { en } from "./messages-en.ts";
import { lv } from "./messages-lv.ts";
import { ru } from "./messages-ru.ts";

const messages = { lv, ru, en };

const placeholders = (text: string) =>
  [...text.matchAll(/\{(\w+)[,}]/g)].map((match) => match[1]).sort();

describe("message files", () => {
  const keys = Object.keys(messages.lv).sort();

  for (const lang of ["ru", "en"] as const) {
    it(`${lang} has exactly the keys of lv, none empty, with the same placeholders`, () => {
      expect(Object.keys(messages[lang]).sort()).toEqual(keys);
      for (const key of keys) {
        const text = messages[lang][key as keyof typeof messages.lv];
        expect(text.trim(), `${lang}.${key}`).not.toBe("");
        expect(placeholders(text), `${lang}.${key}`).toEqual(
          placeholders(messages.lv[key as keyof typeof messages.lv]),
        );
      }
    });
  }

  it("every message has all plural forms of its language and no empty placeholder", () => {
    const values = {
      date: "x",
      time: "08:00",
      minutes: 15,
      name: "A",
      opens: "y",
      reference: "R",
      dates: "x – y",
    };
    const problems: string[] = [];
    for (const lang of ["lv", "ru", "en"] as const) {
      for (const key of keys) {
        const text = messages[lang][key as keyof typeof messages.lv];
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
          messages[lang][key as keyof typeof messages.lv],
          {
            count: 3,
            date: "x",
            time: "08:00",
            minutes: 15,
            name: "A",
            opens: "y",
            reference: "R",
            dates: "x – y",
          },
          lang,
        );
        expect(text, `${lang}.${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});

describe("message checks", () => {
  it("find a missing plural form, an empty placeholder and a hole in the text", () => {
    expect(messageProblems("{count, plural, one {# vieta} other {# vietas}}", "lv", {})).toEqual([
      'plural of {count} lacks "zero"',
    ]);
    expect(
      messageProblems("{count, plural, one {# место} few {# места} other {# мест}}", "ru", {}),
    ).toEqual(['plural of {count} lacks "many"']);
    expect(messageProblems("Записи на {} число", "ru", {})).toEqual([
      "an empty or malformed placeholder {}",
    ]);
    expect(messageProblems("Pieraksti {date} .", "lv", { date: "" })).not.toEqual([]);
    expect(messageProblems("{count, plural, one {# booking} other {}}", "en", {})).toContain(
      'plural form "other" is empty',
    );
    expect(messageProblems("{count} bookings shown", "en", {})).toEqual([]);
  });
});
