import { describe, expect, it } from "vitest";
import { DEFAULT_THROTTLE_RULES as RULES, frenchDelay, LoginThrottle } from "@/server/auth/throttle";

const T0 = 1_800_000_000_000;
const SECOND = 1000;

function failTimes(throttle: LoginThrottle, account: string, address: string, times: number, at: number) {
  for (let i = 0; i < times; i += 1) throttle.recordFailure(account, address, at);
}

describe("login throttling", () => {
  it("lets five failures through, then doubles the wait of an account from one address, and a success resets it", () => {
    const throttle = new LoginThrottle();
    failTimes(throttle, "a@x.fr", "1.1.1.1", 4, T0);
    expect(throttle.check("a@x.fr", "1.1.1.1", T0)).toEqual({ allowed: true });
    throttle.recordFailure("a@x.fr", "1.1.1.1", T0);
    expect(throttle.check("a@x.fr", "1.1.1.1", T0 + 14 * SECOND)).toEqual({ allowed: false, retryAfterMs: 1000, scope: "account" });
    expect(throttle.check("a@x.fr", "1.1.1.1", T0 + 15 * SECOND)).toEqual({ allowed: true });
    throttle.recordFailure("a@x.fr", "1.1.1.1", T0 + 15 * SECOND);
    expect(throttle.check("a@x.fr", "1.1.1.1", T0 + 44 * SECOND).allowed).toBe(false);
    expect(throttle.check("a@x.fr", "1.1.1.1", T0 + 45 * SECOND).allowed).toBe(true);
    // Another account from the same address is not slowed.
    expect(throttle.check("b@x.fr", "1.1.1.1", T0 + 16 * SECOND).allowed).toBe(true);
    throttle.recordSuccess("a@x.fr", "1.1.1.1");
    expect(throttle.check("a@x.fr", "1.1.1.1", T0 + 46 * SECOND).allowed).toBe(true);
  });

  it("caps the wait of one account and address", () => {
    const throttle = new LoginThrottle();
    failTimes(throttle, "a@x.fr", "1.1.1.1", 30, T0);
    const decision = throttle.check("a@x.fr", "1.1.1.1", T0);
    expect(decision).toEqual({ allowed: false, retryAfterMs: RULES.pairMaxDelayMs, scope: "account" });
  });

  it("never locks the owner out: spraying an account from many addresses only slows unknown addresses", () => {
    const throttle = new LoginThrottle();
    throttle.recordSuccess("victim@x.fr", "10.0.0.1");
    for (let i = 0; i < 200; i += 1) throttle.recordFailure("victim@x.fr", `203.0.113.${i}`, T0 + i);
    expect(throttle.check("victim@x.fr", "10.0.0.1", T0 + 200)).toEqual({ allowed: true });
    const fromNewAddress = throttle.check("victim@x.fr", "198.51.100.7", T0 + 200);
    expect(fromNewAddress.allowed).toBe(false);
    expect(fromNewAddress.allowed ? 0 : fromNewAddress.retryAfterMs).toBeLessThanOrEqual(RULES.accountDelayMs);
    expect(throttle.check("victim@x.fr", "198.51.100.7", T0 + 199 + RULES.accountDelayMs).allowed).toBe(true);
  });

  it("stops an address that fails on many accounts for the rest of the window, and only that address", () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < RULES.addressFailures; i += 1) throttle.recordFailure(`user${i}@x.fr`, "6.6.6.6", T0 + i);
    expect(throttle.check("fresh@x.fr", "6.6.6.6", T0 + 100)).toEqual({ allowed: false, retryAfterMs: RULES.windowMs - 100, scope: "address" });
    expect(throttle.check("fresh@x.fr", "7.7.7.7", T0 + 100)).toEqual({ allowed: true });
    expect(throttle.check("fresh@x.fr", "6.6.6.6", T0 + RULES.windowMs)).toEqual({ allowed: true });
  });

  it("keeps its memory bounded", () => {
    const throttle = new LoginThrottle({ ...RULES, maxEntries: 10 });
    for (let i = 0; i < 1000; i += 1) throttle.recordFailure(`u${i}@x.fr`, `a${i}`, T0);
    const internals = throttle as unknown as Record<string, Map<string, unknown>>;
    for (const key of ["byAddress", "byPair", "byAccount"]) expect(internals[key]!.size).toBeLessThanOrEqual(10);
  });

  it("says the delay in French", () => {
    expect(frenchDelay(1)).toBe("1 seconde");
    expect(frenchDelay(45_000)).toBe("45 secondes");
    expect(frenchDelay(60_000)).toBe("1 minute");
    expect(frenchDelay(14 * 60_000 + 1)).toBe("15 minutes");
  });
});
