/**
 * Diagnostic answers for demo seekers. Answers are drawn from a profile biased toward the intended modality,
 * then `diagnose()` (the real ruleset) is run on them; draws are repeated until it proposes that modality.
 * The proposal stored with a seeker is therefore always what the ruleset says about its answers.
 */
import {
  BARRIERS,
  diagnose,
  type Barrier,
  type DiagnosticAnswers,
  type DiagnosticResult,
  type Level,
  type Modality2014 as Modality,
  type Severity,
} from "@/domain";
import type { Random } from "./random";

/** Weights of levels 0, 1, 2 for the five directly answered dimensions. */
type LevelWeights = readonly [number, number, number];

interface AnswerProfile {
  levels: LevelWeights;
  /** jobSearch has its own weights (it decides between SUIVI and GUIDE). */
  jobSearch: LevelWeights;
  /** Probability of each severity per barrier: [MINOR, MAJOR]. */
  barrier: readonly [number, number];
  /** Months without work: [share < 6, share 6–23, share ≥ 24, share never worked]. */
  distance: readonly [number, number, number, number];
  webVolunteer: number;
}

const PROFILES: Readonly<Record<Modality, AnswerProfile>> = {
  SUIVI: { levels: [0.62, 0.33, 0.05], jobSearch: [1, 0, 0], barrier: [0.06, 0], distance: [0.75, 0.22, 0.03, 0], webVolunteer: 0.3 },
  GUIDE: { levels: [0.3, 0.5, 0.2], jobSearch: [0.25, 0.55, 0.2], barrier: [0.14, 0.015], distance: [0.4, 0.42, 0.14, 0.04], webVolunteer: 0.12 },
  RENFORCE: { levels: [0.08, 0.42, 0.5], jobSearch: [0.05, 0.4, 0.55], barrier: [0.2, 0], distance: [0.12, 0.38, 0.38, 0.12], webVolunteer: 0.04 },
  GLOBAL: { levels: [0.12, 0.45, 0.43], jobSearch: [0.1, 0.45, 0.45], barrier: [0.22, 0.12], distance: [0.1, 0.35, 0.4, 0.15], webVolunteer: 0.03 },
};

/** Without the « global » partnership, RENFORCE also covers people with major social barriers. */
const RENFORCE_WITHOUT_PARTNERSHIP: AnswerProfile = {
  levels: [0.1, 0.45, 0.45],
  jobSearch: [0.06, 0.44, 0.5],
  barrier: [0.2, 0.05],
  distance: [0.12, 0.38, 0.38, 0.12],
  webVolunteer: 0.04,
};

/** Barriers weighted by how often they come up (mobility and finances most often). */
const BARRIER_FREQUENCY: Readonly<Record<Barrier, number>> = {
  MOBILITY: 1.4,
  FAMILY: 1,
  HEALTH: 0.8,
  HOUSING: 1,
  FINANCES: 1.3,
  ADMIN_LEGAL: 0.5,
  ISOLATION: 0.7,
};

function drawLevel(random: Random, weights: LevelWeights): Level {
  const r = random.next() * (weights[0] + weights[1] + weights[2]);
  if (r < weights[0]) return 0;
  return r < weights[0] + weights[1] ? 1 : 2;
}

function drawMonthsWithoutWork(random: Random, shares: AnswerProfile["distance"]): number | null {
  const band = random.weighted([
    [0, shares[0]],
    [1, shares[1]],
    [2, shares[2]],
    [3, shares[3]],
  ] as const);
  if (band === 0) return random.int(0, 5);
  if (band === 1) return random.int(6, 23);
  if (band === 2) return random.int(24, 60);
  return null;
}

function drawBarriers(random: Random, profile: AnswerProfile, atLeastOneMajor: boolean): Partial<Record<Barrier, Severity>> {
  const barriers: Partial<Record<Barrier, Severity>> = {};
  for (const barrier of BARRIERS) {
    const weight = BARRIER_FREQUENCY[barrier];
    const r = random.next();
    if (r < profile.barrier[1] * weight) barriers[barrier] = "MAJOR";
    else if (r < (profile.barrier[0] + profile.barrier[1]) * weight) barriers[barrier] = "MINOR";
    else if (random.chance(0.15)) barriers[barrier] = "NONE"; // explicitly recorded as « aucun impact »
  }
  if (atLeastOneMajor && !Object.values(barriers).includes("MAJOR")) {
    barriers[random.weighted(BARRIERS.map((b) => [b, BARRIER_FREQUENCY[b]] as const))] = "MAJOR";
  }
  return barriers;
}

function drawAnswers(random: Random, profile: AnswerProfile, atLeastOneMajor: boolean): DiagnosticAnswers {
  return {
    project: drawLevel(random, profile.levels),
    skills: drawLevel(random, profile.levels),
    jobSearch: drawLevel(random, profile.jobSearch),
    digital: drawLevel(random, profile.levels),
    basicSkills: drawLevel(random, [profile.levels[0] + 0.25, profile.levels[1], profile.levels[2] * 0.6]),
    monthsWithoutWork: drawMonthsWithoutWork(random, profile.distance),
    barriers: drawBarriers(random, profile, atLeastOneMajor),
    webVolunteer: random.chance(profile.webVolunteer),
  };
}

export interface GeneratedDiagnostic {
  answers: DiagnosticAnswers;
  result: DiagnosticResult;
}

const MAX_DRAWS = 500;

/**
 * Answers for which `diagnose(answers, { globalPartnership })` proposes `target` (rejection sampling).
 * GLOBAL is only reachable where the agency has the partnership.
 */
export function answersProposing(random: Random, target: Modality, globalPartnership: boolean): GeneratedDiagnostic {
  if (target === "GLOBAL" && !globalPartnership) {
    throw new Error("L'accompagnement global n'est proposé que dans un département conventionné.");
  }
  const profile = target === "RENFORCE" && !globalPartnership ? RENFORCE_WITHOUT_PARTNERSHIP : PROFILES[target];
  for (let draw = 0; draw < MAX_DRAWS; draw += 1) {
    const answers = drawAnswers(random, profile, target === "GLOBAL");
    const result = diagnose(answers, { globalPartnership });
    if (result.modality === target) return { answers, result };
  }
  throw new Error(`Impossible de générer des réponses menant à la modalité ${target} après ${MAX_DRAWS} tirages.`);
}
