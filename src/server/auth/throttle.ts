/**
 * Login throttling that slows an attacker without letting them lock a real user out:
 * - per address (all accounts): past `addressFailures` failures within the window, that address waits for the
 *   window to pass — an attacker's address, not the user's;
 * - per account and address: after `pairFreeFailures` failures in a row, each new attempt from that address must
 *   wait an exponentially growing delay (capped), reset by a success;
 * - per account, from addresses that never signed into it: past `accountFailures` failures within the window,
 *   a fixed delay between attempts from any such address. An address that has signed into the account before
 *   is never slowed by the others' failures, so spraying one account cannot lock its owner out.
 * State lives in this process (bounded); several instances each keep their own.
 */
export type ThrottleRules = {
  windowMs: number;
  addressFailures: number;
  pairFreeFailures: number;
  pairBaseDelayMs: number;
  pairMaxDelayMs: number;
  accountFailures: number;
  accountDelayMs: number;
  maxEntries: number;
};

export const DEFAULT_THROTTLE_RULES: ThrottleRules = {
  windowMs: 15 * 60_000,
  addressFailures: 50,
  pairFreeFailures: 5,
  pairBaseDelayMs: 15_000,
  pairMaxDelayMs: 15 * 60_000,
  accountFailures: 20,
  accountDelayMs: 30_000,
  maxEntries: 50_000,
};

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number; scope: "address" | "account" };

type Counter = { failures: number; windowStart: number; lastFailure: number };

export class LoginThrottle {
  private readonly byAddress = new Map<string, Counter>();
  private readonly byPair = new Map<string, Counter>();
  private readonly byAccount = new Map<string, Counter>();
  private readonly knownAddresses = new Map<string, Set<string>>();

  constructor(private readonly rules: ThrottleRules = DEFAULT_THROTTLE_RULES) {}

  check(account: string, address: string, now: number): ThrottleDecision {
    const byAddress = this.current(this.byAddress, address, now);
    if (byAddress && byAddress.failures >= this.rules.addressFailures) {
      return { allowed: false, retryAfterMs: byAddress.windowStart + this.rules.windowMs - now, scope: "address" };
    }
    const pair = this.byPair.get(pairKey(account, address));
    if (pair && pair.failures >= this.rules.pairFreeFailures) {
      const delay = Math.min(this.rules.pairMaxDelayMs, this.rules.pairBaseDelayMs * 2 ** (pair.failures - this.rules.pairFreeFailures));
      if (now - pair.lastFailure < delay) return { allowed: false, retryAfterMs: pair.lastFailure + delay - now, scope: "account" };
    }
    const byAccount = this.current(this.byAccount, account, now);
    if (byAccount && byAccount.failures >= this.rules.accountFailures && !this.knownAddresses.get(account)?.has(address)) {
      if (now - byAccount.lastFailure < this.rules.accountDelayMs) {
        return { allowed: false, retryAfterMs: byAccount.lastFailure + this.rules.accountDelayMs - now, scope: "account" };
      }
    }
    return { allowed: true };
  }

  recordFailure(account: string, address: string, now: number): void {
    this.bump(this.byAddress, address, now, true);
    this.bump(this.byPair, pairKey(account, address), now, false);
    if (!this.knownAddresses.get(account)?.has(address)) this.bump(this.byAccount, account, now, true);
  }

  recordSuccess(account: string, address: string): void {
    this.byPair.delete(pairKey(account, address));
    let known = this.knownAddresses.get(account);
    if (!known) {
      known = new Set();
      this.bounded(this.knownAddresses).set(account, known);
    }
    if (known.size >= 20) known.delete(known.values().next().value as string);
    known.add(address);
  }

  private current(map: Map<string, Counter>, key: string, now: number): Counter | undefined {
    const counter = map.get(key);
    if (counter && now - counter.windowStart >= this.rules.windowMs) {
      map.delete(key);
      return undefined;
    }
    return counter;
  }

  /** Windowed counters restart after the window; the pair counter only restarts on success or after the window of quiet. */
  private bump(map: Map<string, Counter>, key: string, now: number, windowed: boolean): void {
    let counter = windowed ? this.current(map, key, now) : map.get(key);
    if (counter && !windowed && now - counter.lastFailure >= this.rules.windowMs + this.rules.pairMaxDelayMs) counter = undefined;
    if (!counter) {
      counter = { failures: 0, windowStart: now, lastFailure: now };
      this.bounded(map).set(key, counter);
    }
    counter.failures += 1;
    counter.lastFailure = now;
  }

  private bounded<V>(map: Map<string, V>): Map<string, V> {
    if (map.size >= this.rules.maxEntries) map.delete(map.keys().next().value as string);
    return map;
  }
}

const pairKey = (account: string, address: string) => `${account}\u0000${address}`;

/** « 2 minutes », « 45 secondes » for the refusal message. */
export function frenchDelay(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} seconde${seconds > 1 ? "s" : ""}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes > 1 ? "s" : ""}`;
}
