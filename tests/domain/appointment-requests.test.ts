import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  APPOINTMENT_KINDS,
  localDateOf,
  localToInstant,
  mayReportAbsence,
  reviewWindows,
  seekerSlotChoices,
  seekerSlotRefusal,
  slotChoices,
  slotRefusal,
  type AppointmentKind,
  type SlotChoiceInput,
} from "../../src/domain";

// docs/rules.md#seekers-requests-on-appointments: the seeker's slots are the rule for moving, narrowed to a review's window.

const PARIS = "Europe/Paris";
const base = (kind: AppointmentKind, busy: [string, string][] = []): SlotChoiceInput => ({
  kind,
  registrationDate: "2025-12-01", // M4 window: 2026-03-01 → 2026-03-31
  departement: "76",
  hours: { start: "13:30", end: "16:30", slotMinutes: 30 },
  busy: busy.map(([start, end]) => ({ start, end })),
  today: "2026-03-26",
  now: localToInstant("2026-03-26", "10:00", PARIS),
  minNoticeDays: 2,
});

/** Every slot of the agency's hours on these dates, busy. */
function fullDays(dates: string[]): [string, string][] {
  return dates.flatMap((date) =>
    ["13:30", "14:00", "14:30", "15:00", "15:30", "16:00"].map((time) => {
      const start = localToInstant(date, time, PARIS);
      return [start, new Date(Date.parse(start) + 30 * 60_000).toISOString()] as [string, string];
    }),
  );
}

describe("seekers' requests: the rules", () => {
  it("a seeker may say they cannot come to anything but the mandatory M4 and M9 reviews", () => {
    expect(APPOINTMENT_KINDS.filter((kind) => !mayReportAbsence(kind))).toEqual(["REVIEW_M4", "REVIEW_M9", "JOINT_DIAGNOSTIC"]);
  });

  it("with room in the window, the seeker's slots are the advisor's, all inside it", () => {
    const input = base("REVIEW_M4");
    const seeker = seekerSlotChoices(input, { limit: 20 });
    expect(seeker.slots).toEqual(slotChoices(input, { limit: 20 }).slots);
    expect(seeker.slots.length).toBeGreaterThan(0);
    for (const slot of seeker.slots) expect(slot.date <= "2026-03-31").toBe(true);
  });

  it("with the window full, the advisor's rule places the review late; the seeker gets no slot and a late slot is refused", () => {
    const input = base("REVIEW_M4", fullDays(["2026-03-30", "2026-03-31"]));
    const late = slotChoices(input, { limit: 5 });
    expect(late.overdue).toBe(true);
    expect(late.slots.length).toBeGreaterThan(0);
    expect(seekerSlotChoices(input, { limit: 5 }).slots).toEqual([]);
    const slot = late.slots[0]!.startsAt;
    expect(slotRefusal(input, slot)).toBeNull();
    expect(seekerSlotRefusal(input, slot)).toBe("Ce bilan ne peut être déplacé qu'à une date de sa période.");
  });

  it("a follow-up is not bound to a window", () => {
    const input = base("FOLLOW_UP");
    const slot = localToInstant("2026-04-15", "14:00", PARIS);
    expect(seekerSlotRefusal(input, slot)).toBeNull();
    expect(seekerSlotRefusal(input, localToInstant("2026-04-12", "14:00", PARIS))).toMatch(/jour ouvré/);
  });

  it("every slot offered to a seeker passes the seeker's re-check, and a review's lies in its window (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<AppointmentKind>("REVIEW_M4", "REVIEW_M9", "FOLLOW_UP"),
        fc.integer({ min: 0, max: 200 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 30 }),
        (kind, registrationOffset, busyHalfHours) => {
          const registrationDate = new Date(Date.UTC(2025, 6, 1) + registrationOffset * 86_400_000).toISOString().slice(0, 10);
          const start = Date.parse(localToInstant("2026-03-30", "13:30", PARIS));
          const busy = busyHalfHours.map((n) => ({
            start: new Date(start + n * 30 * 60_000).toISOString(),
            end: new Date(start + (n + 1) * 30 * 60_000).toISOString(),
          }));
          const input: SlotChoiceInput = { ...base(kind), registrationDate, busy };
          const window = kind === "FOLLOW_UP" ? null : reviewWindows(registrationDate)[kind === "REVIEW_M4" ? "M4" : "M9"];
          for (const slot of seekerSlotChoices(input, { limit: 6 }).slots) {
            expect(seekerSlotRefusal(input, slot.startsAt)).toBeNull();
            if (window) {
              const date = localDateOf(slot.startsAt, PARIS);
              expect(date >= window.from && date <= window.to).toBe(true);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
