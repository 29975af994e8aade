/** Diagnostic answers for the domain tests: the all-zero answers, a helper to change some, and a fast-check arbitrary. */
import fc from "fast-check";
import { BARRIERS, type Barrier, type DiagnosticAnswers, type Level, type Severity } from "../../src/domain";

/** No need on any dimension, in work until now, no barrier, not a web volunteer (P = 0). */
export const BASE_ANSWERS: DiagnosticAnswers = {
  project: 0,
  skills: 0,
  jobSearch: 0,
  digital: 0,
  basicSkills: 0,
  monthsWithoutWork: 0,
  barriers: {},
  webVolunteer: false,
};

/** BASE_ANSWERS with some answers changed. */
export const answersWith = (over: Partial<DiagnosticAnswers>): DiagnosticAnswers => ({ ...BASE_ANSWERS, ...over });

const level = fc.constantFrom<Level>(0, 1, 2);
const severity = fc.constantFrom<Severity>("NONE", "MINOR", "MAJOR");

/** Any valid barriers (a missing key is NONE). */
export const barriersArb = fc.dictionary(fc.constantFrom(...BARRIERS), severity, { maxKeys: 7 }) as fc.Arbitrary<Partial<Record<Barrier, Severity>>>;

/** Any valid diagnostic answers. */
export const answersArb: fc.Arbitrary<DiagnosticAnswers> = fc.record({
  project: level,
  skills: level,
  jobSearch: level,
  digital: level,
  basicSkills: level,
  monthsWithoutWork: fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }),
  barriers: barriersArb,
  webVolunteer: fc.boolean(),
});
