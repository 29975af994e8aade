/**
 * The codes and plain-French labels of breaches (manquements) under the 2025 offer, apart from the rules
 * (breaches.ts, which re-exports them) so that client components show them without the rules
 * (tests/unit/client-imports.test.ts).
 */

/** The obligations a breach may concern. */
export const BREACH_OBLIGATIONS = Object.freeze(["APPOINTMENT_MISSED", "ACTIONS_NOT_DONE", "CONTRACT_REFUSED", "ACTIVITY_HOURS_NOT_MET", "OTHER"] as const);
export type BreachObligation = (typeof BREACH_OBLIGATIONS)[number];

export const BREACH_OBLIGATION_LABELS: Readonly<Record<BreachObligation, string>> = Object.freeze({
  APPOINTMENT_MISSED: "Absence à un rendez-vous",
  ACTIONS_NOT_DONE: "Actions du contrat d'engagement non réalisées",
  CONTRACT_REFUSED: "Refus de signer ou d'actualiser le contrat d'engagement",
  ACTIVITY_HOURS_NOT_MET: "Durée d'activité hebdomadaire non respectée",
  OTHER: "Autre obligation du contrat d'engagement",
});

/** The person's answer to a notice. */
export const BREACH_ANSWER_KINDS = Object.freeze(["WRITTEN", "HEARING_REQUESTED"] as const);
export type BreachAnswerKind = (typeof BREACH_ANSWER_KINDS)[number];

export const BREACH_ANSWER_LABELS: Readonly<Record<BreachAnswerKind, string>> = Object.freeze({
  WRITTEN: "Réponse écrite",
  HEARING_REQUESTED: "Demande à être entendu·e",
});

/** The decision as entered (never proposed by Modalis). */
export const BREACH_DECISION_KINDS = Object.freeze(["NO_FURTHER_ACTION", "SANCTION"] as const);
export type BreachDecisionKind = (typeof BREACH_DECISION_KINDS)[number];

export const BREACH_DECISION_LABELS: Readonly<Record<BreachDecisionKind, string>> = Object.freeze({
  NO_FURTHER_ACTION: "Pas de suite",
  SANCTION: "Sanction décidée",
});

/** Who decided: France Travail's regional director, or the département (for the RSA). */
export const BREACH_AUTHORITIES = Object.freeze(["FRANCE_TRAVAIL_REGIONAL_DIRECTOR", "DEPARTEMENT"] as const);
export type BreachAuthority = (typeof BREACH_AUTHORITIES)[number];

export const BREACH_AUTHORITY_LABELS: Readonly<Record<BreachAuthority, string>> = Object.freeze({
  FRANCE_TRAVAIL_REGIONAL_DIRECTOR: "Le directeur régional de France Travail",
  DEPARTEMENT: "Le département (RSA)",
});

/** The states of a breach (REPORTED → NOTIFIED → ANSWERED / DEADLINE_PASSED → DECIDED → LIFTED). */
export const BREACH_STATES = Object.freeze(["REPORTED", "NOTIFIED", "ANSWERED", "DEADLINE_PASSED", "DECIDED", "LIFTED"] as const);
export type BreachState = (typeof BREACH_STATES)[number];

/** The states in plain French, for the advisor's file. */
export const BREACH_STATE_LABELS: Readonly<Record<BreachState, string>> = Object.freeze({
  REPORTED: "Signalé, pas encore notifié",
  NOTIFIED: "Notifié, en attente de la réponse",
  ANSWERED: "Réponse reçue, en attente de la décision",
  DEADLINE_PASSED: "Délai de réponse passé, en attente de la décision",
  DECIDED: "Décision enregistrée",
  LIFTED: "Levé après remobilisation",
});
