import { describe, expect, it } from "vitest";
import { addressKey } from "./client-address.ts";

describe("addressKey", () => {
  it("keeps IPv4 as it is", () => {
    expect(addressKey("10.87.0.4")).toBe("10.87.0.4");
  });

  it("writes IPv4-mapped IPv6, in either notation, as the IPv4 address", () => {
    expect(addressKey("::ffff:10.87.0.4")).toBe("10.87.0.4");
    expect(addressKey("::FFFF:0a57:0004")).toBe("10.87.0.4");
    expect(addressKey("0:0:0:0:0:ffff:10.87.0.4")).toBe("10.87.0.4");
  });

  it("reduces IPv6 to its /64 however it is written", () => {
    const key = "2001:db8:aa:bb::/64";
    for (const address of [
      "2001:db8:aa:bb::1",
      "2001:db8:aa:bb::6",
      "2001:0DB8:00aa:00bb:1234:5678:9abc:def0",
      "2001:db8:aa:bb:0:0:0:1",
      "2001:db8:aa:bb::1%eth0",
      "2001:db8:aa:bb::10.0.0.1",
    ]) {
      expect(addressKey(address), address).toBe(key);
    }
    expect(addressKey("2001:db8:aa:bc::1")).toBe("2001:db8:aa:bc::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1")).toBe("fe80:0:0:0::/64");
  });

  it("refuses anything that is not an address", () => {
    for (const text of [
      "not-an-ip",
      "",
      "10.0.0.256",
      "2001:db8::/64",
      "1.2.3.4, 5.6.7.8",
      "::ffff:",
    ]) {
      expect(addressKey(text), text).toBeUndefined();
    }
  });
});
