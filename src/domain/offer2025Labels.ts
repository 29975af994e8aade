/**
 * The codes and plain-French labels of the 2025 offer (parcours, organisme référent, intensity), apart from the rules
 * (offer2025.ts, which re-exports them) so that client components can show them without shipping zod, as
 * diagnosticLabels.ts does for the 2014.1 diagnostic (tests/unit/client-imports.test.ts).
 */

/** The three parcours of the 2025 offer. */
export const PARCOURS = Object.freeze(["EMPLOI", "SOCIO_PROFESSIONNEL", "SOCIAL"] as const);
export type Parcours = (typeof PARCOURS)[number];

/** Who follows the person (organisme référent). */
export const REFERENTS = Object.freeze(["FRANCE_TRAVAIL", "MISSION_LOCALE", "CAP_EMPLOI", "CONSEIL_DEPARTEMENTAL"] as const);
export type Referent = (typeof REFERENTS)[number];

/** France Travail's own support intensities. */
export const INTENSITIES = Object.freeze(["INTENSIF", "AGILE"] as const);
export type Intensity = (typeof INTENSITIES)[number];

/** The parcours in plain French, for the pages and the journal. */
export const PARCOURS_LABELS: Readonly<Record<Parcours, string>> = Object.freeze({
  EMPLOI: "Parcours emploi",
  SOCIO_PROFESSIONNEL: "Parcours socio-professionnel",
  SOCIAL: "Parcours social",
});

/** The organisme référent in plain French (as a name on its own). */
export const REFERENT_LABELS: Readonly<Record<Referent, string>> = Object.freeze({
  FRANCE_TRAVAIL: "France Travail",
  MISSION_LOCALE: "Mission locale",
  CAP_EMPLOI: "Cap emploi",
  CONSEIL_DEPARTEMENTAL: "Conseil départemental",
});

/** France Travail's intensities in plain French. */
export const INTENSITY_LABELS: Readonly<Record<Intensity, string>> = Object.freeze({
  INTENSIF: "Accompagnement intensif",
  AGILE: "Accompagnement agile",
});
