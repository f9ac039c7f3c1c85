import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import { withFrameworkProblems } from "../lib/problem.ts";
import { webhookPathItems } from "../lib/webhooks/openapi.ts";

export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Pieraksts API",
        version: "1.0.0",
        description:
          "Appointment booking for municipal social services. Errors are RFC 9457 " +
          "`application/problem+json` with a `code`. Texts are localised by `Accept-Language` " +
          "(lv, ru, en).",
        license: { name: "MIT", identifier: "MIT" },
      },
      components: {
        securitySchemes: {
          staffSession: {
            type: "apiKey",
            in: "cookie",
            name: "pieraksts_staff",
            description:
              "Set by POST /api/v1/staff/login; state-changing staff requests also need X-CSRF-Token",
          },
          csrfToken: {
            type: "apiKey",
            in: "header",
            name: "X-CSRF-Token",
            description:
              "The session's csrfToken (from sign-in or GET /api/v1/staff/session), with the " +
              "staff cookie on every staff request that is not GET or HEAD",
          },
          manageToken: {
            type: "http",
            scheme: "bearer",
            description: "The manageToken returned when the booking was made",
          },
          apiKey: {
            type: "apiKey",
            in: "header",
            name: "X-API-Key",
            description:
              "A third party's key, created by an administrator (POST /api/v1/staff/api-keys); " +
              "its scopes say what it may do. See docs/integrations.md",
          },
        },
      },
      tags: [
        { name: "Reading", description: "Organisations, service points, services, availability" },
        { name: "Booking", description: "Book, see, change and cancel without an account" },
        { name: "Staff", description: "Staff sign-in and sessions" },
        { name: "Administration", description: "Administrators: places, staff, API keys" },
        { name: "Operations", description: "Health and documentation" },
        {
          name: "Webhooks",
          description:
            "What the server sends to a registered endpoint (Standard Webhooks): see docs/integrations.md",
        },
      ],
      // OpenAPI 3.1's top-level webhooks: the bodies are components from packages/contracts.
      webhooks: webhookPathItems(),
    },
    transform: (document) =>
      jsonSchemaTransform({
        ...document,
        schema: document.schema && withFrameworkProblems(document.schema),
      }),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
});
