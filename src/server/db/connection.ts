import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { createHash } from "node:crypto";
import { PrismaClient } from "@/generated/prisma/client";
import { openEmbeddedDirectory } from "./embedded";

type DatabaseEngine = "pglite" | "postgres";

/** A Prisma client plus what Prisma does not offer: running a multi-statement SQL script. */
export type Database = {
  engine: DatabaseEngine;
  prisma: PrismaClient;
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
};

type PostgresOptions = {
  engine: "postgres";
  url: string;
  poolMax?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
};

type EmbeddedOptions = {
  engine: "pglite";
  /** A data directory, or null for a throw-away database in memory (tests). */
  dataDir?: string | null;
  /**
   * True for long-lived processes (the app, `npm start`): if nobody holds the directory, this process becomes
   * its owner and serves it to the others on a Unix socket. False for commands that run and end: they go through
   * the owner if one serves, else hold the directory to themselves for their run.
   */
  serve?: boolean;
  /** Shown to another process that finds the directory taken. */
  command?: string;
  /** How long to wait for a command that holds the directory to itself (default 60 s). */
  waitMs?: number;
  onWait?: (message: string) => void;
  poolMax?: number;
  /**
   * A database in memory only: start from this copy of a data directory (`dumpMemoryDatabase`) rather than from an
   * empty cluster — the tests migrate one database and start each of theirs from its copy, which skips initdb.
   */
  fromDump?: Blob;
};

export type DatabaseOptions = PostgresOptions | EmbeddedOptions;

/** Opens the embedded PGlite (a data directory, or memory when null) or a PostgreSQL server. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.engine === "postgres") {
    const statementTimeoutMs = options.statementTimeoutMs ?? 15_000;
    return postgresDatabase("postgres", {
      connectionString: options.url,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: statementTimeoutMs,
      // The server's own timeout cannot fire when the server itself is frozen or the network silent: the client
      // gives up shortly after it, so that a request never hangs on a connection.
      query_timeout: statementTimeoutMs + 2_000,
      // No JIT compilation: it pays only on queries that read millions of rows, and every query here is scoped to an
      // agency or an advisor. On a national database the planner's estimates still cross `jit_above_cost` and each
      // execution compiled for 15–80 ms what runs in 10 (bench/NOTES.md, sections 1 and 4).
      options: "-c jit=off",
    });
  }
  if (!options.dataDir) return memoryDatabase(options.fromDump);
  return openEmbeddedDirectory(options.dataDir, {
    serve: options.serve ?? false,
    command: options.command ?? process.argv.slice(1).join(" "),
    waitMs: options.waitMs ?? 60_000,
    onWait: options.onWait,
    connect: (socketDir) =>
      postgresDatabase("pglite", {
        host: socketDir,
        user: "postgres",
        database: "postgres",
        max: options.poolMax ?? 10,
        connectionTimeoutMillis: 10_000,
      }),
    inProcess: (pglite) => pgliteDatabase(pglite),
  });
}

/**
 * The mark of a hot read kept as a named prepared statement on PostgreSQL: raw SQL that starts with it is parsed once
 * per connection, and after five executions PostgreSQL reuses its generic plan instead of planning it again on every
 * call (7–13 ms for the caseload's counts under load; bench/NOTES.md section 1). Only for a handful of fixed SQL texts
 * (each text is one statement per connection, kept as long as the connection). Harmless elsewhere: a comment.
 */
export const PREPARED = "/* prepared */";

/** The statement's name: the hash of its text, so that two texts never share a name (`pg` refuses it). */
export function preparedStatementName(sql: string): string | undefined {
  return sql.startsWith(PREPARED) ? `modalis_${createHash("sha1").update(sql).digest("hex").slice(0, 24)}` : undefined;
}

/** A pool on a PostgreSQL server (or on the embedded owner's socket): Prisma's, plus one connection for scripts. */
function postgresDatabase(engine: DatabaseEngine, config: pg.PoolConfig): Database {
  const poolConfig: pg.PoolConfig = { idleTimeoutMillis: 30_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000, ...config };
  // A connection dropped while idle (server restarted, network cut) is only logged: the pool replaces it.
  const logDropped = (error: Error) => console.error(`[database] connexion perdue : ${error.message}`);
  const scriptPool = new pg.Pool({ ...poolConfig, max: 1 });
  scriptPool.on("error", logDropped);
  const prisma = new PrismaClient({
    adapter: new PrismaPg(poolConfig, {
      onPoolError: logDropped,
      onConnectionError: logDropped,
      // On the embedded engine every pooled connection is one and the same PGlite session behind the owner's socket:
      // two connections preparing one name would collide. Prepared statements are PostgreSQL's only.
      ...(engine === "postgres" ? { statementNameGenerator: (query: { sql: string }) => preparedStatementName(query.sql) as string } : {}),
    }),
  });
  return {
    engine,
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

const memoryClusters = new WeakMap<Database, PGlite>();

/** A copy of an in-memory database's data directory, for `fromDump` (tests). */
export async function dumpMemoryDatabase(db: Database): Promise<Blob> {
  const pglite = memoryClusters.get(db);
  if (!pglite) throw new Error("Only an in-memory embedded database can be copied.");
  return pglite.dumpDataDir("none");
}

function pgliteDatabase(pglite: PGlite): Database {
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

async function memoryDatabase(fromDump?: Blob): Promise<Database> {
  const pglite = new PGlite({ dataDir: "memory://", extensions: { btree_gist }, ...(fromDump ? { loadDataDir: fromDump } : {}) });
  await pglite.waitReady;
  const db = pgliteDatabase(pglite);
  memoryClusters.set(db, pglite);
  return db;
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
  return { engine: "pglite", dataDir: environment.PGLITE_DATA_DIR, poolMax: environment.DB_POOL_MAX };
}
