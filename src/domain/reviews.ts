/**
 * Mandatory reviews at the 4th and 9th month (bilans M4 / M9): windows, planning, progress and the « due soon »
 * horizon (docs/rules.md#mandatory-reviews).
 */
import { BusyCalendar, type BusyInterval } from "./busy";
import { addDays, addMonths, type IsoDate, toDayNumber } from "./dates";
import { formatInstant, type IsoInstant } from "./instants";
import { type AgencyHours, MAX_SEARCH_DAYS, noSlotError, searchFreeSlot, type SlotContext, slotContext } from "./slots";

/** The two mandatory reviews. */
export type ReviewKind = "M4" | "M9";
/** Every review kind, in planning order. */
export const REVIEW_KINDS: readonly ReviewKind[] = Object.freeze(["M4", "M9"] as const);

/** Planning status of a mandatory review. */
export type ReviewStatus = "SCHEDULED" | "OVERDUE" | "MISSED" | "DONE";

/** French labels of the review kinds. */
export const REVIEW_KIND_LABELS: Readonly<Record<ReviewKind, string>> = Object.freeze({
  M4: "Bilan du 4e mois",
  M9: "Bilan du 9e mois",
});

/** A range of calendar dates, both inclusive. */
export interface DateWindow {
  from: IsoDate;
  to: IsoDate;
}

/** M4: addMonths(R, 3) … addMonths(R, 4) − 1 day; M9: addMonths(R, 8) … addMonths(R, 9) − 1 day (months clamp to their last day). */
export function reviewWindows(registrationDate: IsoDate): { M4: DateWindow; M9: DateWindow } {
  return {
    M4: { from: addMonths(registrationDate, 3), to: addDays(addMonths(registrationDate, 4), -1) },
    M9: { from: addMonths(registrationDate, 8), to: addDays(addMonths(registrationDate, 9), -1) },
  };
}

/** One planned mandatory review; `startsAt` (ISO UTC) only for SCHEDULED and OVERDUE. */
export interface MandatoryReview {
  kind: ReviewKind;
  status: ReviewStatus;
  window: DateWindow;
  startsAt?: IsoInstant;
}

/** Input of `planMandatoryReviews`. */
export interface PlanMandatoryReviewsInput {
  /** Registration date R, a calendar date in the agency's time zone. */
  registrationDate: IsoDate;
  /** Agency département ('75', '2A', '971', …): working days and time zone. */
  departement: string;
  /** Today's date in the agency's time zone. */
  today: IsoDate;
  /** The advisor's appointments, ISO instants, half-open [start, end). */
  busy: readonly BusyInterval[];
  /** Reviews already held. */
  done?: readonly ReviewKind[];
  /** Agency hours; default 13:30–16:30 local, 30-minute slots (a review takes one slot). */
  hours?: AgencyHours;
  /**
   * The agency's closure days (local dates): no review on them, except that the window rule wins — a review whose
   * window has a free slot only on a closure day takes it rather than go overdue.
   */
  closures?: readonly IsoDate[];
}

/** Input of the low-level planner: as `planMandatoryReviews`, the busy time being a `BusyCalendar`. */
export type PlanReviewsOnCalendarInput = Omit<PlanMandatoryReviewsInput, "busy">;

/** Plans M4 then M9 against the advisor's appointments (the M4 slot counts as busy for M9); docs/rules.md#planning-a-review. */
export function planMandatoryReviews(input: PlanMandatoryReviewsInput): MandatoryReview[] {
  return planMandatoryReviewsOnCalendar(BusyCalendar.fromIntervals(input.busy ?? []), input);
}

/**
 * Low-level planner for batch jobs: plans against `calendar` and books the slots it returns into it,
 * so one calendar per advisor can be reused for all the advisor's seekers.
 */
export function planMandatoryReviewsOnCalendar(calendar: BusyCalendar, input: PlanReviewsOnCalendarInput): MandatoryReview[] {
  const ctx = slotContext(input.departement, input.hours, input.closures);
  const windows = reviewWindows(input.registrationDate);
  const done = input.done ?? [];
  for (const kind of done) {
    if (kind !== "M4" && kind !== "M9") throw new Error(`Bilan inconnu : « ${String(kind)} » (M4 ou M9 attendu).`);
  }
  const m9From = toDayNumber(windows.M9.from);

  const plan = (kind: ReviewKind, window: DateWindow): MandatoryReview => {
    if (done.includes(kind)) return { kind, status: "DONE", window };
    if (kind === "M4" && toDayNumber(input.today) > toDayNumber(window.to) && toDayNumber(input.today) >= m9From) {
      return { kind, status: "MISSED", window };
    }
    const slot = bookDueSlot(ctx, calendar, { window, today: input.today, what: `le bilan ${kind}` });
    return { kind, status: slot.status, window, startsAt: slot.startsAt };
  };

  return [plan("M4", windows.M4), plan("M9", windows.M9)];
}

/** Where `bookDueSlot` put an appointment: in its window (SCHEDULED) or after it (OVERDUE). */
export interface DueSlot {
  status: "SCHEDULED" | "OVERDUE";
  startsAt: IsoInstant;
}

/**
 * The one rule of booking an appointment due within a window of dates (the M4/M9 reviews, the joint diagnostic),
 * against an advisor's calendar, which the slot is added to (docs/rules.md#planning-a-review): the first free slot of
 * an open day from max(window start, tomorrow) to the window end; failing that, a closure day of the window (the
 * window rule wins); failing that, the first free slot after the window (OVERDUE). A window already over: the first
 * free slot from tomorrow (OVERDUE). One slot long.
 */
export function bookDueSlot(ctx: SlotContext, calendar: BusyCalendar, args: { window: DateWindow; today: IsoDate; what: string }): DueSlot {
  // The same agency with its closure days lifted: the appointment stays in its window even if only a closure day is left.
  const windowCtx = { ...ctx, closures: new Set<number>() };
  const duration = ctx.hours.slotMinutes;
  const today = toDayNumber(args.today);
  const from = toDayNumber(args.window.from);
  const to = toDayNumber(args.window.to);
  let status: DueSlot["status"];
  let start: number;
  if (today <= to) {
    start = searchFreeSlot(ctx, calendar, Math.max(from, today + 1), to, duration);
    if (Number.isNaN(start)) start = searchFreeSlot(windowCtx, calendar, Math.max(from, today + 1), to, duration);
    status = "SCHEDULED";
    if (Number.isNaN(start)) {
      start = searchFreeSlot(ctx, calendar, to + 1, to + MAX_SEARCH_DAYS, duration);
      status = "OVERDUE";
      if (Number.isNaN(start)) throw noSlotError(to + 1, args.what);
    }
  } else {
    start = searchFreeSlot(ctx, calendar, today + 1, today + MAX_SEARCH_DAYS, duration);
    status = "OVERDUE";
    if (Number.isNaN(start)) throw noSlotError(today + 1, args.what);
  }
  calendar.add(start, start + duration * 60_000);
  return { status, startsAt: formatInstant(start) };
}

/** Where `today` stands relative to a review window: BEFORE it opens, OPEN, or AFTER it closed. */
export function windowPhase(window: DateWindow, today: IsoDate): "BEFORE" | "OPEN" | "AFTER" {
  const t = toDayNumber(today);
  if (t < toDayNumber(window.from)) return "BEFORE";
  return t > toDayNumber(window.to) ? "AFTER" : "OPEN";
}

/** Where a seeker stands on one mandatory review, as a caseload shows it. */
export type ReviewProgress = "DONE" | "SCHEDULED" | "DUE" | "NOT_YET" | "OVERDUE" | "MISSED";

/** A review appointment as recorded: its kind, its status and its local date. */
export interface RecordedReview {
  kind: ReviewKind;
  status: "SCHEDULED" | "DONE" | "NO_SHOW" | "EXCUSED" | "CANCELLED";
  date: IsoDate;
}

/**
 * The progress of the M4 and M9 reviews given what was recorded: DONE once one is done; past the window
 * end it is OVERDUE, or MISSED for an M4 once the M9 window has opened (as in planMandatoryReviews);
 * otherwise SCHEDULED when booked, DUE while the window is open, NOT_YET before it.
 */
export function reviewProgress(registrationDate: IsoDate, today: IsoDate, recorded: readonly RecordedReview[]): Record<ReviewKind, ReviewProgress> {
  const windows = reviewWindows(registrationDate);
  const progressOf = (kind: ReviewKind): ReviewProgress => {
    const ofKind = recorded.filter((review) => review.kind === kind);
    if (ofKind.some((review) => review.status === "DONE")) return "DONE";
    const phase = windowPhase(windows[kind], today);
    if (phase === "AFTER") {
      return kind === "M4" && windowPhase(windows.M9, today) !== "BEFORE" ? "MISSED" : "OVERDUE";
    }
    if (ofKind.some((review) => review.status === "SCHEDULED")) return "SCHEDULED";
    return phase === "OPEN" ? "DUE" : "NOT_YET";
  };
  return { M4: progressOf("M4"), M9: progressOf("M9") };
}

/** A booked review is « due soon » while its local date lies from today to today + DUE_SOON_DAYS, both inclusive. */
export const DUE_SOON_DAYS = 14;

/** The local dates on which a booked review is « due soon », seen from `today`. */
export function dueSoonWindow(today: IsoDate): DateWindow {
  return { from: today, to: addDays(today, DUE_SOON_DAYS) };
}

/** « sous 14 jours »: the horizon as the pages name it (« Bilans sous 14 jours »). */
export const DUE_SOON_PHRASE = `sous ${DUE_SOON_DAYS} jours`;
