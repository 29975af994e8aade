/**
 * Use case « réserver les bilans manquants » (issue 15): the manager books the missing M4/M9 reviews of their agency
 * from the overdue list, through the same `planAgencyReviews` as `npm run plan-reviews`; a dry run previews the counts
 * and writes nothing. Journaled once per real run.
 */
import { localDateOf, timeZoneOf } from "@/domain";
import { auditRow } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requireAgencyInScope, requirePermission } from "@/server/auth/row-scope";
import { rememberWrite } from "@/server/db/read-routing";
import { DomainError } from "@/server/errors";
import { bookReviewsSchema } from "./book-reviews.schema";
import { databaseOf, nowOf, parseInput, type UseCaseOptions } from "./kit";
import { planAgencyReviews, type PlanReviewsSummary } from "./plan-reviews";

export type BookReviewsResult = PlanReviewsSummary & { dryRun: boolean };

export async function bookMissingReviews(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<BookReviewsResult> {
  const input = parseInput(bookReviewsSchema, rawInput);
  requirePermission(actor, "reviews:plan", "Seul·e le ou la responsable de l'agence peut réserver les bilans.");
  requireAgencyInScope(actor, input.agencyId, "Agence introuvable.");
  const db = await databaseOf(options);
  const agency = await db.agency.findUnique({ where: { id: input.agencyId }, select: { id: true, departement: true } });
  if (!agency) throw new DomainError("NOT_FOUND", "Agence introuvable.");
  const dryRun = input.dryRun ?? false;
  const today = localDateOf(nowOf(options).toISOString(), timeZoneOf(agency.departement));
  const summary = await planAgencyReviews({ db, agencyId: agency.id, today, dryRun });
  if (!dryRun && summary.booked > 0) {
    await db.auditEvent.create({
      data: auditRow({
        actor,
        action: "reviews.booked",
        agencyId: agency.id,
        subjectType: "Agency",
        subjectId: agency.id,
        metadata: { booked: summary.booked, overdue: summary.overdue, missed: summary.missed },
      }),
      select: { id: true },
    });
    // Written after the booking transactions: its author's journal page must show it too (docs/replica.md).
    await rememberWrite(db);
  }
  return { ...summary, dryRun };
}
