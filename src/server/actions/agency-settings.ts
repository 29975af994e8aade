"use server";
/**
 * Server actions of the agency settings page (issue #5): caps, hours, first-interview deadline, partnership, and the
 * département's social workers' accounts. Each refreshes the settings page and the agency's dashboard.
 */
import { authorizedAction } from "@/server/auth/guard";
import { updateCaps, updateFirstInterviewDeadline, updateGlobalPartnership, updateHours } from "@/server/use-cases/agency-settings";
import {
  createSocialWorkerSchema,
  deactivateSocialWorkerSchema,
  reactivateSocialWorkerSchema,
  updateCapsSchema,
  updateDeadlineSchema,
  updateHoursSchema,
  updatePartnershipSchema,
} from "@/server/use-cases/agency-settings.schema";
import { createSocialWorker, deactivateSocialWorker, reactivateSocialWorker } from "@/server/use-cases/social-workers";

const SETTINGS_PAGES = ["/agence/parametres", "/agence"] as const;

export const updateCapsAction = authorizedAction({
  name: "agency.updateCaps",
  permission: "agency:configure",
  schema: updateCapsSchema,
  revalidates: [...SETTINGS_PAGES, "/agence/equilibrer"],
  run: (actor, input) => updateCaps(actor, input),
});

export const updateHoursAction = authorizedAction({
  name: "agency.updateHours",
  permission: "agency:configure",
  schema: updateHoursSchema,
  revalidates: SETTINGS_PAGES,
  run: (actor, input) => updateHours(actor, input),
});

export const updateFirstInterviewDeadlineAction = authorizedAction({
  name: "agency.updateFirstInterviewDeadline",
  permission: "agency:configure",
  schema: updateDeadlineSchema,
  revalidates: [...SETTINGS_PAGES, "/agence/attente"],
  run: (actor, input) => updateFirstInterviewDeadline(actor, input),
});

export const updateGlobalPartnershipAction = authorizedAction({
  name: "agency.updateGlobalPartnership",
  permission: "agency:configure",
  schema: updatePartnershipSchema,
  revalidates: SETTINGS_PAGES,
  run: (actor, input) => updateGlobalPartnership(actor, input),
});

export const createSocialWorkerAction = authorizedAction({
  name: "agency.createSocialWorker",
  permission: "agency:configure",
  schema: createSocialWorkerSchema,
  revalidates: SETTINGS_PAGES,
  run: (actor, input) => createSocialWorker(actor, input),
});

export const deactivateSocialWorkerAction = authorizedAction({
  name: "agency.deactivateSocialWorker",
  permission: "agency:configure",
  schema: deactivateSocialWorkerSchema,
  revalidates: SETTINGS_PAGES,
  run: (actor, input) => deactivateSocialWorker(actor, input),
});

export const reactivateSocialWorkerAction = authorizedAction({
  name: "agency.reactivateSocialWorker",
  permission: "agency:configure",
  schema: reactivateSocialWorkerSchema,
  revalidates: SETTINGS_PAGES,
  run: (actor, input) => reactivateSocialWorker(actor, input),
});
