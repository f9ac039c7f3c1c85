import { AppError, ZHealthResponseSchema } from "@pieraksts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { problemResponses } from "../../lib/problem.ts";

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/health",
    {
      schema: {
        tags: ["Operations"],
        summary: "Liveness and database reachability",
        operationId: "health",
        response: { 200: ZHealthResponseSchema, ...problemResponses(503) },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      try {
        await app.db.prisma.$queryRaw`SELECT 1`;
      } catch (error) {
        request.log.error({ err: error }, "health check: database unreachable");
        throw new AppError("SERVICE_UNAVAILABLE", "The database cannot be reached.");
      }
      return { status: "ok" as const };
    },
  );
};
