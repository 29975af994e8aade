import "server-only";
import { type AppointmentKind, channelsFor, type MessageChannelCode, reminderDue, reminderKey, reminderSendAt, timeZoneOf } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { composeMessage, type MessageAgency } from "@/lib/messages/compose";
import { FRANCE_TRAVAIL_PHONE } from "./convocations";
import { queueSeekerMessages, type SeekerMessage } from "./outbox";

/**
 * The reminders before appointments (docs/rules.md#reminders), queued by a job of the queue (src/server/jobs/schedules.ts,
 * hourly). The rule is the domain's `reminderDue`; this module finds the candidates of every agency in one query,
 * composes each reminder (src/lib/messages/compose.ts, kind REMINDER) and writes them to the outbox in batches: one
 * INSERT of the messages (`ON CONFLICT ("dedupeKey") DO NOTHING`: a reminder already queued for that appointment,
 * start and channel is not written again, even by two runs at once) and one INSERT of their delivery jobs per batch,
 * in one transaction. The messages are what `queueSeekerMessage` writes (same columns, same channels through
 * `channelsFor`, same recipients), written in bulk: 20 000 reminders of a region's day take a few round trips, not
 * 80 000.
 *
 * Reminders are optional messages (`mandatory: false`): a seeker who opted out gets none. Each agency chooses its
 * channels (`reminderByEmail`, `reminderBySms`) and how many days ahead (`reminderDaysBefore`, 0: none). A reminder
 * queued at night is delivered from 09:00 (`reminderSendAt`, the job's `startAfter`).
 */

/** Reminders written per transaction. */
const BATCH_SIZE = 2_000;

export type ReminderRunSummary = {
  /** Scheduled appointments of agencies that send reminders, starting in the next days, not yet reminded on every channel. */
  candidates: number;
  /** Of those, due a reminder now (`reminderDue`). */
  due: number;
  /** Messages written, per channel. */
  queued: Record<MessageChannelCode, number>;
};

type CandidateRow = {
  id: string;
  agencyId: string;
  seekerId: string;
  kind: string;
  channel: "AGENCY" | "PHONE" | "VIDEO";
  startsAt: Date;
  createdAt: Date;
  firstName: string;
  email: string | null;
  phone: string | null;
  smsConsent: boolean;
  optionalMessagesOptOut: boolean;
  emailBouncedAt: Date | null;
  phoneInvalidAt: Date | null;
  advisorId: string;
  advisorFirstName: string;
  advisorLastName: string;
  socialWorkerFirstName: string | null;
  socialWorkerLastName: string | null;
  keys: string[] | null;
};

/**
 * Queues the reminders due at `now`, for every agency (or the one given). Idempotent: run twice, it writes each
 * reminder once.
 */
export async function queueDueReminders(prisma: PrismaClient, { now, agencyId }: { now: Date; agencyId?: string }): Promise<ReminderRunSummary> {
  const agencies = await prisma.agency.findMany({
    where: { reminderDaysBefore: { gt: 0 }, OR: [{ reminderByEmail: true }, { reminderBySms: true }], ...(agencyId ? { id: agencyId } : {}) },
    select: { id: true, name: true, address: true, phone: true, departement: true, reminderDaysBefore: true, reminderByEmail: true, reminderBySms: true },
  });
  const summary: ReminderRunSummary = { candidates: 0, due: 0, queued: { EMAIL: 0, SMS: 0 } };
  if (agencies.length === 0) return summary;
  const byId = new Map(agencies.map((agency) => [agency.id, agency]));

  // One query: the scheduled appointments of those agencies starting within their window (bounded generously here,
  // exactly by `reminderDue` below), of seekers who accept optional messages, with the reminder keys already used.
  const candidates = await prisma.$queryRawUnsafe<CandidateRow[]>(
    `SELECT a."id"::text AS "id", a."agencyId"::text AS "agencyId", a."seekerId"::text AS "seekerId", a."kind"::text AS "kind",
            a."channel"::text AS "channel", a."startsAt", a."createdAt",
            s."firstName", s."email", s."phone", s."smsConsent", s."optionalMessagesOptOut", s."emailBouncedAt", s."phoneInvalidAt",
            a."advisorId"::text AS "advisorId", adv."firstName" AS "advisorFirstName", adv."lastName" AS "advisorLastName",
            sw."firstName" AS "socialWorkerFirstName", sw."lastName" AS "socialWorkerLastName",
            ARRAY(SELECT o."dedupeKey" FROM "OutboxMessage" o
                  WHERE o."appointmentId" = a."id" AND o."kind" = 'REMINDER' AND o."dedupeKey" IS NOT NULL) AS "keys"
     FROM "Appointment" a
     JOIN "Agency" ag ON ag."id" = a."agencyId"
     JOIN "Seeker" s ON s."id" = a."seekerId"
     JOIN "User" adv ON adv."id" = a."advisorId"
     LEFT JOIN "User" sw ON sw."id" = a."socialWorkerId"
     WHERE a."agencyId" = ANY($1::uuid[]) AND a."status" = 'SCHEDULED'
       AND a."startsAt" > $2::timestamptz
       AND a."startsAt" < $2::timestamptz + (ag."reminderDaysBefore" + 2) * interval '1 day'
       AND s."status" <> 'CLOSED' AND NOT s."optionalMessagesOptOut"
     ORDER BY a."startsAt", a."id"`,
    agencies.map((agency) => agency.id),
    now.toISOString(),
  );
  summary.candidates = candidates.length;

  const nowIso = now.toISOString();
  const messages: SeekerMessage[] = [];
  for (const candidate of candidates) {
    const agency = byId.get(candidate.agencyId)!;
    const timeZone = timeZoneOf(agency.departement);
    const startsAt = candidate.startsAt.toISOString();
    if (
      !reminderDue({ status: "SCHEDULED", startsAt, bookedAt: candidate.createdAt.toISOString() }, { daysBefore: agency.reminderDaysBefore, timeZone }, nowIso)
    )
      continue;
    const allowed: MessageChannelCode[] = [...(agency.reminderByEmail ? (["EMAIL"] as const) : []), ...(agency.reminderBySms ? (["SMS"] as const) : [])];
    const key = reminderKey(candidate.id, startsAt, candidate.advisorId);
    const used = new Set(candidate.keys ?? []);
    const channels = channelsFor(candidate, { mandatory: false, allowed }).filter((channel) => !used.has(`${key}:${channel}`));
    summary.due += 1;
    if (channels.length === 0) continue;
    const sender: MessageAgency = { name: agency.name, address: agency.address, phone: agency.phone ?? FRANCE_TRAVAIL_PHONE, departement: agency.departement };
    const composed = composeMessage({
      kind: "REMINDER",
      firstName: candidate.firstName,
      agency: sender,
      appointment: {
        kind: candidate.kind as AppointmentKind,
        when: { instant: startsAt, timeZone },
        channel: candidate.channel,
        advisorName: `${candidate.advisorFirstName} ${candidate.advisorLastName}`,
        socialWorkerName: candidate.socialWorkerFirstName ? `${candidate.socialWorkerFirstName} ${candidate.socialWorkerLastName ?? ""}` : null,
      },
    });
    messages.push({
      agencyId: agency.id,
      seekerId: candidate.seekerId,
      contact: candidate,
      departement: agency.departement,
      appointmentId: candidate.id,
      kind: "REMINDER",
      composed,
      mandatory: false,
      allowedChannels: channels,
      dedupeKey: key,
      sendAfter: new Date(reminderSendAt(nowIso, startsAt, timeZone)),
    });
  }

  for (let i = 0; i < messages.length; i += BATCH_SIZE) {
    const batch = messages.slice(i, i + BATCH_SIZE);
    const written = await prisma.$transaction((tx) => queueSeekerMessages(tx, batch), { maxWait: 10_000, timeout: 120_000 });
    for (const row of written) summary.queued[row.channel] += 1;
  }
  return summary;
}
