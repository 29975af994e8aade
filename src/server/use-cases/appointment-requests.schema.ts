/**
 * Strict input schemas (French messages) of the seekers' requests on their appointments and of the advisor's answers
 * (docs/rules.md#seekers-requests-on-appointments). Unknown keys are refused, never ignored.
 */
import { z } from "zod";
import { unknownKeys } from "./strict-input";
import { APPOINTMENT_REQUEST_LIMITS as LIMITS } from "@/domain";

const appointmentId = z.uuid({ error: "Identifiant de rendez-vous invalide." });
const requestId = z.uuid({ error: "Identifiant de demande invalide." });
const slot = z.iso.datetime({ offset: true, error: "Horaire invalide : une date et une heure sont attendues." });

export const createAppointmentRequestSchema = z
  .strictObject(
    {
      appointmentId,
      kind: z.enum(["MOVE", "ABSENCE"], { error: "Choisissez : déplacer le rendez-vous, ou ne pas venir." }),
      reason: z
        .string({ error: "Raison obligatoire : dites en quelques mots pourquoi." })
        .trim()
        .min(LIMITS.reasonMin, { error: "Raison obligatoire : dites en quelques mots pourquoi." })
        .max(LIMITS.reasonMax, { error: `Votre message est trop long : ${LIMITS.reasonMax} caractères au plus.` }),
      /** For a move: one to three slots among those offered (checked again when sent). */
      preferredSlots: z
        .array(slot, { error: "Horaires choisis : une liste est attendue." })
        .max(LIMITS.slotsMax, { error: `Choisissez ${LIMITS.slotsMax} horaires au plus.` })
        .optional(),
    },
    { error: unknownKeys("Demande sur un rendez-vous") },
  )
  .refine((input) => input.kind !== "MOVE" || (input.preferredSlots?.length ?? 0) >= LIMITS.slotsMin, {
    error: "Choisissez au moins un horaire qui vous convient.",
    path: ["preferredSlots"],
  })
  .refine((input) => input.kind !== "ABSENCE" || (input.preferredSlots?.length ?? 0) === 0, {
    error: "Une absence ne propose pas d'horaire.",
    path: ["preferredSlots"],
  })
  .refine((input) => new Set((input.preferredSlots ?? []).map((s) => Date.parse(s))).size === (input.preferredSlots?.length ?? 0), {
    error: "Vous avez choisi deux fois le même horaire.",
    path: ["preferredSlots"],
  });
export type CreateAppointmentRequestInput = z.output<typeof createAppointmentRequestSchema>;

const note = z
  .string({ error: "Donnez une courte raison." })
  .trim()
  .min(LIMITS.reasonMin, { error: "Donnez une courte raison." })
  .max(LIMITS.answerNoteMax, { error: `Raison trop longue : ${LIMITS.answerNoteMax} caractères au plus.` });

export const answerAppointmentRequestSchema = z.discriminatedUnion(
  "answer",
  [
    z.strictObject({ requestId, answer: z.literal("ACCEPT"), startsAt: slot }, { error: unknownKeys("Réponse à la demande") }),
    z.strictObject({ requestId, answer: z.literal("PROPOSE"), startsAt: slot }, { error: unknownKeys("Réponse à la demande") }),
    z.strictObject({ requestId, answer: z.literal("DECLINE"), note }, { error: unknownKeys("Réponse à la demande") }),
    z.strictObject({ requestId, answer: z.literal("ACKNOWLEDGE") }, { error: unknownKeys("Réponse à la demande") }),
  ],
  { error: "Réponse invalide : accepter, proposer un autre horaire, refuser ou prendre note." },
);
export type AnswerAppointmentRequestInput = z.output<typeof answerAppointmentRequestSchema>;

export const acceptProposalSchema = z.strictObject({ requestId }, { error: unknownKeys("Réponse à la proposition") });
