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
  /** "novembris 2026" */
  month(year: number, month: number): string;
  weekdayShort(isoWeekday: number): string;
}

function makeI18n(lang: Language, messages: Messages): I18n {
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
  const weekdayFormat = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "short" });
  return {
    lang,
    t: (key, values = {}) => formatMessage(messages[key], values, locale),
    longDate: (iso) => dateFormat.format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)),
    time: (iso) => timeFormat.format(new Date(iso)),
    month: (year, month) => monthFormat.format(new Date(Date.UTC(year, month - 1, 1))),
    // 2024-01-01 was a Monday.
    weekdayShort: (isoWeekday) => weekdayFormat.format(new Date(Date.UTC(2024, 0, isoWeekday))),
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
