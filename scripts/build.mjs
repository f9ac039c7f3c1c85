// `pnpm build`: the production build (docs/decisions/020-compiled-production-build.md).
// - The API and the workspace packages it uses, bundled by esbuild into one ES module,
//   apps/api/dist/server.js, that Node runs without tsx.
// - The SPA, built by Vite into apps/web/dist.
// `node scripts/build.mjs --if-stale` builds only what is older than its sources; that is
// what `pnpm start` does before it runs the compiled server. `--api-only` leaves the SPA.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const apiOutDir = path.join(root, "apps/api/dist");
export const apiEntry = path.join(apiOutDir, "server.js");
/** A closed embedded database with every migration applied (docs/decisions/020-…). */
const pgliteTemplate = path.join(apiOutDir, "pglite-template");
const webBuilt = path.join(root, "apps/web/dist/index.html");

/** What each build is made from; a change to any of them makes the build stale. */
const shared = ["packages/contracts/src", "packages/domain/src", "pnpm-lock.yaml"];
const apiSources = [
  ...shared,
  "apps/api/src",
  "packages/db/src",
  "prisma/schema.prisma",
  "scripts/build.mjs",
];
const templateSources = ["prisma/migrations", "pnpm-lock.yaml"];
const webSources = [...shared, "apps/web/src", "apps/web/index.html", "apps/web/public"];

/**
 * Packages whose files are found in ways a bundler does not follow stay out of the
 * bundle: PGlite's WebAssembly and data (by `new URL(…, import.meta.url)`), the schema
 * engine's WebAssembly (by require.resolve) and argon2's native addon. Everything else
 * is bundled: loading one file instead of a few thousand is most of what the build saves
 * at start.
 */
const unbundled = ["@electric-sql/pglite", "@prisma/schema-engine-wasm", "@node-rs/argon2"];

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(target).map((name) => newest(path.join(target, name))),
  );
}

function builtAt(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

export function apiIsStale() {
  const at = builtAt(apiEntry);
  return apiSources.some((source) => newest(path.join(root, source)) > at);
}

export function templateIsStale() {
  const at = builtAt(path.join(pgliteTemplate, "PG_VERSION"));
  return templateSources.some((source) => newest(path.join(root, source)) > at);
}

export function webIsStale() {
  const at = builtAt(webBuilt);
  return webSources.some((source) => newest(path.join(root, source)) > at);
}

/** A path from the output folder to `file`, as an import specifier. */
function fromOutput(file) {
  const relative = path.relative(apiOutDir, file).split(path.sep).join("/");
  return relative.startsWith(".") ? relative : `./${relative}`;
}

/**
 * Keeps the meaning of the code the bundle is made from:
 * - an unbundled package is imported by its path in node_modules (as resolved from the
 *   importing file, which in pnpm's layout may be a package's own node_modules), relative
 *   to the output, so that the bundle needs nothing resolvable from apps/api/dist;
 * - `import.meta.url` in our own sources stays the URL of the source file, so the paths
 *   made from it (the prisma/ folder, the SPA's dist, the schema engine's package) are
 *   what they are under tsx;
 * - `__dirname` and `__filename` in a bundled package stay its own (Swagger UI serves its
 *   static files from there; pino and @fastify/swagger look beside themselves too).
 */
const keepLocations = {
  name: "keep-locations",
  setup(build) {
    const filter = new RegExp(
      `^(${unbundled.map((name) => name.replace(/[/.]/g, "\\$&")).join("|")})(/|$)`,
    );
    build.onResolve({ filter }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { resolving: true },
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: fromOutput(resolved.path), external: true };
    });
    build.onLoad({ filter: /node_modules.*\.[cm]?js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const dir = JSON.stringify(fromOutput(path.dirname(args.path)));
      const file = JSON.stringify(fromOutput(args.path));
      return {
        contents: `var __dirname = __location(${dir}), __filename = __location(${file});\n${source}`,
        loader: "js",
      };
    });
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const url = `new URL(${JSON.stringify(fromOutput(args.path))}, import.meta.url).href`;
      return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
    });
  },
};

export async function buildApi() {
  const esbuild = await import("esbuild");
  // Only what this build writes goes; the template is made apart from it.
  for (const name of existsSync(apiOutDir) ? readdirSync(apiOutDir) : []) {
    if (/\.js(\.map)?$/.test(name)) rmSync(path.join(apiOutDir, name));
  }
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      server: "apps/api/src/server.ts",
      "pglite-template": "packages/db/src/cli/pglite-template.ts",
    },
    outdir: apiOutDir,
    bundle: true,
    // Dynamic imports (Prisma's query compiler, the languages) stay separate chunks.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    // The CommonJS packages inside the bundle call require() for Node's own modules;
    // __location makes the paths of keepLocations (each chunk is in the same folder).
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { fileURLToPath as __fileURLToPath } from 'node:url';",
        "const require = __createRequire(import.meta.url);",
        "const __location = (relative) => __fileURLToPath(new URL(relative, import.meta.url));",
      ].join(" "),
    },
    // pg asks for its optional native binding only when told to; it is not installed.
    external: ["pg-native"],
    plugins: [keepLocations],
    // Smaller to parse at every start; names stay, so stack traces keep the sources'
    // function names (node --enable-source-maps maps them to the sources' lines).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    legalComments: "none",
    logLevel: "warning",
    metafile: false,
  });
}

function buildTemplate() {
  const result = spawnSync(
    process.execPath,
    [path.join(apiOutDir, "pglite-template.js"), pgliteTemplate],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  if (result.status !== 0)
    throw new Error("The database template was not made; see the errors above.");
}

function buildWeb() {
  const result = spawnSync("pnpm", ["--filter", "@pieraksts/web", "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error("The web app did not build; see the errors above.");
}

const lockDir = path.join(root, "apps/api/.build-lock");

/**
 * One build at a time: servers started together (the test suite starts several) would
 * otherwise write the same files at once. A lock older than ten minutes is a build that
 * died, and is taken over.
 */
async function withBuildLock(work) {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (Date.now() - builtAt(lockDir) > 600_000)
        rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Builds what is stale (or everything); returns what it built. */
export async function build(options = {}) {
  // Nothing to wait for when nothing is stale: the common case of `pnpm start`.
  if (options.ifStale && !apiIsStale() && !templateIsStale() && !webNeeded(options)) return [];
  return withBuildLock(() => buildLocked(options));
}

function webNeeded({ ifStale = false, apiOnly = false } = {}) {
  if (apiOnly || (ifStale && process.env.WEB_DIST)) return false;
  return !ifStale || webIsStale();
}

async function buildLocked({ ifStale = false, apiOnly = false, quiet = false }) {
  const built = [];
  const say = (text) => quiet || process.stderr.write(`${text}\n`);
  if (!ifStale || apiIsStale()) {
    say("Building the API…");
    await buildApi();
    built.push("api");
  }
  if (!ifStale || templateIsStale()) {
    say("Making the embedded database's template…");
    buildTemplate();
    built.push("template");
  }
  if (webNeeded({ ifStale, apiOnly })) {
    say("Building the web app…");
    buildWeb();
    built.push("web");
  }
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    await build({
      ifStale: process.argv.includes("--if-stale"),
      apiOnly: process.argv.includes("--api-only"),
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
}
