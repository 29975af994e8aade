"use server";
/**
 * Server actions of the placement beyond the caps (issue 15): the advisor sends a file to the managers when every
 * portfolio of its modality is full; a manager places the seeker beyond the cap with a written reason, or declines.
 */
import { actionGroup } from "@/server/auth/guard";
import { declinePlacement, placeBeyondCap, requestPlacement } from "@/server/use-cases/placement-requests";
import { declinePlacementSchema, placeBeyondCapSchema, requestPlacementSchema } from "@/server/use-cases/placement-requests.schema";

const advisorAction = actionGroup({ permission: "placement:request", revalidates: ["/conseiller", "/conseiller/diagnostic/[id]", "/agence/attente"] });

const managerAction = actionGroup({
  permission: "placement:decide",
  revalidates: ["/agence", "/agence/attente", "/agence/portefeuilles/[id]", "/conseiller", "/conseiller/diagnostic/[id]"],
});

export const requestPlacementAction = advisorAction("placement.request", requestPlacementSchema, requestPlacement);

export const placeBeyondCapAction = managerAction("placement.place", placeBeyondCapSchema, placeBeyondCap);

export const declinePlacementAction = managerAction("placement.decline", declinePlacementSchema, declinePlacement);
