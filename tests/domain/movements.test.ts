import { describe, expect, it } from "vitest";
import { foldMovements, lastMonths, monthOf, queueEntryDate } from "@/domain";

describe("entries and exits per month", () => {
  it("the twelve months ending with today's, oldest first, across a year end", () => {
    expect(lastMonths("2027-03-31")).toEqual([
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
      "2026-11",
      "2026-12",
      "2027-01",
      "2027-02",
      "2027-03",
    ]);
    expect(lastMonths("2026-01-01", 2)).toEqual(["2025-12", "2026-01"]);
    expect(monthOf("2026-02-28")).toBe("2026-02");
    expect(() => lastMonths("2026-01-01", 0)).toThrow();
  });

  it("folds the counts: entries = registrations + arrivals + reopenings, exits = closings by reason + departures", () => {
    const { months, total } = foldMovements(
      ["2026-01", "2026-02"],
      [
        { month: "2026-01", kind: "REGISTRATION", exitReason: null, n: 5 },
        { month: "2026-01", kind: "TRANSFER_IN", exitReason: null, n: 1 },
        { month: "2026-02", kind: "REOPENING", exitReason: null, n: 2 },
        { month: "2026-02", kind: "EXIT", exitReason: "RADIATION", n: 3 },
        { month: "2026-02", kind: "EXIT", exitReason: "REPRISE_EMPLOI", n: 4 },
        { month: "2026-02", kind: "TRANSFER_OUT", exitReason: null, n: 1 },
        // Outside the months: ignored.
        { month: "2025-12", kind: "REGISTRATION", exitReason: null, n: 100 },
      ],
    );
    expect(months[0]!.entries).toEqual({ REGISTRATION: 5, TRANSFER_IN: 1, REOPENING: 0, total: 6 });
    expect(months[0]!.exits.total).toBe(0);
    expect(months[1]!.entries.total).toBe(2);
    expect(months[1]!.exits).toMatchObject({ RADIATION: 3, REPRISE_EMPLOI: 4, ENTREE_FORMATION: 0, TRANSFER_OUT: 1, total: 8 });
    expect(total.entries.total).toBe(8);
    expect(total.exits.total).toBe(8);
  });
});

describe("the day the first interview is due from", () => {
  it("is the queue entry (transfer, reopening) when later than the registration, else the registration", () => {
    expect(queueEntryDate("2026-01-05", null)).toBe("2026-01-05");
    expect(queueEntryDate("2026-01-05", "2026-03-02")).toBe("2026-03-02");
    expect(queueEntryDate("2026-01-05", "2025-12-01")).toBe("2026-01-05");
  });
});
