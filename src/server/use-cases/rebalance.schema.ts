/**
 * Inputs of rebalancing (issue #5): move seekers between portfolios of one agency and one modality, preview and
 * apply a balancing plan. Strict (unknown keys refused), French messages. What depends on the database (agency,
 * modality, loads, caps) is checked by the use case.
 */
import { z } from "zod";
import { ALL_MODALITIES } from "@/domain";

const uuid = (label: string) => z.uuid({ error: `${label} : identifiant invalide.` });

const MOVE_MAX_SEEKERS = 500;
export const FORCE_REASON_MIN = 10;
const FORCE_REASON_MAX = 2000;

const strictError = (issue: { code: string; keys?: string[] }) =>
  issue.code === "unrecognized_keys" ? `Champ(s) inconnu(s) ${(issue.keys ?? []).map((k) => `« ${k} »`).join(", ")} refusé(s).` : "Un objet est attendu.";

const modality = z.enum(ALL_MODALITIES, { error: "Modalité invalide : SUIVI, GUIDE, RENFORCE, GLOBAL, INTENSIF, AGILE ou TANDEM attendu." });

export const moveSeekersSchema = z
  .strictObject(
    {
      seekerIds: z
        .array(uuid("Demandeur"), { error: "Demandeurs : une liste d'identifiants est attendue." })
        .min(1, { error: "Demandeurs : au moins un demandeur à déplacer." })
        .max(MOVE_MAX_SEEKERS, { error: `Demandeurs : ${MOVE_MAX_SEEKERS} au plus par déplacement.` })
        .refine((ids) => new Set(ids).size === ids.length, { error: "Demandeurs : un même demandeur figure plusieurs fois." }),
      toPortfolioId: uuid("Portefeuille cible"),
      force: z.boolean({ error: "Forçage : vrai ou faux attendu." }).optional(),
      reason: z
        .string({ error: "Justification : un texte est attendu." })
        .trim()
        .min(FORCE_REASON_MIN, { error: `Justification : ${FORCE_REASON_MIN} caractères au moins.` })
        .max(FORCE_REASON_MAX, { error: `Justification : ${FORCE_REASON_MAX} caractères au plus.` })
        .optional(),
    },
    { error: strictError },
  )
  .superRefine((input, ctx) => {
    if (input.force === true && input.reason === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: `Forcer un déplacement au-delà du plafond exige une justification écrite de ${FORCE_REASON_MIN} caractères au moins.`,
      });
    }
  });

export type MoveSeekersInput = z.output<typeof moveSeekersSchema>;

/** One move of a preview; the descriptive fields of the preview may be sent back as they are. */
const balanceMoveSchema = z.strictObject(
  {
    seekerId: uuid("Demandeur"),
    fromPortfolioId: uuid("Portefeuille d'origine"),
    toPortfolioId: uuid("Portefeuille cible"),
    seekerName: z.string({ error: "Nom du demandeur : un texte est attendu." }).max(300).optional(),
    fromAdvisor: z.string({ error: "Conseiller·ère d'origine : un texte est attendu." }).max(300).optional(),
    toAdvisor: z.string({ error: "Conseiller·ère cible : un texte est attendu." }).max(300).optional(),
  },
  { error: strictError },
);

export const applyBalanceSchema = z
  .strictObject(
    {
      agencyId: uuid("Agence"),
      modality,
      moves: z
        .array(balanceMoveSchema, { error: "Déplacements : une liste est attendue." })
        .min(1, { error: "Déplacements : le plan ne contient aucun déplacement." })
        .max(MOVE_MAX_SEEKERS, { error: `Déplacements : ${MOVE_MAX_SEEKERS} au plus.` }),
    },
    { error: strictError },
  )
  .superRefine((input, ctx) => {
    const ids = input.moves.map((m) => m.seekerId);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: "custom", path: ["moves"], message: "Déplacements : un même demandeur figure plusieurs fois." });
    }
    if (input.moves.some((m) => m.fromPortfolioId === m.toPortfolioId)) {
      ctx.addIssue({ code: "custom", path: ["moves"], message: "Déplacements : l'origine et la cible d'un déplacement sont identiques." });
    }
  });

export type ApplyBalanceInput = z.input<typeof applyBalanceSchema>;
