/**
 * SMS to clients through a gateway. The generic gateway (SMS_WEBHOOK_URL) takes
 * `POST {to, text}` as JSON; any 2xx is accepted. 5xx, 408, 429, a time-out or a refused
 * connection are retried; any other 4xx refuses for good and its answer is kept. A named
 * gateway is another `SmsGateway` (the same outcomes from its own API).
 */
import type { PrismaClient } from "@pieraksts/db";
import type { OutboxRow, SendOutcome } from "../outbox/outbox.ts";
import type { Transport } from "../outbox/worker.ts";
import type { Sealer } from "../sealing.ts";
import { renderSms } from "./render.ts";
import { prepareMessage } from "./render-context.ts";

export type GatewayOutcome =
  | { status: "sent"; answer: string }
  | { status: "retry"; error: string }
  | { status: "failed"; error: string };

/** An SMS gateway: one text to one E.164 number, with an outcome and never a throw. */
export interface SmsGateway {
  name: string;
  send(to: string, text: string): Promise<GatewayOutcome>;
}

const MAX_ANSWER = 1000;

async function answerText(response: Response): Promise<string> {
  try {
    return (await response.text()).slice(0, MAX_ANSWER);
  } catch {
    return "";
  }
}

function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  if (e?.name === "TimeoutError") return "timed out";
  return [e?.cause?.code, e?.message].filter(Boolean).join(" ") || String(error);
}

/** The generic gateway of API.md: POST {to, text} as JSON to SMS_WEBHOOK_URL. */
export function webhookGateway(url: string, timeoutMs: number): SmsGateway {
  return {
    name: "webhook",
    async send(to, text) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, */*" },
          body: JSON.stringify({ to, text }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "error",
        });
      } catch (error) {
        return { status: "retry", error: errorText(error) };
      }
      let answer: string;
      try {
        answer = await Promise.race([
          answerText(response),
          new Promise<string>((resolve) => setTimeout(() => resolve(""), timeoutMs).unref()),
        ]);
      } catch {
        answer = "";
      }
      const summary = `${response.status} ${answer}`.trim();
      if (response.ok) return { status: "sent", answer: summary };
      if (response.status >= 500 || response.status === 408 || response.status === 429) {
        return { status: "retry", error: summary };
      }
      return { status: "failed", error: summary };
    },
  };
}

export interface SmsSettings {
  publicUrl: string;
  transliterate: boolean;
}

export function smsTransport(
  gateway: SmsGateway,
  settings: SmsSettings,
  deps: { prisma: PrismaClient; sealer: Sealer; now: () => Date },
): Transport {
  return {
    channel: "SMS",
    async send(row: OutboxRow): Promise<SendOutcome> {
      const prepared = await prepareMessage(row, {
        prisma: deps.prisma,
        sealer: deps.sealer,
        publicUrl: settings.publicUrl,
        now: deps.now(),
      });
      if (prepared.status !== "ready") return prepared;
      const body = renderSms(prepared.context, { transliterate: settings.transliterate });
      const outcome = await gateway.send(row.address, body);
      return { ...outcome, body };
    },
  };
}
