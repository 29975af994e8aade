/**
 * A file moves to another agency (issue 17, docs/rules.md#exits-reopening-and-transfers): the seeker now lives in the
 * receiving agency's territory, known from a registration import or recorded by hand. In one transaction:
 * - the old portfolio place is freed, the appointments still to come in the old agency cancelled (reminders
 *   cancelled, the seeker told by the old agency through the outbox), the open tandem ended, a pending placement
 *   request cancelled (src/server/use-cases/seeker-release.ts);
 * - the file joins the receiving agency's queue « à diagnostiquer » (status AWAITING_DIAGNOSTIC, `queuedOn` = the day:
 *   the first interview is due from it), its diagnostics, assignments and appointments kept (they are read by seeker,
 *   whatever agency wrote them);
 * - TRANSFER_OUT is written in the old agency's history and TRANSFER_IN in the new one's, and both journals say so.
 * The receiving advisor's confirmation then books the remaining reviews in the new agency's calendar and time zone.
 */
import "server-only";
import type { IsoDate } from "@/domain";
import type { Prisma, Role } from "@/generated/prisma/client";
import { auditRow } from "@/server/audit";
import { DomainError } from "@/server/errors";
import { nowOf, type Tx } from "./kit";
import { dateColumn, lockSeekerForLifeCycle, releaseSeeker, type Released } from "./seeker-release";

export type LifeCycleActor = { userId: string | null; role: Role | null };

export type TransferInput = {
  seekerId: string;
  toAgencyId: string;
  actor: LifeCycleActor;
  /** The registration import that found the new address; null when done by hand. */
  importId: string | null;
  /** The day of the transfer, in the receiving agency's calendar. */
  today: IsoDate;
  /** The new address, when known (an import, a move recorded by hand). */
  address?: { address: string | null; postalCode: string; commune: string };
  /** A word kept with the life events (by hand). */
  note?: string | null;
  /** The instant appointments are cancelled from (default: now). */
  now?: Date;
};

export type TransferResult = Released & { fromAgencyId: string; toAgencyId: string };

const NOT_FOUND = "Demandeur introuvable.";

/** Journal rows for an actor given by id and role (an import may run with no signed-in user). */
export function lifeCycleAudit(actor: LifeCycleActor, input: Omit<Parameters<typeof auditRow>[0], "actor">): Prisma.AuditEventUncheckedCreateInput {
  return { ...auditRow({ ...input, actor: null }), actorId: actor.userId, actorRole: actor.role };
}

/**
 * Moves the seeker's file to `toAgencyId` inside the caller's transaction. Refused (nothing written): an unknown
 * seeker or agency, the same agency, a closed file (reopen it first) or an anonymised one.
 */
export async function transferSeekerInTransaction(tx: Tx, input: TransferInput): Promise<void> {
  await transferInTransaction(tx, input);
}

/** The same, saying what was done (the action's answer). */
export async function transferInTransaction(tx: Tx, input: TransferInput): Promise<TransferResult> {
  const now = input.now ?? nowOf();
  const seeker = await lockSeekerForLifeCycle(tx, input.seekerId);
  if (!seeker) throw new DomainError("NOT_FOUND", NOT_FOUND);
  if (seeker.anonymisedAt !== null) throw new DomainError("CONFLICT", "Ce dossier a été anonymisé : il ne peut plus être transféré.");
  if (seeker.status === "CLOSED") throw new DomainError("CONFLICT", "Le dossier est clos : rouvrez-le avant de le transférer.");
  if (seeker.agencyId === input.toAgencyId) throw new DomainError("INVALID", "Le dossier est déjà suivi par cette agence.");
  const target = await tx.agency.findUnique({ where: { id: input.toAgencyId }, select: { id: true } });
  if (!target) throw new DomainError("NOT_FOUND", "Agence d'accueil introuvable.");

  const released = await releaseSeeker(tx, seeker, { now, actorId: input.actor.userId });
  const day = dateColumn(input.today);
  await tx.seeker.update({
    where: { id: seeker.id },
    data: {
      agencyId: target.id,
      status: "AWAITING_DIAGNOSTIC",
      modality: null,
      agreedRhythmMonths: null,
      queuedOn: day,
      ...(input.address ? { address: input.address.address, postalCode: input.address.postalCode, commune: input.address.commune } : {}),
    },
    select: { id: true },
  });
  const note = input.note ? input.note : null;
  const common = { seekerId: seeker.id, importId: input.importId, actorId: input.actor.userId, occurredOn: day, note };
  await tx.seekerLifeEvent.createMany({
    data: [
      { ...common, agencyId: seeker.agencyId, kind: "TRANSFER_OUT", otherAgencyId: target.id },
      { ...common, agencyId: target.id, kind: "TRANSFER_IN", otherAgencyId: seeker.agencyId },
    ],
  });
  const metadata = {
    fromAgencyId: seeker.agencyId,
    toAgencyId: target.id,
    importId: input.importId,
    appointmentsCancelled: released.cancelledAppointmentIds.length,
    portfolioId: released.previousPortfolioId,
    tandemEnded: released.tandemEnded,
  };
  await tx.auditEvent.createMany({
    data: [
      lifeCycleAudit(input.actor, {
        action: "seeker.transferred_out",
        agencyId: seeker.agencyId,
        subjectType: "Seeker",
        subjectId: seeker.id,
        seekerId: seeker.id,
        metadata,
      }),
      lifeCycleAudit(input.actor, {
        action: "seeker.transferred_in",
        agencyId: target.id,
        subjectType: "Seeker",
        subjectId: seeker.id,
        seekerId: seeker.id,
        metadata,
      }),
    ],
  });
  return { ...released, fromAgencyId: seeker.agencyId, toAgencyId: target.id };
}
