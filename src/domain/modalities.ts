/**
 * The accompaniment modalities — the four of the 2013 reform (plus « global » from 2014) and the three supports of
 * the 2025 offer (issue 20) — their labels and their portfolio caps (docs/rules.md#modalities,
 * docs/rules.md#portfolio-caps, docs/rules.md#portfolios-2025). A portfolio is one advisor × one modality, whichever
 * offer it belongs to: placement, caps, races and rebalancing are the same code.
 */

/** The 2014 modalities, from the least to the most intensive (GLOBAL adds the social side): what `diagnose` proposes. */
export const MODALITIES = Object.freeze(["SUIVI", "GUIDE", "RENFORCE", "GLOBAL"] as const);

/** The 2025 offer's supports: France Travail's intensities, and the socio-professional tandem with the département. */
export const MODALITIES_2025 = Object.freeze(["INTENSIF", "AGILE", "TANDEM"] as const);

/** Every kind of portfolio, 2014 then 2025. */
export const ALL_MODALITIES = Object.freeze([...MODALITIES, ...MODALITIES_2025] as const);

/** A 2014 modality. */
export type Modality2014 = (typeof MODALITIES)[number];
/** A 2025 support. */
export type Modality2025 = (typeof MODALITIES_2025)[number];
/** A modality of either offer: the kind of a portfolio and of a followed seeker. */
export type Modality = Modality2014 | Modality2025;

/** True when `value` is a modality code of either offer. */
export function isModality(value: unknown): value is Modality {
  return typeof value === "string" && (ALL_MODALITIES as readonly string[]).includes(value);
}

/** True when `value` is one of the 2014 modalities. */
export function isModality2014(value: unknown): value is Modality2014 {
  return typeof value === "string" && (MODALITIES as readonly string[]).includes(value);
}

/**
 * The modalities an agency's portfolios may have: its offer's — and, on the 2025 offer, the 2014 ones too, kept by the
 * seekers followed before the switch until they are re-oriented.
 */
export function modalitiesOfOffer(offer: "OFFRE_2014" | "OFFRE_2025"): readonly Modality[] {
  return offer === "OFFRE_2025" ? ALL_MODALITIES : MODALITIES;
}

/**
 * The modalities a new diagnostic may place a seeker in: the offer's own; global (2014) and tandem (2025) only where
 * the agency has the partnership with the département.
 */
export function modalitiesForNewDiagnostics(offer: "OFFRE_2014" | "OFFRE_2025", globalPartnership: boolean): readonly Modality[] {
  const own: readonly Modality[] = offer === "OFFRE_2025" ? MODALITIES_2025 : MODALITIES;
  return own.filter((m) => (m !== "GLOBAL" && m !== "TANDEM") || globalPartnership);
}

/** The modalities followed in tandem with the département's social worker: global (2014) and the 2025 tandem. */
export const TANDEM_MODALITIES = Object.freeze(["GLOBAL", "TANDEM"] as const);

/** True when the modality is followed in tandem with a social worker (joint meetings, the social worker's file). */
export function inTandem(modality: Modality | null | undefined): boolean {
  return modality === "GLOBAL" || modality === "TANDEM";
}

/** An intensive portfolio holds at most 50 people at any moment (arrêté of 6 August 2025); an agency may set less. */
export const INTENSIVE_CAP_MAX = 50;
/** AGILE portfolio cap: default and the range an agency may set (Modalis; no published figure). */
export const AGILE_CAP_DEFAULT = 300;
export const AGILE_CAP_MIN = 100;
export const AGILE_CAP_MAX = 500;
/** Tandem portfolio cap (socio-professional parcours with the département's social worker), as global in 2014.1. */
export const TANDEM_CAP = 100;

/** Official French names. */
export const MODALITY_LABELS: Readonly<Record<Modality, string>> = Object.freeze({
  SUIVI: "Suivi et appui à la recherche d'emploi",
  GUIDE: "Accompagnement guidé",
  RENFORCE: "Accompagnement renforcé",
  GLOBAL: "Accompagnement global",
  INTENSIF: "Accompagnement intensif",
  AGILE: "Accompagnement agile",
  TANDEM: "Accompagnement socio-professionnel en binôme",
});

/** Short French names for tables and badges. */
export const MODALITY_SHORT_LABELS: Readonly<Record<Modality, string>> = Object.freeze({
  SUIVI: "Suivi",
  GUIDE: "Guidé",
  RENFORCE: "Renforcé",
  GLOBAL: "Global",
  INTENSIF: "Intensif",
  AGILE: "Agile",
  TANDEM: "Binôme",
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
  INTENSIF: "Offre 2025 : un accompagnement soutenu et limité dans le temps, au moins deux contacts par mois avec un conseiller qui suit 50 personnes au plus.",
  AGILE: "Offre 2025 : un accompagnement ajusté aux besoins, à un rythme convenu avec le conseiller (tous les 1, 2 ou 3 mois).",
  TANDEM: "Offre 2025 : parcours socio-professionnel suivi par un conseiller et un travailleur social du département en binôme, contacts mensuels.",
});

/** Default portfolio caps per advisor (2013 targets; 2014 Doubs pilot for global; the 2025 offer's caps). */
export const DEFAULT_CAPS: Readonly<Record<Modality, number>> = Object.freeze({
  SUIVI: 350,
  GUIDE: 150,
  RENFORCE: 70,
  GLOBAL: 100,
  INTENSIF: INTENSIVE_CAP_MAX,
  AGILE: AGILE_CAP_DEFAULT,
  TANDEM: TANDEM_CAP,
});

/** Published portfolio-size ranges per advisor, [min, max]: targets, except renforcé's maximum, a national rule. */
export const CAP_RANGES: Readonly<Record<Modality2014, readonly [number, number]>> = Object.freeze({
  SUIVI: Object.freeze([200, 350] as const),
  GUIDE: Object.freeze([100, 150] as const),
  RENFORCE: Object.freeze([50, 70] as const),
  GLOBAL: Object.freeze([70, 100] as const),
});

/** No published figure caps suivi, guidé or global: this bound only stops a typing slip (3500 for 350). */
const CAP_SLIP_GUARD = 1000;

/**
 * The caps a manager may set, both bounds inclusive: at least one seeker per portfolio; at most 70 in renforcé
 * (the top of its published range is a national rule, 2013 reform) and 50 in intensif (arrêté of 6 August 2025);
 * agile 100–500 (Modalis); 1000 elsewhere.
 */
export const CAP_BOUNDS: Readonly<Record<Modality, Readonly<{ min: number; max: number }>>> = Object.freeze({
  SUIVI: Object.freeze({ min: 1, max: CAP_SLIP_GUARD }),
  GUIDE: Object.freeze({ min: 1, max: CAP_SLIP_GUARD }),
  RENFORCE: Object.freeze({ min: 1, max: CAP_RANGES.RENFORCE[1] }),
  GLOBAL: Object.freeze({ min: 1, max: CAP_SLIP_GUARD }),
  INTENSIF: Object.freeze({ min: 1, max: INTENSIVE_CAP_MAX }),
  AGILE: Object.freeze({ min: AGILE_CAP_MIN, max: AGILE_CAP_MAX }),
  TANDEM: Object.freeze({ min: 1, max: CAP_SLIP_GUARD }),
});

/** True when `cap` is a whole number an agency may set for that modality's portfolios. */
export function isValidCap(modality: Modality, cap: unknown): cap is number {
  const bounds = CAP_BOUNDS[modality];
  return typeof cap === "number" && Number.isInteger(cap) && cap >= bounds.min && cap <= bounds.max;
}

/** Where an agency keeps each modality's cap (the Agency settings, named as they are stored). */
export const CAP_FIELDS = Object.freeze({
  SUIVI: "capSuivi",
  GUIDE: "capGuide",
  RENFORCE: "capRenforce",
  GLOBAL: "capGlobal",
  INTENSIF: "capIntensif",
  AGILE: "capAgile",
  TANDEM: "capTandem",
} as const satisfies Record<Modality, string>);

/** Reference distribution of modalities (Haute-Normandie, February 2013, 149 000 seekers; no global yet). */
export const REFERENCE_DISTRIBUTION: Readonly<Record<Modality2014, number>> = Object.freeze({
  SUIVI: 0.3,
  GUIDE: 0.63,
  RENFORCE: 0.07,
  GLOBAL: 0,
});

/** One row of a distribution: the count of followed files of a modality, its share (null: none followed) and the reference. */
export interface DistributionRow {
  modality: Modality2014;
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
