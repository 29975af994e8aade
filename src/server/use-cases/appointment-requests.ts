/**
 * Seekers' requests on their appointments (issue 18, docs/rules.md#seekers-requests-on-appointments): the seeker asks
 * to move an appointment (one to three preferred slots among those the rule allows) or says they cannot come; the
 * advisor in charge answers in one click — accept a preferred slot (the appointment moves as « Reporter » moves it,
 * same re-check, same change notice), propose another slot, decline with a reason, or take note of an absence (the
 * appointment is cancelled with its notice, or marked excused once started). The seeker accepts a proposal or asks
 * again. Each runs in one transaction; a request is claimed by a conditional update first, so of two answers at once
 * exactly one wins and the other changes nothing.
 */
import "server-only";
import {
  ABSENCE_REFUSED_FOR_REVIEW,
  APPOINTMENT_REQUEST_LIMITS,
  mayReportAbsence,
  OPEN_REQUEST_STATUSES,
  seekerSlotRefusal,
  slotRefusal,
  type AppointmentRequestStatus,
} from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { actionableAppointment } from "@/server/queries/selects";
import { appendAudit } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { queueCancellationNotices, queueRequestAnswerNotice } from "@/server/messages/notices";
import { moveRuleInput } from "@/server/queries/slot-choices";
import { moveScopedAppointment, type MovableAppointment } from "./appointments";
import { acceptProposalSchema, answerAppointmentRequestSchema, createAppointmentRequestSchema } from "./appointment-requests.schema";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { isUniqueViolation } from "./transactions";

const NOT_FOUND_APPOINTMENT = "Rendez-vous introuvable.";
const NOT_FOUND_REQUEST = "Demande introuvable.";
const ALREADY_OPEN = "Vous avez déjà une demande en cours pour ce rendez-vous. Attendez la réponse de votre conseiller·ère.";
const ALREADY_ANSWERED = "Cette demande a déjà reçu une réponse, ou le rendez-vous a changé. Rechargez la page.";

const open = { in: [...OPEN_REQUEST_STATUSES] as ("PENDING" | "PROPOSED")[] };

/** Claims the request: from `from` to `to`, only if still `from` (a concurrent answer makes it fail cleanly). */
async function claim(tx: Tx, id: string, from: AppointmentRequestStatus, data: Prisma.AppointmentRequestUncheckedUpdateManyInput): Promise<void> {
  const { count } = await tx.appointmentRequest.updateMany({ where: { id, status: from }, data });
  if (count !== 1) throw new DomainError("CONFLICT", ALREADY_ANSWERED);
}

// ---------------------------------------------------------------------------------------------------------------
// The seeker asks

export type CreateRequestResult = { requestId: string; kind: "MOVE" | "ABSENCE"; status: "PENDING" };

/**
 * The signed-in seeker asks about one of their own future appointments (another's: NOT_FOUND). One open request per
 * appointment (a proposal waiting for the seeker is replaced by the new request), three open requests at most.
 */
export async function createAppointmentRequest(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<CreateRequestResult> {
  const parsed = parseInput(createAppointmentRequestSchema, input);
  const now = nowOf(options);
  try {
    return await runInTransaction(options, async (tx) => {
      const seeker = await requireSeekerInScope(tx, actor, "ownFile", undefined, { id: true, agencyId: true }, NOT_FOUND_APPOINTMENT);
      const appointment = await tx.appointment.findFirst({ where: { id: parsed.appointmentId, seekerId: seeker.id }, select: actionableAppointment });
      if (!appointment) throw new DomainError("NOT_FOUND", NOT_FOUND_APPOINTMENT);
      if (appointment.status !== "SCHEDULED" || appointment.startsAt.getTime() <= now.getTime()) {
        throw new DomainError("INVALID", "Ce rendez-vous est passé ou annulé : vous ne pouvez plus faire de demande dessus.");
      }
      if (parsed.kind === "ABSENCE" && !mayReportAbsence(appointment.kind)) throw new DomainError("INVALID", ABSENCE_REFUSED_FOR_REVIEW);

      const current = await tx.appointmentRequest.findFirst({ where: { appointmentId: appointment.id, status: open }, select: { id: true, status: true } });
      if (current?.status === "PENDING") throw new DomainError("CONFLICT", ALREADY_OPEN);
      const openCount = await tx.appointmentRequest.count({
        where: {
          seekerId: seeker.id,
          status: open,
          appointment: { status: "SCHEDULED", startsAt: { gt: now } },
          ...(current ? { id: { not: current.id } } : {}),
        },
      });
      if (openCount >= APPOINTMENT_REQUEST_LIMITS.openPerSeeker) {
        throw new DomainError(
          "INVALID",
          `Vous avez déjà ${APPOINTMENT_REQUEST_LIMITS.openPerSeeker} demandes en cours. Attendez une réponse avant d'en faire une autre.`,
        );
      }

      const slots = parsed.kind === "MOVE" ? (parsed.preferredSlots ?? []) : [];
      if (slots.length > 0) {
        const rule = await moveRuleInput(tx, appointment, now);
        for (const slot of slots) {
          if (Date.parse(slot) === appointment.startsAt.getTime()) throw new DomainError("INVALID", "Vous avez choisi l'horaire actuel du rendez-vous.");
          const refusal = seekerSlotRefusal(rule, slot);
          if (refusal !== null) throw new DomainError("INVALID", `${refusal} Choisissez un autre horaire dans la liste.`);
        }
      }
      // A proposal waiting for the seeker: asking again replaces it.
      if (current) await claim(tx, current.id, "PROPOSED", { status: "WITHDRAWN" });
      const created = await tx.appointmentRequest.create({
        data: {
          agencyId: appointment.agencyId,
          seekerId: seeker.id,
          appointmentId: appointment.id,
          kind: parsed.kind,
          reason: parsed.reason,
          preferredSlots: slots.map((slot) => new Date(slot)).sort((a, b) => a.getTime() - b.getTime()),
          createdAt: now,
        },
        select: { id: true },
      });
      await appendAudit(tx, {
        actor,
        action: "appointmentRequest.created",
        agencyId: appointment.agencyId,
        subjectType: "AppointmentRequest",
        subjectId: created.id,
        seekerId: seeker.id,
        metadata: { kind: parsed.kind, appointmentId: appointment.id, slots: slots.length },
      });
      return { requestId: created.id, kind: parsed.kind, status: "PENDING" as const };
    });
  } catch (error) {
    // Two requests sent at once on one appointment: the unique index keeps one.
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", ALREADY_OPEN);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The advisor answers

export type AnswerResult = {
  requestId: string;
  status: AppointmentRequestStatus;
  /** The new appointment when the request was accepted. */
  appointmentId: string | null;
};

/** Answers a PENDING request of a seeker of the advisor's own portfolios (others: NOT_FOUND). */
export async function answerAppointmentRequest(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<AnswerResult> {
  const parsed = parseInput(answerAppointmentRequestSchema, input);
  const now = nowOf(options);
  return runInTransaction(
    options,
    async (tx) => {
      const request = await tx.appointmentRequest.findUnique({
        where: { id: parsed.requestId },
        select: { id: true, seekerId: true, agencyId: true, kind: true, status: true, preferredSlots: true, appointment: { select: actionableAppointment } },
      });
      if (!request) throw new DomainError("NOT_FOUND", NOT_FOUND_REQUEST);
      const seeker = await requireSeekerInScope(tx, actor, "inOwnPortfolio", request.seekerId, { id: true, agencyId: true }, NOT_FOUND_REQUEST);
      if (seeker.agencyId !== request.appointment.agencyId) throw new DomainError("NOT_FOUND", NOT_FOUND_REQUEST);
      if (request.status !== "PENDING") throw new DomainError("CONFLICT", ALREADY_ANSWERED);
      const appointment: MovableAppointment = request.appointment;
      const answered = { answeredById: actor.id, answeredAt: now };
      let result: AnswerResult;

      switch (parsed.answer) {
        case "ACCEPT": {
          if (request.kind !== "MOVE") throw new DomainError("INVALID", "Une absence prévue ne se déplace pas : prenez-en note.");
          if (!request.preferredSlots.some((slot) => slot.getTime() === Date.parse(parsed.startsAt))) {
            throw new DomainError("INVALID", "Cet horaire n'est pas l'un de ceux que la personne a choisis : proposez-le plutôt.");
          }
          await claim(tx, request.id, "PENDING", { status: "ACCEPTED", ...answered });
          // The same move as « Reporter »: the slot checked again, the old appointment cancelled, the change notice queued.
          const moved = await moveScopedAppointment(tx, actor, appointment, { appointmentId: appointment.id, startsAt: parsed.startsAt }, now);
          await tx.appointmentRequest.update({ where: { id: request.id }, data: { resultAppointmentId: moved.appointmentId }, select: { id: true } });
          result = { requestId: request.id, status: "ACCEPTED", appointmentId: moved.appointmentId };
          break;
        }
        case "PROPOSE": {
          if (request.kind !== "MOVE") throw new DomainError("INVALID", "Une absence prévue ne se déplace pas : prenez-en note.");
          if (appointment.status !== "SCHEDULED" || appointment.startsAt.getTime() <= now.getTime()) throw new DomainError("CONFLICT", ALREADY_ANSWERED);
          const refusal = slotRefusal(await moveRuleInput(tx, appointment, now), parsed.startsAt);
          if (refusal !== null) throw new DomainError("CONFLICT", `${refusal} Rien n'a été envoyé : choisissez un autre créneau.`);
          await claim(tx, request.id, "PENDING", { status: "PROPOSED", proposedStartsAt: new Date(parsed.startsAt), ...answered });
          // The seeker is told by e-mail/SMS too, in this transaction (docs/rules.md#seekers-requests-on-appointments).
          await queueRequestAnswerNotice(tx, { appointmentId: appointment.id, type: "PROPOSED", proposedStartsAt: new Date(parsed.startsAt) });
          result = { requestId: request.id, status: "PROPOSED", appointmentId: null };
          break;
        }
        case "DECLINE": {
          if (request.kind !== "MOVE") throw new DomainError("INVALID", "Une absence prévue ne se refuse pas : prenez-en note.");
          await claim(tx, request.id, "PENDING", { status: "DECLINED", answerNote: parsed.note, ...answered });
          await queueRequestAnswerNotice(tx, { appointmentId: appointment.id, type: "DECLINED", reason: parsed.note });
          result = { requestId: request.id, status: "DECLINED", appointmentId: null };
          break;
        }
        case "ACKNOWLEDGE": {
          if (request.kind !== "ABSENCE") throw new DomainError("INVALID", "Répondez à une demande de déplacement en acceptant, proposant ou refusant.");
          await claim(tx, request.id, "PENDING", { status: "ACKNOWLEDGED", ...answered });
          // docs/rules.md#appointment-outcomes: before it starts, cancelled (with its notice); once started, excused.
          const started = appointment.startsAt.getTime() <= now.getTime();
          const { count } = await tx.appointment.updateMany({
            where: { id: appointment.id, status: "SCHEDULED" },
            data: { status: started ? "EXCUSED" : "CANCELLED", outcomeAt: now },
          });
          if (count !== 1) throw new DomainError("CONFLICT", ALREADY_ANSWERED);
          if (!started) await queueCancellationNotices(tx, [appointment.id], now);
          await appendAudit(tx, {
            actor,
            action: started ? "appointment.outcome_recorded" : "appointment.cancelled",
            agencyId: appointment.agencyId,
            subjectType: "Appointment",
            subjectId: appointment.id,
            seekerId: appointment.seekerId,
            ...(started ? { metadata: { outcome: "EXCUSED" } } : {}),
          });
          result = { requestId: request.id, status: "ACKNOWLEDGED", appointmentId: null };
          break;
        }
      }
      await appendAudit(tx, {
        actor,
        action: AUDIT_OF_ANSWER[parsed.answer].action,
        agencyId: request.agencyId,
        subjectType: "AppointmentRequest",
        subjectId: request.id,
        seekerId: request.seekerId,
        metadata: { kind: request.kind, appointmentId: appointment.id, newAppointmentId: result.appointmentId },
      });
      return result;
    },
    { attempts: 1, conflictMessage: "Ce créneau vient d'être pris, ou la demande vient de recevoir une réponse. Rien n'a été modifié ; rechargez la page." },
  );
}

const AUDIT_OF_ANSWER = {
  ACCEPT: { action: "appointmentRequest.accepted" },
  PROPOSE: { action: "appointmentRequest.proposed" },
  DECLINE: { action: "appointmentRequest.declined" },
  ACKNOWLEDGE: { action: "appointmentRequest.acknowledged" },
} as const;

// ---------------------------------------------------------------------------------------------------------------
// The seeker accepts the advisor's proposal

export type AcceptProposalResult = { requestId: string; appointmentId: string; startsAt: string };

/** The seeker accepts the slot their advisor proposed: the appointment moves there (checked again), as a « Reporter ». */
export async function acceptProposal(actor: Actor, input: unknown, options: UseCaseOptions = {}): Promise<AcceptProposalResult> {
  const { requestId } = parseInput(acceptProposalSchema, input);
  const now = nowOf(options);
  return runInTransaction(
    options,
    async (tx) => {
      const seeker = await requireSeekerInScope(tx, actor, "ownFile", undefined, { id: true }, NOT_FOUND_REQUEST);
      const request = await tx.appointmentRequest.findFirst({
        where: { id: requestId, seekerId: seeker.id },
        select: { id: true, agencyId: true, status: true, proposedStartsAt: true, appointment: { select: actionableAppointment } },
      });
      if (!request) throw new DomainError("NOT_FOUND", NOT_FOUND_REQUEST);
      if (request.status !== "PROPOSED" || request.proposedStartsAt === null) throw new DomainError("CONFLICT", ALREADY_ANSWERED);
      await claim(tx, request.id, "PROPOSED", { status: "ACCEPTED" });
      // The seeker agrees to this slot themselves: the agency's minimum notice does not stand in the way.
      const moved = await moveScopedAppointment(
        tx,
        actor,
        request.appointment,
        { appointmentId: request.appointment.id, startsAt: request.proposedStartsAt.toISOString(), seekerAgreed: true },
        now,
      );
      await tx.appointmentRequest.update({ where: { id: request.id }, data: { resultAppointmentId: moved.appointmentId }, select: { id: true } });
      await appendAudit(tx, {
        actor,
        action: "appointmentRequest.proposalAccepted",
        agencyId: request.agencyId,
        subjectType: "AppointmentRequest",
        subjectId: request.id,
        seekerId: seeker.id,
        metadata: { appointmentId: request.appointment.id, newAppointmentId: moved.appointmentId },
      });
      return { requestId: request.id, appointmentId: moved.appointmentId, startsAt: moved.startsAt };
    },
    { attempts: 1, conflictMessage: "Cet horaire vient d'être pris. Rien n'a été modifié : faites une nouvelle demande." },
  );
}
