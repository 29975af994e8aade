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
 *   error are recorded and its job alone is failed, so pg-boss retries it later with exponential back-off (the rest
 *   of its batch completes); the last allowed attempt marks it FAILED instead. PERMANENT (5xx, invalid address):
 *   FAILED at once, never retried — and a refused recipient flags the seeker's address as bounced.
 *   A FAILED message is parked for an advisor to see, with its last error.
 * - Fast: jobs are taken in batches by several workers, sent through a pool of SMTP connections, marked in bulk.
 */

/** How the outbox's queue retries: 8 more attempts, waits doubling from `retryDelaySeconds` (30 s → about 1 to 2 h). */
export const OUTBOX_RETRY_LIMIT = 8;
export const OUTBOX_RETRY_DELAY_SECONDS = 30;
/** Jobs one worker takes at once, and workers in one process (each with its batch in hand). */
export const OUTBOX_BATCH_SIZE = 50;
export const OUTBOX_CONCURRENCY = 4;

export type OutboxWorkerOptions = {
  prisma: PrismaClient;
  transport: EmailTransport;
  retryLimit?: number;
  /** The first retry's wait (pg-boss doubles it at each retry, with jitter). */
  retryDelaySeconds?: number;
  /** Doubling waits between retries (true by default); false keeps every wait at `retryDelaySeconds` (tests). */
  retryBackoff?: boolean;
  /** How long a job may stay in hand before pg-boss fails it (and retries it): 15 min by default. */
  expireInSeconds?: number;
  /** How often an idle worker looks for jobs (2 s by default); a worker that got a full batch looks again at once. */
  pollingIntervalSeconds?: number;
  /** Jobs per fetch (50 by default). */
  batchSize?: number;
  /** Workers in this process (4 by default). */
  concurrency?: number;
  log?: (line: string) => void;
};

/** What became of one delivery attempt. */
export type DeliveryOutcome = "SENT" | "RETRY" | "FAILED" | "SKIPPED";

/**
 * Creates (or updates) the outbox's queue, gives a job to every queued message written while no queue was installed,
 * and starts working the queue with `concurrency` workers taking `batchSize` jobs at a time. Returns the pg-boss
 * worker ids (`queue.offWork(id)` stops one; stopping the queue stops them all).
 *
 * A batch (`deliverOutboxBatch`): its messages are read in one query, sent together through the transport's pool of
 * SMTP connections, marked in bulk, then each job is settled on its own — completed when its message was sent,
 * skipped or parked by the handler itself, awaited (the completion pg-boss 10 records after a handler, not awaited — see
 * src/server/jobs/queue.ts — then finds nothing left to change); when messages met a temporary refusal, the handler
 * throws `OutboxRetry` and pg-boss fails the jobs still active — only theirs — so each is retried with back-off.
 */
export async function startOutboxWorker(queue: JobQueue, options: OutboxWorkerOptions): Promise<string[]> {
  const settings: PgBoss.Queue = {
    name: OUTBOX_EMAIL_QUEUE,
    retryLimit: options.retryLimit ?? OUTBOX_RETRY_LIMIT,
    retryDelay: options.retryDelaySeconds ?? OUTBOX_RETRY_DELAY_SECONDS,
    retryBackoff: options.retryBackoff ?? true,
    ...(options.expireInSeconds ? { expireInSeconds: options.expireInSeconds } : {}),
  };
  await queue.createQueue(OUTBOX_EMAIL_QUEUE, settings);
  await queue.updateQueue(OUTBOX_EMAIL_QUEUE, settings);
  const swept = await sweepMessagesWithoutJob(options.prisma);
  if (swept > 0) (options.log ?? console.log)(`Messages en attente confiés à la file des tâches : ${swept}`);
  const batchSize = Math.max(1, options.batchSize ?? OUTBOX_BATCH_SIZE);
  const ids: string[] = [];
  for (let index = 0; index < Math.max(1, options.concurrency ?? OUTBOX_CONCURRENCY); index++) {
    // Known once `work` returns; a first batch handled before (not possible in practice) just skips the notification.
    const worker: { id?: string } = {};
    worker.id = await queue.work<OutboxJob>(
      OUTBOX_EMAIL_QUEUE,
      { includeMetadata: true, batchSize, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      async (jobs) => {
        await deliverOutboxBatch(queue, options.prisma, options.transport, jobs);
        // A full batch: more are probably waiting, so fetch again without the polling pause.
        if (jobs.length >= batchSize && worker.id) queue.notifyWorker(worker.id);
      },
    );
    ids.push(worker.id);
  }
  return ids;
}

type EmailRow = { id: string; seekerId: string; status: string; recipient: string; subject: string; text: string; html: string; ics: string | null };

/**
 * Delivers a batch of jobs and settles each of them (see `startOutboxWorker`). Only QUEUED messages are sent: a job
 * worked again after its message was marked (a crash between marking and completing, an expired job) is completed
 * without sending anything.
 *
 * The residual window: a message the server accepted is marked SENT after its batch's sends, not atomically with the
 * acceptance (SMTP has no transaction with our database). A worker killed in between leaves the message QUEUED and
 * its job active; pg-boss fails the job once it expires and it is worked again, so the message is sent a second time.
 * That second copy carries the same `Message-ID` (`<id@modalis>`) and `X-Modalis-Message` header as the first, so
 * the receiving side recognises it as the same message (mail stores and clients merge by Message-ID). At most the
 * messages of the batches in hand at the crash can be sent twice, never lost; see tests/integration/outbox-faults.test.ts.
 */
export async function deliverOutboxBatch(
  queue: JobQueue,
  prisma: PrismaClient,
  transport: EmailTransport,
  jobs: readonly PgBoss.JobWithMetadata<OutboxJob>[],
): Promise<Record<DeliveryOutcome, number>> {
  const counts: Record<DeliveryOutcome, number> = { SENT: 0, RETRY: 0, FAILED: 0, SKIPPED: 0 };
  if (jobs.length === 0) return counts;
  const messageIds = [...new Set(jobs.map((job) => job.data.messageId))];
  const rows = await prisma.$queryRaw<EmailRow[]>`SELECT "id"::text AS "id", "seekerId"::text AS "seekerId", "status"::text AS "status", "recipient",
      "subject", "text", "html", "ics" FROM "OutboxMessage" WHERE "id" = ANY(${messageIds}::uuid[]) AND "channel" = 'EMAIL'`;
  const byId = new Map(rows.map((row) => [row.id, row]));

  // One send per QUEUED message, even if two jobs of the batch name it.
  const sending = new Map<string, Promise<SendResult>>();
  for (const job of jobs) {
    const message = byId.get(job.data.messageId);
    if (!message || message.status !== "QUEUED" || sending.has(message.id)) continue;
    sending.set(
      message.id,
      sendEmail(transport, {
        messageId: message.id,
        to: message.recipient,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.ics ? [calendarAttachment(message.ics, "PUBLISH")] : [],
      }),
    );
  }
  const results = new Map<string, SendResult>();
  await Promise.all([...sending].map(async ([id, promise]) => results.set(id, await promise)));

  // Marks: the sent ones in one statement, the others one by one (few).
  const sent = [...results].filter((entry): entry is [string, Extract<SendResult, { status: "SENT" }>] => entry[1].status === "SENT");
  if (sent.length > 0) {
    await prisma.$executeRaw`UPDATE "OutboxMessage" AS m SET "status" = 'SENT', "providerId" = v."providerId", "sentAt" = now(),
        "attempts" = m."attempts" + 1, "lastError" = NULL
      FROM unnest(${sent.map(([id]) => id)}::uuid[], ${sent.map(([, result]) => result.providerId)}::text[]) AS v("id", "providerId")
      WHERE m."id" = v."id" AND m."status" = 'QUEUED'`;
  }
  const toComplete: string[] = [];
  const toFail: { jobId: string; reason: string }[] = [];
  for (const job of jobs) {
    const result = results.get(job.data.messageId);
    if (!result || sending.get(job.data.messageId) === undefined) {
      counts.SKIPPED += 1;
      toComplete.push(job.id);
      continue;
    }
    if (result.status === "SENT") {
      counts.SENT += 1;
      toComplete.push(job.id);
      continue;
    }
    const message = byId.get(job.data.messageId)!;
    const lastAttempt = job.retryCount >= job.retryLimit;
    const outcome = await recordFailure(prisma, message, result, lastAttempt);
    counts[outcome] += 1;
    if (outcome === "RETRY") toFail.push({ jobId: job.id, reason: result.reason });
    else toComplete.push(job.id);
  }
  // The sent, skipped and parked jobs completed here, awaited. The ones to retry are failed by pg-boss itself, from the
  // error thrown here (it fails the batch's jobs still active: only those). Failing them from the handler and then
  // returning raced with the completion pg-boss records after a handler, not awaited: landing after another worker
  // had fetched a retried job again, it completed that job while it was being worked, and its message stayed QUEUED
  // with no job — never sent (seen under load in tests/integration/outbox-faults.test.ts).
  if (toComplete.length > 0) await queue.complete(OUTBOX_EMAIL_QUEUE, toComplete);
  if (toFail.length > 0) throw new OutboxRetry(toFail.map((entry) => entry.reason));
  return counts;
}

/** A batch with messages to try again later: pg-boss fails their jobs (with retry) from this error. */
export class OutboxRetry extends Error {
  constructor(reasons: readonly string[]) {
    super(`${reasons.length} message(s) à renvoyer plus tard : ${[...new Set(reasons)].slice(0, 3).join(" ; ")}`.slice(0, 2000));
    this.name = "OutboxRetry";
  }
}

/**
 * A failed attempt: RETRY records it (FAILED on the last allowed attempt); PERMANENT parks it as FAILED, and when the
 * server refused the recipient itself (unknown mailbox, invalid address) flags the seeker's address as bounced, in
 * the same transaction, so no e-mail goes to it until it changes.
 */
async function recordFailure(
  prisma: PrismaClient,
  message: EmailRow,
  result: Exclude<SendResult, { status: "SENT" }>,
  lastAttempt: boolean,
): Promise<Exclude<DeliveryOutcome, "SENT" | "SKIPPED">> {
  const queued = { id: message.id, status: "QUEUED" } as const;
  if (result.status === "RETRY") {
    await prisma.outboxMessage.updateMany({
      where: queued,
      data: { ...(lastAttempt ? { status: "FAILED" as const } : {}), attempts: { increment: 1 }, lastError: errorText(result.reason) },
    });
    return lastAttempt ? "FAILED" : "RETRY";
  }
  await prisma.$transaction(async (tx) => {
    const marked = await tx.outboxMessage.updateMany({
      where: queued,
      data: { status: "FAILED", attempts: { increment: 1 }, lastError: errorText(result.reason) },
    });
    // Only the address this message went to: the seeker may have given another one since.
    if (marked.count > 0 && result.recipientRefused) {
      await tx.seeker.updateMany({
        where: { id: message.seekerId, email: { equals: message.recipient, mode: "insensitive" } },
        data: { emailBouncedAt: new Date(), emailBounceReason: bounceReason(result.reason) },
      });
    }
  });
  return "FAILED";
}

/** The reason kept on the seeker's file, in French, with the server's words. */
function bounceReason(reason: string): string {
  return `Adresse e-mail refusée définitivement (${reason})`.slice(0, 500);
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
