/**
 * A place as one line: its name, then its address unless the name already says it
 * ("…centrs Lāčplēša ielā 39" and "Lāčplēša iela 39, Daugavpils" give
 * "…centrs Lāčplēša ielā 39, Daugavpils"). Latvian street names change their ending
 * ("iela"/"ielā"), so the street's first word and the house number are compared.
 */
export function placeLabel(name: string, address: string): string {
  const [street = "", ...rest] = address.split(",").map((part) => part.trim());
  const words = street.split(/\s+/);
  const first = words[0]?.toLocaleLowerCase() ?? "";
  const number = words.find((word) => /^\d+[a-z]?$/i.test(word));
  const lowerName = name.toLocaleLowerCase();
  const repeated =
    first.length > 2 &&
    lowerName.includes(first) &&
    (number === undefined || new RegExp(`(^|\\D)${number}(\\D|$)`, "i").test(name));
  if (!repeated) return `${name}, ${address}`;
  return [name, ...rest.filter((part) => !lowerName.includes(part.toLocaleLowerCase()))].join(", ");
}
