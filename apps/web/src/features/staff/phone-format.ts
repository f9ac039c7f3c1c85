/**
 * A stored phone number (E.164) grouped as people read it out. Latvian numbers follow
 * the usual grouping (mobile 2X XXX XXX, landline 6XX XXXXX, as on the notices). Other
 * countries' numbers stay as stored: where their country code ends is not knowable here.
 */
export function readablePhone(e164: string): string {
  const latvian = /^\+371(\d{8})$/.exec(e164)?.[1];
  if (latvian?.startsWith("6")) return `+371 ${latvian.slice(0, 3)} ${latvian.slice(3)}`;
  if (latvian) return `+371 ${latvian.slice(0, 2)} ${latvian.slice(2, 5)} ${latvian.slice(5)}`;
  return e164;
}
