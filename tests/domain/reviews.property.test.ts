import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  type AgencyHours,
  type BusyInterval,
  findFreeSlot,
  fromDayNumber,
  isWorkingDay,
  localToInstant,
  type MandatoryReview,
  planMandatoryReviews,
  type ReviewKind,
  reviewWindows,
  timeZoneOf,
  toDayNumber,
  toLocalParts,
} from "../../src/domain";
import { naiveFirstFree, toMinutes } from "../support/naive-calendar";

// ---------------------------------------------------------------------------------------------
// A deliberately naive oracle: the rules of docs/rules.md#planning-a-review read literally, a day-by-day,
// slot-by-slot scan and a linear overlap test against every busy interval. Only the calendar primitives (tested
// elsewhere) are shared; the scan is tests/support/naive-calendar.ts.

const DEFAULT: AgencyHours = { start: "13:30", end: "16:30", slotMinutes: 30 };

function naivePlan(
  registrationDate: string,
  departement: string,
  today: string,
  busyIso: BusyInterval[],
  done: ReviewKind[],
  hours: AgencyHours,
): MandatoryReview[] {
  const busy = busyIso.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
  const windows = reviewWindows(registrationDate);
  const tomorrow = addDays(today, 1);
  const far = (d: string) => addDays(d, 730);
  const out: MandatoryReview[] = [];
  for (const kind of ["M4", "M9"] as const) {
    const window = windows[kind];
    if (done.includes(kind)) {
      out.push({ kind, status: "DONE", window });
      continue;
    }
    let status: "SCHEDULED" | "OVERDUE";
    let start: number | null;
    if (today <= window.to) {
      const from = window.from > tomorrow ? window.from : tomorrow;
      start = naiveFirstFree(departement, from, window.to, hours, hours.slotMinutes, busy);
      status = "SCHEDULED";
      if (start === null) {
        start = naiveFirstFree(departement, addDays(window.to, 1), far(addDays(window.to, 1)), hours, hours.slotMinutes, busy);
        status = "OVERDUE";
      }
    } else if (kind === "M4" && today >= windows.M9.from) {
      out.push({ kind, status: "MISSED", window });
      continue;
    } else {
      start = naiveFirstFree(departement, tomorrow, far(tomorrow), hours, hours.slotMinutes, busy);
      status = "OVERDUE";
    }
    if (start === null) throw new Error("oracle: no slot");
    busy.push({ start, end: start + hours.slotMinutes * 60_000 });
    out.push({ kind, status, window, startsAt: new Date(start).toISOString() });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Generators.

const DEPARTEMENTS = ["75", "57", "2A", "971", "972", "973", "974", "976"];
const HOURS: (AgencyHours | undefined)[] = [
  undefined,
  { start: "13:30", end: "16:30", slotMinutes: 30 },
  { start: "08:30", end: "12:00", slotMinutes: 30 },
  { start: "14:00", end: "17:00", slotMinutes: 60 },
  { start: "09:00", end: "11:00", slotMinutes: 20 },
];
const FIRST = toDayNumber("2024-01-01");
const LAST = toDayNumber("2030-06-30");

interface Scenario {
  departement: string;
  registrationDate: string;
  today: string;
  busy: BusyInterval[];
  done: ReviewKind[];
  hours: AgencyHours | undefined;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    departement: fc.constantFrom(...DEPARTEMENTS),
    r: fc.integer({ min: FIRST, max: LAST }),
    todayOffset: fc.integer({ min: -40, max: 420 }),
    done: fc.subarray(["M4", "M9"] as ReviewKind[]),
    hours: fc.constantFrom(...HOURS),
    busy: fc.array(
      fc.record({
        anchor: fc.constantFrom("M4", "M9", "today", "R"),
        dayOffset: fc.integer({ min: -5, max: 35 }),
        time: fc.constantFrom("00:00", "08:00", "08:45", "09:00", "10:10", "13:00", "13:30", "13:45", "14:00", "14:10", "15:00", "15:30", "16:00", "16:15"),
        minutes: fc.constantFrom(10, 30, 45, 60, 90, 180, 300, 60 * 24 * 3, 60 * 24 * 12),
      }),
      { maxLength: 40 },
    ),
  })
  .map(({ departement, r, todayOffset, done, hours, busy }) => {
    const registrationDate = fromDayNumber(r);
    const today = fromDayNumber(r + todayOffset);
    const windows = reviewWindows(registrationDate);
    const zone = timeZoneOf(departement);
    const anchors = { M4: windows.M4.from, M9: windows.M9.from, today, R: registrationDate };
    return {
      departement,
      registrationDate,
      today,
      done,
      hours,
      busy: busy.map((b) => {
        const start = Date.parse(localToInstant(addDays(anchors[b.anchor as keyof typeof anchors], b.dayOffset), b.time, zone));
        return { start: new Date(start).toISOString(), end: new Date(start + b.minutes * 60_000).toISOString() };
      }),
    };
  });

const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number): boolean => aStart < bEnd && bStart < aEnd;

describe("planMandatoryReviews — properties", () => {
  it("matches the naive reading of docs/rules.md exactly", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const actual = planMandatoryReviews(s);
        expect(actual).toEqual(naivePlan(s.registrationDate, s.departement, s.today, s.busy, s.done, s.hours ?? DEFAULT));
      }),
      { numRuns: 600 },
    );
  });

  it("every planned slot is on a working day, inside agency hours, free, after today; SCHEDULED inside its window", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const hours = s.hours ?? DEFAULT;
        const zone = timeZoneOf(s.departement);
        const plan = planMandatoryReviews(s);
        expect(plan.map((r) => r.kind)).toEqual(["M4", "M9"]);
        const booked: [number, number][] = [];
        for (const review of plan) {
          if (s.done.includes(review.kind)) expect(review.status).toBe("DONE");
          if (review.status === "DONE" || review.status === "MISSED") {
            expect(review.startsAt).toBeUndefined();
            if (review.status === "MISSED") {
              expect(review.kind).toBe("M4");
              expect(s.today >= (plan[1]?.window.from ?? "")).toBe(true);
              expect(s.today > review.window.to).toBe(true);
            }
            continue;
          }
          const startsAt = review.startsAt ?? "";
          expect(startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
          const { date, time } = toLocalParts(startsAt, zone);
          expect(isWorkingDay(date, s.departement)).toBe(true);
          const minute = toMinutes(time);
          expect(minute).toBeGreaterThanOrEqual(toMinutes(hours.start));
          expect(minute + hours.slotMinutes).toBeLessThanOrEqual(toMinutes(hours.end));
          expect((minute - toMinutes(hours.start)) % hours.slotMinutes).toBe(0);
          expect(date > s.today).toBe(true);
          if (review.status === "SCHEDULED") {
            expect(date >= review.window.from && date <= review.window.to).toBe(true);
          } else {
            // OVERDUE: after today, and after the window when the window was still ahead.
            if (s.today <= review.window.to) expect(date > review.window.to).toBe(true);
          }
          const start = Date.parse(startsAt);
          const end = start + hours.slotMinutes * 60_000;
          for (const b of s.busy) expect(overlaps(start, end, Date.parse(b.start), Date.parse(b.end))).toBe(false);
          for (const [bs, be] of booked) expect(overlaps(start, end, bs, be)).toBe(false); // M9 never overlaps M4
          booked.push([start, end]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("findFreeSlot: any duration starts on the grid, fits the hours and matches the naive scan", () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(20, 30, 45, 60, 90), fc.integer({ min: 0, max: 40 }), (s, duration, span) => {
        const hours = s.hours ?? DEFAULT;
        const busyMs = s.busy.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
        const until = addDays(s.today, span);
        const found = findFreeSlot({ departement: s.departement, from: s.today, until, durationMinutes: duration, hours, busy: s.busy });
        const expected = naiveFirstFree(s.departement, s.today, until, hours, duration, busyMs);
        expect(found).toBe(expected === null ? null : new Date(expected).toISOString());
      }),
      { numRuns: 800 },
    );
  });
});
