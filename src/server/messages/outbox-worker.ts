import "server-only";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/generated/prisma/client";
import type { JobQueue } from "@/server/jobs/queue";
import { calendarAttachment, type EmailTransport, type SendResult, sendEmail } from "./email";
import { OUTBOX_EMAIL_QUEUE, type OutboxJob, sendOutboxJob } from "./outbox";

/**
 * The worker of the outbox (issue 16): one pg-boss job per message, `{ messageId }`, delivered with `sendEmail`.
 *
 * - Idempotent: a message already SENT or FAILED is left alone, and every attempt sends the same Message-ID
 *   (`<id@modalis>`), so a job worked again after a crash between sending and marking is recognisably the same
 *   message at the receiver (pg-boss is at-least-once: src/server/jobs/queue.ts).
 * - SENT: marked sent, with the server's id. RETRY (4xx, connection refused or reset, timeout): the attempt and its
 *   error are recorded and the handler throws, so pg-boss retries it later with exponential back-off; the last
 *   allowed attempt marks it FAILED instead. PERMANENT (5xx, invalid address): FAILED at once, never retried.
 *   A FAILED message is parked for an advisor to see, with its last error.
 */

/** How the outbox's queue retries: 8 more attempts, waits doubling from `retryDelaySeconds` (30 s → about 1 to 2 h). */
export const OUTBOX_RETRY_LIMIT = 8;
export const OUTBOX_RETRY_DELAY_SECONDS = 30;

export type OutboxWorkerOptions = {
  prisma: PrismaClient;
  transport: EmailTransport;
  retryLimit?: number;
  /** The first retry's wait (pg-boss doubles it at each retry, with jitter). */
  retryDelaySeconds?: number;
  /** How often an idle worker looks for jobs (2 s by default). */
  pollingIntervalSeconds?: number;
  log?: (line: string) => void;
};

/** What became of one delivery attempt. */
export type DeliveryOutcome = "SENT" | "RETRY" | "FAILED" | "SKIPPED";

/**
 * Creates (or updates) the outbox's queue, gives a job to every queued message written while no queue was installed,
 * and starts working the queue. Returns the pg-boss worker id (`queue.offWork(id)` stops it).
 */
export async function startOutboxWorker(queue: JobQueue, options: OutboxWorkerOptions): Promise<string> {
  const settings: PgBoss.Queue = {
    name: OUTBOX_EMAIL_QUEUE,
    retryLimit: options.retryLimit ?? OUTBOX_RETRY_LIMIT,
    retryDelay: options.retryDelaySeconds ?? OUTBOX_RETRY_DELAY_SECONDS,
    retryBackoff: true,
  };
  await queue.createQueue(OUTBOX_EMAIL_QUEUE, settings);
  await queue.updateQueue(OUTBOX_EMAIL_QUEUE, settings);
  const swept = await sweepMessagesWithoutJob(options.prisma);
  if (swept > 0) (options.log ?? console.log)(`Messages en attente confiés à la file des tâches : ${swept}`);
  return queue.work<OutboxJob>(
    OUTBOX_EMAIL_QUEUE,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      if (!job) return;
      const outcome = await deliverOutboxEmail(options.prisma, options.transport, job.data.messageId, { lastAttempt: job.retryCount >= job.retryLimit });
      // Thrown so that pg-boss keeps the job for a later attempt (its output keeps the reason).
      if (outcome.status === "RETRY") throw new Error(outcome.reason);
    },
  );
}

const SWEEP_BATCH = 100;

/**
 * Gives a delivery job to the queued messages that have none (written before the job queue was installed on this
 * database). Each batch locks its messages (`SKIP LOCKED`: two workers starting together share them out) and sends
 * their jobs in the same transaction that records them, so no message gets two jobs.
 */
export async function sweepMessagesWithoutJob(prisma: PrismaClient): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; channel: "EMAIL" | "SMS" }[]>`SELECT "id"::text AS "id", "channel"::text AS "channel" FROM "OutboxMessage"
        WHERE "status" = 'QUEUED' AND "jobId" IS NULL ORDER BY "createdAt" LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED`;
      for (const { id, channel } of rows) {
        if ((await sendOutboxJob(tx, id, channel)) === null)
          throw new Error(`La file des messages (${channel}) n'existe pas : impossible d'y confier les messages en attente.`);
      }
      return rows.length;
    });
    total += count;
    if (count < SWEEP_BATCH) return total;
  }
}

/** Errors kept on a message are bounded by the table (2 000 characters). */
const errorText = (reason: string) => reason.slice(0, 2000);

/**
 * One delivery attempt of a message. `lastAttempt`: no retry remains, so a temporary failure parks it as FAILED.
 * Returns what happened; RETRY carries the reason the caller throws.
 */
export async function deliverOutboxEmail(
  prisma: PrismaClient,
  transport: EmailTransport,
  messageId: string,
  { lastAttempt }: { lastAttempt: boolean },
): Promise<{ status: Exclude<DeliveryOutcome, "RETRY"> } | { status: "RETRY"; reason: string }> {
  const message = await prisma.outboxMessage.findUnique({
    where: { id: messageId },
    select: { id: true, status: true, recipient: true, subject: true, text: true, html: true, ics: true },
  });
  if (!message || message.status !== "QUEUED") return { status: "SKIPPED" };
  const result: SendResult = await sendEmail(transport, {
    messageId: message.id,
    to: message.recipient,
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.ics ? [calendarAttachment(message.ics, "PUBLISH")] : [],
  });
  const queued = { id: message.id, status: "QUEUED" } as const;
  switch (result.status) {
    case "SENT":
      await prisma.outboxMessage.updateMany({
        where: queued,
        data: { status: "SENT", providerId: result.providerId, sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      return { status: "SENT" };
    case "PERMANENT":
      await prisma.outboxMessage.updateMany({ where: queued, data: { status: "FAILED", attempts: { increment: 1 }, lastError: errorText(result.reason) } });
      return { status: "FAILED" };
    case "RETRY":
      await prisma.outboxMessage.updateMany({
        where: queued,
        data: { ...(lastAttempt ? { status: "FAILED" as const } : {}), attempts: { increment: 1 }, lastError: errorText(result.reason) },
      });
      return lastAttempt ? { status: "FAILED" } : { status: "RETRY", reason: result.reason };
  }
}
