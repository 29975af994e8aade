/**
 * The tandem file's writes (docs/rules.md#the-tandem-file): a note shared by the GLOBAL tandem (its social worker or
 * the advisor in charge; append-only), and a joint meeting or the social review booked by the social worker, both
 * calendars checked with the rule of every booking. Each in one transaction, journaled.
 */
import "server-only";
import { inTandem, slotRefusal, timeZoneOf } from "@/domain";
import { appendAudit } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requirePermission, requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { queueConvocations } from "@/server/messages/notices";
import { bookingRuleInput } from "@/server/queries/slot-choices";
import { socialReviewStates } from "@/server/queries/tandem";
import { frenchDate } from "./appointments.schema";
import { nowOf, parseInput, runInTransaction, type UseCaseOptions } from "./kit";
import { addTandemNoteSchema, bookTandemAppointmentSchema } from "./tandem.schema";

const NOT_FOUND = "Demandeur d'emploi introuvable.";

export type TandemNoteResult = { noteId: string; createdAt: string };

/** Adds a note to the tandem file of a seeker of the actor's open tandem (social worker) or own portfolio (advisor). */
export async function addTandemNote(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<TandemNoteResult> {
  const input = parseInput(addTandemNoteSchema, rawInput);
  requirePermission(
    actor,
    "tandem:note",
    "Seuls le travailleur social du binôme et le conseiller ou la conseillère du demandeur écrivent les notes du binôme.",
  );
  const now = nowOf(options);
  return runInTransaction(options, async (tx) => {
    const seeker = await requireSeekerInScope(tx, actor, "tandemNotes", input.seekerId, { id: true, agencyId: true }, NOT_FOUND);
    const note = await tx.tandemNote.create({
      data: { agencyId: seeker.agencyId, seekerId: seeker.id, authorId: actor.id, authorRole: actor.role, text: input.text, createdAt: now },
      select: { id: true, createdAt: true },
    });
    // Identifiers only: the note's text never reaches the journal.
    await appendAudit(tx, {
      actor,
      action: "tandem.note_added",
      agencyId: seeker.agencyId,
      subjectType: "TandemNote",
      subjectId: note.id,
      seekerId: seeker.id,
    });
    return { noteId: note.id, createdAt: note.createdAt.toISOString() };
  });
}

export type TandemBookResult = { appointmentId: string; startsAt: string; endsAt: string };

/**
 * Books, for a GLOBAL seeker of the social worker's open tandem, a joint meeting or the social review with the advisor
 * in charge, in a slot the rule offers (both calendars free, agency hours, working days, closures: checked again here).
 * The social review only when none is planned or done in the current global follow-up. The seeker gets the convocation.
 */
export async function bookTandemAppointment(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<TandemBookResult> {
  const input = parseInput(bookTandemAppointmentSchema, rawInput);
  requirePermission(actor, "tandem:book", "Seul le travailleur social du binôme prend un rendez-vous depuis le dossier du binôme.");
  const now = nowOf(options);
  return runInTransaction(
    options,
    async (tx) => {
      const seeker = await requireSeekerInScope(
        tx,
        actor,
        "tandem",
        input.seekerId,
        { id: true, agencyId: true, modality: true, portfolio: { select: { advisorId: true } }, agency: { select: { departement: true } } },
        NOT_FOUND,
      );
      // Serialise the bookings of this seeker (two tandem members booking the review at once).
      await tx.$queryRaw`SELECT "id" FROM "Seeker" WHERE "id" = ${seeker.id}::uuid FOR UPDATE`;
      if (!inTandem(seeker.modality)) throw new DomainError("INVALID", "Un rendez-vous du binôme n'a lieu qu'en accompagnement global ou en binôme.");
      if (!seeker.portfolio) throw new DomainError("INVALID", "Cette personne n'a pas de conseiller ou de conseillère : le rendez-vous ne peut pas être pris.");
      if (input.kind === "SOCIAL_REVIEW") {
        const timeZone = timeZoneOf(seeker.agency.departement);
        const state = (await socialReviewStates(tx, [{ id: seeker.id, timeZone }], now)).get(seeker.id);
        if (state?.state === "PLANNED")
          throw new DomainError("CONFLICT", `Le bilan des freins sociaux est déjà prévu le ${frenchDate(state.on)}. Rien n'a été enregistré.`);
        if (state?.state === "DONE")
          throw new DomainError("CONFLICT", `Le bilan des freins sociaux a déjà eu lieu le ${frenchDate(state.on)}. Rien n'a été enregistré.`);
      }
      const advisorId = seeker.portfolio.advisorId;
      const rule = await bookingRuleInput(tx, { agencyId: seeker.agencyId, seekerId: seeker.id, advisorId, socialWorkerId: actor.id, kind: input.kind }, now, {
        seekerAgreed: input.seekerAgreed,
      });
      const refusal = slotRefusal(rule, input.startsAt);
      if (refusal !== null) throw new DomainError("CONFLICT", `${refusal} Rien n'a été enregistré : choisissez un autre créneau.`);
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(startsAt.getTime() + (rule.durationMinutes ?? 30) * 60_000);
      const created = await tx.appointment.create({
        data: {
          agencyId: seeker.agencyId,
          seekerId: seeker.id,
          advisorId,
          socialWorkerId: actor.id,
          kind: input.kind,
          channel: input.channel,
          startsAt,
          endsAt,
        },
        select: { id: true },
      });
      await appendAudit(tx, {
        actor,
        action: "appointment.booked",
        agencyId: seeker.agencyId,
        subjectType: "Appointment",
        subjectId: created.id,
        seekerId: seeker.id,
        metadata: { kind: input.kind },
      });
      await queueConvocations(tx, { appointmentIds: [created.id], now });
      return { appointmentId: created.id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
    },
    { attempts: 1, conflictMessage: "Ce créneau vient d'être pris par un autre rendez-vous. Rien n'a été enregistré : choisissez un autre créneau." },
  );
}
