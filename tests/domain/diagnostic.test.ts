import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import {
  BARRIER_HELP,
  BARRIER_LABELS,
  BARRIERS,
  type DiagnosticAnswers,
  DIMENSION_HELP,
  DIMENSION_LABELS,
  DIMENSIONS,
  diagnose,
  diagnosticAnswersSchema,
  distanceLevel,
  isWebOnlyEligible,
  LEVEL_HELP,
  LEVEL_LABELS,
  MODALITY_LABELS,
  MODALITIES,
  SEVERITY_LABELS,
  WORK_AXES,
  WORK_AXIS_LABELS,
} from "../../src/domain";
import { answersWith, BASE_ANSWERS } from "../support/diagnostic-answers";

const base = BASE_ANSWERS;
const answers = answersWith;
const WITH = { globalPartnership: true };
const WITHOUT = { globalPartnership: false };
const text = (reasons: string[]): string => reasons.join("\n");

describe("diagnose — professional score and distance", () => {
  it.each([
    [5, 0],
    [0, 0],
    [6, 1],
    [23, 1],
    [24, 2],
    [120, 2],
    [null, 2],
  ] as const)("%s months without work → distance %i", (months, level) => {
    expect(distanceLevel(months)).toBe(level);
    expect(diagnose(answers({ monthsWithoutWork: months }), WITH).professionalScore).toBe(level);
  });

  it("sums the six dimensions (0–12)", () => {
    expect(diagnose(base, WITH).professionalScore).toBe(0);
    const all2 = answers({ project: 2, skills: 2, jobSearch: 2, digital: 2, basicSkills: 2, monthsWithoutWork: null });
    expect(diagnose(all2, WITH).professionalScore).toBe(12);
    expect(diagnose(answers({ project: 1, skills: 2, digital: 1, monthsWithoutWork: 6 }), WITH).professionalScore).toBe(5);
  });

  it("the distance boundary moves the proposal: 23 months → SUIVI, 24 months → GUIDE", () => {
    const a = answers({ project: 1, skills: 1 });
    expect(diagnose({ ...a, monthsWithoutWork: 23 }, WITH).modality).toBe("SUIVI"); // P = 3
    expect(diagnose({ ...a, monthsWithoutWork: 24 }, WITH).modality).toBe("GUIDE"); // P = 4
    expect(diagnose({ ...a, monthsWithoutWork: null }, WITH).modality).toBe("GUIDE");
    expect(diagnose({ ...a, monthsWithoutWork: 5 }, WITH).professionalScore).toBe(2);
  });
});

describe("diagnose — proposal rules", () => {
  it("P = 3, job search mastered, no barrier → SUIVI (rule 3)", () => {
    const r = diagnose(answers({ project: 1, skills: 1, digital: 1 }), WITH);
    expect(r.modality).toBe("SUIVI");
    expect(r.professionalScore).toBe(3);
    expect(text(r.reasons)).toContain("Score professionnel : 3 / 12");
    expect(text(r.reasons)).toContain("Règle 3");
  });

  it("P = 4 → GUIDE (rule 4); P = 6 → GUIDE; P = 7 → RENFORCE (rule 2)", () => {
    const p4 = diagnose(answers({ project: 2, skills: 2 }), WITHOUT);
    expect([p4.professionalScore, p4.modality]).toEqual([4, "GUIDE"]);
    expect(text(p4.reasons)).toContain("Règle 4");
    const p6 = diagnose(answers({ project: 2, skills: 2, digital: 2 }), WITHOUT);
    expect([p6.professionalScore, p6.modality]).toEqual([6, "GUIDE"]);
    const p7 = diagnose(answers({ project: 2, skills: 2, digital: 2, basicSkills: 1 }), WITHOUT);
    expect([p7.professionalScore, p7.modality]).toEqual([7, "RENFORCE"]);
    expect(text(p7.reasons)).toContain("Règle 2");
    expect(text(p7.reasons)).toContain("Score professionnel : 7 / 12");
  });

  it("job search not mastered blocks SUIVI even with a low score", () => {
    const r1 = diagnose(answers({ jobSearch: 1 }), WITH);
    expect([r1.professionalScore, r1.modality]).toEqual([1, "GUIDE"]);
    expect(text(r1.reasons)).toContain("techniques de recherche d'emploi à travailler");
    expect(diagnose(answers({ jobSearch: 2, project: 1 }), WITH).modality).toBe("GUIDE");
    expect(diagnose(answers({ jobSearch: 0, project: 1, skills: 1, basicSkills: 1 }), WITH).modality).toBe("SUIVI");
  });

  it("one MINOR barrier still allows SUIVI; two do not", () => {
    const one = diagnose(answers({ barriers: { MOBILITY: "MINOR" } }), WITH);
    expect(one.modality).toBe("SUIVI");
    expect(one.minorBarriers).toEqual(["MOBILITY"]);
    const two = diagnose(answers({ barriers: { MOBILITY: "MINOR", FAMILY: "MINOR" } }), WITH);
    expect(two.modality).toBe("GUIDE");
    expect(two.minorBarriers).toEqual(["MOBILITY", "FAMILY"]);
    expect(text(two.reasons)).toContain("2 freins mineurs");
    expect(text(two.reasons)).toContain("Freins mineurs : famille, mobilité");
  });

  it("MAJOR barrier and P ≥ 4 → GLOBAL with the partnership (rule 1)", () => {
    const r = diagnose(answers({ project: 2, skills: 2, barriers: { HOUSING: "MAJOR" } }), WITH);
    expect(r.modality).toBe("GLOBAL");
    expect(r.majorBarriers).toEqual(["HOUSING"]);
    expect(text(r.reasons)).toContain("Règle 1");
    expect(text(r.reasons)).not.toContain("n'est pas disponible");
  });

  it("MAJOR barrier and P ≥ 4 without the partnership → RENFORCE, saying global is unavailable", () => {
    const r = diagnose(answers({ project: 2, skills: 2, barriers: { HOUSING: "MAJOR" } }), WITHOUT);
    expect(r.modality).toBe("RENFORCE");
    expect(text(r.reasons)).toContain("Règle 1");
    expect(text(r.reasons)).toContain("L'accompagnement global n'est pas disponible dans ce département");
  });

  it("rule 1 wins over rule 2 (MAJOR barrier and P ≥ 7)", () => {
    const a = answers({ project: 2, skills: 2, jobSearch: 2, digital: 1, barriers: { HEALTH: "MAJOR" } });
    expect(diagnose(a, WITH).modality).toBe("GLOBAL");
    const r = diagnose(a, WITHOUT);
    expect(r.modality).toBe("RENFORCE");
    expect(text(r.reasons)).toContain("Règle 1");
    expect(text(r.reasons)).not.toContain("Règle 2");
  });

  it("MAJOR barrier with P ≤ 3 → GUIDE and referral to social services", () => {
    const r = diagnose(answers({ project: 1, skills: 1, digital: 1, barriers: { HOUSING: "MAJOR", HEALTH: "MAJOR" } }), WITH);
    expect(r.professionalScore).toBe(3);
    expect(r.modality).toBe("GUIDE");
    expect(text(r.reasons)).toContain("services sociaux");
    expect(text(r.reasons)).toContain("Freins majeurs : logement, santé");
    // No referral without a MAJOR barrier.
    const minor = diagnose(answers({ jobSearch: 1, barriers: { HOUSING: "MINOR" } }), WITH);
    expect(minor.modality).toBe("GUIDE");
    expect(text(minor.reasons)).not.toContain("services sociaux");
  });

  it("a missing barrier is NONE", () => {
    const explicit = diagnose(
      answers({
        barriers: { MOBILITY: "NONE", FAMILY: "NONE", HEALTH: "NONE", HOUSING: "NONE", FINANCES: "NONE", ADMIN_LEGAL: "NONE", ISOLATION: "NONE" },
      }),
      WITH,
    );
    expect(explicit).toEqual(diagnose(base, WITH));
    expect(explicit.majorBarriers).toEqual([]);
    expect(explicit.minorBarriers).toEqual([]);
    expect(text(explicit.reasons)).toContain("Aucun frein majeur");
  });

  it("lists barriers in the fixed key order", () => {
    const r = diagnose(answers({ barriers: { ISOLATION: "MAJOR", HOUSING: "MAJOR", MOBILITY: "MAJOR", ADMIN_LEGAL: "MINOR", FAMILY: "MINOR" } }), WITH);
    expect(r.majorBarriers).toEqual(["MOBILITY", "HOUSING", "ISOLATION"]);
    expect(r.minorBarriers).toEqual(["FAMILY", "ADMIN_LEGAL"]);
    expect(text(r.reasons)).toContain("Freins majeurs : isolement social, logement, mobilité");
  });
});

describe("diagnose — 100 % web", () => {
  it("only for a SUIVI volunteer who is digitally autonomous", () => {
    const r = diagnose(answers({ webVolunteer: true }), WITH);
    expect([r.modality, r.webOnly]).toEqual(["SUIVI", true]);
    expect(text(r.reasons)).toContain("100 % web");
    expect(diagnose(answers({ webVolunteer: false }), WITH).webOnly).toBe(false);
    const notAutonomous = diagnose(answers({ webVolunteer: true, digital: 1 }), WITH);
    expect([notAutonomous.modality, notAutonomous.webOnly]).toEqual(["SUIVI", false]);
    expect(text(notAutonomous.reasons)).toContain("autonomie numérique insuffisante");
    const guide = diagnose(answers({ webVolunteer: true, jobSearch: 1 }), WITH);
    expect([guide.modality, guide.webOnly]).toEqual(["GUIDE", false]);
  });

  it("is one rule for the proposal, a decision and a later choice: SUIVI, volunteer, digital = 0", () => {
    const eligible = { webVolunteer: true, digital: 0 } as const;
    expect(isWebOnlyEligible("SUIVI", eligible)).toBe(true);
    for (const modality of ["GUIDE", "RENFORCE", "GLOBAL", null] as const) expect(isWebOnlyEligible(modality, eligible)).toBe(false);
    expect(isWebOnlyEligible("SUIVI", { webVolunteer: false, digital: 0 })).toBe(false);
    expect(isWebOnlyEligible("SUIVI", { webVolunteer: true, digital: 1 })).toBe(false);
    expect(isWebOnlyEligible("SUIVI", { webVolunteer: true, digital: 2 })).toBe(false);
    // A decision overriding the proposal is judged on the decided modality: proposed GUIDE, decided SUIVI.
    const overridden = answers({ webVolunteer: true, jobSearch: 1 });
    expect(diagnose(overridden, WITH).modality).toBe("GUIDE");
    expect(isWebOnlyEligible("SUIVI", overridden)).toBe(true);
  });
});

describe("diagnose — work axis", () => {
  it.each([
    [{ project: 2, skills: 2, jobSearch: 2 }, "ELABORATION_PROJET"],
    [{ project: 1, skills: 2, jobSearch: 2 }, "ADAPTATION_MARCHE"],
    [{ project: 1, skills: 1, jobSearch: 1 }, "TECHNIQUES_RECHERCHE"],
    [{ project: 0, skills: 0, jobSearch: 2 }, "TECHNIQUES_RECHERCHE"],
    [{ project: 1, skills: 1, jobSearch: 0, basicSkills: 2, digital: 2 }, "RETOUR_DIRECT_EMPLOI"],
  ] as const)("%o → %s", (over, axis) => {
    const r = diagnose(answers(over), WITH);
    expect(r.workAxis).toBe(axis);
    expect(text(r.reasons)).toContain(WORK_AXIS_LABELS[axis].toLowerCase());
  });
});

describe("diagnose — result shape", () => {
  it("returns exactly the documented fields", () => {
    const r = diagnose(answers({ project: 2, monthsWithoutWork: 30, barriers: { HOUSING: "MAJOR", HEALTH: "MAJOR", MOBILITY: "MINOR" } }), WITHOUT);
    expect(Object.keys(r).sort()).toEqual(
      ["majorBarriers", "minorBarriers", "modality", "professionalScore", "reasons", "rulesetVersion", "webOnly", "workAxis"].sort(),
    );
    expect(r).toMatchObject({
      modality: "RENFORCE",
      webOnly: false,
      professionalScore: 4,
      majorBarriers: ["HEALTH", "HOUSING"],
      minorBarriers: ["MOBILITY"],
      workAxis: "ELABORATION_PROJET",
      rulesetVersion: "2014.1",
    });
    expect(r.reasons[0]).toBe("Score professionnel : 4 / 12.");
    expect(text(r.reasons)).toContain("Freins majeurs : logement, santé");
    expect(text(r.reasons)).toContain("30 mois sans emploi");
  });

  it("does not share mutable state between calls", () => {
    const a = answers({ barriers: { HOUSING: "MAJOR" }, project: 2, skills: 2 });
    const first = diagnose(a, WITH);
    first.majorBarriers.push("HEALTH");
    first.reasons.length = 0;
    const second = diagnose(a, WITH);
    expect(second.majorBarriers).toEqual(["HOUSING"]);
    expect(second.reasons.length).toBeGreaterThan(3);
  });

  it("refuses a missing or malformed context", () => {
    expect(() => diagnose(base, {} as never)).toThrow(/Contexte du diagnostic invalide/);
    expect(() => diagnose(base, { globalPartnership: "yes" } as never)).toThrow(TypeError);
  });
});

describe("diagnose — invalid answers throw a ZodError with French messages", () => {
  const invalid: [string, unknown][] = [
    ["non-integer level", { ...base, project: 1.5 }],
    ["level 3", { ...base, skills: 3 }],
    ["level -1", { ...base, jobSearch: -1 }],
    ["level as a string", { ...base, digital: "1" }],
    ["level null", { ...base, basicSkills: null }],
    ["missing level", { skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 0, barriers: {}, webVolunteer: false }],
    ["unknown top-level key", { ...base, age: 52 }],
    ["protected attribute", { ...base, sex: "F" }],
    ["unknown barrier key", { ...base, barriers: { TRANSPORT: "MAJOR" } }],
    ["wrong severity", { ...base, barriers: { HOUSING: "SEVERE" } }],
    ["lower-case severity", { ...base, barriers: { HOUSING: "major" } }],
    ["barriers as an array", { ...base, barriers: [] }],
    ["barriers missing", { ...base, barriers: undefined }],
    ["string for boolean", { ...base, webVolunteer: "true" }],
    ["number for boolean", { ...base, webVolunteer: 1 }],
    ["monthsWithoutWork -1", { ...base, monthsWithoutWork: -1 }],
    ["monthsWithoutWork 1.5", { ...base, monthsWithoutWork: 1.5 }],
    ["monthsWithoutWork as a string", { ...base, monthsWithoutWork: "12" }],
    ["monthsWithoutWork missing", { ...base, monthsWithoutWork: undefined }],
    ["monthsWithoutWork NaN", { ...base, monthsWithoutWork: Number.NaN }],
    ["monthsWithoutWork Infinity", { ...base, monthsWithoutWork: Number.POSITIVE_INFINITY }],
    ["null answers", null],
    ["an array", [base]],
  ];

  it.each(invalid)("%s", (_name, input) => {
    expect(() => diagnose(input as DiagnosticAnswers, WITH)).toThrow(ZodError);
    try {
      diagnose(input as DiagnosticAnswers, WITH);
    } catch (error) {
      const issues = (error as ZodError).issues;
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) {
        // French, not zod's English defaults.
        expect(issue.message).not.toMatch(/Invalid|Expected|Unrecognized|received/);
        expect(issue.message).toMatch(/attendu|inconnu|manquante|refusé/);
      }
    }
    expect(diagnosticAnswersSchema.safeParse(input).success).toBe(false);
  });

  it("names the offending keys and dimensions", () => {
    const unknown = diagnosticAnswersSchema.safeParse({ ...base, nationality: "X" });
    expect(unknown.error?.issues[0]?.message).toContain("« nationality »");
    const level = diagnosticAnswersSchema.safeParse({ ...base, project: 3 });
    expect(level.error?.issues[0]?.message).toContain("Projet professionnel");
    expect(level.error?.issues[0]?.path).toEqual(["project"]);
    const barrier = diagnosticAnswersSchema.safeParse({ ...base, barriers: { DEBT: "MAJOR" } });
    expect(barrier.error?.issues[0]?.message).toContain("« DEBT »");
    expect(barrier.error?.issues[0]?.path).toEqual(["barriers"]);
  });

  it("accepts the boundaries", () => {
    expect(() => diagnose(answers({ monthsWithoutWork: 0 }), WITH)).not.toThrow();
    expect(() => diagnose(answers({ monthsWithoutWork: 600 }), WITH)).not.toThrow();
    expect(() => diagnose(answers({ barriers: { HEALTH: undefined } }), WITH)).not.toThrow();
  });
});

describe("labels for the diagnostic form", () => {
  it("has a French label and help for every dimension, level, barrier, severity, axis and modality", () => {
    for (const d of DIMENSIONS) {
      expect(DIMENSION_LABELS[d].length).toBeGreaterThan(3);
      expect(DIMENSION_HELP[d].length).toBeGreaterThan(10);
      for (const level of [0, 1, 2] as const) {
        expect(LEVEL_LABELS[d][level].length).toBeGreaterThan(3);
        expect(LEVEL_HELP[d][level].length).toBeGreaterThan(10);
      }
    }
    for (const b of BARRIERS) {
      expect(BARRIER_LABELS[b].length).toBeGreaterThan(3);
      expect(BARRIER_HELP[b].length).toBeGreaterThan(10);
    }
    expect(Object.keys(SEVERITY_LABELS)).toEqual(["NONE", "MINOR", "MAJOR"]);
    for (const axis of WORK_AXES) expect(WORK_AXIS_LABELS[axis].length).toBeGreaterThan(3);
    for (const m of MODALITIES) expect(MODALITY_LABELS[m].length).toBeGreaterThan(3);
    expect(MODALITY_LABELS.SUIVI).toBe("Suivi et appui à la recherche d'emploi");
    expect(BARRIER_LABELS.HOUSING).toBe("Logement");
  });
});
