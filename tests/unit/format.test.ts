import { describe, expect, it } from "vitest";
import { fullName, ofName } from "@/lib/format";

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
