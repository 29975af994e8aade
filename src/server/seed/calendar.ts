/**
 * In-memory agendas of one agency while its appointments are generated: one `BusyCalendar` per advisor (and per
 * social worker), so no two appointments of a person overlap — the database's exclusion constraint would refuse it.
 * Working days, hours and time zones come from the domain's slot search.
 */
import {
  BusyCalendar,
  isWorkingDayNumber,
  MAX_SEARCH_DAYS,
  parseTimeOfDay,
  planMandatoryReviewsOnCalendar,
  searchFreeSlot,
  slotContext,
  slotStartTimes,
  type AgencyHours,
  type MandatoryReview,
  type ReviewKind,
  type SlotContext,
} from "@/domain";

export class AgencyAgendas {
  readonly ctx: SlotContext;
  private readonly calendars = new Map<string, BusyCalendar>();
  /** Minutes of the day at which an appointment of a given length may start (the agency's slot grid). */
  private readonly startMinutes = new Map<number, number[]>();

  constructor(
    readonly departement: string,
    readonly hours: AgencyHours,
  ) {
    this.ctx = slotContext(departement, hours);
  }

  private startMinutesFor(minutes: number): number[] {
    let list = this.startMinutes.get(minutes);
    if (list === undefined) {
      list = slotStartTimes(this.hours, minutes).map((time) => parseTimeOfDay(time));
      this.startMinutes.set(minutes, list);
    }
    return list;
  }

  /** The agenda of one person (created empty on first use). */
  calendarOf(userId: string): BusyCalendar {
    let calendar = this.calendars.get(userId);
    if (calendar === undefined) {
      calendar = new BusyCalendar();
      this.calendars.set(userId, calendar);
    }
    return calendar;
  }

  /**
   * Books the earliest free slot of `minutes` on a working day between local days `fromDay` and `toDay`
   * (inclusive) in the agendas of `userIds` (all must be free); returns its start (epoch ms) or null.
   * With `preferredSlot` (0 ≤ x < 1), the slot at that position of the first day's grid is taken when it is free.
   */
  book(userIds: readonly string[], fromDay: number, toDay: number, minutes: number, preferredSlot?: number): number | null {
    if (toDay < fromDay) return null;
    const first = userIds[0];
    if (first === undefined) throw new Error("book() sans participant");
    let calendar = this.calendarOf(first);
    if (userIds.length > 1) {
      calendar = calendar.clone();
      for (const other of userIds.slice(1)) {
        for (const [start, end] of this.calendarOf(other).toEpochIntervals()) calendar.add(start, end);
      }
    }
    let start = Number.NaN;
    if (preferredSlot !== undefined && isWorkingDayNumber(fromDay, this.ctx.territory)) {
      // A preferred time on the first day when it is free, so that days do not all fill from their first slot.
      const grid = this.startMinutesFor(minutes);
      const minute = grid[Math.floor(preferredSlot * grid.length)];
      if (minute !== undefined) {
        const candidate = this.ctx.clock.localToEpoch(fromDay, minute);
        if (calendar.isFree(candidate, candidate + minutes * 60_000)) start = candidate;
      }
    }
    if (Number.isNaN(start)) start = searchFreeSlot(this.ctx, calendar, fromDay, Math.min(toDay, fromDay + MAX_SEARCH_DAYS), minutes);
    if (Number.isNaN(start)) return null;
    for (const userId of userIds) this.calendarOf(userId).add(start, start + minutes * 60_000);
    return start;
  }

  /** Plans the mandatory reviews not in `handled` with the domain planner, booking them in the advisor's agenda. */
  planReviews(advisorId: string, registrationDate: string, today: string, handled: readonly ReviewKind[]): MandatoryReview[] {
    return planMandatoryReviewsOnCalendar(this.calendarOf(advisorId), {
      registrationDate,
      departement: this.departement,
      today,
      done: handled,
      hours: this.hours,
    });
  }
}
