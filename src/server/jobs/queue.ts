import "server-only";
import type pg from "pg";
import PgBoss from "pg-boss";
import type { DatabaseOptions } from "@/server/db/connection";
import { embeddedPaths, liveOwner } from "@/server/db/embedded";

/**
 * The job queue: pg-boss 10 in its own schema (`pgboss`) of the app's database. On PostgreSQL it has its own small
 * pool on `DATABASE_URL`; several processes may work the same queues (a job is fetched `FOR UPDATE SKIP LOCKED`, so
 * one worker only gets it). On the embedded database it goes through the owner's Unix socket like every other client
 * (src/server/db/embedded/wire-server.ts): pg-boss never holds a transaction across two exchanges, so it takes the
 * single PGlite session only for the time of each statement. Jobs are rows: a job queued before a stop is worked
 * after the restart.
 *
 * pg-boss reports what goes wrong in the background (maintenance, cron) as `error` events; an emitter without a
 * listener would crash the process, so one is always attached. Two gaps of pg-boss 10 to know: a failed fetch is
 * swallowed (a worker whose database is gone just finds nothing), and the completion (or failure) it records after a
 * handler is not awaited, so if the database fails at that moment the rejection is unhandled — which would stop the
 * process (Node.js's default). The processes that run the workers (`npm start`, `npm run worker`, through
 * src/server/jobs/workers.ts) therefore install `guardUnhandledRejections`: such a rejection is logged (in French)
 * and the process keeps running (the outbox's worker completes its jobs itself, awaited, so the late completion of
 * pg-boss has nothing left to do for it; and it never fails a job itself before returning — a late completion could
 * then complete that job once retried and fetched again — but throws, so that pg-boss fails it). Nothing is lost either way: a job left active (its process killed) is
 * failed once its expiry has passed
 * (15 minutes by default, `expireInSeconds`; a handler that runs longer is failed too, though it keeps running), and
 * retried while retries remain — so a handler must be idempotent (at-least-once delivery).
 */
export type JobQueue = PgBoss;

/** pg-boss's own settings (polling, retries, retention, cron monitoring), minus the connection. */
export type JobQueueSettings = Omit<PgBoss.ConstructorOptions, keyof PgBoss.DatabaseOptions> & {
  /** Connections of the queue's pool (4 by default: workers poll, send and complete through it). */
  poolMax?: number;
  /** Background errors; logged by default. */
  onError?: (error: Error) => void;
};

const QUEUE_POOL_MAX = 4;
const APPLICATION_NAME = "modalis-jobs";

/** Thrown when the embedded database is not served: the queue runs with the app (`npm start`), which serves it. */
export class JobQueueUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobQueueUnavailableError";
  }
}

/**
 * How pg-boss reaches the app's database, from the options the app itself opens it with (`databaseOptionsFromEnv`):
 * the same server and timeouts on PostgreSQL, the owner's socket on the embedded engine.
 */
export function jobQueueConnection(options: DatabaseOptions, poolMax = QUEUE_POOL_MAX): PgBoss.DatabaseOptions & pg.PoolConfig {
  if (options.engine === "postgres") {
    // As the app's pool (src/server/db/connection.ts): a bounded wait for a connection, the server's statement
    // timeout, and the client giving up shortly after it when the server itself is frozen.
    const statementTimeoutMs = options.statementTimeoutMs ?? 15_000;
    return {
      application_name: APPLICATION_NAME,
      connectionString: options.url,
      max: poolMax,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: statementTimeoutMs,
      query_timeout: statementTimeoutMs + 2_000,
      keepAlive: true,
    };
  }
  if (!options.dataDir) {
    throw new JobQueueUnavailableError(
      "La file des tâches ne fonctionne pas sur une base embarquée en mémoire : il lui faut un dossier de données servi par l'application.",
    );
  }
  const owner = liveOwner(embeddedPaths(options.dataDir));
  if (owner?.mode !== "server" || !owner.socketDir) {
    throw new JobQueueUnavailableError(
      `La base embarquée « ${options.dataDir} » n'est servie par aucun processus : la file des tâches tourne avec l'application (npm start), ` +
        "qui doit avoir ouvert la base avant de la démarrer.",
    );
  }
  return { application_name: APPLICATION_NAME, host: owner.socketDir, user: "postgres", database: "postgres", max: poolMax, connectionTimeoutMillis: 10_000 };
}

/**
 * Starts pg-boss on the app's database: creates or migrates its schema on first start, then runs its maintenance
 * and cron monitoring. Register queues (`createQueue`) and workers (`work`) on the result.
 */
export async function startJobQueue(options: DatabaseOptions, settings: JobQueueSettings = {}): Promise<JobQueue> {
  const { poolMax, onError, ...bossSettings } = settings;
  const boss = new PgBoss({ ...bossSettings, ...jobQueueConnection(options, poolMax) });
  boss.on("error", onError ?? ((error: Error) => console.error(`[file des tâches] ${error.message}`)));
  await boss.start();
  return boss;
}

/**
 * Stops fetching, waits up to `timeoutMs` for the jobs in hand (those still running then are marked failed, and
 * retried if their queue allows it), and closes the queue's pool. Stop the queue before closing the database it
 * runs on.
 */
export async function stopJobQueue(queue: JobQueue, timeoutMs = 30_000): Promise<void> {
  await queue.stop({ graceful: true, timeout: timeoutMs });
}

let guarded = false;

/**
 * Keeps the process running on an unhandled promise rejection, logging it in French, instead of letting Node.js stop
 * it: pg-boss 10 records a job's completion after its handler without awaiting it (see above), and a database that
 * fails at that moment must not take `npm start` or `npm run worker` down. The job whose completion was lost stays
 * active and is failed at its expiry, then worked again (the handlers are idempotent). Installed once per process,
 * by `startWorkers`.
 */
export function guardUnhandledRejections(log: (line: string) => void = console.error): void {
  if (guarded) return;
  guarded = true;
  process.on("unhandledRejection", (reason: unknown) => {
    const detail = reason instanceof Error ? `${reason.message}${reason.stack ? `\n${reason.stack}` : ""}` : String(reason);
    log(
      `[file des tâches] Erreur non traitée (le plus souvent l'enregistrement d'une tâche par pg-boss quand la base est indisponible) : ` +
        `le processus continue, une tâche non enregistrée sera reprise à son expiration. Détail : ${detail}`,
    );
  });
}
