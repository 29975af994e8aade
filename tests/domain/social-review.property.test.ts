/** The GLOBAL social-barrier review: due date and state (docs/rules.md#the-tandem-file). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysInMonth, fromDayNumber, parseDate, planFollowUps, socialReviewDueDate, socialReviewState, toDayNumber } from "@/domain";

const day = fc.integer({ min: toDayNumber("2020-01-01"), max: toDayNumber("2035-12-31") }).map(fromDayNumber);

describe("socialReviewDueDate", () => {
  it("is six months after the start, clamped to the month's last day", () => {
    expect(socialReviewDueDate("2026-01-15")).toBe("2026-07-15");
    expect(socialReviewDueDate("2026-08-31")).toBe("2027-02-28");
    expect(socialReviewDueDate("2027-08-31")).toBe("2028-02-29");
    expect(socialReviewDueDate("2026-12-31")).toBe("2027-06-30");
    expect(socialReviewDueDate("2026-03-31")).toBe("2026-09-30");
  });

  it("keeps the day of month when it exists, else the last day; always 181–184 days later", () => {
    fc.assert(
      fc.property(day, (start) => {
        const due = socialReviewDueDate(start);
        const [y, m, d] = parseDate(start);
        const [dy, dm, dd] = parseDate(due);
        expect(dy * 12 + dm - (y * 12 + m)).toBe(6);
        expect(dd).toBe(Math.min(d, daysInMonth(dy, dm)));
        const gap = toDayNumber(due) - toDayNumber(start);
        expect(gap).toBeGreaterThanOrEqual(181);
        expect(gap).toBeLessThanOrEqual(184);
      }),
    );
  });

  it("is where the planner searches the social review from at a GLOBAL decision", () => {
    const planned = planFollowUps({ modality: "GLOBAL", decisionDate: "2026-08-31", horizonMonths: 12, departement: "76", busy: [] });
    const review = planned.find((p) => p.kind === "SOCIAL_REVIEW");
    expect(review?.targetDate).toBe(socialReviewDueDate("2026-08-31"));
  });
});

describe("socialReviewState", () => {
  const globalStart = "2026-01-15";
  it("is to plan before the due date, overdue after it, with nothing booked", () => {
    expect(socialReviewState({ globalStart, today: "2026-07-15", appointments: [] })).toEqual({ state: "TO_PLAN", dueDate: "2026-07-15" });
    expect(socialReviewState({ globalStart, today: "2026-07-16", appointments: [] })).toEqual({ state: "OVERDUE", dueDate: "2026-07-15" });
  });

  it("is planned with a booked review, done once one is done, and ignores reviews before the start", () => {
    const planned = { status: "SCHEDULED" as const, date: "2026-07-20" };
    expect(socialReviewState({ globalStart, today: "2026-08-01", appointments: [planned] })).toEqual({
      state: "PLANNED",
      dueDate: "2026-07-15",
      on: "2026-07-20",
    });
    const done = { status: "DONE" as const, date: "2026-07-10" };
    expect(socialReviewState({ globalStart, today: "2026-08-01", appointments: [planned, done] })).toEqual({
      state: "DONE",
      dueDate: "2026-07-15",
      on: "2026-07-10",
    });
    const old = { status: "DONE" as const, date: "2025-12-01" };
    expect(socialReviewState({ globalStart, today: "2026-08-01", appointments: [old] }).state).toBe("OVERDUE");
    const cancelled = { status: "CANCELLED" as const, date: "2026-07-01" };
    expect(socialReviewState({ globalStart, today: "2026-07-01", appointments: [cancelled] }).state).toBe("TO_PLAN");
  });

  it("without a done or planned review, is overdue exactly when today is after the due date", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (start, after) => {
        const today = addDays(start, after);
        const state = socialReviewState({ globalStart: start, today, appointments: [{ status: "NO_SHOW", date: start }] });
        expect(state.state).toBe(toDayNumber(today) > toDayNumber(socialReviewDueDate(start)) ? "OVERDUE" : "TO_PLAN");
      }),
    );
  });
});
