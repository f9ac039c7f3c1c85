import type { PrismaClient } from "@pieraksts/db";
import { type Config, publicUrl } from "../../config.ts";
import { emailTransport } from "../messages/email.ts";
import { smsTransport, webhookGateway } from "../messages/sms.ts";
import type { Sealer } from "../sealing.ts";
import { webhookTransport } from "../webhooks/transport.ts";
import type { Transport } from "./worker.ts";

export interface TransportDependencies {
  prisma: PrismaClient;
  sealer: Sealer;
  now: () => Date;
}

/**
 * The transports the configuration turns on; none by default (messages are recorded as
 * NOT_CONFIGURED), but webhooks: e-mail with SMTP_URL (from MAIL_FROM), SMS with SMS_WEBHOOK_URL.
 */
export function buildTransports(config: Config, deps: TransportDependencies): Transport[] {
  // Webhooks: an endpoint registered is the configuration.
  const transports: Transport[] = [
    webhookTransport({
      prisma: deps.prisma,
      sealer: deps.sealer,
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      now: deps.now,
    }),
  ];
  const url = publicUrl(config);
  if (config.SMTP_URL) {
    transports.push(
      emailTransport(
        {
          smtpUrl: config.SMTP_URL,
          from: config.MAIL_FROM ?? "",
          timeoutMs: config.SMTP_TIMEOUT_MS,
          publicUrl: url,
        },
        deps,
      ),
    );
  }
  if (config.SMS_WEBHOOK_URL) {
    transports.push(
      smsTransport(
        webhookGateway(config.SMS_WEBHOOK_URL, config.SMS_TIMEOUT_MS),
        { publicUrl: url, transliterate: config.SMS_TRANSLITERATE },
        deps,
      ),
    );
  }
  return transports;
}
