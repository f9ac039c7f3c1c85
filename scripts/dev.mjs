// `pnpm dev`: the API with reload (tsx watch) on PORT (3000) and Vite's dev server with
// hot reload on 5173, which proxies /api to the API. Ctrl-C stops both.
import { spawn } from "node:child_process";

const env = { ...process.env, NODE_ENV: "development", LOG_LEVEL: process.env.LOG_LEVEL ?? "info" };
const children = [
  spawn("pnpm", ["exec", "tsx", "watch", "--clear-screen=false", "apps/api/src/server.ts"], {
    stdio: "inherit",
    env,
  }),
  spawn("pnpm", ["--filter", "@pieraksts/web", "dev"], { stdio: "inherit", env }),
];
let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 2000).unref();
}
for (const child of children) child.on("exit", (code) => stop(code ?? 0));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
