import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import { chromiumFlags, chromiumPath } from "./chromium.ts";
import { clockStart, suiteStartedAt } from "./clock.ts";
import { e2eAdmin } from "./staff-accounts.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;
// Before the server starts, so the browser's clock is never behind the server's.
suiteStartedAt();

export default defineConfig({
  testDir: "./specs",
  outputDir: "../test-results/e2e",
  // One server with one embedded database: journeys run one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL,
    browserName: "chromium",
    locale: "lv-LV",
    timezoneId: "Europe/Riga",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumPath, args: chromiumFlags },
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    cwd: root,
    url: `${baseURL}/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    // Every journey books from 127.0.0.1; the defaults per address are too few for the suite.
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      RATE_LIMIT_BOOKINGS_PER_HOUR: "500",
      BOOKINGS_PER_ADDRESS_PER_DAY: "500",
      BOOKINGS_PER_ADDRESS_PER_WEEK: "500",
      SCARCE_BOOKINGS_PER_ADDRESS_PER_DAY: "500",
      SCARCE_BOOKINGS_PER_ADDRESS_PER_WEEK: "500",
      HOLDS_PER_ADDRESS: "50",
      // The webhooks journey's receiver is a plain-http server on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE: "true",
      // The journeys run at one fixed instant whatever the real clock says (e2e/clock.ts).
      CLOCK_START: clockStart,
      E2E_ADMIN_EMAIL: e2eAdmin.email,
      E2E_ADMIN_PASSWORD: e2eAdmin.password,
      E2E_ADMIN_NAME: e2eAdmin.name,
    },
  },
});
