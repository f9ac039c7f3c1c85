import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";

// `pnpm admin:create` as an operator runs it, on the embedded database (PostgreSQL has
// its own path through the same code, and CI runs this file on both).
const root = fileURLToPath(new URL("../../..", import.meta.url));
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "pieraksts-admin-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

function createAdmin(
  args: string[],
  stdin: string,
): Promise<{ code: number | null; output: string }> {
  const { DATABASE_URL: _embedded, ...env } = process.env;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "apps/api/scripts/create-admin.ts", ...args],
    {
      cwd: root,
      env: { ...env, DATA_DIR: dataDir },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

const args = ["--organisation", "daugavpils", "--email", "boss@socd.lv", "--name", "Boss"];

it("creates the first admin from a password on stdin, on a database never started", async () => {
  const secret = "Kalna iela 17 ir tālu";
  const result = await createAdmin(args, `${secret}\n`);
  expect(result.output).toContain("Created administrator boss@socd.lv for daugavpils.");
  expect(result.code).toBe(0);
  expect(result.output).not.toContain(secret);
}, 60_000);

it("refuses the same e-mail twice and a weak password, with one clear line", async () => {
  const again = await createAdmin(args, "Kalna iela 17 ir tālu\n");
  expect(again.code).toBe(1);
  expect(again.output.trim()).toBe("There is already an account for boss@socd.lv.");
  const weak = await createAdmin(
    ["--organisation", "koknese", "--email", "k@koknese.lv"],
    "short\n",
  );
  expect(weak.code).toBe(1);
  expect(weak.output).toContain("must be at least 12 characters");
  const usage = await createAdmin([], "");
  expect(usage.code).toBe(2);
  expect(usage.output).toContain("Usage: pnpm admin:create");
}, 60_000);
