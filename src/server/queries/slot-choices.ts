/**
 * What the rule for moving an appointment needs from the database (docs/rules.md#moving-an-appointment): the
 * agency's territory, hours and minimum notice, the seeker's registration date (a review's window), and the busy time
 * of the advisor (and of the social worker of a joint meeting), the appointment being moved left out. Read by the
 * seeker's file (the choices shown), by the reschedule use case (the re-check, inside its transaction) and by
 * rebalancing (re-plans).
 */
import "server-only";
import {
  BusyCalendar,
  localDateOf,
  slotChoices,
  SLOT_CHOICES_SHOWN,
  timeZoneOf,
  type AppointmentKind,
  type IsoDate,
  type SlotChoiceInput,
  type SlotChoices,
} from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import { SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { isoDate } from "@/lib/format";
import { isUuid } from "@/lib/route-params";

/** Any Prisma client, inside a transaction or not. */
type Db = Prisma.TransactionClient;

/** The appointment to move, as the rule needs it. */
export type MovingAppointment = {
  id: string;
  agencyId: string;
  seekerId: string;
  advisorId: string;
  socialWorkerId: string | null;
  kind: AppointmentKind;
  startsAt: Date;
  endsAt: Date;
};

/** The agency fields the rule reads. */
export const moveAgencySelect = {
  departement: true,
  appointmentStart: true,
  appointmentEnd: true,
  slotMinutes: true,
  minNoticeDays: true,
} as const satisfies Prisma.AgencySelect;
export type MoveAgency = Prisma.AgencyGetPayload<{ select: typeof moveAgencySelect }>;

/** The live appointments of these people ending after `since`, `excludeIds` left out, as a busy calendar. */
export async function busyCalendarOf(db: Db, people: { advisorIds: string[]; socialWorkerIds?: string[] }, since: Date, excludeIds: string[] = []): Promise<BusyCalendar> {
  const rows = await db.appointment.findMany({
    where: {
      OR: [{ advisorId: { in: people.advisorIds } }, ...(people.socialWorkerIds?.length ? [{ socialWorkerId: { in: people.socialWorkerIds } }] : [])],
      status: { not: "CANCELLED" },
      endsAt: { gt: since },
      ...(excludeIds.length ? { id: { notIn: excludeIds } } : {}),
    },
    select: { startsAt: true, endsAt: true },
  });
  return BusyCalendar.fromEpochMs(rows.map((row) => [row.startsAt.getTime(), row.endsAt.getTime()] as const));
}

/**
 * The rule's input for moving `appointment` to `advisorId` (its own advisor by default): the busy calendar is read
 * from `db` (call it inside the transaction that books, so the re-check sees what is committed).
 */
export async function moveRuleInput(
  db: Db,
  appointment: MovingAppointment,
  now: Date,
  options: { advisorId?: string; seekerAgreed?: boolean; agency?: MoveAgency; busy?: BusyCalendar } = {},
): Promise<SlotChoiceInput & { today: IsoDate }> {
  const agency = options.agency ?? (await db.agency.findUniqueOrThrow({ where: { id: appointment.agencyId }, select: moveAgencySelect }));
  const seeker = await db.seeker.findUniqueOrThrow({ where: { id: appointment.seekerId }, select: { registrationDate: true } });
  const advisorId = options.advisorId ?? appointment.advisorId;
  const busy =
    options.busy ??
    (await busyCalendarOf(
      db,
      { advisorIds: [advisorId], socialWorkerIds: appointment.socialWorkerId ? [appointment.socialWorkerId] : [] },
      new Date(now.getTime() - 86_400_000),
      [appointment.id],
    ));
  return {
    kind: appointment.kind,
    registrationDate: isoDate(seeker.registrationDate),
    departement: agency.departement,
    hours: { start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes },
    durationMinutes: Math.round((appointment.endsAt.getTime() - appointment.startsAt.getTime()) / 60_000),
    busy,
    today: localDateOf(now.toISOString(), timeZoneOf(agency.departement)),
    now: now.toISOString(),
    minNoticeDays: agency.minNoticeDays,
    seekerAgreed: options.seekerAgreed === true,
  };
}

/** What the seeker's file shows to reschedule one appointment: the choices, and what the agency's notice is. */
export type RescheduleChoices = SlotChoices & {
  appointmentId: string;
  kind: AppointmentKind;
  channel: "AGENCY" | "PHONE" | "VIDEO";
  startsAt: string;
  minNoticeDays: number;
  seekerAgreed: boolean;
};

/**
 * The slots the advisor in charge may move one of their seeker's future appointments to, `after` an instant to see
 * later ones; null when the appointment is unknown, not planned, started, or not of a seeker in the actor's own
 * portfolios (as the use case would refuse it).
 */
export async function rescheduleChoices(
  actor: Actor,
  seekerId: string,
  appointmentId: string,
  options: { now?: Date; seekerAgreed?: boolean; after?: string | null } = {},
): Promise<RescheduleChoices | null> {
  if (!isUuid(seekerId) || !isUuid(appointmentId) || actor.role !== "ADVISOR") return null;
  const now = options.now ?? new Date();
  const db = await prisma();
  const appointment = await db.appointment.findFirst({
    where: {
      id: appointmentId,
      seekerId,
      ...(actor.agencyId ? { agencyId: actor.agencyId } : {}),
      status: "SCHEDULED",
      startsAt: { gt: now },
      seeker: SEEKER_SCOPES.inOwnPortfolio(actor),
    },
    select: { id: true, agencyId: true, seekerId: true, advisorId: true, socialWorkerId: true, kind: true, channel: true, startsAt: true, endsAt: true },
  });
  if (!appointment) return null;
  const input = await moveRuleInput(db, appointment, now, { seekerAgreed: options.seekerAgreed });
  const after = options.after && !Number.isNaN(Date.parse(options.after)) && /Z$|[+-]\d\d:\d\d$/.test(options.after) ? options.after : undefined;
  const choices = slotChoices(input, { limit: SLOT_CHOICES_SHOWN, after });
  return {
    ...choices,
    appointmentId: appointment.id,
    kind: appointment.kind,
    channel: appointment.channel,
    startsAt: appointment.startsAt.toISOString(),
    minNoticeDays: input.minNoticeDays,
    seekerAgreed: options.seekerAgreed === true,
  };
}
