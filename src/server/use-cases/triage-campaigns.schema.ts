/**
 * Inputs of the triage campaigns and the agency's closure days (docs/rules.md#triage-campaigns): strict, French
 * messages. What depends on the database (the advisors of the agency, the files, the appointments that day) is
 * checked by the use cases.
 */
import { z } from "zod";
import { CAMPAIGN_MONTHS_MAX, MODALITIES } from "@/domain";

const unknownKeys = {
  error: (issue: { code: string; keys?: string[] }) =>
    issue.code === "unrecognized_keys" ? `Champ(s) inconnu(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")} refusé(s).` : "Un objet est attendu.",
};
const uuid = (label: string) => z.uuid({ error: `${label} : identifiant invalide.` });
const day = z.iso.date({ error: "Jour : une date AAAA-MM-JJ est attendue." });

export const campaignSelectionSchema = z.strictObject(
  {
    modality: z.enum(MODALITIES, { error: "Modalité : SUIVI, GUIDE, RENFORCE ou GLOBAL attendu." }).optional(),
    notRediagnosedMonths: z
      .number({ error: "Mois sans nouveau diagnostic : un nombre est attendu." })
      .int({ error: "Mois sans nouveau diagnostic : un nombre entier est attendu." })
      .min(1, { error: "Mois sans nouveau diagnostic : 1 au moins." })
      .max(CAMPAIGN_MONTHS_MAX, { error: `Mois sans nouveau diagnostic : ${CAMPAIGN_MONTHS_MAX} au plus.` })
      .optional(),
    advisorId: uuid("Conseiller·ère").optional(),
  },
  unknownKeys,
);

const moveSchema = z.strictObject(
  {
    fromAdvisorId: uuid("Conseiller·ère qui cède"),
    toAdvisorId: uuid("Conseiller·ère qui reçoit"),
    count: z.number({ error: "Nombre de dossiers : un nombre est attendu." }).int({ error: "Nombre de dossiers : un entier est attendu." }).min(1).max(20_000),
  },
  unknownKeys,
);

/** What to do with the appointments already booked on a day the agency closes: keep them, or move them. */
export const bookedChoiceSchema = z.enum(["KEEP", "MOVE"], { error: "Rendez-vous déjà prévus : « KEEP » (les maintenir) ou « MOVE » (les déplacer)." });

export const openCampaignSchema = z.strictObject(
  {
    agencyId: uuid("Agence"),
    name: z
      .string({ error: "Nom : un texte est attendu." })
      .trim()
      .min(1, { error: "Nom : obligatoire." })
      .max(120, { error: "Nom : 120 caractères au plus." }),
    day,
    selection: campaignSelectionSchema,
    split: z.discriminatedUnion(
      "mode",
      [
        z.strictObject({ mode: z.literal("PORTFOLIO") }, unknownKeys),
        z.strictObject(
          {
            mode: z.literal("EVEN"),
            advisorIds: z
              .array(uuid("Conseiller·ère"), { error: "Conseillers : une liste est attendue." })
              .min(1, { error: "Choisissez au moins un·e conseiller·ère." })
              .max(200),
          },
          unknownKeys,
        ),
      ],
      { error: "Répartition : « PORTFOLIO » ou « EVEN » attendu." },
    ),
    moves: z.array(moveSchema, { error: "Ajustements : une liste est attendue." }).max(50).optional(),
    closedToPublic: z.boolean({ error: "Fermeture au public : vrai ou faux attendu." }).optional(),
    bookedAppointments: bookedChoiceSchema.optional(),
    dryRun: z.boolean({ error: "Aperçu : vrai ou faux attendu." }).optional(),
  },
  unknownKeys,
);
export type OpenCampaignInput = z.output<typeof openCampaignSchema>;

export const campaignIdSchema = z.strictObject({ campaignId: uuid("Jour de tri") }, unknownKeys);

export const reassignCampaignSchema = z.strictObject({ campaignId: uuid("Jour de tri"), ...moveSchema.shape }, unknownKeys);

export const confirmUnchangedSchema = z.strictObject({ campaignFileId: uuid("Dossier du jour de tri") }, unknownKeys);

export const setClosureSchema = z.strictObject(
  {
    agencyId: uuid("Agence"),
    day,
    reason: z
      .string({ error: "Motif : un texte est attendu." })
      .trim()
      .min(1, { error: "Motif : obligatoire." })
      .max(200, { error: "Motif : 200 caractères au plus." }),
    bookedAppointments: bookedChoiceSchema.optional(),
  },
  unknownKeys,
);

export const removeClosureSchema = z.strictObject({ agencyId: uuid("Agence"), day }, unknownKeys);
