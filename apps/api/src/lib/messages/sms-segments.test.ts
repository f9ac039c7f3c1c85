import { describe, expect, it } from "vitest";
import { countSms, isGsm7, transliterateToGsm7 } from "./sms-segments.ts";

describe("SMS segment count", () => {
  it("GSM-7: 160 in one segment, then 153 a part", () => {
    expect(countSms("a".repeat(160))).toEqual({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(countSms("a".repeat(161)).segments).toBe(2);
    expect(countSms("a".repeat(306)).segments).toBe(2);
    expect(countSms("a".repeat(307)).segments).toBe(3);
  });

  it("GSM-7 extension characters take two septets and are never split", () => {
    expect(countSms("€".repeat(80))).toEqual({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(countSms(`${"a".repeat(159)}€`).segments).toBe(2);
    // 152 septets, then an escape pair that cannot straddle the part boundary at 153.
    expect(countSms(`${"a".repeat(152)}[${"a".repeat(152)}`).units).toBe(306);
    expect(countSms(`${"a".repeat(152)}[${"a".repeat(152)}`).segments).toBe(3);
    expect(countSms(`${"a".repeat(151)}[${"a".repeat(153)}`).segments).toBe(2);
  });

  it("one Latvian, Russian or typographic character makes the whole text UCS-2: 70, then 67", () => {
    for (const char of ["ā", "č", "ē", "ж", "“", "–"]) {
      expect(isGsm7(char)).toBe(false);
      expect(countSms(`${char}${"a".repeat(69)}`)).toEqual({
        encoding: "UCS-2",
        units: 70,
        segments: 1,
      });
      expect(countSms(`${char}${"a".repeat(70)}`).segments).toBe(2);
    }
    expect(countSms("ā".repeat(134)).segments).toBe(2);
    expect(countSms("ā".repeat(135)).segments).toBe(3);
  });

  it("UCS-2 never splits a surrogate pair", () => {
    // 66 units, then a 2-unit emoji that would straddle the 67-unit boundary.
    const text = `${"ā".repeat(66)}😀${"ā".repeat(66)}`;
    expect(countSms(text).units).toBe(134);
    expect(countSms(text).segments).toBe(3);
  });

  it("counts the GSM-7 accented letters as GSM-7", () => {
    expect(countSms("Café Müller à Ñoño").encoding).toBe("GSM-7");
  });
});

describe("transliteration to GSM-7 (SMS_TRANSLITERATE)", () => {
  it("Latvian letters lose their marks, keeping case", () => {
    expect(transliterateToGsm7("Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž ā č ē ģ ī ķ ļ ņ š ū ž")).toBe(
      "A C E G I K L N S U Z a c e g i k l n s u z",
    );
    expect(transliterateToGsm7("Lāčplēša iela 39, Daugavpils")).toBe(
      "Lacplesa iela 39, Daugavpils",
    );
  });

  it("Cyrillic goes to Latin letters", () => {
    expect(transliterateToGsm7("Запись подтверждена: во вторник")).toBe(
      "Zapis podtverzhdena: vo vtornik",
    );
    expect(transliterateToGsm7("Щука Юрмала Ёлка Чай Шум Яна")).toBe(
      "Shchuka Jurmala Jolka Chaj Shum Jana",
    );
  });

  it("typographic punctuation becomes its plain form, and the result is GSM-7", () => {
    const text = transliterateToGsm7("iestāde “Sociālais dienests” – 8.00…12.00 ’ ✓");
    expect(text).toBe('iestade "Socialais dienests" - 8.00...12.00 \' ?');
    expect(isGsm7(text)).toBe(true);
    expect(countSms(text).encoding).toBe("GSM-7");
  });
});
