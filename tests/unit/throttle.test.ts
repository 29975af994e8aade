import { describe, expect, it } from "vitest";
import {
  afterSuccess,
  countAttempt,
  decide,
  DEFAULT_THROTTLE_RULES as RULES,
  frenchDelay,
  type Counter,
  type ThrottleDecision,
  type ThrottleState,
} from "@/server/auth/throttle";

const T0 = 1_800_000_000_000;
const SECOND = 1000;

/** The rules applied the way the database store applies them, one attempt after the other. */
class Attempts {
  private readonly counters = new Map<string, Counter | null>();
  private readonly known = new Set<string>();

  private state(account: string, address: string): ThrottleState {
    return {
      address: this.counters.get(`a|${address}`) ?? null,
      pair: this.counters.get(`p|${account}|${address}`) ?? null,
      account: this.counters.get(`c|${account}`) ?? null,
      known: this.known.has(`${account}|${address}`),
    };
  }

  private store(account: string, address: string, state: ThrottleState) {
    this.counters.set(`a|${address}`, state.address);
    this.counters.set(`p|${account}|${address}`, state.pair);
    this.counters.set(`c|${account}`, state.account);
  }

  /** Reserves an attempt (counted as a failure when allowed); `succeeds` then settles it as the store does. */
  try(account: string, address: string, now: number, succeeds = false): ThrottleDecision {
    const state = this.state(account, address);
    const decision = decide(state, now);
    if (!decision.allowed) return decision;
    const counted = countAttempt(state, now);
    this.store(account, address, counted);
    if (succeeds) {
      this.store(account, address, afterSuccess(counted, !state.known, now));
      this.known.add(`${account}|${address}`);
    }
    return decision;
  }

  fail(account: string, address: string, times: number, at: number) {
    for (let i = 0; i < times; i += 1) expect(this.try(account, address, at).allowed).toBe(true);
  }

  check(account: string, address: string, now: number): ThrottleDecision {
    return decide(this.state(account, address), now);
  }
}

describe("login throttling rules", () => {
  it("lets five failures through, then doubles the wait of an account from one address, and a success resets it", () => {
    const attempts = new Attempts();
    attempts.fail("a@x.fr", "1.1.1.1", 4, T0);
    expect(attempts.check("a@x.fr", "1.1.1.1", T0)).toEqual({ allowed: true });
    attempts.fail("a@x.fr", "1.1.1.1", 1, T0);
    expect(attempts.check("a@x.fr", "1.1.1.1", T0 + 14 * SECOND)).toEqual({ allowed: false, retryAfterMs: 1000, scope: "pair" });
    expect(attempts.check("a@x.fr", "1.1.1.1", T0 + 15 * SECOND)).toEqual({ allowed: true });
    attempts.fail("a@x.fr", "1.1.1.1", 1, T0 + 15 * SECOND);
    expect(attempts.check("a@x.fr", "1.1.1.1", T0 + 44 * SECOND).allowed).toBe(false);
    expect(attempts.check("a@x.fr", "1.1.1.1", T0 + 45 * SECOND).allowed).toBe(true);
    // Another account from the same address is not slowed.
    expect(attempts.check("b@x.fr", "1.1.1.1", T0 + 16 * SECOND).allowed).toBe(true);
    expect(attempts.try("a@x.fr", "1.1.1.1", T0 + 46 * SECOND, true).allowed).toBe(true);
    attempts.fail("a@x.fr", "1.1.1.1", 4, T0 + 47 * SECOND);
    expect(attempts.check("a@x.fr", "1.1.1.1", T0 + 47 * SECOND).allowed).toBe(true);
  });

  it("counts an attempt before its password is checked: of 20 attempts in a row, 5 go through", () => {
    const attempts = new Attempts();
    const decisions = Array.from({ length: 20 }, () => attempts.try("a@x.fr", "1.1.1.1", T0));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(RULES.pairFreeFailures);
  });

  it("caps the wait of one account and address", () => {
    const attempts = new Attempts();
    for (let i = 0; i < 30; i += 1) attempts.try("a@x.fr", "1.1.1.1", T0 + i * RULES.pairMaxDelayMs);
    const last = T0 + 29 * RULES.pairMaxDelayMs;
    expect(attempts.check("a@x.fr", "1.1.1.1", last)).toEqual({ allowed: false, retryAfterMs: RULES.pairMaxDelayMs, scope: "pair" });
  });

  it("never locks the owner out: spraying an account from many addresses only slows unknown addresses", () => {
    const attempts = new Attempts();
    attempts.try("victim@x.fr", "10.0.0.1", T0 - 1000, true);
    for (let i = 0; i < 200; i += 1) attempts.try("victim@x.fr", `203.0.113.${i}`, T0 + i);
    expect(attempts.check("victim@x.fr", "10.0.0.1", T0 + 200)).toEqual({ allowed: true });
    const fromNewAddress = attempts.check("victim@x.fr", "198.51.100.7", T0 + 200);
    expect(fromNewAddress.allowed).toBe(false);
    expect(fromNewAddress.allowed ? 0 : fromNewAddress.retryAfterMs).toBeLessThanOrEqual(RULES.accountDelayMs);
    expect(attempts.check("victim@x.fr", "198.51.100.7", T0 + 200 + RULES.accountDelayMs).allowed).toBe(true);
  });

  it("stops an address that fails on many accounts for the rest of the window, but not on an account it signed into", () => {
    const attempts = new Attempts();
    attempts.try("manager@x.fr", "6.6.6.6", T0 - 1000, true);
    for (let i = 0; i < RULES.addressFailures; i += 1) attempts.try(`user${i}@x.fr`, "6.6.6.6", T0 + i);
    expect(attempts.check("fresh@x.fr", "6.6.6.6", T0 + 100)).toEqual({ allowed: false, retryAfterMs: RULES.windowMs - 100, scope: "address" });
    expect(attempts.check("fresh@x.fr", "7.7.7.7", T0 + 100)).toEqual({ allowed: true });
    // Others' failures from a shared address (an agency behind one NAT) never block the account that signed in from it.
    expect(attempts.check("manager@x.fr", "6.6.6.6", T0 + 100)).toEqual({ allowed: true });
    expect(attempts.check("fresh@x.fr", "6.6.6.6", T0 + RULES.windowMs)).toEqual({ allowed: true });
  });

  it("takes back the failure a successful attempt was counted as", () => {
    const attempts = new Attempts();
    for (let i = 0; i < RULES.addressFailures + 10; i += 1) {
      expect(attempts.try(`agent${i}@x.fr`, "10.1.1.1", T0 + i, true).allowed).toBe(true);
    }
    expect(attempts.check("another@x.fr", "10.1.1.1", T0 + 100)).toEqual({ allowed: true });
  });

  it("says the delay in French", () => {
    expect(frenchDelay(1)).toBe("1 seconde");
    expect(frenchDelay(45_000)).toBe("45 secondes");
    expect(frenchDelay(60_000)).toBe("1 minute");
    expect(frenchDelay(14 * 60_000 + 1)).toBe("15 minutes");
  });
});
