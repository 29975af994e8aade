/**
 * Booking first (diagnostic) interviews automatically (docs/rules.md#booking-first-interviews): for each seeker
 * awaiting a diagnostic, oldest registration first, a slot on a working day of the territory inside the agency's
 * hours, before the first-interview deadline, with the least loaded advisor who has room and a free slot.
 */
import type { BusyCalendar } from "./busy";
import { addDays, type IsoDate, toDayNumber } from "./dates";
import { firstInterviewDueDate, queueEntryDate } from "./firstInterview";
import { formatInstant, type IsoInstant } from "./instants";
import { type AgencyHours, searchFreeSlot, slotContext } from "./slots";

/**
 * How far first interviews are booked: from `noticeDays` calendar days after today on (tomorrow), and up to
 * `searchDaysAfterDue` days after the due date (or after the first day searched, when later) before giving up
 * (« à planifier »).
 */
export const FIRST_INTERVIEW_BOOKING = Object.freeze({ noticeDays: 1, searchDaysAfterDue: 90 });

/** An advisor who may hold first interviews: their load against their capacity, and their busy calendar. */
export interface FirstInterviewAdvisor {
  id: string;
  /** Seekers in their portfolios plus the first interviews they already hold from today on. */
  load: number;
  /** The sum of the caps of their portfolios (the agency's cap for a modality they have no portfolio in). */
  capacity: number;
  /** Their appointments (not modified: the planner works on a copy). */
  calendar: BusyCalendar;
}

export interface FirstInterviewSeeker {
  id: string;
  registrationDate: IsoDate;
  /** The day the file entered the queue when later than the registration (a transfer, a reopening). */
  queuedOn?: IsoDate | null;
}

export interface FirstInterviewPlanInput {
  departement: string;
  hours: AgencyHours;
  /** Length of the first interview, in minutes. */
  durationMinutes: number;
  /** The agency's first-interview deadline, in calendar days after registration. */
  deadlineDays: number;
  /** Today, in the agency's time zone: the search starts `FIRST_INTERVIEW_BOOKING.noticeDays` later. */
  today: IsoDate;
  /** The agency's closure days (local dates): no first interview on them. */
  closures?: readonly IsoDate[];
}

export type FirstInterviewChoice =
  | {
      seekerId: string;
      /** BOOKED: on or before the due date; LATE: after it, no advisor having a free slot before it. */
      status: "BOOKED" | "LATE";
      dueDate: IsoDate;
      advisorId: string;
      startsAt: IsoInstant;
      endsAt: IsoInstant;
    }
  | {
      seekerId: string;
      /** No advisor with room has a free slot within the search horizon: the seeker stays « à planifier ». */
      status: "UNBOOKED";
      dueDate: IsoDate;
    };

/** The fill of an advisor: load over capacity (no capacity: full unless nothing is held). */
function fill(advisor: { load: number; capacity: number }): number {
  if (advisor.capacity <= 0) return advisor.load > 0 ? Infinity : 0;
  return advisor.load / advisor.capacity;
}

/** True while an advisor has room: their load is below their capacity. */
export function hasRoom(advisor: { load: number; capacity: number }): boolean {
  return advisor.load < advisor.capacity;
}

/** Advisors by increasing fill, then load, then id (a stable, deterministic order). */
export function byLeastLoaded<A extends { id: string; load: number; capacity: number }>(advisors: readonly A[]): A[] {
  return [...advisors].sort((a, b) => fill(a) - fill(b) || a.load - b.load || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Books the first interviews of `seekers` (in the order given; oldest registration first is what the use case
 * passes) on copies of the advisors' calendars: each booking extends the chosen advisor's calendar and load, so no
 * two chosen slots overlap and the load spreads. For each seeker: the least loaded advisor with room who has a free
 * slot between the first day searched and the due date, at their earliest such slot; when none has, the earliest
 * slot after the due date of any advisor with room within `FIRST_INTERVIEW_BOOKING.searchDaysAfterDue` days (LATE);
 * else UNBOOKED.
 */
export function planFirstInterviews(
  advisors: readonly FirstInterviewAdvisor[],
  seekers: readonly FirstInterviewSeeker[],
  input: FirstInterviewPlanInput,
): FirstInterviewChoice[] {
  const ctx = slotContext(input.departement, input.hours, input.closures);
  const durationMs = input.durationMinutes * 60_000;
  const fromDay = toDayNumber(addDays(input.today, FIRST_INTERVIEW_BOOKING.noticeDays));
  const pool = advisors.map((a) => ({ id: a.id, load: a.load, capacity: a.capacity, calendar: a.calendar.clone() }));
  const choices: FirstInterviewChoice[] = [];
  for (const seeker of seekers) {
    const dueDate = firstInterviewDueDate(queueEntryDate(seeker.registrationDate, seeker.queuedOn), input.deadlineDays);
    const dueDay = toDayNumber(dueDate);
    const candidates = byLeastLoaded(pool.filter(hasRoom));
    let chosen: { advisor: (typeof pool)[number]; start: number; late: boolean } | undefined;
    if (fromDay <= dueDay) {
      for (const advisor of candidates) {
        const start = searchFreeSlot(ctx, advisor.calendar, fromDay, dueDay, input.durationMinutes);
        if (!Number.isNaN(start)) {
          chosen = { advisor, start, late: false };
          break;
        }
      }
    }
    if (chosen === undefined) {
      const lateFrom = Math.max(fromDay, dueDay + 1);
      const lateTo = Math.max(fromDay, dueDay) + FIRST_INTERVIEW_BOOKING.searchDaysAfterDue;
      for (const advisor of candidates) {
        const start = searchFreeSlot(ctx, advisor.calendar, lateFrom, lateTo, input.durationMinutes);
        if (!Number.isNaN(start) && (chosen === undefined || start < chosen.start)) chosen = { advisor, start, late: true };
      }
    }
    if (chosen === undefined) {
      choices.push({ seekerId: seeker.id, status: "UNBOOKED", dueDate });
      continue;
    }
    chosen.advisor.calendar.add(chosen.start, chosen.start + durationMs);
    chosen.advisor.load += 1;
    choices.push({
      seekerId: seeker.id,
      status: chosen.late ? "LATE" : "BOOKED",
      dueDate,
      advisorId: chosen.advisor.id,
      startsAt: formatInstant(chosen.start),
      endsAt: formatInstant(chosen.start + durationMs),
    });
  }
  return choices;
}
