"use server";
/** Server actions of the seeker's file (issue #4): an appointment's outcome, cancellation, rescheduling, booking, and 100 % web. */
import { actionGroup } from "@/server/auth/guard";
import { bookAppointment, cancelAppointment, recordOutcome, rescheduleAppointment, setWebOnly } from "@/server/use-cases/appointments";
import {
  bookAppointmentSchema,
  cancelAppointmentSchema,
  recordOutcomeSchema,
  rescheduleAppointmentSchema,
  setWebOnlySchema,
} from "@/server/use-cases/appointments.schema";

/** The seeker's file and the advisor's caseload (agenda, reviews) show what these actions change. */
const advisorAction = actionGroup({ permission: "appointment:manage", revalidates: ["/conseiller/demandeurs/[id]", "/conseiller"] });

export const recordOutcomeAction = advisorAction("appointment.recordOutcome", recordOutcomeSchema, recordOutcome);

export const cancelAppointmentAction = advisorAction("appointment.cancel", cancelAppointmentSchema, cancelAppointment);

export const rescheduleAppointmentAction = advisorAction("appointment.reschedule", rescheduleAppointmentSchema, rescheduleAppointment);

export const bookAppointmentAction = advisorAction("appointment.book", bookAppointmentSchema, bookAppointment);

export const setWebOnlyAction = advisorAction("seeker.setWebOnly", setWebOnlySchema, setWebOnly);
