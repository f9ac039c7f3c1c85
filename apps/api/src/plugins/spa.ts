import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import { type Language, languages } from "@pieraksts/contracts/languages";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { sendProblem } from "./errors.ts";

/** Second segments that are not a municipality (apps/web/src/app/app.tsx). */
const notOrganisations = new Set(["manage", "staff", "booking"]);

/**
 * The API answers a public page asks for first, as the SPA writes their paths
 * (apps/web/src/lib/queries.ts), so that the page can render without waiting for them:
 * on a slow phone network the extra round trip after the JavaScript was most of the time
 * to the largest paint. The availability is left out: its range depends on the browser's
 * day, and the calendar keeps its room while it comes.
 */
export function firstPageRequests(
  pathname: string,
): { lang: Language; paths: string[]; step: string } | null {
  let segments: string[];
  try {
    segments = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
  const [lang, org, point, service, ...rest] = segments;
  if (!languages.includes(lang as Language) || rest.length > 0) return null;
  if (org !== undefined && notOrganisations.has(org)) return null;
  const points = org && `/api/v1/service-points?organisation=${encodeURIComponent(org)}`;
  const services = point && `/api/v1/services?servicePoint=${encodeURIComponent(point)}`;
  const paths = !org
    ? ["/api/v1/organisations"]
    : !point
      ? [points]
      : !service
        ? [points, services]
        : [services];
  // The step's lazily loaded module (apps/web/src/app/app.tsx), as Vite's manifest names it.
  const step = !org
    ? "src/features/places/routes/organisations-page.tsx"
    : !point
      ? "src/features/places/routes/points-page.tsx"
      : !service
        ? "src/features/places/routes/services-page.tsx"
        : "src/features/booking/routes/when-page.tsx";
  return {
    lang: lang as Language,
    paths: paths.filter((value): value is string => !!value),
    step,
  };
}

type Manifest = Record<string, { file: string; imports?: string[] }>;

/**
 * The chunks a step loads after the entry, as <link rel="modulepreload">, so that they
 * download with the entry instead of after it has run; nothing when the build wrote no
 * manifest or the page already names the chunk.
 */
async function stepPreloads(dist: string, step: string, page: string): Promise<string> {
  const manifest: Manifest | null = await readFile(path.join(dist, ".vite/manifest.json"), "utf8")
    .then((text) => JSON.parse(text) as Manifest)
    .catch(() => null);
  if (!manifest) return "";
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(step);
  return [...files]
    .filter((file) => file.endsWith(".js") && !page.includes(file))
    .map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`)
    .join("");
}

/** JSON that is safe inside <script>: no "<" can end the element early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * Serves the built SPA from `dist` and answers unknown non-API paths with its
 * index.html, so deep links work. API paths that match nothing get a problem.
 */
export const spaPlugin = fp(async (app: FastifyInstance, options: { dist: string }) => {
  const indexFile = path.join(options.dist, "index.html");
  const hasSpa = existsSync(indexFile);
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
  app.setNotFoundHandler(async (request, reply) => {
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
      reply.header("cache-control", "no-cache");
      const first = firstPageRequests(path);
      if (!first) return reply.sendFile("index.html");
      // Answered in this process, through the routes as any client would get them; the
      // SPA takes each once (apps/web/src/lib/api-client.ts), keyed by language and path.
      const answers: Record<string, unknown> = {};
      for (const url of first.paths) {
        const res = await app.inject({
          method: "GET",
          url,
          headers: { accept: "application/json", "accept-language": first.lang },
        });
        if (res.statusCode === 200) answers[`${first.lang} ${url}`] = res.json();
      }
      const page = await readFile(indexFile, "utf8");
      const preloads = await stepPreloads(options.dist, first.step, page);
      const data = `<script type="application/json" id="first-page-data">${scriptJson(answers)}</script>`;
      return reply
        .type("text/html; charset=utf-8")
        .send(page.replace("</head>", `${preloads}${data}</head>`));
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
