/**
 * The diagnostic (entretien de diagnostic), ruleset 2014.1: answers schema, proposal of a modality,
 * 100 % web, main work axis and the reasons in plain French (docs/rules.md#diagnostic).
 *
 * No protected attribute (sex, age, nationality, origin, disability, family status as such) is part of the
 * answers: the strict schema refuses any key it does not know.
 */
import { z } from "zod";
import {
  BARRIER_LABELS,
  BARRIERS,
  type Barrier,
  DIMENSION_LABELS,
  type Level,
  type LevelDimension,
  type Severity,
  type WorkAxis,
  WORK_AXIS_LABELS,
} from "./diagnosticLabels";
import { MODALITY_LABELS, type Modality } from "./modalities";

/** Version of the proposal rules, stored with every diagnostic. */
export const RULESET_VERSION = "2014.1" as const;

// Module-local alias of a hot constant (an imported binding may be compiled into a getter).
const BARRIER_KEYS: readonly Barrier[] = BARRIERS;

/** What the advisor records during the diagnostic interview. */
export interface DiagnosticAnswers {
  project: Level;
  skills: Level;
  jobSearch: Level;
  digital: Level;
  basicSkills: Level;
  /** Months without work (integer ≥ 0), or null when the person never worked. */
  monthsWithoutWork: number | null;
  /** Severity per social barrier; a missing key is NONE. */
  barriers: Partial<Record<Barrier, Severity>>;
  /** The seeker volunteers for a 100 % web follow-up. */
  webVolunteer: boolean;
}

/** Context of the agency: whether its département signed the « accompagnement global » partnership. */
export interface DiagnosticContext {
  globalPartnership: boolean;
}

/** The proposal. */
export interface DiagnosticResult {
  modality: Modality;
  webOnly: boolean;
  /** P, sum of the six professional dimensions (0–12). */
  professionalScore: number;
  /** MAJOR barriers, in the fixed barrier order. */
  majorBarriers: Barrier[];
  /** MINOR barriers, in the fixed barrier order. */
  minorBarriers: Barrier[];
  workAxis: WorkAxis;
  /** Plain-French sentences naming the factors that decided the proposal. */
  reasons: string[];
  rulesetVersion: typeof RULESET_VERSION;
}

// ---------------------------------------------------------------------------------------------
// Schema (zod 4, strict, French messages carried by each schema so they hold whatever the caller's config).

const TOP_KEYS = ["project", "skills", "jobSearch", "digital", "basicSkills", "monthsWithoutWork", "barriers", "webVolunteer"];

function levelSchema(dimension: LevelDimension) {
  const label = DIMENSION_LABELS[dimension];
  return z.literal([0, 1, 2], {
    error: (issue) =>
      issue.input === undefined ? `${label} : réponse manquante (niveau 0, 1 ou 2 attendu).` : `${label} : niveau invalide, un entier 0, 1 ou 2 est attendu.`,
  });
}

const monthsError = (issue: { input?: unknown }): string =>
  issue.input === undefined
    ? "Mois sans emploi : réponse manquante (nombre entier de mois, ou null si la personne n'a jamais travaillé)."
    : "Mois sans emploi : un nombre entier de mois positif ou nul est attendu (ou null si la personne n'a jamais travaillé).";

const severitySchema = z.enum(["NONE", "MINOR", "MAJOR"], {
  error: "Frein : gravité invalide, NONE (aucun impact), MINOR (mineur) ou MAJOR (majeur) attendu.",
});

const barriersShape = Object.fromEntries(BARRIERS.map((b) => [b, severitySchema.optional()])) as Record<Barrier, z.ZodOptional<typeof severitySchema>>;

const barriersSchema = z.strictObject(barriersShape, {
  error: (issue) =>
    issue.code === "unrecognized_keys"
      ? `Freins : clé(s) inconnue(s) ${issue.keys.map((k) => `« ${k} »`).join(", ")} (clés acceptées : ${BARRIERS.join(", ")}).`
      : "Freins : un objet { frein: gravité } est attendu.",
});

/** Strict zod schema of the diagnostic answers; unknown keys are refused, messages are in French. */
export const diagnosticAnswersSchema = z.strictObject(
  {
    project: levelSchema("project"),
    skills: levelSchema("skills"),
    jobSearch: levelSchema("jobSearch"),
    digital: levelSchema("digital"),
    basicSkills: levelSchema("basicSkills"),
    monthsWithoutWork: z.int({ error: monthsError }).min(0, { error: monthsError }).nullable(),
    barriers: barriersSchema,
    webVolunteer: z.boolean({ error: "Volontariat 100 % web : vrai ou faux attendu." }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Réponses au diagnostic : champ(s) inconnu(s) ${issue.keys.map((k) => `« ${k} »`).join(", ")} refusé(s) (champs acceptés : ${TOP_KEYS.join(", ")}).`
        : "Réponses au diagnostic : un objet est attendu.",
  },
);

// Compile-time check that the schema's output is exactly the answers type, both ways.
type SchemaOutput = z.output<typeof diagnosticAnswersSchema>;
const _schemaMatchesType: [SchemaOutput] extends [DiagnosticAnswers] ? ([DiagnosticAnswers] extends [SchemaOutput] ? true : false) : false = true;
void _schemaMatchesType;

/** The barriers read by the fast check, as bit masks (bit i = BARRIERS[i]). */
interface BarrierSeverities {
  majorMask: number;
  minorMask: number;
}

const ANSWER_KEYS: ReadonlySet<string> = new Set(TOP_KEYS);
const BARRIER_KEY_SET: ReadonlySet<string> = new Set(BARRIERS);

/** A plain object (not null, not an array) whose keys, enumerated as zod does (`for…in`), are all `allowed`. */
function isObjectWithKeysIn(input: unknown, allowed: ReadonlySet<string>): input is Record<string, unknown> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return false;
  for (const key in input) if (!allowed.has(key)) return false;
  return true;
}

const isLevel = (value: unknown): value is Level => value === 0 || value === 1 || value === 2;

/**
 * Hand-written fast check accepting exactly what `diagnosticAnswersSchema` accepts (same key enumeration as zod:
 * `for…in`, values read by property access). Returns the severities it read (so that `diagnose` reads each barrier
 * once), or undefined when the answers are not valid.
 */
function checkAnswers(a: unknown): BarrierSeverities | undefined {
  if (!isObjectWithKeysIn(a, ANSWER_KEYS)) return undefined;
  if (!isLevel(a.project) || !isLevel(a.skills) || !isLevel(a.jobSearch) || !isLevel(a.digital) || !isLevel(a.basicSkills)) return undefined;
  const months = a.monthsWithoutWork;
  if (months !== null && !(typeof months === "number" && Number.isSafeInteger(months) && months >= 0)) return undefined;
  if (typeof a.webVolunteer !== "boolean") return undefined;
  const barriers = a.barriers;
  return isObjectWithKeysIn(barriers, BARRIER_KEY_SET) ? barrierSeverities(barriers) : undefined;
}

/** MAJOR and MINOR barriers; undefined when a value is neither missing nor a severity code. */
function barrierSeverities(barriers: Record<string, unknown>): BarrierSeverities | undefined {
  let majorMask = 0;
  let minorMask = 0;
  for (let i = 0; i < 7; i += 1) {
    const severity = barriers[BARRIER_KEYS[i] as Barrier];
    if (severity === undefined || severity === "NONE") continue;
    if (severity === "MAJOR") majorMask |= 1 << i;
    else if (severity === "MINOR") minorMask |= 1 << i;
    else return undefined;
  }
  return { majorMask, minorMask };
}

/** Fast check accepting exactly what `diagnosticAnswersSchema` accepts. */
export function isValidDiagnosticAnswers(input: unknown): input is DiagnosticAnswers {
  return checkAnswers(input) !== undefined;
}

/** Validates diagnostic answers: returns them when valid, otherwise throws the schema's ZodError (French messages). */
export function parseDiagnosticAnswers(input: unknown): DiagnosticAnswers {
  if (isValidDiagnosticAnswers(input)) return input;
  // The schema is the reference: it throws here; should it ever accept, its output is used.
  return diagnosticAnswersSchema.parse(input);
}

// ---------------------------------------------------------------------------------------------
// Rules.

/** Level of the derived `distance` dimension: < 6 months → 0, 6–23 → 1, ≥ 24 or never worked (null) → 2. */
export function distanceLevel(monthsWithoutWork: number | null): Level {
  if (monthsWithoutWork === null) return 2;
  if (monthsWithoutWork < 6) return 0;
  return monthsWithoutWork < 24 ? 1 : 2;
}

/**
 * 100 % web (the remote-only follow-up): only in SUIVI, for a seeker who volunteers and is digitally autonomous
 * (`digital` = 0). Applied to the proposal, to the advisor's decision and to the seeker's own choice later on.
 */
export function isWebOnlyEligible(modality: Modality | null, answers: Readonly<Pick<DiagnosticAnswers, "webVolunteer" | "digital">>): boolean {
  return modality === "SUIVI" && answers.webVolunteer === true && answers.digital === 0;
}

/** Main work axis: project = 2 → ELABORATION_PROJET; skills = 2 → ADAPTATION_MARCHE; jobSearch ≥ 1 → TECHNIQUES_RECHERCHE; else RETOUR_DIRECT_EMPLOI. */
export function workAxisOf(answers: Pick<DiagnosticAnswers, "project" | "skills" | "jobSearch">): WorkAxis {
  if (answers.project === 2) return "ELABORATION_PROJET";
  if (answers.skills === 2) return "ADAPTATION_MARCHE";
  if (answers.jobSearch >= 1) return "TECHNIQUES_RECHERCHE";
  return "RETOUR_DIRECT_EMPLOI";
}

// Sentences of the reasons. The ones that only depend on a few small values are written once and memoised.

/** Barrier names in French, lower case, for sentences. */
const BARRIER_NAMES: Readonly<Record<Barrier, string>> = Object.fromEntries(BARRIERS.map((b) => [b, BARRIER_LABELS[b].toLowerCase()])) as Record<
  Barrier,
  string
>;

/** Barrier indexes sorted by French name: sentences list barriers alphabetically (« logement, santé »). */
const ALPHABETICAL_BARRIER_INDEXES: readonly number[] = BARRIERS.map((_, i) => i).sort((i, j) =>
  BARRIER_NAMES[BARRIERS[i] as Barrier].localeCompare(BARRIER_NAMES[BARRIERS[j] as Barrier], "fr"),
);

/** « logement, santé » for a bit mask of barriers (bit i = BARRIERS[i]). */
function barrierList(mask: number): string {
  return ALPHABETICAL_BARRIER_INDEXES.filter((i) => (mask & (1 << i)) !== 0)
    .map((i) => BARRIER_NAMES[BARRIERS[i] as Barrier])
    .join(", ");
}

/** A sentence per barrier mask (128 masks), written on first use. */
function sentencePerBarrierMask(write: (mask: number) => string): (mask: number) => string {
  const sentences: string[] = [];
  return (mask) => (sentences[mask] ??= write(mask));
}

const majorBarriersSentence = sentencePerBarrierMask((mask) => (mask !== 0 ? `Freins majeurs : ${barrierList(mask)}.` : "Aucun frein majeur."));
const minorBarriersSentence = sentencePerBarrierMask((mask) => (mask !== 0 ? `Freins mineurs : ${barrierList(mask)}.` : "Aucun frein mineur."));
const socialServicesSentence = sentencePerBarrierMask(
  (mask) => `Orientation recommandée vers les services sociaux (conseil départemental, CCAS) pour lever les freins majeurs : ${barrierList(mask)}.`,
);

const SCORE_SENTENCES: readonly string[] = Array.from({ length: 13 }, (_, score) => `Score professionnel : ${score} / 12.`);

const scoreDetailStarts: string[] = [];

/** « Détail du score : … (n mois sans emploi). »; the part before the months is memoised per level tuple (3⁶ = 729). */
function scoreDetailSentence(a: DiagnosticAnswers, distance: Level): string {
  const levels = ((((a.project * 3 + a.skills) * 3 + a.jobSearch) * 3 + a.digital) * 3 + a.basicSkills) * 3 + distance;
  const start = (scoreDetailStarts[levels] ??=
    `Détail du score : projet professionnel ${a.project}, compétences ${a.skills}, techniques de recherche d'emploi ${a.jobSearch}, autonomie numérique ${a.digital}, savoirs de base ${a.basicSkills}, éloignement de l'emploi ${distance} (`);
  const months = a.monthsWithoutWork === null ? "n'a jamais travaillé" : `${a.monthsWithoutWork} mois sans emploi`;
  return `${start}${months}).`;
}

/** Modality names in French, lower case, for sentences. */
const MODALITY_NAMES: Readonly<Record<Modality, string>> = Object.fromEntries(Object.entries(MODALITY_LABELS).map(([k, v]) => [k, v.toLowerCase()])) as Record<
  Modality,
  string
>;

const AXIS_NAMES: Readonly<Record<WorkAxis, string>> = Object.fromEntries(Object.entries(WORK_AXIS_LABELS).map(([k, v]) => [k, v.toLowerCase()])) as Record<
  WorkAxis,
  string
>;

/** The barriers of a bit mask, in the fixed barrier order. */
function barriersOf(mask: number): Barrier[] {
  const list: Barrier[] = [];
  for (let i = 0; i < 7; i += 1) if ((mask & (1 << i)) !== 0) list.push(BARRIER_KEYS[i] as Barrier);
  return list;
}

function barrierCount(mask: number): number {
  let count = 0;
  for (let i = 0; i < 7; i += 1) if ((mask & (1 << i)) !== 0) count += 1;
  return count;
}

/** Validated answers as the rules read them: P, its distance level and the barriers as bit masks. */
interface AnswersReading {
  answers: DiagnosticAnswers;
  distance: Level;
  score: number;
  majorMask: number;
  minorMask: number;
}

/** Validates the answers (throws the schema's ZodError) and reads P and the barriers, once. */
function readAnswers(answers: unknown): AnswersReading {
  let a = answers as DiagnosticAnswers;
  let severities = checkAnswers(answers);
  if (severities === undefined) {
    a = parseDiagnosticAnswers(answers); // throws the schema's ZodError
    severities = barrierSeverities(a.barriers) as BarrierSeverities;
  }
  const distance = distanceLevel(a.monthsWithoutWork);
  const score = a.project + a.skills + a.jobSearch + a.digital + a.basicSkills + distance;
  return { answers: a, distance, score, majorMask: severities.majorMask, minorMask: severities.minorMask };
}

/** The first reasons of every proposal: the score, its detail per dimension, the major then the minor barriers. */
function answersReasons(r: AnswersReading): string[] {
  return [
    SCORE_SENTENCES[r.score] as string,
    scoreDetailSentence(r.answers, r.distance),
    majorBarriersSentence(r.majorMask),
    minorBarriersSentence(r.minorMask),
  ];
}

/** What every ruleset reads from validated diagnostic answers (docs/rules.md#professional-score). */
export interface DiagnosticReading {
  /** The answers, validated. */
  answers: DiagnosticAnswers;
  /** P, sum of the six professional dimensions (0–12). */
  professionalScore: number;
  /** MAJOR barriers, in the fixed barrier order. */
  majorBarriers: Barrier[];
  /** MINOR barriers, in the fixed barrier order. */
  minorBarriers: Barrier[];
  /** The first reasons of a proposal, in plain French: the score, its detail, the major then the minor barriers. */
  reasons: string[];
}

/**
 * Validates diagnostic answers exactly as `diagnose` does (throws the schema's ZodError with French messages) and
 * reads the professional score P and the barriers: the one reading shared by the 2014.1 and 2025.1 rulesets.
 */
export function readDiagnosticAnswers(answers: unknown): DiagnosticReading {
  const r = readAnswers(answers);
  return {
    answers: r.answers,
    professionalScore: r.score,
    majorBarriers: barriersOf(r.majorMask),
    minorBarriers: barriersOf(r.minorMask),
    reasons: answersReasons(r),
  };
}

/** Throws a TypeError unless `context` is `{ globalPartnership: boolean }`. */
export function assertDiagnosticContext(context: unknown): asserts context is DiagnosticContext {
  if (typeof context !== "object" || context === null || typeof (context as DiagnosticContext).globalPartnership !== "boolean") {
    throw new TypeError("Contexte du diagnostic invalide : { globalPartnership: boolean } attendu.");
  }
}

/** Proposes a modality with its reasons from validated answers (throws the ZodError on invalid answers). */
export function diagnose(answers: DiagnosticAnswers, context: DiagnosticContext): DiagnosticResult {
  const reading = readAnswers(answers);
  assertDiagnosticContext(context);
  const { answers: a, score, majorMask, minorMask } = reading;
  const hasMajor = majorMask !== 0;
  const minorCount = barrierCount(minorMask);

  const reasons: string[] = answersReasons(reading);

  let modality: Modality;
  if (hasMajor && score >= 4) {
    if (context.globalPartnership) {
      modality = "GLOBAL";
      reasons.push(
        `Règle 1 : au moins un frein majeur et un score professionnel d'au moins 4 → ${MODALITY_NAMES.GLOBAL}, en binôme avec un travailleur social du département.`,
      );
    } else {
      modality = "RENFORCE";
      reasons.push(
        `Règle 1 : au moins un frein majeur et un score professionnel d'au moins 4 → ${MODALITY_NAMES.GLOBAL} indiqué.`,
        `L'accompagnement global n'est pas disponible dans ce département (pas de convention avec le conseil départemental) : ${MODALITY_NAMES.RENFORCE} proposé à la place.`,
      );
    }
  } else if (score >= 7) {
    modality = "RENFORCE";
    reasons.push(`Règle 2 : score professionnel d'au moins 7 → ${MODALITY_NAMES.RENFORCE}.`);
  } else if (score <= 3 && a.jobSearch === 0 && !hasMajor && minorCount <= 1) {
    modality = "SUIVI";
    reasons.push(
      `Règle 3 : score professionnel d'au plus 3, techniques de recherche d'emploi maîtrisées, aucun frein majeur et au plus un frein mineur → ${MODALITY_NAMES.SUIVI}.`,
    );
  } else {
    modality = "GUIDE";
    if (score >= 4) {
      reasons.push(`Règle 4 : score professionnel entre 4 et 6, sans frein majeur → ${MODALITY_NAMES.GUIDE}.`);
    } else {
      const blockers: string[] = [];
      if (a.jobSearch !== 0) blockers.push("techniques de recherche d'emploi à travailler");
      if (hasMajor) blockers.push("au moins un frein majeur");
      if (minorCount > 1) blockers.push(`${minorCount} freins mineurs`);
      reasons.push(`Règle 4 : score professionnel d'au plus 3 mais suivi non indiqué (${blockers.join(", ")}) → ${MODALITY_NAMES.GUIDE}.`);
      if (hasMajor) reasons.push(socialServicesSentence(majorMask));
    }
  }

  const webOnly = isWebOnlyEligible(modality, a);
  if (webOnly) {
    reasons.push(
      "Suivi 100 % web : la personne est volontaire et autonome sur le numérique ; les échanges se font à distance (courriel, téléphone, messagerie).",
    );
  } else if (a.webVolunteer) {
    reasons.push(
      modality === "SUIVI"
        ? "Suivi 100 % web non retenu malgré le volontariat : autonomie numérique insuffisante."
        : "Suivi 100 % web non retenu malgré le volontariat : il est réservé à la modalité suivi.",
    );
  }

  const workAxis = workAxisOf(a);
  reasons.push(`Axe de travail principal : ${AXIS_NAMES[workAxis]}.`);

  return {
    modality,
    webOnly,
    professionalScore: score,
    majorBarriers: hasMajor ? barriersOf(majorMask) : [],
    minorBarriers: minorMask !== 0 ? barriersOf(minorMask) : [],
    workAxis,
    reasons,
    rulesetVersion: RULESET_VERSION,
  };
}
