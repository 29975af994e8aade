/**
 * Reminders before an appointment (docs/rules.md#reminders). An agency sends them `daysBefore` days ahead (0: none):
 * an appointment is due a reminder while its local date (the agency's time zone) is within the window
 * today < date ≤ today + daysBefore, if it is still SCHEDULED and was booked before its window opened — an
 * appointment booked (or moved) inside the window has just had its convocation (or change notice), which says the
 * same. One reminder per appointment and start: the outbox's key `reminderKey` makes a second run write nothing.
 *
 * Quiet hours: a reminder is delivered between 09:00 and 20:00, local time; one queued at night waits for the morning,
 * unless the morning is too close to the appointment (then it goes now).
 */
import { addDays, type IsoDate, toDayNumber } from "./dates";
import { formatInstant, type IsoInstant, parseInstant } from "./instants";
import { localDateOf, localToEpochMs, zoneClock } from "./timezones";

/** The bounds of the agency setting `reminderDaysBefore` (0: no reminders). */
export const REMINDER_DAYS_BOUNDS = Object.freeze({ min: 0, max: 14 });

/** The bounds of the agency setting `closedFileRetentionMonths` (docs/rules.md#retention). */
export const CLOSED_FILE_RETENTION_BOUNDS = Object.freeze({ min: 1, max: 120 });

/** Reminders are delivered from 09:00 to 20:00, local time. */
export const REMINDER_QUIET_HOURS = Object.freeze({ from: "20:00", to: "09:00" });

/** A reminder deferred to the morning must still arrive this long before the appointment, or it goes at once. */
const MORNING_MARGIN_MS = 2 * 3_600_000;

export interface ReminderCandidate {
  readonly status: string;
  readonly startsAt: IsoInstant;
  /** When the appointment (this row) was booked. */
  readonly bookedAt: IsoInstant;
}

export interface ReminderPolicy {
  /** Days before the appointment the reminder goes (0: the agency sends none). */
  readonly daysBefore: number;
  /** The agency's IANA time zone. */
  readonly timeZone: string;
}

/** The local dates whose appointments are reminded today: (today, today + daysBefore]; null when the agency sends none. */
export function reminderWindow(today: IsoDate, daysBefore: number): { after: IsoDate; through: IsoDate } | null {
  if (!(daysBefore >= 1)) return null;
  return { after: today, through: addDays(today, daysBefore) };
}

/** The instant the reminder window of an appointment on local `date` opens: local midnight, `daysBefore` days before. */
export function reminderWindowOpensAt(date: IsoDate, daysBefore: number, timeZone: string): number {
  return localToEpochMs(addDays(date, -daysBefore), "00:00", timeZone);
}

/** True when `appointment` is due its reminder at `now` under the agency's `policy`. */
export function reminderDue(appointment: ReminderCandidate, policy: ReminderPolicy, now: IsoInstant): boolean {
  if (appointment.status !== "SCHEDULED") return false;
  const today = localDateOf(now, policy.timeZone);
  const window = reminderWindow(today, policy.daysBefore);
  if (window === null) return false;
  const date = localDateOf(appointment.startsAt, policy.timeZone);
  const day = toDayNumber(date);
  if (!(day > toDayNumber(window.after) && day <= toDayNumber(window.through))) return false;
  return parseInstant(appointment.bookedAt) < reminderWindowOpensAt(date, policy.daysBefore, policy.timeZone);
}

/**
 * The outbox key of an appointment's reminder for one start and one advisor (the channel is appended by the outbox):
 * an appointment handed to another advisor gets a new reminder naming them, its old one being cancelled.
 */
export function reminderKey(appointmentId: string, startsAt: IsoInstant, advisorId: string): string {
  return `REMINDER:${appointmentId}:${formatInstant(parseInstant(startsAt))}:${advisorId}`;
}

/**
 * When a reminder queued at `now` is delivered: now, between 09:00 and 20:00 local time; otherwise the next 09:00,
 * unless that is less than two hours before the appointment (then now). Never before `now`.
 */
export function reminderSendAt(now: IsoInstant, startsAt: IsoInstant, timeZone: string): IsoInstant {
  const nowMs = parseInstant(now);
  const { msOfDay } = zoneClock(timeZone).epochToLocal(nowMs);
  const minutes = Math.floor(msOfDay / 60_000);
  if (minutes >= 9 * 60 && minutes < 20 * 60) return formatInstant(nowMs);
  const today = localDateOf(now, timeZone);
  const morningDate = minutes < 9 * 60 ? today : addDays(today, 1);
  const morning = localToEpochMs(morningDate, "09:00", timeZone);
  if (morning <= nowMs || morning > parseInstant(startsAt) - MORNING_MARGIN_MS) return formatInstant(nowMs);
  return formatInstant(morning);
}
