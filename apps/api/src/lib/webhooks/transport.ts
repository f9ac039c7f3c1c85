import http from "node:http";
import https from "node:https";
import type { PrismaClient } from "@pieraksts/db";
import { Webhook } from "standardwebhooks";
import type { OutboxRow, SendOutcome } from "../outbox/outbox.ts";
import type { Transport } from "../outbox/worker.ts";
import type { Sealer } from "../sealing.ts";
import { guardedLookup, parseWebhookUrl, WebhookUrlError } from "./ssrf.ts";

/**
 * Seconds before each further attempt: growing, and together more than 24 hours
 * (34.6 h), after which the delivery fails and the endpoint is disabled.
 */
export const webhookRetryDelays: readonly number[] = [
  60,
  5 * 60,
  30 * 60,
  3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  12 * 3600,
];

const MAX_ANSWER = 2000;

export interface WebhookTransportOptions {
  prisma: PrismaClient;
  sealer: Sealer;
  allowPrivate: boolean;
  timeoutMs: number;
  now: () => Date;
  retryDelays?: readonly number[];
}

/** The signature header: every secret still valid signs (two during a rotation). */
export function signatures(
  secrets: readonly string[],
  id: string,
  timestamp: Date,
  body: string,
): string {
  return secrets.map((secret) => new Webhook(secret).sign(id, timestamp, body)).join(" ");
}

interface Answer {
  status: number | null;
  answer: string;
}

/** One POST, no redirects followed, connected only to addresses the guard allows. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<Answer> {
  return new Promise((resolve) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
        lookup: guardedLookup({ allowPrivate: options.allowPrivate }) as never,
        timeout: options.timeoutMs,
        agent: false,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (text.length < MAX_ANSWER) text += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? null, answer: text.slice(0, MAX_ANSWER) }),
        );
        response.on("error", (error) => resolve({ status: null, answer: error.message }));
      },
    );
    request.on("timeout", () => {
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    });
    request.on("error", (error) => resolve({ status: null, answer: error.message }));
    request.end(body);
  });
}

/**
 * Webhook deliveries from the outbox: signed with the standardwebhooks library, the
 * webhook-id being the outbox message's id (the same on every retry, so receivers drop
 * duplicates). Every attempt and its answer is logged; once the retries are used up the
 * endpoint is disabled with the reason.
 */
export function webhookTransport(options: WebhookTransportOptions): Transport {
  const retryDelays = options.retryDelays ?? webhookRetryDelays;
  const { prisma } = options;
  return {
    channel: "WEBHOOK",
    retryDelays,
    async send(message: OutboxRow): Promise<SendOutcome> {
      const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id: message.address } });
      if (!endpoint) return { status: "skip", reason: "the endpoint was deleted" };
      if (endpoint.disabledAt) {
        return { status: "failed", error: `the endpoint is disabled: ${endpoint.disabledReason}` };
      }
      const now = options.now();
      // The signature's timestamp is the wall clock's: receivers check it against theirs
      // to refuse replays, whatever clock the app's business rules run on.
      const signedAt = new Date();
      const body = JSON.stringify(message.payload);
      const secrets = [options.sealer.open(endpoint.secretSealed)];
      if (
        endpoint.previousSecretSealed &&
        endpoint.previousSecretUntil &&
        endpoint.previousSecretUntil > now
      ) {
        secrets.push(options.sealer.open(endpoint.previousSecretSealed));
      }
      const valid = secrets.filter((secret): secret is string => secret !== null);
      if (valid.length === 0)
        return { status: "failed", error: "the signing secret is unreadable" };
      const started = Date.now();
      let answer: Answer;
      try {
        const url = parseWebhookUrl(endpoint.url, { allowPrivate: options.allowPrivate });
        answer = await post(
          url,
          {
            "content-type": "application/json",
            "user-agent": "Pieraksts-Webhooks/1",
            "webhook-id": message.id,
            "webhook-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
            "webhook-signature": signatures(valid, message.id, signedAt, body),
          },
          body,
          options,
        );
      } catch (error) {
        answer = {
          status: null,
          answer: error instanceof WebhookUrlError ? error.message : String(error),
        };
      }
      await prisma.webhookAttempt.create({
        data: {
          endpointId: endpoint.id,
          messageId: message.id,
          at: now,
          status: answer.status,
          answer: answer.answer,
          durationMs: Date.now() - started,
        },
      });
      if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
        return { status: "sent", body, answer: `${answer.status} ${answer.answer}`.trim() };
      }
      const error = answer.status === null ? answer.answer : `${answer.status} ${answer.answer}`;
      // The last retry failed too: nothing more will be tried, so stop sending to it.
      if (message.attempts > retryDelays.length) {
        await prisma.webhookEndpoint.updateMany({
          where: { id: endpoint.id, disabledAt: null },
          data: {
            disabledAt: now,
            disabledReason:
              `Deliveries failed through every retry; the last answer: ${error}`.slice(
                0,
                MAX_ANSWER,
              ),
          },
        });
      }
      return { status: "retry", error, body };
    },
  };
}
