import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THROTTLE } from "../src/routes/staff/sign-in-throttle.ts";
import { createStaffUser } from "../src/routes/staff/users.ts";
import { createTestApp, type TestContext } from "./helpers.ts";
import { createStaff, organisationOf, staffPassword } from "./support/staff.ts";

// The app's clock, moved by the tests instead of waiting.
let now = new Date("2026-11-23T08:00:00Z");
const wait = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({ env: { RATE_LIMITS: "on" } });
  ctx.app.now = () => now;
  await createStaff(ctx.db.prisma);
});
afterAll(() => ctx.close());

function login(
  email: string,
  password: string,
  remoteAddress: string,
  organisation = organisationOf(email),
) {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/staff/login",
    payload: { organisation, email, password },
    remoteAddress,
  });
}

/**
 * `count` wrong passwords from one address, waiting out every 429 on the app's clock:
 * the Retry-After values met on the way.
 */
async function guess(
  email: string,
  count: number,
  address: string,
  prefix = "guess",
  organisation = organisationOf(email),
) {
  const delays: number[] = [];
  for (let i = 0, tries = 0; i < count; tries++) {
    // A lock-out (a wait the app's clock cannot end) would otherwise loop for ever.
    expect(tries, "attempts are refused for good").toBeLessThan(count * 3);
    const res = await login(email, `${prefix} number ${i} wrong`, address, organisation);
    if (res.statusCode === 429) {
      expect(res.json().code).toBe("RATE_LIMITED");
      const seconds = Number(res.headers["retry-after"]);
      delays.push(seconds);
      wait(seconds);
      continue;
    }
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("INVALID_CREDENTIALS");
    i += 1;
  }
  return delays;
}

/** 1 s, 2 s, 4 s … after the free failures, capped. */
function growing(count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.min(2 ** i, THROTTLE.maxDelaySeconds));
}

describe("sign-in throttling (no lock-out)", () => {
  it("slows 20 wrong passwords from one address, never the owner elsewhere", async () => {
    const attacker = "203.0.113.7";
    const delays = await guess("liepajas@socd.lv", 20, attacker);
    // The first failures are free, then every further attempt waits longer.
    expect(delays).toEqual(growing(20 - THROTTLE.pair.free));

    // The owner at their own desk signs in at once.
    const owner = await login("liepajas@socd.lv", staffPassword, "192.0.2.44");
    expect(owner.statusCode).toBe(200);

    // From the guessing address even the right password waits…
    const early = await login("liepajas@socd.lv", staffPassword, attacker);
    expect(early.statusCode).toBe(429);
    const retryAfter = Number(early.headers["retry-after"]);
    expect(retryAfter).toBe(THROTTLE.maxDelaySeconds);
    // …and works once the delay has passed.
    wait(retryAfter);
    expect((await login("liepajas@socd.lv", staffPassword, attacker)).statusCode).toBe(200);
  });

  it("answers an unknown e-mail exactly like a known one", async () => {
    const known = await guess("admin@koknese.lv", 6, "203.0.113.20");
    const unknown = await guess("nobody@koknese.lv", 6, "203.0.113.21");
    expect(unknown).toEqual(known);
    expect(known).toEqual(growing(6 - THROTTLE.pair.free));
  });

  it("answers an unknown organisation exactly like a wrong password", async () => {
    const known = await guess("admin@koknese.lv", 6, "203.0.113.22", "org");
    const unknown = await guess("admin@koknese.lv", 6, "203.0.113.23", "org", "nowhere");
    expect(unknown).toEqual(known);
    expect(known).toEqual(growing(6 - THROTTLE.pair.free));
    const res = await login("admin@koknese.lv", staffPassword, "203.0.113.24", "nowhere");
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("INVALID_CREDENTIALS");
  });

  it("counts one organisation's account apart from the same e-mail elsewhere", async () => {
    // Daugavpils has an account with Koknese's receptionist's e-mail and its own password.
    const own = "Daugavpils second job 2026";
    await createStaffUser(ctx.db.prisma, {
      organisation: "daugavpils",
      email: "reception@koknese.lv",
      name: "Second job",
      password: own,
      role: "RECEPTION",
      servicePoints: ["liepajas-4"],
    });
    const address = "203.0.113.50";
    const delays = await guess("reception@koknese.lv", THROTTLE.pair.free + 2, address, "k");
    expect(delays).toEqual(growing(2));
    const koknese = await login("reception@koknese.lv", staffPassword, address, "koknese");
    expect(koknese.statusCode).toBe(429);
    // Daugavpils' account is another account: guesses at Koknese's do not slow it.
    const socd = await login("reception@koknese.lv", own, address, "daugavpils");
    expect(socd.statusCode).toBe(200);
    expect(socd.json().user.organisation).toBe("daugavpils");
    // Nor does its success clear Koknese's failures.
    expect(
      (await login("reception@koknese.lv", staffPassword, address, "koknese")).statusCode,
    ).toBe(429);
  });

  it("a success clears the account's failures from that address", async () => {
    const address = "203.0.113.30";
    await guess("reception@koknese.lv", THROTTLE.pair.free - 1, address);
    expect((await login("reception@koknese.lv", staffPassword, address)).statusCode).toBe(200);
    // Counting on from before the success, this would already wait.
    expect(await guess("reception@koknese.lv", THROTTLE.pair.free - 1, address)).toEqual([]);
    expect(await guess("reception@koknese.lv", 2, address, "again")).toEqual([1]);
  });

  it("slows an address that tries many accounts, not other addresses", async () => {
    const address = "203.0.113.40";
    // A different account each time, so only the per-address count grows.
    for (let i = 0; i < THROTTLE.address.free; i++) {
      expect((await login(`user${i}@socd.lv`, "not the password at all", address)).statusCode).toBe(
        401,
      );
    }
    const next = await login("admin@socd.lv", staffPassword, address);
    expect(next.statusCode).toBe(429);
    expect(next.headers["retry-after"]).toBe("1");
    expect((await login("admin@socd.lv", staffPassword, "192.0.2.45")).statusCode).toBe(200);
    wait(1);
    expect((await login("admin@socd.lv", staffPassword, address)).statusCode).toBe(200);
  });
});
