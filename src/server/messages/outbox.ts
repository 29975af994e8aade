import "server-only";
import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import { channelsFor, type MessageChannelCode, type SeekerContact } from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import type { OutboxKind } from "@/generated/prisma/enums";
import type { ComposedMessage } from "@/lib/messages/compose";
import { smsNumber } from "@/lib/phone";
import { sendInTransaction } from "@/server/jobs/send-in-transaction";

/**
 * The transactional outbox of the messages to seekers (issue 16). A message is written in the same transaction as the
 * change that causes it, with the job that delivers it: a rolled-back change sends nothing, a committed one always
 * sends (src/server/messages/outbox-worker.ts delivers, retries and parks failures).
 */

/** The pg-boss queue of each channel; a job's data is `{ messageId }`. */
export const OUTBOX_QUEUES: Record<MessageChannelCode, string> = { EMAIL: "outbox.email", SMS: "outbox.sms" };
export const OUTBOX_EMAIL_QUEUE = OUTBOX_QUEUES.EMAIL;
export const OUTBOX_SMS_QUEUE = OUTBOX_QUEUES.SMS;

export type OutboxJob = { messageId: string };

/** What the outbox needs of a seeker to choose the channels: their contact details, consent and opt-out. */
export const SEEKER_CONTACT_SELECT = {
  email: true,
  phone: true,
  smsConsent: true,
  optionalMessagesOptOut: true,
  emailBouncedAt: true,
  phoneInvalidAt: true,
} as const satisfies Prisma.SeekerSelect;

/** One message to a seeker, composed (src/lib/messages/compose.ts): nothing is composed again at delivery. */
export type SeekerMessage = {
  agencyId: string;
  seekerId: string;
  contact: SeekerContact;
  /** The agency's département: a national phone number is read in its numbering country (0692… in Réunion). */
  departement: string;
  appointmentId?: string | null;
  kind: OutboxKind;
  composed: ComposedMessage;
  /** A convocation to a mandatory review, or its change: it goes even to a seeker who opted out of optional messages. */
  mandatory: boolean;
  /** The appointment's calendar file, attached to the e-mail as `invitation.ics`. */
  ics?: string | null;
  /** Only these channels (e.g. an agency's reminder settings). */
  allowedChannels?: readonly MessageChannelCode[];
  /**
   * Makes the message unique: with a key, a second message with the same key and channel is not written (a reminder
   * job run twice). The channel is appended to it.
   */
  dedupeKey?: string;
  /** Deliver no earlier than this (a reminder queued ahead of its day). */
  sendAfter?: Date;
};

export type QueuedMessage = { id: string; channel: MessageChannelCode; jobId: string | null };

/**
 * Writes the message once per channel the seeker can receive it by (`channelsFor`), each with its delivery job, in
 * the caller's transaction: `queueSeekerMessages` with one message. Returns what was queued (nothing for a seeker who
 * cannot be reached, or for a key already used).
 */
export async function queueSeekerMessage(tx: Prisma.TransactionClient, message: SeekerMessage): Promise<QueuedMessage[]> {
  return queueSeekerMessages(tx, [message]);
}

/** Sends the delivery job of a message written without one, and records it (null: still no job queue installed). */
export async function sendOutboxJob(tx: Prisma.TransactionClient, messageId: string, channel: MessageChannelCode = "EMAIL"): Promise<string | null> {
  const data: OutboxJob = { messageId };
  const jobId = await sendInTransaction(tx, OUTBOX_QUEUES[channel], data);
  if (jobId !== null) await tx.outboxMessage.update({ where: { id: messageId }, data: { jobId }, select: { id: true } });
  return jobId;
}

let bulkWriter: PgBoss | undefined;

/** A never-started pg-boss instance that only builds the bulk INSERT of `insert`; it opens nothing. */
function bulkJobWriter(): PgBoss {
  bulkWriter ??= new PgBoss({ schema: "pgboss" });
  return bulkWriter;
}

const INSERT_MESSAGES = `INSERT INTO "OutboxMessage"
    ("id", "agencyId", "seekerId", "appointmentId", "kind", "channel", "recipient", "subject", "text", "html", "ics", "mandatory", "dedupeKey", "jobId")
  SELECT m."id", m."agencyId", m."seekerId", m."appointmentId", m."kind"::"OutboxKind", m."channel"::"OutboxChannel", m."recipient", m."subject",
         m."text", m."html", m."ics", m."mandatory", m."dedupeKey", m."jobId"
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
              $11::text[], $12::boolean[], $13::text[], $14::uuid[])
    AS m("id", "agencyId", "seekerId", "appointmentId", "kind", "channel", "recipient", "subject", "text", "html", "ics", "mandatory", "dedupeKey", "jobId")
  ON CONFLICT ("dedupeKey") DO NOTHING
  RETURNING "id"::text AS "id"`;

/**
 * The one writer of the outbox (a single message, a batch of bookings, the reminders of a day): each message written
 * once per channel the seeker can receive it by (`channelsFor`, the SMS to `smsNumber`'s E.164 number, none to a
 * number that is not a mobile), with its delivery job on its channel's queue, in the caller's transaction, with a fixed
 * number of statements whatever the batch's size:
 * - the messages in one `INSERT … ON CONFLICT ("dedupeKey") DO NOTHING`: a key already used (by an earlier run, a
 *   concurrent one, or earlier in this batch) is skipped, and so is its job;
 * - the jobs of the messages actually written in one (pg-boss's `insert`, each job taking its queue's retry policy as
 *   `send` does), each starting no earlier than its message's `sendAfter`.
 * When the job queue (or a channel's queue) is not installed on this database yet, a message is written without a job;
 * the worker gives it one when it starts. Returns what was queued, in the order of `messages` and their channels.
 */
export async function queueSeekerMessages(tx: Prisma.TransactionClient, messages: readonly SeekerMessage[]): Promise<QueuedMessage[]> {
  type Planned = { id: string; channel: MessageChannelCode; recipient: string; dedupeKey: string | null; jobId: string | null; message: SeekerMessage };
  const planned: Planned[] = [];
  for (const message of messages) {
    for (const channel of channelsFor(message.contact, { mandatory: message.mandatory, allowed: message.allowedChannels })) {
      // An SMS goes to the number in E.164; a number that is not a mobile gets none.
      const recipient = channel === "EMAIL" ? message.contact.email!.trim() : smsNumber(message.contact.phone, message.departement);
      if (recipient === null) continue;
      const dedupeKey = message.dedupeKey ? `${message.dedupeKey}:${channel}` : null;
      planned.push({ id: randomUUID(), channel, recipient, dedupeKey, jobId: null, message });
    }
  }
  if (planned.length === 0) return [];

  const ready = await readyQueues(tx);
  for (const row of planned) row.jobId = ready.has(OUTBOX_QUEUES[row.channel]) ? randomUUID() : null;
  const column = <T>(value: (row: Planned) => T) => planned.map(value);
  const written = await tx.$queryRawUnsafe<{ id: string }[]>(
    INSERT_MESSAGES,
    column((row) => row.id),
    column((row) => row.message.agencyId),
    column((row) => row.message.seekerId),
    column((row) => row.message.appointmentId ?? null),
    column((row) => row.message.kind),
    column((row) => row.channel),
    column((row) => row.recipient),
    column((row) => row.message.composed.subject),
    column((row) => (row.channel === "EMAIL" ? row.message.composed.text : row.message.composed.sms)),
    column((row) => (row.channel === "EMAIL" ? row.message.composed.html : "")),
    column((row) => (row.channel === "EMAIL" ? (row.message.ics ?? null) : null)),
    column((row) => row.message.mandatory),
    column((row) => row.dedupeKey),
    column((row) => row.jobId),
  );
  const writtenIds = new Set(written.map((row) => row.id));
  const rows = planned.filter((row) => writtenIds.has(row.id));

  const jobs: PgBoss.JobInsert<OutboxJob>[] = rows
    .filter((row) => row.jobId !== null)
    .map((row) => ({
      id: row.jobId!,
      name: OUTBOX_QUEUES[row.channel],
      data: { messageId: row.id },
      ...(row.message.sendAfter ? { startAfter: row.message.sendAfter } : {}),
    }));
  if (jobs.length > 0) {
    const db: PgBoss.Db = {
      executeSql: async (text, values = []) => ({
        // pg-boss leaves unset options undefined; the driver adapters want null.
        rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values.map((value: unknown) => (value === undefined ? null : value))),
      }),
    };
    await bulkJobWriter().insert(jobs, { db });
    // pg-boss 10 inserts nothing for a queue that does not exist, and says nothing: the jobs are counted back. Every
    // message written names its job, or the transaction fails (nothing half-written).
    const [{ n } = { n: 0 }] = await tx.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS "n" FROM pgboss.job WHERE "id" = ANY($1::uuid[])`,
      jobs.map((job) => job.id),
    );
    if (n !== jobs.length) throw new Error(`Messagerie : ${jobs.length - n} tâche(s) d'envoi non créée(s) ; rien n'a été enregistré.`);
  }
  return rows.map((row) => ({ id: row.id, channel: row.channel, jobId: row.jobId }));
}

/** The outbox's pg-boss queues installed on this database (none when pg-boss itself is not). */
async function readyQueues(tx: Prisma.TransactionClient): Promise<Set<string>> {
  const [installed] = await tx.$queryRaw<{ ready: boolean }[]>`SELECT to_regclass('pgboss.queue') IS NOT NULL AS "ready"`;
  if (!installed?.ready) return new Set();
  const names = Object.values(OUTBOX_QUEUES);
  const rows = await tx.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM pgboss.queue WHERE "name" = ANY($1::text[])`, names);
  return new Set(rows.map((row) => row.name));
}
