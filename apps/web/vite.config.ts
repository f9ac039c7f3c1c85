import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { afterBuild } from "./bundle-budget.ts";

const api = process.env.API_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [react(), afterBuild()],
  // Chrome and Firefox from 2021 on; Android phones keep Chrome up to date.
  // The manifest tells the server which chunks a page's step needs, so that it can
  // preload them with the page (apps/api/src/plugins/spa.ts).
  build: { target: "es2022", reportCompressedSize: true, sourcemap: false, manifest: true },
  server: {
    port: 5173,
    proxy: { "/api": api, "/health": api, "/docs": api, "/openapi.json": api },
  },
});
