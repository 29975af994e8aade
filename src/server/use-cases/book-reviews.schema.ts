/**
 * Input of « réserver les bilans manquants » (issue 15): the agency, and whether to preview only; `kind` JOINT_DIAGNOSTIC
 * books the joint diagnostics instead (issue 20), optionally of one seeker (« planifier »). Strict, French messages.
 */
import { z } from "zod";

export const bookReviewsSchema = z.strictObject(
  {
    agencyId: z.uuid({ error: "Agence : identifiant invalide." }),
    dryRun: z.boolean({ error: "Aperçu : vrai ou faux attendu." }).optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `Champ(s) inconnu(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")} refusé(s).` : "Un objet est attendu.",
  },
);

/** « Planifier » one joint diagnostic (`seekerId`), or book the agency's: the same use case, the kind fixed by the action. */
export const bookJointDiagnosticsSchema = bookReviewsSchema.extend({
  seekerId: z.uuid({ error: "Demandeur : identifiant invalide." }).optional(),
});

/** The use case's input: either of the above, and which appointments to book (the M4/M9 reviews by default). */
export const bookAppointmentsDueSchema = bookJointDiagnosticsSchema.extend({
  kind: z
    .enum(["REVIEWS", "JOINT_DIAGNOSTIC"], { error: "Rendez-vous : « REVIEWS » (bilans M4/M9) ou « JOINT_DIAGNOSTIC » (diagnostic conjoint) attendu." })
    .optional(),
});
