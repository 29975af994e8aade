/**
 * The 2025 offer (loi « pour le plein emploi », ruleset 2025.1), offered per agency beside the 2014 modalities:
 * orientation (parcours, organisme référent, intensity, who decides, tandem), the contract's deadlines, capacity and
 * rhythm figures, the weekly activity duration (docs/rules.md#offre-2025-ruleset-20251).
 *
 * It reads the 2014.1 diagnostic answers through `readDiagnosticAnswers` (same keys, same validation, same P). Age
 * and disability (RQTH) decide only who follows the person, never the parcours or the intensity.
 */
import { z } from "zod";
import { addDays, addMonths, daysBetween, type IsoDate, parseDate } from "./dates";
import { assertDiagnosticContext, type DiagnosticAnswers, type DiagnosticContext, readDiagnosticAnswers } from "./diagnostic";
import type { Barrier } from "./diagnosticLabels";
import { type AgreedRhythm, DEFAULT_GUIDE_RHYTHM } from "./followUp";
import type { Intensity, Parcours, Referent } from "./offer2025Labels";
import type { Modality2025 } from "./modalities";
import { isOverseas } from "./territories";

export * from "./offer2025Labels";

/** Version of the 2025 orientation rules, stored with every orientation. */
export const RULESET_VERSION_2025 = "2025.1" as const;

/** Who decides the orientation: France Travail, or the président du conseil départemental for an RSA recipient. */
export type OrientationDecider = "FRANCE_TRAVAIL" | "DEPARTEMENT";

/** The person's situation at the decision date (`ageYears` computed by the caller with `ageYearsOn`). */
export interface Situation2025 {
  /** Receives the RSA. */
  rsa: boolean;
  /** Age in whole years, 16 to 70. */
  ageYears: number;
  /** Recognised disabled worker (special-category data). */
  rqth: boolean;
}

export interface Orientation2025Input {
  answers: DiagnosticAnswers;
  situation: Situation2025;
}

export interface Orientation2025 {
  rulesetVersion: typeof RULESET_VERSION_2025;
  parcours: Parcours;
  referent: Referent;
  /** Only when the referent is France Travail; otherwise null. */
  intensity: Intensity | null;
  decidedBy: OrientationDecider;
  /** Socio-professional parcours followed by France Travail in tandem with the département's social worker. */
  tandem: boolean;
  /** P, sum of the six professional dimensions (0–12), as in 2014.1. */
  professionalScore: number;
  /** Plain-French sentences naming what decided each part of the proposal. */
  reasons: string[];
}

// ---------------------------------------------------------------------------------------------
// Situation.

/** Youngest and oldest ages accepted in the situation. */
export const SITUATION_AGE_MIN = 16;
export const SITUATION_AGE_MAX = 70;
/** Below this age the referent is the Mission locale. */
export const MISSION_LOCALE_AGE_LIMIT = 26;

const ageError = `Âge : un nombre entier d'années entre ${SITUATION_AGE_MIN} et ${SITUATION_AGE_MAX} est attendu.`;

/** Strict schema of the situation; unknown keys are refused, messages are in French. */
export const situation2025Schema = z.strictObject(
  {
    rsa: z.boolean({ error: "Bénéficiaire du RSA : vrai ou faux attendu." }),
    ageYears: z.int({ error: ageError }).min(SITUATION_AGE_MIN, { error: ageError }).max(SITUATION_AGE_MAX, { error: ageError }),
    rqth: z.boolean({ error: "Reconnaissance de travailleur handicapé (RQTH) : vrai ou faux attendu." }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Situation : champ(s) inconnu(s) ${issue.keys.map((k) => `« ${k} »`).join(", ")} refusé(s) (champs acceptés : rsa, ageYears, rqth).`
        : "Situation : un objet { rsa, ageYears, rqth } est attendu.",
  },
);

// ---------------------------------------------------------------------------------------------
// Rules of the proposal.

/** Months without work from which (or `null`: never worked) the social parcours may be proposed. */
export const SOCIAL_PARCOURS_MONTHS = 24;

/** Barriers that, MAJOR, temporarily prevent a job search (social parcours with a long time out of work). */
const SOCIAL_BLOCKING_BARRIERS: readonly Barrier[] = Object.freeze(["HEALTH", "HOUSING"] as const);

/** Parcours: SOCIAL, SOCIO_PROFESSIONNEL or EMPLOI, first rule that matches, with the sentence saying why. */
function parcoursOf(
  monthsWithoutWork: number | null,
  score: number,
  majors: readonly Barrier[],
  minors: readonly Barrier[],
): { parcours: Parcours; reason: string } {
  const longOutOfWork = monthsWithoutWork === null || monthsWithoutWork >= SOCIAL_PARCOURS_MONTHS;
  const blocking = majors.filter((b) => SOCIAL_BLOCKING_BARRIERS.includes(b));
  if (longOutOfWork && (majors.length >= 2 || blocking.length > 0)) {
    const work = monthsWithoutWork === null ? "la personne n'a jamais travaillé" : `la personne est sans emploi depuis ${monthsWithoutWork} mois (24 ou plus)`;
    const barriers = majors.length >= 2 ? `elle a ${majors.length} freins majeurs` : `un frein majeur de ${blocking.includes("HEALTH") ? "santé" : "logement"}`;
    return {
      parcours: "SOCIAL",
      reason: `Parcours social proposé : ${work} et ${barriers}, des difficultés qui empêchent pour l'instant une recherche d'emploi.`,
    };
  }
  if (majors.length >= 1) {
    return { parcours: "SOCIO_PROFESSIONNEL", reason: "Parcours socio-professionnel proposé : au moins un frein majeur pèse sur le retour à l'emploi." };
  }
  if (minors.length >= 2 && score >= 4) {
    return {
      parcours: "SOCIO_PROFESSIONNEL",
      reason: `Parcours socio-professionnel proposé : ${minors.length} freins mineurs et un score professionnel de ${score} (4 ou plus).`,
    };
  }
  return {
    parcours: "EMPLOI",
    reason: "Parcours emploi proposé : aucun frein majeur, et pas à la fois deux freins mineurs et un score professionnel d'au moins 4.",
  };
}

/** Organisme référent: SOCIAL → conseil départemental; RQTH → Cap emploi; under 26 → Mission locale; else France Travail. */
function referentOf(parcours: Parcours, situation: Situation2025): { referent: Referent; reason: string } {
  if (parcours === "SOCIAL") {
    return { referent: "CONSEIL_DEPARTEMENTAL", reason: "Organisme référent proposé : le conseil départemental, qui suit le parcours social." };
  }
  if (situation.rqth) {
    return { referent: "CAP_EMPLOI", reason: "Organisme référent proposé : Cap emploi, car la personne est reconnue travailleur handicapé (RQTH)." };
  }
  if (situation.ageYears < MISSION_LOCALE_AGE_LIMIT) {
    return { referent: "MISSION_LOCALE", reason: "Organisme référent proposé : la Mission locale, car la personne a moins de 26 ans." };
  }
  return {
    referent: "FRANCE_TRAVAIL",
    reason: "Organisme référent proposé : France Travail (ni parcours social, ni reconnaissance de travailleur handicapé, ni moins de 26 ans).",
  };
}

/** Score from which the support is intensive whatever the parcours; and in the socio-professional parcours. */
export const INTENSIVE_SCORE = 7;
export const INTENSIVE_SCORE_SOCIO_PRO = 4;

/**
 * France Travail's intensity for a parcours and a score (used only when France Travail is the referent):
 * INTENSIF when P ≥ 7, or in the socio-professional parcours with P ≥ 4; otherwise AGILE. (Modalis)
 */
export function intensityOf(parcours: Parcours, professionalScore: number): Intensity {
  if (professionalScore >= INTENSIVE_SCORE) return "INTENSIF";
  return parcours === "SOCIO_PROFESSIONNEL" && professionalScore >= INTENSIVE_SCORE_SOCIO_PRO ? "INTENSIF" : "AGILE";
}

/** The tandem exists only in the socio-professional parcours followed by France Travail, where the partnership is signed. */
export function tandemPossible(parcours: Parcours, referent: Referent, globalPartnership: boolean): boolean {
  return parcours === "SOCIO_PROFESSIONNEL" && referent === "FRANCE_TRAVAIL" && globalPartnership;
}

/** What the advisor decides: parcours, referent, intensity (only with France Travail) and tandem. */
export type OrientationChoice = { parcours: Parcours; referent: Referent; intensity: Intensity | null; tandem: boolean };

/**
 * The decision when the advisor chose only some parts (`undefined`: not chosen): the parcours and the referent follow
 * the proposal; the intensity and the tandem follow the rules applied to the decided parcours and referent (the
 * proposal's own when both are unchanged). Whether a chosen intensity or tandem is allowed is the caller's to judge
 * (an intensity only with France Travail, a tandem only where `tandemPossible`).
 */
export function orientationDecision(
  proposal: Orientation2025,
  chosen: { parcours?: Parcours | undefined; referent?: Referent | undefined; intensity?: Intensity | null | undefined; tandem?: boolean | undefined },
  globalPartnership: boolean,
): OrientationChoice {
  const parcours = chosen.parcours ?? proposal.parcours;
  const referent = chosen.referent ?? proposal.referent;
  const sameAsProposal = parcours === proposal.parcours && referent === proposal.referent;
  const ruleIntensity = referent !== "FRANCE_TRAVAIL" ? null : sameAsProposal ? proposal.intensity : intensityOf(parcours, proposal.professionalScore);
  return {
    parcours,
    referent,
    intensity: chosen.intensity === undefined ? ruleIntensity : chosen.intensity,
    tandem: chosen.tandem ?? tandemPossible(parcours, referent, globalPartnership),
  };
}

/** The decision differs from the proposal in any part: a written justification is required. */
export function overridesProposal(decision: OrientationChoice, proposal: Orientation2025): boolean {
  return (
    decision.parcours !== proposal.parcours ||
    decision.referent !== proposal.referent ||
    decision.intensity !== proposal.intensity ||
    decision.tandem !== proposal.tandem
  );
}

const REFERENT_NAMES: Readonly<Record<Referent, string>> = Object.freeze({
  FRANCE_TRAVAIL: "France Travail",
  MISSION_LOCALE: "la Mission locale",
  CAP_EMPLOI: "Cap emploi",
  CONSEIL_DEPARTEMENTAL: "le conseil départemental",
});

function intensityReason(intensity: Intensity | null, parcours: Parcours, score: number, referent: Referent): string {
  if (intensity === null) {
    return `Pas d'intensité France Travail à choisir : ${REFERENT_NAMES[referent]} organise l'accompagnement de la personne.`;
  }
  if (intensity === "AGILE") {
    return `Accompagnement agile proposé (adapté aux besoins) : score professionnel de ${score}, sous 7${parcours === "SOCIO_PROFESSIONNEL" ? " et sous 4 dans le parcours socio-professionnel" : ""}.`;
  }
  return score >= INTENSIVE_SCORE
    ? `Accompagnement intensif proposé : score professionnel de ${score} (7 ou plus).`
    : `Accompagnement intensif proposé : parcours socio-professionnel et score professionnel de ${score} (4 ou plus).`;
}

function tandemReason(tandem: boolean, parcours: Parcours, referent: Referent, globalPartnership: boolean): string {
  if (tandem) {
    return "Suivi en binôme avec un travailleur social du département (accompagnement global dans le parcours socio-professionnel).";
  }
  if (parcours !== "SOCIO_PROFESSIONNEL") return "Pas de binôme avec un travailleur social : il est réservé au parcours socio-professionnel.";
  if (referent !== "FRANCE_TRAVAIL") return "Pas de binôme avec un travailleur social : il est réservé aux personnes suivies par France Travail.";
  return globalPartnership
    ? "Pas de binôme avec un travailleur social."
    : "Pas de binôme avec un travailleur social : le département n'a pas signé de convention d'accompagnement global.";
}

/**
 * Proposes the 2025 orientation with its reasons. Invalid answers throw the diagnostic schema's ZodError, an invalid
 * situation the situation schema's ZodError (French messages), an invalid context a TypeError, as `diagnose` does.
 */
export function orient2025(input: Orientation2025Input, context: DiagnosticContext): Orientation2025 {
  if (typeof input !== "object" || input === null) throw new TypeError("Orientation : un objet { answers, situation } est attendu.");
  const reading = readDiagnosticAnswers(input.answers);
  const situation = situation2025Schema.parse(input.situation);
  assertDiagnosticContext(context);

  const score = reading.professionalScore;
  const { parcours, reason: parcoursReason } = parcoursOf(reading.answers.monthsWithoutWork, score, reading.majorBarriers, reading.minorBarriers);
  const { referent, reason: referentReason } = referentOf(parcours, situation);
  const intensity = referent === "FRANCE_TRAVAIL" ? intensityOf(parcours, score) : null;
  const decidedBy: OrientationDecider = situation.rsa ? "DEPARTEMENT" : "FRANCE_TRAVAIL";
  const tandem = tandemPossible(parcours, referent, context.globalPartnership);

  return {
    rulesetVersion: RULESET_VERSION_2025,
    parcours,
    referent,
    intensity,
    decidedBy,
    tandem,
    professionalScore: score,
    reasons: [
      ...reading.reasons,
      parcoursReason,
      referentReason,
      intensityReason(intensity, parcours, score, referent),
      decidedBy === "DEPARTEMENT"
        ? "La personne perçoit le RSA : cette orientation est une proposition au président du conseil départemental, qui décide."
        : "France Travail décide de l'orientation quand le conseiller la confirme.",
      tandemReason(tandem, parcours, referent, context.globalPartnership),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Deadlines (calendar dates in the agency's time zone).

/** Contract due for someone followed on 1 January 2025 with no orientation notified under the new rules yet. */
export const TRANSITION_CONTRACT_DUE_DATE: IsoDate = "2027-01-01";
/** The same in the overseas départements (971, 972, 973, 974, 976). */
export const TRANSITION_CONTRACT_DUE_DATE_OVERSEAS: IsoDate = "2028-01-01";

/** Months from the notification of the orientation to the signature of the contract (inclusive). */
export const CONTRACT_MONTHS = 1;
/** Days from the opening or transfer of an RSA right to the département's orientation (6 weeks). */
export const RSA_ORIENTATION_DAYS = 42;
/** Months from the contract to the joint diagnostic (social parcours of an RSA recipient), and when extended. */
export const JOINT_DIAGNOSTIC_MONTHS = 6;
export const JOINT_DIAGNOSTIC_EXTENDED_MONTHS = 12;
/** Days to answer the notice of a planned sanction. */
export const SANCTION_ANSWER_DAYS = 10;
/** Months after a first sanction during which a later breach counts as repeated. */
export const REPEATED_BREACH_MONTHS = 24;

/**
 * The day the contract d'engagement must be signed by: one month after the notification of the orientation (a new
 * orientation restarts it), or, with no orientation notified under the new rules yet, the transition deadline of the
 * département (overseas one year later). Throws on an invalid date or département.
 */
export function contractDueDate(args: { notifiedOn: IsoDate | null; departement: string }): IsoDate {
  const overseas = isOverseas(args.departement); // throws for an unknown département
  if (args.notifiedOn === null) return overseas ? TRANSITION_CONTRACT_DUE_DATE_OVERSEAS : TRANSITION_CONTRACT_DUE_DATE;
  return addMonths(args.notifiedOn, CONTRACT_MONTHS);
}

/**
 * The transition deadline of an agency's département: a person already followed when the agency moves to the 2025
 * offer, with no orientation notified under the new rules yet, must have signed a contract by then.
 */
export function offerTransitionDeadline(departement: string): IsoDate {
  return contractDueDate({ notifiedOn: null, departement });
}

/** The transition deadline and the calendar days left from the agency's local `today` to it (negative once passed). */
export function offerTransitionCountdown(departement: string, today: IsoDate): { deadline: IsoDate; daysLeft: number } {
  const deadline = offerTransitionDeadline(departement);
  return { deadline, daysLeft: daysBetween(today, deadline) };
}

/** The day the département must have oriented a person whose RSA right opened (or moved) on `rightOpenedOn`; past it, France Travail orients. */
export function rsaOrientationDueDate(rightOpenedOn: IsoDate): IsoDate {
  return addDays(rightOpenedOn, RSA_ORIENTATION_DAYS);
}

/** True when the joint diagnostic may wait 12 months: a HEALTH, HOUSING or FAMILY barrier is MAJOR (validated answers). */
export function isJointDiagnosticExtended(answers: DiagnosticAnswers): boolean {
  return readDiagnosticAnswers(answers).majorBarriers.some((b) => b === "HEALTH" || b === "HOUSING" || b === "FAMILY");
}

/** The day the joint diagnostic (France Travail and the référent) is due after the contract signed or revised on `contractSignedOn`. */
export function jointDiagnosticDueDate(args: { contractSignedOn: IsoDate; extended: boolean }): IsoDate {
  if (typeof args.extended !== "boolean") throw new TypeError("Diagnostic conjoint : « extended » doit valoir vrai ou faux.");
  return addMonths(args.contractSignedOn, args.extended ? JOINT_DIAGNOSTIC_EXTENDED_MONTHS : JOINT_DIAGNOSTIC_MONTHS);
}

/** The last day for the person's written answer, or request to be heard, to the notice of a planned sanction. */
export function sanctionAnswerDeadline(noticeOn: IsoDate): IsoDate {
  return addDays(noticeOn, SANCTION_ANSWER_DAYS);
}

/** The last day on which a breach counts as repeated after the first sanction notified on `firstSanctionNotifiedOn`. */
export function repeatedBreachWindowEnd(firstSanctionNotifiedOn: IsoDate): IsoDate {
  return addMonths(firstSanctionNotifiedOn, REPEATED_BREACH_MONTHS);
}

// ---------------------------------------------------------------------------------------------
// Capacity and rhythm.

/** Contacts planned or held per calendar month in intensive support, at least. */
export const INTENSIVE_MIN_CONTACTS_PER_MONTH = 2;
/** Default rhythm agreed in AGILE support (every 1, 2 or 3 months), as guidé in 2014.1. */
export const DEFAULT_AGILE_RHYTHM: AgreedRhythm = DEFAULT_GUIDE_RHYTHM;

/**
 * France Travail's intensity after the département's decision (which names only the parcours and the referent): the
 * rules applied to the decided parcours when France Travail follows the person, else none.
 */
export function intensityAfterDepartementDecision(decision: { parcours: Parcours; referent: Referent }, professionalScore: number): Intensity | null {
  return decision.referent === "FRANCE_TRAVAIL" ? intensityOf(decision.parcours, professionalScore) : null;
}

/**
 * The portfolio an orientation to France Travail places the person in: the socio-professional tandem, else its
 * intensity (INTENSIF or AGILE); null when another organisme is the referent (the file is handed over).
 */
export function modalityOfOrientation(orientation: { referent: Referent; intensity: Intensity | null; tandem: boolean }): Modality2025 | null {
  if (orientation.referent !== "FRANCE_TRAVAIL") return null;
  if (orientation.tandem) return "TANDEM";
  if (orientation.intensity === null) throw new Error("Une orientation vers France Travail a une intensité (INTENSIF ou AGILE).");
  return orientation.intensity;
}

/**
 * How many contacts an intensive follow-up lacks in the calendar month `month` (`YYYY-MM`): 2 minus the contacts
 * planned or held that month (dates `YYYY-MM-DD`), never below 0. 0 means the month is covered. Throws on a bad date.
 */
export function intensiveContactsShortfall(contactDates: readonly IsoDate[], month: string): number {
  if (typeof month !== "string" || month.length !== 7) throw new Error(`Mois invalide : « ${String(month)} » (format attendu AAAA-MM).`);
  const [year, monthNumber] = parseDate(`${month}-01`);
  let count = 0;
  for (const date of contactDates) {
    const [y, m] = parseDate(date);
    if (y === year && m === monthNumber) count += 1;
  }
  return shortfallOfContacts(count);
}

/** The contacts a month lacks when `count` are planned or held in it (never below 0). */
export function shortfallOfContacts(count: number): number {
  return Math.max(0, INTENSIVE_MIN_CONTACTS_PER_MONTH - count);
}

/** An appointment counts as a contact of its month when planned (still scheduled) or held. */
export const INTENSIVE_CONTACT_STATUSES = Object.freeze(["SCHEDULED", "DONE"] as const);

// ---------------------------------------------------------------------------------------------
// Weekly activity.

/** Weekly activity duration of the contract: 15 hours by default, 0 to 35 in half-hour steps with a written reason. */
export const WEEKLY_ACTIVITY_DEFAULT_HOURS = 15;
export const WEEKLY_ACTIVITY_MAX_HOURS = 35;
export const WEEKLY_ACTIVITY_STEP_HOURS = 0.5;

export type WeeklyActivityCheck =
  { ok: true } | { ok: false; code: "NOT_A_NUMBER" | "NEGATIVE" | "ABOVE_MAX" | "NOT_HALF_HOUR" | "REASON_REQUIRED"; message: string };

/**
 * Checks the weekly activity duration of a contract: 15 hours needs no reason; any other value from 0 to 35 in steps
 * of half an hour needs a written reason about the person's situation; above 35 (legal working time) is refused.
 */
export function validateWeeklyActivity(args: { hours: number; reason?: string | null }): WeeklyActivityCheck {
  const { hours } = args;
  if (typeof hours !== "number" || !Number.isFinite(hours)) {
    return { ok: false, code: "NOT_A_NUMBER", message: "Durée d'activité hebdomadaire : un nombre d'heures est attendu." };
  }
  if (hours < 0) return { ok: false, code: "NEGATIVE", message: "Durée d'activité hebdomadaire : elle ne peut pas être négative." };
  if (hours > WEEKLY_ACTIVITY_MAX_HOURS) {
    return {
      ok: false,
      code: "ABOVE_MAX",
      message: `Durée d'activité hebdomadaire : ${WEEKLY_ACTIVITY_MAX_HOURS} heures au plus (durée légale du travail).`,
    };
  }
  if (!Number.isInteger(hours / WEEKLY_ACTIVITY_STEP_HOURS)) {
    return { ok: false, code: "NOT_HALF_HOUR", message: "Durée d'activité hebdomadaire : par demi-heure (par exemple 12 ou 12,5 heures)." };
  }
  if (hours !== WEEKLY_ACTIVITY_DEFAULT_HOURS && (typeof args.reason !== "string" || args.reason.trim() === "")) {
    return {
      ok: false,
      code: "REASON_REQUIRED",
      message: `Durée d'activité hebdomadaire : une durée autre que ${WEEKLY_ACTIVITY_DEFAULT_HOURS} heures demande une justification écrite tenant compte de la situation de la personne.`,
    };
  }
  return { ok: true };
}
