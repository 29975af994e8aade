"use server";
/** Server action of the seeker's file (issue 16): the advisor in charge corrects the seeker's e-mail or phone, with the seeker's word. */
import { actionGroup } from "@/server/auth/guard";
import { correctContact } from "@/server/use-cases/contact-details";
import { correctContactSchema } from "@/server/use-cases/contact-details.schema";

const advisorAction = actionGroup({ permission: "seeker-contact:correct", revalidates: ["/conseiller/demandeurs/[id]"] });

export const correctContactAction = advisorAction("seeker.correctContact", correctContactSchema, correctContact);
