import type { Duplex } from "node:stream";
import { AppError, type ErrorCode, type FieldError, isUnstorableText } from "@pieraksts/contracts";
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

/** No request of this API nests deeper; deeper JSON only strains the validators. */
const maxDepth = 32;

/**
 * Where NUL or a lone UTF-16 surrogate hides in a parsed body, query or path: PostgreSQL
 * cannot store either, and no schema should have to remember that.
 */
function unstorableFields(
  value: unknown,
  field: string,
  found: FieldError[],
  depth = 0,
): FieldError[] {
  if (found.length >= 10) return found;
  if (depth > maxDepth) {
    found.push({ field, message: `is nested more than ${maxDepth} levels deep` });
  } else if (typeof value === "string") {
    if (isUnstorableText(value)) {
      found.push({ field, message: "must not contain NUL or unpaired surrogate characters" });
    }
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries())
      unstorableFields(item, `${field}.${index}`, found, depth + 1);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (isUnstorableText(key)) {
        found.push({ field, message: "has a key with NUL or unpaired surrogate characters" });
      } else {
        unstorableFields(item, `${field}.${key}`, found, depth + 1);
      }
    }
  }
  return found;
}

/**
 * Errors the router raises before any route or hook runs (a path that is not valid
 * percent-encoding, a path parameter longer than the router takes): Fastify would answer
 * them with its own JSON.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const detail =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? "A part of the path is too long."
      : error.code === "FST_ERR_BAD_URL"
        ? "The path is not valid (bad percent-encoding)."
        : undefined;
  if (!detail) {
    request.log.error({ err: error }, "router error");
    return sendProblem(
      reply,
      "INTERNAL_ERROR",
      `Quote request id ${request.id} when reporting it.`,
    );
  }
  return sendProblem(reply, "VALIDATION_FAILED", detail, [{ field: "path", message: detail }]);
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a control byte in a
 * header, an obsolete folded header, an unknown method, TLS sent to plain HTTP, headers
 * or URL over the size limit, a request that never finished arriving): answered on the
 * socket as a problem like any other error, then the connection is closed.
 */
export function clientErrors(error: Error & { code?: string }, socket: Duplex) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const detail =
    error.code === "HPE_HEADER_OVERFLOW"
      ? "The request's headers or URL are too large."
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "The request did not arrive in time."
        : "The request is not valid HTTP.";
  const body = JSON.stringify(
    problem("VALIDATION_FAILED", detail, { errors: [{ field: "request", message: detail }] }),
  );
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n` +
        `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Method and path pattern of every route, for telling 405 from 404. */
interface KnownRoute {
  method: string;
  pattern: RegExp;
}

function pathPattern(url: string): RegExp {
  const source = url
    .split("/")
    .map((part) =>
      part.startsWith(":")
        ? "[^/]+"
        : part === "*"
          ? ".*"
          : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${source}/?$`);
}

declare module "fastify" {
  interface FastifyInstance {
    /** The methods some route answers at this path (no query); empty when none does. */
    allowedMethods(path: string): string[];
  }
}

/** One error handler: every failure leaves as RFC 9457 problem+json with a code. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  const routes: KnownRoute[] = [];
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, pattern: pathPattern(route.url) });
  });
  app.decorate("allowedMethods", (path: string) => [
    ...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method)),
  ]);

  // Node would decode bytes that are not UTF-8 to U+FFFD and store a name no one typed.
  const parseJson = app.getDefaultJsonParser("error", "error");
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(
        new AppError("VALIDATION_FAILED", "The body is not valid UTF-8.", [
          { field: "body", message: "is not valid UTF-8" },
        ]),
        undefined,
      );
      return;
    }
    parseJson(request, text, done);
  });

  app.addHook("preValidation", async (request) => {
    // An unknown path is answered 404 whatever its query holds.
    if (request.is404) return;
    const found: FieldError[] = [];
    unstorableFields(request.params, "params", found);
    unstorableFields(request.query, "query", found);
    unstorableFields(request.body, "body", found);
    if (found.length > 0) {
      throw new AppError(
        "VALIDATION_FAILED",
        "Some values hold characters that are not allowed.",
        found,
      );
    }
  });

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
