import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookAndCancel } from "../../../examples/third-party/src/book-and-cancel.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { asStaff, createStaff, signIn } from "./support/staff.ts";

/**
 * The third party's side of the contract: the client generated from the committed
 * OpenAPI document (openapi-typescript) is up to date, and the example program written
 * with it (openapi-fetch) books and cancels with an API key against a real server over
 * real HTTP. `pnpm typecheck` compiles the program against the generated types.
 */
const example = fileURLToPath(new URL("../../../examples/third-party/", import.meta.url));
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let baseUrl: string;

beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
  baseUrl = await ctx.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(() => ctx.close());

describe("a third party's typed client", () => {
  it("is generated from the committed OpenAPI document (pnpm openapi regenerates it)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pieraksts-client-"));
    try {
      const out = path.join(dir, "api.d.ts");
      await promisify(execFile)(
        path.join(example, "node_modules/.bin/openapi-typescript"),
        ["../../apps/api/openapi.json", "-o", out],
        { cwd: example },
      );
      const committed = await readFile(path.join(example, "src/generated/api.d.ts"), "utf8");
      expect(await readFile(out, "utf8")).toBe(committed);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("books and cancels with an API key, and never needs the manage token", async () => {
    const admin = await signIn(ctx, "admin@socd.lv");
    const created = await asStaff(ctx, admin, "POST", "/api/v1/staff/api-keys", {
      name: "Example program",
      scopes: ["bookings:write"],
    });
    const { key, id } = created.json();
    const result = await bookAndCancel({
      baseUrl,
      apiKey: key,
      servicePoint: "lacplesa-39",
      service: "consultation",
      from: "2026-11-24",
      to: "2026-11-25",
      client: { name: "Jānis Bērziņš", phone: "+37120000001" },
    });
    expect(result).toMatchObject({ seenStatus: "booked", status: "cancelled_by_client" });
    const row = await ctx.db.prisma.booking.findUniqueOrThrow({
      where: { reference: result.reference },
    });
    expect(row).toMatchObject({ apiKeyId: id, status: "CANCELLED_BY_CLIENT" });
  });
});
