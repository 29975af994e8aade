"use server";
/**
 * Server actions of a file's life cycle (issue 17): close it with its exit reason, reopen it, transfer it to another
 * agency. The use cases apply the `lifeCycle` row scope (the advisor in charge, the agency's managers, admin).
 */
import { actionGroup } from "@/server/auth/guard";
import { closeSeeker, reopenSeeker, transferSeeker } from "@/server/use-cases/seeker-life-cycle";
import { closeSeekerSchema, reopenSeekerSchema, transferSeekerSchema } from "@/server/use-cases/seeker-life-cycle.schema";

const lifeCycleAction = actionGroup({
  permission: "seeker:lifecycle",
  revalidates: ["/conseiller", "/conseiller/demandeurs/[id]", "/agence", "/agence/demandeurs/[id]", "/agence/attente", "/agence/mouvements"],
});

export const closeSeekerAction = lifeCycleAction("seeker.close", closeSeekerSchema, closeSeeker);

export const reopenSeekerAction = lifeCycleAction("seeker.reopen", reopenSeekerSchema, reopenSeeker);

export const transferSeekerAction = lifeCycleAction("seeker.transfer", transferSeekerSchema, transferSeeker);
