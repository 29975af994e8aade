import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BusyCalendar, DEFAULT_HOURS, FIRST_INTERVIEW_MINUTES, findFreeSlot, slotStartTimes } from "../../src/domain";

describe("slot grid", () => {
  it("default hours: 13:30 to 16:00 starts for 30 minutes, 15:30 last for 60 minutes", () => {
    expect(DEFAULT_HOURS).toEqual({ start: "13:30", end: "16:30", slotMinutes: 30 });
    expect(slotStartTimes()).toEqual(["13:30", "14:00", "14:30", "15:00", "15:30", "16:00"]);
    expect(slotStartTimes(DEFAULT_HOURS, FIRST_INTERVIEW_MINUTES)).toEqual(["13:30", "14:00", "14:30", "15:00", "15:30"]);
    expect(slotStartTimes({ start: "09:00", end: "10:40", slotMinutes: 30 })).toEqual(["09:00", "09:30", "10:00"]);
    expect(slotStartTimes(DEFAULT_HOURS, 240)).toEqual([]);
  });
});

describe("findFreeSlot", () => {
  const base = { departement: "75", from: "2026-04-15", busy: [] as { start: string; end: string }[] };

  it("finds the first 60-minute slot on the grid", () => {
    expect(findFreeSlot({ ...base, durationMinutes: 60 })).toBe("2026-04-15T11:30:00.000Z");
    // 13:30–14:00 local busy → 14:00 local.
    const busy = [{ start: "2026-04-15T11:30:00.000Z", end: "2026-04-15T12:00:00.000Z" }];
    expect(findFreeSlot({ ...base, durationMinutes: 60, busy })).toBe("2026-04-15T12:00:00.000Z");
    // Busy until 13:45 local: the next start is on the grid (14:00), not 13:45.
    const offGrid = [{ start: "2026-04-15T11:30:00.000Z", end: "2026-04-15T11:45:00.000Z" }];
    expect(findFreeSlot({ ...base, durationMinutes: 60, busy: offGrid })).toBe("2026-04-15T12:00:00.000Z");
  });

  it("a long appointment must fit entirely before a later busy interval and within hours", () => {
    const busy = [
      { start: "2026-04-15T11:30:00.000Z", end: "2026-04-15T12:30:00.000Z" }, // 13:30–14:30 local
      { start: "2026-04-15T13:00:00.000Z", end: "2026-04-15T14:30:00.000Z" }, // 15:00–16:30 local
    ];
    // 30 minutes fit at 14:30; 60 minutes do not fit anywhere on the 15th → Thursday 16th 13:30.
    expect(findFreeSlot({ ...base, durationMinutes: 30, busy })).toBe("2026-04-15T12:30:00.000Z");
    expect(findFreeSlot({ ...base, durationMinutes: 60, busy })).toBe("2026-04-16T11:30:00.000Z");
    // Bounded by `until` (inclusive).
    expect(findFreeSlot({ ...base, until: "2026-04-15", durationMinutes: 60, busy })).toBeNull();
    expect(findFreeSlot({ ...base, until: "2026-04-16", durationMinutes: 60, busy })).toBe("2026-04-16T11:30:00.000Z");
    // Longer than the hours: never.
    expect(findFreeSlot({ ...base, durationMinutes: 240 })).toBeNull();
  });

  it("skips weekends and holidays of the territory, in local time", () => {
    // Saturday 2 May → Monday 4 May.
    expect(findFreeSlot({ ...base, from: "2026-05-02" })).toBe("2026-05-04T11:30:00.000Z");
    // Réunion 20 December 2027 (Monday, holiday) → Tuesday 21 December 13:30 UTC+4.
    expect(findFreeSlot({ ...base, departement: "974", from: "2027-12-20" })).toBe("2027-12-21T09:30:00.000Z");
    // Winter time in Paris.
    expect(findFreeSlot({ ...base, from: "2026-12-01" })).toBe("2026-12-01T12:30:00.000Z");
  });

  it("jumps over a long leave", () => {
    const busy = [{ start: "2026-04-14T22:00:00.000Z", end: "2026-06-30T22:00:00.000Z" }];
    expect(findFreeSlot({ ...base, busy })).toBe("2026-07-01T11:30:00.000Z");
    expect(findFreeSlot({ ...base, busy, until: "2026-06-30" })).toBeNull();
  });

  it("does not modify a calendar it is given", () => {
    const calendar = BusyCalendar.fromIntervals([{ start: "2026-04-15T11:30:00.000Z", end: "2026-04-15T12:00:00.000Z" }]);
    expect(findFreeSlot({ ...base, busy: calendar })).toBe("2026-04-15T12:00:00.000Z");
    expect(findFreeSlot({ ...base, busy: calendar })).toBe("2026-04-15T12:00:00.000Z");
    expect(calendar.size).toBe(1);
  });

  it("validates its input", () => {
    expect(() => findFreeSlot({ ...base, durationMinutes: 0 })).toThrow(/Durée de rendez-vous invalide/);
    expect(() => findFreeSlot({ ...base, durationMinutes: 12.5 })).toThrow(/Durée de rendez-vous invalide/);
    expect(() => findFreeSlot({ ...base, departement: "99" })).toThrow(/Département inconnu/);
    expect(() => findFreeSlot({ ...base, from: "15/04/2026" })).toThrow(/Date invalide/);
  });
});

describe("BusyCalendar", () => {
  it("merges overlapping and touching intervals, ignores empty ones", () => {
    const c = BusyCalendar.fromEpochMs([
      [30, 40],
      [0, 10],
      [10, 20],
      [35, 50],
      [60, 60],
    ]);
    expect(c.toEpochIntervals()).toEqual([
      [0, 20],
      [30, 50],
    ]);
    expect(c.isFree(20, 30)).toBe(true);
    expect(c.isFree(19, 30)).toBe(false);
    expect(c.isFree(20, 31)).toBe(false);
    expect(c.isFree(50, 100)).toBe(true);
    expect(c.conflictEnd(15, 35)).toBe(50);
  });

  it("adds intervals keeping them sorted and merged; clone is independent", () => {
    const c = BusyCalendar.fromEpochMs([
      [0, 10],
      [20, 30],
      [40, 50],
    ]);
    const copy = c.clone();
    c.add(10, 20);
    expect(c.toEpochIntervals()).toEqual([
      [0, 30],
      [40, 50],
    ]);
    c.add(35, 60);
    c.add(-10, -5);
    c.add(100, 110);
    expect(c.toEpochIntervals()).toEqual([
      [-10, -5],
      [0, 30],
      [35, 60],
      [100, 110],
    ]);
    expect(copy.size).toBe(3);
    expect(() => c.add(5, 1)).toThrow(/précède/);
  });

  it("answers like a naive list of intervals (property)", () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 60 })).map(([s, d]) => [s, s + d] as const);
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 30 }),
        fc.array(interval, { maxLength: 10 }),
        fc.array(interval, { maxLength: 30 }),
        (initial, added, queries) => {
          const c = BusyCalendar.fromEpochMs(initial);
          for (const [s, e] of added) c.add(s, e);
          const all = [...initial, ...added].filter(([s, e]) => e > s);
          for (const [s, e] of queries) {
            if (e <= s) continue;
            const naiveFree = all.every(([bs, be]) => be <= s || bs >= e);
            expect(c.isFree(s, e)).toBe(naiveFree);
          }
          const merged = c.toEpochIntervals();
          for (let i = 1; i < merged.length; i += 1) expect((merged[i] as [number, number])[0]).toBeGreaterThan((merged[i - 1] as [number, number])[1]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
