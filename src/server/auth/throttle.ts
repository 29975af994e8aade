/**
 * The rules of login throttling, pure: they slow an attacker without letting them lock a real user out.
 * - per address (all accounts): past `addressFailures` failures within the window, that address waits for the
 *   window to pass — an attacker's address, not the user's;
 * - per account and address ("pair"): after `pairFreeFailures` failures in a row, each new attempt from that
 *   address must wait an exponentially growing delay (capped), reset by a success;
 * - per account, from addresses that never signed into it: past `accountFailures` failures within the window,
 *   a fixed delay between attempts from any such address.
 * An address that has signed into the account ("known") is never slowed by the others' failures: neither the
 * address rule nor the account rule applies to it, only its own failures on that account (the pair rule).
 * Every attempt that is let through counts as a failure until it succeeds (`countAttempt`), so that parallel
 * attempts cannot all pass the check before any failure is recorded; the store (throttle-store.ts) applies these
 * rules under a lock, in the database shared by every app instance.
 */
export type ThrottleRules = {
  windowMs: number;
  addressFailures: number;
  pairFreeFailures: number;
  pairBaseDelayMs: number;
  pairMaxDelayMs: number;
  accountFailures: number;
  accountDelayMs: number;
};

export const DEFAULT_THROTTLE_RULES: ThrottleRules = {
  windowMs: 15 * 60_000,
  addressFailures: 50,
  pairFreeFailures: 5,
  pairBaseDelayMs: 15_000,
  pairMaxDelayMs: 15 * 60_000,
  accountFailures: 20,
  accountDelayMs: 30_000,
};

export type ThrottleScope = "address" | "pair" | "account";

/** Times in milliseconds since the epoch. */
export type Counter = { failures: number; windowStart: number; lastFailure: number };

/** The counters of one attempt (null: none yet) and whether its address has signed into the account before. */
export type ThrottleState = { address: Counter | null; pair: Counter | null; account: Counter | null; known: boolean };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number; scope: ThrottleScope };

/** After this long without a failure, a counter is forgotten whatever its kind (and may be pruned). */
export const forgetAfterMs = (rules: ThrottleRules) => rules.windowMs + rules.pairMaxDelayMs;

/** A counter still in force at `now`: windowed counters end with their window, the pair counter after a quiet spell. */
export function live(scope: ThrottleScope, counter: Counter | null, now: number, rules: ThrottleRules): Counter | null {
  if (!counter || counter.failures <= 0) return null;
  const over = scope === "pair" ? now - counter.lastFailure >= forgetAfterMs(rules) : now - counter.windowStart >= rules.windowMs;
  return over ? null : counter;
}

export function decide(state: ThrottleState, now: number, rules: ThrottleRules = DEFAULT_THROTTLE_RULES): ThrottleDecision {
  const address = live("address", state.address, now, rules);
  if (!state.known && address && address.failures >= rules.addressFailures) {
    return { allowed: false, retryAfterMs: address.windowStart + rules.windowMs - now, scope: "address" };
  }
  const pair = live("pair", state.pair, now, rules);
  if (pair && pair.failures >= rules.pairFreeFailures) {
    const delay = Math.min(rules.pairMaxDelayMs, rules.pairBaseDelayMs * 2 ** (pair.failures - rules.pairFreeFailures));
    if (now - pair.lastFailure < delay) return { allowed: false, retryAfterMs: pair.lastFailure + delay - now, scope: "pair" };
  }
  const account = live("account", state.account, now, rules);
  if (!state.known && account && account.failures >= rules.accountFailures && now - account.lastFailure < rules.accountDelayMs) {
    return { allowed: false, retryAfterMs: account.lastFailure + rules.accountDelayMs - now, scope: "account" };
  }
  return { allowed: true };
}

function bump(scope: ThrottleScope, counter: Counter | null, now: number, rules: ThrottleRules): Counter {
  const current = live(scope, counter, now, rules);
  return current ? { ...current, failures: current.failures + 1, lastFailure: now } : { failures: 1, windowStart: now, lastFailure: now };
}

/** The counters once an allowed attempt is counted as a failure (undone by `afterSuccess` if it succeeds). */
export function countAttempt(state: ThrottleState, now: number, rules: ThrottleRules = DEFAULT_THROTTLE_RULES): ThrottleState {
  return {
    known: state.known,
    address: bump("address", state.address, now, rules),
    pair: bump("pair", state.pair, now, rules),
    account: state.known ? live("account", state.account, now, rules) : bump("account", state.account, now, rules),
  };
}

/**
 * A success resets the pair and takes back the failure its attempt was counted as (on the account counter only if
 * it was counted there); the address becomes known.
 */
export function afterSuccess(current: ThrottleState, accountCounted: boolean, now: number, rules: ThrottleRules = DEFAULT_THROTTLE_RULES): ThrottleState {
  const undo = (scope: ThrottleScope, counter: Counter | null) => {
    const still = live(scope, counter, now, rules);
    return still ? { ...still, failures: still.failures - 1 } : null;
  };
  return {
    known: true,
    address: undo("address", current.address),
    pair: null,
    account: accountCounted ? undo("account", current.account) : live("account", current.account, now, rules),
  };
}

/** « 2 minutes », « 45 secondes » for the refusal message. */
export function frenchDelay(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} seconde${seconds > 1 ? "s" : ""}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes > 1 ? "s" : ""}`;
}
