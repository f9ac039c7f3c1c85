/**
 * Renders a message to a client from the booking as it is now (render-context.ts loads
 * it) and the message's payload: an e-mail (subject, plain text, accessible HTML) or an
 * SMS that fits two segments. Every message names the reference, the day and time in
 * words (in the organisation's zone), the place and address, and the manage link.
 */
import type { Language } from "@pieraksts/contracts";
import { IntlMessageFormat } from "intl-messageformat";
import { DateTime } from "luxon";
import { type MessageKind, type Words, words } from "./render-templates.ts";
import { countSms, transliterateToGsm7 } from "./sms-segments.ts";

export type { MessageKind } from "./render-templates.ts";

export interface MessageContext {
  kind: MessageKind;
  language: Language;
  reference: string;
  clientName: string;
  start: Date;
  end: Date;
  timezone: string;
  /** The old start of a rescheduled booking. */
  from?: Date;
  serviceName: string;
  pointName: string;
  address: string;
  /** The point's phone as shown to people, when it has one. */
  phone?: string;
  organisationName: string;
  requirements: readonly string[];
  /** The manage link as the booking page gives it. */
  manageUrl: string;
  /** The short manage link for SMS (decision 024). */
  shortUrl: string;
  /** Where to book again (after a cancellation). */
  bookUrl: string;
  cancelledBy?: "client" | "staff" | "closure";
  /** Staff's reason for a cancellation. */
  reason?: string;
  /** The text staff wrote for a closure notice. */
  closureMessage?: string;
  /** When the message is sent: "tomorrow", "in 3 days". */
  now: Date;
  /** An offer: until when the place is kept for the client. */
  expiresAt?: Date;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const formats = new Map<string, IntlMessageFormat>();
function format(
  message: string,
  language: Language,
  values: Record<string, string | number> = {},
): string {
  const key = `${language}\u0000${message}`;
  let compiled = formats.get(key);
  if (!compiled) {
    compiled = new IntlMessageFormat(message, language);
    formats.set(key, compiled);
  }
  return String(compiled.format(values));
}

/** The day and time in words: "otrdien, 24. novembrī plkst. 10:00". */
export function whenInWords(
  instant: Date,
  zone: string,
  language: Language,
  style: "long" | "short" = "long",
  now?: Date,
): string {
  const w = words[language];
  const local = DateTime.fromJSDate(instant, { zone });
  const thisYear = now ? DateTime.fromJSDate(now, { zone }).year : local.year;
  return format(style === "long" ? w.whenLong : w.whenShort, language, {
    weekday: w.weekdays[local.weekday - 1] ?? "",
    weekdayShort: w.weekdaysShort[local.weekday - 1] ?? "",
    day: local.day,
    month: w.months[local.month - 1] ?? "",
    monthNumber: String(local.month).padStart(2, "0"),
    year: local.year === thisYear || style === "short" ? "" : ` ${local.year}`,
    time: local.toFormat("HH:mm"),
  });
}

/** Calendar days from `now` to the visit, in the visit's zone. */
function daysUntil(context: MessageContext): number {
  const day = (date: Date) => DateTime.fromJSDate(date, { zone: context.timezone }).startOf("day");
  return Math.max(0, Math.round(day(context.start).diff(day(context.now), "days").days));
}

function values(context: MessageContext) {
  const language = context.language;
  return {
    reference: context.reference,
    name: context.clientName,
    when: whenInWords(context.start, context.timezone, language, "long", context.now),
    from: context.from
      ? whenInWords(context.from, context.timezone, language, "long", context.now)
      : "",
    relative: format(words[language].relative, language, { days: daysUntil(context) }),
    organisation: context.organisationName,
    phone: context.phone ?? "",
    reason: context.reason ?? "",
    message: context.closureMessage ?? "",
    minutes: Math.round((context.end.getTime() - context.start.getTime()) / 60_000),
    expires: context.expiresAt
      ? whenInWords(context.expiresAt, context.timezone, language, "long", context.now)
      : "",
  };
}

function leadKey(context: MessageContext): keyof Words["lead"] {
  if (context.kind !== "cancelled") return context.kind;
  if (context.cancelledBy === "staff") return "byStaff";
  if (context.cancelledBy === "closure") return "byClosure";
  return "byClient";
}

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

/** Whether the e-mail carries the booking as an .ics file. */
export function carriesCalendar(kind: MessageKind): boolean {
  return kind === "confirmation" || kind === "rescheduled";
}

export function renderEmail(context: MessageContext): RenderedEmail {
  const language = context.language;
  const w = words[language];
  const v = values(context);
  const f = (message: string) => format(message, language, v);
  const cancelled = context.kind === "cancelled";
  const subject = `${f(w.subject[context.kind])} (${context.reference})`;
  const paragraphs = [f(w.lead[leadKey(context)])];
  if (cancelled && context.cancelledBy === "staff" && context.reason) paragraphs.push(f(w.reason));
  if (cancelled && context.cancelledBy === "closure" && context.closureMessage) {
    paragraphs.push(f(w.closureNote));
  }
  const details: [string, string][] = [
    [w.labels.reference, context.reference],
    [w.labels.when, `${v.when} (${f(w.duration)})`],
    [w.labels.service, context.serviceName],
    [w.labels.place, context.pointName],
    [w.labels.address, context.address],
    ...(context.phone ? [[w.labels.phone, context.phone] as [string, string]] : []),
  ];
  const requirements = cancelled ? [] : context.requirements;
  const offer = context.kind === "offer";
  const link = {
    intro: cancelled ? w.viewCancelled : offer ? w.confirmOffer : w.manage,
    url: context.manageUrl,
    text: f(offer ? w.offerLinkText : w.manageLinkText),
  };
  const closing: { text: string; url?: string }[] = [
    ...(cancelled ? [{ text: w.rebook, url: context.bookUrl }] : []),
    ...(cancelled && context.phone ? [{ text: f(w.call) }] : []),
    ...(carriesCalendar(context.kind) ? [{ text: w.calendar }] : []),
    ...(cancelled ? [] : [{ text: w.private }]),
  ];
  const footer = f(w.footer);

  const text = [
    f(w.greeting),
    "",
    ...paragraphs.flatMap((p) => [p, ""]),
    ...details.map(([label, value]) => `${label}: ${value}`),
    "",
    ...(requirements.length
      ? [`${w.labels.bring}:`, ...requirements.map((r) => `- ${r}`), ""]
      : []),
    link.intro,
    link.url,
    "",
    ...closing.flatMap((p) => (p.url ? [p.text, p.url, ""] : [p.text, ""])),
    "-- ",
    footer,
    "",
  ].join("\n");

  const e = escapeHtml;
  const html = [
    "<!doctype html>",
    `<html lang="${language}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(subject)}</title>`,
    "</head>",
    '<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    '<main style="max-width:40em">',
    `<h1 style="font-size:1.4em;margin:0 0 0.8em">${e(f(w.subject[context.kind]))}</h1>`,
    `<p>${e(f(w.greeting))}</p>`,
    ...paragraphs.map((p) => `<p>${e(p)}</p>`),
    `<h2 style="font-size:1.15em">${e(w.labels.details)}</h2>`,
    '<dl style="margin:0">',
    ...details.map(
      ([label, value]) =>
        `<dt style="font-weight:bold">${e(label)}</dt><dd style="margin:0 0 0.5em">${e(value)}</dd>`,
    ),
    "</dl>",
    ...(requirements.length
      ? [
          `<h2 style="font-size:1.15em">${e(w.labels.bring)}</h2>`,
          "<ul>",
          ...requirements.map((r) => `<li>${e(r)}</li>`),
          "</ul>",
        ]
      : []),
    `<p>${e(link.intro)}<br><a href="${e(link.url)}" style="color:#0b4f8a;text-decoration:underline">${e(link.text)}</a></p>`,
    ...closing.map((p) =>
      p.url
        ? `<p>${e(p.text)}<br><a href="${e(p.url)}" style="color:#0b4f8a">${e(p.url)}</a></p>`
        : `<p>${e(p.text)}</p>`,
    ),
    "</main>",
    `<footer style="margin-top:2em;color:#4a4a4a;font-size:0.9em"><p>${e(footer)}</p></footer>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
  return { subject, text, html };
}

export interface SmsOptions {
  /** SMS_TRANSLITERATE: write in the GSM-7 alphabet. */
  transliterate?: boolean;
  /** The most segments a text may take; 2. */
  maxSegments?: number;
}

interface SmsVariant {
  lean: boolean;
  when: "long" | "short" | "numeric";
  place: "full" | "address";
  label: boolean;
  phone: boolean;
}
/** From the richest to the leanest; the first that fits is sent. */
const variants: readonly SmsVariant[] = [
  { lean: false, when: "long", place: "full", label: true, phone: true },
  { lean: false, when: "long", place: "full", label: false, phone: true },
  { lean: false, when: "short", place: "full", label: false, phone: true },
  { lean: false, when: "long", place: "address", label: true, phone: true },
  { lean: false, when: "long", place: "address", label: false, phone: true },
  { lean: false, when: "short", place: "address", label: false, phone: true },
  { lean: true, when: "short", place: "address", label: false, phone: false },
  { lean: true, when: "numeric", place: "address", label: false, phone: false },
];

function truncate(text: string, length: number): string {
  const chars = [...text];
  if (chars.length <= length) return text;
  return length <= 1
    ? ""
    : `${chars
        .slice(0, length - 1)
        .join("")
        .trimEnd()}…`;
}

/**
 * The SMS text: the richest variant that fits in `maxSegments` (2). Going leaner drops the
 * manage link's label, the point's name (the address stays), the weekday and words, and
 * last the point's phone in a cancellation. A cancellation's reason or closure text is
 * kept whole when a variant allows, else cut with "…" (the e-mail carries it whole); when
 * fewer than 40 characters of staff's reason would fit, the SMS says the reason is at the
 * link instead (the booking's page shows it).
 */
export function renderSms(context: MessageContext, options: SmsOptions = {}): string {
  const language = context.language;
  const all = words[language];
  const w = all.sms;
  const max = options.maxSegments ?? 2;
  const finish = (text: string) => (options.transliterate ? transliterateToGsm7(text) : text);
  const fits = (text: string) => countSms(text).segments <= max;
  const free =
    context.kind !== "cancelled"
      ? undefined
      : context.cancelledBy === "staff"
        ? context.reason
        : context.cancelledBy === "closure"
          ? context.closureMessage
          : undefined;
  const noteTemplate = context.cancelledBy === "staff" ? w.byStaff : w.byClosure;
  const noteOf = (text: string | undefined) =>
    text ? format(noteTemplate, language, { text }) : "";
  const composers = variants.map((variant) => {
    const when =
      variant.when === "numeric"
        ? format(all.whenNumeric, language, numericParts(context))
        : whenInWords(context.start, context.timezone, language, variant.when, context.now);
    const place =
      variant.place === "full" && context.pointName
        ? `${context.pointName}, ${context.address}`
        : context.address;
    const link = variant.label
      ? format(w.manageLabel, language, { link: context.shortUrl })
      : context.shortUrl;
    const phone =
      variant.phone && context.phone ? format(w.phone, language, { phone: context.phone }) : "";
    const template = (variant.lean ? all.smsLean : w)[context.kind];
    return (note: string) =>
      finish(
        format(template, language, {
          reference: context.reference,
          when,
          place,
          link,
          phone,
          note,
          expires: context.expiresAt
            ? variant.when === "numeric"
              ? DateTime.fromJSDate(context.expiresAt, { zone: context.timezone }).toFormat("HH:mm")
              : whenInWords(context.expiresAt, context.timezone, language, "short", context.now)
            : "",
        }),
      );
  });
  for (const compose of composers) {
    const text = compose(noteOf(free));
    if (fits(text)) return text;
  }
  if (free) {
    // Rather a leaner variant with a readable part of the text than a richer one without.
    const freeLength = [...free].length;
    const readable = (least: number) => {
      for (const compose of composers) {
        if (!fits(compose(""))) continue;
        let low = 0;
        let high = freeLength;
        while (low < high) {
          const mid = Math.ceil((low + high) / 2);
          if (fits(compose(noteOf(truncate(free, mid))))) low = mid;
          else high = mid - 1;
        }
        if (low >= least) return compose(noteOf(truncate(free, low)));
      }
      return undefined;
    };
    const cut = readable(Math.min(40, freeLength));
    if (cut) return cut;
    // Too little of staff's reason fits to be read ("Speci…"): the link's page shows it.
    if (context.cancelledBy === "staff") {
      for (const compose of composers) {
        const text = compose(w.reasonAtLink);
        if (fits(text)) return text;
      }
    }
    // A few words still say something; a letter or two ("S…") do not, and are left out.
    const some = readable(Math.min(12, freeLength));
    if (some) return some;
  }
  const leanest = composers[composers.length - 1];
  return leanest ? leanest("") : "";
}

function numericParts(context: MessageContext) {
  const local = DateTime.fromJSDate(context.start, { zone: context.timezone });
  return {
    day: local.day,
    monthNumber: String(local.month).padStart(2, "0"),
    time: local.toFormat("HH:mm"),
  };
}
