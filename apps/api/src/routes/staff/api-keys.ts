import {
  type ApiKey,
  type ApiKeyScope,
  AppError,
  ZApiKey,
  ZApiKeyLimitsResponseSchema,
  ZApiKeyParams,
  ZCreateApiKeyRequestSchema,
  ZCreateApiKeyResponseSchema,
  ZListApiKeysResponseSchema,
} from "@pieraksts/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Config } from "../../config.ts";
import { keyRequestsPerMinute, newApiKey } from "../../lib/api-keys.ts";
import { problemResponses } from "../../lib/problem.ts";
import { auditStaff, adminTags as tags } from "./access.ts";

function toApiKey(
  row: {
    id: string;
    name: string;
    scopes: string[];
    prefix: string;
    createdAt: Date;
    lastUsedAt: Date | null;
    revokedAt: Date | null;
    requestsPerMinute: number | null;
  },
  config: Config,
): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as ApiKeyScope[],
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    requestsPerMinute: keyRequestsPerMinute(row, config),
    ownRequestsPerMinute: row.requestsPerMinute !== null,
  };
}

/** Administrators give third parties keys, see when each was last used, and revoke them. */
export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  const prisma = app.db.prisma;

  app.get(
    "/staff/api-keys",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "The organisation's API keys (never their secrets)",
        operationId: "adminListApiKeys",
        response: { 200: ZListApiKeysResponseSchema, ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const rows = await prisma.apiKey.findMany({
        where: { organisationId: request.staff.user.organisationId },
        orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
      });
      reply.header("cache-control", "no-store");
      return rows.map((row) => toApiKey(row, app.config));
    },
  );

  app.get(
    "/staff/api-keys/limits",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "The requests per minute a key gets by default, and the most it may be given",
        operationId: "adminApiKeyLimits",
        response: { 200: ZApiKeyLimitsResponseSchema, ...problemResponses(401, 403) },
      },
    },
    async () => ({
      defaultRequestsPerMinute: app.config.API_KEY_REQUESTS_PER_MINUTE,
      maxRequestsPerMinute: app.config.API_KEY_MAX_REQUESTS_PER_MINUTE,
    }),
  );

  app.post(
    "/staff/api-keys",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Create an API key for a third party",
        description:
          "The key is in this answer only; it is stored hashed and cannot be shown again.",
        operationId: "adminCreateApiKey",
        body: ZCreateApiKeyRequestSchema,
        response: { 201: ZCreateApiKeyResponseSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const context = request.staff;
      const own = request.body.requestsPerMinute;
      if (own !== undefined && own > app.config.API_KEY_MAX_REQUESTS_PER_MINUTE) {
        const max = app.config.API_KEY_MAX_REQUESTS_PER_MINUTE;
        throw new AppError(
          "VALIDATION_FAILED",
          `A key may make at most ${max} requests per minute.`,
          [{ field: "body.requestsPerMinute", message: `must be at most ${max}` }],
        );
      }
      const { key, prefix, keyHash } = newApiKey();
      const row = await prisma.apiKey.create({
        data: {
          organisationId: context.user.organisationId,
          name: request.body.name,
          scopes: [...new Set(request.body.scopes)],
          prefix,
          keyHash,
          createdById: context.user.id,
          createdAt: app.now(),
          requestsPerMinute: own ?? null,
        },
      });
      await auditStaff(
        prisma,
        request,
        context,
        "apiKey.create",
        { type: "ApiKey", id: row.id },
        { name: row.name, prefix, scopes: row.scopes, requestsPerMinute: row.requestsPerMinute },
      );
      reply.header("cache-control", "no-store");
      return reply.code(201).send({ ...toApiKey(row, app.config), key });
    },
  );

  app.delete(
    "/staff/api-keys/:id",
    {
      config: { staff: { role: "admin" } },
      schema: {
        tags,
        summary: "Revoke an API key; every process refuses it from now on",
        operationId: "adminRevokeApiKey",
        params: ZApiKeyParams,
        response: { 200: ZApiKey, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const context = request.staff;
      const found = await prisma.apiKey.findFirst({
        where: { id: request.params.id, organisationId: context.user.organisationId },
      });
      if (!found) throw new AppError("NOT_FOUND", "This organisation has no such API key.");
      if (found.revokedAt) return toApiKey(found, app.config);
      const row = await prisma.apiKey.update({
        where: { id: found.id },
        data: { revokedAt: app.now() },
      });
      await auditStaff(
        prisma,
        request,
        context,
        "apiKey.revoke",
        { type: "ApiKey", id: row.id },
        { name: row.name, prefix: row.prefix },
      );
      return toApiKey(row, app.config);
    },
  );
};
