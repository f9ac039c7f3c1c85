/**
 * How many SMS segments a text takes, and transliteration to the GSM-7 alphabet.
 *
 * A text all in the GSM 03.38 alphabet goes as GSM-7: 160 septets in one segment, 153 a
 * part when concatenated; the extension characters (€ [ ] { } \ ~ ^ |) take two septets
 * and an escape and its character are never split between parts. Any other character (ā,
 * č, ē, Cyrillic, “ ”, –) makes the whole text UCS-2: 70 UTF-16 units in one segment, 67
 * a part, and a surrogate pair is never split.
 */

const gsmBasic =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const gsmExtension = "\f^{}\\[~]|€";
const basicSet = new Set(gsmBasic);
const extensionSet = new Set(gsmExtension);

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function isGsm7(text: string): boolean {
  for (const char of text) if (!basicSet.has(char) && !extensionSet.has(char)) return false;
  return true;
}

/** Packs indivisible pieces of `sizes` units into parts of `perPart` units. */
function parts(sizes: number[], perPart: number): number {
  let count = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perPart) {
      count++;
      used = 0;
    }
    used += size;
  }
  return count;
}

export function countSms(text: string): SmsCount {
  if (isGsm7(text)) {
    const sizes = [...text].map((char) => (extensionSet.has(char) ? 2 : 1));
    const units = sizes.reduce((sum, size) => sum + size, 0);
    return { encoding: "GSM-7", units, segments: units <= 160 ? 1 : parts(sizes, 153) };
  }
  const sizes = [...text].map((char) => char.length);
  const units = text.length;
  return { encoding: "UCS-2", units, segments: units <= 70 ? 1 : parts(sizes, 67) };
}

const latin: Record<string, string> = {
  ā: "a",
  č: "c",
  ē: "e",
  ģ: "g",
  ī: "i",
  ķ: "k",
  ļ: "l",
  ņ: "n",
  š: "s",
  ū: "u",
  ž: "z",
  ō: "o",
  ŗ: "r",
  õ: "o",
  ą: "a",
  ę: "e",
  ė: "e",
  į: "i",
  ų: "u",
  ł: "l",
  ś: "s",
  ź: "z",
  ż: "z",
  ć: "c",
  ń: "n",
  ó: "o",
  á: "a",
  í: "i",
  ú: "u",
  ý: "y",
  ě: "e",
  ř: "r",
  ť: "t",
  ď: "d",
  ň: "n",
  ô: "o",
  â: "a",
  ê: "e",
  î: "i",
  û: "u",
  ë: "e",
  ï: "i",
  ç: "c",
  ã: "a",
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "jo",
  ж: "zh",
  з: "z",
  и: "i",
  й: "j",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "h",
  ц: "c",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "ju",
  я: "ja",
  і: "i",
  ї: "ji",
  є: "je",
  ґ: "g",
  "“": '"',
  "”": '"',
  "„": '"',
  "«": '"',
  "»": '"',
  "‘": "'",
  "’": "'",
  "‚": "'",
  "–": "-",
  "—": "-",
  "‑": "-",
  "…": "...",
  "\u00a0": " ",
  "№": "Nr.",
  "•": "-",
};

function transliterateChar(char: string): string {
  if (basicSet.has(char) || extensionSet.has(char)) return char;
  const lower = char.toLowerCase();
  const mapped = latin[char] ?? latin[lower];
  if (mapped !== undefined) {
    if (char === lower || mapped.length === 0) return mapped;
    return mapped.charAt(0).toUpperCase() + mapped.slice(1);
  }
  // Other letters with marks: drop the marks when what is left is GSM-7.
  const bare = char.normalize("NFD").replace(/\p{M}/gu, "");
  return [...bare].every((c) => basicSet.has(c) || extensionSet.has(c)) && bare ? bare : "?";
}

/**
 * The text in the GSM-7 alphabet (ā→a, č→c, Cyrillic→Latin, “”→"), for gateways that
 * charge per segment (SMS_TRANSLITERATE=true): 160/153 characters a segment, not 70/67.
 */
export function transliterateToGsm7(text: string): string {
  let out = "";
  for (const char of text) out += transliterateChar(char);
  return out;
}
