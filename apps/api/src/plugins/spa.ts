import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sendProblem } from "./errors.ts";

/**
 * Serves the built SPA from `dist` and answers unknown non-API paths with its
 * index.html, so deep links work. API paths that match nothing get a problem.
 */
export const spaPlugin = fp(async (app: FastifyInstance, options: { dist: string }) => {
  const hasSpa = existsSync(path.join(options.dist, "index.html"));
  if (hasSpa) {
    await app.register(fastifyStatic, {
      root: options.dist,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset (apps/web/bundle-budget.ts).
      preCompressed: true,
      setHeaders(reply, file) {
        // Vite puts a content hash in every asset name.
        if (file.includes(`${path.sep}assets${path.sep}`)) {
          reply.header("cache-control", "public, max-age=31536000, immutable");
        }
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?", 1)[0] ?? "";
    const isApi = path === "/api" || path.startsWith("/api/");
    if (hasSpa && !isApi && (request.method === "GET" || request.method === "HEAD")) {
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    }
    const allowed = app.allowedMethods(path);
    if (allowed.length > 0) {
      return sendProblem(
        reply.header("allow", allowed.join(", ")),
        "METHOD_NOT_ALLOWED",
        `${request.method} is not allowed here; use ${allowed.join(" or ")}.`,
      );
    }
    return sendProblem(reply, "NOT_FOUND", `No resource at ${request.method} ${path}.`);
  });
});
