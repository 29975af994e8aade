import "server-only";
import type PgBoss from "pg-boss";
import { localDateOf, timeZoneOf } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { queueDueReminders } from "@/server/messages/reminders";
import { bookAgencyFirstInterviews, formatFirstInterviewSummary } from "@/server/use-cases/first-interviews";
import { formatPlanSummary, planAgencyReviews } from "@/server/use-cases/plan-reviews";
import { purgeExpiredData } from "@/server/use-cases/retention";
import type { JobQueue } from "./queue";

/**
 * The scheduled work of the app, on the job queue (pg-boss crons, Europe/Paris):
 * - `scheduled.reminders`, every hour at :05 — the reminders before appointments (docs/rules.md#reminders);
 * - `scheduled.planning`, every night at 01:30 — the missing M4/M9 reviews, then the first interviews, of every agency
 *   (as `npm run plan-reviews`, docs/rules.md#booking-first-interviews);
 * - `scheduled.retention`, every night at 03:30 — the purge of expired data (docs/rules.md#retention).
 *
 * Several workers are safe: a pg-boss schedule is one row per queue (registering it again from each worker updates
 * it); one instance at a time sends a cron's job (pg-boss's cron monitor takes a lock on its clock row, and a cron job
 * is a singleton per minute); each queue is `stately` (at most one job waiting and one running); and every handler is
 * idempotent (a reminder is keyed, a booked interview or review is not booked again, a purge finds nothing left to
 * purge), so a job worked again after a crash does no harm. Jobs are rows of the database: one queued before a restart
 * is worked after it. A cron whose minute passed while no worker ran is not sent late; the reminders job is also sent
 * once when the workers start, so a restart catches up at once (the nightly jobs wait for the next night).
 */

export const SCHEDULE_TIME_ZONE = "Europe/Paris";

export type ScheduledTaskName = "reminders" | "planning" | "retention";

export const SCHEDULED_TASKS: Readonly<Record<ScheduledTaskName, { queue: string; cron: string; expireInSeconds: number }>> = {
  reminders: { queue: "scheduled.reminders", cron: "5 * * * *", expireInSeconds: 15 * 60 },
  planning: { queue: "scheduled.planning", cron: "30 1 * * *", expireInSeconds: 2 * 3600 },
  retention: { queue: "scheduled.retention", cron: "30 3 * * *", expireInSeconds: 2 * 3600 },
};

export type ScheduleOptions = {
  prisma: PrismaClient;
  /** `AUDIT_RETENTION_MONTHS`. */
  auditRetentionMonths: number;
  log?: (line: string) => void;
  /** The clock (tests). */
  now?: () => Date;
};

/** What each scheduled job does: one function per task, called by its queue's handler (and by the tests). */
export function scheduledTasks(options: ScheduleOptions): Record<ScheduledTaskName, () => Promise<string>> {
  const clock = options.now ?? (() => new Date());
  const { prisma } = options;
  return {
    async reminders() {
      const summary = await queueDueReminders(prisma, { now: clock() });
      return `Rappels : ${summary.queued.EMAIL} e-mail(s) et ${summary.queued.SMS} SMS mis en file (${summary.due} rendez-vous à rappeler).`;
    },
    async planning() {
      const agencies = await prisma.agency.findMany({ select: { id: true, code: true, departement: true }, orderBy: { code: "asc" } });
      const lines: string[] = [];
      for (const agency of agencies) {
        const now = clock();
        const today = localDateOf(now.toISOString(), timeZoneOf(agency.departement));
        const reviews = await planAgencyReviews({ db: prisma, agencyId: agency.id, today, now });
        const first = await bookAgencyFirstInterviews({ db: prisma, agencyId: agency.id, now });
        lines.push(`${agency.code} : ${formatPlanSummary(reviews)} ; ${formatFirstInterviewSummary(first)}`);
      }
      return `Planification de la nuit — ${lines.join(" · ") || "aucune agence"}.`;
    },
    async retention() {
      const summary = await purgeExpiredData({ db: prisma, now: clock(), auditRetentionMonths: options.auditRetentionMonths });
      return `Purge des données expirées : ${summary.auditEventsDeleted} entrée(s) du journal supprimée(s), ${summary.filesAnonymised} dossier(s) clos anonymisé(s).`;
    },
  };
}

/** Creates the queues, registers their crons and works them. Returns the pg-boss worker ids. */
export async function startSchedules(queue: JobQueue, options: ScheduleOptions): Promise<string[]> {
  const log = options.log ?? console.log;
  const tasks = scheduledTasks(options);
  const workers: string[] = [];
  for (const [name, task] of Object.entries(SCHEDULED_TASKS) as [ScheduledTaskName, (typeof SCHEDULED_TASKS)[ScheduledTaskName]][]) {
    const settings: PgBoss.Queue = {
      name: task.queue,
      policy: "stately",
      retryLimit: 3,
      retryDelay: 60,
      retryBackoff: true,
      expireInSeconds: task.expireInSeconds,
    };
    await queue.createQueue(task.queue, settings);
    await queue.updateQueue(task.queue, settings);
    await queue.schedule(task.queue, task.cron, {}, { tz: SCHEDULE_TIME_ZONE });
    workers.push(
      await queue.work(task.queue, { batchSize: 1, pollingIntervalSeconds: 10 }, async () => {
        log(await tasks[name]());
      }),
    );
  }
  // A restart catches up with the reminders at once (stately: dropped if one is already waiting).
  await queue.send(SCHEDULED_TASKS.reminders.queue, {});
  return workers;
}
