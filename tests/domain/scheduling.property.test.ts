import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  type AgencyHours,
  type AppointmentKind,
  type BusyInterval,
  fromDayNumber,
  isWorkingDay,
  localToInstant,
  replanSlot,
  reviewWindows,
  type SlotChoiceInput,
  slotChoices,
  slotRefusal,
  timeZoneOf,
  toDayNumber,
  toLocalParts,
  windowOfKind,
} from "../../src/domain";
import { hhmm, toMinutes } from "../support/naive-calendar";

// docs/rules.md#moving-an-appointment, checked against a literal reading: every choice is in the future, on or after
// the notice (unless agreed), on a working day, on the grid inside the hours, free; a review's choice is inside its
// window whenever the window has a free allowed slot (scanned naively), and after it otherwise.

const DEPARTEMENTS = ["75", "57", "2A", "971", "974"];
const HOURS: AgencyHours[] = [
  { start: "13:30", end: "16:30", slotMinutes: 30 },
  { start: "08:30", end: "12:00", slotMinutes: 30 },
  { start: "14:00", end: "17:00", slotMinutes: 60 },
];
const KINDS: AppointmentKind[] = ["REVIEW_M4", "REVIEW_M9", "FOLLOW_UP", "JOINT_GLOBAL", "SOCIAL_REVIEW"];

interface Scenario {
  input: SlotChoiceInput & { hours: AgencyHours; busy: BusyInterval[]; registrationDate: string };
  from: string;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    departement: fc.constantFrom(...DEPARTEMENTS),
    r: fc.integer({ min: toDayNumber("2025-01-01"), max: toDayNumber("2029-12-31") }),
    todayOffset: fc.integer({ min: 60, max: 300 }),
    nowTime: fc.constantFrom("00:00", "09:00", "14:10", "16:45", "23:59"),
    kind: fc.constantFrom(...KINDS),
    hours: fc.constantFrom(...HOURS),
    notice: fc.integer({ min: 0, max: 10 }),
    agreed: fc.boolean(),
    fromOffset: fc.integer({ min: -10, max: 60 }),
    busy: fc.array(
      fc.record({
        anchor: fc.constantFrom("M4", "M9", "today"),
        dayOffset: fc.integer({ min: -3, max: 33 }),
        time: fc.constantFrom("00:00", "08:30", "09:00", "13:30", "14:00", "15:00", "16:00"),
        minutes: fc.constantFrom(30, 60, 180, 60 * 24 * 5, 60 * 24 * 20),
      }),
      { maxLength: 30 },
    ),
  })
  .map(({ departement, r, todayOffset, nowTime, kind, hours, notice, agreed, fromOffset, busy }) => {
    const registrationDate = fromDayNumber(r);
    const today = fromDayNumber(r + todayOffset);
    const zone = timeZoneOf(departement);
    const windows = reviewWindows(registrationDate);
    const anchors = { M4: windows.M4.from, M9: windows.M9.from, today };
    const intervals = busy.map((b) => {
      const start = localToInstant(addDays(anchors[b.anchor as keyof typeof anchors], b.dayOffset), b.time, zone);
      return { start, end: new Date(Date.parse(start) + b.minutes * 60_000).toISOString() };
    });
    return {
      input: {
        kind,
        registrationDate,
        departement,
        hours,
        busy: intervals,
        today,
        now: localToInstant(today, nowTime, zone),
        minNoticeDays: notice,
        seekerAgreed: agreed,
      },
      from: addDays(today, fromOffset),
    };
  });

/** Naive: is there a free allowed slot on local date `day`? */
function naiveFreeOn(s: Scenario["input"], day: string): boolean {
  if (!isWorkingDay(day, s.departement)) return false;
  const zone = timeZoneOf(s.departement);
  const now = Date.parse(s.now);
  for (let m = toMinutes(s.hours.start); m + s.hours.slotMinutes <= toMinutes(s.hours.end); m += s.hours.slotMinutes) {
    const start = Date.parse(localToInstant(day, hhmm(m), zone));
    const end = start + s.hours.slotMinutes * 60_000;
    if (start > now && s.busy.every((b) => Date.parse(b.end) <= start || Date.parse(b.start) >= end)) return true;
  }
  return false;
}

function earliestAllowed(s: Scenario["input"]): string {
  return s.seekerAgreed ? s.today : addDays(s.today, s.minNoticeDays);
}

function windowHasRoom(s: Scenario["input"]): boolean {
  const window = windowOfKind(s.kind, s.registrationDate);
  if (!window) return false;
  const from = earliestAllowed(s) > window.from ? earliestAllowed(s) : window.from;
  for (let day = from; day <= window.to; day = addDays(day, 1)) if (naiveFreeOn(s, day)) return true;
  return false;
}

function checkChoice(s: Scenario["input"], startsAt: string, overdue: boolean): void {
  const zone = timeZoneOf(s.departement);
  const start = Date.parse(startsAt);
  const local = toLocalParts(startsAt, zone);
  // never in the past
  expect(start).toBeGreaterThan(Date.parse(s.now));
  // never before the notice, unless agreed
  expect(local.date >= earliestAllowed(s)).toBe(true);
  // a working day, on the grid, inside the hours
  expect(isWorkingDay(local.date, s.departement)).toBe(true);
  const minute = toMinutes(local.time);
  expect(minute).toBeGreaterThanOrEqual(toMinutes(s.hours.start));
  expect((minute - toMinutes(s.hours.start)) % s.hours.slotMinutes).toBe(0);
  expect(minute + s.hours.slotMinutes).toBeLessThanOrEqual(toMinutes(s.hours.end));
  // free
  const end = start + s.hours.slotMinutes * 60_000;
  expect(s.busy.every((b) => Date.parse(b.end) <= start || Date.parse(b.start) >= end)).toBe(true);
  // a review: inside its window whenever the window has room, otherwise after it (flagged overdue)
  const window = windowOfKind(s.kind, s.registrationDate);
  if (window) {
    if (windowHasRoom(s)) {
      expect(overdue).toBe(false);
      expect(local.date >= window.from && local.date <= window.to).toBe(true);
    } else {
      expect(overdue).toBe(true);
      expect(local.date > window.to).toBe(true);
    }
  } else {
    expect(overdue).toBe(false);
  }
  // the re-check accepts what the rule offers
  expect(slotRefusal(s, startsAt)).toBeNull();
}

describe("slotChoices / replanSlot (docs/rules.md#moving-an-appointment)", () => {
  it("offers only allowed slots: future, after the notice, working day, in hours, free, inside a review's window when it has room", () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const choices = slotChoices(input, { limit: 5 });
        expect(choices.slots.length).toBeGreaterThan(0);
        for (const slot of choices.slots) checkChoice(input, slot.startsAt, slot.overdue);
        // earliest first, and the first one is the earliest allowed (no allowed day before it has room)
        const dates = choices.slots.map((slot) => slot.startsAt);
        expect([...dates].sort()).toEqual(dates);
        const first = choices.slots[0]!;
        const window = windowOfKind(input.kind, input.registrationDate);
        const lowest = window && !choices.overdue && window.from > earliestAllowed(input) ? window.from : earliestAllowed(input);
        const scanFrom = choices.overdue && window ? (addDays(window.to, 1) > lowest ? addDays(window.to, 1) : lowest) : lowest;
        for (let day = scanFrom; day < first.date; day = addDays(day, 1)) expect(naiveFreeOn(input, day)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("pages on: the slots after the last one shown are the next choices", () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const all = slotChoices(input, { limit: 6 }).slots;
        const firstPage = slotChoices(input, { limit: 3 }).slots;
        const last = firstPage[firstPage.length - 1];
        if (last === undefined) return;
        const next = slotChoices(input, { limit: 3, after: last.startsAt }).slots;
        expect([...firstPage, ...next]).toEqual(all);
      }),
      { numRuns: 80 },
    );
  });

  it("a re-plan takes one of the choices, the first one on or after the date asked when there is one", () => {
    fc.assert(
      fc.property(scenario, ({ input, from }) => {
        const slot = replanSlot(input, from);
        expect(slot).not.toBeNull();
        checkChoice(input, slot!.startsAt, slot!.overdue);
        const all = slotChoices(input, { limit: 400 }).slots;
        const onOrAfter = all.find((choice) => choice.date >= from);
        if (onOrAfter) expect(slot!.startsAt).toBe(onOrAfter.startsAt);
      }),
      { numRuns: 100 },
    );
  });

  it("refuses a slot in the past, before the notice, or off the grid, with a French reason", () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const zone = timeZoneOf(input.departement);
        expect(slotRefusal(input, new Date(Date.parse(input.now) - 60_000).toISOString())).toMatch(/passé/);
        if (!input.seekerAgreed && input.minNoticeDays > 0) {
          const tooSoon = localToInstant(addDays(input.today, input.minNoticeDays - 1), "23:59", zone);
          if (Date.parse(tooSoon) > Date.parse(input.now)) expect(slotRefusal(input, tooSoon)).toMatch(/prévenance/);
        }
        const choice = slotChoices(input, { limit: 1 }).slots[0]!;
        expect(slotRefusal(input, new Date(Date.parse(choice.startsAt) + 60_000).toISOString())).not.toBeNull();
      }),
      { numRuns: 80 },
    );
  });
});

describe("the defects of issue 15", () => {
  const base = {
    departement: "75",
    hours: { start: "13:30", end: "16:30", slotMinutes: 30 },
    busy: [],
    today: "2026-12-11",
    now: "2026-12-11T09:00:00Z",
    minNoticeDays: 2,
  };

  it("an M4 due from 20/01/2027 to 19/02/2027 is never offered before its window", () => {
    const input: SlotChoiceInput = { ...base, kind: "REVIEW_M4", registrationDate: "2026-10-20" };
    const choices = slotChoices(input);
    expect(choices.window).toEqual({ from: "2027-01-20", to: "2027-02-19" });
    expect(choices.slots[0]).toMatchObject({ date: "2027-01-20", time: "13:30", overdue: false });
    expect(slotRefusal(input, "2026-12-15T15:00:00Z")).toMatch(/fenêtre du bilan/);
  });

  it("a follow-up is never offered with less than the agency's notice unless the seeker agreed", () => {
    const input: SlotChoiceInput = { ...base, kind: "FOLLOW_UP", minNoticeDays: 5 };
    expect(slotChoices(input).slots[0]?.date).toBe("2026-12-16");
    expect(slotRefusal(input, "2026-12-14T13:30:00Z")).toMatch(/prévenance de l'agence est de 5 jours/);
    expect(slotChoices({ ...input, seekerAgreed: true }).slots[0]?.date).toBe("2026-12-11");
  });

  it("a full window gives the earliest slots after it, flagged overdue", () => {
    const input: SlotChoiceInput = {
      ...base,
      kind: "REVIEW_M4",
      registrationDate: "2026-10-20",
      busy: [{ start: "2027-01-19T00:00:00Z", end: "2027-02-20T00:00:00Z" }],
    };
    const choices = slotChoices(input);
    expect(choices.overdue).toBe(true);
    expect(choices.slots[0]).toMatchObject({ date: "2027-02-22", overdue: true });
    expect(replanSlot(input, "2027-01-25")).toMatchObject({ date: "2027-02-22", overdue: true });
  });
});
