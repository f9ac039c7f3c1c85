import type { AvailabilityResponse } from "@pieraksts/contracts";
import { openDatabase, type PrismaClient } from "@pieraksts/db";
import {
  dropDatabase,
  onServer,
  uniqueDatabaseName,
  withDatabaseName,
} from "@pieraksts/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../src/lib/outbox/outbox.ts";
import { type GatewayReceiver, gatewayReceiver } from "./support/receivers.ts";
import { type ServerProcess, spawnServer } from "./support/spawn-server.ts";

/**
 * Messages survive `kill -9`: real server processes (what `pnpm start` runs) on the local
 * PostgreSQL, whatever DATABASE_URL says (two processes share one database, which the
 * embedded one cannot), and an HTTP receiver as the SMS gateway.
 */
const serverUrl = "postgresql://postgres@127.0.0.1:5432/postgres";
const pgName = uniqueDatabaseName("pieraksts_messages_crash");
const url = withDatabaseName(serverUrl, pgName);
const leaseSeconds = 5;
let direct: { prisma: PrismaClient; close(): Promise<void> };
let gateway: GatewayReceiver;
const servers: ServerProcess[] = [];

function env() {
  return {
    DATABASE_URL: url,
    RATE_LIMITS: "off",
    SMS_WEBHOOK_URL: gateway.url,
    SMS_TIMEOUT_MS: "4000",
    OUTBOX_POLL_MS: "200",
    OUTBOX_LEASE_SECONDS: String(leaseSeconds),
    PUBLIC_URL: "https://pieraksts.example.lv",
  };
}

async function start(): Promise<ServerProcess> {
  const server = await spawnServer(env());
  servers.push(server);
  await server.ready();
  return server;
}

beforeAll(async () => {
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${pgName}"`));
  gateway = await gatewayReceiver();
  direct = await openDatabase({ kind: "postgres", url });
}, 180_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  await gateway?.close();
  await direct?.close();
  await dropDatabase(serverUrl, pgName);
});

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function book(base: string, phone: string) {
  const from = new Date();
  const to = new Date(from.getTime() + 20 * 86_400_000);
  const res = await fetch(
    `${base}/api/v1/availability?servicePoint=lacplesa-39&service=consultation&from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
  );
  const body = (await res.json()) as AvailabilityResponse;
  const slot = body.days.flatMap((day) => day.slots).find((s) => s.remaining > 0);
  if (!slot) throw new Error("no free slot in the next 20 days");
  const created = await fetch(`${base}/api/v1/bookings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      servicePoint: "lacplesa-39",
      service: "consultation",
      start: slot.start,
      language: "lv",
      client: { name: "Anna Bērziņa", phone },
    }),
  });
  expect(created.status).toBe(201);
  const { reference } = (await created.json()) as { reference: string };
  return direct.prisma.booking.findUniqueOrThrow({
    where: { reference },
    include: { servicePoint: true },
  });
}

/** Writes a message for the booking as the flows do, committed by this test's connection. */
async function commitMessage(booking: Awaited<ReturnType<typeof book>>) {
  await direct.prisma.$transaction((tx) =>
    enqueue(
      tx,
      [
        {
          organisationId: booking.servicePoint.organisationId,
          bookingId: booking.id,
          channel: "SMS",
          kind: "link",
          address: booking.clientPhone,
          language: "lv",
        },
      ],
      { configured: new Set(["SMS"]), now: new Date() },
    ),
  );
  return direct.prisma.outboxMessage.findFirstOrThrow({
    where: { bookingId: booking.id, kind: "link" },
  });
}

const deliveredTo = (phone: string, reference: string) =>
  gateway.received.filter((sms) => sms.to === phone && sms.text.includes(reference));

describe("a process killed while sending", () => {
  it("leaves the message to another process once its lease has run out; a message committed with no process running goes when one starts", async () => {
    const first = await start();
    // The gateway holds every request: the first process is mid-send when it dies.
    gateway.holdMs = 60_000;
    // The booking and its confirmation commit together; the process then starts sending.
    const booking = await book(first.url, "+37120000071");
    await until(() => gateway.requests > 0, "the first process to send");
    const claimed = await direct.prisma.outboxMessage.findFirstOrThrow({
      where: { bookingId: booking.id, kind: "confirmation", channel: "SMS" },
    });
    const message = claimed;
    expect(claimed).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(claimed.leaseUntil).not.toBeNull();
    first.child.kill("SIGKILL");
    await first.exited;
    expect(deliveredTo(booking.clientPhone, booking.reference)).toHaveLength(0);

    gateway.holdMs = 0;
    const second = await start();
    await until(
      () => deliveredTo(booking.clientPhone, booking.reference).length > 0,
      "the second process to send it",
    );
    const sentAt = Date.now();
    // Not before the dead process's lease ran out.
    expect(sentAt).toBeGreaterThanOrEqual((claimed.leaseUntil?.getTime() ?? 0) - 1000);
    await until(
      async () =>
        (await direct.prisma.outboxMessage.findUniqueOrThrow({ where: { id: message.id } }))
          .status === "SENT",
      "the send to be recorded",
    );
    const sent = await direct.prisma.outboxMessage.findUniqueOrThrow({ where: { id: message.id } });
    expect(sent).toMatchObject({ status: "SENT", attempts: 2 });
    expect(sent.body).toContain(booking.reference);
    expect(deliveredTo(booking.clientPhone, booking.reference)).toHaveLength(1);

    // No process runs while a message is committed; the next one to start sends it.
    const other = await book(second.url, "+37120000072");
    await until(
      () => deliveredTo(other.clientPhone, other.reference).length > 0,
      "the second process to send the other booking's confirmation",
    );
    expect(await second.stop()).toBe(0);
    const waiting = await commitMessage(other);
    const deliveredBefore = deliveredTo(other.clientPhone, other.reference).length;
    const requestsBefore = gateway.requests;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(gateway.requests).toBe(requestsBefore);
    await start();
    await until(
      () => deliveredTo(other.clientPhone, other.reference).length > deliveredBefore,
      "the next process to send the waiting message",
    );
    await until(
      async () =>
        (await direct.prisma.outboxMessage.findUniqueOrThrow({ where: { id: waiting.id } }))
          .status === "SENT",
      "the waiting message to be recorded",
    );
  }, 240_000);
});
