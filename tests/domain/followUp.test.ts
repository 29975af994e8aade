import { describe, expect, it } from "vitest";
import { BusyCalendar, followUpRhythmMonths, planFollowUps, toLocalParts } from "../../src/domain";

describe("followUpRhythmMonths", () => {
  it("RENFORCE and GLOBAL monthly, GUIDE as agreed (default 2), SUIVI none", () => {
    expect(followUpRhythmMonths("RENFORCE")).toBe(1);
    expect(followUpRhythmMonths("GLOBAL")).toBe(1);
    expect(followUpRhythmMonths("GUIDE")).toBe(2);
    expect(followUpRhythmMonths("GUIDE", 1)).toBe(1);
    expect(followUpRhythmMonths("GUIDE", 3)).toBe(3);
    expect(followUpRhythmMonths("SUIVI")).toBeNull();
    expect(() => followUpRhythmMonths("GUIDE", 4 as never)).toThrow(/Rythme convenu invalide/);
  });
});

describe("planFollowUps", () => {
  const base = { decisionDate: "2026-03-02", departement: "75", busy: [] as { start: string; end: string }[] };

  it("SUIVI: nothing in person", () => {
    expect(planFollowUps({ ...base, modality: "SUIVI", horizonMonths: 12 })).toEqual([]);
  });

  it("GUIDE every 3 months over a year, each on the first free working-day slot from its target", () => {
    const plan = planFollowUps({ ...base, modality: "GUIDE", agreedRhythm: 3, horizonMonths: 12 });
    expect(plan.map((p) => [p.kind, p.targetDate, p.startsAt])).toEqual([
      ["FOLLOW_UP", "2026-06-02", "2026-06-02T11:30:00.000Z"],
      ["FOLLOW_UP", "2026-09-02", "2026-09-02T11:30:00.000Z"],
      ["FOLLOW_UP", "2026-12-02", "2026-12-02T12:30:00.000Z"],
      ["FOLLOW_UP", "2027-03-02", "2027-03-02T12:30:00.000Z"],
    ]);
    expect(plan[0]?.label).toBe("Entretien de suivi");
  });

  it("RENFORCE monthly; a target on a holiday or weekend moves to the next working day", () => {
    const plan = planFollowUps({ ...base, decisionDate: "2026-04-01", modality: "RENFORCE", horizonMonths: 2 });
    // 1 May (holiday, Friday) → Monday 4 May; 1 June is a Monday.
    expect(plan.map((p) => p.startsAt)).toEqual(["2026-05-04T11:30:00.000Z", "2026-06-01T11:30:00.000Z"]);
  });

  it("GLOBAL: joint meeting in the first month, monthly contacts, social-barrier review at 6 months", () => {
    const plan = planFollowUps({ ...base, modality: "GLOBAL", horizonMonths: 7 });
    expect(plan.map((p) => [p.kind, p.targetDate])).toEqual([
      ["JOINT_GLOBAL", "2026-03-03"],
      ["FOLLOW_UP", "2026-04-02"],
      ["FOLLOW_UP", "2026-05-02"],
      ["FOLLOW_UP", "2026-06-02"],
      ["FOLLOW_UP", "2026-07-02"],
      ["FOLLOW_UP", "2026-08-02"],
      ["SOCIAL_REVIEW", "2026-09-02"],
      ["FOLLOW_UP", "2026-10-02"],
    ]);
    expect(plan[0]?.startsAt).toBe("2026-03-03T12:30:00.000Z"); // 13:30 CET
    expect((plan[0]?.startsAt ?? "") < "2026-04-02").toBe(true);
    expect(plan[6]?.label).toBe("Bilan des freins sociaux (6 mois)");
  });

  it("never overlaps busy time nor its own bookings", () => {
    const busy = [{ start: "2026-04-02T11:30:00.000Z", end: "2026-04-02T14:30:00.000Z" }]; // all afternoon of 2 April
    const plan = planFollowUps({ ...base, modality: "GLOBAL", horizonMonths: 2, busy, durationMinutes: 60 });
    expect(plan.map((p) => p.startsAt)).toEqual([
      "2026-03-03T12:30:00.000Z",
      "2026-04-03T11:30:00.000Z", // 2 April full → Friday 3 April
      "2026-05-04T11:30:00.000Z",
    ]);
    // Two follow-ups competing for the same day take consecutive slots.
    const calendar = BusyCalendar.fromIntervals([]);
    const first = planFollowUps({ ...base, modality: "RENFORCE", horizonMonths: 1, busy: calendar });
    const second = planFollowUps({ ...base, modality: "RENFORCE", horizonMonths: 1, busy: calendar });
    expect(first[0]?.startsAt).toBe("2026-04-02T11:30:00.000Z");
    expect(second[0]?.startsAt).toBe("2026-04-02T12:00:00.000Z");
    expect(toLocalParts(second[0]?.startsAt ?? "", "Europe/Paris").time).toBe("14:00");
  });

  it("skips a follow-up whose period holds a mandatory review", () => {
    const plan = planFollowUps({ ...base, modality: "GUIDE", horizonMonths: 6, reviewDates: ["2026-07-10"] });
    // Targets 2 May, 2 July (period 2 July–1 September holds the review: skipped), 2 September.
    expect(plan.map((p) => p.targetDate)).toEqual(["2026-05-02", "2026-09-02"]);
  });

  it("validates the horizon", () => {
    expect(() => planFollowUps({ ...base, modality: "GUIDE", horizonMonths: -1 })).toThrow(/Horizon invalide/);
    expect(planFollowUps({ ...base, modality: "GLOBAL", horizonMonths: 0 })).toEqual([]);
  });
});
