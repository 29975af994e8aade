import { describe, expect, it } from "vitest";
import { offerTransitionCountdown, offerTransitionDeadline } from "@/domain";

describe("offerTransitionDeadline (issue 20)", () => {
  it("is 1 January 2028 in the five overseas départements", () => {
    for (const code of ["971", "972", "973", "974", "976"]) expect(offerTransitionDeadline(code), code).toBe("2028-01-01");
  });

  it("is 1 January 2027 in mainland France, Corsica and Alsace-Moselle", () => {
    for (const code of ["01", "75", "76", "2A", "2B", "57", "67", "68", "95"]) expect(offerTransitionDeadline(code), code).toBe("2027-01-01");
  });

  it("refuses an unknown département rather than guessing", () => {
    expect(() => offerTransitionDeadline("975")).toThrow(/Département inconnu/);
    expect(() => offerTransitionDeadline("")).toThrow(/Département inconnu/);
  });
});

describe("offerTransitionCountdown", () => {
  it("counts calendar days from the agency's today to the deadline", () => {
    expect(offerTransitionCountdown("76", "2026-12-01")).toEqual({ deadline: "2027-01-01", daysLeft: 31 });
    expect(offerTransitionCountdown("76", "2027-01-01")).toEqual({ deadline: "2027-01-01", daysLeft: 0 });
    expect(offerTransitionCountdown("76", "2027-01-03")).toEqual({ deadline: "2027-01-01", daysLeft: -2 });
    expect(offerTransitionCountdown("974", "2026-12-01")).toEqual({ deadline: "2028-01-01", daysLeft: 396 });
  });
});
