import "server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { OutboxKind } from "@/generated/prisma/enums";
import { sendInTransaction } from "@/server/jobs/send-in-transaction";

/**
 * The transactional outbox of the messages to seekers (issue 16). A message is written in the same transaction as the
 * change that causes it, with the job that delivers it: a rolled-back change sends nothing, a committed one always
 * sends (src/server/messages/outbox-worker.ts delivers, retries and parks failures).
 */

/** The pg-boss queue of the e-mails; a job's data is `{ messageId }`. */
export const OUTBOX_EMAIL_QUEUE = "outbox.email";

export type OutboxEmailJob = { messageId: string };

/** One e-mail to a seeker, composed (src/lib/messages/compose.ts): nothing is composed again at delivery. */
export type OutboxEmail = {
  agencyId: string;
  seekerId: string;
  appointmentId?: string | null;
  kind: OutboxKind;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  /** The appointment's calendar file, attached as `invitation.ics`. */
  ics?: string | null;
};

/**
 * Writes the message and sends its delivery job, both in the caller's transaction. When the job queue is not
 * installed on this database yet, the message is written without a job; the worker gives it one when it starts.
 */
export async function queueEmail(tx: Prisma.TransactionClient, message: OutboxEmail): Promise<{ id: string; jobId: string | null }> {
  // The job first, as it names the message: the transaction makes both visible at once, or neither.
  const id = randomUUID();
  const job: OutboxEmailJob = { messageId: id };
  const jobId = await sendInTransaction(tx, OUTBOX_EMAIL_QUEUE, job);
  await tx.outboxMessage.create({
    data: {
      id,
      agencyId: message.agencyId,
      seekerId: message.seekerId,
      appointmentId: message.appointmentId ?? null,
      kind: message.kind,
      channel: "EMAIL",
      recipient: message.recipient,
      subject: message.subject,
      text: message.text,
      html: message.html,
      ics: message.ics ?? null,
      jobId,
    },
    select: { id: true },
  });
  return { id, jobId };
}

/** Sends the delivery job of a message written without one, and records it (null: still no job queue installed). */
export async function sendOutboxJob(tx: Prisma.TransactionClient, messageId: string): Promise<string | null> {
  const data: OutboxEmailJob = { messageId };
  const jobId = await sendInTransaction(tx, OUTBOX_EMAIL_QUEUE, data);
  if (jobId !== null) await tx.outboxMessage.update({ where: { id: messageId }, data: { jobId }, select: { id: true } });
  return jobId;
}
