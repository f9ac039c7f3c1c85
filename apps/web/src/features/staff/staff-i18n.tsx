import { useMemo } from "react";
import { formatMessage, type Values } from "../../lib/i18n/format-message.ts";
import { useI18n } from "../../lib/i18n/i18n.tsx";
import { staffEn } from "./i18n/messages-en.ts";
import { type StaffMessageKey, staffLv } from "./i18n/messages-lv.ts";
import { staffRu } from "./i18n/messages-ru.ts";

// The staff area is a chunk of its own: its texts load with it, never on the public pages.
const bundles = { lv: staffLv, ru: staffRu, en: staffEn };
const locales = { lv: "lv-LV", ru: "ru-RU", en: "en-GB" };

export type StaffT = (key: StaffMessageKey, values?: Values) => string;

export function useStaffT(): StaffT {
  const { lang } = useI18n();
  return useMemo(() => {
    const messages = bundles[lang];
    return (key, values = {}) => formatMessage(messages[key], values, locales[lang]);
  }, [lang]);
}
