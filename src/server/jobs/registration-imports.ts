import "server-only";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/generated/prisma/client";
import { FIRST_INTERVIEWS_QUEUE, runRegistrationPreview } from "@/server/imports/pipeline";
import { registrationReader } from "@/server/imports/reader";
import { bookAgencyFirstInterviews, formatFirstInterviewSummary } from "@/server/use-cases/first-interviews";
import { IMPORT_QUEUE, importAndBook, PREVIEW_QUEUE } from "@/server/use-cases/registration-imports";
import type { JobQueue } from "./queue";

/**
 * The registration imports' jobs (docs/rules.md#registration-imports):
 * - `registrations.preview` {importId}: reads and classifies the stored file (a retry after a crash starts over);
 * - `registrations.import` {importId}: imports the previewed rows in one transaction (a retry after a crash imports:
 *   the transaction never committed; a finished import is left alone);
 * - `registrations.first-interviews` {agencyId}: books the first interviews of an agency that received seekers, sent
 *   by the import's transaction (so it exists exactly when the import committed).
 * Each handler is idempotent (at-least-once delivery), one job at a time per worker. A job left active by a killed
 * process is retried once it expires (`expireInSeconds`): 5 minutes for a preview or an import, about 7 times the
 * slowest 150 000-row step measured (42 s, heap capped at 160 MB on a loaded machine; BENCHMARKS.md measure 8) —
 * a step that ran longer would be failed and retried while it still runs: a second preview would start over beside
 * it, a second import waits for the first's lock and then finds it done. And at every worker start, the imports left
 * PREVIEWING or IMPORTING with no job to finish them are queued again (`requeueStrandedImports`).
 */
export const REGISTRATION_QUEUES: Readonly<Record<string, { expireInSeconds: number }>> = {
  [PREVIEW_QUEUE]: { expireInSeconds: 5 * 60 },
  [IMPORT_QUEUE]: { expireInSeconds: 5 * 60 },
  [FIRST_INTERVIEWS_QUEUE]: { expireInSeconds: 10 * 60 },
};

/** A preview updates its import after every batch of rows: one quiet this long is not running any more. */
export const PREVIEW_QUIET_MS = 2 * 60_000;

/**
 * The imports a crash left PREVIEWING or IMPORTING with nothing to finish them — no job of theirs waiting, retrying
 * or active in the queue (its retries spent, or a command-line run killed) — queued again: a preview starts over from
 * the first row; an import's transaction had rolled back, so it imports once. Skipped: a preview that wrote in the
 * last PREVIEW_QUIET_MS (a command-line run in progress), and an import whose transaction is running now (it holds
 * its import's row lock: `FOR UPDATE SKIP LOCKED`). Returns the imports queued again.
 */
export async function requeueStrandedImports(
  prisma: PrismaClient,
  send: (queue: string, data: { importId: string }) => Promise<unknown>,
  options: { now?: Date; previewQuietMs?: number } = {},
): Promise<{ importId: string; queue: string }[]> {
  const quietSince = new Date((options.now ?? new Date()).getTime() - (options.previewQuietMs ?? PREVIEW_QUIET_MS));
  const [probe] = await prisma.$queryRawUnsafe<{ queue: boolean }[]>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS "queue"`);
  const hasQueue = probe?.queue === true;
  const stranded = await prisma.$transaction(async (tx) =>
    tx.$queryRawUnsafe<{ importId: string; status: string }[]>(
      `SELECT i."id"::text AS "importId", i."status"::text AS "status" FROM "RegistrationImport" i
        WHERE (i."status" = 'IMPORTING' OR (i."status" = 'PREVIEWING' AND i."updatedAt" < $1))
          ${
            hasQueue
              ? `AND NOT EXISTS (SELECT 1 FROM pgboss.job j
                   WHERE j."name" = CASE i."status" WHEN 'PREVIEWING' THEN $2 ELSE $3 END
                     AND j."data"->>'importId' = i."id"::text AND j."state" IN ('created', 'retry', 'active'))`
              : ""
          }
        ORDER BY i."createdAt"
        FOR UPDATE OF i SKIP LOCKED`,
      ...(hasQueue ? [quietSince, PREVIEW_QUEUE, IMPORT_QUEUE] : [quietSince]),
    ),
  );
  const queued: { importId: string; queue: string }[] = [];
  for (const row of stranded) {
    const name = row.status === "PREVIEWING" ? PREVIEW_QUEUE : IMPORT_QUEUE;
    await send(name, { importId: row.importId });
    queued.push({ importId: row.importId, queue: name });
  }
  return queued;
}

type Job = { importId?: unknown; agencyId?: unknown };

export function registrationJobHandlers(prisma: PrismaClient, log: (line: string) => void): Record<string, (data: Job) => Promise<void>> {
  return {
    async [PREVIEW_QUEUE](data) {
      if (typeof data.importId !== "string") return;
      const counts = await runRegistrationPreview(prisma, data.importId, { reader: registrationReader });
      if (counts) log(`Import d'inscriptions ${data.importId} : aperçu fait.`);
    },
    async [IMPORT_QUEUE](data) {
      if (typeof data.importId !== "string") return;
      const result = await importAndBook(prisma, data.importId);
      if (result) log(`Import d'inscriptions ${data.importId} : ${result.status}.`);
    },
    async [FIRST_INTERVIEWS_QUEUE](data) {
      if (typeof data.agencyId !== "string") return;
      const result = await bookAgencyFirstInterviews({ db: prisma, agencyId: data.agencyId });
      log(`Premiers entretiens après un import : ${formatFirstInterviewSummary(result)}.`);
    },
  };
}

/** Creates the queues and works them. */
export async function startRegistrationImportWorkers(queue: JobQueue, options: { prisma: PrismaClient; log?: (line: string) => void }): Promise<string[]> {
  const log = options.log ?? console.log;
  const handlers = registrationJobHandlers(options.prisma, log);
  const workers: string[] = [];
  for (const [name, settings] of Object.entries(REGISTRATION_QUEUES)) {
    const queueSettings: PgBoss.Queue = {
      name,
      policy: "standard",
      retryLimit: 3,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: settings.expireInSeconds,
    };
    await queue.createQueue(name, queueSettings);
    await queue.updateQueue(name, queueSettings);
    workers.push(
      await queue.work<Job>(name, { batchSize: 1, pollingIntervalSeconds: 2 }, async (jobs) => {
        for (const job of jobs) await handlers[name]!(job.data ?? {});
      }),
    );
  }
  // The imports a crash left without a job are queued again (after the queues exist).
  const requeued = await requeueStrandedImports(options.prisma, (name, data) => queue.send(name, data));
  for (const { importId, queue: name } of requeued) log(`Import d'inscriptions ${importId} interrompu : remis en file (${name}).`);
  return workers;
}
