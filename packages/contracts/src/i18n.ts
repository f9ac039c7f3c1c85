import { z } from "zod";

import { defaultLanguage, type Language, languages } from "./languages.ts";

export { defaultLanguage, type Language, languages };
export const ZLanguage = z.enum(languages);

/** A text in every language, as stored. */
export const ZLocalisedText = z.object({ lv: z.string(), ru: z.string(), en: z.string() });
export type LocalisedText = z.infer<typeof ZLocalisedText>;

/** The text in `language`, else Latvian, else any there is. */
export function localise(text: unknown, language: Language): string {
  if (typeof text === "string") return text;
  if (!text || typeof text !== "object") return "";
  const record = text as Record<string, unknown>;
  const value = record[language] ?? record[defaultLanguage] ?? Object.values(record)[0];
  return typeof value === "string" ? value : "";
}

/** The best of our languages for an Accept-Language header (RFC 9110 weights). */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header) return defaultLanguage;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    const primary = range.tag.split("-")[0];
    const match = languages.find((language) => language === primary);
    if (match) return match;
  }
  return defaultLanguage;
}
