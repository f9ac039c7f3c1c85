import {
  ZAuditListRequestSchema,
  ZAuditListResponseSchema,
  ZClientExportRequestSchema,
  ZClientExportResponseSchema,
} from "@pieraksts/contracts";
import type { Prisma } from "@pieraksts/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { normalisePhone } from "../../lib/phone.ts";
import { problemResponses } from "../../lib/problem.ts";
import { localIso, toStatus } from "../bookings/service.ts";
import { auditStaff, adminTags as tags } from "./access.ts";

/** Reading the audit log and answering a data subject's access request (admins only). */
export const dataProtectionRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  app.get(
    "/staff/audit",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "The audit log of the organisation, newest first",
        description:
          "Append-only: every staff action and every view of a client's personal data. " +
          "Filter by actor, action (or its prefix), entity and time; page with before.",
        operationId: "adminAuditLog",
        querystring: ZAuditListRequestSchema,
        response: { 200: ZAuditListResponseSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      reply.header("cache-control", "no-store");
      const q = request.query;
      let actorId: string | undefined;
      if (q.actor) {
        const actor = await prisma.staffUser.findFirst({
          where: { email: q.actor.toLowerCase(), organisationId: context.user.organisationId },
        });
        // Nobody of this organisation has that e-mail: nothing they did to show.
        if (!actor) return { entries: [], next: null };
        actorId = actor.id;
      }
      const where: Prisma.AuditEntryWhereInput = {
        OR: [
          { organisationId: context.user.organisationId },
          // The retention job acts for every organisation.
          { organisationId: null, actorKind: "system" },
        ],
        ...(actorId ? { actorId } : {}),
        ...(q.action
          ? q.action.endsWith(".")
            ? { action: { startsWith: q.action } }
            : { action: q.action }
          : {}),
        ...(q.entityType ? { entityType: q.entityType } : {}),
        ...(q.entityId ? { entityId: q.entityId } : {}),
        ...(q.from || q.to
          ? {
              at: {
                ...(q.from ? { gte: new Date(q.from) } : {}),
                ...(q.to ? { lt: new Date(q.to) } : {}),
              },
            }
          : {}),
        ...(q.before ? { id: { lt: BigInt(q.before) } } : {}),
      };
      const rows = await prisma.auditEntry.findMany({
        where,
        orderBy: { id: "desc" },
        take: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const actorIds = [...new Set(page.map((row) => row.actorId).filter((id) => id !== null))];
      const actors = await prisma.staffUser.findMany({
        where: { id: { in: actorIds } },
        select: { id: true, email: true },
      });
      const emails = new Map(actors.map((actor) => [actor.id, actor.email]));
      const keys = await prisma.apiKey.findMany({
        where: { id: { in: actorIds }, organisationId: context.user.organisationId },
        select: { id: true, name: true },
      });
      const keyNames = new Map(keys.map((key) => [key.id, key.name]));
      return {
        entries: page.map((row) => ({
          id: row.id.toString(),
          at: row.at.toISOString(),
          actor: {
            kind: row.actorKind,
            email: row.actorId ? (emails.get(row.actorId) ?? null) : null,
            name:
              row.actorKind === "api_key" && row.actorId
                ? (keyNames.get(row.actorId) ?? null)
                : null,
          },
          action: row.action,
          entityType: row.entityType,
          entityId: row.entityId,
          details: row.details,
          ip: row.ip,
        })),
        next: rows.length > q.limit ? (page.at(-1)?.id.toString() ?? null) : null,
      };
    },
  );

  app.get(
    "/staff/clients/export",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Everything held about one phone number (GDPR access request)",
        description:
          "Bookings at the organisation's points with that phone, their history and when " +
          "staff acted on them, and its waiting-list entries with the places offered. The export itself is recorded in the audit log.",
        operationId: "adminClientExport",
        querystring: ZClientExportRequestSchema,
        response: { 200: ZClientExportResponseSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const phone = normalisePhone(request.query.phone, "query.phone");
      const rows = await prisma.booking.findMany({
        where: {
          clientPhone: phone,
          servicePoint: { organisationId: context.user.organisationId },
        },
        include: {
          service: { select: { slug: true } },
          servicePoint: {
            select: { slug: true, organisation: { select: { timezone: true } } },
          },
          history: { orderBy: { at: "asc" } },
          messages: {
            where: { channel: { in: ["EMAIL", "SMS"] } },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          },
        },
        orderBy: { startsAt: "asc" },
      });
      const entries = await prisma.waitlistEntry.findMany({
        where: {
          clientPhone: phone,
          servicePoint: { organisationId: context.user.organisationId },
        },
        include: {
          service: { select: { slug: true } },
          servicePoint: {
            select: { slug: true, organisation: { select: { timezone: true } } },
          },
          offers: { orderBy: { createdAt: "asc" } },
          messages: {
            where: { channel: { in: ["EMAIL", "SMS"] } },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          },
        },
        orderBy: { position: "asc" },
      });
      const references = new Map(rows.map((row) => [row.id, row.reference]));
      const access = await prisma.auditEntry.findMany({
        where: { entityType: "Booking", entityId: { in: [...references.keys()] } },
        orderBy: { id: "asc" },
      });
      await auditStaff(
        prisma,
        request,
        context,
        "client.export",
        { type: "Client", id: phone },
        { bookings: rows.length, waitlist: entries.length },
      );
      reply.header("cache-control", "no-store");
      reply.header("content-disposition", `attachment; filename="pieraksts-${phone}.json"`);
      return {
        phone,
        generatedAt: app.now().toISOString(),
        bookings: rows.map((row) => {
          const zone = row.servicePoint.organisation.timezone;
          return {
            reference: row.reference,
            servicePoint: row.servicePoint.slug,
            service: row.service.slug,
            start: localIso(row.startsAt, zone),
            end: localIso(row.endsAt, zone),
            status: toStatus(row.status),
            source: row.source.toLowerCase(),
            language: row.language,
            client: { name: row.clientName, phone: row.clientPhone, email: row.clientEmail },
            answers: (row.answers ?? {}) as Record<string, unknown>,
            createdAt: row.createdAt.toISOString(),
            history: row.history.map((change) => ({
              at: change.at.toISOString(),
              from: change.fromStatus ? toStatus(change.fromStatus) : null,
              to: toStatus(change.toStatus),
              by: change.staffUserId ? ("staff" as const) : ("client" as const),
              reason: change.reason,
            })),
            messages: row.messages.map((message) => ({
              channel: message.channel === "EMAIL" ? ("email" as const) : ("sms" as const),
              kind: message.kind,
              address: message.address,
              status: message.status.toLowerCase() as
                | "pending"
                | "sent"
                | "failed"
                | "not_configured",
              body: message.body,
              createdAt: message.createdAt.toISOString(),
              sentAt: message.sentAt?.toISOString() ?? null,
            })),
          };
        }),
        waitlist: entries.map((entry) => {
          const zone = entry.servicePoint.organisation.timezone;
          return {
            reference: entry.reference,
            servicePoint: entry.servicePoint.slug,
            service: entry.service.slug,
            from: entry.fromDate.toISOString().slice(0, 10),
            to: entry.toDate.toISOString().slice(0, 10),
            status: entry.status.toLowerCase(),
            language: entry.language,
            client: {
              name: entry.clientName,
              phone: entry.clientPhone,
              email: entry.clientEmail,
            },
            createdAt: entry.createdAt.toISOString(),
            offers: entry.offers.map((offer) => ({
              start: localIso(offer.startsAt, zone),
              expiresAt: localIso(offer.expiresAt, zone),
            })),
            messages: entry.messages.map((message) => ({
              channel: message.channel === "EMAIL" ? ("email" as const) : ("sms" as const),
              kind: message.kind,
              address: message.address,
              status: message.status.toLowerCase() as
                | "pending"
                | "sent"
                | "failed"
                | "not_configured",
              body: message.body,
              createdAt: message.createdAt.toISOString(),
              sentAt: message.sentAt?.toISOString() ?? null,
            })),
          };
        }),
        accessLog: access.map((entry) => ({
          at: entry.at.toISOString(),
          action: entry.action,
          reference: references.get(entry.entityId ?? "") ?? "",
        })),
      };
    },
  );
};
