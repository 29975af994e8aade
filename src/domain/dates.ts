/**
 * Pure calendar-date arithmetic on `YYYY-MM-DD` strings (proleptic Gregorian calendar).
 *
 * Everything here is integer arithmetic on "day numbers" (days since 1970-01-01), never the
 * local-time methods of `Date`, so results do not depend on the process time zone.
 */

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;

/** Milliseconds in one day. */
export const MS_PER_DAY = 86_400_000;

/** True when `year` is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days of `month` (1–12) in `year`. */
export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** Day number (days since 1970-01-01) of a civil date; H. Hinnant's `days_from_civil`. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date `[year, month, day]` of a day number; H. Hinnant's `civil_from_days`. */
export function civilFromDays(dayNumber: number): [year: number, month: number, day: number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Digit value of the character at `i`, or NaN. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/** `[year, month, day]` of a valid `YYYY-MM-DD` string, or null (no regex: this sits in hot loops). */
function tryParseDate(value: unknown): [year: number, month: number, day: number] | null {
  if (typeof value !== "string" || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) {
    return null;
  }
  const year = digitAt(value, 0) * 1000 + digitAt(value, 1) * 100 + digitAt(value, 2) * 10 + digitAt(value, 3);
  const month = digitAt(value, 5) * 10 + digitAt(value, 6);
  const day = digitAt(value, 8) * 10 + digitAt(value, 9);
  // NaN fails every comparison below.
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return null;
  return [year, month, day];
}

/** True when `value` is a real calendar date written `YYYY-MM-DD` (e.g. rejects 2026-02-30). */
export function isValidDate(value: unknown): value is IsoDate {
  return tryParseDate(value) !== null;
}

/** Parses a `YYYY-MM-DD` date into `[year, month, day]`; throws a clear Error when invalid. */
export function parseDate(value: string): [year: number, month: number, day: number] {
  const parts = tryParseDate(value);
  if (parts === null) throw new Error(`Date invalide : « ${String(value)} » (format attendu AAAA-MM-JJ).`);
  return parts;
}

/** Formats civil parts as `YYYY-MM-DD` (years 0000–9999). */
function formatDate(year: number, month: number, day: number): IsoDate {
  if (!Number.isInteger(year) || year < 0 || year > 9999) {
    throw new RangeError(`Année hors limites : ${year}.`);
  }
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date; throws when invalid. */
export function toDayNumber(date: IsoDate): number {
  const [y, m, d] = parseDate(date);
  return daysFromCivil(y, m, d);
}

/** `YYYY-MM-DD` date of a day number. */
export function fromDayNumber(dayNumber: number): IsoDate {
  const [y, m, d] = civilFromDays(dayNumber);
  return formatDate(y, m, d);
}

/** Adds `days` (may be negative) calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Nombre de jours non entier : ${days}.`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** Adds `months` (may be negative) calendar months, clamping to the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`Nombre de mois non entier : ${months}.`);
  const [y, m, d] = parseDate(date);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return formatDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Day of week of a day number: 0 = Sunday, 1 = Monday … 6 = Saturday. */
export function dayOfWeekOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Day of week: 0 = Sunday, 1 = Monday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return dayOfWeekOfDayNumber(toDayNumber(date));
}

/** Compares two dates: negative, 0 or positive (also valid as an `Array.prototype.sort` comparator). */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

/** Number of calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

/**
 * Age in whole years on `onDate` of a person born on `birthDate`: the birthday counts from its own day; someone born
 * on 29 February gets a year older on 1 March in a common year. Throws when a date is invalid or `onDate` precedes
 * the birth.
 */
export function ageYearsOn(birthDate: IsoDate, onDate: IsoDate): number {
  const [by, bm, bd] = parseDate(birthDate);
  const [y, m, d] = parseDate(onDate);
  if (daysFromCivil(y, m, d) < daysFromCivil(by, bm, bd)) {
    throw new RangeError(`Date antérieure à la naissance : ${onDate} (naissance le ${birthDate}).`);
  }
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
