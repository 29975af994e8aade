/**
 * The 2025 offer's transition (issue 20; the deadlines of the 2025 offer): a person already followed when the
 * agency moves to the 2025 offer, with no orientation notified under the new rules yet, must have a contrat
 * d'engagement signed by 1 January 2027 — 1 January 2028 overseas (décrets 2024-1244 and 2025-816).
 */
import { daysBetween, type IsoDate } from "./dates";
import { isOverseas } from "./territories";

export const OFFER_TRANSITION_DEADLINE: IsoDate = "2027-01-01";
export const OFFER_TRANSITION_DEADLINE_OVERSEAS: IsoDate = "2028-01-01";

/** The transition deadline of an agency's département (971, 972, 973, 974, 976: a year later). */
export function offerTransitionDeadline(departement: string): IsoDate {
  return isOverseas(departement) ? OFFER_TRANSITION_DEADLINE_OVERSEAS : OFFER_TRANSITION_DEADLINE;
}

/** The deadline and the calendar days left from the agency's local `today` to it (negative once passed). */
export function offerTransitionCountdown(departement: string, today: IsoDate): { deadline: IsoDate; daysLeft: number } {
  const deadline = offerTransitionDeadline(departement);
  return { deadline, daysLeft: daysBetween(today, deadline) };
}
