import {
  ZListOrganisationsResponseSchema,
  ZListServicePointsRequestSchema,
  ZListServicePointsResponseSchema,
  ZListServicesRequestSchema,
  ZListServicesResponseSchema,
} from "@pieraksts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { problemResponses } from "../../lib/problem.ts";
import { catalogRepository } from "./repository.ts";

const tags = ["Reading"];
/** Slow-changing data: a proxy or the SPA may reuse it for a minute. */
const cacheControl = "public, max-age=60";

export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  const repository = catalogRepository(app.db.prisma);

  app.get(
    "/organisations",
    {
      schema: {
        tags,
        summary: "List organisations",
        operationId: "listOrganisations",
        response: { 200: ZListOrganisationsResponseSchema },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", cacheControl);
      return repository.organisations(request.language);
    },
  );

  app.get(
    "/service-points",
    {
      schema: {
        tags,
        summary: "List service points",
        operationId: "listServicePoints",
        querystring: ZListServicePointsRequestSchema,
        response: { 200: ZListServicePointsResponseSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", cacheControl);
      return repository.servicePoints(request.language, request.query);
    },
  );

  app.get(
    "/services",
    {
      schema: {
        tags,
        summary: "List the services of a service point",
        operationId: "listServices",
        querystring: ZListServicesRequestSchema,
        response: { 200: ZListServicesResponseSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", cacheControl);
      return repository.services(request.language, request.query.servicePoint, app.now());
    },
  );
};
