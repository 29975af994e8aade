/**
 * Databases the seed tests run on: always an in-memory PGlite; also a fresh PostgreSQL database
 * (`modalis_seed_test_<random>`, created, migrated and dropped) when TEST_DATABASE_URL is set.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";

export interface SeedTestDatabase {
  db: Database;
  dispose(): Promise<void>;
}

export interface SeedTestTarget {
  name: string;
  open(): Promise<SeedTestDatabase>;
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Drops a database once its connections are gone. A closed pool's sockets may still be saying goodbye:
 * terminating them (WITH (FORCE)) would make their clients emit an unhandled error, so wait a little first.
 */
async function dropWhenDisconnected(url: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    try {
      await onServer(url, `DROP DATABASE IF EXISTS "${name}"`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006") throw error; // 55006: still being accessed
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await onServer(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

const pglite: SeedTestTarget = {
  name: "PGlite (mémoire)",
  async open() {
    const db = await openDatabase({ engine: "pglite", dataDir: null });
    await applyMigrations(db);
    return { db, dispose: () => db.close() };
  },
};

function postgres(serverUrl: string): SeedTestTarget {
  return {
    name: "PostgreSQL",
    async open() {
      const name = `modalis_seed_test_${randomBytes(5).toString("hex")}`;
      await onServer(serverUrl, `CREATE DATABASE "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const db = await openDatabase({ engine: "postgres", url: url.toString(), poolMax: 4 });
      try {
        await applyMigrations(db);
      } catch (error) {
        await db.close();
        await dropWhenDisconnected(serverUrl, name);
        throw error;
      }
      return {
        db,
        async dispose() {
          await db.close();
          await dropWhenDisconnected(serverUrl, name);
        },
      };
    },
  };
}

export const SEED_TEST_TARGETS: SeedTestTarget[] = process.env.TEST_DATABASE_URL ? [pglite, postgres(process.env.TEST_DATABASE_URL)] : [pglite];
