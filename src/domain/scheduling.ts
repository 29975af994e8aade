/**
 * Where an existing appointment may move (rescheduling, rebalancing re-plans): the free slots it may take, never in
 * the past, never earlier than the agency's minimum notice unless the seeker agreed, and for the M4/M9 reviews only
 * inside their window unless the window is full (docs/rules.md#moving-an-appointment).
 */
import type { AppointmentKind } from "./appointments";
import { type BusyInput, toBusyCalendar } from "./busy";
import { fromDayNumber, type IsoDate, toDayNumber } from "./dates";
import { isOpenDayNumber, isWorkingDayNumber } from "./holidays";
import { formatInstant, formatTimeOfDay, type IsoInstant, parseInstant, type TimeOfDay } from "./instants";
import { type DateWindow, reviewWindows } from "./reviews";
import { type AgencyHours, MAX_SEARCH_DAYS, type SlotContext, slotContext } from "./slots";

/** Minimum notice, in days, before the date an appointment is moved to (an agency setting). */
export const DEFAULT_MIN_NOTICE_DAYS = 2;
/** What the agency setting accepts, in days. */
export const MIN_NOTICE_BOUNDS = Object.freeze({ min: 0, max: 30 });
/** How many choices a page lists at once. */
export const SLOT_CHOICES_SHOWN = 8;

/** The review window of an appointment kind, when it is a mandatory review. */
export function windowOfKind(kind: AppointmentKind, registrationDate: IsoDate): DateWindow | null {
  if (kind === "REVIEW_M4") return reviewWindows(registrationDate).M4;
  if (kind === "REVIEW_M9") return reviewWindows(registrationDate).M9;
  return null;
}

/** Everything the rule needs to know about the appointment to move and its advisor's agenda. */
export interface SlotChoiceInput {
  kind: AppointmentKind;
  /** The seeker's registration date (agency-local); required for REVIEW_M4 / REVIEW_M9 (their window). */
  registrationDate?: IsoDate | null;
  /** Agency département: working days and time zone. */
  departement: string;
  /** Agency hours; default 13:30–16:30, 30-minute slots. */
  hours?: AgencyHours;
  /** Length of the appointment; defaults to the slot length. */
  durationMinutes?: number;
  /** The advisor's busy time, the appointment being moved left out. */
  busy: BusyInput;
  /** Today, agency-local. */
  today: IsoDate;
  /** The current instant: nothing starts at or before it. */
  now: IsoInstant;
  /** The agency's minimum notice in days: no slot on a local date before today + notice… */
  minNoticeDays: number;
  /** …unless the advisor says the seeker agreed to an earlier date. */
  seekerAgreed?: boolean;
  /**
   * The agency's closure days (local dates): no slot on them — except for a review whose window has free slots only
   * on closure days: the window rule wins and those slots are offered.
   */
  closures?: readonly IsoDate[];
}

/** One slot an appointment may move to. */
export interface SlotChoice {
  startsAt: IsoInstant;
  endsAt: IsoInstant;
  /** Local date and time of the start. */
  date: IsoDate;
  time: TimeOfDay;
  /** True for a review placed after its window (the window had no free slot left). */
  overdue: boolean;
}

/** The choices for one appointment: the earliest date allowed, its review window if any, and the slots. */
export interface SlotChoices {
  earliestDate: IsoDate;
  window: DateWindow | null;
  /** True when the appointment is a review whose window has no allowed free slot left (the slots are after it). */
  overdue: boolean;
  slots: SlotChoice[];
}

interface Resolved {
  ctx: SlotContext;
  durationMs: number;
  nowMs: number;
  earliestDay: number;
  window: { from: number; to: number } | null;
  windowDates: DateWindow | null;
  calendar: ReturnType<typeof toBusyCalendar>;
}

function resolve(input: SlotChoiceInput): Resolved {
  const ctx = slotContext(input.departement, input.hours, input.closures);
  const duration = input.durationMinutes ?? ctx.hours.slotMinutes;
  if (!Number.isInteger(duration) || duration <= 0 || duration > ctx.hours.endMinute - ctx.hours.startMinute) {
    throw new Error(`Durée de rendez-vous invalide : ${String(duration)} minutes.`);
  }
  const notice = input.minNoticeDays;
  if (!Number.isInteger(notice) || notice < MIN_NOTICE_BOUNDS.min || notice > MIN_NOTICE_BOUNDS.max) {
    throw new Error(`Délai de prévenance invalide : ${String(notice)} jours (de ${MIN_NOTICE_BOUNDS.min} à ${MIN_NOTICE_BOUNDS.max}).`);
  }
  const today = toDayNumber(input.today);
  let windowDates: DateWindow | null = null;
  if (input.kind === "REVIEW_M4" || input.kind === "REVIEW_M9") {
    if (!input.registrationDate) throw new Error("Date d'inscription manquante : elle fixe la fenêtre du bilan.");
    windowDates = windowOfKind(input.kind, input.registrationDate);
  }
  return {
    ctx,
    durationMs: duration * 60_000,
    nowMs: parseInstant(input.now),
    earliestDay: input.seekerAgreed === true ? today : today + notice,
    window: windowDates ? { from: toDayNumber(windowDates.from), to: toDayNumber(windowDates.to) } : null,
    windowDates,
    calendar: toBusyCalendar(input.busy),
  };
}

/**
 * Free slots (epoch ms) on open days of [fromDay, toDay] (working days that are not closure days; with
 * `liftClosures`, closure days too), on the grid, inside hours, starting after `afterMs`.
 */
function scan(r: Resolved, fromDay: number, toDay: number, afterMs: number, limit: number, liftClosures = false): number[] {
  const { startMinute, endMinute, slotMinutes } = r.ctx.hours;
  const durationMinutes = r.durationMs / 60_000;
  const found: number[] = [];
  for (let day = fromDay; day <= toDay && found.length < limit; day += 1) {
    if (!(liftClosures ? isWorkingDayNumber(day, r.ctx.territory) : isOpenDayNumber(day, r.ctx.territory, r.ctx.closures))) continue;
    for (let minute = startMinute; minute + durationMinutes <= endMinute && found.length < limit; minute += slotMinutes) {
      const start = r.ctx.clock.localToEpoch(day, minute);
      if (start <= afterMs) continue;
      if (r.calendar.isFree(start, start + r.durationMs)) found.push(start);
    }
  }
  return found;
}

function toChoice(r: Resolved, start: number, overdue: boolean): SlotChoice {
  const { dayNumber, msOfDay } = r.ctx.clock.epochToLocal(start);
  return {
    startsAt: formatInstant(start),
    endsAt: formatInstant(start + r.durationMs),
    date: fromDayNumber(dayNumber),
    time: formatTimeOfDay(Math.round(msOfDay / 60_000)),
    overdue,
  };
}

interface Range {
  from: number;
  to: number;
  overdue: boolean;
  /** A review whose window's only free slots lie on closure days: the window rule wins, those days are offered. */
  liftClosures: boolean;
}

/**
 * Where the choices of a review lie: inside its window when it has an allowed free slot on an open day; else inside
 * it on a closure day when only those are free (the window rule wins); else after it.
 */
function reviewRange(r: Resolved, window: { from: number; to: number }): Range {
  const inside = Math.max(window.from, r.earliestDay);
  if (inside <= window.to && scan(r, inside, window.to, r.nowMs, 1).length > 0) return { from: inside, to: window.to, overdue: false, liftClosures: false };
  if (r.ctx.closures.size > 0 && inside <= window.to && scan(r, inside, window.to, r.nowMs, 1, true).length > 0) {
    return { from: inside, to: window.to, overdue: false, liftClosures: true };
  }
  const after = Math.max(window.to + 1, r.earliestDay);
  return { from: after, to: after + MAX_SEARCH_DAYS - 1, overdue: true, liftClosures: false };
}

/** The days the choices lie in: a review's window (or after it when it is full), else two years from the notice. */
function rangeOf(r: Resolved): Range {
  return r.window ? reviewRange(r, r.window) : { from: r.earliestDay, to: r.earliestDay + MAX_SEARCH_DAYS - 1, overdue: false, liftClosures: false };
}

/**
 * The free slots an appointment may move to, earliest first, at most `limit` of them, starting after `after` when
 * given (to see later ones). Reviews: inside the window from the notice on; when the window has no free slot left,
 * the earliest slots after it, flagged overdue. Other kinds: from the notice on, for two years.
 */
export function slotChoices(input: SlotChoiceInput, options: { limit?: number; after?: IsoInstant } = {}): SlotChoices {
  const r = resolve(input);
  const limit = options.limit ?? SLOT_CHOICES_SHOWN;
  const afterMs = Math.max(r.nowMs, options.after === undefined ? -Infinity : parseInstant(options.after));
  const range = rangeOf(r);
  const slots = scan(r, range.from, range.to, afterMs, limit, range.liftClosures).map((start) => toChoice(r, start, range.overdue));
  return { earliestDate: fromDayNumber(r.earliestDay), window: r.windowDates, overdue: range.overdue, slots };
}

/**
 * The single slot a re-plan takes: the first choice on or after local date `from` (a rebalanced appointment keeps
 * its date when it can), or, when none is left there (a review whose window ends before it), the first choice.
 * Null only when the agenda is full for two years.
 */
export function replanSlot(input: SlotChoiceInput, from: IsoDate): SlotChoice | null {
  const r = resolve(input);
  const range = rangeOf(r);
  const preferred = Math.max(range.from, toDayNumber(from));
  // A review stays in its window (or, full, just after it); another kind searches two years from the date asked.
  const to = r.window && !range.overdue ? range.to : preferred + MAX_SEARCH_DAYS - 1;
  const first = preferred <= to ? scan(r, preferred, to, r.nowMs, 1, range.liftClosures)[0] : undefined;
  const start = first ?? scan(r, range.from, range.to, r.nowMs, 1, range.liftClosures)[0];
  return start === undefined ? null : toChoice(r, start, range.overdue);
}

/**
 * Why an appointment may not move to `startsAt` (a French sentence), or null when it is one of its choices.
 * Used to re-check a chosen slot when it is booked: the agenda or the clock may have changed since it was shown.
 */
export function slotRefusal(input: SlotChoiceInput, startsAt: IsoInstant): string | null {
  const r = resolve(input);
  const start = parseInstant(startsAt);
  if (start <= r.nowMs) return "Ce créneau est déjà passé.";
  const { dayNumber, msOfDay } = r.ctx.clock.epochToLocal(start);
  if (dayNumber < r.earliestDay) {
    return `Ce créneau est trop proche : le délai de prévenance de l'agence est de ${input.minNoticeDays} jour${input.minNoticeDays > 1 ? "s" : ""}, sauf accord de la personne.`;
  }
  if (!isWorkingDayNumber(dayNumber, r.ctx.territory)) return "Ce jour n'est pas un jour ouvré pour l'agence.";
  const range = rangeOf(r);
  if (r.ctx.closures.has(dayNumber) && !range.liftClosures) return "L'agence est fermée au public ce jour-là.";
  const minute = msOfDay / 60_000;
  const { startMinute, endMinute, slotMinutes } = r.ctx.hours;
  const onGrid = Number.isInteger(minute) && minute >= startMinute && (minute - startMinute) % slotMinutes === 0;
  if (!onGrid || minute + r.durationMs / 60_000 > endMinute || r.ctx.clock.localToEpoch(dayNumber, minute) !== start) {
    return "Ce créneau n'est pas dans les horaires de rendez-vous de l'agence.";
  }
  if (r.windowDates && dayNumber < range.from) {
    return range.overdue
      ? `Ce créneau précède la fin de la fenêtre du bilan (du ${frenchDay(r.windowDates.from)} au ${frenchDay(r.windowDates.to)}), qui n'a plus de créneau libre.`
      : `Ce créneau précède la fenêtre du bilan (du ${frenchDay(r.windowDates.from)} au ${frenchDay(r.windowDates.to)}).`;
  }
  if (r.windowDates && !range.overdue && dayNumber > range.to) {
    return `Ce créneau est après la fenêtre du bilan (du ${frenchDay(r.windowDates.from)} au ${frenchDay(r.windowDates.to)}), qui a encore des créneaux libres.`;
  }
  if (dayNumber > range.from + 2 * MAX_SEARCH_DAYS) return "Ce créneau est trop loin : quatre ans au plus.";
  if (!r.calendar.isFree(start, start + r.durationMs)) return "Ce créneau vient d'être pris par un autre rendez-vous.";
  return null;
}

const frenchDay = (date: IsoDate) => date.split("-").reverse().join("/");
