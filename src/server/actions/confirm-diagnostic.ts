"use server";
/**
 * Server action « confirmer le diagnostic » — the advisor's confirmation (or written override) of the proposal.
 * Authentication, permission and the strict schema are the wrapper's; the use case applies the row scope.
 */
import type { ActionResult } from "@/server/auth/guard";
import type { ConfirmDiagnosticResult } from "@/server/use-cases/confirm-diagnostic";
import { buildConfirmDiagnosticActions } from "./confirm-diagnostic-actions";

const actions = buildConfirmDiagnosticActions();

export async function confirmDiagnosticAction(input: unknown): Promise<ActionResult<ConfirmDiagnosticResult>> {
  return actions.confirmDiagnostic(input);
}
