import "server-only";
import { env } from "@/env";
import { databaseOptionsFromEnv, openDatabase, type Database } from "./connection";
import { applyMigrations } from "./migrations";

const globalForDb = globalThis as unknown as { modalisDb?: Promise<Database> };

/** The process-wide database (one PGlite per data directory and process; a pool for PostgreSQL). */
export function database(): Promise<Database> {
  globalForDb.modalisDb ??= (async () => {
    const db = await openDatabase(databaseOptionsFromEnv(env()));
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
