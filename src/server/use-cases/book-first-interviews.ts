/**
 * Use case « planifier les premiers entretiens » of the manager (issue 15): permission and agency scope checked, then
 * `bookAgencyFirstInterviews` (first-interviews.ts, docs/rules.md#booking-first-interviews), each committed batch
 * journaled in its own transaction. `dryRun` previews the same plan and writes nothing.
 */
import { auditRow } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { requireAgencyInScope, requirePermission } from "@/server/auth/row-scope";
import { bookAgencyFirstInterviews, type BookFirstInterviewsResult } from "./first-interviews";
import { bookFirstInterviewsSchema } from "./first-interviews.schema";
import { parseInput, type UseCaseOptions } from "./kit";

export async function bookFirstInterviews(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<BookFirstInterviewsResult> {
  const input = parseInput(bookFirstInterviewsSchema, rawInput);
  requirePermission(actor, "interviews:book", "Seul·e le ou la responsable de l'agence peut planifier les premiers entretiens.");
  requireAgencyInScope(actor, input.agencyId, "Agence introuvable.");
  return bookAgencyFirstInterviews({
    ...options,
    agencyId: input.agencyId,
    dryRun: input.dryRun ?? false,
    journal: async (tx, agencyId, counts) => {
      await tx.auditEvent.create({
        data: auditRow({ actor, action: "firstInterviews.booked", agencyId, subjectType: "Agency", subjectId: agencyId, metadata: counts }),
        select: { id: true },
      });
    },
  });
}
