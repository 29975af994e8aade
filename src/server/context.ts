import { AsyncLocalStorage } from "node:async_hooks";
import type { Actor } from "@/server/auth/policy";

/**
 * Who acts and when, for the code that calls server actions and route handlers outside a browser request: the
 * tests and the command-line scripts. `actingAs(actor, fn, { now })` runs `fn` as `actor` at `now`; inside it, the
 * guard takes this actor instead of reading the session cookie, and `now()` answers the given instant. No page,
 * action or route of the application calls `actingAs` (the lint rules forbid src/app to import this module), so a
 * browser request always goes through the session.
 */
type Acting = { actor: Actor | null; now?: Date };

const acting = new AsyncLocalStorage<Acting>();

export function actingAs<T>(actor: Actor | null, fn: () => T, options: { now?: Date } = {}): T {
  return acting.run({ actor, now: options.now }, fn);
}

/** The actor set by `actingAs`, or undefined outside it (then the session decides). */
export function actingActor(): { actor: Actor | null } | undefined {
  const store = acting.getStore();
  return store ? { actor: store.actor } : undefined;
}

/** The current instant: the one set by `actingAs` if any, else the clock. */
export function now(): Date {
  return acting.getStore()?.now ?? new Date();
}
