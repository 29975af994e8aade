import { describe, expect, it } from "vitest";
import {
  type BusyInterval,
  BusyCalendar,
  DUE_SOON_DAYS,
  DUE_SOON_PHRASE,
  dueSoonWindow,
  planMandatoryReviews,
  planMandatoryReviewsOnCalendar,
  reviewProgress,
  reviewWindows,
  windowPhase,
} from "../../src/domain";

describe("reviewWindows", () => {
  it.each([
    // R, M4 from, M4 to, M9 from, M9 to — computed by hand.
    ["2026-01-15", "2026-04-15", "2026-05-14", "2026-09-15", "2026-10-14"],
    ["2026-01-31", "2026-04-30", "2026-05-30", "2026-09-30", "2026-10-30"],
    ["2025-10-31", "2026-01-31", "2026-02-27", "2026-06-30", "2026-07-30"],
    ["2027-10-31", "2028-01-31", "2028-02-28", "2028-06-30", "2028-07-30"],
    ["2028-11-30", "2029-02-28", "2029-03-29", "2029-07-30", "2029-08-29"],
    ["2027-11-29", "2028-02-29", "2028-03-28", "2028-07-29", "2028-08-28"],
    ["2026-11-29", "2027-02-28", "2027-03-28", "2027-07-29", "2027-08-28"],
    ["2026-11-30", "2027-02-28", "2027-03-29", "2027-07-30", "2027-08-29"],
    ["2028-02-29", "2028-05-29", "2028-06-28", "2028-10-29", "2028-11-28"],
    ["2026-05-31", "2026-08-31", "2026-09-29", "2027-01-31", "2027-02-27"],
    ["2026-06-30", "2026-09-30", "2026-10-29", "2027-02-28", "2027-03-29"],
    ["2026-12-31", "2027-03-31", "2027-04-29", "2027-08-31", "2027-09-29"],
    ["2027-05-31", "2027-08-31", "2027-09-29", "2028-01-31", "2028-02-28"],
    ["2027-06-30", "2027-09-30", "2027-10-29", "2028-02-29", "2028-03-29"],
  ])("R = %s → M4 %s…%s, M9 %s…%s", (r, m4From, m4To, m9From, m9To) => {
    expect(reviewWindows(r)).toEqual({ M4: { from: m4From, to: m4To }, M9: { from: m9From, to: m9To } });
  });

  it("refuses an invalid registration date", () => {
    expect(() => reviewWindows("2026-02-30")).toThrow(/Date invalide/);
  });

  it("places today relative to a window", () => {
    const w = { from: "2026-04-15", to: "2026-05-14" };
    expect(windowPhase(w, "2026-04-14")).toBe("BEFORE");
    expect(windowPhase(w, "2026-04-15")).toBe("OPEN");
    expect(windowPhase(w, "2026-05-14")).toBe("OPEN");
    expect(windowPhase(w, "2026-05-15")).toBe("AFTER");
  });
});

const plan = (over: Partial<Parameters<typeof planMandatoryReviews>[0]>) =>
  planMandatoryReviews({ registrationDate: "2026-01-15", departement: "75", today: "2026-03-01", busy: [], ...over });

describe("planMandatoryReviews — statuses", () => {
  const M4 = { from: "2026-04-15", to: "2026-05-14" };
  const M9 = { from: "2026-09-15", to: "2026-10-14" };

  it("SCHEDULED: first slot of each window, 13:30 Paris (summer time → 11:30Z)", () => {
    expect(plan({})).toEqual([
      { kind: "M4", status: "SCHEDULED", window: M4, startsAt: "2026-04-15T11:30:00.000Z" },
      { kind: "M9", status: "SCHEDULED", window: M9, startsAt: "2026-09-15T11:30:00.000Z" },
    ]);
  });

  it("SCHEDULED from today + 1 when the window is already open", () => {
    // Today Tuesday 28 April → Wednesday 29 April.
    expect(plan({ today: "2026-04-28" })[0]).toEqual({ kind: "M4", status: "SCHEDULED", window: M4, startsAt: "2026-04-29T11:30:00.000Z" });
    // Today Thursday 30 April → 1 May is a holiday, then the weekend → Monday 4 May.
    expect(plan({ today: "2026-04-30" })[0]?.startsAt).toBe("2026-05-04T11:30:00.000Z");
  });

  it("OVERDUE: the window holds no free slot → first free slot after it", () => {
    // The advisor is away for the whole window (local midnight 15 April → local midnight 15 May).
    const busy = [{ start: "2026-04-14T22:00:00.000Z", end: "2026-05-14T22:00:00.000Z" }];
    const [m4, m9] = plan({ busy });
    // Window end Thursday 14 May (Ascension); after it: Friday 15 May.
    expect(m4).toEqual({ kind: "M4", status: "OVERDUE", window: M4, startsAt: "2026-05-15T11:30:00.000Z" });
    expect(m9?.status).toBe("SCHEDULED");
  });

  it("OVERDUE: today is the last day of the window → nothing left inside it", () => {
    const [m4] = plan({ today: "2026-05-14" });
    expect(m4).toEqual({ kind: "M4", status: "OVERDUE", window: M4, startsAt: "2026-05-15T11:30:00.000Z" });
  });

  it("OVERDUE: the window has passed and M9 has not opened → earliest slot from today + 1", () => {
    // Today Monday 1 June → Tuesday 2 June.
    const [m4, m9] = plan({ today: "2026-06-01" });
    expect(m4).toEqual({ kind: "M4", status: "OVERDUE", window: M4, startsAt: "2026-06-02T11:30:00.000Z" });
    expect(m9).toEqual({ kind: "M9", status: "SCHEDULED", window: M9, startsAt: "2026-09-15T11:30:00.000Z" });
  });

  it("the planned M4 counts as busy for M9", () => {
    // Today Monday 14 September: M4 overdue from Tuesday 15, which is also M9's first day.
    const [m4, m9] = plan({ today: "2026-09-14" });
    expect(m4).toEqual({ kind: "M4", status: "OVERDUE", window: M4, startsAt: "2026-09-15T11:30:00.000Z" });
    expect(m9).toEqual({ kind: "M9", status: "SCHEDULED", window: M9, startsAt: "2026-09-15T12:00:00.000Z" });
  });

  it("MISSED: M4 is superseded once today reaches the M9 window", () => {
    const [m4, m9] = plan({ today: "2026-09-15" });
    expect(m4).toEqual({ kind: "M4", status: "MISSED", window: M4 });
    expect(m4).not.toHaveProperty("startsAt");
    expect(m9).toEqual({ kind: "M9", status: "SCHEDULED", window: M9, startsAt: "2026-09-16T11:30:00.000Z" });
  });

  it("OVERDUE M9 after its window (winter time → 12:30Z)", () => {
    // Today Monday 2 November → Tuesday 3 November, 13:30 CET.
    const [m4, m9] = plan({ today: "2026-11-02" });
    expect(m4?.status).toBe("MISSED");
    expect(m9).toEqual({ kind: "M9", status: "OVERDUE", window: M9, startsAt: "2026-11-03T12:30:00.000Z" });
  });

  it("DONE: no slot, and nothing booked for it", () => {
    expect(plan({ done: ["M4"] })).toEqual([
      { kind: "M4", status: "DONE", window: M4 },
      { kind: "M9", status: "SCHEDULED", window: M9, startsAt: "2026-09-15T11:30:00.000Z" },
    ]);
    expect(plan({ done: ["M4", "M9"], today: "2026-11-02" })).toEqual([
      { kind: "M4", status: "DONE", window: M4 },
      { kind: "M9", status: "DONE", window: M9 },
    ]);
    // A done M4 no longer occupies 15 September 13:30.
    expect(plan({ today: "2026-09-14", done: ["M4"] })[1]?.startsAt).toBe("2026-09-15T11:30:00.000Z");
  });

  it("refuses an unknown review in done", () => {
    expect(() => plan({ done: ["M6" as never] })).toThrow(/Bilan inconnu/);
  });
});

describe("planMandatoryReviews — busy intervals", () => {
  it("pushes the slot past overlapping appointments (half-open intervals)", () => {
    const at = (busy: BusyInterval[]) => plan({ busy })[0]?.startsAt;
    // 13:30–15:00 local busy → 15:00 local.
    expect(at([{ start: "2026-04-15T11:30:00.000Z", end: "2026-04-15T13:00:00.000Z" }])).toBe("2026-04-15T13:00:00.000Z");
    // 13:45–14:10 local overlaps the 13:30 and 14:00 slots → 14:30.
    expect(at([{ start: "2026-04-15T11:45:00.000Z", end: "2026-04-15T12:10:00.000Z" }])).toBe("2026-04-15T12:30:00.000Z");
    // Ends exactly when the 13:30 slot starts / starts exactly when it ends: no overlap.
    expect(at([{ start: "2026-04-15T11:00:00.000Z", end: "2026-04-15T11:30:00.000Z" }])).toBe("2026-04-15T11:30:00.000Z");
    expect(at([{ start: "2026-04-15T12:00:00.000Z", end: "2026-04-15T12:30:00.000Z" }])).toBe("2026-04-15T11:30:00.000Z");
    // The whole afternoon busy → next working day (Thursday 16 April).
    expect(at([{ start: "2026-04-15T11:30:00.000Z", end: "2026-04-15T14:30:00.000Z" }])).toBe("2026-04-16T11:30:00.000Z");
    // A morning appointment does not matter.
    expect(at([{ start: "2026-04-15T07:00:00.000Z", end: "2026-04-15T10:00:00.000Z" }])).toBe("2026-04-15T11:30:00.000Z");
    // Busy given with an offset and unsorted.
    expect(
      at([
        { start: "2026-04-15T14:00:00+02:00", end: "2026-04-15T16:30:00+02:00" },
        { start: "2026-04-15T13:30:00+02:00", end: "2026-04-15T14:00:00+02:00" },
      ]),
    ).toBe("2026-04-16T11:30:00.000Z");
  });

  it("refuses malformed busy intervals", () => {
    expect(() => plan({ busy: [{ start: "2026-04-15T13:30:00", end: "2026-04-15T14:00:00" }] })).toThrow(/Instant invalide/);
    expect(() => plan({ busy: [{ start: "2026-04-15T14:00:00.000Z", end: "2026-04-15T13:00:00.000Z" }] })).toThrow(/précède/);
  });

  it("terminates with a clear error when nothing is free for two years", () => {
    const busy = [{ start: "2026-01-01T00:00:00.000Z", end: "2030-01-01T00:00:00.000Z" }];
    expect(() => plan({ busy })).toThrow(/Aucun créneau libre/);
  });
});

describe("planMandatoryReviews — holidays, DST and territories", () => {
  it("skips a window starting on 1 May or on Easter Monday", () => {
    // R 1 Feb 2026 → M4 from Friday 1 May → Monday 4 May.
    expect(plan({ registrationDate: "2026-02-01" })[0]?.startsAt).toBe("2026-05-04T11:30:00.000Z");
    // R 8 Feb 2026 → M4 from Friday 8 May (Victoire 1945) → Monday 11 May.
    expect(plan({ registrationDate: "2026-02-08" })[0]?.startsAt).toBe("2026-05-11T11:30:00.000Z");
    // R 6 Jan 2026 → M4 from Easter Monday 6 April → Tuesday 7 April.
    expect(plan({ registrationDate: "2026-01-06" })[0]?.startsAt).toBe("2026-04-07T11:30:00.000Z");
  });

  it("keeps 13:30 Paris on the Mondays after both DST changes", () => {
    // R 30 Dec 2025 → M4 from Monday 30 March 2026 (day after the change to summer time).
    expect(plan({ registrationDate: "2025-12-30", today: "2026-01-10" })[0]?.startsAt).toBe("2026-03-30T11:30:00.000Z");
    // R 26 July 2026 → M4 from Monday 26 October 2026 (day after the change to winter time).
    expect(plan({ registrationDate: "2026-07-26", today: "2026-08-01" })[0]?.startsAt).toBe("2026-10-26T12:30:00.000Z");
    // R 23 July 2026 → M4 from Friday 23 October, still summer time.
    expect(plan({ registrationDate: "2026-07-23", today: "2026-08-01" })[0]?.startsAt).toBe("2026-10-23T11:30:00.000Z");
  });

  it("Alsace-Moselle: Good Friday and 26 December", () => {
    // R 3 Jan 2026 → M4 from Good Friday 3 April: holiday in Moselle, Easter Monday next → Tuesday 7 April.
    expect(plan({ registrationDate: "2026-01-03", today: "2026-01-05", departement: "57" })[0]?.startsAt).toBe("2026-04-07T11:30:00.000Z");
    expect(plan({ registrationDate: "2026-01-03", today: "2026-01-05", departement: "75" })[0]?.startsAt).toBe("2026-04-03T11:30:00.000Z");
    // R 26 Sep 2029 → M4 from Wednesday 26 December 2029.
    expect(plan({ registrationDate: "2029-09-26", today: "2029-10-01", departement: "67" })[0]?.startsAt).toBe("2029-12-27T12:30:00.000Z");
    expect(plan({ registrationDate: "2029-09-26", today: "2029-10-01", departement: "69" })[0]?.startsAt).toBe("2029-12-26T12:30:00.000Z");
  });

  it.each([
    // département, R, M4 window start (its holiday), expected first slot (13:30 local in UTC)
    ["971", "2026-02-27", "2026-05-27", "2026-05-28T17:30:00.000Z"], // Guadeloupe UTC−4, Thursday 28 May
    ["972", "2026-02-22", "2026-05-22", "2026-05-26T17:30:00.000Z"], // Martinique UTC−4: Fri 22 holiday, weekend, Whit Monday 25
    ["973", "2026-03-10", "2026-06-10", "2026-06-11T16:30:00.000Z"], // Guyane UTC−3, Thursday 11 June
    ["974", "2027-09-20", "2027-12-20", "2027-12-21T09:30:00.000Z"], // La Réunion UTC+4, Tuesday 21 December
    ["976", "2026-01-27", "2026-04-27", "2026-04-28T10:30:00.000Z"], // Mayotte UTC+3, Tuesday 28 April
  ])("%s: local time and its abolition day", (departement, registrationDate, m4From, expected) => {
    const [m4] = plan({ departement, registrationDate, today: registrationDate });
    expect(m4?.window.from).toBe(m4From);
    expect(m4).toMatchObject({ status: "SCHEDULED", startsAt: expected });
  });

  it("uses custom agency hours", () => {
    const hours = { start: "09:00", end: "12:00", slotMinutes: 45 };
    const busy = [{ start: "2026-04-15T07:00:00.000Z", end: "2026-04-15T07:30:00.000Z" }]; // 09:00–09:30 local
    // Slots 09:00, 09:45, 10:30, 11:15 → 09:45 local = 07:45Z.
    expect(plan({ hours, busy })[0]?.startsAt).toBe("2026-04-15T07:45:00.000Z");
    expect(() => plan({ hours: { start: "16:30", end: "13:30", slotMinutes: 30 } })).toThrow(/Horaires invalides/);
    expect(() => plan({ hours: { start: "13:30", end: "16:30", slotMinutes: 0 } })).toThrow(/Durée de créneau invalide/);
    expect(() => plan({ hours: { start: "1:30", end: "16:30", slotMinutes: 30 } })).toThrow(/Heure invalide/);
  });
});

describe("planMandatoryReviewsOnCalendar (batch)", () => {
  it("books the planned slots into the shared calendar, so seekers of one advisor never collide", () => {
    const calendar = BusyCalendar.fromEpochMs([]);
    const starts: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      for (const r of planMandatoryReviewsOnCalendar(calendar, { registrationDate: "2026-01-15", departement: "75", today: "2026-03-01" })) {
        if (r.startsAt !== undefined) starts.push(r.startsAt);
      }
    }
    expect(new Set(starts).size).toBe(16);
    // Six 30-minute slots on 15 April (13:30–16:00 local), then Thursday 16 April.
    expect(starts.filter((s) => s.startsWith("2026-04-15"))).toHaveLength(6);
    expect(starts).toContain("2026-04-16T11:30:00.000Z");
    expect(calendar.isFree(Date.parse("2026-04-15T11:30:00.000Z"), Date.parse("2026-04-15T14:30:00.000Z"))).toBe(false);
  });

  it("gives the same answer as the ISO wrapper", () => {
    const busy = [
      { start: "2026-04-15T11:30:00.000Z", end: "2026-04-15T12:30:00.000Z" },
      { start: "2026-09-15T11:00:00.000Z", end: "2026-09-15T13:00:00.000Z" },
    ];
    const input = { registrationDate: "2026-01-15", departement: "75", today: "2026-03-01" };
    expect(planMandatoryReviewsOnCalendar(BusyCalendar.fromIntervals(busy), input)).toEqual(planMandatoryReviews({ ...input, busy }));
  });
});

describe("reviewProgress", () => {
  // R = 2026-01-31: M4 window 2026-04-30 → 2026-05-30, M9 window 2026-09-30 → 2026-10-30.
  const R = "2026-01-31";
  it("is NOT_YET before the window, DUE inside it, SCHEDULED once booked", () => {
    expect(reviewProgress(R, "2026-04-29", [])).toEqual({ M4: "NOT_YET", M9: "NOT_YET" });
    expect(reviewProgress(R, "2026-04-30", [])).toEqual({ M4: "DUE", M9: "NOT_YET" });
    expect(reviewProgress(R, "2026-05-30", [{ kind: "M4", status: "SCHEDULED", date: "2026-05-12" }]).M4).toBe("SCHEDULED");
  });
  it("is OVERDUE the day after the window end even when booked later, MISSED once the M9 window opens", () => {
    expect(reviewProgress(R, "2026-05-31", []).M4).toBe("OVERDUE");
    expect(reviewProgress(R, "2026-06-02", [{ kind: "M4", status: "SCHEDULED", date: "2026-06-10" }]).M4).toBe("OVERDUE");
    expect(reviewProgress(R, "2026-09-29", []).M4).toBe("OVERDUE");
    expect(reviewProgress(R, "2026-09-30", []).M4).toBe("MISSED");
    expect(reviewProgress(R, "2026-10-31", []).M9).toBe("OVERDUE");
  });
  it("is DONE once a review of that kind is done, whatever the date; a no-show does not count", () => {
    expect(reviewProgress(R, "2027-01-01", [{ kind: "M4", status: "DONE", date: "2026-05-04" }]).M4).toBe("DONE");
    expect(reviewProgress(R, "2026-05-31", [{ kind: "M4", status: "NO_SHOW", date: "2026-05-04" }]).M4).toBe("OVERDUE");
  });
});

describe("« due soon »", () => {
  it("is today to today + 14 days, both inclusive, across months and years", () => {
    expect(DUE_SOON_DAYS).toBe(14);
    expect(dueSoonWindow("2026-11-18")).toEqual({ from: "2026-11-18", to: "2026-12-02" });
    expect(dueSoonWindow("2026-12-25")).toEqual({ from: "2026-12-25", to: "2027-01-08" });
    expect(dueSoonWindow("2028-02-20")).toEqual({ from: "2028-02-20", to: "2028-03-05" });
    expect(() => dueSoonWindow("2026-02-30")).toThrow();
  });

  it("is named « sous 14 jours » on the pages", () => {
    expect(DUE_SOON_PHRASE).toBe("sous 14 jours");
  });
});
