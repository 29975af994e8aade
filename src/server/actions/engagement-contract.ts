"use server";
/**
 * Server action of the contrat d'engagement (issue 20): the advisor in charge or the agency's manager saves a revision
 * (a draft, or signed). Authentication, permission and the strict schema are the guard's; the use case applies the row
 * scope (`contract`) and the rules.
 */
import { authorizedAction } from "@/server/auth/guard";
import { saveEngagementContract } from "@/server/use-cases/engagement-contract";
import { saveEngagementContractSchema } from "@/server/use-cases/engagement-contract.schema";

export const saveEngagementContractAction = authorizedAction({
  name: "contract.save",
  permission: "contract:write",
  schema: saveEngagementContractSchema,
  revalidates: ["/conseiller", "/conseiller/demandeurs/[id]", "/agence/demandeurs/[id]", "/agence/contrats"],
  run: async (actor, input) => {
    const saved = await saveEngagementContract(actor, input);
    return { revision: saved.revision, signedOn: saved.signedOn, dueOn: saved.dueOn, status: saved.status };
  },
});
