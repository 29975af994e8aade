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
 * process is retried once it expires (`expireInSeconds`).
 */
export const REGISTRATION_QUEUES: Readonly<Record<string, { expireInSeconds: number }>> = {
  [PREVIEW_QUEUE]: { expireInSeconds: 30 * 60 },
  [IMPORT_QUEUE]: { expireInSeconds: 30 * 60 },
  [FIRST_INTERVIEWS_QUEUE]: { expireInSeconds: 30 * 60 },
};

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
  const handlers = registrationJobHandlers(options.prisma, options.log ?? console.log);
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
  return workers;
}
