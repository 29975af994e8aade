import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BusyCalendar,
  bookDueSlot,
  isWorkingDay,
  jointDiagnosticApplies,
  jointDiagnosticRefusal,
  jointDiagnosticTracking,
  localDateOf,
  slotContext,
  timeZoneOf,
  type JointDiagnosticOrientation,
} from "@/domain";
import { answersWith } from "../support/diagnostic-answers";

const social = (rsa: boolean, barriers = {}): JointDiagnosticOrientation => ({
  parcours: "SOCIAL",
  situation: { rsa, rqth: false, ageYears: 40 },
  answers: answersWith({ barriers }),
});

describe("joint diagnostic — when it applies", () => {
  it("applies to the social parcours of an RSA recipient only", () => {
    expect(jointDiagnosticApplies(social(true))).toBe(true);
    expect(jointDiagnosticApplies(social(false))).toBe(false);
    expect(jointDiagnosticApplies({ ...social(true), parcours: "SOCIO_PROFESSIONNEL" })).toBe(false);
    expect(jointDiagnosticApplies({ ...social(true), parcours: "EMPLOI" })).toBe(false);
    expect(jointDiagnosticApplies({ parcours: "SOCIAL", situation: { rsa: "true" } })).toBe(false);
    expect(jointDiagnosticApplies(null)).toBe(false);
  });
  it("says why it cannot be booked, in French", () => {
    expect(jointDiagnosticRefusal(social(false), "2026-01-10")).toMatch(/bénéficiaires du RSA orientés vers le parcours social/);
    expect(jointDiagnosticRefusal(social(true), null)).toMatch(/aucun contrat signé/);
    expect(jointDiagnosticRefusal(social(true), "2026-01-10")).toBeNull();
  });
});

describe("joint diagnostic — state", () => {
  const signed = "2026-01-31";
  const track = (
    today: string,
    appointments: { status: "SCHEDULED" | "DONE" | "CANCELLED" | "NO_SHOW" | "EXCUSED"; date: string }[] = [],
    orientation = social(true),
  ) => jointDiagnosticTracking({ orientation, contractSignedOn: signed, today, appointments });

  it("is not due without the social RSA orientation or without a signed contract", () => {
    expect(track("2026-02-01", [], social(false)).state).toBe("NOT_DUE");
    expect(jointDiagnosticTracking({ orientation: social(true), contractSignedOn: null, today: "2026-02-01", appointments: [] }).state).toBe("NOT_DUE");
  });
  it("is due 6 months after the signature (month-end clamped), 12 with a major health, housing or family barrier", () => {
    expect(track("2026-02-01").window).toEqual({ from: signed, to: "2026-07-31" });
    expect(
      jointDiagnosticTracking({ orientation: social(true, { HOUSING: "MAJOR" }), contractSignedOn: "2025-08-31", today: "2025-09-01", appointments: [] })
        .window,
    ).toEqual({
      from: "2025-08-31",
      to: "2026-08-31",
    });
    expect(
      jointDiagnosticTracking({ orientation: social(true, { HEALTH: "MINOR" }), contractSignedOn: "2025-08-31", today: "2025-09-01", appointments: [] }).window
        ?.to,
    ).toBe("2026-02-28");
  });
  it("to book, booked, done, late — counting only appointments since the latest signature", () => {
    expect(track("2026-02-01").state).toBe("TO_BOOK");
    expect(track("2026-07-31").state).toBe("TO_BOOK");
    expect(track("2026-08-01").state).toBe("LATE");
    expect(track("2026-02-01", [{ status: "SCHEDULED", date: "2026-05-04" }])).toEqual({
      state: "BOOKED",
      window: { from: signed, to: "2026-07-31" },
      bookedOn: "2026-05-04",
    });
    expect(track("2026-02-01", [{ status: "CANCELLED", date: "2026-05-04" }]).state).toBe("TO_BOOK");
    expect(track("2026-06-01", [{ status: "NO_SHOW", date: "2026-05-04" }]).state).toBe("TO_BOOK");
    expect(track("2026-06-01", [{ status: "DONE", date: "2026-05-04" }]).state).toBe("DONE");
    expect(track("2026-09-01", [{ status: "DONE", date: "2026-08-10" }]).state).toBe("DONE");
    expect(track("2026-08-02", [{ status: "SCHEDULED", date: "2026-08-10" }])).toMatchObject({ state: "LATE", bookedOn: "2026-08-10" });
    // One held before the latest signed revision does not count: the revision asks for a new one.
    expect(track("2026-02-01", [{ status: "DONE", date: "2026-01-20" }]).state).toBe("TO_BOOK");
  });
  it("a later signature never makes the due date earlier", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 400 }), fc.boolean(), (start, gap, major) => {
        const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        const o = social(true, major ? { FAMILY: "MAJOR" } : {});
        const first = jointDiagnosticTracking({ orientation: o, contractSignedOn: day(start), today: day(start), appointments: [] }).window!;
        const later = jointDiagnosticTracking({ orientation: o, contractSignedOn: day(start + gap), today: day(start), appointments: [] }).window!;
        expect(later.to >= first.to).toBe(true);
        expect(first.to > first.from).toBe(true);
      }),
    );
  });
});

describe("bookDueSlot — the reviews' booking rule, shared with the joint diagnostic", () => {
  it("books the first free slot of a working day in the window, from tomorrow; after the window when it is full", () => {
    const ctx = slotContext("75");
    const calendar = BusyCalendar.fromIntervals([]);
    // Thursday 30 April 2026: 1 May is a holiday, 2–3 May a weekend — the first slot is Monday 4 May.
    const slot = bookDueSlot(ctx, calendar, { window: { from: "2026-03-01", to: "2026-05-10" }, today: "2026-04-30", what: "le diagnostic conjoint" });
    expect(slot.status).toBe("SCHEDULED");
    const date = localDateOf(slot.startsAt, timeZoneOf("75"));
    expect(date).toBe("2026-05-04");
    expect(isWorkingDay(date, "75")).toBe(true);
    // The window is over: OVERDUE, from tomorrow.
    const late = bookDueSlot(ctx, calendar, { window: { from: "2026-01-01", to: "2026-03-01" }, today: "2026-04-30", what: "le diagnostic conjoint" });
    expect(late.status).toBe("OVERDUE");
    expect(localDateOf(late.startsAt, timeZoneOf("75"))).toBe("2026-05-04");
    expect(late.startsAt > slot.startsAt).toBe(true);
  });
});
