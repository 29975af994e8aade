import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  type AgencyHours,
  BusyCalendar,
  firstInterviewDueDate,
  type FirstInterviewAdvisor,
  type FirstInterviewChoice,
  isWorkingDay,
  localToInstant,
  planFirstInterviews,
  slotStartTimes,
  timeZoneOf,
  toLocalParts,
} from "../../src/domain";
import { hhmm, naiveFirstFree } from "../support/naive-calendar";

// A naive oracle of docs/rules.md#booking-first-interviews: a day-by-day, slot-by-slot scan, a linear overlap test.

const fillOf = (a: { load: number; capacity: number }) => (a.capacity <= 0 ? (a.load > 0 ? Infinity : 0) : a.load / a.capacity);

const HOURS: AgencyHours[] = [
  { start: "13:30", end: "16:30", slotMinutes: 30 },
  { start: "09:00", end: "12:00", slotMinutes: 60 },
];

const scenario = fc
  .record({
    departement: fc.constantFrom("75", "05", "2A", "974", "971", "57"),
    hours: fc.constantFrom(...HOURS),
    durationMinutes: fc.constantFrom(30, 60),
    deadlineDays: fc.integer({ min: 1, max: 30 }),
    todayOffset: fc.integer({ min: 0, max: 700 }),
    registrations: fc.array(fc.integer({ min: 0, max: 35 }), { minLength: 1, maxLength: 12 }),
    advisors: fc.array(
      fc.record({
        load: fc.integer({ min: 0, max: 8 }),
        capacity: fc.integer({ min: 0, max: 20 }),
        busy: fc.array(
          fc.record({
            day: fc.integer({ min: -2, max: 40 }),
            minute: fc.integer({ min: 6 * 60, max: 18 * 60 }),
            minutes: fc.integer({ min: 15, max: 3 * 24 * 60 }),
          }),
          { maxLength: 14 },
        ),
      }),
      { minLength: 0, maxLength: 4 },
    ),
  })
  .map((s) => {
    const today = addDays("2026-01-01", s.todayOffset);
    const zone = timeZoneOf(s.departement);
    const advisors = s.advisors.map((a, i) => ({
      id: `advisor-${i}`,
      load: a.load,
      capacity: a.capacity,
      busy: a.busy.map((b) => {
        const start = Date.parse(localToInstant(addDays(today, b.day), hhmm(b.minute), zone));
        return { start, end: start + b.minutes * 60_000 };
      }),
    }));
    const seekers = s.registrations
      .map((back, i) => ({ id: `seeker-${i}`, registrationDate: addDays(today, -back) }))
      .sort((a, b) => (a.registrationDate < b.registrationDate ? -1 : 1));
    return { ...s, today, advisors, seekers };
  });

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function run(s: Scenario): FirstInterviewChoice[] {
  const advisors: FirstInterviewAdvisor[] = s.advisors.map((a) => ({
    id: a.id,
    load: a.load,
    capacity: a.capacity,
    calendar: BusyCalendar.fromEpochMs(a.busy.map((b) => [b.start, b.end] as const)),
  }));
  return planFirstInterviews(advisors, s.seekers, {
    departement: s.departement,
    hours: s.hours,
    durationMinutes: s.durationMinutes,
    deadlineDays: s.deadlineDays,
    today: s.today,
  });
}

describe("planFirstInterviews — properties", () => {
  it("books on a working day, inside the agency's hours, after today, overlapping nothing of the advisor's", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const choices = run(s);
        expect(choices.map((c) => c.seekerId)).toEqual(s.seekers.map((x) => x.id));
        const zone = timeZoneOf(s.departement);
        const taken = new Map(s.advisors.map((a) => [a.id, [...a.busy]]));
        for (const choice of choices) {
          if (choice.status === "UNBOOKED") continue;
          const start = Date.parse(choice.startsAt);
          const end = Date.parse(choice.endsAt);
          expect(end - start).toBe(s.durationMinutes * 60_000);
          const { date, time } = toLocalParts(choice.startsAt, zone);
          expect(date > s.today).toBe(true);
          expect(isWorkingDay(date, s.departement)).toBe(true);
          expect(slotStartTimes(s.hours, s.durationMinutes)).toContain(time);
          const busy = taken.get(choice.advisorId)!;
          expect(busy.every((b) => b.end <= start || b.start >= end)).toBe(true);
          busy.push({ start, end });
        }
      }),
      { numRuns: 150 },
    );
  });

  it("never books after the deadline when an advisor with room has a free slot before it, and picks the least loaded such advisor", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const choices = run(s);
        const zone = timeZoneOf(s.departement);
        const from = addDays(s.today, 1);
        const state = s.advisors.map((a) => ({ id: a.id, load: a.load, capacity: a.capacity, busy: [...a.busy] }));
        for (const [i, choice] of choices.entries()) {
          const due = firstInterviewDueDate(s.seekers[i]!.registrationDate, s.deadlineDays);
          expect(choice.dueDate).toBe(due);
          const withRoom = state.filter((a) => a.load < a.capacity);
          const inTime = withRoom.filter((a) => from <= due && naiveFirstFree(s.departement, from, due, s.hours, s.durationMinutes, a.busy) !== null);
          if (inTime.length > 0) {
            expect(choice.status).toBe("BOOKED");
          } else {
            expect(choice.status).not.toBe("BOOKED");
          }
          if (choice.status === "UNBOOKED") continue;
          const advisor = state.find((a) => a.id === choice.advisorId)!;
          expect(advisor.load < advisor.capacity).toBe(true);
          const date = toLocalParts(choice.startsAt, zone).date;
          if (choice.status === "BOOKED") {
            expect(date <= due).toBe(true);
            // The least loaded advisor with a slot in time, at their earliest slot.
            expect(Math.min(...inTime.map(fillOf))).toBe(fillOf(advisor));
            expect(Date.parse(choice.startsAt)).toBe(naiveFirstFree(s.departement, from, due, s.hours, s.durationMinutes, advisor.busy));
          } else {
            expect(date > due).toBe(true);
          }
          const start = Date.parse(choice.startsAt);
          advisor.busy.push({ start, end: start + s.durationMinutes * 60_000 });
          advisor.load += 1;
        }
      }),
      { numRuns: 100 },
    );
  });

  it("leaves the advisors' calendars untouched and books nobody for whom no advisor has room", () => {
    const calendar = BusyCalendar.fromEpochMs([]);
    const choices = planFirstInterviews([{ id: "full", load: 5, capacity: 5, calendar }], [{ id: "s", registrationDate: "2026-03-02" }], {
      departement: "75",
      hours: HOURS[0]!,
      durationMinutes: 60,
      deadlineDays: 28,
      today: "2026-03-02",
    });
    expect(choices).toEqual([{ seekerId: "s", status: "UNBOOKED", dueDate: "2026-03-30" }]);
    const free = planFirstInterviews(
      [{ id: "a", load: 0, capacity: 5, calendar }],
      [
        { id: "s1", registrationDate: "2026-03-02" },
        { id: "s2", registrationDate: "2026-03-02" },
      ],
      { departement: "75", hours: HOURS[0]!, durationMinutes: 60, deadlineDays: 28, today: "2026-03-02" },
    );
    // Tuesday 3 March 2026, 13:30 and 14:30 in Paris (UTC+1).
    expect(free.map((c) => (c.status === "UNBOOKED" ? null : c.startsAt))).toEqual(["2026-03-03T12:30:00.000Z", "2026-03-03T13:30:00.000Z"]);
    expect(calendar.size).toBe(0);
  });
});
