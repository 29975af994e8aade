import "server-only";
import PgBoss from "pg-boss";
import type { Prisma } from "@/generated/prisma/client";

/**
 * Sends a pg-boss job inside a Prisma interactive transaction: the job row is inserted by the transaction itself, so
 * it exists exactly when the transaction commits (a rolled-back change leaves no job).
 *
 * No running queue is needed, hence no registry of the process's queue: pg-boss 10's `send` is plain SQL on its
 * schema (`createJob` runs its INSERT through `options.db` when given, else its own pool), and an instance that was
 * never started has no pool, timer or connection — only its configuration (the schema, `pgboss`, as
 * src/server/jobs/queue.ts uses). So the web app, a script or a test sends jobs through the transaction it already
 * holds, whether or not a queue runs in that process.
 *
 * Returns null when the job queue is not installed on this database yet (no `pgboss` schema: a test database, or a
 * PostgreSQL server whose first `npm run worker` has not run) or the queue itself does not exist (pg-boss 10 inserts
 * nothing for an unknown queue). The caller keeps what it needs to send the job later: the outbox's worker gives a job
 * to every queued message without one when it starts (src/server/messages/outbox-worker.ts). Checking first, rather
 * than letting the INSERT fail, keeps the caller's transaction usable: a failed statement would abort it.
 */
export async function sendInTransaction(tx: Prisma.TransactionClient, name: string, data: object, options: PgBoss.SendOptions = {}): Promise<string | null> {
  const [installed] = await tx.$queryRaw<{ ready: boolean }[]>`SELECT to_regclass('pgboss.queue') IS NOT NULL AS "ready"`;
  if (!installed?.ready) return null;
  const db: PgBoss.Db = {
    executeSql: async (text, values = []) => ({
      // pg-boss leaves unset options undefined; the driver adapters want null.
      rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values.map((value: unknown) => (value === undefined ? null : value))),
    }),
  };
  return jobWriter().send(name, data, { ...options, db });
}

let writer: PgBoss | undefined;

/** The never-started instance that only builds the INSERT of `send`; it opens nothing. */
function jobWriter(): PgBoss {
  writer ??= new PgBoss({ schema: "pgboss" });
  return writer;
}
