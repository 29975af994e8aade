import "server-only";
import { env } from "@/env";
import type { PrismaClient } from "@/generated/prisma/client";
import { databaseOptionsFromEnv, openDatabase, type Database } from "./connection";
import { applyMigrations } from "./migrations";
import { parseLsn, ReadRouter, requestCookies, WRITE_POSITION_COOKIE } from "./read-routing";

const globalForDb = globalThis as unknown as { modalisDb?: Promise<Database>; modalisReadRouter?: Promise<ReadRouter> };

/**
 * The process-wide database: a pool on PostgreSQL; on the embedded engine, a pool on the socket of the process
 * that owns the data directory (`npm start`), or — when the app runs alone — this process becomes that owner.
 */
function database(): Promise<Database> {
  globalForDb.modalisDb ??= (async () => {
    const options = databaseOptionsFromEnv(env());
    const db = await openDatabase(options.engine === "pglite" ? { ...options, serve: true, command: "application Modalis (next)" } : options);
    await applyMigrations(db);
    return db;
  })().catch((error: unknown) => {
    globalForDb.modalisDb = undefined;
    throw error;
  });
  return globalForDb.modalisDb;
}

/** The primary: every write, every transaction, every read that decides a write or must see the user's own writes. */
export async function prisma() {
  return (await database()).prisma;
}

/** The replica's router, or null when there is no replica (DATABASE_REPLICA_URL unset, or the embedded engine). */
function readRouter(): Promise<ReadRouter> | null {
  const settings = env();
  if (!settings.DATABASE_REPLICA_URL || !settings.DATABASE_URL) return null;
  globalForDb.modalisReadRouter ??= (async () => {
    const primary = await database();
    // The pool connects on demand: a replica down at start-up only sends the reads to the primary.
    const replica = await openDatabase({
      engine: "postgres",
      url: settings.DATABASE_REPLICA_URL!,
      poolMax: settings.DB_POOL_MAX,
      connectTimeoutMs: Math.min(settings.DB_CONNECT_TIMEOUT_MS, 2_000),
      statementTimeoutMs: settings.DB_STATEMENT_TIMEOUT_MS,
    });
    return new ReadRouter(primary.prisma, replica.prisma, { retryAfterMs: settings.DATABASE_REPLICA_RETRY_MS });
  })().catch((error: unknown) => {
    globalForDb.modalisReadRouter = undefined;
    throw error;
  });
  return globalForDb.modalisReadRouter;
}

/**
 * The database of a read-only page or export (docs/replica.md): the replica when there is one, it answers, and it
 * has replayed the request's user's last write; else the primary. Never for a read that decides a write.
 */
export async function readPrisma(): Promise<PrismaClient> {
  const router = readRouter();
  if (!router) return prisma();
  const cookies = await requestCookies();
  return (await router).clientFor(parseLsn(cookies?.get(WRITE_POSITION_COOKIE)));
}
