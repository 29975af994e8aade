/**
 * Appointment use cases of the seeker page (issue #4): record an outcome, cancel, reschedule, book, 100 % web.
 * Each runs in one transaction and first checks that the advisor may act on this seeker: the seeker is in
 * `seekerScope(actor)` AND in one of the actor's own portfolios (never a colleague's seeker), else NOT_FOUND.
 */
import "server-only";
import {
  canTransitionAppointment,
  localDateOf,
  planningHorizon,
  replanSlot,
  slotChoices,
  slotRefusal,
  timeZoneOf,
  withinPlanningHorizon,
  type AppointmentStatus,
  type IsoDate,
  inTandem,
} from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { actionableAppointment } from "@/server/queries/selects";
import { appendAudit, type AuditInput } from "@/server/audit";
import { DomainError } from "@/server/errors";
import { webOnlyEligible } from "@/lib/web-only";
import type { Actor } from "@/server/auth/policy";
import { requireSeekerInScope } from "@/server/auth/row-scope";
import { queueCancellationNotices, queueConvocations, queueRescheduleNotices } from "@/server/messages/notices";
import { bookingRuleInput, moveAgencySelect, moveRuleInput, tandemSocialWorkerId } from "@/server/queries/slot-choices";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import {
  bookAppointmentSchema,
  cancelAppointmentSchema,
  recordOutcomeSchema,
  rescheduleAppointmentSchema,
  setWebOnlySchema,
  frenchDate,
  type Outcome,
} from "./appointments.schema";

const NOT_FOUND_APPOINTMENT = "Rendez-vous introuvable.";
const NOT_FOUND_SEEKER = "Demandeur d'emploi introuvable.";
const RESCHEDULE_ATTEMPTS = 6;

/** A seeker in one of the advisor's own portfolios (never a colleague's), or NOT_FOUND with `message`. */
function assertActionableSeeker(tx: Tx, actor: Actor, seekerId: string, message: string) {
  return requireSeekerInScope(tx, actor, "inOwnPortfolio", seekerId, { id: true, agencyId: true, modality: true }, message);
}

/**
 * Creates the appointment `row` (a booking, or the replacement of a rescheduled one) and its audit entry `audit` about
 * it, in the same transaction; returns the new appointment's id.
 */
async function createAppointmentAudited(
  tx: Tx,
  actor: Actor,
  row: Prisma.AppointmentUncheckedCreateInput & { agencyId: string; seekerId: string },
  audit: Pick<AuditInput, "action" | "metadata">,
): Promise<string> {
  const created = await tx.appointment.create({ data: row, select: { id: true } });
  await appendAudit(tx, { actor, ...audit, agencyId: row.agencyId, subjectType: "Appointment", subjectId: created.id, seekerId: row.seekerId });
  return created.id;
}

/** An appointment of a seeker the advisor may act on, or NOT_FOUND (same answer whether absent or out of scope). */
async function loadAppointment(tx: Tx, actor: Actor, appointmentId: string) {
  const appointment = await tx.appointment.findUnique({
    where: { id: appointmentId },
    select: actionableAppointment,
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
  const { appointmentId, outcome } = parseInput(recordOutcomeSchema, input);
  const now = nowOf(options);
  return runInTransaction(options, async (tx) => {
    const appointment = await loadAppointment(tx, actor, appointmentId);
    assertTransition(appointment.status, outcome);
    if (appointment.startsAt.getTime() > now.getTime()) {
      throw new DomainError("INVALID", "Ce rendez-vous n'a pas encore commencé : son issue ne peut être enregistrée qu'à partir de son heure de début.");
    }
    await transition(tx, appointment.id, outcome, now);
    await appendAudit(tx, {
      actor,
      action: "appointment.outcome_recorded",
      agencyId: appointment.agencyId,
      subjectType: "Appointment",
      subjectId: appointment.id,
      seekerId: appointment.seekerId,
      metadata: { outcome },
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
  const { appointmentId } = parseInput(cancelAppointmentSchema, input);
  const now = nowOf(options);
  return runInTransaction(options, async (tx) => {
    const appointment = await loadAppointment(tx, actor, appointmentId);
    assertTransition(appointment.status, "CANCELLED");
    assertFuture(appointment.startsAt, now, "annulé");
    await transition(tx, appointment.id, "CANCELLED", now);
    // The seeker is told, and its reminders not sent yet are cancelled, if this transaction commits.
    await queueCancellationNotices(tx, [appointment.id], now);
    await appendAudit(tx, {
      actor,
      action: "appointment.cancelled",
      agencyId: appointment.agencyId,
      subjectType: "Appointment",
      subjectId: appointment.id,
      seekerId: appointment.seekerId,
    });
    return { appointmentId: appointment.id, status: "CANCELLED" };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// rescheduleAppointment

export type RescheduleResult = {
  cancelledId: string;
  appointmentId: string;
  startsAt: string;
  endsAt: string;
  /** True for a review placed after its window (the window had no free slot left). */
  overdue: boolean;
};

type RescheduleInput = { appointmentId: string; startsAt?: string; channel?: "AGENCY" | "PHONE" | "VIDEO"; seekerAgreed?: boolean; date?: IsoDate };

async function rescheduleInTransaction(tx: Tx, actor: Actor, input: RescheduleInput, now: Date): Promise<RescheduleResult> {
  const old = await loadAppointment(tx, actor, input.appointmentId);
  return moveScopedAppointment(tx, actor, old, input, now);
}

/** The appointment fields a move reads. */
export type MovableAppointment = Awaited<ReturnType<typeof loadAppointment>>;

/**
 * The move itself, on an appointment the caller already found in the actor's scope (the advisor's own portfolios,
 * or the seeker's own appointment accepting their advisor's proposal: docs/rules.md#seekers-requests-on-appointments).
 */
export async function moveScopedAppointment(tx: Tx, actor: Actor, old: MovableAppointment, input: RescheduleInput, now: Date): Promise<RescheduleResult> {
  assertTransition(old.status, "CANCELLED");
  assertFuture(old.startsAt, now, "reporté");
  const agency = await tx.agency.findUniqueOrThrow({ where: { id: old.agencyId }, select: moveAgencySelect });
  const today = localDateOf(now.toISOString(), timeZoneOf(agency.departement));
  if (input.date !== undefined && !withinPlanningHorizon(input.date, today)) {
    const horizon = planningHorizon(today);
    throw new DomainError("INVALID", `Date de report : entre le ${frenchDate(horizon.from)} et le ${frenchDate(horizon.to)} (deux ans au plus).`);
  }

  await transition(tx, old.id, "CANCELLED", now);
  // The rule is applied again here, on the agenda as this transaction sees it (docs/rules.md#moving-an-appointment).
  const rule = await moveRuleInput(tx, old, now, { agency, seekerAgreed: input.seekerAgreed });
  let slot: { startsAt: string; endsAt: string; overdue: boolean };
  if (input.startsAt !== undefined) {
    const refusal = slotRefusal(rule, input.startsAt);
    if (refusal !== null) throw new DomainError("CONFLICT", `${refusal} Rien n'a été modifié : choisissez un autre créneau.`);
    const start = Date.parse(input.startsAt);
    const chosen = slotChoices(rule, { limit: 1, after: new Date(start - 1).toISOString() }).slots[0];
    slot = {
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + (old.endsAt.getTime() - old.startsAt.getTime())).toISOString(),
      overdue: chosen?.overdue ?? false,
    };
  } else {
    const first = replanSlot(rule, input.date ?? today);
    if (first === null) throw new DomainError("CONFLICT", "Aucun créneau libre n'a été trouvé pour ce conseiller dans les deux prochaines années.");
    slot = first;
  }
  const startsAt = new Date(slot.startsAt);
  const endsAt = new Date(slot.endsAt);
  const appointmentId = await createAppointmentAudited(
    tx,
    actor,
    {
      agencyId: old.agencyId,
      seekerId: old.seekerId,
      advisorId: old.advisorId,
      socialWorkerId: old.socialWorkerId,
      kind: old.kind,
      channel: input.channel ?? old.channel,
      startsAt,
      endsAt,
      replacesId: old.id,
    },
    { action: "appointment.rescheduled", metadata: { replacesId: old.id } },
  );
  // The seeker is told the old and the new date (the calendar event updated), the old reminders cancelled.
  await queueRescheduleNotices(tx, [{ fromId: old.id, toId: appointmentId }], now);
  return { cancelledId: old.id, appointmentId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), overdue: slot.overdue };
}

/**
 * Cancels a future SCHEDULED appointment and books one of the same kind and duration with the same advisor, linked
 * by `replacesId`, in the slot chosen (`startsAt`, re-checked against the rule: a slot taken meanwhile or no longer
 * allowed is refused and nothing changes), or without a choice in the first slot the rule allows on or after `date`
 * (today by default). docs/rules.md#moving-an-appointment
 */
export async function rescheduleAppointment(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<RescheduleResult> {
  const parsed = parseInput(rescheduleAppointmentSchema, input);
  const now = nowOf(options);
  return runInTransaction(options, (tx) => rescheduleInTransaction(tx, actor, parsed, now), {
    attempts: parsed.startsAt === undefined ? RESCHEDULE_ATTEMPTS : 1,
    conflictMessage:
      parsed.startsAt === undefined
        ? "Le créneau trouvé vient d'être pris par un autre rendez-vous. Rien n'a été modifié ; veuillez réessayer."
        : "Ce créneau vient d'être pris par un autre rendez-vous. Rien n'a été modifié : choisissez un autre créneau.",
  });
}

// ---------------------------------------------------------------------------------------------------------------
// bookAppointment

export type BookResult = { appointmentId: string; startsAt: string; endsAt: string };

/**
 * Books a follow-up, or in global a joint meeting with the tandem's social worker, for a seeker of one of the
 * advisor's own portfolios, in the slot chosen among those the rule offers (checked again here: a slot taken meanwhile
 * or no longer allowed is refused and nothing is written). One slot long. docs/rules.md#moving-an-appointment
 */
export async function bookAppointment(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<BookResult> {
  const parsed = parseInput(bookAppointmentSchema, input);
  const now = nowOf(options);
  return runInTransaction(
    options,
    async (tx) => {
      const seeker = await assertActionableSeeker(tx, actor, parsed.seekerId, NOT_FOUND_SEEKER);
      let socialWorkerId: string | null = null;
      if (parsed.kind === "JOINT_GLOBAL") {
        if (!inTandem(seeker.modality)) {
          throw new DomainError("INVALID", "Un entretien tripartite avec le travailleur social n'a lieu qu'en accompagnement global ou en binôme.");
        }
        socialWorkerId = await tandemSocialWorkerId(tx, seeker.id);
        if (socialWorkerId === null) throw new DomainError("INVALID", "Aucun travailleur social n'accompagne cette personne en tandem.");
      }
      const rule = await bookingRuleInput(tx, { agencyId: seeker.agencyId, seekerId: seeker.id, advisorId: actor.id, socialWorkerId, kind: parsed.kind }, now, {
        seekerAgreed: parsed.seekerAgreed,
      });
      const refusal = slotRefusal(rule, parsed.startsAt);
      if (refusal !== null) throw new DomainError("CONFLICT", `${refusal} Rien n'a été enregistré : choisissez un autre créneau.`);
      const startsAt = new Date(parsed.startsAt);
      const endsAt = new Date(startsAt.getTime() + (rule.durationMinutes ?? 30) * 60_000);
      const appointmentId = await createAppointmentAudited(
        tx,
        actor,
        { agencyId: seeker.agencyId, seekerId: seeker.id, advisorId: actor.id, socialWorkerId, kind: parsed.kind, channel: parsed.channel, startsAt, endsAt },
        { action: "appointment.booked", metadata: { kind: parsed.kind } },
      );
      await queueConvocations(tx, { appointmentIds: [appointmentId], now });
      return { appointmentId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
    },
    { attempts: 1, conflictMessage: "Ce créneau vient d'être pris par un autre rendez-vous. Rien n'a été enregistré : choisissez un autre créneau." },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// setWebOnly

export type WebOnlyResult = { seekerId: string; webOnly: boolean };

/** The answers of the seeker's latest diagnostic (what 100 % web eligibility is read from), or undefined. */
export async function latestDiagnosticAnswers(tx: Tx, seekerId: string): Promise<unknown> {
  const latest = await tx.diagnostic.findFirst({
    where: { seekerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { answers: true },
  });
  return latest?.answers;
}

export async function setWebOnly(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<WebOnlyResult> {
  const { seekerId, webOnly } = parseInput(setWebOnlySchema, input);
  return runInTransaction(options, async (tx) => {
    const seeker = await assertActionableSeeker(tx, actor, seekerId, NOT_FOUND_SEEKER);
    // Leaving 100 % web is always possible; entering it has conditions.
    if (webOnly && seeker.modality !== "SUIVI") {
      throw new DomainError("INVALID", "Le suivi 100 % web n'est possible qu'en modalité « suivi et appui à la recherche d'emploi ».");
    }
    if (webOnly && !webOnlyEligible(seeker.modality, await latestDiagnosticAnswers(tx, seeker.id))) {
      throw new DomainError(
        "INVALID",
        "Le suivi 100 % web n'est possible que si le dernier diagnostic indique que la personne est volontaire et autonome avec le numérique.",
      );
    }
    await tx.seeker.update({ where: { id: seeker.id }, data: { webOnly }, select: { id: true } });
    await appendAudit(tx, {
      actor,
      action: "seeker.web_only_set",
      agencyId: seeker.agencyId,
      subjectType: "Seeker",
      subjectId: seeker.id,
      seekerId: seeker.id,
      metadata: { webOnly },
    });
    return { seekerId: seeker.id, webOnly };
  });
}
