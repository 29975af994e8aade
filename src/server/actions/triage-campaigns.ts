"use server";
/**
 * Server actions of the triage campaigns (« jour de tri », issue 17): the manager previews, opens, adjusts and closes
 * a campaign and sets or removes the agency's closure days; the advisor confirms a file of their share unchanged (a
 * re-diagnosis goes through confirmDiagnosticAction).
 */
import { actionGroup } from "@/server/auth/guard";
import {
  closeTriageCampaign,
  confirmCampaignFileUnchanged,
  openTriageCampaign,
  reassignCampaignFiles,
  removeAgencyClosure,
  setAgencyClosure,
} from "@/server/use-cases/triage-campaigns";
import {
  campaignIdSchema,
  confirmUnchangedSchema,
  openCampaignSchema,
  reassignCampaignSchema,
  removeClosureSchema,
  setClosureSchema,
} from "@/server/use-cases/triage-campaigns.schema";

const managerAction = actionGroup({ permission: "campaign:manage", revalidates: ["/agence/tri", "/agence/tri/[id]", "/conseiller", "/conseiller/tri/[id]"] });
const advisorAction = actionGroup({ permission: "campaign:triage", revalidates: ["/conseiller", "/conseiller/tri/[id]", "/agence/tri/[id]"] });

export const previewCampaignAction = managerAction("campaign.preview", openCampaignSchema, (actor, input) =>
  openTriageCampaign(actor, { ...input, dryRun: true }),
);

export const openCampaignAction = managerAction("campaign.open", openCampaignSchema, (actor, input) => openTriageCampaign(actor, { ...input, dryRun: false }));

export const reassignCampaignAction = managerAction("campaign.reassign", reassignCampaignSchema, reassignCampaignFiles);

export const closeCampaignAction = managerAction("campaign.close", campaignIdSchema, closeTriageCampaign);

export const setClosureAction = managerAction("agency.setClosure", setClosureSchema, setAgencyClosure);

export const removeClosureAction = managerAction("agency.removeClosure", removeClosureSchema, removeAgencyClosure);

export const confirmUnchangedAction = advisorAction("campaign.confirmUnchanged", confirmUnchangedSchema, confirmCampaignFileUnchanged);
