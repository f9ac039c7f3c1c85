import { describe, expect, it } from "vitest";
import { checkWebhookUrl, forbiddenReason, guardedLookup, WebhookUrlError } from "./ssrf.ts";

const guard = { allowPrivate: false };

describe("forbiddenReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.0.0.1", "private"],
    ["172.20.1.1", "private"],
    ["192.168.1.10", "private"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.100.100.200", "shared address space (carrier NAT, some cloud metadata)"],
    ["0.0.0.0", "this network"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fd00:ec2::254", "unique local (private)"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local (cloud metadata)"],
    ["64:ff9b::10.0.0.1", "private"],
    ["2002:7f00:1::", "6to4 (carries an IPv4 address)"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo (carries an IPv4 address)"],
  ])("refuses %s (%s)", (address, reason) => {
    expect(forbiddenReason(address)).toBe(reason);
  });

  it.each(["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "::ffff:1.1.1.1"])(
    "allows the public address %s",
    (address) => {
      expect(forbiddenReason(address)).toBeNull();
    },
  );
});

describe("checkWebhookUrl", () => {
  it.each([
    "https://127.0.0.1/hook",
    "https://10.0.0.1/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://0x7f000001/hook",
    "https://2130706433/hook",
  ])("refuses %s", async (url) => {
    await expect(checkWebhookUrl(url, guard)).rejects.toBeInstanceOf(WebhookUrlError);
  });

  it("resolves a name with real DNS and refuses one that is private (localhost)", async () => {
    await expect(checkWebhookUrl("https://localhost:8443/hook", guard)).rejects.toThrow(
      /resolves to (127\.0\.0\.1|::1), which is loopback/,
    );
  });

  it("refuses a name when any of its addresses is private", async () => {
    const resolve = async () => [
      { address: "1.1.1.1", family: 4 },
      { address: "10.1.2.3", family: 4 },
    ];
    await expect(
      checkWebhookUrl("https://mixed.example/hook", { ...guard, resolve }),
    ).rejects.toThrow("resolves to 10.1.2.3, which is private");
  });

  it("allows a public address, and https only", async () => {
    const ok = await checkWebhookUrl("https://93.184.215.14/hook", guard);
    expect(ok.addresses).toEqual(["93.184.215.14"]);
    await expect(checkWebhookUrl("http://93.184.215.14/hook", guard)).rejects.toThrow(
      "must be https",
    );
    await expect(checkWebhookUrl("https://u:p@93.184.215.14/hook", guard)).rejects.toThrow(
      "user or password",
    );
    await expect(checkWebhookUrl("not a url", guard)).rejects.toThrow("is not a URL");
  });

  it("lets WEBHOOK_ALLOW_PRIVATE=true through to intranets, over http too", async () => {
    const ok = await checkWebhookUrl("http://localhost:8080/hook", { allowPrivate: true });
    expect(ok.addresses.length).toBeGreaterThan(0);
  });

  it("refuses a name that does not resolve", async () => {
    await expect(checkWebhookUrl("https://no-such-host.invalid/hook", guard)).rejects.toThrow(
      "does not resolve",
    );
  });
});

describe("guardedLookup (the lookup each delivery connects with)", () => {
  const lookup = (hostname: string, allowPrivate: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) => {
      guardedLookup({ allowPrivate })(hostname, {}, (error, address) =>
        resolve({ error, address }),
      );
    });

  it("refuses localhost at connection time, and allows it when private is allowed", async () => {
    const refused = await lookup("localhost", false);
    expect(refused.error?.code).toBe("EWEBHOOKFORBIDDEN");
    const allowed = await lookup("localhost", true);
    expect(allowed.error).toBeNull();
    expect(["127.0.0.1", "::1"]).toContain(allowed.address);
  });
});
