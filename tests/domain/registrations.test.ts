import { describe, expect, it } from "vitest";
import {
  ageOn,
  communeKey,
  excelSerialToDate,
  parseCategory,
  parseCivility,
  parseEmail,
  parseFranceTravailId,
  parseFrenchDate,
  parsePostalCode,
  normaliseName,
  registrationDatesProblem,
} from "@/domain";
import { franceTravailId } from "@/server/seed/people";

describe("identifiant France Travail", () => {
  it("accepte 7 chiffres et une lettre, comme les données de démonstration", () => {
    for (const serial of [0, 1, 12_345, 259_999_999]) expect(parseFranceTravailId(franceTravailId(serial))).toBe(franceTravailId(serial));
    expect(parseFranceTravailId(" 0123456a ")).toBe("0123456A");
  });
  it("refuse tout le reste", () => {
    for (const bad of ["", "0123456", "012345A", "01234567A", "0123456AB", "A0123456", "0123 456A", "０１２３４５６A"])
      expect(parseFranceTravailId(bad)).toBeNull();
  });
});

describe("dates", () => {
  it("lit JJ/MM/AAAA et AAAA-MM-JJ, refuse les jours qui n'existent pas", () => {
    expect(parseFrenchDate("03/04/1990")).toBe("1990-04-03");
    expect(parseFrenchDate("3/4/1990")).toBe("1990-04-03");
    expect(parseFrenchDate("1990-04-03")).toBe("1990-04-03");
    expect(parseFrenchDate("29/02/2024")).toBe("2024-02-29");
    for (const bad of ["29/02/2023", "31/04/1990", "00/01/1990", "1990-13-01", "03-04-1990", "03/04/90", "hier", ""]) expect(parseFrenchDate(bad)).toBeNull();
  });
  it("convertit les numéros de série Excel (système 1900)", () => {
    expect(excelSerialToDate(45_000)).toBe("2023-03-15");
    expect(excelSerialToDate(25_569)).toBe("1970-01-01");
    expect(excelSerialToDate(61)).toBe("1900-03-01");
    expect(excelSerialToDate(45_000.5)).toBeNull();
    expect(excelSerialToDate(-3)).toBeNull();
  });
  it("calcule l'âge en années révolues (29 février compris)", () => {
    expect(ageOn("2000-02-29", "2018-02-28")).toBe(18);
    expect(ageOn("2000-02-29", "2016-02-29")).toBe(16);
    expect(ageOn("2000-02-29", "2016-02-28")).toBe(15);
    expect(ageOn("1990-06-15", "2026-06-14")).toBe(35);
    expect(ageOn("1990-06-15", "2026-06-15")).toBe(36);
  });
  it("refuse une inscription future et une naissance invraisemblable (moins de 16 ans, plus de 70 ans)", () => {
    const today = "2026-11-30";
    expect(registrationDatesProblem("1990-01-01", "2026-11-30", today)).toBeNull();
    expect(registrationDatesProblem("1990-01-01", "2026-12-01", today)).toBe("La date d'inscription 01/12/2026 est dans le futur.");
    expect(registrationDatesProblem("2010-11-30", "2026-11-30", today)).toBeNull();
    expect(registrationDatesProblem("2010-12-01", "2026-11-30", today)).toMatch(/^Date de naissance invraisemblable \(01\/12\/2010\) : 15 ans/);
    expect(registrationDatesProblem("1955-01-01", "2026-11-30", today)).toMatch(/71 ans à l'inscription, 70 ans au plus/);
    expect(registrationDatesProblem("2026-12-01", "2026-11-30", today)).toMatch(/n'est pas antérieure/);
  });
});

describe("autres champs", () => {
  it("catégories A à E", () => {
    expect(["A", "b", " c ", "Cat. D", "Catégorie E"].map(parseCategory)).toEqual(["A", "B", "C", "D", "E"]);
    for (const bad of ["F", "", "AB", "1"]) expect(parseCategory(bad)).toBeNull();
  });
  it("civilité", () => {
    expect(["M", "M.", "Monsieur", "Mme", "MADAME", "Mlle"].map(parseCivility)).toEqual(["M", "M", "M", "MME", "MME", "MME"]);
    expect(parseCivility("Dr")).toBeNull();
  });
  it("noms, courriels, codes postaux normalisés", () => {
    expect(normaliseName("  Jean   Pierre \t ")).toBe("Jean Pierre");
    expect(normaliseName("   ")).toBeNull();
    expect(parseEmail(" Jean.Dupont@Exemple.FR ")).toBe("jean.dupont@exemple.fr");
    for (const bad of ["jean", "jean@", "@x.fr", "jean@x", "a b@x.fr", "jean@@x.fr"]) expect(parseEmail(bad)).toBeNull();
    expect(parsePostalCode("1000")).toBe("01000");
    expect(parsePostalCode("76100")).toBe("76100");
    expect(parsePostalCode("761")).toBeNull();
  });
  it("compare les communes sans accents, casse, tirets ni « Saint »/« St »", () => {
    const key = communeKey("Saint-Étienne-du-Rouvray");
    for (const same of ["SAINT ETIENNE DU ROUVRAY", "St Étienne du Rouvray", "st-etienne-du-rouvray"]) expect(communeKey(same)).toBe(key);
    expect(communeKey("Ste Marie")).toBe(communeKey("Sainte-Marie"));
    expect(communeKey("Pont-l'Évêque")).toBe(communeKey("PONT L EVEQUE"));
    expect(communeKey("Sotteville-lès-Rouen")).not.toBe(communeKey("Sotteville-sous-le-Val"));
  });
});
