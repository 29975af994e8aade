/**
 * Reminders (docs/rules.md#reminders): which appointments are due one, and when it is delivered. Examples on the
 * edges of the window, then properties against a literal reading of the rule.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  localDateOf,
  localToInstant,
  reminderDue,
  reminderKey,
  reminderSendAt,
  reminderWindow,
  reminderWindowOpensAt,
  toDayNumber,
} from "../../src/domain";

const PARIS = "Europe/Paris";
const REUNION = "Indian/Reunion";
const NOW = "2026-03-10T10:00:00.000Z"; // Tuesday 10 March, 11:00 in Paris
const BOOKED_LONG_AGO = "2026-02-01T10:00:00.000Z";
const at = (date: string, time: string, tz = PARIS) => localToInstant(date, time, tz);
const due = (startsAt: string, options: { status?: string; bookedAt?: string; daysBefore?: number; timeZone?: string; now?: string } = {}) =>
  reminderDue(
    { status: options.status ?? "SCHEDULED", startsAt, bookedAt: options.bookedAt ?? BOOKED_LONG_AGO },
    { daysBefore: options.daysBefore ?? 2, timeZone: options.timeZone ?? PARIS },
    options.now ?? NOW,
  );

describe("reminderDue", () => {
  it("reminds the appointments of tomorrow and the day after, not today's nor those three days ahead", () => {
    expect(due(at("2026-03-10", "14:00"))).toBe(false);
    expect(due(at("2026-03-11", "09:00"))).toBe(true);
    expect(due(at("2026-03-12", "16:30"))).toBe(true);
    expect(due(at("2026-03-12", "23:59"))).toBe(true);
    expect(due(at("2026-03-13", "00:00"))).toBe(false);
  });

  it("sends none when the agency's setting is 0", () => {
    expect(due(at("2026-03-11", "14:00"), { daysBefore: 0 })).toBe(false);
    expect(reminderWindow("2026-03-10", 0)).toBeNull();
  });

  it("reminds only scheduled appointments", () => {
    for (const status of ["CANCELLED", "DONE", "NO_SHOW", "EXCUSED"]) expect(due(at("2026-03-11", "14:00"), { status })).toBe(false);
  });

  it("does not remind an appointment booked inside its window (its convocation just went)", () => {
    const startsAt = at("2026-03-12", "14:00");
    // The window of 12 March opens at midnight on 10 March, Paris time.
    expect(new Date(reminderWindowOpensAt("2026-03-12", 2, PARIS)).toISOString()).toBe("2026-03-09T23:00:00.000Z");
    expect(due(startsAt, { bookedAt: "2026-03-09T22:59:59.999Z" })).toBe(true);
    expect(due(startsAt, { bookedAt: "2026-03-09T23:00:00.000Z" })).toBe(false);
    expect(due(startsAt, { bookedAt: "2026-03-10T08:00:00.000Z" })).toBe(false);
  });

  it("reads dates in the agency's time zone", () => {
    // 20:30 UTC on 10 March is 00:30 on 11 March in Réunion: « today » there is the 11th.
    const now = "2026-03-10T20:30:00.000Z";
    expect(localDateOf(now, REUNION)).toBe("2026-03-11");
    expect(due(at("2026-03-11", "14:00", REUNION), { now, timeZone: REUNION })).toBe(false);
    expect(due(at("2026-03-13", "14:00", REUNION), { now, timeZone: REUNION })).toBe(true);
    expect(due(at("2026-03-13", "14:00", PARIS), { now })).toBe(false);
  });

  it("is the literal rule: today < local date ≤ today + days, scheduled, booked before the window opened", () => {
    const zones = [PARIS, REUNION, "America/Cayenne"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2026-01-01"), max: Date.parse("2027-12-31") }),
        fc.integer({ min: -3 * 86_400_000, max: 20 * 86_400_000 }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.integer({ min: 0, max: 14 }),
        fc.constantFrom(...zones),
        fc.constantFrom("SCHEDULED", "CANCELLED", "DONE"),
        (nowMs, ahead, bookedBefore, daysBefore, timeZone, status) => {
          const now = new Date(nowMs).toISOString();
          const startsAt = new Date(nowMs + ahead).toISOString();
          const bookedAt = new Date(nowMs - bookedBefore).toISOString();
          const today = localDateOf(now, timeZone);
          const date = localDateOf(startsAt, timeZone);
          const inWindow = daysBefore > 0 && toDayNumber(date) > toDayNumber(today) && toDayNumber(date) <= toDayNumber(today) + daysBefore;
          const bookedBeforeWindow = localDateOf(bookedAt, timeZone) < addDays(date, -daysBefore);
          const expected = status === "SCHEDULED" && inWindow && bookedBeforeWindow;
          expect(reminderDue({ status, startsAt, bookedAt }, { daysBefore, timeZone }, now)).toBe(expected);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe("reminderKey", () => {
  it("names the appointment and its start, whatever the instant's written form", () => {
    expect(reminderKey("a1", "2026-03-12T13:00:00.000Z", "u1")).toBe("REMINDER:a1:2026-03-12T13:00:00.000Z:u1");
    expect(reminderKey("a1", "2026-03-12T14:00:00+01:00", "u1")).toBe("REMINDER:a1:2026-03-12T13:00:00.000Z:u1");
  });
});

describe("reminderSendAt", () => {
  const startsAt = at("2026-03-12", "14:00");
  it("sends at once during the day", () => {
    expect(reminderSendAt(at("2026-03-10", "11:00"), startsAt, PARIS)).toBe(at("2026-03-10", "11:00"));
  });
  it("waits for 09:00 at night", () => {
    expect(reminderSendAt(at("2026-03-10", "00:05"), startsAt, PARIS)).toBe(at("2026-03-10", "09:00"));
    expect(reminderSendAt(at("2026-03-10", "21:00"), startsAt, PARIS)).toBe(at("2026-03-11", "09:00"));
  });
  it("sends at once when the morning is too close to the appointment", () => {
    expect(reminderSendAt(at("2026-03-11", "21:00"), at("2026-03-12", "10:00"), PARIS)).toBe(at("2026-03-11", "21:00"));
  });
  it("never sends before now nor after the appointment, and never at night when it can wait", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2026-01-01"), max: Date.parse("2027-12-31") }),
        fc.integer({ min: 3_600_000, max: 14 * 86_400_000 }),
        (nowMs, ahead) => {
          const now = new Date(nowMs).toISOString();
          const start = new Date(nowMs + ahead).toISOString();
          const sendAt = Date.parse(reminderSendAt(now, start, PARIS));
          expect(sendAt).toBeGreaterThanOrEqual(nowMs);
          expect(sendAt).toBeLessThan(nowMs + ahead);
          if (sendAt > nowMs) expect(new Date(sendAt).toISOString()).toBe(localToInstant(localDateOf(new Date(sendAt).toISOString(), PARIS), "09:00", PARIS));
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
