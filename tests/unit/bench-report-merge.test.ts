import { describe, expect, it } from "vitest";
import { mergeBenchmarksMarkdown } from "../../bench/report";

const existing = `# Mesures de performance

Produit le 2026-11-23.

## Résultats

| mesure | valeur | plancher | rapport | cible | |
|---|---|---|---|---|---|
| 1. Portefeuille | 40 req/s | 150 req/s | 0,29 | ≥ 0,5 | ❌ |
| 4. Croissance, portefeuille | 13 ms | 15 ms | 0,9 | ≤ 1,5 | ✅ |
| 4. Croissance, /agence | 42 ms | 30 ms | 1,2 | ≤ 1,5 | ✅ |
| 8. Import des inscriptions — relevé du 2026-11-30 | aperçu 18 s | 6 311/s | 1,59 | ≥ 0,3 | ✅ |

- **1.** Détails du portefeuille (écrits à la main).
- **4.** Détails de la croissance.
- **8.** Ancien détail de l'import.

## Analyse

Notes à la main.

## Plans d'exécution des requêtes chaudes

Anciens plans.
`;

const fresh = `# Mesures de performance

Produit le 2026-12-01.

## Résultats

| mesure | valeur | plancher | rapport | cible | |
|---|---|---|---|---|---|
| 4. Croissance, portefeuille | 99 ms | 15 ms | 6,6 | ≤ 1,5 | ❌ |
| 4. Croissance, /agence | 98 ms | 30 ms | 3,2 | ≤ 1,5 | ❌ |
| 6. diagnose | 1 600 000 | — | — | ≥ 1 000 000 | ✅ |
| 8. Import des inscriptions | aperçu 20 s | COPY 30 000/s | 0,40 | ≥ 0,3 | ✅ |

- **4.** Nouveau détail de la croissance.
- **6.** Détail de diagnose.
- **8.** Nouveau détail de l'import.

## Analyse

Autres notes.

## Plans d'exécution des requêtes chaudes

Nouveaux plans.
`;

describe("mergeBenchmarksMarkdown (npm run bench -- --only …)", () => {
  it("replaces only the chosen measure's rows and details and keeps everything else", () => {
    const merged = mergeBenchmarksMarkdown(existing, fresh, ["imports"]);
    expect(merged).toContain("| 8. Import des inscriptions | aperçu 20 s | COPY 30 000/s | 0,40 | ≥ 0,3 | ✅ |");
    expect(merged).toContain("- **8.** Nouveau détail de l'import.");
    expect(merged).not.toContain("Ancien détail de l'import");
    expect(merged).not.toContain("relevé du 2026-11-30");
    // The other measures, the header, the notes and the plans are those of the existing file.
    expect(merged).toContain("| 1. Portefeuille | 40 req/s");
    expect(merged).toContain("| 4. Croissance, portefeuille | 13 ms");
    expect(merged).toContain("- **4.** Détails de la croissance.");
    expect(merged).not.toContain("| 6. diagnose");
    expect(merged).toContain("Produit le 2026-11-23.");
    expect(merged).toContain("Notes à la main.");
    expect(merged).toContain("Anciens plans.");
    expect(merged.split("\n").length).toBe(existing.split("\n").length);
  });

  it("replaces a measure with several rows as a block, inserts a new measure in number order, and swaps the plans for explain", () => {
    const merged = mergeBenchmarksMarkdown(existing, fresh, ["growth", "diagnose", "explain"]);
    const lines = merged.split("\n");
    const rows = lines.filter((l) => /^\| \d+\. /.test(l)).map((l) => l.split(" | ").slice(0, 2).join(" | "));
    expect(rows).toEqual([
      "| 1. Portefeuille | 40 req/s",
      "| 4. Croissance, portefeuille | 99 ms",
      "| 4. Croissance, /agence | 98 ms",
      "| 6. diagnose | 1 600 000",
      "| 8. Import des inscriptions — relevé du 2026-11-30 | aperçu 18 s",
    ]);
    expect(merged).toContain("| 4. Croissance, portefeuille | 99 ms");
    expect(lines.filter((l) => l.startsWith("- **"))).toEqual([
      "- **1.** Détails du portefeuille (écrits à la main).",
      "- **4.** Nouveau détail de la croissance.",
      "- **6.** Détail de diagnose.",
      "- **8.** Ancien détail de l'import.",
    ]);
    expect(merged).toContain("Nouveaux plans.");
    expect(merged).not.toContain("Anciens plans.");
    expect(merged).toContain("Notes à la main.");
  });

  it("leaves a measure that the run did not produce as it was", () => {
    expect(mergeBenchmarksMarkdown(existing, fresh, ["caseload"])).toBe(existing);
  });
});
