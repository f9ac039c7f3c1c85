import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/**
 * Headers every answer carries. The SPA is built without inline scripts or styles, so
 * its pages get a strict Content-Security-Policy; the interactive API documentation
 * (/docs, Swagger UI) brings its own inline initialiser and is left without one.
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

export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    if (!request.url.startsWith("/docs")) {
      reply.header("content-security-policy", contentSecurityPolicy);
    }
    return payload;
  });
});
