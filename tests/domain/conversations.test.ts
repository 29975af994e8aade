import { describe, expect, it } from "vitest";
import { isReplyLate, normaliseMessageBody, replyDeadline } from "@/domain";

describe("the reply deadline of a seeker's message (docs/rules.md#conversations)", () => {
  it("counts working days after the local day the message arrived", () => {
    // Monday 2 March 2026, 10:00 in Paris: Wednesday with 2 days.
    expect(replyDeadline({ receivedAt: "2026-03-02T09:00:00.000Z", workingDays: 2, departement: "75" })).toBe("2026-03-04");
    // Friday evening: the weekend does not count.
    expect(replyDeadline({ receivedAt: "2026-02-27T20:00:00.000Z", workingDays: 2, departement: "75" })).toBe("2026-03-03");
    // Sunday 23:30 in Paris is still Sunday (22:30 UTC): Tuesday.
    expect(replyDeadline({ receivedAt: "2026-03-01T22:30:00.000Z", workingDays: 2, departement: "75" })).toBe("2026-03-03");
  });

  it("skips public holidays and the agency's closure days, as the scheduling does", () => {
    // Thursday 30 April 2026: Friday 1 May is a holiday, so Monday 4 May then Tuesday 5 May.
    expect(replyDeadline({ receivedAt: "2026-04-30T08:00:00.000Z", workingDays: 2, departement: "75" })).toBe("2026-05-05");
    expect(replyDeadline({ receivedAt: "2026-04-30T08:00:00.000Z", workingDays: 2, departement: "75", closures: ["2026-05-04"] })).toBe("2026-05-06");
    // 8 May 2026 is a Friday holiday too; Alsace-Moselle's Good Friday (3 April 2026) only in 57/67/68.
    expect(replyDeadline({ receivedAt: "2026-04-02T08:00:00.000Z", workingDays: 1, departement: "67" })).toBe("2026-04-07");
    expect(replyDeadline({ receivedAt: "2026-04-02T08:00:00.000Z", workingDays: 1, departement: "75" })).toBe("2026-04-03");
  });

  it("is late only once the deadline day has passed; refuses a deadline out of bounds", () => {
    expect(isReplyLate("2026-03-04", "2026-03-04")).toBe(false);
    expect(isReplyLate("2026-03-04", "2026-03-05")).toBe(true);
    for (const workingDays of [0, 11, 1.5]) expect(() => replyDeadline({ receivedAt: "2026-03-02T09:00:00.000Z", workingDays, departement: "75" })).toThrow();
  });

  it("keeps a message's text trimmed, refuses a blank one", () => {
    expect(normaliseMessageBody("  Bonjour\r\nà vous  ")).toBe("Bonjour\nà vous");
    expect(normaliseMessageBody(" \n\t ")).toBeNull();
    expect(normaliseMessageBody("a\u0000b\u0007c\td")).toBe("abc\td");
    expect(normaliseMessageBody("\u0000")).toBeNull();
  });
});
