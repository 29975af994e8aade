/**
 * Follow-up rhythm per modality and planning of the follow-up appointments (docs/rules.md#follow-up-rhythm).
 */
import { type BusyInput, toBusyCalendar } from "./busy";
import { addDays, addMonths, fromDayNumber, type IsoDate, toDayNumber } from "./dates";
import { formatInstant, type IsoInstant } from "./instants";
import { inTandem, type Modality } from "./modalities";
import { type AgencyHours, MAX_SEARCH_DAYS, noSlotError, searchFreeSlot, slotContext } from "./slots";

/** Rhythm agreed between advisor and seeker in GUIDE: a contact every 1, 2 or 3 months. */
export type AgreedRhythm = 1 | 2 | 3;

/** Default agreed rhythm of GUIDE, in months. */
export const DEFAULT_GUIDE_RHYTHM: AgreedRhythm = 2;

/** Month (after the decision) of the GLOBAL social-barrier review. */
export const SOCIAL_REVIEW_MONTH = 6;

/**
 * The day the GLOBAL social-barrier review is due: SOCIAL_REVIEW_MONTH months after the start of the global follow-up
 * (the decision), clamped to the month's last day (31 August → 28/29 February). docs/rules.md#the-tandem-file
 */
export function socialReviewDueDate(globalStart: IsoDate): IsoDate {
  return addMonths(globalStart, SOCIAL_REVIEW_MONTH);
}

/** Where the social review stands: to plan, planned, done or overdue (docs/rules.md#the-tandem-file). */
export type SocialReviewState =
  | { state: "TO_PLAN"; dueDate: IsoDate }
  | { state: "PLANNED"; dueDate: IsoDate; on: IsoDate }
  | { state: "DONE"; dueDate: IsoDate; on: IsoDate }
  | { state: "OVERDUE"; dueDate: IsoDate };

/** A social-review appointment as the state reads it: its outcome and its local date. */
export type SocialReviewAppointment = { status: "SCHEDULED" | "DONE" | "NO_SHOW" | "EXCUSED" | "CANCELLED"; date: IsoDate };

/**
 * The state of the social review of a global follow-up that started on `globalStart`, given the SOCIAL_REVIEW
 * appointments booked since then: done (the latest done one), else planned (the earliest still planned), else overdue
 * once `today` is past the due date, else to plan. A no-show, an excused absence or a cancellation leaves it to book.
 */
export function socialReviewState(input: { globalStart: IsoDate; today: IsoDate; appointments: readonly SocialReviewAppointment[] }): SocialReviewState {
  const dueDate = socialReviewDueDate(input.globalStart);
  const start = toDayNumber(input.globalStart);
  const since = input.appointments.filter((a) => toDayNumber(a.date) >= start);
  const done = since.filter((a) => a.status === "DONE").sort((a, b) => toDayNumber(b.date) - toDayNumber(a.date))[0];
  if (done) return { state: "DONE", dueDate, on: done.date };
  const planned = since.filter((a) => a.status === "SCHEDULED").sort((a, b) => toDayNumber(a.date) - toDayNumber(b.date))[0];
  if (planned) return { state: "PLANNED", dueDate, on: planned.date };
  return toDayNumber(input.today) > toDayNumber(dueDate) ? { state: "OVERDUE", dueDate } : { state: "TO_PLAN", dueDate };
}

/** Kinds of follow-up appointments. */
export type FollowUpKind = "FOLLOW_UP" | "JOINT_GLOBAL" | "SOCIAL_REVIEW";

/** French labels of the follow-up kinds. */
export const FOLLOW_UP_KIND_LABELS: Readonly<Record<FollowUpKind, string>> = Object.freeze({
  FOLLOW_UP: "Entretien de suivi",
  JOINT_GLOBAL: "Entretien tripartite avec le travailleur social",
  SOCIAL_REVIEW: "Bilan des freins sociaux (6 mois)",
});

/**
 * Months between two in-person contacts: RENFORCE, GLOBAL and TANDEM 1, GUIDE and AGILE the agreed rhythm (default 2),
 * SUIVI null (none). INTENSIF: 1, with two contacts in every calendar month (`planFollowUps`).
 */
export function followUpRhythmMonths(modality: Modality, agreedRhythm?: AgreedRhythm): number | null {
  switch (modality) {
    case "RENFORCE":
    case "GLOBAL":
    case "TANDEM":
    case "INTENSIF":
      return 1;
    case "GUIDE":
    case "AGILE":
      if (agreedRhythm === undefined) return DEFAULT_GUIDE_RHYTHM;
      if (agreedRhythm !== 1 && agreedRhythm !== 2 && agreedRhythm !== 3) {
        throw new Error(`Rythme convenu invalide : ${String(agreedRhythm)} (1, 2 ou 3 mois attendu).`);
      }
      return agreedRhythm;
    case "SUIVI":
      return null;
    default:
      throw new Error(`Modalité inconnue : « ${String(modality)} ».`);
  }
}

/** Days of the calendar month an intensive follow-up's two contacts are searched from (the 1st and the 15th). */
const INTENSIVE_TARGET_DAYS = Object.freeze([1, 15] as const);

/**
 * INTENSIF: two contacts in every calendar month from the decision to the horizon, searched from the 1st and the 15th
 * (never before the day after the decision; the decision's own month gets those still ahead). A mandatory review in a
 * month is one of its two contacts.
 */
function intensiveTargets(decisionDate: IsoDate, horizonMonths: number, reviewDays: readonly number[]): { kind: FollowUpKind; targetDate: IsoDate }[] {
  const first = toDayNumber(decisionDate) + 1;
  const last = toDayNumber(addMonths(decisionDate, horizonMonths));
  const targets: { kind: FollowUpKind; targetDate: IsoDate }[] = [];
  for (let month = decisionDate.slice(0, 7); toDayNumber(`${month}-01`) <= last; month = addMonths(`${month}-01`, 1).slice(0, 7)) {
    const monthStart = toDayNumber(`${month}-01`);
    const monthEnd = toDayNumber(addMonths(`${month}-01`, 1)) - 1;
    const reviews = reviewDays.filter((d) => d >= monthStart && d <= monthEnd).length;
    const days = INTENSIVE_TARGET_DAYS.map((day) => Math.max(first, monthStart + day - 1)).filter(
      (d, i, all) => d <= Math.min(monthEnd, last) && all.indexOf(d) === i,
    );
    for (const day of days.slice(0, Math.max(0, 2 - reviews))) targets.push({ kind: "FOLLOW_UP", targetDate: fromDayNumber(day) });
  }
  return targets;
}

/** Input of `planFollowUps`. */
export interface PlanFollowUpsInput {
  modality: Modality;
  /** Date the modality was decided (the diagnostic); targets are counted from it. */
  decisionDate: IsoDate;
  /** GUIDE only: 1, 2 or 3 months (default 2). */
  agreedRhythm?: AgreedRhythm;
  /** Plan the contacts whose target falls within this many months of the decision. */
  horizonMonths: number;
  /** Agency département (working days, time zone). */
  departement: string;
  /** The advisor's appointments; a `BusyCalendar` given here is extended with the booked slots. */
  busy: BusyInput;
  /** Agency hours; default 13:30–16:30, 30-minute slots. */
  hours?: AgencyHours;
  /** The agency's closure days (local dates): no appointment on them. */
  closures?: readonly IsoDate[];
  /** Length of each appointment; default one slot. */
  durationMinutes?: number;
  /**
   * Dates of the seeker's mandatory reviews (M4/M9): a FOLLOW_UP is skipped when one of them falls
   * in its period (from its target date to the day before the next target), the review being that contact.
   */
  reviewDates?: readonly IsoDate[];
}

/** One follow-up appointment to book. */
export interface PlannedFollowUp {
  kind: FollowUpKind;
  /** French label of the kind. */
  label: string;
  /** Date from which its slot was searched. */
  targetDate: IsoDate;
  /** ISO UTC start of the booked slot. */
  startsAt: IsoInstant;
}

/**
 * Follow-up appointments to book after a decision: FOLLOW_UP every rhythm months (target addMonths(decision, k × rhythm)
 * for k ≥ 1 up to the horizon); GLOBAL adds a JOINT_GLOBAL meeting searched from the day after the decision (first month)
 * and replaces the month-6 FOLLOW_UP by the SOCIAL_REVIEW. Each goes on the first free working-day slot from its target,
 * never overlapping busy time nor each other. SUIVI gets none.
 */
export function planFollowUps(input: PlanFollowUpsInput): PlannedFollowUp[] {
  const rhythm = followUpRhythmMonths(input.modality, input.agreedRhythm);
  const horizon = input.horizonMonths;
  if (!Number.isInteger(horizon) || horizon < 0 || horizon > 120) {
    throw new Error(`Horizon invalide : ${String(horizon)} mois (entier de 0 à 120 attendu).`);
  }
  const ctx = slotContext(input.departement, input.hours, input.closures);
  const duration = input.durationMinutes ?? ctx.hours.slotMinutes;
  if (!Number.isInteger(duration) || duration <= 0) throw new Error(`Durée de rendez-vous invalide : ${String(duration)} minutes.`);
  toDayNumber(input.decisionDate); // validates
  const calendar = toBusyCalendar(input.busy);
  const reviewDays = (input.reviewDates ?? []).map(toDayNumber);
  if (rhythm === null) return [];

  const targets: { kind: FollowUpKind; targetDate: IsoDate }[] = [];
  const withSocialWorker = inTandem(input.modality);
  if (input.modality === "INTENSIF") {
    targets.push(...intensiveTargets(input.decisionDate, horizon, reviewDays));
  } else if (withSocialWorker && horizon >= 1) {
    targets.push({ kind: "JOINT_GLOBAL", targetDate: addDays(input.decisionDate, 1) });
  }
  for (let k = 1; input.modality !== "INTENSIF" && k * rhythm <= horizon; k += 1) {
    const targetDate = addMonths(input.decisionDate, k * rhythm);
    if (withSocialWorker && k * rhythm === SOCIAL_REVIEW_MONTH) {
      targets.push({ kind: "SOCIAL_REVIEW", targetDate: socialReviewDueDate(input.decisionDate) });
      continue;
    }
    const periodStart = toDayNumber(targetDate);
    const periodEnd = toDayNumber(addMonths(input.decisionDate, (k + 1) * rhythm)) - 1;
    if (reviewDays.some((d) => d >= periodStart && d <= periodEnd)) continue;
    targets.push({ kind: "FOLLOW_UP", targetDate });
  }

  const durationMs = duration * 60_000;
  targets.sort((a, b) => toDayNumber(a.targetDate) - toDayNumber(b.targetDate));
  return targets.map(({ kind, targetDate }) => {
    const from = toDayNumber(targetDate);
    const start = searchFreeSlot(ctx, calendar, from, from + MAX_SEARCH_DAYS - 1, duration);
    if (Number.isNaN(start)) throw noSlotError(from, FOLLOW_UP_KIND_LABELS[kind].toLowerCase());
    calendar.add(start, start + durationMs);
    return { kind, label: FOLLOW_UP_KIND_LABELS[kind], targetDate, startsAt: formatInstant(start) };
  });
}
