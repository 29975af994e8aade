"use server";
/**
 * Server actions of the tandem file (docs/rules.md#the-tandem-file): a shared note (the social worker of the open
 * tandem, the advisor in charge), a joint meeting or the social review booked by the social worker.
 */
import { actionGroup } from "@/server/auth/guard";
import { addTandemNote, bookTandemAppointment } from "@/server/use-cases/tandem";
import { addTandemNoteSchema, bookTandemAppointmentSchema } from "@/server/use-cases/tandem.schema";

const noteAction = actionGroup({ permission: "tandem:note", revalidates: ["/travailleur-social/demandeurs/[id]", "/conseiller/demandeurs/[id]"] });
const bookAction = actionGroup({
  permission: "tandem:book",
  revalidates: ["/travailleur-social", "/travailleur-social/demandeurs/[id]", "/conseiller/demandeurs/[id]", "/conseiller"],
});

export const addTandemNoteAction = noteAction("tandem.addNote", addTandemNoteSchema, addTandemNote);

export const bookTandemAppointmentAction = bookAction("tandem.book", bookTandemAppointmentSchema, bookTandemAppointment);
