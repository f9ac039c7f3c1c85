import { createTestDatabase, type TestDatabase } from "@pieraksts/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import type { NewMessage } from "../src/lib/outbox/outbox.ts";
import { testConfig } from "./helpers.ts";
import {
  type GatewayReceiver,
  gatewayReceiver,
  type MailCatcher,
  mailCatcher,
} from "./support/receivers.ts";
import { freePort } from "./support/spawn-server.ts";

/**
 * Messages to clients sent for real: e-mail to an SMTP server started here (smtp-server,
 * the real protocol) and SMS to an HTTP receiver standing in for the gateway, with the
 * faults that must lose nothing. The worker is driven pass by pass on a pinned clock.
 */
const t0 = new Date("2026-11-23T08:00:00Z");
let clock = t0;
const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

let db: TestDatabase;
let app: App;
let smtp: MailCatcher;
let gateway: GatewayReceiver;
const publicUrl = "https://pieraksts.example.lv";

beforeAll(async () => {
  smtp = await mailCatcher(await freePort());
  await smtp.start();
  gateway = await gatewayReceiver();
  db = await createTestDatabase({ seed: true, now: t0 });
  app = await buildApp({
    database: db,
    config: testConfig({
      SMTP_URL: smtp.url,
      MAIL_FROM: "Pieraksts <pieraksts@example.lv>",
      SMTP_TIMEOUT_MS: "800",
      SMS_WEBHOOK_URL: gateway.url,
      SMS_TIMEOUT_MS: "800",
      PUBLIC_URL: publicUrl,
      // The test drives every pass itself.
      OUTBOX_POLL_MS: "60000",
    }),
    logger: false,
    now: () => clock,
  });
  await app.ready();
  // The test drives every pass with runOnce: no background pass, not even after a commit.
  await app.outbox.worker.stop();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.destroy();
  await smtp?.stop();
  await gateway?.close();
});

beforeEach(async () => {
  await db.prisma.outboxMessage.deleteMany({});
  smtp.received.length = 0;
  smtp.greetingDelayMs = 0;
  smtp.refuseWith = 0;
  gateway.received.length = 0;
  gateway.requests = 0;
  gateway.status = 200;
  gateway.holdMs = 0;
});

let slot = 0;
/** A booking made through the API, one slot after the other (Tuesday 24 November). */
async function book(language: "lv" | "ru" | "en", email?: string) {
  const minutes = 8 * 60 + 15 * slot++;
  const start = `2026-11-24T${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00+02:00`;
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: {
      servicePoint: "lacplesa-39",
      service: "consultation",
      start,
      language,
      client: { name: "Анна Bērziņa", phone: `2${7_100_000 + slot}`, ...(email ? { email } : {}) },
    },
  });
  expect(res.statusCode).toBe(201);
  const { reference, manageToken } = res.json() as { reference: string; manageToken: string };
  const row = await db.prisma.booking.findUniqueOrThrow({
    where: { reference },
    include: { servicePoint: true },
  });
  // The booking's own confirmation and reminder (decided by the flows, tested in
  // client-messages.test.ts) go: these tests write the rows they send themselves.
  await db.prisma.outboxMessage.deleteMany({ where: { bookingId: row.id } });
  return { reference, manageToken, row };
}

type Booked = Awaited<ReturnType<typeof book>>;

/** Writes messages for a booking the way the flows do: in a transaction, then a nudge. */
async function enqueue(
  booking: Booked,
  channel: "EMAIL" | "SMS",
  kind: string,
  payload: NewMessage["payload"] = {},
) {
  await db.prisma.$transaction((tx) =>
    app.outbox.enqueue(tx, [
      {
        organisationId: booking.row.servicePoint.organisationId,
        bookingId: booking.row.id,
        channel,
        kind,
        address: channel === "EMAIL" ? (booking.row.clientEmail ?? "") : booking.row.clientPhone,
        language: booking.row.language,
        payload,
      },
    ]),
  );
}

async function rows() {
  return db.prisma.outboxMessage.findMany({ orderBy: { createdAt: "asc" } });
}

describe("e-mail over SMTP", () => {
  it("a confirmation arrives with plain text, accessible HTML and the .ics, in the booking's language", async () => {
    const booking = await book("ru", "anna@example.lv");
    await enqueue(booking, "EMAIL", "confirmation");
    expect(await app.outbox.worker.runOnce()).toBe(1);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.from?.text).toBe('"Pieraksts" <pieraksts@example.lv>');
    expect(mail?.to && "text" in mail.to ? mail.to.text : "").toBe("anna@example.lv");
    expect(mail?.subject).toBe(
      `Запись подтверждена: во вторник, 24 ноября в 08:00 (${booking.reference})`,
    );
    const link = `${publicUrl}/ru/booking/${booking.reference}#token=${booking.manageToken}`;
    expect(mail?.text).toContain("Здравствуйте, Анна Bērziņa!");
    expect(mail?.text).toContain(`Номер записи: ${booking.reference}`);
    expect(mail?.text).toContain("Lāčplēša iela 39, Daugavpils");
    expect(mail?.text).toContain(link);
    expect(mail?.html).toContain('<html lang="ru">');
    expect(mail?.html).toContain(`<a href="${link}"`);
    expect(mail?.headers.get("content-language")).toBe("ru");
    const ics = mail?.attachments.find((a) => a.filename === `pieraksts-${booking.reference}.ics`);
    expect(ics?.contentType).toBe("text/calendar");
    const calendar = ics?.content.toString("utf8") ?? "";
    expect(calendar).toContain("BEGIN:VEVENT");
    expect(calendar).toContain(`Номер записи: ${booking.reference}`);
    expect(calendar).toContain("DTSTART:20261124T060000Z");
    const [row] = await rows();
    expect(row).toMatchObject({
      status: "SENT",
      attempts: 1,
      lastError: expect.stringMatching(/^250/),
    });
    expect(row?.body).toContain(booking.reference);
    expect(row?.body).toContain("Subject: Запись подтверждена");
  });

  it("down (connection refused), then up: delivered later, not lost", async () => {
    const booking = await book("lv", "janis@example.lv");
    await smtp.stop();
    try {
      await enqueue(booking, "EMAIL", "confirmation");
      await app.outbox.worker.runOnce();
      const [down] = await rows();
      expect(down).toMatchObject({ status: "PENDING", attempts: 1 });
      expect(down?.lastError).toMatch(/ECONNREFUSED|ECONNECTION/);
      expect(down?.dueAt.getTime()).toBe(clock.getTime() + 30_000);
      // Not due yet: nothing is tried before the delay.
      expect(await app.outbox.worker.runOnce()).toBe(0);
    } finally {
      await smtp.start();
    }
    later(31);
    expect(await app.outbox.worker.runOnce()).toBe(1);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toContain(booking.reference);
    expect(mail?.html).toContain('<html lang="lv">');
    expect((await rows())[0]).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("slow to greet: times out, retried, then sent", async () => {
    const booking = await book("en", "slow@example.lv");
    smtp.greetingDelayMs = 3000;
    await enqueue(booking, "EMAIL", "reminder");
    const started = Date.now();
    await app.outbox.worker.runOnce();
    expect(Date.now() - started).toBeLessThan(2900);
    const [slow] = await rows();
    expect(slow).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(slow?.lastError).toMatch(/timeout|ETIMEDOUT/i);
    smtp.greetingDelayMs = 0;
    later(31);
    await app.outbox.worker.runOnce();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe(
      `Reminder: your booking tomorrow, Tuesday 24 November at 08:30 (${booking.reference})`,
    );
    // A reminder carries no calendar file.
    expect(mail?.attachments).toHaveLength(0);
    expect((await rows())[0]).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("a server refusing for good (5xx) fails the message at once with its answer", async () => {
    const booking = await book("lv", "nobody@example.lv");
    smtp.refuseWith = 550;
    await enqueue(booking, "EMAIL", "confirmation");
    await app.outbox.worker.runOnce();
    const [row] = await rows();
    expect(row).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(row?.lastError).toContain("550");
    // A temporary refusal (4xx) is retried.
    smtp.refuseWith = 451;
    await enqueue(booking, "EMAIL", "rescheduled", { from: "2026-11-23T10:00:00.000Z" });
    await app.outbox.worker.runOnce();
    const retried = (await rows()).find((r) => r.kind === "rescheduled");
    expect(retried).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(retried?.lastError).toContain("451");
  });
});

describe("SMS through the generic gateway", () => {
  it("POSTs {to, text} with the short link, which leads to the booking page", async () => {
    const booking = await book("lv");
    await enqueue(booking, "SMS", "confirmation");
    await app.outbox.worker.runOnce();
    expect(gateway.received).toHaveLength(1);
    const [sms] = gateway.received;
    expect(sms?.to).toBe(booking.row.clientPhone);
    expect(sms?.text).toContain(booking.reference);
    expect(sms?.text).toContain("Lāčplēša iela 39, Daugavpils");
    const short = /https:\/\/pieraksts\.example\.lv(\/s\/\S+)/.exec(sms?.text ?? "")?.[1] ?? "";
    expect(short).toMatch(/^\/s\/[A-Z2-9]{8}[\w-]{10}$/);
    const row = (await rows())[0];
    expect(row).toMatchObject({ status: "SENT", body: sms?.text });
    expect(row?.lastError).toBe('200 {"id":"msg-1"}');

    const follow = await app.inject({ method: "GET", url: short });
    expect(follow.statusCode).toBe(302);
    expect(follow.headers.location).toBe(
      `/lv/booking/${booking.reference}#token=${booking.manageToken}`,
    );
    expect(follow.headers["cache-control"]).toBe("no-store");
    const wrong = await app.inject({
      method: "GET",
      url: `${short.slice(0, -1)}${short.endsWith("A") ? "B" : "A"}`,
      headers: { "accept-language": "ru" },
    });
    expect(wrong.statusCode).toBe(302);
    expect(wrong.headers.location).toBe("/ru/manage");
  });

  it("a gateway answering 5xx is retried, then delivers", async () => {
    const booking = await book("ru");
    gateway.status = 503;
    gateway.answer = "busy";
    await enqueue(booking, "SMS", "reminder");
    await app.outbox.worker.runOnce();
    expect((await rows())[0]).toMatchObject({ status: "PENDING", lastError: "503 busy" });
    gateway.status = 202;
    gateway.answer = "queued";
    later(31);
    await app.outbox.worker.runOnce();
    expect(gateway.received.map((sms) => sms.to)).toEqual([booking.row.clientPhone]);
    expect(gateway.received[0]?.text).toContain("Напоминаем");
    expect((await rows())[0]).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("a slow gateway times out and is retried", async () => {
    const booking = await book("en");
    gateway.holdMs = 3000;
    await enqueue(booking, "SMS", "link");
    const started = Date.now();
    await app.outbox.worker.runOnce();
    expect(Date.now() - started).toBeLessThan(2900);
    expect((await rows())[0]).toMatchObject({ status: "PENDING", lastError: "timed out" });
    gateway.holdMs = 0;
    later(31);
    await app.outbox.worker.runOnce();
    expect(gateway.received).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("a gateway answering 4xx fails the message at once, its answer kept", async () => {
    const booking = await book("lv");
    gateway.status = 400;
    gateway.answer = '{"error":"invalid number"}';
    await enqueue(booking, "SMS", "confirmation");
    await app.outbox.worker.runOnce();
    const [row] = await rows();
    expect(row).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastError: '400 {"error":"invalid number"}',
    });
    expect(row?.body).toContain(booking.reference);
    later(7 * 3600);
    expect(await app.outbox.worker.runOnce()).toBe(0);
  });

  it("the gateway down: retried until it is up, nothing lost", async () => {
    const port = Number(new URL(gateway.url).port);
    await gateway.close();
    const booking = await book("en");
    await enqueue(booking, "SMS", "confirmation");
    await app.outbox.worker.runOnce();
    expect((await rows())[0]?.lastError).toMatch(/ECONNREFUSED/);
    const up = await gatewayReceiver(port);
    try {
      later(31);
      await app.outbox.worker.runOnce();
      expect(up.received.map((sms) => sms.to)).toEqual([booking.row.clientPhone]);
      expect((await rows())[0]).toMatchObject({ status: "SENT", attempts: 2 });
    } finally {
      gateway = up;
    }
  });
});

describe("what is no longer to be sent", () => {
  it("a reminder of a cancelled booking, a moved one, and any message of an anonymised one go", async () => {
    const cancelled = await book("lv", "a@example.lv");
    await db.prisma.booking.update({
      where: { id: cancelled.row.id },
      data: { status: "CANCELLED_BY_CLIENT" },
    });
    await enqueue(cancelled, "SMS", "reminder");
    const moved = await book("lv");
    await enqueue(moved, "SMS", "reminder", { start: "2026-11-25T08:00:00.000Z" });
    const anonymised = await book("lv");
    await db.prisma.booking.update({
      where: { id: anonymised.row.id },
      data: { anonymisedAt: clock },
    });
    await enqueue(anonymised, "SMS", "confirmation");
    // A cancellation notice of the cancelled booking still goes.
    await enqueue(cancelled, "EMAIL", "cancelled", { by: "staff", reason: "Slimība" });
    expect(await app.outbox.worker.runOnce()).toBe(4);
    expect(gateway.requests).toBe(0);
    const left = await rows();
    expect(left.map((r) => [r.kind, r.status])).toEqual([["cancelled", "SENT"]]);
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).toContain("Iemesls: Slimība");
  });
});
