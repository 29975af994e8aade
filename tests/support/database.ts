import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";

/** The PostgreSQL server the suite also runs on (`TEST_DATABASE_URL`), or null for the embedded database. */
export const testServerUrl = process.env.TEST_DATABASE_URL || null;

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function onServer<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export const TEMPLATE_DATABASE = `modalis_test_template_${process.pid}`;

/** Creates the migrated template database every PostgreSQL test database is copied from (global setup). */
export async function createTemplate(url: string, name: string): Promise<void> {
  await onServer(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const db = await openDatabase({ engine: "postgres", url: withDatabase(url, name), poolMax: 1 });
  try {
    await applyMigrations(db);
  } finally {
    await db.close();
  }
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await onServer(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export type TestDatabase = Database & { dispose(): Promise<void>; url: string | null };

/**
 * A fresh, migrated, empty database for one test file or test: on PostgreSQL a copy of the template
 * (fast, isolated), on the embedded engine an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testServerUrl) {
    const template = process.env.MODALIS_TEST_TEMPLATE ?? TEMPLATE_DATABASE;
    const name = `modalis_test_${randomBytes(6).toString("hex")}`;
    await onServer(testServerUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
    const url = withDatabase(testServerUrl, name);
    const db = await openDatabase({ engine: "postgres", url, poolMax: 30 });
    return {
      ...db,
      url,
      async dispose() {
        await db.close();
        await dropDatabase(testServerUrl, name);
      },
    };
  }
  const db = await openDatabase({ engine: "pglite", dataDir: null });
  await applyMigrations(db);
  return { ...db, url: null, dispose: () => db.close() };
}

/** Makes `@/server/db`'s process-wide database this test database. */
export function installAsAppDatabase(db: Database): void {
  (globalThis as unknown as { modalisDb?: Promise<Database> }).modalisDb = Promise.resolve(db);
}

/** Row counts of the given tables, to prove that a refused operation wrote nothing. */
export async function tableCounts(db: Database["prisma"], tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

/** Row count and a checksum of the content of every table (the migration ledger included), to compare copies. */
export async function tableChecksums(db: Database["prisma"]): Promise<Record<string, { rows: number; md5: string | null }>> {
  const tables = await db.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
  );
  const sums: Record<string, { rows: number; md5: string | null }> = {};
  for (const { tablename } of tables) {
    const quoted = `"${tablename.replace(/"/g, '""')}"`;
    const [row] = await db.$queryRawUnsafe<{ rows: number; md5: string | null }[]>(
      `SELECT count(*)::int AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM ${quoted} t`,
    );
    sums[tablename] = row!;
  }
  return sums;
}
