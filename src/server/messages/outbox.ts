import "server-only";
import { randomUUID } from "node:crypto";
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
