/**
 * Agency closure days (docs/rules.md#agency-closure-days) in every slot search of the domain: no slot a booking path
 * may take lies on a closure day — except a review whose window has free slots only on closure days (the window
 * rule wins).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  findFreeSlot,
  fromDayNumber,
  isAgencyOpenDay,
  isWorkingDay,
  localDateOf,
  localToInstant,
  planFirstInterviews,
  planFollowUps,
  planMandatoryReviews,
  replanSlot,
  reviewWindows,
  slotChoices,
  slotRefusal,
  timeZoneOf,
  toDayNumber,
  BusyCalendar,
  type BusyInterval,
  type IsoDate,
  type SlotChoiceInput,
} from "../../src/domain";

const DEPARTEMENTS = ["75", "76", "67", "974", "971"] as const;
const dateArb = fc.integer({ min: toDayNumber("2026-01-05"), max: toDayNumber("2027-06-30") }).map(fromDayNumber);
const dateOf = (instant: string, departement: string) => localDateOf(instant, timeZoneOf(departement));

describe("the working-day rule with closure days", () => {
  it("an open day is a working day that is not a closure day", () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...DEPARTEMENTS), fc.boolean(), (date, dep, closed) => {
        const closures = closed ? [date] : [];
        expect(isAgencyOpenDay(date, dep, closures)).toBe(isWorkingDay(date, dep) && !closed);
      }),
    );
  });

  it("findFreeSlot never returns a slot on a closure day, and finds the next open day", () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...DEPARTEMENTS), (from, dep) => {
        const closures = [0, 1, 2, 3, 4, 5, 6].map((o) => addDays(from, o));
        const slot = findFreeSlot({ departement: dep, from, busy: [], closures });
        expect(slot).not.toBeNull();
        const day = dateOf(slot!, dep);
        expect(closures).not.toContain(day);
        expect(toDayNumber(day)).toBeGreaterThan(toDayNumber(addDays(from, 6)));
      }),
      { numRuns: 50 },
    );
  });
});

describe("first interviews", () => {
  it("are never booked on a closure day", () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...DEPARTEMENTS), (today, dep) => {
        const closures = [1, 2, 3, 4, 5, 8, 9].map((o) => addDays(today, o));
        const seekers = Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, registrationDate: addDays(today, -i) }));
        const advisors = [{ id: "a", load: 0, capacity: 100, calendar: new BusyCalendar() }];
        const choices = planFirstInterviews(advisors, seekers, {
          departement: dep,
          hours: { start: "13:30", end: "16:30", slotMinutes: 30 },
          durationMinutes: 60,
          deadlineDays: 28,
          today,
          closures,
        });
        for (const c of choices) {
          expect(c.status).not.toBe("UNBOOKED");
          if (c.status !== "UNBOOKED") expect(closures).not.toContain(dateOf(c.startsAt, dep));
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("follow-ups", () => {
  it("are never booked on a closure day", () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...DEPARTEMENTS), (decisionDate, dep) => {
        const closures = Array.from({ length: 400 }, (_, i) => addDays(decisionDate, i)).filter((_, i) => i % 3 !== 2);
        const plan = planFollowUps({ modality: "RENFORCE", decisionDate, horizonMonths: 12, departement: dep, busy: [], closures });
        expect(plan.length).toBeGreaterThan(0);
        for (const f of plan) expect(closures).not.toContain(dateOf(f.startsAt, dep));
      }),
      { numRuns: 20 },
    );
  });
});

describe("mandatory reviews", () => {
  it("are never planned on a closure day while their window has another free day", () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...DEPARTEMENTS), (registrationDate, dep) => {
        const windows = reviewWindows(registrationDate);
        const closures = [...closuresArbitraryDays(windows.M4.from, 10), ...closuresArbitraryDays(windows.M9.from, 10)];
        const plan = planMandatoryReviews({ registrationDate, departement: dep, today: registrationDate, busy: [], closures });
        for (const review of plan) {
          expect(review.status).toBe("SCHEDULED");
          expect(closures).not.toContain(dateOf(review.startsAt!, dep));
        }
      }),
      { numRuns: 40 },
    );
  });

  it("the window rule wins: a window whose only free slots lie on a closure day is still planned inside it", () => {
    const dep = "75";
    const registrationDate = "2026-01-15";
    const { M4 } = reviewWindows(registrationDate); // 2026-04-15 … 2026-05-14
    const closure = "2026-05-12";
    // Every working day of the window is busy, but the closure day.
    const busy: BusyInterval[] = [];
    for (let d = M4.from; toDayNumber(d) <= toDayNumber(M4.to); d = addDays(d, 1)) {
      if (d === closure || !isWorkingDay(d, dep)) continue;
      busy.push({ start: localToInstant(d, "00:00", "Europe/Paris"), end: localToInstant(d, "23:59", "Europe/Paris") });
    }
    const plan = planMandatoryReviews({ registrationDate, departement: dep, today: "2026-03-01", busy, closures: [closure] });
    expect(plan[0]!.status).toBe("SCHEDULED");
    expect(dateOf(plan[0]!.startsAt!, dep)).toBe(closure);
    // The M9 window has free days: its review avoids a closure day in it.
    const m9Closure = reviewWindows(registrationDate).M9.from;
    const plan2 = planMandatoryReviews({ registrationDate, departement: dep, today: "2026-03-01", busy, closures: [closure, m9Closure] });
    expect(dateOf(plan2[1]!.startsAt!, dep)).not.toBe(m9Closure);

    // Moving the review: the same rule — the closure day is offered (and accepted) only because the window has nothing else.
    const input: SlotChoiceInput = {
      kind: "REVIEW_M4",
      registrationDate,
      departement: dep,
      busy,
      today: "2026-03-01",
      now: "2026-03-01T08:00:00Z",
      minNoticeDays: 2,
      closures: [closure],
    };
    const choices = slotChoices(input);
    expect(choices.overdue).toBe(false);
    expect(choices.slots.map((s) => s.date)).toEqual(choices.slots.map(() => closure));
    expect(slotRefusal(input, choices.slots[0]!.startsAt)).toBeNull();
  });
});

describe("moving or booking an appointment", () => {
  it("offers no slot on a closure day and refuses one there", () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom(...DEPARTEMENTS), fc.constantFrom("FOLLOW_UP", "INITIAL", "JOINT_GLOBAL"), (today, dep, kind) => {
        const closures = [2, 3, 4].map((o) => addDays(today, o));
        const input: SlotChoiceInput = {
          kind,
          departement: dep,
          busy: [],
          today,
          now: localToInstant(today, "08:00", timeZoneOf(dep)),
          minNoticeDays: 0,
          closures,
        };
        const choices = slotChoices(input, { limit: 20 });
        for (const slot of choices.slots) expect(closures).not.toContain(slot.date);
        const replan = replanSlot(input, closures[0]!);
        expect(closures).not.toContain(replan!.date);
        for (const day of closures) {
          if (!isWorkingDay(day, dep)) continue;
          const at = localToInstant(day, "14:00", timeZoneOf(dep));
          expect(slotRefusal(input, at)).toBe("L'agence est fermée au public ce jour-là.");
          expect(slotRefusal({ ...input, closures: [] }, at)).toBeNull();
        }
      }),
      { numRuns: 40 },
    );
  });
});

function closuresArbitraryDays(from: IsoDate, count: number): IsoDate[] {
  return Array.from({ length: count }, (_, i) => addDays(from, i));
}
