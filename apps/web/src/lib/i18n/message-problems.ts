import { formatMessage } from "./format-message.ts";

const locales = { lv: "lv-LV", ru: "ru-RU", en: "en-GB" } as const;
/** Counts that reach every plural category of our languages (lv zero: 0, 10, 11…). */
const sampleCounts = [0, 1, 2, 3, 5, 10, 11, 21, 22, 25, 101];

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/** Top-level `{…}` arguments of a message, as their inner text. */
function argumentsOf(text: string, problems: string[]): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    const stray = text.indexOf("}", i);
    if (stray >= 0 && (open < 0 || stray < open)) problems.push("a } without its {");
    if (open < 0) break;
    const close = matchingBrace(text, open);
    if (close < 0) {
      problems.push("a { without its }");
      break;
    }
    found.push(text.slice(open + 1, close));
    i = close + 1;
  }
  return found;
}

function checkText(text: string, lang: keyof typeof locales, problems: string[]): void {
  const categories = new Intl.PluralRules(locales[lang]).resolvedOptions().pluralCategories;
  for (const argument of argumentsOf(text, problems)) {
    const [name = "", kind, ...rest] = argument.split(",");
    if (!/^\w+$/.test(name.trim())) {
      problems.push(`an empty or malformed placeholder {${argument}}`);
      continue;
    }
    if (kind === undefined) continue;
    if (kind.trim() !== "plural") {
      problems.push(`{${name.trim()}, ${kind.trim()}} is not supported`);
      continue;
    }
    const body = rest.join(",");
    const options = new Map<string, string>();
    let j = 0;
    while (j < body.length) {
      const open = body.indexOf("{", j);
      if (open < 0) {
        if (body.slice(j).trim()) problems.push(`stray text in a plural: ${body.slice(j)}`);
        break;
      }
      const close = matchingBrace(body, open);
      if (close < 0) break;
      options.set(body.slice(j, open).trim(), body.slice(open + 1, close));
      j = close + 1;
    }
    for (const category of [...categories, "other"]) {
      if (!options.has(category)) problems.push(`plural of {${name.trim()}} lacks "${category}"`);
    }
    for (const [selector, option] of options) {
      if (!/^=\d+$/.test(selector) && !categories.includes(selector as Intl.LDMLPluralRule)) {
        problems.push(`plural of {${name.trim()}} has "${selector}", not a ${lang} form`);
      }
      if (!option.trim()) problems.push(`plural form "${selector}" is empty`);
      checkText(option, lang, problems);
    }
  }
}

/**
 * What is wrong with a message in `lang`: a plural form the language needs and the
 * message lacks (Latvian zero/one/other, Russian one/few/many/other), an empty or
 * malformed placeholder, or a formatted text with a hole where a value should be.
 * Empty list: nothing found. For the message tests of every feature.
 */
export function messageProblems(
  text: string,
  lang: keyof typeof locales,
  values: Record<string, string | number>,
): string[] {
  const problems: string[] = [];
  if (!text.trim()) return ["the message is empty"];
  checkText(text, lang, problems);
  if (problems.length) return problems;
  for (const count of sampleCounts) {
    const out = formatMessage(text, { ...values, count }, locales[lang]);
    if (/[{}]/.test(out)) problems.push(`"${out}" keeps a placeholder (no value given?)`);
    if (/ {2}|\s[,.:;)]|\(\s*\)|^\s|\s$/.test(out)) {
      problems.push(`"${out}" has a gap where a value should be`);
    }
    if (/undefined|NaN/.test(out)) problems.push(`"${out}" shows a missing value`);
  }
  return problems;
}
