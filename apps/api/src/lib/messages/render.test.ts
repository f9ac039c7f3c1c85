import { type Language, languages } from "@pieraksts/contracts";
import { describe, expect, it } from "vitest";
import { escapeHtml, type MessageContext, renderEmail, renderSms, whenInWords } from "./render.ts";
import { bookUrl, manageUrl, parseShortLink, shortCodeMatches, shortUrl } from "./render-links.ts";
import { type MessageKind, messageKinds } from "./render-templates.ts";
import { countSms, isGsm7 } from "./sms-segments.ts";

// The longest point name and address of the seed (packages/db/src/seed/seed-data.ts), a
// realistic long public address and the longest reference and token there are.
const longest: Record<Language, string> = {
  lv: "Klientu apkalpošanas punkts Vienības ielā 8 (17. kab.)",
  ru: "Пункт обслуживания клиентов, ул. Виенибас 8 (каб. 17)",
  en: "Client service point, Vienības iela 8 (room 17)",
};
const address = "Vienības iela 8, 17. kab., Daugavpils";
// 32 characters: the longest PUBLIC_URL decision 024 budgets for.
const publicUrl = "https://pieraksts1.daugavpils.lv";
const reference = "WXYZ-9876";
const token = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg";

function context(
  kind: MessageKind,
  language: Language,
  extra: Partial<MessageContext> = {},
): MessageContext {
  return {
    kind,
    language,
    reference,
    clientName: "Anna Bērziņa-Kalniņa",
    // Tuesday 24 November 2026, 10:00 in Riga (08:00 UTC).
    start: new Date("2026-11-24T08:00:00Z"),
    end: new Date("2026-11-24T08:15:00Z"),
    timezone: "Europe/Riga",
    from: new Date("2026-11-20T12:30:00Z"),
    serviceName: "Sociālā darbinieka konsultācija",
    pointName: longest[language],
    address,
    phone: "654 49907",
    organisationName: "Daugavpils pilsētas pašvaldības iestāde “Sociālais dienests”",
    requirements: ["Līdzi jābūt personu apliecinošam dokumentam – pasei vai ID kartei."],
    manageUrl: manageUrl(publicUrl, language, reference, token),
    shortUrl: shortUrl(publicUrl, reference, token),
    bookUrl: bookUrl(publicUrl, language),
    now: new Date("2026-11-23T07:00:00Z"),
    // An offer is kept until 9.30 the day before.
    ...(kind === "offer" ? { expiresAt: new Date("2026-11-23T07:30:00Z") } : {}),
    ...(kind === "cancelled"
      ? {
          cancelledBy: "staff" as const,
          reason:
            "Speciālists ir saslimis. Lūdzam izvēlēties citu laiku vai zvanīt mums darba laikā.",
        }
      : {}),
    ...extra,
  };
}

describe("the day and time in words, in Europe/Riga", () => {
  const instant = new Date("2026-11-24T08:00:00Z");
  it("says the weekday and month in each language's case", () => {
    expect(whenInWords(instant, "Europe/Riga", "lv")).toBe("otrdien, 24. novembrī plkst. 10:00");
    expect(whenInWords(instant, "Europe/Riga", "ru")).toBe("во вторник, 24 ноября в 10:00");
    expect(whenInWords(instant, "Europe/Riga", "en")).toBe("Tuesday 24 November at 10:00");
  });
  it("follows summer time, and names the year when it is not this one", () => {
    const summer = new Date("2027-07-01T07:30:00Z");
    expect(whenInWords(summer, "Europe/Riga", "lv", "long", instant)).toBe(
      "ceturtdien, 1. jūlijā 2027 plkst. 10:30",
    );
  });
});

describe("SMS: every kind within two segments in every language", () => {
  const cancellations = [
    { cancelledBy: "client" as const },
    { cancelledBy: "staff" as const, reason: "Speciālists saslimis. ".repeat(8) },
    { cancelledBy: "closure" as const, closureMessage: "Ēka slēgta remonta dēļ. ".repeat(8) },
  ];
  for (const language of languages) {
    for (const kind of messageKinds) {
      const cases = kind === "cancelled" ? cancellations : [{}];
      for (const extra of cases) {
        it(`${kind} ${language} ${JSON.stringify(extra).slice(0, 30)}`, () => {
          const text = renderSms(context(kind, language, extra));
          expect(countSms(text).encoding).toBe("UCS-2");
          expect(countSms(text).segments).toBeLessThanOrEqual(2);
          // Still names the reference, the address and the link.
          expect(text).toContain(reference);
          expect(text).toContain(address);
          expect(text).toContain(shortUrl(publicUrl, reference, token));
          expect(text).toMatch(/24[./]11/);
          expect(text).toContain("10:00");
          // Transliterated: GSM-7, and still within two segments.
          const plain = renderSms(context(kind, language, extra), { transliterate: true });
          expect(isGsm7(plain)).toBe(true);
          expect(countSms(plain).segments).toBeLessThanOrEqual(2);
        });
      }
    }
  }

  it("with short values the SMS keeps the weekday and month in words and the point's name", () => {
    const text = renderSms(
      context("confirmation", "lv", {
        pointName: "Koknese",
        address: "Melioratoru 1",
        shortUrl: "https://p.lv/s/WXYZ9876abcdefghij",
      }),
    );
    expect(text).toBe(
      "Pieraksts WXYZ-9876 apstiprināts: otrdien, 24. novembrī plkst. 10:00, Koknese, Melioratoru 1. https://p.lv/s/WXYZ9876abcdefghij",
    );
    expect(countSms(text).segments).toBe(2);
  });

  it("transliterated, the same long message keeps its words in one or two GSM-7 segments", () => {
    const text = renderSms(context("confirmation", "ru"), { transliterate: true });
    expect(text).toContain("Zapis WXYZ-9876 podtverzhdena");
    expect(text).toContain("Vienibas iela 8");
  });

  it("a staff reason is kept whole when it fits, else cut with an ellipsis", () => {
    const short = renderSms(
      context("cancelled", "en", {
        pointName: "Koknese",
        address: "Melioratoru 1",
        reason: "Ill.",
      }),
    );
    expect(short).toContain("Reason: Ill.");
    expect(short).toContain("Tel. 654 49907");
    const cut = renderSms(
      context("cancelled", "lv", {
        pointName: "Koknese",
        address: "Melioratoru 1",
        shortUrl: "https://p.lv/s/WXYZ9876abcdefghij",
        reason: "Speciālists saslimis. ".repeat(8),
      }),
    );
    expect(cut).toMatch(/Iemesls: Speciālists saslimis\. Speciālists.*… /);
    expect(countSms(cut).segments).toBe(2);
  });
});

describe("SMS: staff's reason when little of it fits", () => {
  it("says the reason is at the link rather than sending a fragment of it", () => {
    const atLink = { lv: "Iemesls:", ru: "Причина:", en: "Reason:" };
    for (const language of languages) {
      // The hostile test's case: "Iemesls: Speci…" was all of the reason that went.
      const text = renderSms(
        context("cancelled", language, {
          address: "Lāčplēša iela 39, Daugavpils",
          reason: "Speciālists slims, lūdzu piesakieties uz citu dienu",
        }),
      );
      expect(text, language).toContain(
        `${atLink[language]} ${shortUrl(publicUrl, reference, token)}`,
      );
      expect(text, language).not.toContain("…");
      expect(text, language).toContain("Lāčplēša iela 39, Daugavpils");
      expect(text, language).toContain(shortUrl(publicUrl, reference, token));
      expect(countSms(text).segments, language).toBeLessThanOrEqual(2);
    }
  });

  it("with the longest names there is no room even for that: no letter or two of it", () => {
    for (const language of languages) {
      const text = renderSms(context("cancelled", language));
      expect(text, language).not.toMatch(/: .{0,10}… /);
      expect(text, language).toContain(address);
      expect(countSms(text).segments, language).toBeLessThanOrEqual(2);
    }
  });

  it("a closure's message is cut, not pointed to (the booking's page does not show it)", () => {
    const text = renderSms(
      context("cancelled", "lv", {
        cancelledBy: "closure",
        closureMessage: "Ēka slēgta remonta dēļ, lūdzu piesakieties uz citu dienu. ".repeat(3),
      }),
    );
    expect(text).not.toContain("saitē");
    expect(countSms(text).segments).toBeLessThanOrEqual(2);
  });
});

describe("e-mail", () => {
  it("has a subject, a plain text and an HTML part naming everything, in each language", () => {
    for (const language of languages) {
      const mail = renderEmail(context("confirmation", language));
      expect(mail.subject).toContain(reference);
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain(reference);
        expect(part).toContain(longest[language]);
        expect(part).toContain(address);
        expect(part).toContain("Sociālā darbinieka konsultācija");
      }
      expect(mail.text).toContain(manageUrl(publicUrl, language, reference, token));
      expect(mail.html).toContain(`href="${manageUrl(publicUrl, language, reference, token)}"`);
      expect(mail.html).toContain(`<html lang="${language}">`);
    }
    const lv = renderEmail(context("confirmation", "lv"));
    expect(lv.subject).toBe(
      "Pieraksts apstiprināts: otrdien, 24. novembrī plkst. 10:00 (WXYZ-9876)",
    );
    expect(lv.text).toContain("Laiks: otrdien, 24. novembrī plkst. 10:00 (15 min)");
    expect(lv.html).toMatch(/<main[^>]*>/);
    expect(lv.html).toContain("<dt");
    expect(lv.html).toContain("<title>");
  });

  it("escapes what people wrote in the HTML part", () => {
    const mail = renderEmail(
      context("cancelled", "en", {
        clientName: `<script>alert("x")</script>`,
        cancelledBy: "closure",
        closureMessage: `Closed <b>today</b> & "tomorrow"`,
      }),
    );
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>today</b>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(mail.html).toContain("Closed &lt;b&gt;today&lt;/b&gt; &amp; &quot;tomorrow&quot;");
    expect(mail.text).toContain(`Message from the office: Closed <b>today</b> & "tomorrow"`);
    expect(escapeHtml(`'`)).toBe("&#39;");
  });

  it("a reminder says when in plural-correct words", () => {
    const inDays = (days: number, language: Language) =>
      renderEmail(
        context("reminder", language, {
          now: new Date(new Date("2026-11-24T08:00:00Z").getTime() - days * 86_400_000),
        }),
      ).text;
    expect(inDays(1, "lv")).toContain("Atgādinām, ka Jums ir pieraksts rīt.");
    expect(inDays(3, "lv")).toContain("pieraksts pēc 3 dienām.");
    expect(inDays(21, "lv")).toContain("pieraksts pēc 21 dienas.");
    expect(inDays(1, "ru")).toContain("у вас запись завтра.");
    expect(inDays(3, "ru")).toContain("у вас запись через 3 дня.");
    expect(inDays(5, "ru")).toContain("у вас запись через 5 дней.");
    expect(inDays(21, "ru")).toContain("у вас запись через 21 день.");
    expect(inDays(1, "en")).toContain("you have a booking tomorrow.");
    expect(inDays(3, "en")).toContain("you have a booking in 3 days.");
  });

  it("notices say what changed and who cancelled", () => {
    const moved = renderEmail(context("rescheduled", "lv")).text;
    expect(moved).toContain("Iepriekšējais laiks bija piektdien, 20. novembrī plkst. 14:30.");
    const byStaff = renderEmail(context("cancelled", "ru")).text;
    expect(byStaff).toContain("сотрудники учреждения отменили вашу запись");
    expect(byStaff).toContain("Причина: Speciālists ir saslimis.");
    expect(byStaff).toContain("звоните: 654 49907");
    const byClient = renderEmail(context("cancelled", "en", { cancelledBy: "client" })).text;
    expect(byClient).toContain("cancelled as you asked");
    expect(byClient).not.toContain("Reason:");
  });
});

describe("short links", () => {
  it("carry the reference and a code only the token makes", () => {
    const link = shortUrl(publicUrl, reference, token);
    expect(link).toMatch(/^https:\/\/pieraksts1\.daugavpils\.lv\/s\/WXYZ9876[A-Za-z0-9_-]{10}$/);
    const parsed = parseShortLink(link.split("/s/")[1] ?? "");
    expect(parsed?.reference).toBe(reference);
    expect(shortCodeMatches(parsed?.code ?? "", token)).toBe(true);
    expect(shortCodeMatches(parsed?.code ?? "", `${token.slice(1)}A`)).toBe(false);
    expect(parseShortLink("WXYZ9876short")).toBeNull();
  });
});
