/**
 * Conversations between a seeker and their advisor (docs/rules.md#conversations): the length of a message and the
 * advisor's reply deadline, counted in the agency's open days (the one working-day rule of the scheduling:
 * `isOpenDayNumber`, public holidays of the territory and the agency's closure days excluded).
 */
import { fromDayNumber, toDayNumber, type IsoDate } from "./dates";
import { closureDays, isOpenDayNumber } from "./holidays";
import type { IsoInstant } from "./instants";
import { territoryOf } from "./territories";
import { localDateOf, timeZoneOf } from "./timezones";

/** The longest message, in characters. */
export const MESSAGE_MAX_LENGTH = 2000;
/** Bounds of the agency's reply deadline, in working days. */
export const MESSAGE_REPLY_DAYS_BOUNDS = Object.freeze({ min: 1, max: 10 });
/** Messages one person may send in `MESSAGE_RATE_WINDOW_MINUTES` at most. */
export const MESSAGE_RATE_LIMIT = 10;
export const MESSAGE_RATE_WINDOW_MINUTES = 10;

/**
 * The last day the advisor has to answer a seeker's message received at `receivedAt`: the `workingDays`-th open day
 * of the agency after the local day it arrived (a message of Friday evening with 2 days: Tuesday).
 */
export function replyDeadline(input: { receivedAt: IsoInstant; workingDays: number; departement: string; closures?: readonly IsoDate[] }): IsoDate {
  const { workingDays, departement } = input;
  if (!Number.isInteger(workingDays) || workingDays < MESSAGE_REPLY_DAYS_BOUNDS.min || workingDays > MESSAGE_REPLY_DAYS_BOUNDS.max) {
    throw new Error(`Délai de réponse invalide : ${String(workingDays)} jours ouvrés.`);
  }
  const territory = territoryOf(departement);
  const closures = closureDays(input.closures);
  let day = toDayNumber(localDateOf(input.receivedAt, timeZoneOf(departement)));
  for (let left = workingDays; left > 0;) {
    day += 1;
    if (isOpenDayNumber(day, territory, closures)) left -= 1;
  }
  return fromDayNumber(day);
}

/** Late once the deadline day has passed in the agency's calendar (`today` is the agency's local date). */
export function isReplyLate(deadline: IsoDate, today: IsoDate): boolean {
  return today > deadline;
}

/**
 * The text of a message as kept: control characters but tabs and line breaks removed (PostgreSQL refuses NUL), line
 * breaks normalised, trimmed at both ends. Null when nothing is left.
 */
export function normaliseMessageBody(value: string): string | null {
  const text = value
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .trim();
  return text.length === 0 ? null : text;
}
