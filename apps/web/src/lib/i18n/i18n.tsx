import { type Language, languages } from "@pieraksts/contracts/languages";
import { createContext, type ReactNode, use, useContext, useMemo } from "react";
import { formatMessage, type Values } from "./format-message.ts";
import { lv, type MessageKey, type Messages } from "./messages-lv.ts";

/**
 * Latvian, the default, is in the first page's JavaScript; Russian and English load
 * when chosen (React suspends until they arrive).
 */
const loaded: Partial<Record<Language, Messages>> = { lv };
const loading: Partial<Record<Language, Promise<Messages>>> = {};

export function loadMessages(lang: Language): Promise<Messages> {
  const ready = loaded[lang];
  if (ready) return Promise.resolve(ready);
  loading[lang] ??= (
    lang === "ru"
      ? import("./messages-ru.ts").then((module) => module.ru)
      : import("./messages-en.ts").then((module) => module.en)
  ).then((messages) => {
    loaded[lang] = messages;
    return messages;
  });
  return loading[lang];
}

function useMessages(lang: Language): Messages {
  return loaded[lang] ?? use(loadMessages(lang));
}
const locales: Record<Language, string> = { lv: "lv-LV", ru: "ru-RU", en: "en-GB" };
export const TIME_ZONE = "Europe/Riga";

export function isLanguage(value: string | undefined): value is Language {
  return languages.includes(value as Language);
}

export interface I18n {
  lang: Language;
  t(key: MessageKey, values?: Values): string;
  /** "otrdiena, 2026. gada 24. novembris" */
  longDate(iso: string): string;
  /** "08:00" */
  time(iso: string): string;
  /** "2026. gada novembris", "Ноябрь 2026 г.", "November 2026" */
  month(year: number, month: number): string;
  /** "21. decembris", "4.–31. janvāris", "4–31 January"; the years only across a new year. */
  dateRange(from: string, to: string): string;
  /** "Pk", "Пт", "Fr": fits a calendar column at 360 px with the largest text. */
  weekdayShort(isoWeekday: number): string;
}

/** Upper case for the first letter only: CSS capitalisation would make "2026 Г.". */
function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

export function makeI18n(lang: Language, messages: Messages): I18n {
  const locale = locales[lang];
  const dateFormat = new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  });
  const timeFormat = new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const monthFormat = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    month: "long",
    year: "numeric",
  });
  const monthOnly = new Intl.DateTimeFormat(locale, { timeZone: "UTC", month: "long" });
  const dayMonth = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
  });
  const noon = (iso: string) => new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  // Latvian's "2026. g. novembris" is an abbreviation; a heading spells it out.
  const monthYear = (date: Date) =>
    lang === "lv"
      ? `${date.getUTCFullYear()}. gada ${monthOnly.format(date)}`
      : monthFormat.format(date);
  // Russian's "2027 г." is one unit: a narrow column must not leave "г." alone on a line.
  const glued = (text: string) =>
    lang === "ru" ? text.replace(/(\d) (гг?\.)/g, "$1\u00a0$2") : text;
  return {
    lang,
    t: (key, values = {}) => formatMessage(messages[key], values, locale),
    longDate: (iso) =>
      glued(dateFormat.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso))),
    time: (iso) => timeFormat.format(new Date(iso)),
    month: (year, month) => glued(capitalise(monthYear(new Date(Date.UTC(year, month - 1, 1))))),
    dateRange: (from, to) =>
      glued(from === to ? dayMonth.format(noon(from)) : dayMonth.formatRange(noon(from), noon(to))),
    weekdayShort: (isoWeekday) =>
      messages[`weekdayShort${isoWeekday}` as MessageKey] ?? String(isoWeekday),
  };
}

const I18nContext = createContext<I18n>(makeI18n("lv", lv));

export function I18nProvider({ lang, children }: { lang: Language; children: ReactNode }) {
  const messages = useMessages(lang);
  const value = useMemo(() => makeI18n(lang, messages), [lang, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
