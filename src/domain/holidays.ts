/**
 * Public holidays and working days of each territory (docs/rules.md#working-days).
 */
import { civilFromDays, dayOfWeekOfDayNumber, daysFromCivil, fromDayNumber, type IsoDate, toDayNumber } from "./dates";
import { type Territory, territoryOf } from "./territories";

/** One public holiday. */
export interface PublicHoliday {
  date: IsoDate;
  /** French name, e.g. « Lundi de Pâques ». */
  name: string;
}

/** Gregorian Easter Sunday of `year` as a day number (anonymous Gregorian computus, Meeus/Jones/Butcher). */
function easterDayNumber(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Année invalide pour le calendrier grégorien : ${year}.`);
  }
}

/** Gregorian Easter Sunday of `year` (1583–9999). */
export function easterSunday(year: number): IsoDate {
  assertYear(year);
  return fromDayNumber(easterDayNumber(year));
}

const ABOLITION = "Abolition de l'esclavage";

/** Fixed-date holidays specific to each overseas territory: [month, day]. */
const OVERSEAS_ABOLITION: Partial<Record<Territory, readonly [number, number]>> = {
  "971": [5, 27],
  "972": [5, 22],
  "973": [6, 10],
  "974": [12, 20],
  "976": [4, 27],
};

interface YearHolidays {
  list: readonly PublicHoliday[];
  days: ReadonlySet<number>;
}

const holidayCache = new Map<string, YearHolidays>();

function holidaysOf(year: number, territory: Territory): YearHolidays {
  const key = `${territory}:${year}`;
  const cached = holidayCache.get(key);
  if (cached !== undefined) return cached;
  assertYear(year);
  const easter = easterDayNumber(year);
  const entries: [number, string][] = [
    [daysFromCivil(year, 1, 1), "Jour de l'an"],
    [easter + 1, "Lundi de Pâques"],
    [daysFromCivil(year, 5, 1), "Fête du Travail"],
    [daysFromCivil(year, 5, 8), "Victoire 1945"],
    [easter + 39, "Ascension"],
    [easter + 50, "Lundi de Pentecôte"],
    [daysFromCivil(year, 7, 14), "Fête nationale"],
    [daysFromCivil(year, 8, 15), "Assomption"],
    [daysFromCivil(year, 11, 1), "Toussaint"],
    [daysFromCivil(year, 11, 11), "Armistice 1918"],
    [daysFromCivil(year, 12, 25), "Noël"],
  ];
  if (territory === "ALSACE_MOSELLE") {
    entries.push([easter - 2, "Vendredi saint"], [daysFromCivil(year, 12, 26), "Saint-Étienne"]);
  }
  const abolition = OVERSEAS_ABOLITION[territory];
  if (abolition !== undefined) entries.push([daysFromCivil(year, abolition[0], abolition[1]), ABOLITION]);

  // Two holidays may fall on the same day (e.g. Ascension on 1 or 8 May): keep one entry, both names.
  const byDay = new Map<number, string>();
  for (const [day, name] of entries) {
    const existing = byDay.get(day);
    byDay.set(day, existing === undefined ? name : `${existing} et ${name}`);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const result: YearHolidays = {
    list: Object.freeze(days.map((d) => Object.freeze({ date: fromDayNumber(d), name: byDay.get(d) ?? "" }))),
    days: new Set(days),
  };
  holidayCache.set(key, result);
  return result;
}

/** Public holidays of `year` in the territory of `departement`, sorted by date (cached per year and territory). */
export function publicHolidays(year: number, departement: string): readonly PublicHoliday[] {
  return holidaysOf(year, territoryOf(departement)).list;
}

/** True when `date` is a public holiday in the territory of `departement`. */
export function isPublicHoliday(date: IsoDate, departement: string): boolean {
  const territory = territoryOf(departement);
  const day = toDayNumber(date);
  return holidaysOf(civilFromDays(day)[0], territory).days.has(day);
}

/** French name of the public holiday on `date` in the territory of `departement`, or null. */
export function publicHolidayName(date: IsoDate, departement: string): string | null {
  const territory = territoryOf(departement);
  const day = toDayNumber(date);
  const year = civilFromDays(day)[0];
  if (!holidaysOf(year, territory).days.has(day)) return null;
  return holidaysOf(year, territory).list.find((h) => h.date === date)?.name ?? null;
}

// ---------------------------------------------------------------------------------------------
// Fast working-day lookup by day number, memoised in one typed array per territory.

const CACHE_FIRST_DAY = daysFromCivil(1900, 1, 1);
const CACHE_LAST_DAY = daysFromCivil(2200, 12, 31);
// 0 = not computed yet.
const WORKING = 1;
const NOT_WORKING = 2;
const workingDayCache = new Map<Territory, Int8Array>();

function computeWorkingDay(dayNumber: number, territory: Territory): boolean {
  const dow = dayOfWeekOfDayNumber(dayNumber);
  if (dow === 0 || dow === 6) return false;
  return !holidaysOf(civilFromDays(dayNumber)[0], territory).days.has(dayNumber);
}

/** Working-day test on a day number (days since 1970-01-01) for a territory; memoised, for hot loops. */
export function isWorkingDayNumber(dayNumber: number, territory: Territory): boolean {
  if (dayNumber < CACHE_FIRST_DAY || dayNumber > CACHE_LAST_DAY) return computeWorkingDay(dayNumber, territory);
  let cache = workingDayCache.get(territory);
  if (cache === undefined) {
    cache = new Int8Array(CACHE_LAST_DAY - CACHE_FIRST_DAY + 1);
    workingDayCache.set(territory, cache);
  }
  const index = dayNumber - CACHE_FIRST_DAY;
  const state = cache[index];
  if (state === WORKING) return true;
  if (state === NOT_WORKING) return false;
  const working = computeWorkingDay(dayNumber, territory);
  cache[index] = working ? WORKING : NOT_WORKING;
  return working;
}

// ---------------------------------------------------------------------------------------------
// Agency closure days (docs/rules.md#agency-closure-days): days an agency is closed to the public (a « jour de tri »).
// They take part in the one working-day rule of the slot searches: a day is open when it is a working day of the
// territory and not one of the agency's closure days.

/** An agency's closure days, as day numbers (days since 1970-01-01). */
export type ClosureDays = ReadonlySet<number>;

/** No closure day. */
export const NO_CLOSURES: ClosureDays = Object.freeze(new Set<number>()) as ClosureDays;

/** The closure days of a list of local dates (validated). */
export function closureDays(dates: readonly IsoDate[] | undefined): ClosureDays {
  if (dates === undefined || dates.length === 0) return NO_CLOSURES;
  return new Set(dates.map(toDayNumber));
}

/** The agency is open to the public on this day: a working day of its territory and not one of its closure days. */
export function isOpenDayNumber(dayNumber: number, territory: Territory, closures: ClosureDays = NO_CLOSURES): boolean {
  return isWorkingDayNumber(dayNumber, territory) && !closures.has(dayNumber);
}

/** True when `date` is a working day of the territory of `departement` and not one of the agency's `closures`. */
export function isAgencyOpenDay(date: IsoDate, departement: string, closures: readonly IsoDate[] = []): boolean {
  return isOpenDayNumber(toDayNumber(date), territoryOf(departement), closureDays(closures));
}

/** True when `date` is Monday–Friday and not a public holiday of the territory of `departement`. */
export function isWorkingDay(date: IsoDate, departement: string): boolean {
  const territory = territoryOf(departement);
  return isWorkingDayNumber(toDayNumber(date), territory);
}

/** The first working day on or after `date` in the territory of `departement`. */
export function nextWorkingDay(date: IsoDate, departement: string): IsoDate {
  const territory = territoryOf(departement);
  let day = toDayNumber(date);
  while (!isWorkingDayNumber(day, territory)) day += 1;
  return fromDayNumber(day);
}

/** Number of working days from `from` to `to`, both inclusive (0 when `to` < `from`). */
export function countWorkingDays(from: IsoDate, to: IsoDate, departement: string): number {
  const territory = territoryOf(departement);
  let count = 0;
  for (let day = toDayNumber(from), last = toDayNumber(to); day <= last; day += 1) {
    if (isWorkingDayNumber(day, territory)) count += 1;
  }
  return count;
}
