/**
 * E-mail to clients over SMTP (nodemailer), from SMTP_URL and MAIL_FROM: a plain-text and
 * an HTML part in the booking's language, and for a confirmation or a reschedule the
 * booking as an .ics file. Every wait has a limit (connection, greeting, socket), well
 * within the outbox lease, so that a slow server means a retry, never a stuck message.
 */
import type { Language } from "@pieraksts/contracts";
import type { PrismaClient } from "@pieraksts/db";
import nodemailer from "nodemailer";
import { bookingCalendar } from "../../routes/bookings/calendar.ts";
import { toBooking } from "../../routes/bookings/service.ts";
import { sha256 } from "../crypto.ts";
import type { OutboxRow, SendOutcome } from "../outbox/outbox.ts";
import type { Transport } from "../outbox/worker.ts";
import type { Sealer } from "../sealing.ts";
import { carriesCalendar, renderEmail } from "./render.ts";
import { prepareMessage } from "./render-context.ts";

export interface EmailSettings {
  smtpUrl: string;
  from: string;
  timeoutMs: number;
  publicUrl: string;
}

/** nodemailer options from smtp://user:pass@host:port or smtps://… */
export function smtpOptions(smtpUrl: string, timeoutMs: number) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username
      ? {
          auth: {
            user: decodeURIComponent(url.username),
            pass: decodeURIComponent(url.password),
          },
        }
      : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  };
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** A server's 5xx refuses for good; 4xx, time-outs and connection errors are retried. */
export function emailOutcome(error: unknown, body: string): SendOutcome {
  const e = error as SmtpError;
  const answer = e?.response ?? e?.message ?? String(error);
  const detail = [e?.code, answer].filter(Boolean).join(" ");
  if (typeof e?.responseCode === "number" && e.responseCode >= 500) {
    return { status: "failed", error: detail, body };
  }
  return { status: "retry", error: detail, body };
}

export function emailTransport(
  settings: EmailSettings,
  deps: { prisma: PrismaClient; sealer: Sealer; now: () => Date },
): Transport & { close(): void } {
  const transporter = nodemailer.createTransport(smtpOptions(settings.smtpUrl, settings.timeoutMs));
  const uidDomain = sha256(new URL(settings.publicUrl).hostname).slice(0, 12);
  return {
    channel: "EMAIL",
    async send(row: OutboxRow): Promise<SendOutcome> {
      const prepared = await prepareMessage(row, {
        prisma: deps.prisma,
        sealer: deps.sealer,
        publicUrl: settings.publicUrl,
        now: deps.now(),
      });
      if (prepared.status !== "ready") return prepared;
      const { context, booking } = prepared;
      const mail = renderEmail(context);
      const body = `Subject: ${mail.subject}\n\n${mail.text}`;
      const attachments =
        booking && carriesCalendar(context.kind)
          ? [
              {
                filename: `pieraksts-${context.reference}.ics`,
                content: bookingCalendar(
                  toBooking(booking, context.language as Language),
                  uidDomain,
                ),
                contentType: "text/calendar; charset=utf-8; method=PUBLISH",
              },
            ]
          : [];
      try {
        const info = await transporter.sendMail({
          from: settings.from,
          to: row.address,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: { "Content-Language": context.language, "Auto-Submitted": "auto-generated" },
          attachments,
        });
        const rejected = (info.rejected ?? []).length > 0;
        if (rejected) return { status: "failed", error: `rejected: ${info.response}`, body };
        return { status: "sent", body, answer: info.response };
      } catch (error) {
        return emailOutcome(error, body);
      }
    },
    close() {
      transporter.close();
    },
  };
}
