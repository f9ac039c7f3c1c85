import type { Language } from "@pieraksts/contracts";

export const paths = {
  home: (lang: Language) => `/${lang}`,
  organisation: (lang: Language, org: string) => `/${lang}/${org}`,
  point: (lang: Language, org: string, point: string) => `/${lang}/${org}/${point}`,
  when: (lang: Language, org: string, point: string, service: string, date?: string) =>
    `/${lang}/${org}/${point}/${service}${date ? `?date=${date}` : ""}`,
  who: (lang: Language, org: string, point: string, service: string, start: string) =>
    `/${lang}/${org}/${point}/${service}/details?start=${encodeURIComponent(start)}`,
  booking: (lang: Language, reference: string, token?: string) =>
    `/${lang}/booking/${reference}${token ? `#token=${token}` : ""}`,
  manage: (lang: Language) => `/${lang}/manage`,
  joinWaitlist: (lang: Language, org: string, point: string, service: string) =>
    `/${lang}/${org}/${point}/${service}/waitlist`,
  waitlist: (lang: Language, reference: string, token?: string) =>
    `/${lang}/waitlist/${reference}${token ? `#token=${token}` : ""}`,
  staff: (lang: Language) => `/${lang}/staff`,
};

/** The same page in another language: the first path segment is the language. */
export function inLanguage(pathname: string, search: string, hash: string, lang: Language): string {
  const rest = pathname.split("/").slice(2).join("/");
  return `/${lang}${rest ? `/${rest}` : ""}${search}${hash}`;
}
