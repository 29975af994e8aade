/**
 * The seeker page's actions (issue #4), one authorized action per appointment use case, built with the
 * default actor resolver by the "use server" file, and with an injected one (and clock) by the tests.
 * Kept out of the "use server" file so that the builder is not itself a public endpoint.
 */
import { authorizedAction } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { cancelAppointment, recordOutcome, rescheduleAppointment, setWebOnly } from "@/server/use-cases/appointments";
import {
  cancelAppointmentSchema,
  recordOutcomeSchema,
  rescheduleAppointmentSchema,
  setWebOnlySchema,
} from "@/server/use-cases/appointments.schema";

type ResolveActor = (() => Promise<Actor | null>) | undefined;
type Clock = () => Date;

export function buildAppointmentActions(resolveActor?: ResolveActor, clock: Clock = () => new Date()) {
  return {
    recordOutcome: authorizedAction({
      name: "appointment.recordOutcome",
      permission: "appointment:manage",
      schema: recordOutcomeSchema,
      resolveActor,
      run: (actor, input) => recordOutcome(actor, input, { now: clock() }),
    }),
    cancelAppointment: authorizedAction({
      name: "appointment.cancel",
      permission: "appointment:manage",
      schema: cancelAppointmentSchema,
      resolveActor,
      run: (actor, input) => cancelAppointment(actor, input, { now: clock() }),
    }),
    rescheduleAppointment: authorizedAction({
      name: "appointment.reschedule",
      permission: "appointment:manage",
      schema: rescheduleAppointmentSchema,
      resolveActor,
      run: (actor, input) => rescheduleAppointment(actor, input, { now: clock() }),
    }),
    setWebOnly: authorizedAction({
      name: "seeker.setWebOnly",
      permission: "appointment:manage",
      schema: setWebOnlySchema,
      resolveActor,
      run: (actor, input) => setWebOnly(actor, input, { now: clock() }),
    }),
  };
}
