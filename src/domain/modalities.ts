/**
 * The four accompaniment modalities (2013 reform, plus « global » from 2014), their labels and their caps
 * (docs/rules.md#modalities, docs/rules.md#portfolio-caps).
 */

/** Modality codes, from the least to the most intensive (GLOBAL adds the social side). */
export const MODALITIES = Object.freeze(["SUIVI", "GUIDE", "RENFORCE", "GLOBAL"] as const);

/** An accompaniment modality. */
export type Modality = (typeof MODALITIES)[number];

/** True when `value` is a modality code. */
export function isModality(value: unknown): value is Modality {
  return value === "SUIVI" || value === "GUIDE" || value === "RENFORCE" || value === "GLOBAL";
}

/** Official French names. */
export const MODALITY_LABELS: Readonly<Record<Modality, string>> = Object.freeze({
  SUIVI: "Suivi et appui à la recherche d'emploi",
  GUIDE: "Accompagnement guidé",
  RENFORCE: "Accompagnement renforcé",
  GLOBAL: "Accompagnement global",
});

/** Short French names for tables and badges. */
export const MODALITY_SHORT_LABELS: Readonly<Record<Modality, string>> = Object.freeze({
  SUIVI: "Suivi",
  GUIDE: "Guidé",
  RENFORCE: "Renforcé",
  GLOBAL: "Global",
});

/** One-sentence French descriptions: for whom, and the contact rhythm. */
export const MODALITY_DESCRIPTIONS: Readonly<Record<Modality, string>> = Object.freeze({
  SUIVI:
    "Pour les personnes autonomes et proches du marché du travail : trois entretiens (inscription, 4e et 9e mois), le reste à distance et à la demande ; suivi 100 % web possible pour les volontaires.",
  GUIDE:
    "Pour les personnes qui ont besoin d'un appui régulier : bilans du 4e et du 9e mois et un rythme de contacts convenu avec le conseiller (tous les 1, 2 ou 3 mois).",
  RENFORCE: "Pour les personnes les plus éloignées de l'emploi : au moins un contact par mois avec un conseiller dédié.",
  GLOBAL:
    "Pour les personnes qui cumulent difficultés professionnelles et sociales : un conseiller et un travailleur social du département en binôme, entretien tripartite le premier mois puis contacts mensuels.",
});

/** Default portfolio caps per advisor (2013 targets; 2014 Doubs pilot for global). */
export const DEFAULT_CAPS: Readonly<Record<Modality, number>> = Object.freeze({
  SUIVI: 350,
  GUIDE: 150,
  RENFORCE: 70,
  GLOBAL: 100,
});

/** Published portfolio-size ranges per advisor, [min, max]: targets, except renforcé's maximum, a national rule. */
export const CAP_RANGES: Readonly<Record<Modality, readonly [number, number]>> = Object.freeze({
  SUIVI: Object.freeze([200, 350] as const),
  GUIDE: Object.freeze([100, 150] as const),
  RENFORCE: Object.freeze([50, 70] as const),
  GLOBAL: Object.freeze([70, 100] as const),
});

/** No published figure caps suivi, guidé or global: this bound only stops a typing slip (3500 for 350). */
const CAP_SLIP_GUARD = 1000;

/**
 * The caps a manager may set, both bounds inclusive: at least one seeker per portfolio; at most 70 in renforcé
 * (the top of its published range is a national rule, 2013 reform), 1000 elsewhere.
 */
export const CAP_BOUNDS: Readonly<Record<Modality, Readonly<{ min: number; max: number }>>> = Object.freeze({
  SUIVI: Object.freeze({ min: 1, max: CAP_SLIP_GUARD }),
  GUIDE: Object.freeze({ min: 1, max: CAP_SLIP_GUARD }),
  RENFORCE: Object.freeze({ min: 1, max: CAP_RANGES.RENFORCE[1] }),
  GLOBAL: Object.freeze({ min: 1, max: CAP_SLIP_GUARD }),
});

/** Where an agency keeps each modality's cap (the Agency settings, named as they are stored). */
export const CAP_FIELDS = Object.freeze({
  SUIVI: "capSuivi",
  GUIDE: "capGuide",
  RENFORCE: "capRenforce",
  GLOBAL: "capGlobal",
} as const satisfies Record<Modality, string>);

/** Reference distribution of modalities (Haute-Normandie, February 2013, 149 000 seekers; no global yet). */
export const REFERENCE_DISTRIBUTION: Readonly<Record<Modality, number>> = Object.freeze({
  SUIVI: 0.3,
  GUIDE: 0.63,
  RENFORCE: 0.07,
  GLOBAL: 0,
});

/** One row of a distribution: the count of followed files of a modality, its share (null: none followed) and the reference. */
export interface DistributionRow {
  modality: Modality;
  count: number;
  share: number | null;
  reference: number;
}

/**
 * The distribution of followed files over the modalities against REFERENCE_DISTRIBUTION: the one definition the
 * manager's dashboard and the campaign board show.
 */
export function modalityDistribution(counts: Partial<Record<Modality, number>>): { total: number; modalities: DistributionRow[] } {
  const total = MODALITIES.reduce((sum, modality) => sum + (counts[modality] ?? 0), 0);
  return {
    total,
    modalities: MODALITIES.map((modality) => {
      const count = counts[modality] ?? 0;
      return { modality, count, share: total > 0 ? count / total : null, reference: REFERENCE_DISTRIBUTION[modality] };
    }),
  };
}
