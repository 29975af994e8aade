"use server";
/**
 * Server actions of the agency settings page (issue #5): caps, hours, first-interview deadline, minimum notice of a move, reminders, retention of closed
 * files, partnership, and the
 * département's social workers' accounts. Each refreshes the settings page and the agency's dashboard.
 */
import { actionGroup } from "@/server/auth/guard";
import {
  updateCaps,
  updateClosedFileRetention,
  updateFirstInterviewDeadline,
  updateGlobalPartnership,
  updateHours,
  updateMinNotice,
  updateMessageReply,
  updateOffer,
  updateReminders,
} from "@/server/use-cases/agency-settings";
import {
  createSocialWorkerSchema,
  deactivateSocialWorkerSchema,
  reactivateSocialWorkerSchema,
  updateCapsSchema,
  updateDeadlineSchema,
  updateHoursSchema,
  updateMinNoticeSchema,
  updateMessageReplySchema,
  updateOfferSchema,
  updatePartnershipSchema,
  updateRemindersSchema,
  updateRetentionSchema,
} from "@/server/use-cases/agency-settings.schema";
import { createSocialWorker, deactivateSocialWorker, reactivateSocialWorker } from "@/server/use-cases/social-workers";

/** Every settings action refreshes the settings page and the dashboard. */
const settingsAction = actionGroup({ permission: "agency:configure", revalidates: ["/agence/parametres", "/agence"] });

export const updateCapsAction = settingsAction("agency.updateCaps", updateCapsSchema, updateCaps, ["/agence/equilibrer"]);

export const updateHoursAction = settingsAction("agency.updateHours", updateHoursSchema, updateHours);

export const updateFirstInterviewDeadlineAction = settingsAction("agency.updateFirstInterviewDeadline", updateDeadlineSchema, updateFirstInterviewDeadline, [
  "/agence/attente",
]);

export const updateMinNoticeAction = settingsAction("agency.updateMinNotice", updateMinNoticeSchema, updateMinNotice);

export const updateMessageReplyAction = settingsAction("agency.updateMessageReply", updateMessageReplySchema, updateMessageReply);

export const updateRemindersAction = settingsAction("agency.updateReminders", updateRemindersSchema, updateReminders);

export const updateRetentionAction = settingsAction("agency.updateRetention", updateRetentionSchema, updateClosedFileRetention);

export const updateGlobalPartnershipAction = settingsAction("agency.updateGlobalPartnership", updatePartnershipSchema, updateGlobalPartnership);

/** The agency's offer (issue 20): also refreshes the transition list. */
export const updateOfferAction = settingsAction("agency.updateOffer", updateOfferSchema, updateOffer, ["/agence/transition"]);

export const createSocialWorkerAction = settingsAction("agency.createSocialWorker", createSocialWorkerSchema, createSocialWorker);

export const deactivateSocialWorkerAction = settingsAction("agency.deactivateSocialWorker", deactivateSocialWorkerSchema, deactivateSocialWorker);

export const reactivateSocialWorkerAction = settingsAction("agency.reactivateSocialWorker", reactivateSocialWorkerSchema, reactivateSocialWorker);
