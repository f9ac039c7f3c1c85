import { lookup as dnsLookup } from "node:dns";
import { BlockList, isIP } from "node:net";

/**
 * The SSRF guard for webhook URLs (docs/decisions/021-api-keys.md, webhooks): a URL must
 * be https, and every address its host resolves to must be public. Checked when the URL
 * is registered and again at every delivery, through `guardedLookup`, which is the lookup
 * the delivery's socket connects with: the address checked is the address used, so a
 * name that resolves elsewhere since (DNS rebinding) is refused too.
 */

const forbidden = new BlockList();
const v4: [string, number, string][] = [
  ["0.0.0.0", 8, "this network"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared address space (carrier NAT, some cloud metadata)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local (cloud metadata)"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];
const v6: [string, number, string][] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["fc00::", 7, "unique local (private)"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local"],
  ["ff00::", 8, "multicast"],
  ["2001:db8::", 32, "documentation"],
  ["100::", 64, "discard"],
  // Transition prefixes that carry an IPv4 address inside (6to4 2002:AABB:CCDD::, Teredo
  // 2001:0::/32): not reachable as a public host of their own, and a way to spell a
  // private IPv4 address, so refused whole.
  ["2002::", 16, "6to4 (carries an IPv4 address)"],
  ["2001::", 32, "Teredo (carries an IPv4 address)"],
];
const reasons: { list: BlockList; reason: string }[] = [];
for (const [network, prefix, reason] of v4) {
  forbidden.addSubnet(network, prefix, "ipv4");
  const one = new BlockList();
  one.addSubnet(network, prefix, "ipv4");
  reasons.push({ list: one, reason });
}
for (const [network, prefix, reason] of v6) {
  forbidden.addSubnet(network, prefix, "ipv6");
  const one = new BlockList();
  one.addSubnet(network, prefix, "ipv6");
  reasons.push({ list: one, reason });
}

/** An IPv4 address an IPv6 one carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, compatible ::a.b.c.d). */
function embeddedV4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** Why an address may not receive webhooks, or null when it is public. */
export function forbiddenReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  if (family === 6) {
    const inner = embeddedV4(address);
    if (inner) return forbiddenReason(inner);
  }
  const type = family === 4 ? "ipv4" : "ipv6";
  if (!forbidden.check(address, type)) return null;
  return reasons.find((entry) => entry.list.check(address, type))?.reason ?? "not public";
}

export class WebhookUrlError extends Error {
  override name = "WebhookUrlError";
}

export interface GuardOptions {
  /** WEBHOOK_ALLOW_PRIVATE=true: intranets and tests; http and any address allowed. */
  allowPrivate: boolean;
}

type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

const resolveAll: LookupAll = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Parses and checks a webhook URL's form (scheme, no credentials), without DNS. */
export function parseWebhookUrl(raw: string, options: GuardOptions): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError("is not a URL");
  }
  const schemes = options.allowPrivate ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol)) throw new WebhookUrlError("must be https");
  if (url.username || url.password) throw new WebhookUrlError("must not hold a user or password");
  if (!url.hostname) throw new WebhookUrlError("has no host");
  return url;
}

/**
 * Resolves the URL's host and refuses it unless every address is public: at
 * registration. `resolve` is DNS unless a test passes its own.
 */
export async function checkWebhookUrl(
  raw: string,
  options: GuardOptions & { resolve?: LookupAll },
): Promise<{ url: URL; addresses: string[] }> {
  const url = parseWebhookUrl(raw, options);
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await (options.resolve ?? resolveAll)(host)).map((entry) => entry.address);
    } catch {
      throw new WebhookUrlError(`its host ${host} does not resolve`);
    }
    if (addresses.length === 0) throw new WebhookUrlError(`its host ${host} does not resolve`);
  }
  if (!options.allowPrivate) {
    for (const address of addresses) {
      const reason = forbiddenReason(address);
      if (reason) throw new WebhookUrlError(`resolves to ${address}, which is ${reason}`);
    }
  }
  return { url, addresses };
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

/**
 * A `lookup` for http(s).request that resolves like DNS and then refuses a forbidden
 * address: the socket connects only to an address that passed the check.
 */
export function guardedLookup(options: GuardOptions) {
  return (
    hostname: string,
    lookupOptions: { all?: boolean; family?: number },
    callback: LookupCallback,
  ): void => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (!options.allowPrivate) {
        for (const entry of addresses) {
          const reason = forbiddenReason(entry.address);
          if (reason) {
            const refused = new WebhookUrlError(
              `${hostname} resolves to ${entry.address}, which is ${reason}`,
            ) as NodeJS.ErrnoException;
            refused.code = "EWEBHOOKFORBIDDEN";
            return callback(refused, []);
          }
        }
      }
      if (lookupOptions.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} does not resolve`), []);
      callback(null, first.address, first.family);
    });
  };
}
