import "server-only";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/generated/prisma/client";
import type { JobQueue } from "@/server/jobs/queue";
import { OUTBOX_SMS_QUEUE, type OutboxJob } from "./outbox";
import { OUTBOX_RETRY_DELAY_SECONDS, OUTBOX_RETRY_LIMIT, type DeliveryOutcome } from "./outbox-worker";
import { sendSms, type SmsTransport } from "./sms";

/**
 * The SMS worker of the outbox (issue 16): one pg-boss job per message on `outbox.sms`, `{ messageId }`, delivered
 * with `sendSms` (Brevo, or the local mailbox without SMS_API_KEY).
 *
 * - Idempotent on our side: a message that is no longer QUEUED (sent, delivered, failed, cancelled) is left alone.
 * - SENT: marked sent with Brevo's message id (its receipts name it). RETRY (429, 5xx, network, timeout, key or
 *   credit refused): the attempt and its error are recorded and the handler throws, so pg-boss retries it later
 *   with exponential back-off; a 429 also holds back every send of this worker until the wait Brevo asks for is
 *   over. The last allowed attempt marks it FAILED instead. PERMANENT: FAILED at once; when it is the number that
 *   is refused, the seeker's phone is flagged invalid in the same transaction (no SMS is queued to it any more).
 * - Paced: at most `ratePerSecond` sends per second per worker (Brevo's documented limit for this endpoint is 150
 *   requests per second per account; the default keeps well under it).
 */

/** Sends per second per worker by default (Brevo allows 150 per second on the account). */
export const SMS_DEFAULT_RATE_PER_SECOND = 20;

/** The longest a 429's wait holds the sends of a worker back. */
export const SMS_MAX_HOLD_SECONDS = 60;

export type SmsWorkerOptions = {
  prisma: PrismaClient;
  transport: SmsTransport;
  retryLimit?: number;
  retryDelaySeconds?: number;
  pollingIntervalSeconds?: number;
  ratePerSecond?: number;
  log?: (line: string) => void;
};

/** Spaces the sends of one worker, and holds them all back while the provider asked to wait (429). */
export class SendPacer {
  private next = 0;
  constructor(
    private readonly intervalMs: number,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}
  /** Waits for this send's turn. */
  async turn(): Promise<void> {
    const now = this.clock();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await this.sleep(at - now);
  }
  /** No send before `seconds` from now. */
  holdFor(seconds: number): void {
    this.next = Math.max(this.next, this.clock() + seconds * 1000);
  }
}

/** Creates (or updates) the SMS queue and starts working it. Returns the pg-boss worker id. */
export async function startSmsWorker(queue: JobQueue, options: SmsWorkerOptions): Promise<string> {
  const settings: PgBoss.Queue = {
    name: OUTBOX_SMS_QUEUE,
    retryLimit: options.retryLimit ?? OUTBOX_RETRY_LIMIT,
    retryDelay: options.retryDelaySeconds ?? OUTBOX_RETRY_DELAY_SECONDS,
    retryBackoff: true,
  };
  await queue.createQueue(OUTBOX_SMS_QUEUE, settings);
  await queue.updateQueue(OUTBOX_SMS_QUEUE, settings);
  const pacer = new SendPacer(1000 / Math.max(0.01, options.ratePerSecond ?? SMS_DEFAULT_RATE_PER_SECOND));
  return queue.work<OutboxJob>(
    OUTBOX_SMS_QUEUE,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      if (!job) return;
      const outcome = await deliverOutboxSms(options.prisma, options.transport, job.data.messageId, { lastAttempt: job.retryCount >= job.retryLimit, pacer });
      if (outcome.status === "RETRY") throw new Error(outcome.reason);
    },
  );
}

const errorText = (reason: string) => reason.slice(0, 2000);

/** The reason kept on the seeker's file when the provider refuses their number (shown to advisors). */
export const PHONE_REFUSED_REASON = "Numéro refusé par le fournisseur de SMS (inconnu ou pas un mobile)";

/** One delivery attempt of an SMS. `lastAttempt`: no retry remains, so a temporary failure parks it as FAILED. */
export async function deliverOutboxSms(
  prisma: PrismaClient,
  transport: SmsTransport,
  messageId: string,
  { lastAttempt, pacer }: { lastAttempt: boolean; pacer?: SendPacer },
): Promise<{ status: Exclude<DeliveryOutcome, "RETRY"> } | { status: "RETRY"; reason: string }> {
  const message = await prisma.outboxMessage.findUnique({
    where: { id: messageId },
    select: { id: true, status: true, channel: true, recipient: true, text: true, seekerId: true },
  });
  if (!message || message.status !== "QUEUED" || message.channel !== "SMS") return { status: "SKIPPED" };
  await pacer?.turn();
  const result = await sendSms(transport, { messageId: message.id, to: message.recipient, text: message.text });
  const queued = { id: message.id, status: "QUEUED" } as const;
  switch (result.status) {
    case "SENT":
      await prisma.outboxMessage.updateMany({
        where: queued,
        data: { status: "SENT", providerId: result.providerId, sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      return { status: "SENT" };
    case "PERMANENT":
      await prisma.$transaction(async (tx) => {
        const marked = await tx.outboxMessage.updateMany({
          where: queued,
          data: { status: "FAILED", attempts: { increment: 1 }, lastError: errorText(result.reason) },
        });
        if (marked.count === 1 && result.invalidNumber) {
          await tx.seeker.updateMany({
            where: { id: message.seekerId, phoneInvalidAt: null },
            data: { phoneInvalidAt: new Date(), phoneInvalidReason: `${PHONE_REFUSED_REASON} : ${message.recipient}` },
          });
        }
      });
      return { status: "FAILED" };
    case "RETRY":
      // Bounded, as a held send waits inside its job: far below the job's expiry (15 min), past which pg-boss would
      // hand the job to another worker while this one still holds it. A longer wait is pg-boss's back-off's to make.
      if (result.retryAfterSeconds !== undefined) pacer?.holdFor(Math.min(result.retryAfterSeconds, SMS_MAX_HOLD_SECONDS));
      await prisma.outboxMessage.updateMany({
        where: queued,
        data: { ...(lastAttempt ? { status: "FAILED" as const } : {}), attempts: { increment: 1 }, lastError: errorText(result.reason) },
      });
      return lastAttempt ? { status: "FAILED" } : { status: "RETRY", reason: result.reason };
  }
}
