import "server-only";
import { env } from "@/env";
import { databaseOptionsFromEnv, openDatabase, type Database } from "./connection";
import { applyMigrations } from "./migrations";

const globalForDb = globalThis as unknown as { modalisDb?: Promise<Database> };

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

export async function prisma() {
  return (await database()).prisma;
}
