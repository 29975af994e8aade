/**
 * Reads on a streaming replica (docs/replica.md). The primary stays the database of everything; the read-only pages
 * and the exports ask `readPrisma()` (src/server/db/index.ts), which answers with the replica when that is safe:
 * - read-your-writes: after a write, the primary's WAL position is kept in a short-lived cookie of that user; a read
 *   of a request carrying a position goes to the replica only once the replica has replayed up to it;
 * - fallback: a query the replica fails is run again on the primary, and the replica is left aside for a short
 *   pause (a small circuit breaker), then tried again. One line of log at each change of state.
 * No import of Next.js here: the request's cookies are reached through `RequestCookies` (next/headers in the app,
 * a plain jar in the tests, `withRequestCookies`).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { env, secureCookies } from "@/env";
import type { PrismaClient } from "@/generated/prisma/client";

/** The cookie that carries the primary's WAL position after the user's last write. */
export const WRITE_POSITION_COOKIE = "modalis-position-ecriture";

/** How long the position is kept: far longer than any replication lag the service accepts. */
export const WRITE_POSITION_MAX_AGE_SECONDS = 300;

/** A WAL position (`pg_lsn`, « 16/B374D848 ») as a number, or null when the text is not one. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text?.trim() ?? "");
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** What the routing needs of a request's cookies. */
export type RequestCookies = {
  get(name: string): string | undefined;
  set(name: string, value: string, options: { httpOnly: boolean; sameSite: "lax"; path: string; maxAge: number; secure: boolean }): void;
};

const explicitCookies = new AsyncLocalStorage<RequestCookies>();

/** Runs `fn` with `cookies` as the request's cookies (the tests, which call actions and queries outside Next.js). */
export function withRequestCookies<T>(cookies: RequestCookies, fn: () => T): T {
  return explicitCookies.run(cookies, fn);
}

/** The cookies of the current request: the explicit jar, else Next.js's, else none (a script, a job). */
export async function requestCookies(): Promise<RequestCookies | null> {
  const explicit = explicitCookies.getStore();
  if (explicit) return explicit;
  try {
    const { cookies } = await import("next/headers");
    const store = await cookies();
    return {
      get: (name) => store.get(name)?.value,
      set: (name, value, options) => {
        store.set(name, value, options);
      },
    };
  } catch {
    return null;
  }
}

/**
 * After a write of the current request has been committed on `db` (the primary): keeps the primary's WAL insert
 * position (at or past the commit's record, even with asynchronous commits) in the user's cookie, so that their next
 * pages read the replica only once it has replayed that write. Nothing without a replica (no query, not even the
 * environment's parsing: the commands that write through the use cases never pay for it), nor outside a request that
 * can set cookies (a page, a script, a job).
 */
export async function rememberWrite(db: Pick<PrismaClient, "$queryRawUnsafe">): Promise<void> {
  if (!process.env.DATABASE_REPLICA_URL?.trim() || !process.env.DATABASE_URL?.trim()) return;
  const cookies = await requestCookies();
  if (!cookies) return;
  try {
    const rows = await db.$queryRawUnsafe<{ lsn: string }[]>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
    const lsn = rows[0]?.lsn;
    if (!lsn || parseLsn(lsn) === null) return;
    cookies.set(WRITE_POSITION_COOKIE, lsn, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: WRITE_POSITION_MAX_AGE_SECONDS,
      secure: secureCookies(env()),
    });
  } catch (error) {
    // A page cannot set cookies; the write itself is committed whatever happens here.
    console.error("[database] position d'écriture non retenue :", error instanceof Error ? error.message : error);
  }
}

export type ReadRouterOptions = {
  /** How long the replica is left aside after it failed (ms). */
  retryAfterMs: number;
  log?: (message: string) => void;
};

type AnyClient = Record<string, unknown>;

/**
 * Chooses the client of a read: the replica (wrapped so that a failure runs the read again on the primary) or the
 * primary. One per process.
 */
export class ReadRouter {
  /** The highest position the replica was seen to have replayed (replay only moves forward). */
  private replayed = -1n;
  private healthy = true;
  private asideUntil = 0;
  private readonly routed: PrismaClient;
  private readonly log: (message: string) => void;

  constructor(
    private readonly primary: PrismaClient,
    private readonly replica: PrismaClient,
    private readonly options: ReadRouterOptions,
  ) {
    this.log = options.log ?? ((message) => console.warn(message));
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the extension's callbacks need the router
    const router = this;
    this.routed = replica.$extends({
      query: {
        async $allOperations({ model, operation, args, query }) {
          let result: unknown;
          try {
            result = await query(args);
          } catch (replicaError) {
            // The same read on the primary: if it fails too, the fault is the query's (its error is the one thrown).
            const again = await router.onPrimary(model, operation, args);
            router.markDown(replicaError);
            return again;
          }
          router.markUp();
          return result;
        },
      },
    }) as unknown as PrismaClient;
  }

  /** The client a read of a request carrying `position` (the user's last write, or null) should use. */
  async clientFor(position: bigint | null): Promise<PrismaClient> {
    if (!this.healthy && Date.now() < this.asideUntil) return this.primary;
    if (position !== null && this.replayed < position) {
      try {
        await this.refreshReplayed();
      } catch (error) {
        this.markDown(error);
        return this.primary;
      }
      // The replica has not replayed the user's own write yet: the primary answers.
      if (this.replayed < position) return this.primary;
    }
    return this.routed;
  }

  /** Whether the replica is currently used (false while it is left aside after a failure). */
  get replicaInUse(): boolean {
    return this.healthy || Date.now() >= this.asideUntil;
  }

  private async refreshReplayed(): Promise<void> {
    const rows = await this.replica.$queryRawUnsafe<{ lsn: string | null }[]>("SELECT pg_last_wal_replay_lsn()::text AS lsn");
    const lsn = parseLsn(rows[0]?.lsn);
    // Not a standby (a replica URL that names a primary): everything written is there.
    if (lsn === null && rows[0]?.lsn === null) this.replayed = BigInt("0x7fffffffffffffff");
    else if (lsn !== null && lsn > this.replayed) this.replayed = lsn;
    this.markUp();
  }

  private async onPrimary(model: string | undefined, operation: string, args: unknown): Promise<unknown> {
    const client = this.primary as unknown as AnyClient;
    if (model) {
      const delegate = client[model.charAt(0).toLowerCase() + model.slice(1)] as Record<string, (args: unknown) => Promise<unknown>>;
      return delegate[operation]!(args);
    }
    const method = client[operation] as (...args: unknown[]) => Promise<unknown>;
    return Array.isArray(args) ? method.apply(client, args) : method.call(client, args);
  }

  private markDown(error: unknown): void {
    this.asideUntil = Date.now() + this.options.retryAfterMs;
    if (!this.healthy) return;
    this.healthy = false;
    const reason = (error instanceof Error ? error.message.split("\n")[0] : undefined) ?? String(error);
    this.log(
      `[database] réplique en lecture indisponible (${reason.slice(0, 200)}) : les lectures vont au serveur principal, nouvel essai dans ${Math.round(this.options.retryAfterMs / 1000)} s.`,
    );
  }

  private markUp(): void {
    if (this.healthy) return;
    this.healthy = true;
    this.log("[database] réplique en lecture de nouveau disponible : les pages en lecture seule la lisent à nouveau.");
  }
}
