import fc from "fast-check";
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import {
  BARRIERS,
  type DiagnosticAnswers,
  diagnose,
  diagnosticAnswersSchema,
  isValidDiagnosticAnswers,
  isWebOnlyEligible,
  type Level,
  LEVEL_DIMENSIONS,
  MODALITIES,
} from "../../src/domain";
import { answersArb } from "../support/diagnostic-answers";

const contextArb = fc.record({ globalPartnership: fc.boolean() });

describe("diagnose — properties", () => {
  it("is total on valid answers: never throws, one of four modalities, consistent fields", () => {
    fc.assert(
      fc.property(answersArb, contextArb, (a, ctx) => {
        const r = diagnose(a, ctx);
        expect(MODALITIES).toContain(r.modality);
        expect(r.professionalScore).toBeGreaterThanOrEqual(0);
        expect(r.professionalScore).toBeLessThanOrEqual(12);
        const distance = a.monthsWithoutWork === null || a.monthsWithoutWork >= 24 ? 2 : a.monthsWithoutWork >= 6 ? 1 : 0;
        expect(r.professionalScore).toBe(a.project + a.skills + a.jobSearch + a.digital + a.basicSkills + distance);
        expect(r.majorBarriers).toEqual(BARRIERS.filter((b) => a.barriers[b] === "MAJOR"));
        expect(r.minorBarriers).toEqual(BARRIERS.filter((b) => a.barriers[b] === "MINOR"));
        expect(r.reasons[0]).toBe(`Score professionnel : ${r.professionalScore} / 12.`);
        expect(r.rulesetVersion).toBe("2014.1");
        if (r.modality === "GLOBAL") expect(ctx.globalPartnership).toBe(true);
        expect(r.modality === "GLOBAL").toBe(ctx.globalPartnership && r.majorBarriers.length > 0 && r.professionalScore >= 4);
      }),
      { numRuns: 2000 },
    );
  });

  it("webOnly implies SUIVI, a volunteer and digital autonomy", () => {
    fc.assert(
      fc.property(answersArb, contextArb, (a, ctx) => {
        const r = diagnose(a, ctx);
        if (r.webOnly) {
          expect(r.modality).toBe("SUIVI");
          expect(a.webVolunteer).toBe(true);
          expect(a.digital).toBe(0);
        }
        expect(r.webOnly).toBe(r.modality === "SUIVI" && a.webVolunteer && a.digital === 0);
      }),
      { numRuns: 2000 },
    );
  });

  it("webOnly is the exported 100 % web rule applied to the proposed modality", () => {
    fc.assert(
      fc.property(answersArb, contextArb, (a, ctx) => {
        const r = diagnose(a, ctx);
        expect(r.webOnly).toBe(isWebOnlyEligible(r.modality, a));
      }),
      { numRuns: 2000 },
    );
  });

  it("raising any professional level never moves a seeker out of RENFORCE (so never to SUIVI)", () => {
    const raise = fc.constantFrom(...LEVEL_DIMENSIONS, "monthsWithoutWork" as const);
    fc.assert(
      fc.property(answersArb, contextArb, raise, fc.integer({ min: 1, max: 30 }), (a, ctx, dim, extra) => {
        const before = diagnose(a, ctx);
        let raised: DiagnosticAnswers;
        if (dim === "monthsWithoutWork") {
          raised = { ...a, monthsWithoutWork: a.monthsWithoutWork === null ? null : a.monthsWithoutWork + extra };
        } else {
          raised = { ...a, [dim]: Math.min(2, a[dim] + 1) as Level };
        }
        const after = diagnose(raised, ctx);
        expect(after.professionalScore).toBeGreaterThanOrEqual(before.professionalScore);
        if (before.modality === "RENFORCE") expect(after.modality).toBe("RENFORCE");
        if (before.modality !== "SUIVI") expect(after.modality).not.toBe("SUIVI");
      }),
      { numRuns: 2000 },
    );
  });

  it("the proposal depends on the answers only: copies, key order and extra attributes", () => {
    const protectedKey = fc.constantFrom("sex", "age", "nationality", "origin", "disability", "familyStatus", "birthDate");
    fc.assert(
      fc.property(answersArb, contextArb, protectedKey, fc.jsonValue(), (a, ctx, key, value) => {
        const r = diagnose(a, ctx);
        // A structural copy with keys in reverse order gives the same proposal.
        const reversed = Object.fromEntries(Object.entries(structuredClone(a)).reverse()) as unknown as DiagnosticAnswers;
        expect(diagnose(reversed, ctx)).toEqual(r);
        // A protected attribute is never silently accepted, whatever its value.
        expect(() => diagnose({ ...a, [key]: value } as DiagnosticAnswers, ctx)).toThrow(ZodError);
        // Calling again gives the same result (no hidden state).
        expect(diagnose(a, ctx)).toEqual(r);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("fast-path validation agrees with the zod schema", () => {
  const levelish = fc.constantFrom<unknown>(-1, 0, 1, 2, 3, -0, 0.5, 1.5, 2.0000001, "1", null, undefined, true, Number.NaN, [1], {});
  const monthsish = fc.constantFrom<unknown>(
    0,
    5,
    24,
    -1,
    -0,
    1.5,
    null,
    undefined,
    "12",
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e20,
    2 ** 53,
    2 ** 53 - 1,
    false,
  );
  const severityish = fc.constantFrom<unknown>("NONE", "MINOR", "MAJOR", "major", "SEVERE", "", null, undefined, 0, 2, true, {});
  const anyish = fc.constantFrom<unknown>(0, 1, "true", "MAJOR", null, undefined, true, false, {}, [], new Date(0), Object.create(null), Number.NaN);
  const topKey = fc.constantFrom(
    "project",
    "skills",
    "jobSearch",
    "digital",
    "basicSkills",
    "monthsWithoutWork",
    "barriers",
    "webVolunteer",
    "age",
    "sex",
    "constructor",
    "toString",
    "__proto__",
    "Project",
  );
  const barrierKey = fc.constantFrom<string>(...BARRIERS, "DEBT", "mobility", "constructor", "__proto__");
  const valueFor = (key: string): fc.Arbitrary<unknown> =>
    (LEVEL_DIMENSIONS as readonly string[]).includes(key) ? levelish : key === "monthsWithoutWork" ? monthsish : anyish;

  type Edit =
    | { kind: "set"; key: string; value: unknown }
    | { kind: "delete"; key: string }
    | { kind: "barrier"; key: string; value: unknown }
    | { kind: "barriers"; value: unknown };
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    { weight: 3, arbitrary: topKey.chain((key) => valueFor(key).map((value): Edit => ({ kind: "set", key, value }))) },
    { weight: 1, arbitrary: topKey.map((key): Edit => ({ kind: "delete", key })) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("barrier" as const), key: barrierKey, value: severityish }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("barriers" as const), value: anyish }) },
  );
  const define = (target: object, key: string, value: unknown): void => {
    Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  };

  /** A valid answer set, mutated in zero to three ways and possibly dressed in an unusual object form. */
  const mutated = fc
    .tuple(
      answersArb,
      fc.array(edit, { maxLength: 3 }),
      fc.constantFrom("plain", "plain", "plain", "nullProto", "inherited", "inheritedExtra", "array", "barriersArray", "json"),
    )
    .map(([a, edits, style]) => {
      const copy: Record<string, unknown> = { ...a, barriers: { ...a.barriers } };
      for (const e of edits) {
        if (e.kind === "set") define(copy, e.key, e.value);
        else if (e.kind === "delete") delete copy[e.key];
        else if (e.kind === "barrier") {
          const b = copy.barriers;
          if (typeof b === "object" && b !== null) define(b, e.key, e.value);
        } else copy.barriers = e.value;
      }
      switch (style) {
        case "nullProto":
          return Object.assign(Object.create(null) as object, copy);
        case "inherited": {
          // Answers inherited through the prototype chain: zod reads them, and so must the fast path.
          const { project, ...own } = copy;
          return Object.assign(Object.create({ project }) as object, own);
        }
        case "inheritedExtra":
          // An enumerable inherited key is an unknown key for zod (it enumerates with for…in).
          return Object.assign(Object.create({ age: 40 }) as object, copy);
        case "array":
          return Object.assign([], copy);
        case "barriersArray":
          return { ...copy, barriers: Object.assign([], copy.barriers) };
        case "json":
          try {
            return JSON.parse(JSON.stringify(copy)) as unknown;
          } catch {
            return copy;
          }
        default:
          return copy;
      }
    });

  it("on valid answers", () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        expect(isValidDiagnosticAnswers(a)).toBe(true);
        expect(diagnosticAnswersSchema.safeParse(a).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("on mutated and arbitrary inputs", () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 8, arbitrary: mutated }, { weight: 1, arbitrary: fc.anything() }, { weight: 1, arbitrary: anyish }), (input) => {
        const fast = isValidDiagnosticAnswers(input);
        const schema = diagnosticAnswersSchema.safeParse(input).success;
        expect(fast).toBe(schema);
        if (!fast) expect(() => diagnose(input as DiagnosticAnswers, { globalPartnership: true })).toThrow(ZodError);
      }),
      { numRuns: 5000 },
    );
  });

  it("covers both outcomes (the generator is not degenerate)", () => {
    const samples = fc.sample(mutated, { numRuns: 2000, seed: 42 });
    const valid = samples.filter((s) => isValidDiagnosticAnswers(s)).length;
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(1900);
  });
});
