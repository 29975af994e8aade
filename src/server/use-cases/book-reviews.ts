/**
 * Use case « réserver les bilans manquants » (issue 15): the manager books the missing M4/M9 reviews of their agency
 * from the overdue list, through the same `planAgencyReviews` as `npm run plan-reviews`; a dry run previews the counts
 * and writes nothing. Journaled once per real run. With `kind` JOINT_DIAGNOSTIC the same use case books the joint
 * diagnostics (issue 20) through `planAgencyJointDiagnostics` — the agency's, or one seeker's (« planifier »: the
 * advisor in charge or the manager), refused in French when it does not apply.
 */
import { jointDiagnosticRefusal, localDateOf, timeZoneOf } from "@/domain";
import { jointDiagnosticRows } from "@/server/queries/joint-diagnostics";
import { auditRow } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requireAgencyInScope, requirePermission, requireSeekerInScope } from "@/server/auth/row-scope";
import { rememberWrite } from "@/server/db/read-routing";
import { DomainError } from "@/server/errors";
import { bookAppointmentsDueSchema } from "./book-reviews.schema";
import { databaseOf, nowOf, parseInput, type UseCaseOptions } from "./kit";
import { planAgencyJointDiagnostics, planAgencyReviews, type PlanReviewsSummary } from "./plan-reviews";

export type BookReviewsResult = PlanReviewsSummary & { dryRun: boolean };

export async function bookMissingReviews(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<BookReviewsResult> {
  const input = parseInput(bookAppointmentsDueSchema, rawInput);
  const jointDiagnostic = input.kind === "JOINT_DIAGNOSTIC";
  if (jointDiagnostic) {
    requirePermission(
      actor,
      "joint-diagnostic:book",
      "Seul·e le conseiller ou la conseillère qui suit la personne, ou le ou la responsable de l'agence, peut planifier un diagnostic conjoint.",
    );
  } else {
    requirePermission(actor, "reviews:plan", "Seul·e le ou la responsable de l'agence peut réserver les bilans.");
    if (input.seekerId !== undefined) throw new DomainError("INVALID", "Les bilans M4/M9 se réservent pour toute l'agence, pas pour une personne.");
  }
  requireAgencyInScope(actor, input.agencyId, "Agence introuvable.");
  const db = await databaseOf(options);
  const agency = await db.agency.findUnique({ where: { id: input.agencyId }, select: { id: true, departement: true } });
  if (!agency) throw new DomainError("NOT_FOUND", "Agence introuvable.");
  const dryRun = input.dryRun ?? false;
  const timeZone = timeZoneOf(agency.departement);
  const today = localDateOf(nowOf(options).toISOString(), timeZone);
  let summary: PlanReviewsSummary;
  if (jointDiagnostic) {
    // An advisor plans one person of their own portfolios; a manager one person or the whole agency.
    const scope = actor.role === "ADVISOR" ? "inOwnPortfolio" : "visible";
    if (input.seekerId === undefined && actor.role === "ADVISOR")
      throw new DomainError("INVALID", "Choisissez la personne dont le diagnostic conjoint est à planifier.");
    if (input.seekerId !== undefined) {
      await requireSeekerInScope(db, actor, scope, input.seekerId, { id: true }, "Demandeur introuvable.");
      const [row] = await jointDiagnosticRows(db, { agencyId: agency.id, seekerIds: [input.seekerId] }, today, timeZone);
      const refusal = row
        ? jointDiagnosticRefusal(row.orientation, row.contractSignedOn)
        : "Aucun conseiller ou conseillère de l'agence ne suit cette personne.";
      if (refusal !== null) throw new DomainError("INVALID", refusal);
      if (row!.state === "DONE")
        throw new DomainError("CONFLICT", "Le diagnostic conjoint de cette personne est déjà fait depuis la signature de son contrat.");
      if (row!.bookedOn !== null) throw new DomainError("CONFLICT", "Le diagnostic conjoint de cette personne est déjà planifié.");
    }
    summary = await planAgencyJointDiagnostics({
      ...options,
      db,
      agencyId: agency.id,
      today,
      dryRun,
      seekerIds: input.seekerId === undefined ? undefined : [input.seekerId],
      conflictMessage: "Le créneau trouvé vient d'être pris par un autre rendez-vous. Rien n'a été enregistré ; veuillez réessayer.",
    });
    if (input.seekerId !== undefined && !dryRun && summary.booked === 0) {
      throw new DomainError("CONFLICT", "Le diagnostic conjoint de cette personne vient d'être planifié par quelqu'un d'autre.");
    }
  } else {
    summary = await planAgencyReviews({ db, agencyId: agency.id, today, dryRun });
  }
  if (!dryRun && summary.booked > 0) {
    // action: "joint-diagnostics.booked" or action: "reviews.booked"
    await db.auditEvent.create({
      data: auditRow({
        actor,
        action: jointDiagnostic ? ("joint-diagnostics.booked" as const) : ("reviews.booked" as const),
        agencyId: agency.id,
        subjectType: input.seekerId ? "Seeker" : "Agency",
        subjectId: input.seekerId ?? agency.id,
        ...(input.seekerId ? { seekerId: input.seekerId } : {}),
        metadata: jointDiagnostic
          ? { booked: summary.booked, overdue: summary.overdue }
          : { booked: summary.booked, overdue: summary.overdue, missed: summary.missed },
      }),
      select: { id: true },
    });
    // Written after the booking transactions: its author's journal page must show it too (docs/replica.md).
    await rememberWrite(db);
  }
  return { ...summary, dryRun };
}
