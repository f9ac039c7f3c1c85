import { isIP, isIPv4 } from "node:net";
import type { FastifyRequest } from "fastify";

/** Eight 16-bit groups of an IPv6 address (zone dropped), or undefined when it is none. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.split("%", 1)[0] ?? "";
  if (isIP(text) !== 6) return undefined;
  // An embedded IPv4 suffix (::ffff:10.0.0.1) is the last two groups.
  const lastColon = text.lastIndexOf(":");
  const suffix = text.slice(lastColon + 1);
  if (isIPv4(suffix)) {
    const [a = 0, b = 0, c = 0, d = 0] = suffix.split(".").map(Number);
    const hex = (high: number, low: number) => ((high << 8) | low).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hex(a, b)}:${hex(c, d)}`;
  }
  const parse = (part: string) =>
    part ? part.split(":").map((group) => Number.parseInt(group, 16)) : [];
  const [left = "", right] = text.split("::");
  const leftGroups = parse(left);
  const rightGroups = parse(right ?? "");
  const zeros = new Array<number>(8 - leftGroups.length - rightGroups.length).fill(0);
  return [...leftGroups, ...zeros, ...rightGroups];
}

/**
 * The address as a key for per-address limits (decision 010): an IPv4-mapped IPv6
 * address is the IPv4 address it maps, and an IPv6 address counts as its /64, the block
 * one household or phone is given, so walking through its 2^64 addresses gains nothing.
 * Undefined when the text is not an IP address.
 */
export function addressKey(address: string): string | undefined {
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return undefined;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/**
 * The client's own address: Fastify's `request.ip` (which follows TRUST_PROXY), mapped
 * IPv6 written as IPv4. A forwarded value that is not an address falls back to the
 * socket's, so that no text a client makes up is ever used as its address.
 */
export function requestAddress(request: FastifyRequest): string {
  for (const candidate of [request.ip, request.socket?.remoteAddress]) {
    if (!candidate) continue;
    const key = addressKey(candidate);
    if (!key) continue;
    return key.endsWith("/64") ? (candidate.split("%", 1)[0] ?? candidate) : key;
  }
  return "unknown";
}

/** The key every per-address limit counts under (see `addressKey`). */
export function clientAddress(request: FastifyRequest): string {
  return addressKey(requestAddress(request)) ?? "unknown";
}
