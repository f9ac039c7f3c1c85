import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          // Property tests run hundreds of cases; a busy two-core machine needs room.
          testTimeout: 60_000,
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          // Also apps/web/test: the bundle budget builds the SPA, slow enough to belong here.
          include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts"],
          environment: "node",
          globalSetup: [
            "packages/db/src/testing/global-setup.ts",
            "apps/api/test/support/build-api.ts",
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file gets its own database; two at a time suits a two-core machine.
          maxWorkers: 2,
        },
      },
    ],
  },
});
