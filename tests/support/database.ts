import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, type DatabaseOptions, dumpMemoryDatabase, openDatabase } from "@/server/db/connection";
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

export type TestDatabase = Database & { dispose(): Promise<void>; url: string | null; /** The served embedded database's directory. */ dataDir?: string };

export type TestDatabaseOptions = {
  /**
   * Reach the embedded engine as the app does: a data directory that this process owns and serves on its wire socket,
   * through a pool of `poolMax` connections (README « The embedded database »). Without it, an in-memory PGlite that
   * Prisma drives in-process. PostgreSQL is always reached through a pool.
   */
  served?: boolean;
  /** Connections of the pool: 30 by default on PostgreSQL, 10 on the served embedded engine. */
  poolMax?: number;
  /** On PostgreSQL: the server's statement timeout (the client gives up 2 s later), 15 s by default as in the app. */
  statementTimeoutMs?: number;
  /** On PostgreSQL: how long a query may wait for a connection of the pool (or for a new one), 5 s by default. */
  connectTimeoutMs?: number;
};

/**
 * A fresh, migrated, empty database for one test file or test: on PostgreSQL a copy of the template
 * (fast, isolated), on the embedded engine an in-memory PGlite, or a served data directory (`served`).
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  if (testServerUrl) {
    const template = process.env.MODALIS_TEST_TEMPLATE ?? TEMPLATE_DATABASE;
    const name = `modalis_test_${randomBytes(6).toString("hex")}`;
    await onServer(testServerUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
    const url = withDatabase(testServerUrl, name);
    const db = await openDatabase({
      engine: "postgres",
      url,
      poolMax: options.poolMax ?? 30,
      statementTimeoutMs: options.statementTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
    });
    return {
      ...db,
      url,
      async dispose() {
        await db.close();
        await dropDatabase(testServerUrl, name);
      },
    };
  }
  if (options.served) {
    const folder = mkdtempSync(path.join(tmpdir(), "modalis-test-"));
    const dataDir = path.join(folder, "pglite");
    cpSync(await migratedDirectory(), dataDir, { recursive: true });
    const db = await openDatabase({
      engine: "pglite",
      dataDir,
      serve: true,
      command: "test Vitest",
      poolMax: options.poolMax ?? 10,
    });
    try {
      await applyMigrations(db);
    } catch (error) {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    return {
      ...db,
      url: null,
      dataDir,
      async dispose() {
        await db.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  const db = await openDatabase({ engine: "pglite", dataDir: null, fromDump: await migratedMemoryDump() });
  return { ...db, url: null, dispose: () => db.close() };
}

/** A test database with the options a job queue or a worker process opens it with (src/server/jobs/queue.ts). */
export type ServedTestDatabase = { db: TestDatabase; options: DatabaseOptions; dispose(): Promise<void> };

/** PostgreSQL's test database, or an embedded one served on its owner's socket as `npm start` serves it. */
export async function createServedTestDatabase(): Promise<ServedTestDatabase> {
  const db = await createTestDatabase({ poolMax: 5, served: true });
  const options: DatabaseOptions = db.url ? { engine: "postgres", url: db.url } : { engine: "pglite", dataDir: db.dataDir! };
  return { db, options, dispose: () => db.dispose() };
}

let migratedDirectoryReady: Promise<string> | undefined;

/**
 * The same for a served database: one data directory migrated once per test process, closed cleanly, copied for each
 * served test database (opening a copy skips initdb; the migrations then find nothing to apply).
 */
function migratedDirectory(): Promise<string> {
  migratedDirectoryReady ??= (async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "modalis-template-"));
    process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
    const dataDir = path.join(folder, "pglite");
    const template = await openDatabase({ engine: "pglite", dataDir, command: "test Vitest (modèle migré)" });
    try {
      await applyMigrations(template);
    } finally {
      await template.close();
    }
    return dataDir;
  })();
  migratedDirectoryReady.catch(() => (migratedDirectoryReady = undefined));
  return migratedDirectoryReady;
}

let migratedDump: Promise<Blob> | undefined;

/**
 * The embedded twin of the server's template database: one in-memory database migrated once per test process, whose
 * copy every in-memory test database starts from (a copy loads in about a second; an empty cluster's initdb takes
 * several, and the migrations then run again).
 */
function migratedMemoryDump(): Promise<Blob> {
  migratedDump ??= (async () => {
    const template = await openDatabase({ engine: "pglite", dataDir: null });
    try {
      await applyMigrations(template);
      return await dumpMemoryDatabase(template);
    } finally {
      await template.close();
    }
  })();
  migratedDump.catch(() => (migratedDump = undefined));
  return migratedDump;
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
  const tables = await db.$queryRawUnsafe<{ tablename: string }[]>(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`);
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
