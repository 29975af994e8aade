/**
 * Input of « enregistrer une version du contrat d'engagement » (issue 20, docs/rules.md#contrat-dengagement): strict,
 * French messages. The plan's shape and limits are the domain's (`contractPlanSchema`); what depends on the database
 * (the latest orientation, the agency's offer, the dates against the notification and today) is checked by the use case.
 */
import { z } from "zod";
import { unknownKeys } from "./strict-input";
import { COMMITMENTS_MAX_LENGTH, contractPlanSchema, isValidDate, WEEKLY_ACTIVITY_MAX_HOURS, WEEKLY_REASON_MAX_LENGTH } from "@/domain";

const commitments = (label: string) =>
  z
    .string({ error: `${label} : un texte est attendu.` })
    .trim()
    .max(COMMITMENTS_MAX_LENGTH, { error: `${label} : ${COMMITMENTS_MAX_LENGTH} caractères au plus.` });

export const saveEngagementContractSchema = z.strictObject(
  {
    seekerId: z.uuid({ error: "Demandeur : identifiant invalide." }),
    /** The revision the editor started from (null: none yet); another saved meanwhile → refused, nothing written. */
    baseRevision: z
      .int({ error: "Version de départ : un numéro est attendu." })
      .min(1, { error: "Version de départ : un numéro est attendu." })
      .nullable()
      .optional(),
    plan: contractPlanSchema,
    weeklyHours: z
      .number({ error: "Durée d'activité hebdomadaire : un nombre d'heures est attendu." })
      .min(0, { error: "Durée d'activité hebdomadaire : elle ne peut pas être négative." })
      .max(WEEKLY_ACTIVITY_MAX_HOURS, { error: `Durée d'activité hebdomadaire : ${WEEKLY_ACTIVITY_MAX_HOURS} heures au plus (durée légale du travail).` }),
    weeklyHoursReason: z
      .string({ error: "Justification de la durée hebdomadaire : un texte est attendu." })
      .trim()
      .max(WEEKLY_REASON_MAX_LENGTH, { error: `Justification de la durée hebdomadaire : ${WEEKLY_REASON_MAX_LENGTH} caractères au plus.` })
      .optional(),
    seekerCommitments: commitments("Engagements de la personne"),
    advisorCommitments: commitments("Engagements de France Travail"),
    /** Absent or null: a draft; a date: signed that day (not in the future, not before the orientation's notification). */
    signedOn: z
      .string({ error: "Date de signature : une date est attendue." })
      .refine((value) => isValidDate(value), { error: "Date de signature invalide : une date AAAA-MM-JJ est attendue." })
      .nullable()
      .optional(),
  },
  { error: unknownKeys("Contrat d'engagement") },
);

export type SaveEngagementContractInput = z.output<typeof saveEngagementContractSchema>;
