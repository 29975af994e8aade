"use server";
/**
 * Server action « confirmer le diagnostic » — the advisor's confirmation (or written override) of the proposal.
 * Authentication, permission and the strict schema are the guard's; the use case applies the row scope.
 */
import { authorizedAction } from "@/server/auth/guard";
import { confirmDiagnostic } from "@/server/use-cases/confirm-diagnostic";
import { confirmDiagnosticSchema } from "@/server/use-cases/confirm-diagnostic.schema";

export const confirmDiagnosticAction = authorizedAction({
  name: "diagnostic.confirm",
  permission: "diagnostic:confirm",
  schema: confirmDiagnosticSchema,
  revalidates: ["/conseiller", "/conseiller/demandeurs/[id]"],
  run: (actor, input) => confirmDiagnostic(actor, input),
});
