/**
 * A small ICU MessageFormat subset: `{name}` placeholders and
 * `{count, plural, =0 {…} zero {…} one {…} few {…} many {…} other {…}}` with `#` for the
 * number, chosen by Intl.PluralRules (Latvian has zero/one/other, Russian one/few/many).
 * Enough for our messages, and no library in the first page's JavaScript.
 */
export type Values = Record<string, string | number>;

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error(`Unbalanced braces in message: ${text}`);
}

function pluralOptions(body: string): Map<string, string> {
  const options = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    while (i < body.length && /\s/.test(body[i] ?? "")) i++;
    const open = body.indexOf("{", i);
    if (open < 0) break;
    const selector = body.slice(i, open).trim();
    const close = matchingBrace(body, open);
    options.set(selector, body.slice(open + 1, close));
    i = close + 1;
  }
  return options;
}

export function formatMessage(message: string, values: Values, locale: string): string {
  let out = "";
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf("{", i);
    if (open < 0) {
      out += message.slice(i);
      break;
    }
    out += message.slice(i, open);
    const close = matchingBrace(message, open);
    const inner = message.slice(open + 1, close);
    const [name = "", kind, ...rest] = inner.split(",");
    const value = values[name.trim()];
    if (kind?.trim() === "plural") {
      const count = Number(value ?? 0);
      const options = pluralOptions(rest.join(","));
      const category = new Intl.PluralRules(locale).select(count);
      const chosen =
        options.get(`=${count}`) ?? options.get(category) ?? options.get("other") ?? "";
      out += formatMessage(chosen, values, locale).replaceAll("#", String(count));
    } else {
      out += value === undefined ? `{${inner}}` : String(value);
    }
    i = close + 1;
  }
  return out;
}
