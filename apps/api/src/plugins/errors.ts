import { AppError, type ErrorCode, type FieldError } from "@pieraksts/contracts";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { problem } from "../lib/problem.ts";

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "VALIDATION_FAILED",
  FST_ERR_CTP_EMPTY_JSON_BODY: "VALIDATION_FAILED",
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "VALIDATION_FAILED",
};

/** How long a client should wait before retrying while the database is away, in seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Node socket errors: the database server is not there or the connection broke. */
const socketCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
/** PostgreSQL SQLSTATEs that mean "not now" rather than "wrong request". */
const unavailableSqlStates = new Set(["57P01", "57P02", "57P03", "53300"]);
/** Prisma: cannot reach, timed out, server closed the connection, pool timeout, too many. */
const unavailablePrismaCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** The Prisma pg adapter's kinds for the same conditions. */
const unavailableAdapterKinds = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
// pg's own errors for a broken or unobtainable connection carry no code, only a message.
const unavailableMessage =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|is not currently accepting connections|Can't reach database server|Server has closed the connection/i;

/**
 * Is this a failure of the connection to the database (restart, failover, cut
 * connections, server down) rather than of the request? Looks through Prisma's wrapping
 * (`meta.driverAdapterError.cause`) and `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as {
    code?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: unknown } };
  };
  for (const code of [e.code, e.originalCode]) {
    if (typeof code !== "string") continue;
    if (socketCodes.has(code) || unavailableSqlStates.has(code)) return true;
    if (unavailablePrismaCodes.has(code)) return true;
    // Class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof e.kind === "string" && unavailableAdapterKinds.has(e.kind)) return true;
  if (typeof e.message === "string" && unavailableMessage.test(e.message)) return true;
  return (
    isDatabaseUnavailable(e.meta?.driverAdapterError?.cause, depth + 1) ||
    isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1) ||
    isDatabaseUnavailable(e.cause, depth + 1)
  );
}

export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
  errors?: FieldError[],
): FastifyReply {
  const body = problem(code, detail, { errors, instance: reply.request.url });
  if (code === "SERVICE_UNAVAILABLE" && !reply.hasHeader("retry-after")) {
    reply.header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
  }
  return reply
    .code(body.status)
    .type("application/problem+json")
    .header("cache-control", "no-store")
    .send(JSON.stringify(body));
}

function fieldErrors(error: FastifyError): FieldError[] {
  const context =
    error.validationContext === "querystring" ? "query" : (error.validationContext ?? "request");
  return (error.validation ?? []).map((issue) => ({
    field: [context, ...issue.instancePath.split("/").filter(Boolean)].join("."),
    message: issue.message ?? "is not valid",
  }));
}

/** One error handler: every failure leaves as RFC 9457 problem+json with a code. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, error.code, error.message, error.errors);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendProblem(
        reply,
        "VALIDATION_FAILED",
        "Some values are missing or not valid.",
        fieldErrors(error),
      );
    }
    const mapped = error.code ? fastifyCodes[error.code] : undefined;
    if (mapped) return sendProblem(reply, mapped, error.message);
    if (error.statusCode === 429) return sendProblem(reply, "RATE_LIMITED", error.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, "VALIDATION_FAILED", error.message);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, "database unavailable");
      return sendProblem(
        reply,
        "SERVICE_UNAVAILABLE",
        "The service is briefly unavailable. Please try again in a moment.",
      );
    }
    // Never leak a stack or SQL: log it with the request id, answer with the id only.
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(
      reply,
      "INTERNAL_ERROR",
      `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
    );
  });
});
