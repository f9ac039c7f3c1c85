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
    // No route takes NUL, and no file name holds one: a probe, not a page.
    if (path.includes("\0") || /%00/i.test(path)) {
      return sendProblem(reply, "VALIDATION_FAILED", "The path must not contain NUL.", [
        { field: "path", message: "must not contain NUL" },
      ]);
    }
    const isApi = path === "/api" || path.startsWith("/api/");
    // A missing asset is missing: the page in its place would only be parsed as a script.
    const isAsset = path.startsWith("/assets/");
    if (hasSpa && !isApi && !isAsset && (request.method === "GET" || request.method === "HEAD")) {
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
