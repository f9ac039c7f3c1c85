import {
  AppError,
  localise,
  ZStaffRemoveWaitlistParams,
  ZStaffWaitlistRequestSchema,
  ZStaffWaitlistResponseSchema,
} from "@pieraksts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { normaliseReference } from "../../lib/crypto.ts";
import { problemResponses } from "../../lib/problem.ts";
import { localIso } from "../bookings/service.ts";
import { leaveWaitlist } from "../waitlist/index.ts";
import { assertCanUsePoint, auditStaff, staffPointOf, staffTags as tags } from "./access.ts";

/** Staff see a point's waiting lists for a day, in line order, and may remove an entry. */
export const staffWaitlistRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  app.get(
    "/staff/waitlist",
    {
      config: { staff: { role: "staff", point: "query.servicePoint" } },
      schema: {
        tags,
        summary: "Who waits for a place on one day, per service, in line order",
        description:
          "Entries still waiting whose dates cover `date`, first in line first (per " +
          "service), with the place held for each now. The view is recorded in the audit log.",
        operationId: "staffWaitlist",
        querystring: ZStaffWaitlistRequestSchema,
        response: { 200: ZStaffWaitlistResponseSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const point = staffPointOf(request);
      const { date, service } = request.query;
      const day = new Date(`${date}T00:00:00Z`);
      const now = app.now();
      const rows = await prisma.waitlistEntry.findMany({
        where: {
          servicePointId: point.id,
          status: "WAITING",
          fromDate: { lte: day },
          toDate: { gte: day },
          ...(service ? { service: { slug: service } } : {}),
        },
        include: { service: { select: { slug: true, name: true } } },
        orderBy: { position: "asc" },
      });
      await auditStaff(
        prisma,
        request,
        context,
        "waitlist.view",
        { type: "ServicePoint", id: point.id },
        { date, entries: rows.length },
      );
      const zone = point.organisation.timezone;
      const positions = new Map<string, number>();
      reply.header("cache-control", "no-store");
      return {
        date,
        entries: rows.map((row) => {
          const position = (positions.get(row.service.slug) ?? 0) + 1;
          positions.set(row.service.slug, position);
          const open =
            row.offerStartsAt && row.offerExpiresAt && row.offerExpiresAt.getTime() > now.getTime();
          return {
            reference: row.reference,
            service: row.service.slug,
            serviceName: localise(row.service.name as never, request.language),
            position,
            from: row.fromDate.toISOString().slice(0, 10),
            to: row.toDate.toISOString().slice(0, 10),
            client: { name: row.clientName, phone: row.clientPhone },
            offer:
              open && row.offerStartsAt && row.offerExpiresAt
                ? {
                    start: localIso(row.offerStartsAt, zone),
                    expiresAt: localIso(row.offerExpiresAt, zone),
                  }
                : null,
            createdAt: row.createdAt.toISOString(),
          };
        }),
      };
    },
  );

  app.delete(
    "/staff/waitlist/:reference",
    {
      config: { staff: { role: "staff" } },
      schema: {
        tags,
        summary: "Remove an entry from the waiting list",
        description:
          "The entry stops waiting and a place held for it is given back (and offered to " +
          "the next in line). Recorded in the audit log. Only at the points the staff " +
          "member works at (403 otherwise).",
        operationId: "staffRemoveWaitlistEntry",
        params: ZStaffRemoveWaitlistParams,
        response: {
          204: z.undefined().describe("Removed (or no longer waiting)"),
          ...problemResponses(401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const reference = normaliseReference(request.params.reference);
      const row = reference
        ? await prisma.waitlistEntry.findUnique({
            where: { reference },
            select: {
              id: true,
              status: true,
              servicePoint: { select: { slug: true, organisationId: true } },
            },
          })
        : null;
      // Another organisation's entry is as unknown as a missing one: a reference says
      // nothing across organisations. Within the organisation, a point not one's own is 403.
      if (!row || row.servicePoint.organisationId !== context.user.organisationId) {
        throw new AppError("WAITLIST_ENTRY_NOT_FOUND", "No waiting-list entry has this reference.");
      }
      assertCanUsePoint(context, row.servicePoint);
      const freed = await leaveWaitlist(app, row.id, "REMOVED");
      await auditStaff(
        prisma,
        request,
        context,
        "waitlist.remove",
        { type: "WaitlistEntry", id: row.id },
        { reference, was: row.status.toLowerCase() },
      );
      if (freed) await app.waitlist.placesFreed(freed);
      return reply.code(204).send();
    },
  );
};
