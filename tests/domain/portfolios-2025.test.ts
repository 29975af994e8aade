import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALL_MODALITIES,
  addMonths,
  followUpRhythmMonths,
  intensityAfterDepartementDecision,
  intensiveContactsShortfall,
  isModality,
  isModality2014,
  localDateOf,
  modalitiesForNewDiagnostics,
  modalitiesOfOffer,
  modalityOfOrientation,
  MODALITY_LABELS,
  planFollowUps,
  toDayNumber,
  fromDayNumber,
} from "../../src/domain";

const base = { departement: "75", busy: [] as { start: string; end: string }[] };
const monthsOf = (dates: readonly string[]) => [...new Set(dates.map((d) => d.slice(0, 7)))];

describe("2025 portfolios: which modality", () => {
  it("France Travail: tandem first, else the intensity; another referent: none", () => {
    expect(modalityOfOrientation({ referent: "FRANCE_TRAVAIL", intensity: "INTENSIF", tandem: false })).toBe("INTENSIF");
    expect(modalityOfOrientation({ referent: "FRANCE_TRAVAIL", intensity: "AGILE", tandem: false })).toBe("AGILE");
    expect(modalityOfOrientation({ referent: "FRANCE_TRAVAIL", intensity: "INTENSIF", tandem: true })).toBe("TANDEM");
    expect(modalityOfOrientation({ referent: "MISSION_LOCALE", intensity: null, tandem: false })).toBeNull();
    expect(modalityOfOrientation({ referent: "CONSEIL_DEPARTEMENTAL", intensity: null, tandem: false })).toBeNull();
    expect(() => modalityOfOrientation({ referent: "FRANCE_TRAVAIL", intensity: null, tandem: false })).toThrow(/intensité/);
  });

  it("after the département's decision, France Travail's intensity follows the rules for the decided parcours", () => {
    expect(intensityAfterDepartementDecision({ parcours: "EMPLOI", referent: "FRANCE_TRAVAIL" }, 8)).toBe("INTENSIF");
    expect(intensityAfterDepartementDecision({ parcours: "EMPLOI", referent: "FRANCE_TRAVAIL" }, 4)).toBe("AGILE");
    expect(intensityAfterDepartementDecision({ parcours: "SOCIO_PROFESSIONNEL", referent: "FRANCE_TRAVAIL" }, 4)).toBe("INTENSIF");
    expect(intensityAfterDepartementDecision({ parcours: "SOCIAL", referent: "CONSEIL_DEPARTEMENTAL" }, 12)).toBeNull();
  });

  it("the seven modalities: 2014 ones for a 2014 agency, all for a 2025 one; new diagnostics use the offer's own", () => {
    expect(ALL_MODALITIES).toEqual(["SUIVI", "GUIDE", "RENFORCE", "GLOBAL", "INTENSIF", "AGILE", "TANDEM"]);
    expect(modalitiesOfOffer("OFFRE_2014")).toEqual(["SUIVI", "GUIDE", "RENFORCE", "GLOBAL"]);
    expect(modalitiesOfOffer("OFFRE_2025")).toEqual(ALL_MODALITIES);
    expect(modalitiesForNewDiagnostics("OFFRE_2014", false)).toEqual(["SUIVI", "GUIDE", "RENFORCE"]);
    expect(modalitiesForNewDiagnostics("OFFRE_2014", true)).toEqual(["SUIVI", "GUIDE", "RENFORCE", "GLOBAL"]);
    expect(modalitiesForNewDiagnostics("OFFRE_2025", false)).toEqual(["INTENSIF", "AGILE"]);
    expect(modalitiesForNewDiagnostics("OFFRE_2025", true)).toEqual(["INTENSIF", "AGILE", "TANDEM"]);
    expect([isModality("TANDEM"), isModality2014("TANDEM"), isModality2014("GLOBAL"), isModality("tandem")]).toEqual([true, false, true, false]);
    expect(MODALITY_LABELS.INTENSIF).toBe("Accompagnement intensif");
  });
});

describe("2025 portfolios: rhythm", () => {
  it("AGILE as guidé (agreed rhythm, 2 months by default); TANDEM and INTENSIF monthly", () => {
    expect([followUpRhythmMonths("AGILE"), followUpRhythmMonths("AGILE", 3), followUpRhythmMonths("TANDEM"), followUpRhythmMonths("INTENSIF")]).toEqual([
      2, 3, 1, 1,
    ]);
    const agile = planFollowUps({ ...base, decisionDate: "2026-03-02", modality: "AGILE", agreedRhythm: 3, horizonMonths: 12 });
    expect(agile.map((p) => p.targetDate)).toEqual(["2026-06-02", "2026-09-02", "2026-12-02", "2027-03-02"]);
  });

  it("TANDEM as global: the tripartite meeting the first month, monthly contacts, the social review at 6 months", () => {
    const tandem = planFollowUps({ ...base, decisionDate: "2026-03-02", modality: "TANDEM", horizonMonths: 7 });
    const global = planFollowUps({ ...base, decisionDate: "2026-03-02", modality: "GLOBAL", horizonMonths: 7 });
    expect(tandem.map((p) => [p.kind, p.targetDate])).toEqual(global.map((p) => [p.kind, p.targetDate]));
    expect(tandem[0]?.kind).toBe("JOINT_GLOBAL");
    expect(tandem.filter((p) => p.kind === "SOCIAL_REVIEW").map((p) => p.targetDate)).toEqual(["2026-09-02"]);
  });

  it("INTENSIF: two contacts in every calendar month, from the 1st and the 15th, after the decision", () => {
    const plan = planFollowUps({ ...base, decisionDate: "2026-03-02", modality: "INTENSIF", horizonMonths: 3 });
    expect(plan.map((p) => p.targetDate)).toEqual(["2026-03-03", "2026-03-15", "2026-04-01", "2026-04-15", "2026-05-01", "2026-05-15", "2026-06-01"]);
    // Each on a working day, in its own calendar month (15 March 2026 is a Sunday: Monday 16).
    const days = plan.map((p) => localDateOf(p.startsAt, "Europe/Paris"));
    expect(days.slice(0, 2)).toEqual(["2026-03-03", "2026-03-16"]);
    for (const month of ["2026-03", "2026-04", "2026-05"]) expect(intensiveContactsShortfall(days, month)).toBe(0);
  });

  it("INTENSIF: a mandatory review in a month is one of its two contacts", () => {
    const plan = planFollowUps({ ...base, decisionDate: "2026-03-02", modality: "INTENSIF", horizonMonths: 3, reviewDates: ["2026-04-20"] });
    const april = plan.filter((p) => p.targetDate.startsWith("2026-04")).map((p) => p.targetDate);
    expect(april).toEqual(["2026-04-01"]);
    expect(intensiveContactsShortfall([...plan.map((p) => localDateOf(p.startsAt, "Europe/Paris")), "2026-04-20"], "2026-04")).toBe(0);
  });

  it("INTENSIF (property): every full calendar month up to the horizon has two contacts planned, in that month", () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber("2026-01-01"), max: toDayNumber("2027-12-31") }), fc.integer({ min: 1, max: 6 }), (day, horizon) => {
        const decisionDate = fromDayNumber(day);
        const plan = planFollowUps({ ...base, decisionDate, modality: "INTENSIF", horizonMonths: horizon });
        const days = plan.map((p) => localDateOf(p.startsAt, "Europe/Paris"));
        const lastMonth = addMonths(decisionDate, horizon).slice(0, 7);
        const fullMonths = monthsOf(plan.map((p) => p.targetDate)).filter((m) => m > decisionDate.slice(0, 7) && m < lastMonth);
        for (const month of fullMonths) expect(intensiveContactsShortfall(days, month)).toBe(0);
        for (const p of plan) expect(p.targetDate > decisionDate).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
