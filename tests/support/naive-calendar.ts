/**
 * The property tests' naive oracle of the calendar rules (docs/rules.md): a day-by-day, slot-by-slot scan and a linear
 * overlap test against every busy interval, read literally. Only the calendar primitives of the domain (tested
 * elsewhere) are shared with the code under test.
 */
import { addDays, type AgencyHours, isWorkingDay, localToInstant, timeZoneOf } from "../../src/domain";

/** Minutes since midnight of a `HH:MM` time. */
export const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The `HH:MM` time of minutes since midnight. */
export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** A busy interval in epoch milliseconds. */
export type Interval = { start: number; end: number };

/**
 * The start (epoch milliseconds) of the first slot of `duration` minutes on the agency's grid, on a working day of the
 * département from `from` to `to` (local dates), that overlaps no busy interval; null if there is none.
 */
export function naiveFirstFree(departement: string, from: string, to: string, hours: AgencyHours, duration: number, busy: Interval[]): number | null {
  const zone = timeZoneOf(departement);
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (!isWorkingDay(day, departement)) continue;
    for (let m = toMinutes(hours.start); m + duration <= toMinutes(hours.end); m += hours.slotMinutes) {
      const start = Date.parse(localToInstant(day, hhmm(m), zone));
      const end = start + duration * 60_000;
      if (busy.every((b) => b.end <= start || b.start >= end)) return start;
    }
  }
  return null;
}
