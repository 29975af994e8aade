import "server-only";
import { timeZoneOf, type Modality } from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { appointmentEvent, type CalendarAppointment } from "@/lib/appointment-calendar";
import { buildCalendar } from "@/lib/ics";
import { composeMessage, MANDATORY_KINDS, type MessageAgency, type MessageAppointment, type MessageInput } from "@/lib/messages/compose";
import { agencySelect } from "@/server/queries/own-seeker";
import { person } from "@/server/queries/selects";
import { queueSeekerMessages, SEEKER_CONTACT_SELECT } from "./outbox";

/**
 * The messages an appointment's life sends to its seeker (issue 16, docs/rules.md#messages-to-seekers), each queued in
 * the caller's transaction (src/server/messages/outbox.ts), so a rolled-back change sends nothing:
 * - `queueConvocations`: at every booking, one convocation per appointment, with its calendar file;
 * - `queueRescheduleNotices`: a move (the old and the new date), with the calendar file updating the same event;
 * - `queueCancellationNotices`: a cancellation, with the calendar file cancelling the same event;
 * - `queueNewAdvisorNotices`: another advisor follows the seeker (a rebalancing, a transfer), with the next appointment;
 * - `queueDiagnosticResult`: the modality in plain words, the advisor and the next appointment;
 * - `queueRequestAnswerNotice`: the advisor proposed another slot for a seeker's request, or declined it;
 * - `cancelQueuedReminders`: the reminders not sent yet of appointments moved or cancelled never go.
 *
 * Batches: the seekers, their agencies and the appointments are read once per call, whatever its size (the nightly
 * planner books hundreds of appointments in one transaction).
 *
 * The calendar file is the feed's event (src/lib/appointment-calendar.ts): UID of the reschedule chain's root,
 * SEQUENCE = 2 × moves (+ 1 when cancelled), so a move or a cancellation updates the event a convocation added. It is
 * a `METHOD:PUBLISH` calendar, as the feed's: an event to add, not an invitation to answer (a `REQUEST` would need an
 * organiser and attendees to reply to).
 */

/**
 * France Travail's national number for job seekers: what a message gives when the agency has no number of its own
 * (the agencies created before `Agency.phone` existed, until an administrator fills it in).
 */
export const FRANCE_TRAVAIL_PHONE = "3949";

type Tx = Prisma.TransactionClient;

const NOTICE_APPOINTMENT_SELECT = {
  id: true,
  replacesId: true,
  seekerId: true,
  kind: true,
  channel: true,
  status: true,
  startsAt: true,
  endsAt: true,
  createdAt: true,
  outcomeAt: true,
  advisor: person,
  socialWorker: person,
  agency: agencySelect,
} as const satisfies Prisma.AppointmentSelect;

type NoticeAppointment = CalendarAppointment & { seekerId: string };

type Recipient = Prisma.SeekerGetPayload<{ select: typeof RECIPIENT_SELECT }>;
const RECIPIENT_SELECT = { id: true, firstName: true, agencyId: true, ...SEEKER_CONTACT_SELECT } as const satisfies Prisma.SeekerSelect;

type Sender = { id: string; departement: string; timeZone: string; message: MessageAgency };

/** The seekers and their agencies, read once. */
class Audience {
  private constructor(
    private readonly seekers: Map<string, Recipient>,
    private readonly agencies: Map<string, Sender>,
  ) {}

  static async load(tx: Tx, seekerIds: Iterable<string>): Promise<Audience> {
    const ids = [...new Set(seekerIds)];
    const seekers = ids.length ? await tx.seeker.findMany({ where: { id: { in: ids } }, select: RECIPIENT_SELECT }) : [];
    const agencyIds = [...new Set(seekers.map((s) => s.agencyId))];
    const agencies = agencyIds.length
      ? await tx.agency.findMany({ where: { id: { in: agencyIds } }, select: { id: true, name: true, address: true, phone: true, departement: true } })
      : [];
    return new Audience(
      new Map(seekers.map((s) => [s.id, s])),
      new Map(
        agencies.map((a) => [
          a.id,
          {
            id: a.id,
            departement: a.departement,
            timeZone: timeZoneOf(a.departement),
            message: { name: a.name, address: a.address, phone: a.phone ?? FRANCE_TRAVAIL_PHONE, departement: a.departement },
          },
        ]),
      ),
    );
  }

  of(seekerId: string): { seeker: Recipient; agency: Sender } {
    const seeker = this.seekers.get(seekerId);
    if (!seeker) throw new Error(`Demandeur ${seekerId} introuvable pour un message.`);
    return { seeker, agency: this.agencies.get(seeker.agencyId)! };
  }
}

/** The appointments `ids`, read once. */
async function appointmentsById(tx: Tx, ids: readonly string[]): Promise<Map<string, NoticeAppointment>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx.appointment.findMany({ where: { id: { in: unique } }, select: NOTICE_APPOINTMENT_SELECT });
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of unique) if (!byId.has(id)) throw new Error(`Rendez-vous ${id} introuvable pour un message.`);
  return byId;
}

/**
 * The calendar file of each appointment of `heads` (the current row of its meeting: booked, moved to, or cancelled
 * without replacement), as the feed shows it: the chain's root found by following `replacesId` back, one query per
 * level of moves for the whole batch.
 */
async function calendarFiles(tx: Tx, heads: readonly NoticeAppointment[], now: Date): Promise<Map<string, string>> {
  // Every row read so far and the row it replaces; a link to a row that no longer exists ends the chain, as in the feed.
  const parentOf = new Map<string, string | null>(heads.map((h) => [h.id, h.replacesId]));
  const asked = new Set<string>();
  let missing = [...new Set(heads.map((h) => h.replacesId).filter((id): id is string => id !== null && !parentOf.has(id)))];
  while (missing.length > 0) {
    for (const id of missing) asked.add(id);
    const rows = await tx.appointment.findMany({ where: { id: { in: missing } }, select: { id: true, replacesId: true } });
    for (const row of rows) parentOf.set(row.id, row.replacesId);
    missing = [...new Set(rows.map((r) => r.replacesId).filter((id): id is string => id !== null && !parentOf.has(id) && !asked.has(id)))];
  }
  const files = new Map<string, string>();
  for (const head of heads) {
    const ids = [head.id];
    const seen = new Set(ids);
    for (let parent = parentOf.get(head.id) ?? null; parent !== null && parentOf.has(parent) && !seen.has(parent); parent = parentOf.get(parent) ?? null) {
      ids.unshift(parent);
      seen.add(parent);
    }
    const chain = { rootId: ids[0]!, head, moves: ids.length - 1, ids };
    files.set(head.id, buildCalendar({ events: [appointmentEvent(chain, now)], now }));
  }
  return files;
}

const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

/** An appointment as a message tells it, in its agency's time zone. */
export function messageAppointment(
  a: Pick<CalendarAppointment, "kind" | "startsAt" | "channel" | "advisor" | "socialWorker">,
  timeZone: string,
): MessageAppointment {
  return {
    kind: a.kind,
    when: { instant: a.startsAt.toISOString(), timeZone },
    channel: a.channel,
    advisorName: fullName(a.advisor),
    socialWorkerName: a.socialWorker ? fullName(a.socialWorker) : null,
  };
}

type Notice = {
  seeker: Recipient;
  agency: Sender;
  appointmentId: string | null;
  input: MessageInput;
  mandatory: boolean;
  ics: string | null;
};

/** The notices as outbox messages, written together (`queueSeekerMessages`); returns the ids of the messages queued. */
async function queue(tx: Tx, notices: readonly Notice[]): Promise<string[]> {
  const messages = await queueSeekerMessages(
    tx,
    notices.map((notice) => ({
      agencyId: notice.agency.id,
      seekerId: notice.seeker.id,
      contact: notice.seeker,
      departement: notice.agency.departement,
      appointmentId: notice.appointmentId,
      kind: notice.input.kind,
      composed: composeMessage(notice.input),
      mandatory: notice.mandatory,
      ics: notice.ics,
    })),
  );
  return messages.map((m) => m.id);
}

// ————————————————————————————————————————————— at booking

/**
 * One convocation per appointment just booked (any seekers, any kinds), with its calendar file. Mandatory (sent even
 * to a seeker who opted out of optional messages) for the M4 and M9 reviews. Returns the ids of the messages queued.
 */
export async function queueConvocations(tx: Tx, { appointmentIds, now }: { appointmentIds: readonly string[]; now: Date }): Promise<string[]> {
  if (appointmentIds.length === 0) return [];
  const byId = await appointmentsById(tx, appointmentIds);
  const heads = [...byId.values()];
  const audience = await Audience.load(
    tx,
    heads.map((a) => a.seekerId),
  );
  const files = await calendarFiles(tx, heads, now);
  const notices: Notice[] = [];
  for (const head of heads) {
    const { seeker, agency } = audience.of(head.seekerId);
    notices.push({
      seeker,
      agency,
      appointmentId: head.id,
      input: { kind: "CONVOCATION", firstName: seeker.firstName, agency: agency.message, appointment: messageAppointment(head, agency.timeZone) },
      mandatory: MANDATORY_KINDS.has(head.kind),
      ics: files.get(head.id)!,
    });
  }
  return queue(tx, notices);
}

// ————————————————————————————————————————————— on a change

/**
 * The reminders not sent yet (QUEUED) of these appointments are CANCELLED: none goes for an appointment moved or
 * cancelled. Returns how many were cancelled.
 */
export async function cancelQueuedReminders(tx: Tx, appointmentIds: readonly string[]): Promise<number> {
  if (appointmentIds.length === 0) return 0;
  const { count } = await tx.outboxMessage.updateMany({
    where: { appointmentId: { in: [...new Set(appointmentIds)] }, kind: "REMINDER", status: "QUEUED" },
    data: { status: "CANCELLED" },
  });
  return count;
}

/**
 * Moves: each `from` (now cancelled) replaced by `to`, in the same transaction. The notice says the old and the new
 * date (and advisor or channel when they changed); its calendar file is the same event as the convocation's, one
 * SEQUENCE higher per move. The reminders still queued for `from` are cancelled.
 */
export async function queueRescheduleNotices(tx: Tx, moves: readonly { fromId: string; toId: string }[], now: Date): Promise<string[]> {
  if (moves.length === 0) return [];
  await cancelQueuedReminders(
    tx,
    moves.map((m) => m.fromId),
  );
  const byId = await appointmentsById(
    tx,
    moves.flatMap((m) => [m.fromId, m.toId]),
  );
  const audience = await Audience.load(
    tx,
    [...byId.values()].map((a) => a.seekerId),
  );
  const files = await calendarFiles(
    tx,
    moves.map((m) => byId.get(m.toId)!),
    now,
  );
  const notices: Notice[] = [];
  for (const move of moves) {
    const before = byId.get(move.fromId)!;
    const after = byId.get(move.toId)!;
    const { seeker, agency } = audience.of(after.seekerId);
    notices.push({
      seeker,
      agency,
      appointmentId: after.id,
      input: {
        kind: "CHANGE",
        firstName: seeker.firstName,
        agency: agency.message,
        change: { type: "RESCHEDULED", before: messageAppointment(before, agency.timeZone), after: messageAppointment(after, agency.timeZone) },
      },
      mandatory: MANDATORY_KINDS.has(after.kind),
      ics: files.get(after.id)!,
    });
  }
  return queue(tx, notices);
}

/**
 * Cancellations (not moves): the notice names the appointment cancelled; its calendar file is the same event with
 * STATUS:CANCELLED and a higher SEQUENCE. The reminders still queued are cancelled.
 */
export async function queueCancellationNotices(tx: Tx, appointmentIds: readonly string[], now: Date): Promise<string[]> {
  if (appointmentIds.length === 0) return [];
  await cancelQueuedReminders(tx, appointmentIds);
  const byId = await appointmentsById(tx, appointmentIds);
  const heads = [...byId.values()];
  const audience = await Audience.load(
    tx,
    heads.map((a) => a.seekerId),
  );
  const files = await calendarFiles(tx, heads, now);
  const notices: Notice[] = [];
  for (const appointment of heads) {
    const { seeker, agency } = audience.of(appointment.seekerId);
    notices.push({
      seeker,
      agency,
      appointmentId: appointment.id,
      input: {
        kind: "CHANGE",
        firstName: seeker.firstName,
        agency: agency.message,
        change: { type: "CANCELLED", appointment: messageAppointment(appointment, agency.timeZone) },
      },
      mandatory: MANDATORY_KINDS.has(appointment.kind),
      ics: files.get(appointment.id)!,
    });
  }
  return queue(tx, notices);
}

/** Each seeker's next appointment still to come (SCHEDULED, starting after `now`), read in one query. */
async function nextAppointments(tx: Tx, seekerIds: readonly string[], now: Date): Promise<Map<string, NoticeAppointment>> {
  if (seekerIds.length === 0) return new Map();
  const rows = await tx.appointment.findMany({
    where: { seekerId: { in: [...new Set(seekerIds)] }, status: "SCHEDULED", startsAt: { gt: now } },
    select: NOTICE_APPOINTMENT_SELECT,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    distinct: ["seekerId"],
  });
  return new Map(rows.map((row) => [row.seekerId, row]));
}

/**
 * Another advisor follows each of these seekers — after a rebalancing of the agency's portfolios, or a transfer — in
 * the transaction that changed it: the notice names the previous and the new advisor and the next appointment (read
 * after the change: a re-planned one at its new date). Mandatory when that next appointment is an M4 or M9 review.
 * A re-planned appointment also gets its own move notice (`queueRescheduleNotices`), with its calendar file.
 */
export async function queueNewAdvisorNotices(
  tx: Tx,
  changes: readonly { seekerId: string; previousAdvisorId: string; advisorId: string }[],
  reason: "REBALANCING" | "TRANSFER",
  now: Date,
): Promise<string[]> {
  const effective = changes.filter((c) => c.previousAdvisorId !== c.advisorId);
  if (effective.length === 0) return [];
  const seekerIds = effective.map((c) => c.seekerId);
  const audience = await Audience.load(tx, seekerIds);
  const advisorIds = [...new Set(effective.flatMap((c) => [c.previousAdvisorId, c.advisorId]))];
  const advisors = new Map(
    (await tx.user.findMany({ where: { id: { in: advisorIds } }, select: { id: true, firstName: true, lastName: true } })).map((u) => [u.id, fullName(u)]),
  );
  const next = await nextAppointments(tx, seekerIds, now);
  const notices: Notice[] = [];
  for (const change of effective) {
    const { seeker, agency } = audience.of(change.seekerId);
    const nextAppointment = next.get(change.seekerId) ?? null;
    notices.push({
      seeker,
      agency,
      appointmentId: nextAppointment?.id ?? null,
      input: {
        kind: "CHANGE",
        firstName: seeker.firstName,
        agency: agency.message,
        change: {
          type: "NEW_ADVISOR",
          reason,
          previousAdvisorName: advisors.get(change.previousAdvisorId) ?? "",
          advisorName: advisors.get(change.advisorId) ?? "",
          nextAppointment: nextAppointment ? messageAppointment(nextAppointment, agency.timeZone) : null,
        },
      },
      mandatory: nextAppointment !== null && MANDATORY_KINDS.has(nextAppointment.kind),
      ics: null,
    });
  }
  return queue(tx, notices);
}

// ————————————————————————————————————————————— a seeker's request answered

/**
 * The advisor answered a seeker's request to move an appointment without moving it
 * (docs/rules.md#seekers-requests-on-appointments): another slot proposed (in the agency's time zone), or the request
 * declined with the advisor's short reason. No calendar file: the appointment does not change. Mandatory, as the
 * appointment's change notices, for an M4 or M9 review. An accepted slot sends the change notice instead.
 */
export async function queueRequestAnswerNotice(
  tx: Tx,
  input: { appointmentId: string } & ({ type: "PROPOSED"; proposedStartsAt: Date } | { type: "DECLINED"; reason: string }),
): Promise<string[]> {
  const appointment = (await appointmentsById(tx, [input.appointmentId])).get(input.appointmentId)!;
  const audience = await Audience.load(tx, [appointment.seekerId]);
  const { seeker, agency } = audience.of(appointment.seekerId);
  const current = messageAppointment(appointment, agency.timeZone);
  return queue(tx, [
    {
      seeker,
      agency,
      appointmentId: appointment.id,
      input: {
        kind: "REQUEST_ANSWER",
        firstName: seeker.firstName,
        agency: agency.message,
        answer:
          input.type === "PROPOSED"
            ? { type: "PROPOSED", appointment: current, proposed: { instant: input.proposedStartsAt.toISOString(), timeZone: agency.timeZone } }
            : { type: "DECLINED", appointment: current, reason: input.reason },
      },
      mandatory: MANDATORY_KINDS.has(appointment.kind),
      ics: null,
    },
  ]);
}

// ————————————————————————————————————————————— after a diagnostic

/**
 * The result of a confirmed diagnostic: the modality in plain words, who the advisor is, and the next appointment
 * (read after the bookings of the confirmation). Never mandatory; never a barrier (compose has no field for them).
 */
export async function queueDiagnosticResult(
  tx: Tx,
  input: { seekerId: string; modality: Modality; agreedRhythmMonths: number | null; webOnly: boolean; advisorId: string; now: Date },
): Promise<string[]> {
  const audience = await Audience.load(tx, [input.seekerId]);
  const { seeker, agency } = audience.of(input.seekerId);
  const advisor = await tx.user.findUniqueOrThrow({ where: { id: input.advisorId }, select: { firstName: true, lastName: true } });
  const nextAppointment = (await nextAppointments(tx, [input.seekerId], input.now)).get(input.seekerId) ?? null;
  return queue(tx, [
    {
      seeker,
      agency,
      appointmentId: null,
      input: {
        kind: "DIAGNOSTIC_RESULT",
        firstName: seeker.firstName,
        agency: agency.message,
        modality: input.modality,
        agreedRhythmMonths: input.agreedRhythmMonths,
        webOnly: input.webOnly,
        advisorName: fullName(advisor),
        nextAppointment: nextAppointment ? messageAppointment(nextAppointment, agency.timeZone) : null,
      },
      mandatory: false,
      ics: null,
    },
  ]);
}
