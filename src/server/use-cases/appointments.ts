/**
 * Appointment use cases of the seeker page (issue #4): record an outcome, cancel, reschedule, 100 % web.
 * Each runs in one transaction and first checks that the advisor may act on this seeker: the seeker is in
 * `seekerScope(actor)` AND in one of the actor's own portfolios (never a colleague's seeker), else NOT_FOUND.
 */
import "server-only";
import { z } from "zod";
import {
  addDays,
  BusyCalendar,
  canTransitionAppointment,
  findFreeSlot,
  isValidDiagnosticAnswers,
  isWebOnlyEligible,
  localDateOf,
  localToInstant,
  maxDate,
  planningHorizon,
  timeZoneOf,
  withinPlanningHorizon,
  type AppointmentStatus,
  type IsoDate,
  type Modality,
} from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import { auditRow } from "@/server/audit";
import { DomainError } from "@/server/errors";
import { isRetryableTransactionError, withRetry } from "./transactions";
import { seekerScope, type Actor } from "@/server/auth/policy";
import {
  cancelAppointmentSchema,
  recordOutcomeSchema,
  rescheduleAppointmentSchema,
  setWebOnlySchema,
  frenchDate,
  type Outcome,
} from "./appointments.schema";

export type UseCaseOptions = { now?: Date };

type Tx = Prisma.TransactionClient;

const NOT_FOUND_APPOINTMENT = "Rendez-vous introuvable.";
const NOT_FOUND_SEEKER = "Demandeur d'emploi introuvable.";
const RESCHEDULE_ATTEMPTS = 6;

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError("INVALID", parsed.error.issues[0]?.message ?? "Les informations envoyées ne sont pas valides.");
  }
  return parsed.data;
}

/** The Prisma filter of the seekers this advisor may act on: in scope and in one of their own portfolios. */
function actionableSeeker(actor: Actor, seekerId: string): Prisma.SeekerWhereInput {
  return { AND: [seekerScope(actor), { id: seekerId, portfolio: { advisorId: actor.id } }] };
}

async function assertActionableSeeker(tx: Tx, actor: Actor, seekerId: string, message: string) {
  if (actor.role !== "ADVISOR") throw new DomainError("NOT_FOUND", message);
  const seeker = await tx.seeker.findFirst({
    where: actionableSeeker(actor, seekerId),
    select: { id: true, agencyId: true, modality: true },
  });
  if (!seeker) throw new DomainError("NOT_FOUND", message);
  return seeker;
}

/** An appointment of a seeker the advisor may act on, or NOT_FOUND (same answer whether absent or out of scope). */
async function loadAppointment(tx: Tx, actor: Actor, appointmentId: string) {
  const appointment = await tx.appointment.findUnique({
    where: { id: appointmentId },
    select: {
      id: true,
      agencyId: true,
      seekerId: true,
      advisorId: true,
      socialWorkerId: true,
      kind: true,
      channel: true,
      status: true,
      startsAt: true,
      endsAt: true,
    },
  });
  if (!appointment) throw new DomainError("NOT_FOUND", NOT_FOUND_APPOINTMENT);
  const seeker = await assertActionableSeeker(tx, actor, appointment.seekerId, NOT_FOUND_APPOINTMENT);
  if (seeker.agencyId !== appointment.agencyId) throw new DomainError("NOT_FOUND", NOT_FOUND_APPOINTMENT);
  return appointment;
}

function assertTransition(from: AppointmentStatus, to: AppointmentStatus): void {
  if (!canTransitionAppointment(from, to)) {
    throw new DomainError("CONFLICT", "Ce rendez-vous n'est plus planifié : son issue a déjà été enregistrée ou il a été annulé.");
  }
}

/** Moves SCHEDULED → `to` only if still SCHEDULED (a concurrent change makes it fail cleanly). */
async function transition(tx: Tx, id: string, to: AppointmentStatus, now: Date): Promise<void> {
  const { count } = await tx.appointment.updateMany({
    where: { id, status: "SCHEDULED" },
    data: { status: to, outcomeAt: now },
  });
  if (count !== 1) {
    throw new DomainError("CONFLICT", "Ce rendez-vous vient d'être modifié par ailleurs. Rechargez la page.");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// recordOutcome

export type OutcomeResult = { appointmentId: string; status: Outcome; outcomeAt: string };

/** Records DONE / NO_SHOW / EXCUSED on a SCHEDULED appointment that has started. */
export async function recordOutcome(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<OutcomeResult> {
  const { appointmentId, outcome } = parse(recordOutcomeSchema, input);
  const now = options.now ?? new Date();
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const appointment = await loadAppointment(tx, actor, appointmentId);
    assertTransition(appointment.status, outcome);
    if (appointment.startsAt.getTime() > now.getTime()) {
      throw new DomainError(
        "INVALID",
        "Ce rendez-vous n'a pas encore commencé : son issue ne peut être enregistrée qu'à partir de son heure de début.",
      );
    }
    await transition(tx, appointment.id, outcome, now);
    await tx.auditEvent.create({
      data: auditRow({
        actor,
        action: "appointment.outcome_recorded",
        agencyId: appointment.agencyId,
        subjectType: "Appointment",
        subjectId: appointment.id,
        seekerId: appointment.seekerId,
        metadata: { outcome },
      }),
      select: { id: true },
    });
    return { appointmentId: appointment.id, status: outcome, outcomeAt: now.toISOString() };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// cancelAppointment

export type CancelResult = { appointmentId: string; status: "CANCELLED" };

function assertFuture(startsAt: Date, now: Date, verb: string): void {
  if (startsAt.getTime() <= now.getTime()) {
    throw new DomainError(
      "INVALID",
      `Ce rendez-vous a déjà commencé ou est passé : il ne peut plus être ${verb}. Enregistrez plutôt son issue (honoré, absent, absence excusée).`,
    );
  }
}

/** Cancels a SCHEDULED appointment that has not started yet. */
export async function cancelAppointment(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<CancelResult> {
  const { appointmentId } = parse(cancelAppointmentSchema, input);
  const now = options.now ?? new Date();
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const appointment = await loadAppointment(tx, actor, appointmentId);
    assertTransition(appointment.status, "CANCELLED");
    assertFuture(appointment.startsAt, now, "annulé");
    await transition(tx, appointment.id, "CANCELLED", now);
    await tx.auditEvent.create({
      data: auditRow({
        actor,
        action: "appointment.cancelled",
        agencyId: appointment.agencyId,
        subjectType: "Appointment",
        subjectId: appointment.id,
        seekerId: appointment.seekerId,
      }),
      select: { id: true },
    });
    return { appointmentId: appointment.id, status: "CANCELLED" };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// rescheduleAppointment

export type RescheduleResult = { cancelledId: string; appointmentId: string; startsAt: string; endsAt: string };


async function rescheduleOnce(actor: Actor, appointmentId: string, date: IsoDate | undefined, now: Date): Promise<RescheduleResult> {
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const old = await loadAppointment(tx, actor, appointmentId);
    assertTransition(old.status, "CANCELLED");
    assertFuture(old.startsAt, now, "reporté");
    const agency = await tx.agency.findUniqueOrThrow({
      where: { id: old.agencyId },
      select: { departement: true, appointmentStart: true, appointmentEnd: true, slotMinutes: true },
    });
    const zone = timeZoneOf(agency.departement);
    const today = localDateOf(now.toISOString(), zone);
    if (date !== undefined && !withinPlanningHorizon(date, today)) {
      const horizon = planningHorizon(today);
      throw new DomainError("INVALID", `Date de report : entre le ${frenchDate(horizon.from)} et le ${frenchDate(horizon.to)} (deux ans au plus).`);
    }
    const tomorrow = addDays(today, 1);
    const from = maxDate(date ?? tomorrow, tomorrow);
    const durationMinutes = Math.round((old.endsAt.getTime() - old.startsAt.getTime()) / 60_000);

    await transition(tx, old.id, "CANCELLED", now);
    const busyRows = await tx.appointment.findMany({
      where: {
        advisorId: old.advisorId,
        status: { not: "CANCELLED" },
        endsAt: { gt: new Date(localToInstant(addDays(from, -1), "00:00", zone)) },
      },
      orderBy: { startsAt: "asc" },
      select: { startsAt: true, endsAt: true },
    });
    const busy = BusyCalendar.fromEpochMs(busyRows.map((row) => [row.startsAt.getTime(), row.endsAt.getTime()] as const));
    const slot = findFreeSlot({
      departement: agency.departement,
      from,
      durationMinutes,
      hours: { start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes },
      busy,
    });
    if (slot === null) {
      throw new DomainError("CONFLICT", "Aucun créneau libre n'a été trouvé pour ce conseiller dans les deux prochaines années.");
    }
    const startsAt = new Date(slot);
    const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
    const created = await tx.appointment.create({
      data: {
        agencyId: old.agencyId,
        seekerId: old.seekerId,
        advisorId: old.advisorId,
        socialWorkerId: old.socialWorkerId,
        kind: old.kind,
        channel: old.channel,
        startsAt,
        endsAt,
        replacesId: old.id,
      },
      select: { id: true },
    });
    await tx.auditEvent.create({
      data: auditRow({
        actor,
        action: "appointment.rescheduled",
        agencyId: old.agencyId,
        subjectType: "Appointment",
        subjectId: created.id,
        seekerId: old.seekerId,
        metadata: { replacesId: old.id },
      }),
      select: { id: true },
    });
    return { cancelledId: old.id, appointmentId: created.id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
  });
}

/**
 * Cancels a future SCHEDULED appointment and books one of the same kind, duration and channel with the same
 * advisor at the first free slot from max(date ?? tomorrow, tomorrow) (agency-local dates), linked by `replacesId`.
 * A concurrent booking of the same slot (exclusion constraint) makes it retry with a fresh calendar.
 */
export async function rescheduleAppointment(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<RescheduleResult> {
  const { appointmentId, date } = parse(rescheduleAppointmentSchema, input);
  const now = options.now ?? new Date();
  try {
    return await withRetry(() => rescheduleOnce(actor, appointmentId, date, now), RESCHEDULE_ATTEMPTS);
  } catch (error) {
    if (isRetryableTransactionError(error)) {
      throw new DomainError("CONFLICT", "Le créneau trouvé vient d'être pris par un autre rendez-vous. Veuillez réessayer.");
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// setWebOnly

export type WebOnlyResult = { seekerId: string; webOnly: boolean };

/** 100 % web is open to SUIVI seekers whose latest diagnostic says they volunteered and are digitally autonomous. */
export function webOnlyEligible(modality: Modality | null, latestAnswers: unknown): boolean {
  return isValidDiagnosticAnswers(latestAnswers) && isWebOnlyEligible(modality, latestAnswers);
}

export async function setWebOnly(actor: Actor, input: unknown, _options: UseCaseOptions = {}): Promise<WebOnlyResult> {
  const { seekerId, webOnly } = parse(setWebOnlySchema, input);
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const seeker = await assertActionableSeeker(tx, actor, seekerId, NOT_FOUND_SEEKER);
    const latest = await tx.diagnostic.findFirst({
      where: { seekerId: seeker.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { answers: true },
    });
    // Leaving 100 % web is always possible; entering it has conditions.
    if (webOnly && seeker.modality !== "SUIVI") {
      throw new DomainError("INVALID", "Le suivi 100 % web n'est possible qu'en modalité « suivi et appui à la recherche d'emploi ».");
    }
    if (webOnly && !webOnlyEligible(seeker.modality, latest?.answers)) {
      throw new DomainError(
        "INVALID",
        "Le suivi 100 % web n'est possible que si le dernier diagnostic indique que la personne est volontaire et autonome avec le numérique.",
      );
    }
    await tx.seeker.update({ where: { id: seeker.id }, data: { webOnly }, select: { id: true } });
    await tx.auditEvent.create({
      data: auditRow({
        actor,
        action: "seeker.web_only_set",
        agencyId: seeker.agencyId,
        subjectType: "Seeker",
        subjectId: seeker.id,
        seekerId: seeker.id,
        metadata: { webOnly },
      }),
      select: { id: true },
    });
    return { seekerId: seeker.id, webOnly };
  });
}
