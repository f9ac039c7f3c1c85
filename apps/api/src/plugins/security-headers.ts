import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/**
 * Headers every answer carries. The SPA is built without inline scripts or styles, so
 * its pages get a strict Content-Security-Policy. The interactive API documentation
 * (/docs, Swagger UI) loads only its own scripts, the initialiser included, but sets
 * style attributes from JavaScript, so it gets a policy of its own with inline styles only.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const docsContentSecurityPolicy = contentSecurityPolicy.replace(
  "style-src 'self'",
  "style-src 'self' 'unsafe-inline'",
);

/** A year, the usual minimum for browsers' preload lists. */
const strictTransportSecurity = "max-age=31536000; includeSubDomains";

export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    reply.header(
      "content-security-policy",
      request.url.startsWith("/docs") ? docsContentSecurityPolicy : contentSecurityPolicy,
    );
    // Only over HTTPS (behind a proxy: X-Forwarded-Proto with TRUST_PROXY): over plain
    // HTTP the header would be ignored, and a local http://localhost must stay usable.
    if (request.protocol === "https") {
      reply.header("strict-transport-security", strictTransportSecurity);
    }
    return payload;
  });
});
