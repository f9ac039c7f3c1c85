/** The languages of the product; free of zod so the SPA can import it at no cost. */
export const languages = ["lv", "ru", "en"] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = "lv";
