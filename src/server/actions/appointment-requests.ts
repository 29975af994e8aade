"use server";
/** Server actions of the seekers' requests on their appointments and of the advisor's answers (docs/rules.md#seekers-requests-on-appointments). */
import { actionGroup } from "@/server/auth/guard";
import { acceptProposal, answerAppointmentRequest, createAppointmentRequest } from "@/server/use-cases/appointment-requests";
import { acceptProposalSchema, answerAppointmentRequestSchema, createAppointmentRequestSchema } from "@/server/use-cases/appointment-requests.schema";

const seekerAction = actionGroup({ permission: "appointment-request:create", revalidates: ["/mon-espace", "/conseiller/demandes", "/conseiller"] });
const advisorAction = actionGroup({
  permission: "appointment-request:answer",
  revalidates: ["/conseiller/demandes", "/conseiller", "/conseiller/demandeurs/[id]"],
});

export const createAppointmentRequestAction = seekerAction("appointmentRequest.create", createAppointmentRequestSchema, createAppointmentRequest);

export const acceptProposalAction = seekerAction("appointmentRequest.acceptProposal", acceptProposalSchema, acceptProposal);

export const answerAppointmentRequestAction = advisorAction("appointmentRequest.answer", answerAppointmentRequestSchema, answerAppointmentRequest);
