/**
 * Inputs of the placement beyond the caps (issue 15, docs/rules.md#placement-beyond-the-caps): the advisor sends the
 * confirmation they prepared (the confirm-diagnostic input as is) with an optional word; the manager places the seeker
 * with an advisor of the agency and a written reason, or declines with a reason. Strict, French messages.
 */
import { z } from "zod";
import { JUSTIFICATION_MAX, JUSTIFICATION_MIN } from "@/domain";
import { confirmDiagnosticSchema } from "./confirm-diagnostic.schema";

const unknownKeys = {
  error: (issue: { code: string; keys?: string[] }) =>
    issue.code === "unrecognized_keys" ? `Champ(s) inconnu(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")} refusé(s).` : "Un objet est attendu.",
};

const requestId = z.uuid({ error: "Demande : identifiant invalide." });

/** The manager's written reason: as long as an override's justification. */
const writtenReason = (label: string) =>
  z
    .string({ error: `${label} : un texte est attendu.` })
    .trim()
    .min(JUSTIFICATION_MIN, { error: `${label} : ${JUSTIFICATION_MIN} caractères au moins.` })
    .max(JUSTIFICATION_MAX, { error: `${label} : ${JUSTIFICATION_MAX} caractères au plus.` });

export const requestPlacementSchema = z.strictObject(
  {
    confirmation: confirmDiagnosticSchema,
    note: z
      .string({ error: "Message à la direction : un texte est attendu." })
      .trim()
      .max(JUSTIFICATION_MAX, { error: `Message à la direction : ${JUSTIFICATION_MAX} caractères au plus.` })
      .optional(),
  },
  unknownKeys,
);

export const placeBeyondCapSchema = z.strictObject(
  {
    requestId,
    advisorId: z.uuid({ error: "Conseiller·ère : identifiant invalide." }),
    reason: writtenReason("Justification"),
  },
  unknownKeys,
);

export const declinePlacementSchema = z.strictObject({ requestId, reason: writtenReason("Motif du refus") }, unknownKeys);

export type RequestPlacementInput = z.output<typeof requestPlacementSchema>;
export type PlaceBeyondCapInput = z.output<typeof placeBeyondCapSchema>;
export type DeclinePlacementInput = z.output<typeof declinePlacementSchema>;
