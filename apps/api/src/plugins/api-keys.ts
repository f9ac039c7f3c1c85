import { type ApiKeyScope, AppError, apiKeyScopes } from "@pieraksts/contracts";
import type { Prisma } from "@pieraksts/db";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import {
  type ApiKeyContext,
  keyRequestsPerMinute,
  LAST_USED_RESOLUTION_MS,
} from "../lib/api-keys.ts";
import { recordAudit } from "../lib/audit.ts";
import { requestAddress } from "../lib/client-address.ts";
import { sha256 } from "../lib/crypto.ts";

export interface ApiKeys {
  /** The X-API-Key header's value, or undefined when the request has none. */
  given(request: FastifyRequest): string | undefined;
  /**
   * The key the request sends, checked against the database now (so a key revoked by
   * any process is refused at once): 401 when wrong or revoked, 403 without `scope`,
   * 429 past the key's own rate limit.
   */
  require(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: ApiKeyScope | ApiKeyScope[],
  ): Promise<ApiKeyContext>;
  /** An audit entry under the key's name. */
  audit(
    request: FastifyRequest,
    key: ApiKeyContext,
    action: string,
    entity: { type: string; id: string },
    details?: Prisma.InputJsonObject,
  ): Promise<void>;
}

declare module "fastify" {
  interface FastifyInstance {
    apiKeys: ApiKeys;
  }
}

const MINUTE = 60_000;
const knownScopes = new Set<string>(apiKeyScopes);

export const apiKeysPlugin = fp(
  async (app: FastifyInstance) => {
    const prisma = app.db.prisma;

    const apiKeys: ApiKeys = {
      given(request) {
        const header = request.headers["x-api-key"];
        return typeof header === "string" ? header : undefined;
      },

      async require(request, reply, scope) {
        const given = apiKeys.given(request);
        if (!given) throw new AppError("UNAUTHORIZED", "Send an API key in the X-API-Key header.");
        const row = await prisma.apiKey.findUnique({ where: { keyHash: sha256(given) } });
        if (!row || row.revokedAt) {
          throw new AppError("UNAUTHORIZED", "This API key is not valid or was revoked.");
        }
        await app.rateLimiter.consume(
          reply,
          `api-key:${row.id}`,
          keyRequestsPerMinute(row, app.config),
          MINUTE,
        );
        const now = app.now();
        if (
          !row.lastUsedAt ||
          now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS
        ) {
          // Conditional, so that of many requests in the same minute only one writes.
          await prisma.apiKey.updateMany({
            where: {
              id: row.id,
              OR: [
                { lastUsedAt: null },
                { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } },
              ],
            },
            data: { lastUsedAt: now },
          });
        }
        const scopes = row.scopes.filter((s): s is ApiKeyScope => knownScopes.has(s));
        const wanted = Array.isArray(scope) ? scope : [scope];
        if (!wanted.some((s) => scopes.includes(s))) {
          throw new AppError("FORBIDDEN", `This API key lacks the scope ${wanted.join(" or ")}.`);
        }
        return {
          id: row.id,
          organisationId: row.organisationId,
          name: row.name,
          prefix: row.prefix,
          scopes,
        };
      },

      audit(request, key, action, entity, details) {
        return recordAudit(prisma, {
          organisationId: key.organisationId,
          actorId: key.id,
          actorKind: "api_key",
          action,
          entity,
          ip: requestAddress(request),
          details: { apiKey: key.name, prefix: key.prefix, ...details },
        });
      },
    };
    app.decorate("apiKeys", apiKeys);
  },
  { dependencies: [] },
);
