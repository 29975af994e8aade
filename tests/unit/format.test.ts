import { describe, expect, it } from "vitest";
import { formatCalendarDate, fullName, ofName } from "@/lib/format";

describe("naming people in French sentences", () => {
  it("elides « de » before a vowel or a mute h, not before a consonant", () => {
    expect(ofName("Aminata Diallo")).toBe("d'Aminata Diallo");
    expect(ofName("Hélène Lemarchand")).toBe("d'Hélène Lemarchand");
    expect(ofName("Émile Roux")).toBe("d'Émile Roux");
    expect(ofName("Yves Martin")).toBe("d'Yves Martin");
    expect(ofName("Camille Durand")).toBe("de Camille Durand");
    expect(ofName(" Karim Benhamou ")).toBe("de Karim Benhamou");
  });

  it("writes « Prénom Nom »", () => {
    expect(fullName({ firstName: "Aminata", lastName: "Diallo" })).toBe("Aminata Diallo");
  });
});

describe("calendar dates in words", () => {
  it("writes the first of the month « 1er », other days as numbers", () => {
    expect(formatCalendarDate("2027-01-01")).toBe("1er janvier 2027");
    expect(formatCalendarDate("2028-01-01")).toBe("1er janvier 2028");
    expect(formatCalendarDate("2026-04-14")).toBe("14 avril 2026");
    expect(formatCalendarDate("2026-12-31")).toBe("31 décembre 2026");
    expect(formatCalendarDate("2026-11-11")).toBe("11 novembre 2026");
  });
});
