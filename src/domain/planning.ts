/**
 * The planning horizon: how far from today a date a user sends may lie, and the era every stored appointment
 * lies in. A date far outside them is not a plan but a typo or an attack (a reschedule to 9999-12-31 once made a
 * calendar feed write 8 000 years of time-zone rules). docs/rules.md#planning-horizon
 */
import { addDays, compareDates, type IsoDate } from "./dates";

/** Days before and after today a requested date may lie: a month back (a form left open), two years ahead. */
export const PLANNING_HORIZON = Object.freeze({ pastDays: 31, futureDays: 730 });

/**
 * Every appointment starts on or after `from` and before `until` (a CHECK constraint of the database, which has no
 * « today »): no appointment of the service predates 2000, and a century ahead is beyond any plan.
 */
export const APPOINTMENT_ERA = Object.freeze({ from: "2000-01-01", until: "2100-01-01" });

/** The first and last dates a user may ask for, today being `today` (agency-local). */
export function planningHorizon(today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addDays(today, -PLANNING_HORIZON.pastDays), to: addDays(today, PLANNING_HORIZON.futureDays) };
}

export function withinPlanningHorizon(date: IsoDate, today: IsoDate): boolean {
  const { from, to } = planningHorizon(today);
  return compareDates(date, from) >= 0 && compareDates(date, to) <= 0;
}

/** True when `date` lies in the era the database accepts for appointments. */
export function withinAppointmentEra(date: IsoDate): boolean {
  return compareDates(date, APPOINTMENT_ERA.from) >= 0 && compareDates(date, APPOINTMENT_ERA.until) < 0;
}
