import { describe, expect, it } from "vitest";
import {
  countWorkingDays,
  DEPARTEMENTS,
  easterSunday,
  isPublicHoliday,
  isValidDepartement,
  isWorkingDay,
  nextWorkingDay,
  publicHolidayName,
  publicHolidays,
  territoryOf,
} from "../../src/domain";

/**
 * Public holidays of metropolitan France, as published (service-public.fr calendars), written literally.
 * Easter-based: Easter Monday, Ascension Thursday, Whit Monday.
 */
const METRO: Record<number, string[]> = {
  2024: [
    "2024-01-01",
    "2024-04-01",
    "2024-05-01",
    "2024-05-08",
    "2024-05-09",
    "2024-05-20",
    "2024-07-14",
    "2024-08-15",
    "2024-11-01",
    "2024-11-11",
    "2024-12-25",
  ],
  2025: [
    "2025-01-01",
    "2025-04-21",
    "2025-05-01",
    "2025-05-08",
    "2025-05-29",
    "2025-06-09",
    "2025-07-14",
    "2025-08-15",
    "2025-11-01",
    "2025-11-11",
    "2025-12-25",
  ],
  2026: [
    "2026-01-01",
    "2026-04-06",
    "2026-05-01",
    "2026-05-08",
    "2026-05-14",
    "2026-05-25",
    "2026-07-14",
    "2026-08-15",
    "2026-11-01",
    "2026-11-11",
    "2026-12-25",
  ],
  2027: [
    "2027-01-01",
    "2027-03-29",
    "2027-05-01",
    "2027-05-06",
    "2027-05-08",
    "2027-05-17",
    "2027-07-14",
    "2027-08-15",
    "2027-11-01",
    "2027-11-11",
    "2027-12-25",
  ],
  2028: [
    "2028-01-01",
    "2028-04-17",
    "2028-05-01",
    "2028-05-08",
    "2028-05-25",
    "2028-06-05",
    "2028-07-14",
    "2028-08-15",
    "2028-11-01",
    "2028-11-11",
    "2028-12-25",
  ],
  2029: [
    "2029-01-01",
    "2029-04-02",
    "2029-05-01",
    "2029-05-08",
    "2029-05-10",
    "2029-05-21",
    "2029-07-14",
    "2029-08-15",
    "2029-11-01",
    "2029-11-11",
    "2029-12-25",
  ],
  2030: [
    "2030-01-01",
    "2030-04-22",
    "2030-05-01",
    "2030-05-08",
    "2030-05-30",
    "2030-06-10",
    "2030-07-14",
    "2030-08-15",
    "2030-11-01",
    "2030-11-11",
    "2030-12-25",
  ],
};

/** Good Friday, as published, for Alsace-Moselle. */
const GOOD_FRIDAY: Record<number, string> = {
  2024: "2024-03-29",
  2025: "2025-04-18",
  2026: "2026-04-03",
  2027: "2027-03-26",
  2028: "2028-04-14",
  2029: "2029-03-30",
  2030: "2030-04-19",
};

const dates = (year: number, dep: string): string[] => publicHolidays(year, dep).map((h) => h.date);
const sorted = (list: string[]): string[] => [...list].sort();

describe("public holidays", () => {
  it("computes Gregorian Easter, including the extreme dates", () => {
    expect(easterSunday(2024)).toBe("2024-03-31");
    expect(easterSunday(2025)).toBe("2025-04-20");
    expect(easterSunday(2026)).toBe("2026-04-05");
    expect(easterSunday(2027)).toBe("2027-03-28");
    expect(easterSunday(2028)).toBe("2028-04-16");
    expect(easterSunday(2029)).toBe("2029-04-01");
    expect(easterSunday(2030)).toBe("2030-04-21");
    expect(easterSunday(1818)).toBe("1818-03-22"); // earliest possible
    expect(easterSunday(2285)).toBe("2285-03-22");
    expect(easterSunday(1943)).toBe("1943-04-25"); // latest possible
    expect(easterSunday(2038)).toBe("2038-04-25");
    expect(easterSunday(2000)).toBe("2000-04-23");
  });

  it.each(Object.keys(METRO).map(Number))("metropolitan France %i matches the published table", (year) => {
    for (const dep of ["75", "01", "13", "2A", "2B", "95", "59"]) {
      expect(dates(year, dep)).toEqual(METRO[year]);
    }
  });

  it.each(Object.keys(METRO).map(Number))("Alsace-Moselle %i adds Good Friday and 26 December", (year) => {
    const expected = sorted([...(METRO[year] ?? []), GOOD_FRIDAY[year] ?? "", `${year}-12-26`]);
    for (const dep of ["57", "67", "68"]) expect(dates(year, dep)).toEqual(expected);
    expect(isPublicHoliday(GOOD_FRIDAY[year] ?? "", "75")).toBe(false);
    expect(isPublicHoliday(`${year}-12-26`, "75")).toBe(false);
  });

  it.each([
    ["971", "05-27"],
    ["972", "05-22"],
    ["973", "06-10"],
    ["974", "12-20"],
    ["976", "04-27"],
  ])("overseas %s adds the abolition of slavery on %s", (dep, monthDay) => {
    for (const year of [2024, 2026, 2028, 2030]) {
      const expected = sorted([...new Set([...(METRO[year] ?? []), `${year}-${monthDay}`])]);
      expect(dates(year, dep)).toEqual(expected);
      expect(publicHolidayName(`${year}-${monthDay}`, dep)).toMatch(/Abolition de l'esclavage$/);
      // Not a holiday in metropolitan France (unless it coincides with one there, like Whit Monday 2030).
      expect(isPublicHoliday(`${year}-${monthDay}`, "75")).toBe((METRO[year] ?? []).includes(`${year}-${monthDay}`));
    }
    // No Alsace-Moselle holidays overseas.
    expect(isPublicHoliday("2026-04-03", dep)).toBe(false);
    expect(isPublicHoliday("2026-12-26", dep)).toBe(false);
  });

  it("names holidays in French and merges coinciding ones", () => {
    expect(publicHolidayName("2026-04-06", "75")).toBe("Lundi de Pâques");
    expect(publicHolidayName("2026-05-14", "75")).toBe("Ascension");
    expect(publicHolidayName("2026-05-25", "75")).toBe("Lundi de Pentecôte");
    expect(publicHolidayName("2026-04-03", "57")).toBe("Vendredi saint");
    expect(publicHolidayName("2026-03-10", "75")).toBeNull();
    // 2030: Whit Monday falls on 10 June, Guyane's abolition day.
    expect(publicHolidayName("2030-06-10", "973")).toBe("Lundi de Pentecôte et Abolition de l'esclavage");
    expect(publicHolidays(2030, "973")).toHaveLength(11);
    expect(publicHolidayName("2026-06-10", "973")).toBe("Abolition de l'esclavage");
    // 2008: Ascension fell on 1 May.
    expect(publicHolidays(2008, "75")).toHaveLength(10);
    expect(publicHolidayName("2008-05-01", "75")).toBe("Fête du Travail et Ascension");
  });

  it("returns the same cached list for the same year and territory", () => {
    expect(publicHolidays(2027, "75")).toBe(publicHolidays(2027, "13"));
    expect(publicHolidays(2027, "75")).not.toBe(publicHolidays(2027, "57"));
  });
});

describe("working days", () => {
  it("is Monday to Friday minus the holidays of the territory", () => {
    expect(isWorkingDay("2026-03-10", "75")).toBe(true); // Tuesday
    expect(isWorkingDay("2026-03-14", "75")).toBe(false); // Saturday
    expect(isWorkingDay("2026-03-15", "75")).toBe(false); // Sunday
    expect(isWorkingDay("2026-04-06", "75")).toBe(false); // Easter Monday
    expect(isWorkingDay("2026-05-01", "2A")).toBe(false);
    expect(isWorkingDay("2026-04-03", "75")).toBe(true); // Good Friday, outside Alsace-Moselle
    expect(isWorkingDay("2026-04-03", "67")).toBe(false);
    expect(isWorkingDay("2029-12-26", "68")).toBe(false);
    expect(isWorkingDay("2029-12-26", "69")).toBe(true);
    expect(isWorkingDay("2026-05-27", "971")).toBe(false);
    expect(isWorkingDay("2026-05-27", "972")).toBe(true);
    expect(isWorkingDay("2026-05-22", "972")).toBe(false);
    expect(isWorkingDay("2026-06-10", "973")).toBe(false);
    expect(isWorkingDay("2027-12-20", "974")).toBe(false);
    expect(isWorkingDay("2027-12-20", "75")).toBe(true);
    expect(isWorkingDay("2026-04-27", "976")).toBe(false);
    // Holidays on a weekend are simply non-working.
    expect(isWorkingDay("2026-11-01", "75")).toBe(false);
  });

  it("finds the next working day and counts working days", () => {
    expect(nextWorkingDay("2026-05-01", "75")).toBe("2026-05-04");
    expect(nextWorkingDay("2026-04-03", "57")).toBe("2026-04-07");
    expect(nextWorkingDay("2026-03-10", "75")).toBe("2026-03-10");
    expect(countWorkingDays("2026-05-01", "2026-05-31", "75")).toBe(17);
    expect(countWorkingDays("2026-05-31", "2026-05-01", "75")).toBe(0);
  });

  it("agrees between the cached path and many years", () => {
    for (let year = 2024; year <= 2030; year += 1) {
      for (const d of METRO[year] ?? []) expect(isWorkingDay(d, "75")).toBe(false);
    }
    // Far years still work (outside the memo range).
    expect(isWorkingDay("2301-01-01", "75")).toBe(false);
    expect(isWorkingDay("1890-07-14", "75")).toBe(false);
  });
});

describe("départements", () => {
  it("lists the 101 départements and maps territories", () => {
    expect(DEPARTEMENTS).toHaveLength(101);
    expect(DEPARTEMENTS[0]).toBe("01");
    expect(DEPARTEMENTS.slice(18, 22)).toEqual(["19", "2A", "2B", "21"]);
    expect(territoryOf("57")).toBe("ALSACE_MOSELLE");
    expect(territoryOf("2B")).toBe("METRO");
    expect(territoryOf("976")).toBe("976");
  });

  it("throws a clear error on unknown codes", () => {
    for (const bad of ["20", "00", "96", "975", "977", "2a", "7", "075", "", "Paris"]) {
      expect(isValidDepartement(bad)).toBe(false);
      expect(() => isWorkingDay("2026-03-10", bad)).toThrow(/Département inconnu/);
      expect(() => publicHolidays(2026, bad)).toThrow(/Département inconnu/);
    }
  });
});
