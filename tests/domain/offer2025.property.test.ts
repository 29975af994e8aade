import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareDates,
  contractDueDate,
  DEPARTEMENTS,
  diagnose,
  fromDayNumber,
  INTENSITIES,
  intensityOf,
  jointDiagnosticDueDate,
  orient2025,
  PARCOURS,
  REFERENTS,
  repeatedBreachWindowEnd,
  rsaOrientationDueDate,
  sanctionAnswerDeadline,
  type Situation2025,
  toDayNumber,
} from "../../src/domain";
import { answersArb } from "../support/diagnostic-answers";

const situationArb: fc.Arbitrary<Situation2025> = fc.record({ rsa: fc.boolean(), ageYears: fc.integer({ min: 16, max: 70 }), rqth: fc.boolean() });
const contextArb = fc.record({ globalPartnership: fc.boolean() });
const dateArb = fc.integer({ min: toDayNumber("2000-01-01"), max: toDayNumber("2099-12-31") }).map(fromDayNumber);

describe("orient2025 — properties", () => {
  it("is total on valid input: known codes, P as diagnose, at least 4 non-empty reasons", () => {
    fc.assert(
      fc.property(answersArb, situationArb, contextArb, (answers, situation, ctx) => {
        const r = orient2025({ answers, situation }, ctx);
        expect(r.rulesetVersion).toBe("2025.1");
        expect(PARCOURS).toContain(r.parcours);
        expect(REFERENTS).toContain(r.referent);
        if (r.intensity !== null) expect(INTENSITIES).toContain(r.intensity);
        expect(r.professionalScore).toBe(diagnose(answers, ctx).professionalScore);
        expect(r.reasons.length).toBeGreaterThanOrEqual(4);
        for (const reason of r.reasons) expect(reason.trim()).not.toBe("");
        expect(r.decidedBy).toBe(situation.rsa ? "DEPARTEMENT" : "FRANCE_TRAVAIL");
      }),
      { numRuns: 2000 },
    );
  });

  it("a SOCIAL proposal never depends on age or RQTH (the whole result, reasons included)", () => {
    fc.assert(
      fc.property(answersArb, situationArb, situationArb, contextArb, (answers, s1, s2, ctx) => {
        const r1 = orient2025({ answers, situation: s1 }, ctx);
        if (r1.parcours !== "SOCIAL") return;
        const r2 = orient2025({ answers, situation: { ...s2, rsa: s1.rsa } }, ctx);
        expect(r2).toEqual(r1);
      }),
      { numRuns: 2000 },
    );
  });

  it("parcours never changes when only age, RQTH or RSA change; intensity neither, when France Travail follows", () => {
    fc.assert(
      fc.property(answersArb, situationArb, situationArb, contextArb, (answers, s1, s2, ctx) => {
        const r1 = orient2025({ answers, situation: s1 }, ctx);
        const r2 = orient2025({ answers, situation: s2 }, ctx);
        expect(r2.parcours).toBe(r1.parcours);
        expect(r2.professionalScore).toBe(r1.professionalScore);
        // The intensity France Travail would offer depends on parcours and P only.
        expect(r1.intensity ?? intensityOf(r1.parcours, r1.professionalScore)).toBe(r2.intensity ?? intensityOf(r2.parcours, r2.professionalScore));
        if (r1.referent === "FRANCE_TRAVAIL" && r2.referent === "FRANCE_TRAVAIL") expect(r2.intensity).toBe(r1.intensity);
        // The reasons of the parcours and of the score are the same sentences.
        expect(r2.reasons.slice(0, 5)).toEqual(r1.reasons.slice(0, 5));
      }),
      { numRuns: 2000 },
    );
  });

  it("intensity is null iff the referent is not France Travail", () => {
    fc.assert(
      fc.property(answersArb, situationArb, contextArb, (answers, situation, ctx) => {
        const r = orient2025({ answers, situation }, ctx);
        expect(r.intensity === null).toBe(r.referent !== "FRANCE_TRAVAIL");
      }),
      { numRuns: 2000 },
    );
  });

  it("tandem iff SOCIO_PROFESSIONNEL, France Travail and the partnership", () => {
    fc.assert(
      fc.property(answersArb, situationArb, contextArb, (answers, situation, ctx) => {
        const r = orient2025({ answers, situation }, ctx);
        if (r.tandem) {
          expect(r.parcours).toBe("SOCIO_PROFESSIONNEL");
          expect(r.referent).toBe("FRANCE_TRAVAIL");
          expect(ctx.globalPartnership).toBe(true);
        }
        expect(r.tandem).toBe(r.parcours === "SOCIO_PROFESSIONNEL" && r.referent === "FRANCE_TRAVAIL" && ctx.globalPartnership);
      }),
      { numRuns: 2000 },
    );
  });

  it("SOCIAL always goes to the conseil départemental; a MAJOR barrier never gives EMPLOI", () => {
    fc.assert(
      fc.property(answersArb, situationArb, contextArb, (answers, situation, ctx) => {
        const r = orient2025({ answers, situation }, ctx);
        expect(r.parcours === "SOCIAL").toBe(r.referent === "CONSEIL_DEPARTEMENTAL");
        if (Object.values(answers.barriers).includes("MAJOR")) expect(r.parcours).not.toBe("EMPLOI");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("2025 deadlines — properties", () => {
  it("never fall before their start, and land where their rule says", () => {
    fc.assert(
      fc.property(dateArb, fc.boolean(), fc.constantFrom(...DEPARTEMENTS), (start, extended, departement) => {
        const after = (due: string, minDays: number, maxDays: number) => {
          expect(compareDates(due, start)).toBeGreaterThanOrEqual(minDays);
          expect(compareDates(due, start)).toBeLessThanOrEqual(maxDays);
        };
        after(contractDueDate({ notifiedOn: start, departement }), 28, 31);
        after(rsaOrientationDueDate(start), 42, 42);
        after(sanctionAnswerDeadline(start), 10, 10);
        after(jointDiagnosticDueDate({ contractSignedOn: start, extended }), extended ? 365 - 3 : 181 - 3, extended ? 366 : 184);
        after(repeatedBreachWindowEnd(start), 730 - 3, 731);
      }),
      { numRuns: 2000 },
    );
  });
});
