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
  replanSlot,
  slotChoices,
  SLOT_CHOICES_SHOWN,
  timeZoneOf,
  windowOfKind,
  type AppointmentKind,
  type DateWindow,
  type IsoDate,
  type SlotChoiceInput,
  type SlotChoices,
  inTandem,
} from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import { SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { isoDate } from "@/lib/format";
import { isUuid } from "@/lib/route-params";
import { closureDatesOf } from "./agency-closures";

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
export async function busyCalendarOf(
  db: Db,
  people: { advisorIds: string[]; socialWorkerIds?: string[] },
  since: Date,
  excludeIds: string[] = [],
): Promise<BusyCalendar> {
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
  const today = localDateOf(now.toISOString(), timeZoneOf(agency.departement));
  return {
    kind: appointment.kind,
    registrationDate: isoDate(seeker.registrationDate),
    departement: agency.departement,
    hours: { start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes },
    durationMinutes: Math.round((appointment.endsAt.getTime() - appointment.startsAt.getTime()) / 60_000),
    busy,
    today,
    now: now.toISOString(),
    minNoticeDays: agency.minNoticeDays,
    seekerAgreed: options.seekerAgreed === true,
    closures: await closureDatesOf(db, appointment.agencyId, today),
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

// ---------------------------------------------------------------------------------------------------------------
// Rebalancing: where each future appointment of a moved seeker goes (docs/rules.md#rebalancing)

/** A seeker changing advisor: their future appointments with `fromAdvisorId` go to `toAdvisorId`. */
export type SeekerHandover = { seekerId: string; fromAdvisorId: string; toAdvisorId: string };

/** What happens to one future appointment of a seeker who changes advisor. */
export type AppointmentHandover = {
  appointmentId: string;
  seekerId: string;
  kind: AppointmentKind;
  channel: "AGENCY" | "PHONE" | "VIDEO";
  socialWorkerId: string | null;
  toAdvisorId: string;
  fromStartsAt: string;
  /** The new start: the same when the appointment follows (the new advisor is free then); null when no slot is left. */
  toStartsAt: string | null;
  toEndsAt: string | null;
  /** True when it keeps its time with the new advisor; false when it is re-planned. */
  followed: boolean;
  /** A review's window (M4/M9), and whether the new date lies outside it (the window had no free slot left). */
  window: DateWindow | null;
  outsideWindow: boolean;
};

/**
 * Plans the handover of the seekers' future appointments, seekers in id order and appointments in time order: each
 * follows the seeker when the new advisor is free at that time, otherwise it is re-planned by the rule for moving an
 * appointment (`replanSlot`, from its local date; no agreement of the seeker is assumed). Reads only: the preview
 * shows this plan and the use case applies it, inside its transaction.
 */
export async function planHandovers(db: Db, agencyId: string, handovers: SeekerHandover[], now: Date): Promise<AppointmentHandover[]> {
  if (handovers.length === 0) return [];
  const agency = await db.agency.findUniqueOrThrow({ where: { id: agencyId }, select: moveAgencySelect });
  const zone = timeZoneOf(agency.departement);
  const sorted = [...handovers].sort((a, b) => (a.seekerId < b.seekerId ? -1 : a.seekerId > b.seekerId ? 1 : 0));
  const appointments = await db.appointment.findMany({
    where: { OR: sorted.map((h) => ({ seekerId: h.seekerId, advisorId: h.fromAdvisorId })), status: "SCHEDULED", startsAt: { gt: now } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: { id: true, agencyId: true, seekerId: true, advisorId: true, socialWorkerId: true, kind: true, channel: true, startsAt: true, endsAt: true },
  });
  if (appointments.length === 0) return [];
  const seekers = await db.seeker.findMany({ where: { id: { in: sorted.map((h) => h.seekerId) } }, select: { id: true, registrationDate: true } });
  const registrationOf = new Map(seekers.map((s) => [s.id, isoDate(s.registrationDate)]));
  const since = new Date(now.getTime() - 86_400_000);
  const calendars = new Map<string, BusyCalendar>();
  const calendarOf = async (people: { advisorIds: string[]; socialWorkerIds?: string[] }) => {
    const key = [...people.advisorIds, ...(people.socialWorkerIds ?? []).map((id) => `sw:${id}`)].join("|");
    let calendar = calendars.get(key);
    if (!calendar) {
      calendar = await busyCalendarOf(db, people, since);
      calendars.set(key, calendar);
    }
    return calendar;
  };
  const today = localDateOf(now.toISOString(), zone);
  const closures = await closureDatesOf(db, agencyId, today);
  const agendaOfWorker = await socialWorkerAgendas(db, appointments, since);
  const plan: AppointmentHandover[] = [];
  const appointmentsOf = new Map<string, typeof appointments>();
  for (const appointment of appointments) appointmentsOf.set(appointment.seekerId, [...(appointmentsOf.get(appointment.seekerId) ?? []), appointment]);
  for (const handover of sorted) {
    for (const appointment of appointmentsOf.get(handover.seekerId) ?? []) {
      const advisorCalendar = await calendarOf({ advisorIds: [handover.toAdvisorId] });
      // A joint meeting also needs the social worker free: their agenda (but this meeting) joins the advisor's for this one.
      const calendar = appointment.socialWorkerId
        ? withBusy(
            advisorCalendar,
            BusyCalendar.fromEpochMs(
              (agendaOfWorker.get(appointment.socialWorkerId) ?? []).filter((busy) => busy.id !== appointment.id).map((busy) => busy.interval),
            ),
          )
        : advisorCalendar;
      const start = appointment.startsAt.getTime();
      const end = appointment.endsAt.getTime();
      const registrationDate = registrationOf.get(appointment.seekerId) ?? null;
      const window = registrationDate ? windowOfKind(appointment.kind, registrationDate) : null;
      let toStart: number | null = null;
      let followed = false;
      if (calendar.isFree(start, end)) {
        toStart = start;
        followed = true;
      } else {
        const input: SlotChoiceInput = {
          kind: appointment.kind,
          registrationDate,
          departement: agency.departement,
          hours: { start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes },
          durationMinutes: Math.round((end - start) / 60_000),
          busy: calendar,
          today,
          now: now.toISOString(),
          minNoticeDays: agency.minNoticeDays,
          closures,
        };
        const slot = replanSlot(input, localDateOf(appointment.startsAt.toISOString(), zone));
        toStart = slot ? Date.parse(slot.startsAt) : null;
      }
      const toEnd = toStart === null ? null : toStart + (end - start);
      if (toStart !== null && toEnd !== null) advisorCalendar.add(toStart, toEnd);
      const toDate = toStart === null ? null : localDateOf(new Date(toStart).toISOString(), zone);
      plan.push({
        appointmentId: appointment.id,
        seekerId: appointment.seekerId,
        kind: appointment.kind,
        channel: appointment.channel,
        socialWorkerId: appointment.socialWorkerId,
        toAdvisorId: handover.toAdvisorId,
        fromStartsAt: appointment.startsAt.toISOString(),
        toStartsAt: toStart === null ? null : new Date(toStart).toISOString(),
        toEndsAt: toEnd === null ? null : new Date(toEnd).toISOString(),
        followed,
        window,
        outsideWindow: window !== null && toDate !== null && (toDate < window.from || toDate > window.to),
      });
    }
  }
  return plan;
}

/** The live appointments of the social workers of these joint meetings, read once, by worker. */
async function socialWorkerAgendas(db: Db, appointments: readonly { socialWorkerId: string | null }[], since: Date) {
  const workerIds = [...new Set(appointments.flatMap((a) => (a.socialWorkerId ? [a.socialWorkerId] : [])))];
  const agendas = new Map<string, { id: string; interval: readonly [number, number] }[]>();
  if (workerIds.length === 0) return agendas;
  const rows = await db.appointment.findMany({
    where: { socialWorkerId: { in: workerIds }, status: { not: "CANCELLED" }, endsAt: { gt: since } },
    select: { id: true, socialWorkerId: true, startsAt: true, endsAt: true },
  });
  for (const row of rows) {
    const worker = row.socialWorkerId as string;
    agendas.set(worker, [...(agendas.get(worker) ?? []), { id: row.id, interval: [row.startsAt.getTime(), row.endsAt.getTime()] as const }]);
  }
  return agendas;
}

/** A copy of `calendar` with `other`'s busy time added. */
export function withBusy(calendar: BusyCalendar, other: BusyCalendar): BusyCalendar {
  const merged = calendar.clone();
  for (const [start, end] of other.toEpochIntervals()) merged.add(start, end);
  return merged;
}

// ---------------------------------------------------------------------------------------------------------------
// Booking an ad-hoc appointment (a follow-up, a joint meeting) on the seeker's file

/** Who a new appointment of this seeker would bring together. */
export type NewAppointment = { agencyId: string; seekerId: string; advisorId: string; socialWorkerId: string | null; kind: AppointmentKind };

/** The rule's input for a new appointment of one slot's length: the same rule as a move, nothing to leave out. */
export async function bookingRuleInput(
  db: Db,
  appointment: NewAppointment,
  now: Date,
  options: { seekerAgreed?: boolean; agency?: MoveAgency } = {},
): Promise<SlotChoiceInput & { today: IsoDate }> {
  const agency = options.agency ?? (await db.agency.findUniqueOrThrow({ where: { id: appointment.agencyId }, select: moveAgencySelect }));
  const start = now;
  const end = new Date(now.getTime() + agency.slotMinutes * 60_000);
  return moveRuleInput(db, { ...appointment, id: "00000000-0000-0000-0000-000000000000", startsAt: start, endsAt: end }, now, {
    agency,
    seekerAgreed: options.seekerAgreed,
  });
}

/** The open tandem's social worker of a seeker (a joint meeting needs one), or null. */
export async function tandemSocialWorkerId(db: Db, seekerId: string): Promise<string | null> {
  const tandem = await db.socialTandem.findFirst({ where: { seekerId, endedAt: null }, orderBy: { startedAt: "desc" }, select: { socialWorkerId: true } });
  return tandem?.socialWorkerId ?? null;
}

export type BookingChoices = SlotChoices & { kind: "FOLLOW_UP" | "JOINT_GLOBAL"; minNoticeDays: number; seekerAgreed: boolean };

/**
 * The free slots the advisor in charge may book a follow-up or a joint meeting in (a joint meeting only in global,
 * with the tandem's social worker free too); null when the seeker is not in the actor's own portfolios or the kind
 * does not apply.
 */
export async function bookingChoices(
  actor: Actor,
  seekerId: string,
  kind: "FOLLOW_UP" | "JOINT_GLOBAL",
  options: { now?: Date; seekerAgreed?: boolean; after?: string | null } = {},
): Promise<BookingChoices | null> {
  if (!isUuid(seekerId) || actor.role !== "ADVISOR") return null;
  const now = options.now ?? new Date();
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [{ id: seekerId }, SEEKER_SCOPES.inOwnPortfolio(actor)] },
    select: { id: true, agencyId: true, modality: true },
  });
  if (!seeker) return null;
  let socialWorkerId: string | null = null;
  if (kind === "JOINT_GLOBAL") {
    if (!inTandem(seeker.modality)) return null;
    socialWorkerId = await tandemSocialWorkerId(db, seeker.id);
    if (socialWorkerId === null) return null;
  }
  const input = await bookingRuleInput(db, { agencyId: seeker.agencyId, seekerId: seeker.id, advisorId: actor.id, socialWorkerId, kind }, now, {
    seekerAgreed: options.seekerAgreed,
  });
  const after = options.after && !Number.isNaN(Date.parse(options.after)) && /Z$|[+-]\d\d:\d\d$/.test(options.after) ? options.after : undefined;
  return { ...slotChoices(input, { limit: SLOT_CHOICES_SHOWN, after }), kind, minNoticeDays: input.minNoticeDays, seekerAgreed: options.seekerAgreed === true };
}
