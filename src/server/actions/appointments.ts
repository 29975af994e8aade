"use server";
/** Server actions of the seeker's file (issue #4): an appointment's outcome, cancellation, rescheduling, and 100 % web. */
import { authorizedAction } from "@/server/auth/guard";
import { cancelAppointment, recordOutcome, rescheduleAppointment, setWebOnly } from "@/server/use-cases/appointments";
import { cancelAppointmentSchema, recordOutcomeSchema, rescheduleAppointmentSchema, setWebOnlySchema } from "@/server/use-cases/appointments.schema";

/** The seeker's file and the advisor's caseload (agenda, reviews) show what these actions change. */
const ADVISOR_PAGES = ["/conseiller/demandeurs/[id]", "/conseiller"] as const;

export const recordOutcomeAction = authorizedAction({
  name: "appointment.recordOutcome",
  permission: "appointment:manage",
  schema: recordOutcomeSchema,
  revalidates: ADVISOR_PAGES,
  run: (actor, input) => recordOutcome(actor, input),
});

export const cancelAppointmentAction = authorizedAction({
  name: "appointment.cancel",
  permission: "appointment:manage",
  schema: cancelAppointmentSchema,
  revalidates: ADVISOR_PAGES,
  run: (actor, input) => cancelAppointment(actor, input),
});

export const rescheduleAppointmentAction = authorizedAction({
  name: "appointment.reschedule",
  permission: "appointment:manage",
  schema: rescheduleAppointmentSchema,
  revalidates: ADVISOR_PAGES,
  run: (actor, input) => rescheduleAppointment(actor, input),
});

export const setWebOnlyAction = authorizedAction({
  name: "seeker.setWebOnly",
  permission: "appointment:manage",
  schema: setWebOnlySchema,
  revalidates: ADVISOR_PAGES,
  run: (actor, input) => setWebOnly(actor, input),
});
