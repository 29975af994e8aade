/**
 * The seed's building blocks, without a database: refusal of remote databases, portfolio layouts within caps,
 * answers that make the ruleset propose the intended modality, France Travail identifiers.
 */
import { describe, expect, it } from "vitest";
import { diagnose, MODALITIES, type Modality } from "@/domain";
import { answersProposing } from "@/server/seed/answers";
import { assertLocalDatabase, isLocalDatabase } from "@/server/seed/database";
import { franceTravailId } from "@/server/seed/people";
import { apportion, planPortfolios } from "@/server/seed/portfolios";
import { Random } from "@/server/seed/random";

const CAPS = { SUIVI: 350, GUIDE: 150, RENFORCE: 70, GLOBAL: 100 } as const;
const pg = (url: string) => ({ engine: "postgres" as const, url });

describe("base locale ou distante", () => {
  it.each([
    "postgresql://postgres@localhost:5432/modalis",
    "postgresql://postgres@127.0.0.1:5432/modalis",
    "postgresql://postgres@[::1]:5432/modalis",
    "postgresql:///modalis",
    "postgresql://postgres@/modalis?host=/var/run/postgresql",
  ])("accepte %s", (url) => {
    expect(isLocalDatabase(pg(url))).toBe(true);
    expect(() => assertLocalDatabase(pg(url), false)).not.toThrow();
  });

  it("accepte toujours PGlite", () => {
    expect(isLocalDatabase({ engine: "pglite", dataDir: null })).toBe(true);
  });

  it("refuse un serveur distant sans --force, en français", () => {
    const remote = pg("postgresql://app@db.prod.example.org:5432/modalis");
    expect(isLocalDatabase(remote)).toBe(false);
    expect(() => assertLocalDatabase(remote, false)).toThrow(/pas une base locale.*--force/);
    expect(() => assertLocalDatabase(remote, true)).not.toThrow();
    expect(isLocalDatabase(pg("postgresql://app@/modalis?host=db.prod.example.org"))).toBe(false);
    expect(isLocalDatabase(pg("postgresql://app:s%40cret@localhost/modalis"))).toBe(true);
  });
});

describe("plan des portefeuilles", () => {
  it.each([
    [2350, 12, true],
    [235, 12, true],
    [282, 3, false],
    [9400, 34, true],
    [9400, 34, false],
    [47, 1, false],
  ])("%i demandeurs suivis, %i conseillers (global : %s) : plafonds respectés, un portefeuille par modalité et conseiller", (followed, advisors, global) => {
    const counts = apportion(followed, global ? { SUIVI: 0.3, GUIDE: 0.6, RENFORCE: 0.07, GLOBAL: 0.03 } : { SUIVI: 0.3, GUIDE: 0.63, RENFORCE: 0.07, GLOBAL: 0 });
    const layout = planPortfolios(counts, CAPS, advisors);
    expect(layout.advisorCount).toBeGreaterThanOrEqual(advisors);
    const seen = new Set<string>();
    for (const p of layout.portfolios) {
      expect(p.size).toBeLessThanOrEqual(p.cap);
      expect(p.cap).toBe(CAPS[p.modality]);
      const key = `${p.advisorIndex}:${p.modality}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    for (const m of MODALITIES) {
      expect(layout.portfolios.filter((p) => p.modality === m).reduce((n, p) => n + p.size, 0)).toBe(counts[m]);
    }
  });
});

describe("réponses au diagnostic", () => {
  const cases: [Modality, boolean][] = [
    ["SUIVI", true],
    ["GUIDE", true],
    ["RENFORCE", true],
    ["GLOBAL", true],
    ["SUIVI", false],
    ["GUIDE", false],
    ["RENFORCE", false],
  ];
  it.each(cases)("mènent le barème à proposer %s (convention global : %s)", (target, globalPartnership) => {
    const random = new Random(`answers:${target}:${globalPartnership}`);
    for (let i = 0; i < 200; i += 1) {
      const { answers, result } = answersProposing(random, target, globalPartnership);
      expect(result.modality).toBe(target);
      expect(diagnose(answers, { globalPartnership })).toEqual(result);
    }
  });

  it("refusent l'accompagnement global hors convention", () => {
    expect(() => answersProposing(new Random("x"), "GLOBAL", false)).toThrow(/conventionné/);
  });
});

describe("identifiants France Travail", () => {
  it("ont 7 chiffres et une lettre et ne se répètent pas", () => {
    const ids = new Set<string>();
    for (let serial = 0; serial < 50_000; serial += 1) {
      const id = franceTravailId(serial);
      expect(id).toMatch(/^\d{7}[A-Z]$/);
      ids.add(id);
    }
    expect(ids.size).toBe(50_000);
  });
});
