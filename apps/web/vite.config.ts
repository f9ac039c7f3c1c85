import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.API_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [react()],
  build: { target: "es2020", reportCompressedSize: true, sourcemap: false },
  server: {
    port: 5173,
    proxy: { "/api": api, "/health": api, "/docs": api, "/openapi.json": api },
  },
});
