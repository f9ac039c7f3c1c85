import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";

let ctx: TestContext;
let proxied: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ seed: false });
  proxied = await createTestApp({ seed: false, env: { TRUST_PROXY: "true" } });
});
afterAll(async () => {
  await ctx.close();
  await proxied.close();
});

describe("Strict-Transport-Security", () => {
  it("is sent over HTTPS (the proxy's X-Forwarded-Proto when trusted)", async () => {
    const res = await proxied.app.inject({
      url: "/api/v1/organisations",
      headers: { "x-forwarded-proto": "https" },
    });
    expect(res.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("is not sent over plain HTTP, nor on an untrusted X-Forwarded-Proto", async () => {
    const plain = await proxied.app.inject({
      url: "/api/v1/organisations",
      headers: { "x-forwarded-proto": "http" },
    });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
    const untrusted = await ctx.app.inject({
      url: "/api/v1/organisations",
      headers: { "x-forwarded-proto": "https" },
    });
    expect(untrusted.headers["strict-transport-security"]).toBeUndefined();
  });
});

describe("the API documentation (/docs)", () => {
  it("has a CSP without inline scripts, and every script it references is served", async () => {
    const page = await ctx.app.inject({ url: "/docs/" });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers["content-security-policy"]);
    const scriptSrc = csp.split(";").find((part) => part.trim().startsWith("script-src"));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    // No inline script: every <script> has a src on this server, which answers it.
    const scripts = [...page.body.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, attributes, content] of scripts) {
      expect(content?.trim()).toBe("");
      const src = attributes?.match(/src="([^"]+)"/)?.[1];
      expect(src).toBeDefined();
      const url = new URL(src ?? "", "http://localhost/docs/").pathname;
      const script = await ctx.app.inject({ url });
      expect(script.statusCode, url).toBe(200);
      expect(script.headers["content-type"]).toMatch(/javascript/);
    }
  });
});
