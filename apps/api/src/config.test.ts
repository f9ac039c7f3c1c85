import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.ts";

describe("parseConfig", () => {
  it("has a working default for everything in the embedded mode", () => {
    const result = parseConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.PORT).toBe(3000);
    expect(result.config.METRICS_PORT).toBeUndefined();
    expect(result.config.HOST).toBe("0.0.0.0");
    expect(result.config.DATA_DIR).toBe("./data");
    expect(result.config.DATABASE_URL).toBeUndefined();
    expect(result.config.MIGRATE_ON_START).toBe(true);
    expect(result.config.RATE_LIMITS).toBe("on");
  });

  it.each([
    [undefined, false],
    ["false", false],
    ["0", false],
    // "true" is one proxy in front, never "trust every hop": the leftmost entry is the client's own text.
    ["true", 1],
    ["on", 1],
    ["2", 2],
    ["10.0.0.1", ["10.0.0.1"]],
    ["10.0.0.0/8, fd00::/8,loopback", ["10.0.0.0/8", "fd00::/8", "loopback"]],
  ])("reads TRUST_PROXY=%s as %o", (value, trust) => {
    const result = parseConfig(value === undefined ? {} : { TRUST_PROXY: value });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.TRUST_PROXY).toEqual(trust);
  });

  it.each([
    [{ PORT: "abc" }, /^Invalid configuration: PORT: must be a port number/],
    [{ PORT: "70000" }, /PORT: must be a port number/],
    [{ METRICS_PORT: "0" }, /METRICS_PORT: must be a port number/],
    [{ DATABASE_URL: "localhost:5432" }, /DATABASE_URL: must be a postgresql:\/\/ URL/],
    [{ MIGRATE_ON_START: "maybe" }, /MIGRATE_ON_START: must be true or false/],
    [{ RATE_LIMITS: "sometimes" }, /RATE_LIMITS:/],
    [{ TRUST_PROXY: "not-an-ip" }, /TRUST_PROXY: must be true, false, a number of proxies/],
    [{ TRUST_PROXY: "10.0.0.0/33" }, /TRUST_PROXY:/],
  ])("refuses %o in one line naming the setting", (env, message) => {
    const result = parseConfig(env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(message);
    expect(result.message).not.toContain("\n");
  });

  it("accepts a PostgreSQL URL and switches", () => {
    const result = parseConfig({
      DATABASE_URL: "postgresql://u:p@db.example:5432/pieraksts",
      MIGRATE_ON_START: "off",
      PORT: "8080",
      METRICS_PORT: "9464",
    });
    expect(result.ok && result.config.DATABASE_URL).toBe(
      "postgresql://u:p@db.example:5432/pieraksts",
    );
    expect(result.ok && result.config.MIGRATE_ON_START).toBe(false);
    expect(result.ok && result.config.PORT).toBe(8080);
    expect(result.ok && result.config.METRICS_PORT).toBe(9464);
  });
});
