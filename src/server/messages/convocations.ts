import "server-only";
import { timeZoneOf } from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { appointmentEvent, chainOf } from "@/lib/appointment-calendar";
import { buildCalendar } from "@/lib/ics";
import { composeMessage, MANDATORY_KINDS, type MessageAgency } from "@/lib/messages/compose";
import { appointmentsOf } from "@/server/queries/own-seeker";
import { queueSeekerMessage, SEEKER_CONTACT_SELECT } from "./outbox";

/**
 * France Travail's national number for job seekers: what a message gives when the agency has no number of its own
 * (the agencies created before `Agency.phone` existed, until an administrator fills it in).
 */
export const FRANCE_TRAVAIL_PHONE = "3949";

/**
 * Queues, in the caller's transaction, one convocation e-mail per appointment just booked for a seeker, with its
 * calendar file attached: the same event as the seeker's calendar feed (UID of the reschedule chain's root, SEQUENCE
 * of its moves; src/lib/appointment-calendar.ts), so adding it and subscribing to the feed give one event. The file
 * is a `METHOD:PUBLISH` calendar, as the feed's: an event to add, not an invitation to answer (a `REQUEST` would need
 * an organiser and attendees to reply to). Each goes by the channels the seeker can be reached by (src/domain/messages/channels.ts).
 * Returns the ids of the messages queued.
 */
export async function queueConvocations(
  tx: Prisma.TransactionClient,
  { seekerId, appointmentIds, now }: { seekerId: string; appointmentIds: readonly string[]; now: Date },
): Promise<string[]> {
  if (appointmentIds.length === 0) return [];
  const seeker = await tx.seeker.findUniqueOrThrow({
    where: { id: seekerId },
    select: { firstName: true, ...SEEKER_CONTACT_SELECT, agency: { select: { id: true, name: true, address: true, phone: true, departement: true } } },
  });
  const { agency } = seeker;
  const sender: MessageAgency = { name: agency.name, address: agency.address, phone: agency.phone ?? FRANCE_TRAVAIL_PHONE, departement: agency.departement };
  const timeZone = timeZoneOf(agency.departement);
  const appointments = await appointmentsOf(tx, seekerId);
  const queued: string[] = [];
  for (const appointmentId of appointmentIds) {
    const chain = chainOf(appointments, appointmentId);
    if (!chain) throw new Error(`Rendez-vous ${appointmentId} introuvable pour la convocation.`);
    const { head } = chain;
    const composed = composeMessage({
      kind: "CONVOCATION",
      firstName: seeker.firstName,
      agency: sender,
      appointment: {
        kind: head.kind,
        when: { instant: head.startsAt.toISOString(), timeZone },
        channel: head.channel,
        advisorName: `${head.advisor.firstName} ${head.advisor.lastName}`,
        socialWorkerName: head.socialWorker ? `${head.socialWorker.firstName} ${head.socialWorker.lastName}` : null,
      },
    });
    const messages = await queueSeekerMessage(tx, {
      agencyId: agency.id,
      seekerId,
      contact: seeker,
      departement: agency.departement,
      appointmentId: head.id,
      kind: "CONVOCATION",
      composed,
      mandatory: MANDATORY_KINDS.has(head.kind),
      ics: buildCalendar({ events: [appointmentEvent(chain, now)], now }),
    });
    queued.push(...messages.map((message) => message.id));
  }
  return queued;
}
