/**
 * Golden test of `diagnose`: a large deterministic set of valid and invalid inputs, whose outputs (results, or the
 * error thrown: class, message and zod issues) must stay exactly those recorded in diagnostic.golden.json.
 *
 * The fixture holds SHA-256 hashes of the serialised outputs, per chunk of cases so that a failure says where.
 * After an intended change of behaviour, regenerate it with:
 *   UPDATE_GOLDEN=1 npx vitest run tests/domain/diagnostic.golden.test.ts
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { random } from "../support/random";
import { BARRIERS, type DiagnosticAnswers, type DiagnosticContext, diagnose, LEVEL_DIMENSIONS } from "../../src/domain";

const FIXTURE = fileURLToPath(new URL("./diagnostic.golden.json", import.meta.url));
const CHUNK_SIZE = 500;

interface GoldenCase {
  label: string;
  answers: unknown;
  context: unknown;
}

const SEVERITY_CODES = ["NONE", "MINOR", "MAJOR"] as const;
const MONTHS = [null, 0, -0, 1, 5, 6, 12, 23, 24, 25, 120, 600] as const;
const CONTEXTS: DiagnosticContext[] = [{ globalPartnership: true }, { globalPartnership: false }];

/**
 * Barriers of combination `combo` (base 3 digit i = severity of BARRIERS[i]); a NONE is written out or left
 * missing according to `noneStyle`'s bits, and the keys are inserted in reverse order when `reversed`.
 */
function barriersOf(combo: number, noneStyle: number, reversed: boolean): Record<string, string> {
  const entries: [string, string][] = [];
  let rest = combo;
  for (let i = 0; i < BARRIERS.length; i += 1) {
    const severity = SEVERITY_CODES[rest % 3] as string;
    rest = Math.floor(rest / 3);
    if (severity !== "NONE" || (noneStyle & (1 << i)) !== 0) entries.push([BARRIERS[i] as string, severity]);
  }
  if (reversed) entries.reverse();
  return Object.fromEntries(entries);
}

function validAnswers(levels: number[], months: number | null, barriers: object, webVolunteer: boolean): DiagnosticAnswers {
  return {
    project: levels[0],
    skills: levels[1],
    jobSearch: levels[2],
    digital: levels[3],
    basicSkills: levels[4],
    monthsWithoutWork: months,
    barriers,
    webVolunteer,
  } as DiagnosticAnswers;
}

function validCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  // Every level tuple × every months boundary × volunteer × partnership, barriers cycling through all combinations.
  let combo = 0;
  for (let tuple = 0; tuple < 243; tuple += 1) {
    const levels = [0, 1, 2, 3, 4].map((i) => Math.floor(tuple / 3 ** i) % 3);
    for (const months of MONTHS) {
      for (let flags = 0; flags < 4; flags += 1) {
        combo = (combo + 1021) % 2187;
        const answers = validAnswers(levels, months, barriersOf(combo, tuple, (flags & 1) === 1), (flags & 2) === 2);
        cases.push({ label: `levels ${tuple}, months ${String(months)}, flags ${flags}`, answers, context: CONTEXTS[flags & 1] });
      }
    }
  }
  // Every barrier combination, with a few level tuples around the rule thresholds, in both contexts.
  const rnd = random(2014_1);
  for (let c = 0; c < 2187; c += 1) {
    for (let k = 0; k < 4; k += 1) {
      const levels = [0, 1, 2, 3, 4].map(() => Math.floor(rnd() * 3));
      const months = MONTHS[Math.floor(rnd() * MONTHS.length)] as number | null;
      const answers = validAnswers(levels, months, barriersOf(c, Math.floor(rnd() * 128), rnd() < 0.5), rnd() < 0.5);
      cases.push({ label: `barriers ${c}, variant ${k}`, answers, context: CONTEXTS[k & 1] });
    }
  }
  // Random answers in unusual but valid forms: key order, null prototype, JSON copies, inherited answers, extra context keys.
  for (let i = 0; i < 3000; i += 1) {
    const levels = [0, 1, 2, 3, 4].map(() => Math.floor(rnd() * 3));
    const months = rnd() < 0.1 ? null : Math.floor(rnd() * rnd() * 200);
    const a = validAnswers(levels, months, barriersOf(Math.floor(rnd() * 2187), Math.floor(rnd() * 128), rnd() < 0.5), rnd() < 0.3);
    const style = i % 6;
    let answers: unknown = a;
    if (style === 1) answers = Object.fromEntries(Object.entries(a).reverse());
    else if (style === 2) answers = Object.assign(Object.create(null) as object, a, { barriers: Object.assign(Object.create(null) as object, a.barriers) });
    else if (style === 3) answers = JSON.parse(JSON.stringify(a));
    else if (style === 4) {
      const { project, ...own } = a;
      answers = Object.assign(Object.create({ project }) as object, own);
    }
    const context = style === 5 ? { globalPartnership: rnd() < 0.5, agency: "X" } : CONTEXTS[i & 1];
    cases.push({ label: `random ${i}, style ${style}`, answers, context });
  }
  return cases;
}

const BASE: DiagnosticAnswers = {
  project: 1,
  skills: 2,
  jobSearch: 1,
  digital: 0,
  basicSkills: 1,
  monthsWithoutWork: 8,
  barriers: { HEALTH: "MAJOR", MOBILITY: "MINOR", HOUSING: "NONE" },
  webVolunteer: true,
};

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

function invalidCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  const push = (label: string, answers: unknown, context: unknown = CONTEXTS[0]) => cases.push({ label, answers, context });
  const badValues: unknown[] = [
    undefined,
    null,
    -1,
    3,
    0.5,
    1.5,
    -0.5,
    2 ** 53,
    2 ** 53 - 1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    "1",
    "",
    "MAJOR",
    true,
    false,
    [],
    [1],
    {},
    { value: 1 },
    new Date(0),
    10n,
  ];
  const topKeys = [...LEVEL_DIMENSIONS, "monthsWithoutWork", "barriers", "webVolunteer"];

  for (const key of topKeys) {
    const { [key as keyof DiagnosticAnswers]: _, ...missing } = BASE;
    push(`missing ${key}`, missing);
    badValues.forEach((value, i) => {
      const copy: Record<string, unknown> = { ...BASE };
      define(copy, key, value);
      push(`${key} = bad value ${i}`, copy);
    });
  }
  const extraKeys = ["age", "sex", "nationality", "origin", "disability", "familyStatus", "Project", "constructor", "toString", "__proto__", ""];
  for (const key of extraKeys) {
    for (const value of [undefined, null, 0, "x", {}]) {
      const copy: Record<string, unknown> = { ...BASE };
      define(copy, key, value);
      push(`extra ${key}`, copy);
    }
  }
  push("two extra keys", { ...BASE, age: 40, sex: "F" });
  push("extra key and invalid level", { ...BASE, age: 40, project: 3 });
  push("extra key and missing key", (({ skills: _, ...rest }) => ({ ...rest, sex: "F" }))(BASE));
  push("everything wrong", {
    project: "a",
    skills: null,
    jobSearch: 5,
    digital: -1,
    basicSkills: 1.5,
    monthsWithoutWork: -3,
    barriers: [],
    webVolunteer: "oui",
    age: 1,
  });
  push("empty object", {});

  const barrierKeys = [...BARRIERS, "DEBT", "mobility", "constructor", "__proto__", "toString"];
  const severities: unknown[] = ["NONE", "MINOR", "MAJOR", "major", "SEVERE", "", null, undefined, 0, 2, true, {}, []];
  for (const key of barrierKeys) {
    for (const severity of severities) {
      const barriers: Record<string, unknown> = { ...BASE.barriers };
      define(barriers, key, severity);
      push(`barrier ${key} = ${String(severity)}`, { ...BASE, barriers });
    }
  }
  push("two unknown barriers", { ...BASE, barriers: { DEBT: "MAJOR", CHILDCARE: "MINOR", HEALTH: "MAJOR" } });
  push("unknown barrier and invalid severity", { ...BASE, barriers: { DEBT: "MAJOR", HEALTH: "SEVERE" } });
  badValues.forEach((value, i) => push(`barriers = bad value ${i}`, { ...BASE, barriers: value }));
  push("barriers as an array with keys", { ...BASE, barriers: Object.assign([], BASE.barriers) });

  // Whole input of the wrong kind.
  for (const [i, value] of [...badValues, "answers", Object.assign([], BASE)].entries()) push(`answers = bad value ${i}`, value);
  // Unusual object forms.
  push("inherited enumerable extra key", Object.assign(Object.create({ age: 40 }) as object, BASE));
  push("inherited answers only", Object.create(BASE) as object);
  const withSymbol: Record<string | symbol, unknown> = { ...BASE };
  withSymbol[Symbol("age")] = 40;
  push("symbol key", withSymbol);
  const hidden = { ...BASE };
  Object.defineProperty(hidden, "age", { value: 40, enumerable: false });
  push("non-enumerable extra key", hidden);
  for (const severity of ["MAJOR", "MINOR", "NONE", "SEVERE"]) {
    const hiddenBarrier = { MOBILITY: "MINOR" };
    Object.defineProperty(hiddenBarrier, "HEALTH", { value: severity, enumerable: false });
    push(`non-enumerable barrier ${severity}`, { ...BASE, barriers: hiddenBarrier });
    push(`inherited barrier ${severity}`, { ...BASE, barriers: Object.assign(Object.create({ HEALTH: severity }) as object, { FAMILY: "MAJOR" }) });
    const hiddenInherited = Object.create(Object.defineProperty({}, "HOUSING", { value: severity, enumerable: false })) as object;
    push(`non-enumerable inherited barrier ${severity}`, { ...BASE, barriers: Object.assign(hiddenInherited, { FINANCES: "MINOR" }) });
    push(`barrier getter ${severity}`, {
      ...BASE,
      barriers: {
        get ISOLATION() {
          return severity;
        },
        HEALTH: "MINOR",
      },
    });
  }

  // Invalid contexts, with valid and invalid answers (the answers are checked first).
  const badContexts: unknown[] = [
    undefined,
    null,
    {},
    { globalPartnership: "true" },
    { globalPartnership: 1 },
    { globalPartnership: null },
    [],
    "yes",
    true,
    0,
  ];
  badContexts.forEach((context, i) => {
    push(`context = bad value ${i}`, BASE, context);
    push(`context = bad value ${i}, answers invalid`, { ...BASE, project: 9 }, context);
  });

  // Random mutations of valid answers: one to three keys set to a random value, deleted, or added.
  const rnd = random(42);
  const anyOf = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const keyPool = [...topKeys, ...extraKeys];
  for (let i = 0; i < 3000; i += 1) {
    const copy: Record<string, unknown> = { ...BASE, barriers: barriersOf(Math.floor(rnd() * 2187), Math.floor(rnd() * 128), rnd() < 0.5) };
    const edits = 1 + Math.floor(rnd() * 3);
    for (let e = 0; e < edits; e += 1) {
      const kind = rnd();
      if (kind < 0.45) define(copy, anyOf(keyPool), anyOf([...badValues, 0, 1, 2, "NONE", "MAJOR"]));
      else if (kind < 0.6) delete copy[anyOf(topKeys)];
      else if (typeof copy.barriers === "object" && copy.barriers !== null) define(copy.barriers, anyOf(barrierKeys), anyOf(severities));
    }
    push(`mutation ${i}`, copy, CONTEXTS[i & 1]);
  }
  return cases;
}

/** What a call gives, serialised: the result, or the thrown error (class, message, zod issues). */
function outcome(c: GoldenCase): string {
  try {
    return JSON.stringify({ result: diagnose(c.answers as DiagnosticAnswers, c.context as DiagnosticContext) });
  } catch (error) {
    if (error instanceof ZodError) return JSON.stringify({ zodError: error.message, issues: error.issues });
    if (error instanceof Error) return JSON.stringify({ error: error.constructor.name, message: error.message });
    return JSON.stringify({ thrown: String(error) });
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

interface GoldenFixture {
  cases: number;
  chunkSize: number;
  valid: number;
  thrown: number;
  all: string;
  chunks: string[];
}

function computeFixture(): GoldenFixture {
  const cases = [...validCases(), ...invalidCases()];
  const outcomes = cases.map(outcome);
  const chunks: string[] = [];
  for (let i = 0; i < outcomes.length; i += CHUNK_SIZE) chunks.push(sha256(outcomes.slice(i, i + CHUNK_SIZE).join("\n")));
  const valid = outcomes.filter((o) => o.startsWith('{"result"')).length;
  return { cases: cases.length, chunkSize: CHUNK_SIZE, valid, thrown: cases.length - valid, all: sha256(outcomes.join("\n")), chunks };
}

describe("diagnose — golden outputs", () => {
  it("gives exactly the recorded results and errors on a large set of valid and invalid inputs", () => {
    const actual = computeFixture();
    if (process.env.UPDATE_GOLDEN === "1") {
      writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 1)}\n`);
      return;
    }
    expect(existsSync(FIXTURE), "fixture missing: run once with UPDATE_GOLDEN=1").toBe(true);
    const expected = JSON.parse(readFileSync(FIXTURE, "utf8")) as GoldenFixture;
    expect({ cases: actual.cases, valid: actual.valid, thrown: actual.thrown }).toEqual({
      cases: expected.cases,
      valid: expected.valid,
      thrown: expected.thrown,
    });
    const differing = actual.chunks.flatMap((hash, i) => (hash === expected.chunks[i] ? [] : [`cases ${i * CHUNK_SIZE}–${(i + 1) * CHUNK_SIZE - 1}`]));
    expect(differing).toEqual([]);
    expect(actual.all).toBe(expected.all);
  });

  it("covers every modality, both web outcomes, every work axis and both error kinds", () => {
    const cases = [...validCases(), ...invalidCases()];
    const seen = new Set<string>();
    for (const c of cases) {
      try {
        const r = diagnose(c.answers as DiagnosticAnswers, c.context as DiagnosticContext);
        seen.add(r.modality).add(`web ${r.webOnly}`).add(r.workAxis).add(`reasons ${r.reasons.length}`);
      } catch (error) {
        seen.add(error instanceof ZodError ? "ZodError" : (error as Error).constructor.name);
      }
    }
    for (const expected of [
      "GLOBAL",
      "RENFORCE",
      "GUIDE",
      "SUIVI",
      "web true",
      "web false",
      "ELABORATION_PROJET",
      "ADAPTATION_MARCHE",
      "TECHNIQUES_RECHERCHE",
      "RETOUR_DIRECT_EMPLOI",
      "ZodError",
      "TypeError",
    ]) {
      expect(seen).toContain(expected);
    }
  });

  it("returns fresh arrays: mutating a result does not change the next one", () => {
    const first = diagnose(BASE, CONTEXTS[0] as DiagnosticContext);
    const expected = structuredClone(first);
    first.reasons.push("mutated");
    first.reasons[0] = "mutated";
    first.majorBarriers.push("FAMILY");
    first.minorBarriers.length = 0;
    expect(diagnose(BASE, CONTEXTS[0] as DiagnosticContext)).toEqual(expected);
  });
});
