/**
 * Free-slot finder: agency hours, a slot grid in the agency's local time, working days of its
 * territory, and the advisor's busy calendar (docs/rules.md#appointment-hours-and-slots).
 */
import { type BusyCalendar, type BusyInput, toBusyCalendar } from "./busy";
import { fromDayNumber, type IsoDate, MS_PER_DAY, toDayNumber } from "./dates";
import { type ClosureDays, closureDays, isOpenDayNumber } from "./holidays";
import { formatInstant, formatTimeOfDay, type IsoInstant, parseTimeOfDay, type TimeOfDay } from "./instants";
import { type Territory, territoryOf } from "./territories";
import { TERRITORY_TIME_ZONES, type ZoneClock, zoneClock } from "./timezones";

/** Appointment hours of an agency, in its local time: slots start at `start`, every `slotMinutes`, and end by `end`. */
export interface AgencyHours {
  start: TimeOfDay;
  end: TimeOfDay;
  slotMinutes: number;
}

/** Default appointment hours: afternoons 13:30–16:30 local, 30-minute slots. */
export const DEFAULT_HOURS: Readonly<AgencyHours> = Object.freeze({ start: "13:30", end: "16:30", slotMinutes: 30 });

/** Length of the first (diagnostic) interview, in minutes. */
export const FIRST_INTERVIEW_MINUTES = 60;

/** Slot searches without an explicit end stop after this many days (two years). */
export const MAX_SEARCH_DAYS = 731;

/** Agency hours as minutes since local midnight. */
export interface ResolvedHours {
  startMinute: number;
  endMinute: number;
  slotMinutes: number;
}

// Memo of the last hours resolved, compared by value (callers may reuse and mutate one object).
let lastStart = "";
let lastEnd = "";
let lastSlot = NaN;
let lastHours: ResolvedHours | undefined;

/** Validates agency hours (throws a clear Error) and converts them to minutes; defaults to `DEFAULT_HOURS`. */
function resolveHours(hours: AgencyHours = DEFAULT_HOURS): ResolvedHours {
  if (typeof hours !== "object" || hours === null) throw new Error("Horaires de rendez-vous invalides.");
  if (lastHours !== undefined && hours.start === lastStart && hours.end === lastEnd && hours.slotMinutes === lastSlot) {
    return lastHours;
  }
  const startMinute = parseTimeOfDay(hours.start);
  const endMinute = parseTimeOfDay(hours.end, true);
  const slotMinutes = hours.slotMinutes;
  if (endMinute <= startMinute) {
    throw new Error(`Horaires invalides : la fin (${hours.end}) doit suivre le début (${hours.start}).`);
  }
  if (!Number.isInteger(slotMinutes) || slotMinutes < 5 || slotMinutes > endMinute - startMinute) {
    throw new Error(`Durée de créneau invalide : ${String(slotMinutes)} (entier de 5 minutes à la durée de la plage ${hours.start}–${hours.end}).`);
  }
  const resolved: ResolvedHours = Object.freeze({ startMinute, endMinute, slotMinutes });
  lastStart = hours.start;
  lastEnd = hours.end;
  lastSlot = slotMinutes;
  lastHours = resolved;
  return resolved;
}

/** Local start times (`HH:MM`) of the slots where an appointment of `durationMinutes` fits entirely within the hours. */
export function slotStartTimes(hours: AgencyHours = DEFAULT_HOURS, durationMinutes?: number): TimeOfDay[] {
  const h = resolveHours(hours);
  const duration = checkDuration(durationMinutes ?? h.slotMinutes);
  const times: TimeOfDay[] = [];
  for (let m = h.startMinute; m + duration <= h.endMinute; m += h.slotMinutes) times.push(formatTimeOfDay(m));
  return times;
}

function checkDuration(durationMinutes: number): number {
  if (!Number.isInteger(durationMinutes) || durationMinutes <= 0 || durationMinutes > 1440) {
    throw new Error(`Durée de rendez-vous invalide : ${String(durationMinutes)} minutes.`);
  }
  return durationMinutes;
}

/**
 * Everything a slot search needs about an agency: territory (working days), its closure days, clock (time zone),
 * hours. A slot lies on an open day: a working day of the territory that is not a closure day.
 */
export interface SlotContext {
  territory: Territory;
  closures: ClosureDays;
  clock: ZoneClock;
  hours: ResolvedHours;
}

/** Builds the slot-search context of an agency from its département, hours and closure days (local dates). */
export function slotContext(departement: string, hours?: AgencyHours, closures?: readonly IsoDate[]): SlotContext {
  const territory = territoryOf(departement);
  return { territory, closures: closureDays(closures), clock: zoneClock(TERRITORY_TIME_ZONES[territory]), hours: resolveHours(hours) };
}

/**
 * Low-level search: epoch ms of the earliest slot of `durationMinutes` on a working day between local days
 * `fromDay` and `toDay` (day numbers, inclusive) that overlaps nothing in `calendar`; NaN when there is none.
 * Slots start on the grid (hours.start + k × slotMinutes) and end by hours.end.
 */
export function searchFreeSlot(ctx: SlotContext, calendar: BusyCalendar, fromDay: number, toDay: number, durationMinutes: number): number {
  const { territory, clock, closures } = ctx;
  const { startMinute, endMinute, slotMinutes } = ctx.hours;
  const lastStart = endMinute - durationMinutes;
  if (lastStart < startMinute) return NaN;
  const durationMs = durationMinutes * 60_000;
  const slotMs = slotMinutes * 60_000;
  for (let day = fromDay; day <= toDay; day += 1) {
    if (!isOpenDayNumber(day, territory, closures)) continue;
    const regular = clock.hasConstantOffset(day);
    let minute = startMinute;
    while (minute <= lastStart) {
      const start = clock.localToEpoch(day, minute);
      const busyUntil = calendar.conflictEnd(start, start + durationMs);
      if (busyUntil === -Infinity) return start;
      // Jump straight to the first grid slot starting at or after the end of the conflicting interval.
      const steps = regular ? Math.max(1, Math.ceil((busyUntil - start) / slotMs)) : 1;
      minute += steps * slotMinutes;
      if (minute > lastStart) {
        // A long busy period (e.g. leave) may cover several days: skip them (with a day of margin for offsets).
        const busyDay = Math.floor(busyUntil / MS_PER_DAY) - 2;
        if (busyDay > day) day = Math.min(busyDay, toDay);
      }
    }
  }
  return NaN;
}

/** Input of `findFreeSlot`. */
export interface FindFreeSlotInput {
  /** Agency département, e.g. '75', '2A', '974'. */
  departement: string;
  /** First local date searched (inclusive). */
  from: IsoDate;
  /** Last local date searched (inclusive); defaults to `from` + 2 years. */
  until?: IsoDate;
  /** Appointment length; defaults to the slot length (60 for a first interview). */
  durationMinutes?: number;
  /** Agency hours; defaults to 13:30–16:30, 30-minute slots. */
  hours?: AgencyHours;
  /** The advisor's appointments (ISO intervals) or a ready `BusyCalendar` (not modified). */
  busy: BusyInput;
  /** The agency's closure days (local dates): no slot on them. */
  closures?: readonly IsoDate[];
}

/** Earliest free slot (ISO UTC start) on a working day in [from, until] within agency hours, or null. */
export function findFreeSlot(input: FindFreeSlotInput): IsoInstant | null {
  const ctx = slotContext(input.departement, input.hours, input.closures);
  const duration = checkDuration(input.durationMinutes ?? ctx.hours.slotMinutes);
  const fromDay = toDayNumber(input.from);
  const toDay = input.until === undefined ? fromDay + MAX_SEARCH_DAYS - 1 : toDayNumber(input.until);
  const found = searchFreeSlot(ctx, toBusyCalendar(input.busy), fromDay, toDay, duration);
  return Number.isNaN(found) ? null : formatInstant(found);
}

/** Throws the error used when a bounded search finds nothing. */
export function noSlotError(fromDay: number, what: string): Error {
  return new Error(
    `Aucun créneau libre pour ${what} dans les ${MAX_SEARCH_DAYS} jours à partir du ${fromDayNumber(fromDay)} : agenda complet ou horaires trop courts.`,
  );
}

/** Appointments are set between these local times (an agency's opening hours never go beyond them). */
export const HOURS_EARLIEST = "07:00";
export const HOURS_LATEST = "20:00";
/** The slot lengths an agency may choose, in minutes. */
export const SLOT_MINUTES = [15, 20, 30, 45, 60] as const;
/** The longest first interview an agency may set, in minutes. */
export const INITIAL_INTERVIEW_MAX = 180;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of a valid `HH:MM`, or null. */
export function minutesOf(value: string): number | null {
  const m = TIME_RE.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}
