"use server";
/** Server actions of the seeker page (issue #4); see appointment-actions.ts for how each is built. */
import type { ActionResult } from "@/server/auth/guard";
import type { CancelResult, OutcomeResult, RescheduleResult, WebOnlyResult } from "@/server/use-cases/appointments";
import { buildAppointmentActions } from "./appointment-actions";

const actions = buildAppointmentActions();

export async function recordOutcomeAction(input: unknown): Promise<ActionResult<OutcomeResult>> {
  return actions.recordOutcome(input);
}

export async function cancelAppointmentAction(input: unknown): Promise<ActionResult<CancelResult>> {
  return actions.cancelAppointment(input);
}

export async function rescheduleAppointmentAction(input: unknown): Promise<ActionResult<RescheduleResult>> {
  return actions.rescheduleAppointment(input);
}

export async function setWebOnlyAction(input: unknown): Promise<ActionResult<WebOnlyResult>> {
  return actions.setWebOnly(input);
}
