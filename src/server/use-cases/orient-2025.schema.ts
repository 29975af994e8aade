/**
 * Inputs of « orienter le demandeur » under the 2025 offer (issue 20) and of « enregistrer la décision du
 * département »: strict, French messages. What depends on the database (the agency's offer and partnership, the
 * seeker's age, the server-computed proposal, the pending orientation) is checked by the use cases.
 */
import { z } from "zod";
import { overrideJustificationSchema } from "./confirm-diagnostic.schema";
import { unknownKeys } from "./strict-input";
import { diagnosticAnswersSchema, INTENSITIES, isValidDate, JUSTIFICATION_MAX, PARCOURS, REFERENTS } from "@/domain";

const uuid = (label: string) => z.uuid({ error: `${label} : identifiant invalide.` });

const parcours = z.enum(PARCOURS, { error: "Parcours : EMPLOI, SOCIO_PROFESSIONNEL ou SOCIAL attendu." });
const referent = z.enum(REFERENTS, {
  error: "Organisme référent : FRANCE_TRAVAIL, MISSION_LOCALE, CAP_EMPLOI ou CONSEIL_DEPARTEMENTAL attendu.",
});

/**
 * The situation the advisor records (the age is computed on the server from the birth date). RQTH is special-category
 * data: stored with the orientation only, never journaled.
 */
export const orientationSituationSchema = z.strictObject(
  {
    rsa: z.boolean({ error: "Bénéficiaire du RSA : vrai ou faux attendu." }),
    rqth: z.boolean({ error: "Reconnaissance de travailleur handicapé (RQTH) : vrai ou faux attendu." }),
  },
  { error: unknownKeys("Situation") },
);

export const orientSeeker2025Schema = z.strictObject(
  {
    seekerId: uuid("Demandeur"),
    answers: diagnosticAnswersSchema,
    situation: orientationSituationSchema,
    /** Each omitted choice follows the proposal (the intensity and the tandem: the rules, applied to the decided parcours and referent). */
    decidedParcours: parcours.optional(),
    decidedReferent: referent.optional(),
    decidedIntensity: z.enum(INTENSITIES, { error: "Intensité : INTENSIF ou AGILE attendu." }).nullable().optional(),
    decidedTandem: z.boolean({ error: "Binôme : vrai ou faux attendu." }).optional(),
    overrideJustification: overrideJustificationSchema.optional(),
    /** Oriented to France Travail: the advisor whose portfolio receives the person (by default the one orienting). */
    targetAdvisorId: uuid("Conseiller·ère").optional(),
    /** A tandem: the département's social worker. */
    socialWorkerId: uuid("Travailleur social").optional(),
    /** Agile support: the rhythm agreed with the person (every 1, 2 or 3 months; 2 by default). */
    agreedRhythmMonths: z.literal([1, 2, 3], { error: "Rythme convenu : 1, 2 ou 3 mois attendu." }).optional(),
  },
  { error: unknownKeys("Orientation") },
);

export type OrientSeeker2025Input = z.output<typeof orientSeeker2025Schema>;

const isoDate = z
  .string({ error: "Date de la décision : une date est attendue." })
  .refine((value) => isValidDate(value), { error: "Date de la décision invalide : une date AAAA-MM-JJ est attendue." });

export const recordDepartementDecisionSchema = z.strictObject(
  {
    seekerId: uuid("Demandeur"),
    parcours,
    referent,
    decidedOn: isoDate,
    note: z
      .string({ error: "Note : un texte est attendu." })
      .trim()
      .max(JUSTIFICATION_MAX, { error: `Note : ${JUSTIFICATION_MAX} caractères au plus.` })
      .optional(),
    /** To France Travail: the advisor whose portfolio receives the person (by default their current advisor). */
    targetAdvisorId: uuid("Conseiller·ère").optional(),
  },
  { error: unknownKeys("Décision du département") },
);

export type RecordDepartementDecisionInput = z.output<typeof recordDepartementDecisionSchema>;
