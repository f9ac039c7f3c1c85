/**
 * Public holidays of Latvia (law "Par svētku, atceres un atzīmējamām dienām", section 1),
 * as a rule table. One-off holidays the Saeima declares by law (e.g. after the Song and
 * Dance Festival) are not rules: administrators add them as closures.
 * docs/decisions/003-latvian-holidays.md says why this is not a library.
 */

export interface Holiday {
  /** Local date, YYYY-MM-DD. */
  date: string;
  name: { lv: string; ru: string; en: string };
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm), as [month, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

function shiftDays(year: number, month: number, day: number, days: number): string {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** A holiday on a Saturday or Sunday moves to the next Monday (4 May and 18 Nov). */
function movedToMonday(year: number, month: number, day: number): string {
  const dow = weekday(year, month, day);
  if (dow === 6) return shiftDays(year, month, day, 2);
  if (dow === 0) return shiftDays(year, month, day, 1);
  return iso(year, month, day);
}

function secondSundayOfMay(year: number): string {
  const first = weekday(year, 5, 1);
  const firstSunday = first === 0 ? 1 : 8 - first;
  return iso(year, 5, firstSunday + 7);
}

export function latvianPublicHolidays(year: number): Holiday[] {
  const [em, ed] = easterSunday(year);
  const list: Holiday[] = [
    {
      date: iso(year, 1, 1),
      name: { lv: "Jaungada diena", ru: "Новый год", en: "New Year's Day" },
    },
    {
      date: shiftDays(year, em, ed, -2),
      name: { lv: "Lielā Piektdiena", ru: "Страстная пятница", en: "Good Friday" },
    },
    {
      date: iso(year, em, ed),
      name: { lv: "Lieldienas", ru: "Пасха", en: "Easter Sunday" },
    },
    {
      date: shiftDays(year, em, ed, 1),
      name: { lv: "Otrās Lieldienas", ru: "Второй день Пасхи", en: "Easter Monday" },
    },
    {
      date: iso(year, 5, 1),
      name: {
        lv: "Darba svētki, Latvijas Republikas Satversmes sapulces sasaukšanas diena",
        ru: "Праздник труда, день созыва Учредительного собрания",
        en: "Labour Day, Convocation of the Constituent Assembly",
      },
    },
    {
      date: movedToMonday(year, 5, 4),
      name: {
        lv: "Latvijas Republikas Neatkarības deklarācijas pasludināšanas diena",
        ru: "День восстановления независимости",
        en: "Restoration of Independence Day",
      },
    },
    {
      date: secondSundayOfMay(year),
      name: { lv: "Mātes diena", ru: "День матери", en: "Mother's Day" },
    },
    {
      date: shiftDays(year, em, ed, 49),
      name: { lv: "Vasarsvētki", ru: "Троица", en: "Whit Sunday" },
    },
    { date: iso(year, 6, 23), name: { lv: "Līgo diena", ru: "Лиго", en: "Midsummer Eve" } },
    { date: iso(year, 6, 24), name: { lv: "Jāņu diena", ru: "Янов день", en: "Midsummer Day" } },
    {
      date: movedToMonday(year, 11, 18),
      name: {
        lv: "Latvijas Republikas proklamēšanas diena",
        ru: "День провозглашения Латвийской Республики",
        en: "Proclamation Day of the Republic of Latvia",
      },
    },
    {
      date: iso(year, 12, 24),
      name: { lv: "Ziemassvētku vakars", ru: "Сочельник", en: "Christmas Eve" },
    },
    {
      date: iso(year, 12, 25),
      name: { lv: "Pirmie Ziemassvētki", ru: "Рождество", en: "Christmas Day" },
    },
    {
      date: iso(year, 12, 26),
      name: {
        lv: "Otrie Ziemassvētki",
        ru: "Второй день Рождества",
        en: "Second Day of Christmas",
      },
    },
    {
      date: iso(year, 12, 31),
      name: { lv: "Vecgada diena", ru: "Канун Нового года", en: "New Year's Eve" },
    },
  ];
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

const cache = new Map<number, Set<string>>();

/** Is this local date (YYYY-MM-DD) a public holiday in Latvia? */
export function isLatvianPublicHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  let dates = cache.get(year);
  if (!dates) {
    dates = new Set(latvianPublicHolidays(year).map((holiday) => holiday.date));
    cache.set(year, dates);
  }
  return dates.has(date);
}
