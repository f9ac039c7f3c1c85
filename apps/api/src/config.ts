import { isIP } from "node:net";
import { fileURLToPath } from "node:url";
import { formatEnvErrors, ZDatabaseEnv } from "@pieraksts/db";
import { z } from "zod";
import { ZClockStart } from "./lib/clock.ts";
import { parseSecretKey } from "./lib/sealing.ts";

const ZSwitch = z
  .enum(["true", "false", "1", "0", "on", "off", "yes", "no"], {
    error: "must be true or false (or on/off)",
  })
  .transform((value) => ["true", "1", "on", "yes"].includes(value));

const proxyNames = new Set(["loopback", "linklocal", "uniquelocal"]);
function isProxyAddress(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY as false (no proxy), a number of proxies in front (true is one), or a list
 * of proxy addresses and CIDRs. Never "trust every hop": the leftmost X-Forwarded-For
 * entry is whatever the client wrote.
 */
const ZTrustProxy = z.string().transform((value, context): false | number | string[] => {
  const text = value.trim().toLowerCase();
  if (["false", "0", "off", "no", ""].includes(text)) return false;
  if (["true", "on", "yes"].includes(text)) return 1;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const entries = text.split(",").map((entry) => entry.trim());
  if (entries.every(isProxyAddress)) return entries;
  context.addIssue({
    code: "custom",
    message: "must be true, false, a number of proxies, or a list of proxy addresses/CIDRs",
  });
  return z.NEVER;
});

const ZPort = z
  .string()
  .trim()
  .regex(/^\d+$/, "must be a port number from 1 to 65535")
  .transform(Number)
  .refine((port) => port >= 1 && port <= 65535, "must be a port number from 1 to 65535");

export const ZConfig = ZDatabaseEnv.extend({
  PORT: ZPort.default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Apply pending migrations at start; off for operators who migrate separately. */
  MIGRATE_ON_START: ZSwitch.default(true),
  /** Load the organisations of DOMAIN.md when the database has none. */
  SEED_ON_START: ZSwitch.default(true),
  /** "off" switches every rate limit off: load tests and benchmarks only. */
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  /** Bookings one client address may create per hour. */
  RATE_LIMIT_BOOKINGS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Requests about one booking (view, change, calendar) per address per 10 minutes. */
  RATE_LIMIT_LOOKUPS_PER_10_MIN: z.coerce.number().int().min(1).default(60),
  /** Wrong reference or token per address per 10 minutes before lookups are refused. */
  RATE_LIMIT_FAILED_LOOKUPS_PER_10_MIN: z.coerce.number().int().min(1).default(10),
  /** Requests one API key may make per minute, whatever address they come from. */
  API_KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** The most an administrator may give one key as its own requests per minute. */
  API_KEY_MAX_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** Lost-link requests (POST /bookings/recover) one client address may make per hour. */
  RATE_LIMIT_RECOVER_PER_HOUR: z.coerce.number().int().min(1).default(5),
  /** Lost-link requests for one phone number per day, whoever asks. */
  RATE_LIMIT_RECOVER_PER_PHONE_PER_DAY: z.coerce.number().int().min(1).default(3),
  /** Public bookings of one ordinary service one address may make per day and per week. */
  BOOKINGS_PER_ADDRESS_PER_DAY: z.coerce.number().int().min(1).default(30),
  BOOKINGS_PER_ADDRESS_PER_WEEK: z.coerce.number().int().min(1).default(100),
  /** A service with a daily limit at most this is scarce and gets the scarce limits below. */
  SCARCE_DAILY_LIMIT: z.coerce.number().int().min(0).default(10),
  SCARCE_BOOKINGS_PER_ADDRESS_PER_DAY: z.coerce.number().int().min(1).default(2),
  SCARCE_BOOKINGS_PER_ADDRESS_PER_WEEK: z.coerce.number().int().min(1).default(4),
  /** How long a hold keeps a place while the client fills in the form (decision 022). */
  HOLD_MINUTES: z.coerce.number().int().min(1).max(120).default(10),
  /** Holds of one service one address may have at once (with the other limits). */
  HOLDS_PER_ADDRESS: z.coerce.number().int().min(1).default(2),
  /** How long a place offered to a waiting-list entry is held for it (decision 026). */
  WAITLIST_OFFER_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Offers one waiting-list entry gets at most; left unconfirmed, it is offered no more. */
  WAITLIST_MAX_OFFERS: z.coerce.number().int().min(1).max(100).default(3),
  /** Waiting-list entries of one service one phone may have at once. */
  WAITLIST_PER_PHONE: z.coerce.number().int().min(1).default(2),
  /** Waiting-list entries of one service one client address may have at once (with the other limits). */
  WAITLIST_PER_ADDRESS: z.coerce.number().int().min(1).default(5),
  /** How often each process looks for free places to offer (expired offers, missed ones). */
  WAITLIST_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** A retry of a request whose process died takes its Idempotency-Key over after this. */
  IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  /** Where the built SPA is; served from / when present. */
  WEB_DIST: z.string().default(fileURLToPath(new URL("../../web/dist", import.meta.url))),
  /** Staff session cookies only over HTTPS; turn off only for a plain-HTTP intranet. */
  STAFF_COOKIE_SECURE: ZSwitch.default(true),
  /** Reuse availability answers while the service's version holds; "off" to measure without. */
  AVAILABILITY_CACHE: z.enum(["on", "off"]).default("on"),
  /** Clients' personal data is anonymised this many days after their visit. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** How often each process runs the retention job (any process may; they do not clash). */
  RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(1).default(60),
  /**
   * Which X-Forwarded-* to believe: false; true or a hop count (that many proxies in front,
   * the client is the entry the outermost one added); or the proxies' addresses/CIDRs.
   */
  TRUST_PROXY: ZTrustProxy.default(false),
  /** GET /metrics (Prometheus) on this port of HOST, apart from the API; unset: no metrics. */
  METRICS_PORT: ZPort.optional(),
  /**
   * 32 bytes (64 hex digits or base64) sealing the manage tokens that messages carry;
   * unset, the server makes a key and keeps it in the database (decision 023).
   */
  SECRET_KEY: z
    .string()
    .refine((value) => parseSecretKey(value) !== null, {
      message: "must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)",
    })
    .optional(),
  /** How often each process looks for messages due to be sent (ms). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** The longest sending waits for a gap while the process answers requests (ms). */
  OUTBOX_MAX_DEFER_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** How long a message being sent is one process's; then another may retry it (s). */
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** Webhook URLs may be http and resolve to private addresses: intranets and tests only. */
  WEBHOOK_ALLOW_PRIVATE: ZSwitch.default(false),
  /** A webhook delivery that has not answered by then counts as failed (and is retried). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /**
   * Where clients reach the SPA, for the links messages carry; unset:
   * http://localhost:PORT. At most 32 characters keeps every SMS within two segments (decision 024).
   */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .optional(),
  /** smtp://user:pass@host:port or smtps://…: turns e-mail to clients on. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  /** The From of e-mails to clients ("Pieraksts <noreply@example.lv>"); needed with SMTP_URL. */
  MAIL_FROM: z.string().trim().min(3).optional(),
  /** Longest wait for the SMTP server to connect, greet, or answer (ms); then retried. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** The generic SMS gateway: POST {to, text} as JSON; turns SMS to clients on. */
  SMS_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .optional(),
  /** Longest wait for the SMS gateway's answer (ms); then retried. */
  SMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Write SMS in the GSM-7 alphabet (ā→a, Cyrillic→Latin): 160 characters a segment, not 70. */
  SMS_TRANSLITERATE: ZSwitch.default(false),
  /** Tests only: the instant the server's clock starts at (then moving on in real time). */
  CLOCK_START: ZClockStart,
})
  .refine((config) => !config.SMTP_URL || config.MAIL_FROM, {
    path: ["MAIL_FROM"],
    message: "is needed with SMTP_URL (the sender of e-mails to clients)",
  })
  .refine(
    (config) => config.API_KEY_MAX_REQUESTS_PER_MINUTE >= config.API_KEY_REQUESTS_PER_MINUTE,
    {
      path: ["API_KEY_MAX_REQUESTS_PER_MINUTE"],
      message: "must be at least API_KEY_REQUESTS_PER_MINUTE (the default of every key)",
    },
  );
export type Config = z.infer<typeof ZConfig>;

/** The address clients use, for links in messages. */
export function publicUrl(config: Pick<Config, "PUBLIC_URL" | "PORT">): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

export function parseConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = ZConfig.safeParse(env);
  return parsed.success
    ? { ok: true, config: parsed.data }
    : { ok: false, message: `Invalid configuration: ${formatEnvErrors(parsed.error)}` };
}
