/**
 * Input of « confirmer le diagnostic » (issue #4): strict, French messages. What depends on the database
 * (the server-computed proposal, the agency's partnership, who the colleagues are) is checked by the use case.
 */
import { z } from "zod";
import { diagnosticAnswersSchema, isWebOnlyEligible, JUSTIFICATION_MAX, JUSTIFICATION_MIN, MODALITIES } from "@/domain";

/** The written justification of a decision that differs from the proposal (2014.1 diagnostic, 2025.1 orientation). */
export const overrideJustificationSchema = z
  .string({ error: "Justification : un texte est attendu." })
  .trim()
  .min(JUSTIFICATION_MIN, { error: `Justification : ${JUSTIFICATION_MIN} caractères au moins.` })
  .max(JUSTIFICATION_MAX, { error: `Justification : ${JUSTIFICATION_MAX} caractères au plus.` });

const uuid = (label: string) => z.uuid({ error: `${label} : identifiant invalide.` });

export const confirmDiagnosticSchema = z
  .strictObject(
    {
      seekerId: uuid("Demandeur"),
      answers: diagnosticAnswersSchema,
      decidedModality: z.enum(MODALITIES, {
        error: "Modalité décidée invalide : SUIVI, GUIDE, RENFORCE ou GLOBAL attendu.",
      }),
      overrideJustification: overrideJustificationSchema.optional(),
      agreedRhythmMonths: z.literal([1, 2, 3], { error: "Rythme convenu : 1, 2 ou 3 mois attendu." }).optional(),
      webOnly: z.boolean({ error: "Suivi 100 % web : vrai ou faux attendu." }).optional(),
      targetAdvisorId: uuid("Conseiller·ère").optional(),
      socialWorkerId: uuid("Travailleur social").optional(),
      force: z.boolean({ error: "Forçage : vrai ou faux attendu." }).optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys" ? `Champ(s) inconnu(s) ${issue.keys.map((k) => `« ${k} »`).join(", ")} refusé(s).` : "Un objet est attendu.",
    },
  )
  .superRefine((input, ctx) => {
    if (input.decidedModality === "GLOBAL" && input.socialWorkerId === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["socialWorkerId"],
        message: "L'accompagnement global exige un travailleur social du conseil départemental.",
      });
    }
    if (input.decidedModality !== "GLOBAL" && input.socialWorkerId !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["socialWorkerId"],
        message: "Un travailleur social n'est désigné qu'en accompagnement global.",
      });
    }
    if (input.decidedModality !== "GUIDE" && input.agreedRhythmMonths !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["agreedRhythmMonths"],
        message: "Le rythme convenu ne s'applique qu'à l'accompagnement guidé.",
      });
    }
    if (input.webOnly === true && !isWebOnlyEligible(input.decidedModality, input.answers)) {
      ctx.addIssue({
        code: "custom",
        path: ["webOnly"],
        message: "Le suivi 100 % web n'est possible qu'en modalité suivi, pour une personne volontaire et autonome sur le numérique.",
      });
    }
    if (input.force === true) {
      ctx.addIssue({
        code: "custom",
        path: ["force"],
        message: "Seul un responsable d'équipe peut forcer une affectation au-delà du plafond.",
      });
    }
  });

export type ConfirmDiagnosticInput = z.output<typeof confirmDiagnosticSchema>;
