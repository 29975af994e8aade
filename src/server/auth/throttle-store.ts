/**
 * Login throttling state in the database, so that every app instance and every parallel request share one count.
 * Each attempt takes transaction-scoped advisory locks on its account and its address (always in that order, so
 * two attempts cannot deadlock), reads the counters, applies the pure rules of throttle.ts and writes the result
 * before the lock is released: the check and the record are one atomic step. The password itself is verified
 * outside the lock; an allowed attempt is counted as a failure until `recordSuccess` takes it back.
 *
 * Refused attempts are not journaled one by one: each counter that refuses writes one `auth.login.throttled`
 * audit row per window with the number refused since the previous row; what is left is written when the counter
 * is pruned.
 */
import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { appendAudit } from "@/server/audit";
import {
  afterSuccess,
  countAttempt,
  decide,
  DEFAULT_THROTTLE_RULES,
  forgetAfterMs,
  type Counter,
  type ThrottleDecision,
  type ThrottleRules,
  type ThrottleScope,
  type ThrottleState,
} from "./throttle";

type Tx = Prisma.TransactionClient;

/** Addresses remembered per account as having signed into it. */
const KNOWN_ADDRESSES_PER_ACCOUNT = 20;
const TRANSACTION = { maxWait: 15_000, timeout: 15_000 } as const;

const SCOPES: ThrottleScope[] = ["address", "pair", "account"];

function keyOf(scope: ThrottleScope, account: string, address: string) {
  return { scope, account: scope === "address" ? "" : account, address: scope === "account" ? "" : address };
}

type Row = { scope: string; failures: number; windowStart: Date; lastFailureAt: Date; refused: number; reportedAt: Date | null };

async function lockAndRead(tx: Tx, account: string, address: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`account:${account}`}, 0))`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`address:${address}`}, 0))`;
  const rows = await tx.loginCounter.findMany({
    where: { OR: SCOPES.map((scope) => keyOf(scope, account, address)) },
    select: { scope: true, failures: true, windowStart: true, lastFailureAt: true, refused: true, reportedAt: true },
  });
  const known = await tx.knownLoginAddress.findUnique({ where: { account_address: { account, address } }, select: { address: true } });
  const byScope = new Map<string, Row>(rows.map((row) => [row.scope, row]));
  const counter = (scope: ThrottleScope): Counter | null => {
    const row = byScope.get(scope);
    return row ? { failures: row.failures, windowStart: row.windowStart.getTime(), lastFailure: row.lastFailureAt.getTime() } : null;
  };
  const state: ThrottleState = { address: counter("address"), pair: counter("pair"), account: counter("account"), known: known !== null };
  return { state, rows: byScope };
}

async function save(tx: Tx, scope: ThrottleScope, account: string, address: string, counter: Counter | null, now: Date) {
  const key = keyOf(scope, account, address);
  if (!counter) {
    await tx.loginCounter.updateMany({ where: key, data: { failures: 0, updatedAt: now } });
    return;
  }
  const values = { failures: counter.failures, windowStart: new Date(counter.windowStart), lastFailureAt: new Date(counter.lastFailure), updatedAt: now };
  await tx.loginCounter.upsert({ where: { scope_account_address: key }, create: { ...key, ...values }, update: values, select: { scope: true } });
}

/** Writes the refused attempts of one counter to the journal when its window has none yet; else only counts them. */
async function noteRefusal(tx: Tx, scope: ThrottleScope, account: string, address: string, row: Row | undefined, now: Date, rules: ThrottleRules) {
  const key = keyOf(scope, account, address);
  const refused = (row?.refused ?? 0) + 1;
  if (row?.reportedAt && now.getTime() - row.reportedAt.getTime() < rules.windowMs) {
    await tx.loginCounter.updateMany({ where: key, data: { refused, updatedAt: now } });
    return;
  }
  const user = scope === "address" ? null : await tx.user.findUnique({ where: { email: account }, select: { id: true, agencyId: true } });
  await appendAudit(tx, {
    actor: null,
    action: "auth.login.throttled",
    agencyId: user?.agencyId ?? null,
    ...(user ? { subjectType: "User", subjectId: user.id } : {}),
    metadata: { scope, address, refused },
  });
  await tx.loginCounter.updateMany({ where: key, data: { refused: 0, reportedAt: now, updatedAt: now } });
}

export type Reservation = (ThrottleDecision & { allowed: false }) | { allowed: true; accountCounted: boolean };

/** Decides an attempt and, when it may go on, counts it as a failure — atomically for all instances. */
export async function reserveLoginAttempt(
  db: PrismaClient,
  account: string,
  address: string,
  now: Date,
  rules: ThrottleRules = DEFAULT_THROTTLE_RULES,
): Promise<Reservation> {
  return db.$transaction(async (tx) => {
    const { state, rows } = await lockAndRead(tx, account, address);
    const decision = decide(state, now.getTime(), rules);
    if (!decision.allowed) {
      await noteRefusal(tx, decision.scope, account, address, rows.get(decision.scope), now, rules);
      return decision;
    }
    const counted = countAttempt(state, now.getTime(), rules);
    await save(tx, "address", account, address, counted.address, now);
    await save(tx, "pair", account, address, counted.pair, now);
    if (!state.known) await save(tx, "account", account, address, counted.account, now);
    return { allowed: true, accountCounted: !state.known };
  }, TRANSACTION);
}

/** The attempt succeeded: its failure is taken back, the pair counter reset and the address remembered. */
export async function recordLoginSuccess(
  db: PrismaClient,
  account: string,
  address: string,
  reservation: { accountCounted: boolean },
  now: Date,
  rules: ThrottleRules = DEFAULT_THROTTLE_RULES,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const { state } = await lockAndRead(tx, account, address);
    const next = afterSuccess(state, reservation.accountCounted, now.getTime(), rules);
    await save(tx, "address", account, address, next.address, now);
    await tx.loginCounter.deleteMany({ where: keyOf("pair", account, address) });
    if (reservation.accountCounted) await save(tx, "account", account, address, next.account, now);
    await tx.knownLoginAddress.upsert({
      where: { account_address: { account, address } },
      create: { account, address, lastSignInAt: now },
      update: { lastSignInAt: now },
      select: { address: true },
    });
    await tx.$executeRaw`
      DELETE FROM "KnownLoginAddress" WHERE "account" = ${account} AND "address" NOT IN (
        SELECT "address" FROM "KnownLoginAddress" WHERE "account" = ${account}
        ORDER BY "lastSignInAt" DESC LIMIT ${KNOWN_ADDRESSES_PER_ACCOUNT})`;
  }, TRANSACTION);
}

/**
 * Deletes counters untouched for longer than any rule looks back (a batch at a time, skipping rows in use), writing
 * the refused attempts they had not yet reported to the journal in the same statement.
 */
export async function pruneLoginCounters(db: PrismaClient, now: Date, rules: ThrottleRules = DEFAULT_THROTTLE_RULES): Promise<number> {
  const cutoff = new Date(now.getTime() - forgetAfterMs(rules));
  return db.$executeRaw`
    WITH gone AS (
      DELETE FROM "LoginCounter" WHERE ("scope", "account", "address") IN (
        SELECT "scope", "account", "address" FROM "LoginCounter" WHERE "updatedAt" < ${cutoff}
        ORDER BY "updatedAt" LIMIT 500 FOR UPDATE SKIP LOCKED)
      RETURNING "scope", "account", "address", "refused"
    )
    INSERT INTO "AuditEvent" ("agencyId", "action", "subjectType", "subjectId", "metadata")
    SELECT u."agencyId", 'auth.login.throttled', CASE WHEN u."id" IS NULL THEN NULL ELSE 'User' END, u."id"::text,
           jsonb_build_object('scope', g."scope", 'address', NULLIF(g."address", ''), 'refused', g."refused")
    FROM gone g LEFT JOIN "User" u ON g."account" <> '' AND u."email" = g."account"
    WHERE g."refused" > 0`;
}
