import {
  AppError,
  type Webhook,
  type WebhookEventType,
  ZCreateWebhookRequestSchema,
  ZCreateWebhookResponseSchema,
  ZListWebhookDeliveriesResponseSchema,
  ZListWebhooksResponseSchema,
  ZWebhook,
  ZWebhookDelivery,
  ZWebhookDeliveryParams,
  ZWebhookParams,
} from "@pieraksts/contracts";
import type { WebhookAttempt, WebhookEndpoint } from "@pieraksts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { OutboxRow } from "../../lib/outbox/outbox.ts";
import { problemResponses } from "../../lib/problem.ts";
import { newWebhookSecret } from "../../lib/webhooks/events.ts";
import { checkWebhookUrl, WebhookUrlError } from "../../lib/webhooks/ssrf.ts";
import { auditStaff, adminTags as tags } from "./access.ts";

const ROTATION_MS = 24 * 60 * 60_000;

function toWebhook(row: WebhookEndpoint): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEventType[],
    createdAt: row.createdAt.toISOString(),
    previousSecretUntil: row.previousSecretUntil?.toISOString() ?? null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
  };
}

function toDelivery(row: OutboxRow, log: WebhookAttempt[]) {
  return {
    id: row.id,
    type: row.kind,
    status:
      row.status === "SENT"
        ? ("sent" as const)
        : row.status === "FAILED"
          ? ("failed" as const)
          : ("pending" as const),
    attempts: row.attempts,
    nextAttemptAt: row.status === "PENDING" ? row.dueAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    body: row.payload,
    log: log.map((attempt) => ({
      at: attempt.at.toISOString(),
      status: attempt.status,
      answer: attempt.answer,
      durationMs: attempt.durationMs,
    })),
  };
}

/** Administrators register endpoints, read the delivery log, redeliver and rotate secrets. */
export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;
  const guard = { allowPrivate: app.config.WEBHOOK_ALLOW_PRIVATE };

  async function endpointOf(organisationId: string, id: string) {
    const row = await prisma.webhookEndpoint.findFirst({ where: { id, organisationId } });
    if (!row) throw new AppError("NOT_FOUND", "This organisation has no such webhook.");
    return row;
  }

  app.get(
    "/staff/webhooks",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "The organisation's webhook endpoints (never their secrets)",
        operationId: "adminListWebhooks",
        response: { 200: ZListWebhooksResponseSchema, ...problemResponses(401, 403) },
      },
    },
    async (request) => {
      const rows = await prisma.webhookEndpoint.findMany({
        where: { organisationId: request.staff.user.organisationId },
        orderBy: { createdAt: "desc" },
      });
      return rows.map(toWebhook);
    },
  );

  app.post(
    "/staff/webhooks",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Register a webhook endpoint",
        description:
          "The URL must be https and resolve only to public addresses (checked again at " +
          "every delivery). The signing secret is in this answer only.",
        operationId: "adminCreateWebhook",
        body: ZCreateWebhookRequestSchema,
        response: { 201: ZCreateWebhookResponseSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      try {
        await checkWebhookUrl(request.body.url, guard);
      } catch (error) {
        if (!(error instanceof WebhookUrlError)) throw error;
        throw new AppError("VALIDATION_FAILED", `The webhook URL ${error.message}.`, [
          { field: "body.url", message: error.message },
        ]);
      }
      const secret = newWebhookSecret();
      const row = await prisma.webhookEndpoint.create({
        data: {
          organisationId: context.user.organisationId,
          url: request.body.url,
          events: [...new Set(request.body.events)],
          secretSealed: app.sealer.seal(secret),
          createdAt: app.now(),
        },
      });
      await auditStaff(
        prisma,
        request,
        context,
        "webhook.create",
        { type: "WebhookEndpoint", id: row.id },
        { url: row.url, events: row.events },
      );
      reply.header("cache-control", "no-store");
      return reply.code(201).send({ ...toWebhook(row), secret });
    },
  );

  app.delete(
    "/staff/webhooks/:id",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Remove a webhook endpoint; nothing more is sent to it",
        operationId: "adminDeleteWebhook",
        params: ZWebhookParams,
        response: {
          204: z.undefined(),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const row = await endpointOf(context.user.organisationId, request.params.id);
      await prisma.webhookEndpoint.delete({ where: { id: row.id } });
      await auditStaff(prisma, request, context, "webhook.delete", {
        type: "WebhookEndpoint",
        id: row.id,
      });
      return reply.code(204).send();
    },
  );

  app.post(
    "/staff/webhooks/:id/rotate-secret",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "A new signing secret; the old one also signs for 24 hours",
        operationId: "adminRotateWebhookSecret",
        params: ZWebhookParams,
        response: { 200: ZCreateWebhookResponseSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const row = await endpointOf(context.user.organisationId, request.params.id);
      const secret = newWebhookSecret();
      const updated = await prisma.webhookEndpoint.update({
        where: { id: row.id },
        data: {
          secretSealed: app.sealer.seal(secret),
          previousSecretSealed: row.secretSealed,
          previousSecretUntil: new Date(app.now().getTime() + ROTATION_MS),
        },
      });
      await auditStaff(prisma, request, context, "webhook.rotateSecret", {
        type: "WebhookEndpoint",
        id: row.id,
      });
      reply.header("cache-control", "no-store");
      return { ...toWebhook(updated), secret };
    },
  );

  app.post(
    "/staff/webhooks/:id/enable",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Send to an endpoint that was disabled after failing again",
        operationId: "adminEnableWebhook",
        params: ZWebhookParams,
        response: { 200: ZWebhook, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const context = request.staff;
      const row = await endpointOf(context.user.organisationId, request.params.id);
      const updated = await prisma.webhookEndpoint.update({
        where: { id: row.id },
        data: { disabledAt: null, disabledReason: null },
      });
      await auditStaff(prisma, request, context, "webhook.enable", {
        type: "WebhookEndpoint",
        id: row.id,
      });
      return toWebhook(updated);
    },
  );

  app.get(
    "/staff/webhooks/:id/deliveries",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "The endpoint's latest deliveries, each attempt with its answer",
        operationId: "adminWebhookDeliveries",
        params: ZWebhookParams,
        response: { 200: ZListWebhookDeliveriesResponseSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await endpointOf(request.staff.user.organisationId, request.params.id);
      const messages = await prisma.outboxMessage.findMany({
        where: { channel: "WEBHOOK", address: row.id },
        orderBy: { createdAt: "desc" },
        take: 100,
      });
      const attempts = await prisma.webhookAttempt.findMany({
        where: { messageId: { in: messages.map((message) => message.id) } },
        orderBy: { id: "asc" },
      });
      reply.header("cache-control", "no-store");
      return messages.map((message) =>
        toDelivery(
          message,
          attempts.filter((attempt) => attempt.messageId === message.id),
        ),
      );
    },
  );

  app.post(
    "/staff/webhooks/:id/deliveries/:deliveryId/redeliver",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Send a delivery again now (same webhook-id)",
        operationId: "adminRedeliverWebhook",
        params: ZWebhookDeliveryParams,
        response: { 200: ZWebhookDelivery, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const context = request.staff;
      const row = await endpointOf(context.user.organisationId, request.params.id);
      const found = await prisma.outboxMessage.findFirst({
        where: { id: request.params.deliveryId, channel: "WEBHOOK", address: row.id },
      });
      if (!found) throw new AppError("NOT_FOUND", "This webhook has no such delivery.");
      const message = await prisma.outboxMessage.update({
        where: { id: found.id },
        data: { status: "PENDING", dueAt: app.now(), leaseUntil: null },
      });
      await auditStaff(prisma, request, context, "webhook.redeliver", {
        type: "OutboxMessage",
        id: message.id,
      });
      app.outbox.nudge();
      const log = await prisma.webhookAttempt.findMany({
        where: { messageId: message.id },
        orderBy: { id: "asc" },
      });
      return toDelivery(message, log);
    },
  );
};
