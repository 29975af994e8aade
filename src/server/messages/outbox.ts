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
 * the caller's transaction. When the job queue is not installed on this database yet, a message is written without a
 * job; the worker gives it one when it starts. Returns what was queued (nothing for a seeker who cannot be reached,
 * or for a key already used).
 */
export async function queueSeekerMessage(tx: Prisma.TransactionClient, message: SeekerMessage): Promise<QueuedMessage[]> {
  const queued: QueuedMessage[] = [];
  for (const channel of channelsFor(message.contact, { mandatory: message.mandatory, allowed: message.allowedChannels })) {
    const dedupeKey = message.dedupeKey ? `${message.dedupeKey}:${channel}` : null;
    if (dedupeKey && (await tx.outboxMessage.findUnique({ where: { dedupeKey }, select: { id: true } }))) continue;
    // An SMS goes to the number in E.164; a number that is not a mobile gets none.
    const recipient = channel === "EMAIL" ? message.contact.email!.trim() : smsNumber(message.contact.phone, message.departement);
    if (recipient === null) continue;
    // The job first, as it names the message: the transaction makes both visible at once, or neither.
    const id = randomUUID();
    const job: OutboxJob = { messageId: id };
    const jobId = await sendInTransaction(tx, OUTBOX_QUEUES[channel], job, message.sendAfter ? { startAfter: message.sendAfter } : {});
    const { composed } = message;
    await tx.outboxMessage.create({
      data: {
        id,
        agencyId: message.agencyId,
        seekerId: message.seekerId,
        appointmentId: message.appointmentId ?? null,
        kind: message.kind,
        channel,
        recipient,
        subject: composed.subject,
        text: channel === "EMAIL" ? composed.text : composed.sms,
        html: channel === "EMAIL" ? composed.html : "",
        ics: channel === "EMAIL" ? (message.ics ?? null) : null,
        mandatory: message.mandatory,
        dedupeKey,
        jobId,
      },
      select: { id: true },
    });
    queued.push({ id, channel, jobId });
  }
  return queued;
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

/**
 * `queueSeekerMessage` for many messages at once (a batch of bookings): the same channels, recipients, keys and
 * contents, written with a fixed number of statements whatever the batch's size — the keys already used read in one
 * query, the delivery jobs inserted in one (pg-boss's `insert`, in the caller's transaction, each job taking its
 * queue's retry policy as `send` does), the messages in one. A message whose queue is not installed gets no job (the
 * worker gives it one when it starts). Returns what was queued, in the order of `messages` and their channels.
 */
export async function queueSeekerMessages(tx: Prisma.TransactionClient, messages: readonly SeekerMessage[]): Promise<QueuedMessage[]> {
  type Planned = { id: string; channel: MessageChannelCode; recipient: string; dedupeKey: string | null; message: SeekerMessage };
  const planned: Planned[] = [];
  for (const message of messages) {
    for (const channel of channelsFor(message.contact, { mandatory: message.mandatory, allowed: message.allowedChannels })) {
      const recipient = channel === "EMAIL" ? message.contact.email!.trim() : smsNumber(message.contact.phone, message.departement);
      if (recipient === null) continue;
      planned.push({ id: randomUUID(), channel, recipient, dedupeKey: message.dedupeKey ? `${message.dedupeKey}:${channel}` : null, message });
    }
  }
  // A key already used, or used twice in this batch, is written once.
  const keys = planned.map((p) => p.dedupeKey).filter((key): key is string => key !== null);
  const taken = new Set(
    keys.length ? (await tx.outboxMessage.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((m) => m.dedupeKey) : [],
  );
  const rows = planned.filter((p) => {
    if (p.dedupeKey === null) return true;
    if (taken.has(p.dedupeKey)) return false;
    taken.add(p.dedupeKey);
    return true;
  });
  if (rows.length === 0) return [];

  const jobIds = new Map<string, string>();
  const [installed] = await tx.$queryRaw<{ ready: boolean }[]>`SELECT to_regclass('pgboss.queue') IS NOT NULL AS "ready"`;
  if (installed?.ready) {
    const jobs = rows.map((row) => {
      const data: OutboxJob = { messageId: row.id };
      return { id: randomUUID(), name: OUTBOX_QUEUES[row.channel], data, ...(row.message.sendAfter ? { startAfter: row.message.sendAfter } : {}) };
    });
    const db: PgBoss.Db = {
      executeSql: async (text, values = []) => ({
        // pg-boss leaves unset options undefined; the driver adapters want null.
        rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values.map((value: unknown) => (value === undefined ? null : value))),
      }),
    };
    await bulkJobWriter().insert(jobs, { db });
    // pg-boss 10 inserts nothing for a queue that does not exist, and says nothing: the jobs are read back.
    const ids = jobs.map((job) => job.id);
    const inserted = new Set(
      (await tx.$queryRaw<{ id: string }[]>`SELECT "id"::text AS "id" FROM pgboss.job WHERE "id" = ANY(${ids}::uuid[])`).map((job) => job.id),
    );
    rows.forEach((row, index) => {
      const jobId = jobs[index]!.id;
      if (inserted.has(jobId)) jobIds.set(row.id, jobId);
    });
  }
  await tx.outboxMessage.createMany({
    data: rows.map((row) => {
      const { message } = row;
      const { composed } = message;
      return {
        id: row.id,
        agencyId: message.agencyId,
        seekerId: message.seekerId,
        appointmentId: message.appointmentId ?? null,
        kind: message.kind,
        channel: row.channel,
        recipient: row.recipient,
        subject: composed.subject,
        text: row.channel === "EMAIL" ? composed.text : composed.sms,
        html: row.channel === "EMAIL" ? composed.html : "",
        ics: row.channel === "EMAIL" ? (message.ics ?? null) : null,
        mandatory: message.mandatory,
        dedupeKey: row.dedupeKey,
        jobId: jobIds.get(row.id) ?? null,
      };
    }),
  });
  return rows.map((row) => ({ id: row.id, channel: row.channel, jobId: jobIds.get(row.id) ?? null }));
}
