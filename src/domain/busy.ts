/**
 * An advisor's busy time as sorted, merged, half-open intervals of epoch milliseconds.
 * Built once per advisor, queried by binary search, and extended as slots get booked.
 */
import { parseInstant, type IsoInstant } from "./instants";

/** An appointment or any other busy period, as ISO instants; half-open [start, end). */
export interface BusyInterval {
  start: IsoInstant;
  end: IsoInstant;
}

/** Epoch-millisecond interval [start, end). */
export type EpochInterval = readonly [start: number, end: number];

function checkInterval(start: number, end: number): void {
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new Error(`Intervalle occupé invalide : [${start}, ${end}).`);
  }
  if (end < start) {
    throw new Error(`Intervalle occupé invalide : la fin (${new Date(end).toISOString()}) précède le début (${new Date(start).toISOString()}).`);
  }
}

/** How many values of an ascending list are below `t`: the index of the first one at or above it (binary search). */
function countBelow(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Busy calendar of one advisor. Overlapping or touching intervals are merged (the union is what
 * matters to decide whether a slot is free); empty intervals are ignored.
 */
export class BusyCalendar {
  /** Starts of the merged intervals, ascending. */
  private starts: number[] = [];
  /** Ends of the merged intervals, ascending (intervals are disjoint). */
  private ends: number[] = [];

  /** Builds a calendar from ISO intervals (any order). */
  static fromIntervals(busy: readonly BusyInterval[]): BusyCalendar {
    const pairs: [number, number][] = new Array(busy.length);
    for (let i = 0; i < busy.length; i += 1) {
      const b = busy[i] as BusyInterval;
      pairs[i] = [parseInstant(b.start), parseInstant(b.end)];
    }
    return BusyCalendar.fromEpochMs(pairs);
  }

  /** Builds a calendar from epoch-ms intervals; linear when they are already sorted by start. */
  static fromEpochMs(intervals: readonly EpochInterval[]): BusyCalendar {
    let sorted = true;
    for (let i = 0; i < intervals.length; i += 1) {
      const iv = intervals[i] as EpochInterval;
      checkInterval(iv[0], iv[1]);
      if (i > 0 && iv[0] < (intervals[i - 1] as EpochInterval)[0]) sorted = false;
    }
    const list = sorted ? intervals : [...intervals].sort((a, b) => a[0] - b[0]);
    const calendar = new BusyCalendar();
    const starts = calendar.starts;
    const ends = calendar.ends;
    for (const [s, e] of list) {
      if (e <= s) continue;
      const last = ends.length - 1;
      if (last >= 0 && s <= (ends[last] as number)) {
        if (e > (ends[last] as number)) ends[last] = e;
      } else {
        starts.push(s);
        ends.push(e);
      }
    }
    return calendar;
  }

  /** Number of merged intervals. */
  get size(): number {
    return this.starts.length;
  }

  /** Index of the last merged interval starting before `t`, or −1. */
  private lastStartingBefore(t: number): number {
    return countBelow(this.starts, t) - 1;
  }

  /**
   * End of the busy interval overlapping [start, end), or −Infinity when that range is free.
   * Intervals being disjoint, the next free instant is at least the returned end.
   */
  conflictEnd(start: number, end: number): number {
    const i = this.lastStartingBefore(end);
    if (i < 0) return -Infinity;
    const e = this.ends[i] as number;
    return e > start ? e : -Infinity;
  }

  /** True when [start, end) overlaps no busy interval. */
  isFree(start: number, end: number): boolean {
    return this.conflictEnd(start, end) === -Infinity;
  }

  /** Marks [start, end) as busy, merging with its neighbours. */
  add(start: number, end: number): void {
    checkInterval(start, end);
    if (end === start) return;
    const starts = this.starts;
    const ends = this.ends;
    // First interval that ends at or after `start` (it may touch or overlap the new one).
    const lo = countBelow(ends, start);
    let j = lo;
    let s = start;
    let e = end;
    while (j < starts.length && (starts[j] as number) <= e) {
      if ((starts[j] as number) < s) s = starts[j] as number;
      if ((ends[j] as number) > e) e = ends[j] as number;
      j += 1;
    }
    const removed = j - lo;
    if (removed === 0) {
      starts.splice(lo, 0, s);
      ends.splice(lo, 0, e);
    } else {
      starts[lo] = s;
      ends[lo] = e;
      if (removed > 1) {
        starts.splice(lo + 1, removed - 1);
        ends.splice(lo + 1, removed - 1);
      }
    }
  }

  /** A copy that can be extended without touching this calendar. */
  clone(): BusyCalendar {
    const copy = new BusyCalendar();
    copy.starts = this.starts.slice();
    copy.ends = this.ends.slice();
    return copy;
  }

  /** The merged intervals, in order. */
  toEpochIntervals(): [number, number][] {
    return this.starts.map((s, i) => [s, this.ends[i] as number]);
  }
}

/** Accepts either ISO intervals or a ready calendar (which is then used as is, and extended by bookings). */
export type BusyInput = readonly BusyInterval[] | BusyCalendar;

/** A calendar from `BusyInput`: ISO intervals are parsed into a fresh calendar, a calendar is returned as is. */
export function toBusyCalendar(busy: BusyInput | undefined): BusyCalendar {
  if (busy === undefined) return new BusyCalendar();
  return busy instanceof BusyCalendar ? busy : BusyCalendar.fromIntervals(busy);
}
