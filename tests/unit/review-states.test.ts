/**
 * The review cut-off dates the database queries filter by (src/server/queries/review-states.ts): for any today, which
 * registration dates have their M4 window over, their M9 window open or over — the same answer as the domain's windows.
 */
import { describe, expect, it } from "vitest";
import { fromDayNumber, reviewWindows, toDayNumber } from "@/domain";
import { reviewCutoffs } from "@/server/queries/review-states";

describe("review cut-off dates", () => {
  it("agree with the domain's review windows for every day of 2024–2028", () => {
    const mismatches: string[] = [];
    for (let t = toDayNumber("2024-01-01"); t <= toDayNumber("2028-12-31"); t++) {
      const today = fromDayNumber(t);
      const cutoffs = reviewCutoffs(today);
      for (let r = t - 320; r <= t - 80; r++) {
        const registration = fromDayNumber(r);
        const windows = reviewWindows(registration);
        if (windows.M4.to < today !== registration <= cutoffs.m4Closed) mismatches.push(`${today} ${registration} M4 closed`);
        if (windows.M9.from <= today !== registration <= cutoffs.m9Open) mismatches.push(`${today} ${registration} M9 open`);
        if (windows.M9.to < today !== registration <= cutoffs.m9Closed) mismatches.push(`${today} ${registration} M9 closed`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    // A sample worked by hand: on 2026-11-18, M4 is over for R ≤ 2026-07-18 (window ends 11-17), M9 opens for
    // R ≤ 2026-03-18, M9 is over for R ≤ 2026-02-18.
    expect(reviewCutoffs("2026-11-18")).toEqual({ m4Closed: "2026-07-18", m9Open: "2026-03-18", m9Closed: "2026-02-18" });
    // 2025-06-30: M4 over for R ≤ 2025-02-28 (R = 2025-03-01 ends 06-30); with the clamp, R 02-28 ends 06-27.
    expect(reviewCutoffs("2025-06-30").m4Closed).toBe("2025-02-28");
  });
});
