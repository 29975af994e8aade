import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import {
  AGILE_CAP_DEFAULT,
  ageYearsOn,
  CAP_BOUNDS,
  contractDueDate,
  DEFAULT_AGILE_RHYTHM,
  DEFAULT_CAPS,
  type DiagnosticAnswers,
  diagnose,
  INTENSIVE_CAP_MAX,
  INTENSIVE_MIN_CONTACTS_PER_MONTH,
  intensiveContactsShortfall,
  intensityOf,
  isJointDiagnosticExtended,
  isValidCap,
  jointDiagnosticDueDate,
  orient2025,
  readDiagnosticAnswers,
  repeatedBreachWindowEnd,
  rsaOrientationDueDate,
  sanctionAnswerDeadline,
  type Situation2025,
  TANDEM_CAP,
  validateWeeklyActivity,
} from "../../src/domain";
import { answersWith, BASE_ANSWERS } from "../support/diagnostic-answers";

const base = BASE_ANSWERS;
const answers = answersWith;
const adult: Situation2025 = { rsa: false, ageYears: 40, rqth: false };
const WITH = { globalPartnership: true };
const WITHOUT = { globalPartnership: false };
const orient = (a: Partial<DiagnosticAnswers>, s: Partial<Situation2025> = {}, ctx = WITH) =>
  orient2025({ answers: answers(a), situation: { ...adult, ...s } }, ctx);
const text = (reasons: string[]): string => reasons.join("\n");

describe("orient2025 — parcours", () => {
  it("SOCIAL: 24 months without work and a MAJOR health barrier; 23 months → SOCIO_PROFESSIONNEL", () => {
    expect(orient({ monthsWithoutWork: 24, barriers: { HEALTH: "MAJOR" } }).parcours).toBe("SOCIAL");
    expect(orient({ monthsWithoutWork: 23, barriers: { HEALTH: "MAJOR" } }).parcours).toBe("SOCIO_PROFESSIONNEL");
  });

  it("SOCIAL: never worked (null) counts as 24 months or more", () => {
    const r = orient({ monthsWithoutWork: null, barriers: { HOUSING: "MAJOR" } });
    expect(r.parcours).toBe("SOCIAL");
    expect(text(r.reasons)).toContain("n'a jamais travaillé");
  });

  it("SOCIAL: exactly one MAJOR barrier must be HEALTH or HOUSING", () => {
    expect(orient({ monthsWithoutWork: 30, barriers: { HEALTH: "MAJOR" } }).parcours).toBe("SOCIAL");
    expect(orient({ monthsWithoutWork: 30, barriers: { HOUSING: "MAJOR" } }).parcours).toBe("SOCIAL");
    for (const other of ["MOBILITY", "FAMILY", "FINANCES", "ADMIN_LEGAL", "ISOLATION"] as const) {
      expect(orient({ monthsWithoutWork: 30, barriers: { [other]: "MAJOR" } }).parcours).toBe("SOCIO_PROFESSIONNEL");
    }
  });

  it("SOCIAL: two MAJOR barriers of any kind with 24 months; a MINOR health barrier is not enough", () => {
    expect(orient({ monthsWithoutWork: 24, barriers: { FINANCES: "MAJOR", MOBILITY: "MAJOR" } }).parcours).toBe("SOCIAL");
    expect(orient({ monthsWithoutWork: 23, barriers: { FINANCES: "MAJOR", MOBILITY: "MAJOR" } }).parcours).toBe("SOCIO_PROFESSIONNEL");
    expect(orient({ monthsWithoutWork: 24, barriers: { HEALTH: "MINOR", FINANCES: "MAJOR" } }).parcours).toBe("SOCIO_PROFESSIONNEL");
  });

  it("SOCIO_PROFESSIONNEL: one MAJOR barrier, whatever P", () => {
    const r = orient({ barriers: { MOBILITY: "MAJOR" } });
    expect([r.professionalScore, r.parcours]).toEqual([0, "SOCIO_PROFESSIONNEL"]);
  });

  it("SOCIO_PROFESSIONNEL: two MINOR barriers with P = 4; with P = 3 → EMPLOI; one MINOR with P = 4 → EMPLOI", () => {
    const two = { barriers: { MOBILITY: "MINOR", FINANCES: "MINOR" } } as const;
    expect(orient({ ...two, project: 2, skills: 2 }).parcours).toBe("SOCIO_PROFESSIONNEL"); // P = 4
    expect(orient({ ...two, project: 2, skills: 1 }).parcours).toBe("EMPLOI"); // P = 3
    expect(orient({ barriers: { MOBILITY: "MINOR" }, project: 2, skills: 2 }).parcours).toBe("EMPLOI");
  });

  it("EMPLOI otherwise, even with a high score", () => {
    const r = orient({ project: 2, skills: 2, jobSearch: 2, digital: 2, basicSkills: 2, monthsWithoutWork: null });
    expect([r.professionalScore, r.parcours]).toEqual([12, "EMPLOI"]);
  });
});

describe("orient2025 — referent", () => {
  const social = { monthsWithoutWork: null, barriers: { HEALTH: "MAJOR" } } as const;
  it("SOCIAL → CONSEIL_DEPARTEMENTAL before RQTH and age", () => {
    expect(orient(social, { rqth: true, ageYears: 18 }).referent).toBe("CONSEIL_DEPARTEMENTAL");
  });
  it("RQTH → CAP_EMPLOI before age", () => {
    expect(orient({}, { rqth: true, ageYears: 18 }).referent).toBe("CAP_EMPLOI");
    expect(orient({}, { rqth: true, ageYears: 50 }).referent).toBe("CAP_EMPLOI");
  });
  it("25 → MISSION_LOCALE; 26 → FRANCE_TRAVAIL", () => {
    expect(orient({}, { ageYears: 25 }).referent).toBe("MISSION_LOCALE");
    expect(orient({}, { ageYears: 16 }).referent).toBe("MISSION_LOCALE");
    expect(orient({}, { ageYears: 26 }).referent).toBe("FRANCE_TRAVAIL");
    expect(orient({}, { ageYears: 70 }).referent).toBe("FRANCE_TRAVAIL");
  });
  it("the reasons name the referent and why", () => {
    expect(text(orient({}, { rqth: true }).reasons)).toContain("Cap emploi, car la personne est reconnue travailleur handicapé");
    expect(text(orient({}, { ageYears: 20 }).reasons)).toContain("Mission locale, car la personne a moins de 26 ans");
    expect(text(orient(social).reasons)).toContain("le conseil départemental");
  });
});

describe("orient2025 — intensity", () => {
  it("P = 7 → INTENSIF; P = 6 → AGILE (EMPLOI)", () => {
    const p7 = orient({ project: 2, skills: 2, jobSearch: 2, digital: 1 });
    expect([p7.professionalScore, p7.parcours, p7.intensity]).toEqual([7, "EMPLOI", "INTENSIF"]);
    const p6 = orient({ project: 2, skills: 2, jobSearch: 2 });
    expect([p6.professionalScore, p6.parcours, p6.intensity]).toEqual([6, "EMPLOI", "AGILE"]);
  });
  it("SOCIO_PROFESSIONNEL: P = 4 → INTENSIF; P = 3 → AGILE", () => {
    const p4 = orient({ project: 2, skills: 2, barriers: { MOBILITY: "MAJOR" } });
    expect([p4.professionalScore, p4.parcours, p4.intensity]).toEqual([4, "SOCIO_PROFESSIONNEL", "INTENSIF"]);
    const p3 = orient({ project: 2, skills: 1, barriers: { MOBILITY: "MAJOR" } });
    expect([p3.professionalScore, p3.parcours, p3.intensity]).toEqual([3, "SOCIO_PROFESSIONNEL", "AGILE"]);
  });
  it("EMPLOI with P = 4 → AGILE (the SOCIO_PROFESSIONNEL threshold does not apply)", () => {
    expect(orient({ project: 2, skills: 2 }).intensity).toBe("AGILE");
    expect(intensityOf("EMPLOI", 4)).toBe("AGILE");
    expect(intensityOf("SOCIO_PROFESSIONNEL", 4)).toBe("INTENSIF");
  });
  it("null when the referent is not France Travail, with a reason", () => {
    const high = { project: 2, skills: 2, jobSearch: 2, digital: 2 } as const;
    expect(orient(high, { ageYears: 20 }).intensity).toBeNull();
    expect(orient(high, { rqth: true }).intensity).toBeNull();
    const social = orient({ ...high, monthsWithoutWork: null, barriers: { HEALTH: "MAJOR" } });
    expect(social.intensity).toBeNull();
    expect(text(social.reasons)).toContain("Pas d'intensité France Travail");
  });
});

describe("orient2025 — who decides and tandem", () => {
  it("RSA recipient → DEPARTEMENT, otherwise FRANCE_TRAVAIL", () => {
    const rsa = orient({}, { rsa: true });
    expect(rsa.decidedBy).toBe("DEPARTEMENT");
    expect(text(rsa.reasons)).toContain("proposition au président du conseil départemental");
    expect(orient({}, { rsa: false }).decidedBy).toBe("FRANCE_TRAVAIL");
  });
  it("RSA changes nothing else", () => {
    const a = { project: 2, skills: 2, barriers: { MOBILITY: "MAJOR" } } as const;
    const { decidedBy: _d1, reasons: _r1, ...withRsa } = orient(a, { rsa: true });
    const { decidedBy: _d2, reasons: _r2, ...withoutRsa } = orient(a, { rsa: false });
    expect(withRsa).toEqual(withoutRsa);
  });
  it("tandem: SOCIO_PROFESSIONNEL, FRANCE_TRAVAIL and the partnership, each needed", () => {
    const socio = { barriers: { FINANCES: "MAJOR" } } as const;
    expect(orient(socio).tandem).toBe(true);
    expect(text(orient(socio).reasons)).toContain("binôme avec un travailleur social du département");
    const noPartnership = orient(socio, {}, WITHOUT);
    expect(noPartnership.tandem).toBe(false);
    expect(text(noPartnership.reasons)).toContain("pas signé de convention");
    expect(orient(socio, { ageYears: 20 }).tandem).toBe(false);
    expect(orient(socio, { rqth: true }).tandem).toBe(false);
    expect(orient({}).tandem).toBe(false); // EMPLOI
    expect(orient({ monthsWithoutWork: null, barriers: { HEALTH: "MAJOR" } }).tandem).toBe(false); // SOCIAL
  });
  it("carries the ruleset, P as diagnose computes it, and the diagnostic's first reasons", () => {
    const a = answers({ project: 1, skills: 2, digital: 1, monthsWithoutWork: 6, barriers: { FAMILY: "MINOR" } });
    const r = orient2025({ answers: a, situation: adult }, WITH);
    expect(r.rulesetVersion).toBe("2025.1");
    expect(r.professionalScore).toBe(diagnose(a, WITH).professionalScore);
    expect(r.reasons.slice(0, 4)).toEqual(diagnose(a, WITH).reasons.slice(0, 4));
    expect(r.reasons.length).toBeGreaterThanOrEqual(8);
  });
});

describe("orient2025 — invalid input throws", () => {
  it("invalid answers throw the diagnostic's ZodError", () => {
    expect(() => orient2025({ answers: { ...base, project: 3 } as unknown as DiagnosticAnswers, situation: adult }, WITH)).toThrow(ZodError);
    expect(() => orient2025({ answers: { ...base, age: 30 } as unknown as DiagnosticAnswers, situation: adult }, WITH)).toThrow(ZodError);
    expect(() => orient2025({ answers: { ...base, monthsWithoutWork: -1 }, situation: adult }, WITH)).toThrow(ZodError);
  });
  it.each([15, 71, 25.5, Number.NaN, "30", null])("ageYears %s throws", (ageYears) => {
    expect(() => orient2025({ answers: base, situation: { ...adult, ageYears: ageYears as number } }, WITH)).toThrow(ZodError);
  });
  it("rsa and rqth must be booleans; no other key", () => {
    expect(() => orient2025({ answers: base, situation: { ...adult, rsa: "oui" as unknown as boolean } }, WITH)).toThrow(ZodError);
    expect(() => orient2025({ answers: base, situation: { ...adult, rqth: 1 as unknown as boolean } }, WITH)).toThrow(/RQTH/);
    expect(() => orient2025({ answers: base, situation: { ...adult, sex: "F" } as unknown as Situation2025 }, WITH)).toThrow(ZodError);
    expect(() => orient2025({ answers: base, situation: undefined as unknown as Situation2025 }, WITH)).toThrow(ZodError);
  });
  it("ages 16 and 70 are accepted", () => {
    expect(() => orient({}, { ageYears: 16 })).not.toThrow();
    expect(() => orient({}, { ageYears: 70 })).not.toThrow();
  });
  it("an invalid context or input throws a TypeError", () => {
    expect(() => orient2025({ answers: base, situation: adult }, {} as { globalPartnership: boolean })).toThrow(TypeError);
    expect(() => orient2025(null as unknown as Parameters<typeof orient2025>[0], WITH)).toThrow(TypeError);
  });
});

describe("readDiagnosticAnswers (shared with diagnose)", () => {
  it("reads P and the barriers as diagnose does", () => {
    const a = answers({ project: 2, monthsWithoutWork: null, barriers: { HOUSING: "MAJOR", MOBILITY: "MINOR", HEALTH: "NONE" } });
    const r = readDiagnosticAnswers(a);
    const d = diagnose(a, WITH);
    expect([r.professionalScore, r.majorBarriers, r.minorBarriers]).toEqual([d.professionalScore, d.majorBarriers, d.minorBarriers]);
  });
});

describe("deadlines", () => {
  it("contract: one month after the notification, clamped to the month's end", () => {
    expect(contractDueDate({ notifiedOn: "2025-03-10", departement: "75" })).toBe("2025-04-10");
    expect(contractDueDate({ notifiedOn: "2025-01-31", departement: "75" })).toBe("2025-02-28");
    expect(contractDueDate({ notifiedOn: "2024-01-31", departement: "971" })).toBe("2024-02-29");
    expect(contractDueDate({ notifiedOn: "2025-12-15", departement: "2A" })).toBe("2026-01-15");
  });
  it("contract with no orientation notified: 2027-01-01, overseas 2028-01-01", () => {
    for (const d of ["75", "2A", "2B", "57", "01", "95"]) expect(contractDueDate({ notifiedOn: null, departement: d })).toBe("2027-01-01");
    for (const d of ["971", "972", "973", "974", "976"]) expect(contractDueDate({ notifiedOn: null, departement: d })).toBe("2028-01-01");
  });
  it("contract: unknown département or bad date throws", () => {
    expect(() => contractDueDate({ notifiedOn: null, departement: "975" })).toThrow(/Département inconnu/);
    expect(() => contractDueDate({ notifiedOn: "2025-02-30", departement: "75" })).toThrow(/Date invalide/);
  });
  it("RSA orientation: 42 days", () => {
    expect(rsaOrientationDueDate("2025-01-01")).toBe("2025-02-12");
    expect(rsaOrientationDueDate("2024-02-01")).toBe("2024-03-14"); // leap year
    expect(rsaOrientationDueDate("2025-02-01")).toBe("2025-03-15");
    expect(() => rsaOrientationDueDate("2025-13-01")).toThrow();
  });
  it("joint diagnostic: 6 months, 12 when extended", () => {
    expect(jointDiagnosticDueDate({ contractSignedOn: "2025-03-15", extended: false })).toBe("2025-09-15");
    expect(jointDiagnosticDueDate({ contractSignedOn: "2025-03-15", extended: true })).toBe("2026-03-15");
    expect(jointDiagnosticDueDate({ contractSignedOn: "2025-08-31", extended: false })).toBe("2026-02-28");
    expect(jointDiagnosticDueDate({ contractSignedOn: "2023-08-31", extended: false })).toBe("2024-02-29");
    expect(jointDiagnosticDueDate({ contractSignedOn: "2024-02-29", extended: true })).toBe("2025-02-28");
    expect(() => jointDiagnosticDueDate({ contractSignedOn: "2025-03-15", extended: "yes" as unknown as boolean })).toThrow(TypeError);
  });
  it("joint diagnostic extended when HEALTH, HOUSING or FAMILY is MAJOR (not MINOR, not another barrier)", () => {
    for (const b of ["HEALTH", "HOUSING", "FAMILY"] as const) {
      expect(isJointDiagnosticExtended(answers({ barriers: { [b]: "MAJOR" } }))).toBe(true);
      expect(isJointDiagnosticExtended(answers({ barriers: { [b]: "MINOR" } }))).toBe(false);
    }
    for (const b of ["MOBILITY", "FINANCES", "ADMIN_LEGAL", "ISOLATION"] as const) {
      expect(isJointDiagnosticExtended(answers({ barriers: { [b]: "MAJOR" } }))).toBe(false);
    }
    expect(() => isJointDiagnosticExtended({ ...base, barriers: { HEALTH: "BAD" } } as unknown as DiagnosticAnswers)).toThrow(ZodError);
  });
  it("sanction notice: 10 days", () => {
    expect(sanctionAnswerDeadline("2025-06-25")).toBe("2025-07-05");
    expect(sanctionAnswerDeadline("2024-02-25")).toBe("2024-03-06");
    expect(sanctionAnswerDeadline("2025-02-25")).toBe("2025-03-07");
  });
  it("repeated breaches: 24 months after the first sanction", () => {
    expect(repeatedBreachWindowEnd("2025-04-10")).toBe("2027-04-10");
    expect(repeatedBreachWindowEnd("2024-02-29")).toBe("2026-02-28");
    expect(() => repeatedBreachWindowEnd("10/04/2025")).toThrow(/Date invalide/);
  });
});

describe("capacity and rhythm", () => {
  it("intensive cap at most 50; AGILE 300 in 100–500; tandem 100; AGILE rhythm 2 months", () => {
    expect(INTENSIVE_CAP_MAX).toBe(50);
    expect([DEFAULT_CAPS.INTENSIF, DEFAULT_CAPS.AGILE, DEFAULT_CAPS.TANDEM]).toEqual([50, 300, 100]);
    expect([AGILE_CAP_DEFAULT, TANDEM_CAP, DEFAULT_AGILE_RHYTHM]).toEqual([300, 100, 2]);
    expect(CAP_BOUNDS.AGILE).toEqual({ min: 100, max: 500 });
    expect([isValidCap("INTENSIF", 50), isValidCap("INTENSIF", 51), isValidCap("INTENSIF", 30)]).toEqual([true, false, true]);
    expect([isValidCap("AGILE", 99), isValidCap("AGILE", 100), isValidCap("AGILE", 500), isValidCap("AGILE", 501)]).toEqual([false, true, true, false]);
    expect([isValidCap("AGILE", 300.5), isValidCap("TANDEM", 100), isValidCap("TANDEM", 0)]).toEqual([false, true, false]);
  });
  it("intensive: at least 2 contacts in the calendar month", () => {
    expect(INTENSIVE_MIN_CONTACTS_PER_MONTH).toBe(2);
    expect(intensiveContactsShortfall([], "2025-03")).toBe(2);
    expect(intensiveContactsShortfall(["2025-03-01"], "2025-03")).toBe(1);
    expect(intensiveContactsShortfall(["2025-03-01", "2025-03-31"], "2025-03")).toBe(0);
    expect(intensiveContactsShortfall(["2025-03-01", "2025-03-31", "2025-03-15"], "2025-03")).toBe(0);
    // the calendar month, not 30 days: the end of February and the start of April do not count for March
    expect(intensiveContactsShortfall(["2025-02-28", "2025-04-01", "2025-03-10"], "2025-03")).toBe(1);
    expect(intensiveContactsShortfall(["2024-03-10", "2025-03-10"], "2025-03")).toBe(1);
    expect(() => intensiveContactsShortfall([], "2025-3")).toThrow(/Mois invalide/);
    expect(() => intensiveContactsShortfall(["2025-03-32"], "2025-03")).toThrow(/Date invalide/);
  });
});

describe("weekly activity", () => {
  it("15 hours needs no reason", () => {
    expect(validateWeeklyActivity({ hours: 15 })).toEqual({ ok: true });
    expect(validateWeeklyActivity({ hours: 15, reason: "" })).toEqual({ ok: true });
  });
  it("another value from 0 to 35 by half hours needs a written reason", () => {
    for (const hours of [0, 0.5, 12, 14.5, 15.5, 35]) {
      expect(validateWeeklyActivity({ hours, reason: "Garde d'enfants le mercredi." })).toEqual({ ok: true });
      const missing = validateWeeklyActivity({ hours });
      expect(missing).toMatchObject({ ok: false, code: "REASON_REQUIRED" });
      expect(validateWeeklyActivity({ hours, reason: "   " })).toMatchObject({ ok: false, code: "REASON_REQUIRED" });
    }
  });
  it("above 35, negative, not a half hour or not a number: refused with a French message", () => {
    expect(validateWeeklyActivity({ hours: 35.5, reason: "x" })).toMatchObject({ ok: false, code: "ABOVE_MAX" });
    expect(validateWeeklyActivity({ hours: -0.5, reason: "x" })).toMatchObject({ ok: false, code: "NEGATIVE" });
    expect(validateWeeklyActivity({ hours: 12.25, reason: "x" })).toMatchObject({ ok: false, code: "NOT_HALF_HOUR" });
    expect(validateWeeklyActivity({ hours: Number.NaN, reason: "x" })).toMatchObject({ ok: false, code: "NOT_A_NUMBER" });
    const refused = validateWeeklyActivity({ hours: 40, reason: "x" });
    expect(refused.ok === false && refused.message).toContain("35 heures au plus");
  });
});

describe("ageYearsOn", () => {
  it("counts the birthday from its own day", () => {
    expect(ageYearsOn("2000-06-15", "2026-06-14")).toBe(25);
    expect(ageYearsOn("2000-06-15", "2026-06-15")).toBe(26);
    expect(ageYearsOn("2000-06-15", "2000-06-15")).toBe(0);
  });
  it("29 February: a year older on 1 March in a common year, on 29 February in a leap year", () => {
    expect(ageYearsOn("2000-02-29", "2026-02-28")).toBe(25);
    expect(ageYearsOn("2000-02-29", "2026-03-01")).toBe(26);
    expect(ageYearsOn("2000-02-29", "2028-02-29")).toBe(28);
  });
  it("throws on a bad date or a date before the birth", () => {
    expect(() => ageYearsOn("2000-02-30", "2026-01-01")).toThrow(/Date invalide/);
    expect(() => ageYearsOn("2000-01-02", "2000-01-01")).toThrow(RangeError);
  });
});
