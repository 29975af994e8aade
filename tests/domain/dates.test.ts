import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  compareDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isLeapYear,
  isValidDate,
  maxDate,
  minDate,
  parseDate,
  toDayNumber,
} from "../../src/domain";

describe("calendar dates", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-01-15", 28)).toBe("2026-02-12");
    expect(addDays("2026-01-15", 0)).toBe("2026-01-15");
  });

  it("adds months clamping to the last day of the month", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2026-08-31", 1)).toBe("2026-09-30");
    expect(addMonths("2026-10-31", 4)).toBe("2027-02-28");
    expect(addMonths("2027-10-31", 4)).toBe("2028-02-29");
    expect(addMonths("2028-02-29", 12)).toBe("2029-02-28");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-15", -13)).toBe("2024-12-15");
  });

  it("gives the day of week (0 = Sunday)", () => {
    expect(dayOfWeek("2026-03-10")).toBe(2); // Tuesday
    expect(dayOfWeek("2026-03-29")).toBe(0); // last Sunday of March 2026
    expect(dayOfWeek("2026-10-25")).toBe(0); // last Sunday of October 2026
    expect(dayOfWeek("2000-01-01")).toBe(6); // Saturday
    expect(dayOfWeek("1970-01-01")).toBe(4); // Thursday
    expect(dayOfWeek("1969-12-31")).toBe(3); // Wednesday (negative day numbers)
  });

  it("compares and measures dates", () => {
    expect(compareDates("2026-03-10", "2026-03-11")).toBeLessThan(0);
    expect(compareDates("2026-03-10", "2026-03-10")).toBe(0);
    expect(compareDates("2027-01-01", "2026-12-31")).toBeGreaterThan(0);
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(maxDate("2026-03-10", "2026-01-10")).toBe("2026-03-10");
    expect(minDate("2026-03-10", "2026-01-10")).toBe("2026-01-10");
    expect(["2026-03-10", "2025-12-31", "2026-01-01"].sort(compareDates)).toEqual(["2025-12-31", "2026-01-01", "2026-03-10"]);
  });

  it("knows leap years and month lengths", () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2026)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it("refuses invalid dates with a clear error", () => {
    for (const bad of ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "20260101", "2026-01-01T00:00", "", "abcd-ef-gh"]) {
      expect(isValidDate(bad)).toBe(false);
      expect(() => parseDate(bad)).toThrow(/Date invalide/);
      expect(() => addDays(bad, 1)).toThrow(/Date invalide/);
    }
    expect(isValidDate("2028-02-29")).toBe(true);
    expect(isValidDate(20260101)).toBe(false);
    expect(() => addMonths("2026-01-01", 1.5)).toThrow();
  });

  it("agrees with Date.UTC on day numbers (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 2_900_000 }), (n) => {
        const date = fromDayNumber(n);
        const utc = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(date).toBe(utc);
        expect(toDayNumber(date)).toBe(n);
        expect(dayOfWeek(date)).toBe(new Date(n * 86_400_000).getUTCDay());
      }),
      { numRuns: 2000 },
    );
  });

  it("addMonths keeps the day or clamps it to the month end (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: -240, max: 240 }), (n, months) => {
        const date = fromDayNumber(n);
        const [y, m, d] = parseDate(date);
        const [ry, rm, rd] = parseDate(addMonths(date, months));
        expect(ry * 12 + rm - (y * 12 + m)).toBe(months);
        expect(rd).toBe(Math.min(d, daysInMonth(ry, rm)));
      }),
      { numRuns: 2000 },
    );
  });
});
