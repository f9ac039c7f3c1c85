import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { asStaff, createStaff, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga. A built SPA in a folder of its own, and a real
// socket: Node's HTTP parser refuses some requests before app.inject would even start.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
let dist: string;
let port: number;
beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), "pieraksts-spa-"));
  await writeFile(path.join(dist, "index.html"), "<!doctype html><title>SPA</title>");
  await mkdir(path.join(dist, "assets"));
  await writeFile(path.join(dist, "assets", "app-1234.js"), "console.log(1);");
  ctx = await createTestApp({ now, env: { WEB_DIST: dist } });
  await createStaff(ctx.db.prisma);
  await ctx.app.listen({ port: 0, host: "127.0.0.1" });
  const address = ctx.app.server.address();
  port = typeof address === "object" && address ? address.port : 0;
});
afterAll(async () => {
  await ctx.close();
  await rm(dist, { recursive: true, force: true });
});

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.json().code).toBe(code);
}

/** Sends bytes as they are and reads the answer until the server closes the connection. */
function rawExchange(request: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", (error) => {
      if ((error as { code?: string }).code === "ECONNRESET") return;
      reject(error);
    });
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.write(request);
  });
}

function parseRaw(answer: string) {
  const [head = "", body = ""] = answer.split("\r\n\r\n", 2);
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

describe("bodies that are not UTF-8", () => {
  it("refuses invalid UTF-8 in a JSON body instead of storing U+FFFD", async () => {
    for (const bytes of [[0xed, 0xb0, 0x80], [0xff, 0xfe], [0xc3]]) {
      const name = Buffer.concat([Buffer.from("A"), Buffer.from(bytes), Buffer.from("B")]);
      const payload = Buffer.concat([
        Buffer.from(
          '{"servicePoint":"lacplesa-39","service":"consultation","start":"2026-11-24T09:00:00+02:00","client":{"name":"',
        ),
        name,
        Buffer.from('","phone":"27100001"}}'),
      ]);
      const res = await ctx.app.inject({
        method: "POST",
        url: "/api/v1/bookings",
        headers: { "content-type": "application/json" },
        payload,
      });
      expectProblem(res, 400, "VALIDATION_FAILED");
      expect(res.json().errors).toEqual([{ field: "body", message: "is not valid UTF-8" }]);
    }
    const admin = await signIn(ctx, "admin@socd.lv");
    const day = await asStaff(
      ctx,
      admin,
      "GET",
      "/api/v1/staff/service-points/lacplesa-39/day?date=2026-11-24",
    );
    expect(day.statusCode).toBe(200);
    expect(day.body).not.toContain("\uFFFD");
  });

  it("still takes UTF-8 names, with and without a charset", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/bookings",
      headers: { "content-type": "application/json; charset=utf-8" },
      payload: Buffer.from(
        JSON.stringify({
          servicePoint: "lacplesa-39",
          service: "consultation",
          start: "2026-11-24T09:15:00+02:00",
          client: { name: "Jānis Ērglis 🌲", phone: "27100002" },
        }),
      ),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().client.name).toBe("Jānis Ērglis 🌲");
  });
});

describe("requests the HTTP parser refuses", () => {
  const head = (lines: string[]) => `${lines.join("\r\n")}\r\n\r\n`;
  const cases: [string, Buffer | string][] = [
    [
      "a control byte in a header",
      head(["POST /api/v1/bookings HTTP/1.1", "Host: x", "Idempotency-Key: a\x01b"]),
    ],
    [
      "binary in Authorization",
      Buffer.concat([
        Buffer.from("GET /api/v1/bookings/ABC HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "),
        Buffer.from([0xff, 0x00, 0x78]),
        Buffer.from("\r\n\r\n"),
      ]),
    ],
    ["an obsolete folded header", head(["GET /health HTTP/1.1", "Host: x", "X-A: 1", " folded"])],
    ["an unknown method", head(["BREW /api/v1/bookings HTTP/1.1", "Host: x"])],
    ["TLS sent to plain HTTP", Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00])],
    ["a 100 kB query", head([`GET /api/v1/services?x=${"a".repeat(100_000)} HTTP/1.1`, "Host: x"])],
  ];
  for (const [name, request] of cases) {
    it(`answers ${name} with a problem`, async () => {
      const answer = parseRaw(await rawExchange(request));
      expect(answer.status, answer.body).toBe(400);
      expect(answer.headers["content-type"]).toBe("application/problem+json");
      expect(Number(answer.headers["content-length"])).toBe(Buffer.byteLength(answer.body));
      expect(JSON.parse(answer.body)).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
    });
  }

  it("still answers a well-formed request on the same port", async () => {
    const answer = parseRaw(
      await rawExchange(head(["GET /health HTTP/1.1", "Host: x", "Connection: close"])),
    );
    expect(answer.status).toBe(200);
  });
});

describe("paths the SPA must not answer with its page", () => {
  it("refuses NUL anywhere in a path", async () => {
    for (const url of ["/%00", "/assets/%00.js", "/openapi.json%00", "/lv/%00/x", "/api/v1/x%00"]) {
      expectProblem(await ctx.app.inject(url), 400, "VALIDATION_FAILED");
    }
  });

  it("answers a missing asset with 404, not the page", async () => {
    for (const url of ["/assets/missing.js", "/assets/..%2f..%2fpackage.json", "/assets/"]) {
      expectProblem(await ctx.app.inject(url), 404, "NOT_FOUND");
    }
    const asset = await ctx.app.inject("/assets/app-1234.js");
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe("console.log(1);");
    const page = await ctx.app.inject("/lv/koknese");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
  });
});
