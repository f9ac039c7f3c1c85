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

export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
  errors?: FieldError[],
): FastifyReply {
  const body = problem(code, detail, { errors, instance: reply.request.url });
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
    // Never leak a stack or SQL: log it with the request id, answer with the id only.
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(
      reply,
      "INTERNAL_ERROR",
      `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
    );
  });
});
