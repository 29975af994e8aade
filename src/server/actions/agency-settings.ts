"use server";
/** Server actions of the agency settings page (issue #5); see agency-settings-actions.ts for how each is built. */
import type { ActionResult } from "@/server/auth/guard";
import type {
  CreatedSocialWorker,
  DeactivationResult,
  PartnershipResult,
  SettingsChangeResult,
  UpdateCapsResult,
} from "@/server/use-cases/agency-settings";
import { buildAgencySettingsActions } from "./agency-settings-actions";

const actions = buildAgencySettingsActions();

export async function updateCapsAction(input: unknown): Promise<ActionResult<UpdateCapsResult>> {
  return actions.updateCaps(input);
}

export async function updateHoursAction(input: unknown): Promise<ActionResult<SettingsChangeResult>> {
  return actions.updateHours(input);
}

export async function updateFirstInterviewDeadlineAction(input: unknown): Promise<ActionResult<SettingsChangeResult>> {
  return actions.updateFirstInterviewDeadline(input);
}

export async function updateGlobalPartnershipAction(input: unknown): Promise<ActionResult<PartnershipResult>> {
  return actions.updateGlobalPartnership(input);
}

export async function createSocialWorkerAction(input: unknown): Promise<ActionResult<CreatedSocialWorker>> {
  return actions.createSocialWorker(input);
}

export async function deactivateSocialWorkerAction(input: unknown): Promise<ActionResult<DeactivationResult>> {
  return actions.deactivateSocialWorker(input);
}

export async function reactivateSocialWorkerAction(input: unknown): Promise<ActionResult<{ userId: string }>> {
  return actions.reactivateSocialWorker(input);
}
