/**
 * First (diagnostic) interview: due within 28 calendar days of registration; late ones are flagged
 * (docs/rules.md#first-interview).
 */
import { addDays, daysBetween, type IsoDate, toDayNumber } from "./dates";

/** Default deadline of the first interview, in calendar days after registration. */
export const FIRST_INTERVIEW_DEADLINE_DAYS = 28;

function checkDeadline(deadlineDays: number): number {
  if (!Number.isInteger(deadlineDays) || deadlineDays < 0) {
    throw new Error(`Délai de premier entretien invalide : ${String(deadlineDays)} jours.`);
  }
  return deadlineDays;
}

/** Last day (inclusive) for the first interview: registration date + `deadlineDays` calendar days. */
export function firstInterviewDueDate(registrationDate: IsoDate, deadlineDays: number = FIRST_INTERVIEW_DEADLINE_DAYS): IsoDate {
  return addDays(registrationDate, checkDeadline(deadlineDays));
}

/** True when the seeker has not been interviewed and `today` is after the due date. */
export function isFirstInterviewLate(
  registrationDate: IsoDate,
  today: IsoDate,
  deadlineDays: number = FIRST_INTERVIEW_DEADLINE_DAYS,
  interviewed: boolean = false,
): boolean {
  const due = firstInterviewDueDate(registrationDate, deadlineDays);
  toDayNumber(today); // validates
  if (interviewed) return false;
  return toDayNumber(today) > toDayNumber(due);
}

/** Calendar days from registration to the first interview (the agency indicator). */
export function daysToFirstInterview(registrationDate: IsoDate, interviewDate: IsoDate): number {
  return daysBetween(registrationDate, interviewDate);
}

/** The range an agency may set its first-interview deadline in, in days. */
export const DEADLINE_MIN_DAYS = 1;
export const DEADLINE_MAX_DAYS = 90;

/**
 * The day the first interview is due from: the day the file entered the agency's queue (`queuedOn`, a transfer or a
 * reopening) when later than the registration, else the registration date.
 */
export function queueEntryDate(registrationDate: IsoDate, queuedOn: IsoDate | null | undefined): IsoDate {
  return queuedOn && toDayNumber(queuedOn) > toDayNumber(registrationDate) ? queuedOn : registrationDate;
}
