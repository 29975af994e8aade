import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";

export type DatabaseEngine = "pglite" | "postgres";

/** A Prisma client plus what Prisma does not offer: running a multi-statement SQL script. */
export type Database = {
  engine: DatabaseEngine;
  prisma: PrismaClient;
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions =
  | { engine: "postgres"; url: string; poolMax?: number; connectTimeoutMs?: number; statementTimeoutMs?: number }
  | { engine: "pglite"; dataDir?: string | null };

/** Opens the embedded PGlite (a data directory, or memory when null) or a PostgreSQL server. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.engine === "postgres") {
    const poolConfig: pg.PoolConfig = {
      connectionString: options.url,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
    };
    const scriptPool = new pg.Pool({ ...poolConfig, max: 1 });
    const prisma = new PrismaClient({ adapter: new PrismaPg(poolConfig) });
    return {
      engine: "postgres",
      prisma,
      async execScript(sql) {
        await scriptPool.query(sql);
      },
      async close() {
        await prisma.$disconnect();
        await scriptPool.end();
      },
    };
  }
  const dataDir = options.dataDir ?? null;
  if (dataDir) mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ dataDir)), { recursive: true });
  const pglite = new PGlite({ dataDir: dataDir ?? "memory://", extensions: { btree_gist } });
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    engine: "pglite",
    prisma,
    async execScript(sql) {
      await pglite.exec(sql);
    },
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** What the environment asks for: PostgreSQL when DATABASE_URL is set, else the embedded data directory. */
export function databaseOptionsFromEnv(environment: {
  DATABASE_URL?: string;
  PGLITE_DATA_DIR: string;
  DB_POOL_MAX: number;
  DB_CONNECT_TIMEOUT_MS: number;
  DB_STATEMENT_TIMEOUT_MS: number;
}): DatabaseOptions {
  if (environment.DATABASE_URL) {
    return {
      engine: "postgres",
      url: environment.DATABASE_URL,
      poolMax: environment.DB_POOL_MAX,
      connectTimeoutMs: environment.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: environment.DB_STATEMENT_TIMEOUT_MS,
    };
  }
  return { engine: "pglite", dataDir: environment.PGLITE_DATA_DIR };
}
