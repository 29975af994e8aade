/**
 * The seed's building blocks, without a database: refusal of remote databases, portfolio layouts within caps,
 * answers that make the ruleset propose the intended modality, France Travail identifiers.
 */
import { describe, expect, it, vi } from "vitest";
import type { PersonName } from "@/server/seed/people";

/** Names the generator draws first, before its own random ones (to force a collision). */
const drawnNames = vi.hoisted(() => [] as PersonName[]);
vi.mock("@/server/seed/people", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/seed/people")>();
  return { ...original, drawName: (...args: Parameters<typeof original.drawName>) => drawnNames.shift() ?? original.drawName(...args) };
});
import { diagnose, MODALITIES, type Modality2014 as Modality } from "@/domain";
import { answersProposing } from "@/server/seed/answers";
import { assertLocalDatabase, isLocalDatabase } from "@/server/seed/database";
import { franceTravailId } from "@/server/seed/people";
import { apportion, planPortfolios } from "@/server/seed/portfolios";
import { buildStaff } from "@/server/seed/staff";
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
    const counts = apportion(
      followed,
      global ? { SUIVI: 0.3, GUIDE: 0.6, RENFORCE: 0.07, GLOBAL: 0.03 } : { SUIVI: 0.3, GUIDE: 0.63, RENFORCE: 0.07, GLOBAL: 0 },
    );
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

describe("personnel d'une agence", () => {
  it("donne à chacun une adresse e-mail distincte, même quand deux noms s'écrivent pareil sans espaces ni accents", () => {
    // « Le Roux » and « Leroux » are both in the generator's lists and give the same address part.
    drawnNames.push(
      { firstName: "Isabelle", lastName: "Leroux" },
      { firstName: "Isabelle", lastName: "Le Roux" },
      { firstName: "Isabelle", lastName: "Le Roux" },
    );
    const layout = planPortfolios(apportion(2350, { SUIVI: 0.3, GUIDE: 0.6, RENFORCE: 0.07, GLOBAL: 0.03 }), CAPS, 12);
    const identity = { code: "14-CAEN-NORD", name: "Caen Nord", departement: "14", address: "Caen", globalPartnership: true };
    const staff = buildStaff(new Random("adresses"), { identity, layout, socialWorkerCount: 2, passwordHash: "x", createdAt: 0, personas: {} });
    const users = [staff.manager, ...staff.advisors, ...staff.socialWorkers];
    expect(drawnNames).toEqual([]);
    expect(users.filter((user) => user.email.startsWith("isabelle.leroux."))).toHaveLength(1);
    expect(new Set(users.map((user) => user.email)).size).toBe(users.length);
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
