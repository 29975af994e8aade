/** The one French plural of the interface: singular up to 1 (zero included), plural from 2. */
import { describe, expect, it } from "vitest";
import { plural } from "@/lib/plural";

describe("plural", () => {
  it("keeps the singular for 0 and 1, the plural from 2 on", () => {
    expect(plural(0, "demandeur")).toBe("0 demandeur");
    expect(plural(1, "demandeur")).toBe("1 demandeur");
    expect(plural(2, "demandeur")).toBe("2 demandeurs");
    expect(plural(-2, "jour")).toBe("-2 jours");
  });

  it("takes an irregular plural and writes large numbers the French way", () => {
    expect(plural(3, "créneau", "créneaux")).toBe("3 créneaux");
    expect(plural(1, "binôme repris", "binômes repris")).toBe("1 binôme repris");
    expect(plural(1234, "demandeur")).toBe("1\u202f234 demandeurs");
  });
});
