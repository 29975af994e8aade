import { describe, expect, it } from "vitest";
import { keyPaths, readableData, readablePaths } from "@/lib/readable-data";

// « Mes données » in plain French (/mon-espace/mes-donnees/lisible): every key of the export, nothing in code.

const DATA = {
  aPropos: { genereLe: "2026-12-01T09:00:00.000Z", fuseauHoraireDeLAgence: "Europe/Paris" },
  identite: { prenom: "Zoé", dateDeNaissance: "1990-02-03" },
  choixDesMessages: { accordPourLesSms: true, sansMessagesFacultatifs: false },
  rendezVous: [{ type: "REVIEW_M4", statut: "DONE", debut: "2026-03-30T13:00:00.000Z", travailleurSocial: null }],
  diagnostics: [{ vosReponses: { brut: { barriers: { mobility: "MINOR" } } } }],
  demandesSurLesRendezVous: [],
};

describe("readable « Mes données »", () => {
  const sections = readableData(DATA);

  it("keeps every section and every field, in the file's order", () => {
    expect(sections.map((s) => s.key)).toEqual(Object.keys(DATA));
    expect(readablePaths(sections)).toEqual(new Set([...Object.keys(DATA), ...keyPaths(DATA)]));
  });

  it("says dates, booleans, codes and nothing in words", () => {
    const text = JSON.stringify(sections);
    expect(text).toContain("mardi 1 décembre 2026 à 10 h 00");
    expect(text).toContain("samedi 3 février 1990");
    expect(text).toContain('"Oui"');
    expect(text).toContain('"Non"');
    expect(text).toContain("Bilan du 4e mois");
    expect(text).toContain("Honoré");
    expect(text).toContain("Frein mineur");
    expect(text).toContain("Mobilité");
    expect(text).toContain('"—"');
    expect(text).toContain('"Aucun"');
    expect(text).not.toMatch(/REVIEW_M4|"DONE"|MINOR|2026-03-30T/);
    expect(sections.map((s) => s.title)).toContain("Vos demandes sur vos rendez-vous");
  });
});
