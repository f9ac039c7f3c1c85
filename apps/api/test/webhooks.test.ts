import type { CreateWebhookResponse, WebhookDelivery } from "@pieraksts/contracts";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookRetryDelays } from "../src/lib/webhooks/transport.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { newClient } from "./support/clients.ts";
import {
  type WebhookReceived as Received,
  webhookReceiver as receiver,
} from "./support/receivers.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

/**
 * Webhooks end to end: registered through the staff API, decided in the booking's
 * transaction (outbox), delivered by the outbox worker over real HTTP to a real receiver,
 * verified with the standardwebhooks library's own `verify`.
 */
const now = new Date("2026-11-23T08:00:00Z");
const tuesday8 = "2026-11-24T08:00:00+02:00";
// The worker runs when a test says so (runOnce): not on its timer, and not after a commit's
// nudge either (the background worker is stopped once the app is ready), or a pass of its
// own could claim a message while the test's runOnce finds nothing and reads too early.
const quietWorker = { OUTBOX_POLL_MS: "60000" };

function headersOf(got: Received): Record<string, string> {
  return {
    "webhook-id": String(got.headers["webhook-id"]),
    "webhook-timestamp": String(got.headers["webhook-timestamp"]),
    "webhook-signature": String(got.headers["webhook-signature"]),
  };
}

let ctx: TestContext;
let admin: StaffSession;

beforeAll(async () => {
  ctx = await createTestApp({ now, env: { WEBHOOK_ALLOW_PRIVATE: "true", ...quietWorker } });
  await ctx.app.outbox.worker.stop();
  await createStaff(ctx.db.prisma);
  await ctx.db.prisma.service.updateMany({
    where: { slug: "consultation", servicePoint: { slug: "lacplesa-39" } },
    data: { capacityPerSlot: 20, maxActivePerPhone: null },
  });
  admin = await signIn(ctx, "admin@socd.lv");
});
afterAll(() => ctx.close());

async function register(url: string, events: string[]): Promise<CreateWebhookResponse> {
  const res = await asStaff(ctx, admin, "POST", "/api/v1/staff/webhooks", { url, events });
  expect(res.statusCode).toBe(201);
  return res.json();
}

async function book() {
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: {
      servicePoint: "lacplesa-39",
      service: "consultation",
      start: tuesday8,
      client: newClient(),
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { reference: string; manageToken: string };
}

/** Runs the outbox worker until nothing is due. */
async function deliver() {
  while ((await ctx.app.outbox.worker.runOnce()) > 0) {}
}

async function deliveries(id: string): Promise<WebhookDelivery[]> {
  const res = await asStaff(ctx, admin, "GET", `/api/v1/staff/webhooks/${id}/deliveries`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe("webhook deliveries", () => {
  it("signs each event so that the library's own verify accepts it, with no manage token", async () => {
    const target = await receiver();
    try {
      const hook = await register(target.url, ["booking.created", "booking.cancelled"]);
      expect(hook.secret).toMatch(/^whsec_/);
      const { reference, manageToken } = await book();
      const cancel = await ctx.app.inject({
        method: "POST",
        url: `/api/v1/bookings/${reference}/cancel`,
        headers: { authorization: `Bearer ${manageToken}` },
      });
      expect(cancel.statusCode).toBe(200);
      await deliver();

      const mine = target.received.filter((got) => got.body.includes(reference));
      // Both were due at the pinned instant and one pass sends them at once: deliveries
      // carry no order (docs/integrations.md), so the test asks for both, not a sequence.
      expect(mine.map((got) => JSON.parse(got.body).type).sort()).toEqual([
        "booking.cancelled",
        "booking.created",
      ]);
      for (const got of mine) {
        const verified = new Webhook(hook.secret).verify(got.body, headersOf(got)) as {
          type: string;
          timestamp: string;
          data: Record<string, unknown>;
        };
        expect(verified.data).toMatchObject({ reference, servicePoint: "lacplesa-39" });
        expect(verified.timestamp).toBe(now.toISOString());
        expect(got.body).not.toContain(manageToken);
        expect(got.body).not.toContain("manageToken");
        expect(got.headers["content-type"]).toBe("application/json");
      }
      // Another secret does not verify.
      const [first] = mine;
      if (!first) throw new Error("nothing received");
      expect(() =>
        new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(
          first.body,
          headersOf(first),
        ),
      ).toThrow();

      const log = await deliveries(hook.id);
      expect(log.every((delivery) => delivery.status === "sent")).toBe(true);
      expect(log[0]?.log[0]).toMatchObject({ status: 200, answer: "answer 200" });
    } finally {
      await target.close();
    }
  });

  it("sends desk events and closures, each only to endpoints that want them", async () => {
    const target = await receiver();
    try {
      const hook = await register(target.url, ["booking.checked_in", "closure.created"]);
      // Someone at the desk now (Monday 10.00), checked in at once.
      const walkIn = await asStaff(ctx, admin, "POST", "/api/v1/staff/bookings", {
        kind: "walk_in",
        servicePoint: "lacplesa-39",
        service: "consultation",
        start: "2026-11-23T10:00:00+02:00",
        client: newClient(),
      });
      expect(walkIn.statusCode).toBe(201);
      const { reference } = walkIn.json();
      const checkIn = await asStaff(
        ctx,
        admin,
        "POST",
        `/api/v1/staff/bookings/${reference}/status`,
        { status: "checked_in" },
      );
      expect(checkIn.statusCode).toBe(200);
      const closure = await asStaff(ctx, admin, "POST", "/api/v1/staff/closures", {
        kind: "closure",
        servicePoint: "saura-28",
        start: "2026-12-01T08:00:00+02:00",
        end: "2026-12-01T12:00:00+02:00",
        reason: "Remonts",
      });
      expect(closure.statusCode).toBe(201);
      await deliver();
      const types = target.received.map((got) => JSON.parse(got.body).type);
      expect(types).toContain("closure.created");
      expect(types).not.toContain("booking.created");
      expect(types).toContain("booking.checked_in");
      const closed = target.received.find((got) => JSON.parse(got.body).type === "closure.created");
      expect(JSON.parse(closed?.body ?? "{}").data).toMatchObject({
        servicePoint: "saura-28",
        reason: "Remonts",
      });
      expect((await deliveries(hook.id)).length).toBe(types.length);
    } finally {
      await target.close();
    }
  });

  it("delivers later to a receiver that was down, with the same webhook-id", async () => {
    // A port with nobody listening, then a receiver on it.
    const probe = await receiver();
    const { url, port } = probe;
    await probe.close();
    const hook = await register(url, ["booking.created"]);
    const { reference } = await book();
    await deliver();
    const [failed] = await deliveries(hook.id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed?.log[0]?.status).toBeNull();
    expect(failed?.log[0]?.answer).toMatch(/ECONNREFUSED/);
    expect(failed?.nextAttemptAt).toBe(
      new Date(now.getTime() + (webhookRetryDelays[0] ?? 0) * 1000).toISOString(),
    );

    const target = await receiver(port);
    try {
      // Time passes: the retry is due.
      await ctx.db.prisma.outboxMessage.update({
        where: { id: failed?.id },
        data: { dueAt: now },
      });
      await deliver();
      expect(target.received).toHaveLength(1);
      const got = target.received[0];
      if (!got) throw new Error("nothing received");
      expect(got.headers["webhook-id"]).toBe(failed?.id);
      expect(JSON.parse(got.body).data.reference).toBe(reference);
      new Webhook(hook.secret).verify(got.body, headersOf(got));
      const [sent] = await deliveries(hook.id);
      expect(sent).toMatchObject({ status: "sent", attempts: 2 });
      expect(sent?.log.map((attempt) => attempt.status)).toEqual([null, 200]);
    } finally {
      await target.close();
    }
  });

  it("disables an endpoint that keeps failing, says why, and redelivers by hand", async () => {
    const target = await receiver();
    target.answer(500);
    try {
      const hook = await register(target.url, ["booking.created"]);
      await book();
      await deliver();
      const [first] = await deliveries(hook.id);
      expect(first).toMatchObject({ status: "pending", attempts: 1 });
      expect(first?.log[0]).toMatchObject({ status: 500, answer: "answer 500" });
      // Every retry but the last used up, over more than a day: the last one is due.
      const total = webhookRetryDelays.reduce((sum, seconds) => sum + seconds, 0);
      expect(total).toBeGreaterThan(24 * 3600);
      await ctx.db.prisma.outboxMessage.update({
        where: { id: first?.id },
        data: { attempts: webhookRetryDelays.length, dueAt: now },
      });
      await deliver();
      const [failed] = await deliveries(hook.id);
      expect(failed?.status).toBe("failed");
      const listed = (await asStaff(ctx, admin, "GET", "/api/v1/staff/webhooks")).json();
      const endpoint = listed.find((w: { id: string }) => w.id === hook.id);
      expect(endpoint.disabledAt).toBe(now.toISOString());
      expect(endpoint.disabledReason).toMatch(/500 answer 500/);

      // A disabled endpoint gets no new events.
      await book();
      expect(await deliveries(hook.id)).toHaveLength(1);

      // Fixed and enabled again, the failed delivery goes out by hand, same webhook-id.
      target.answer(200);
      const enabled = await asStaff(ctx, admin, "POST", `/api/v1/staff/webhooks/${hook.id}/enable`);
      expect(enabled.json().disabledAt).toBeNull();
      const redelivered = await asStaff(
        ctx,
        admin,
        "POST",
        `/api/v1/staff/webhooks/${hook.id}/deliveries/${failed?.id}/redeliver`,
      );
      expect(redelivered.statusCode).toBe(200);
      await deliver();
      await expect.poll(async () => (await deliveries(hook.id))[0]?.status).toBe("sent");
      const ids = target.received.map((got) => got.headers["webhook-id"]);
      expect(ids.filter((id) => id === failed?.id).length).toBe(ids.length);
      expect(target.received.at(-1)?.headers["webhook-id"]).toBe(failed?.id);
    } finally {
      await target.close();
    }
  });

  it("signs with both secrets during a rotation", async () => {
    const target = await receiver();
    try {
      const hook = await register(target.url, ["booking.created"]);
      const rotated = await asStaff(
        ctx,
        admin,
        "POST",
        `/api/v1/staff/webhooks/${hook.id}/rotate-secret`,
      );
      expect(rotated.statusCode).toBe(200);
      const { secret, previousSecretUntil } = rotated.json();
      expect(secret).not.toBe(hook.secret);
      expect(previousSecretUntil).toBe(new Date(now.getTime() + 24 * 3600_000).toISOString());
      await book();
      await deliver();
      const [got] = target.received;
      if (!got) throw new Error("nothing received");
      expect(String(got.headers["webhook-signature"]).split(" ")).toHaveLength(2);
      new Webhook(secret).verify(got.body, headersOf(got));
      new Webhook(hook.secret).verify(got.body, headersOf(got));
    } finally {
      await target.close();
    }
  });

  it("keeps each organisation's webhooks to itself", async () => {
    const hook = await register("http://127.0.0.1:9/hook", ["booking.created"]);
    const koknese = await signIn(ctx, "admin@koknese.lv");
    const list = await asStaff(ctx, koknese, "GET", "/api/v1/staff/webhooks");
    expect(list.json()).toEqual([]);
    for (const [method, url] of [
      ["GET", `/api/v1/staff/webhooks/${hook.id}/deliveries`],
      ["POST", `/api/v1/staff/webhooks/${hook.id}/rotate-secret`],
      ["DELETE", `/api/v1/staff/webhooks/${hook.id}`],
    ] as const) {
      expect((await asStaff(ctx, koknese, method, url)).statusCode).toBe(404);
    }
    const reception = await signIn(ctx, "liepajas@socd.lv");
    expect((await asStaff(ctx, reception, "GET", "/api/v1/staff/webhooks")).statusCode).toBe(403);
    expect(
      (await asStaff(ctx, admin, "DELETE", `/api/v1/staff/webhooks/${hook.id}`)).statusCode,
    ).toBe(204);
  });
});

describe("the SSRF guard (WEBHOOK_ALLOW_PRIVATE unset)", () => {
  let strict: TestContext;
  let strictAdmin: StaffSession;
  beforeAll(async () => {
    strict = await createTestApp({ now, env: quietWorker });
    await strict.app.outbox.worker.stop();
    await createStaff(strict.db.prisma);
    strictAdmin = await signIn(strict, "admin@socd.lv");
  });
  afterAll(() => strict.close());

  it.each([
    ["https://127.0.0.1/hook", "loopback"],
    ["https://10.0.0.1/hook", "private"],
    ["https://169.254.169.254/latest/meta-data/", "link-local"],
    ["https://[::1]/hook", "loopback"],
    ["https://localhost/hook", "loopback"],
    ["http://93.184.215.14/hook", "must be https"],
  ])("refuses %s at registration", async (url, reason) => {
    const res = await asStaff(strict, strictAdmin, "POST", "/api/v1/staff/webhooks", {
      url,
      events: ["booking.created"],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("VALIDATION_FAILED");
    expect(res.json().errors[0]).toMatchObject({ field: "body.url" });
    expect(res.json().errors[0].message).toContain(reason);
  });

  it("refuses again at delivery: a name that now resolves to a private address", async () => {
    const target = await receiver();
    try {
      // As if the name had pointed elsewhere when registered and DNS changed since.
      const endpoint = await strict.db.prisma.webhookEndpoint.create({
        data: {
          organisationId: (
            await strict.db.prisma.organisation.findUniqueOrThrow({
              where: { slug: "daugavpils" },
            })
          ).id,
          url: `https://localhost:${target.port}/hook`,
          events: ["booking.created"],
          secretSealed: strict.app.sealer.seal(`whsec_${Buffer.alloc(32, 1).toString("base64")}`),
        },
      });
      const res = await strict.app.inject({
        method: "POST",
        url: "/api/v1/bookings",
        payload: {
          servicePoint: "lacplesa-39",
          service: "consultation",
          start: tuesday8,
          client: newClient(),
        },
      });
      expect(res.statusCode).toBe(201);
      while ((await strict.app.outbox.worker.runOnce()) > 0) {}
      expect(target.received).toHaveLength(0);
      const attempts = await strict.db.prisma.webhookAttempt.findMany({
        where: { endpointId: endpoint.id },
      });
      expect(attempts).toHaveLength(1);
      expect(attempts[0]?.status).toBeNull();
      expect(attempts[0]?.answer).toMatch(/resolves to (127\.0\.0\.1|::1), which is loopback/);
    } finally {
      await target.close();
    }
  });
});
