import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BARRIERS, BARRIER_LABELS, DIMENSION_LABELS, LEVEL_DIMENSIONS, MODALITIES, SEVERITIES, diagnose, type DiagnosticAnswers, type Level } from "@/domain";
import {
  answersOf,
  confirmationInput,
  confirmedMessage,
  diagnosticFormReducer,
  INCOMPLETE_ANSWERS,
  initialDiagnosticFormState,
  missingAnswers,
  MONTHS_LABEL,
  placementPhrase,
  proposalOf,
  viewOf,
  type DiagnosticFormAction,
  type DiagnosticFormState,
} from "@/app/conseiller/diagnostic/[id]/diagnosticFormState";
import { JUSTIFICATION_MAX, JUSTIFICATION_MIN } from "@/domain";
import { confirmDiagnosticSchema } from "@/server/use-cases/confirm-diagnostic.schema";

const ACTOR = "00000000-0000-4000-8000-0000000000a1";
const COLLEAGUE = "00000000-0000-4000-8000-0000000000a2";
const WORKER = "00000000-0000-4000-8000-0000000000b1";
const SEEKER = "00000000-0000-4000-8000-0000000000c1";
const context = { seekerId: SEEKER, actorId: ACTOR };

const initial = () => initialDiagnosticFormState({ actorId: ACTOR, socialWorkers: [{ id: WORKER }, { id: COLLEAGUE }] });
const apply = (state: DiagnosticFormState, ...actions: DiagnosticFormAction[]) => actions.reduce(diagnosticFormReducer, state);
/** The answers of « everything mastered, in work recently, no barrier », each given by the advisor. */
const lightestAnswers: DiagnosticFormAction[] = [
  ...LEVEL_DIMENSIONS.map((dimension): DiagnosticFormAction => ({ type: "level", dimension, level: 0 })),
  { type: "set", field: "months", value: "0" },
  ...BARRIERS.map((barrier): DiagnosticFormAction => ({ type: "barrier", barrier, severity: "NONE" })),
];
/** A form where every question was answered with the lightest answer. */
const answered = () => apply(initial(), ...lightestAnswers);
const ALL_QUESTIONS = [...LEVEL_DIMENSIONS.map((d) => DIMENSION_LABELS[d]), MONTHS_LABEL, ...BARRIERS.map((b) => BARRIER_LABELS[b])];
const viewFor = (state: DiagnosticFormState, globalPartnership = true) => viewOf(state, proposalOf(answersOf(state), globalPartnership));
const inputFor = (state: DiagnosticFormState, globalPartnership = true) => confirmationInput(state, viewFor(state, globalPartnership), context);

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe("diagnostic form state", () => {
  it("starts with every question unanswered: no proposal, nothing to confirm, in the advisor's own portfolio", () => {
    const state = initial();
    expect(state).toMatchObject({ advisorId: ACTOR, socialWorkerId: WORKER, rhythm: 2, decision: null, error: null, touched: false, months: "" });
    expect(LEVEL_DIMENSIONS.map((dimension) => state.answers[dimension])).toEqual([null, null, null, null, null]);
    expect(state.answers.barriers).toEqual({});
    expect(missingAnswers(state)).toEqual(ALL_QUESTIONS);
    expect(answersOf(state)).toBeNull();
    expect(viewFor(state)).toMatchObject({ proposal: null, decided: null, overriding: false, webEligible: false });
    expect(inputFor(state)).toBeNull();
    expect(apply(state, { type: "incomplete" }).error).toBe(INCOMPLETE_ANSWERS);
    expect(initialDiagnosticFormState({ actorId: ACTOR, socialWorkers: [] }).socialWorkerId).toBe("");
  });

  // Regression (issue 15): the form opened pre-filled with the lightest answers, so one Entrée confirmed « suivi »
  // for someone nobody had asked anything.
  it("proposes nothing until the last question is answered, whichever it is", () => {
    for (let skipped = 0; skipped < lightestAnswers.length; skipped += 1) {
      const state = apply(initial(), ...lightestAnswers.filter((_, i) => i !== skipped));
      expect(missingAnswers(state)).toEqual([ALL_QUESTIONS[skipped]]);
      expect(viewFor(state).proposal).toBeNull();
      expect(inputFor(state)).toBeNull();
    }
    const state = answered();
    expect(missingAnswers(state)).toEqual([]);
    expect(viewFor(state)).toMatchObject({ decided: "SUIVI", overriding: false, webEligible: false });
    expect(inputFor(state)).toEqual({
      seekerId: SEEKER,
      answers: { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 0, barriers: state.answers.barriers, webVolunteer: false },
      decidedModality: "SUIVI",
    });
  });

  // Regression (issue 15): clearing « Mois sans emploi » was read as 0 months (the nearest distance from work).
  it("reads an empty months field as unanswered, never as 0; « never worked » is the farthest distance", () => {
    for (const months of ["", "  "]) {
      const cleared = apply(answered(), { type: "set", field: "months", value: "30" }, { type: "set", field: "months", value: months });
      expect(missingAnswers(cleared)).toEqual([MONTHS_LABEL]);
      expect(answersOf(cleared)).toBeNull();
      expect(inputFor(cleared)).toBeNull();
    }
    const neverWorked = apply(answered(), { type: "set", field: "months", value: "" }, { type: "set", field: "neverWorked", value: true });
    expect(missingAnswers(neverWorked)).toEqual([]);
    expect(answersOf(neverWorked)?.monthsWithoutWork).toBeNull();
    expect(viewFor(neverWorked).proposal?.reasons[1]).toContain("éloignement de l'emploi 2 (n'a jamais travaillé)");
    const unticked = apply(neverWorked, { type: "set", field: "neverWorked", value: false });
    expect(answersOf(unticked)).toBeNull();
  });

  it("starts a new diagnostic from the previous answers, every barrier answered, nothing touched yet", () => {
    const previousAnswers: DiagnosticAnswers = {
      project: 2,
      skills: 1,
      jobSearch: 2,
      digital: 1,
      basicSkills: 0,
      monthsWithoutWork: null,
      barriers: { HEALTH: "MAJOR", MOBILITY: "MINOR" },
      webVolunteer: true,
    };
    const state = initialDiagnosticFormState({ actorId: ACTOR, socialWorkers: [{ id: WORKER }], previousAnswers });
    expect(state).toMatchObject({ neverWorked: true, months: "", touched: false, decision: null });
    expect(missingAnswers(state)).toEqual([]);
    const answers = answersOf(state)!;
    expect(answers.barriers).toEqual({
      MOBILITY: "MINOR",
      FAMILY: "NONE",
      HEALTH: "MAJOR",
      HOUSING: "NONE",
      FINANCES: "NONE",
      ADMIN_LEGAL: "NONE",
      ISOLATION: "NONE",
    });
    expect(diagnose(answers, { globalPartnership: true })).toEqual(diagnose(previousAnswers, { globalPartnership: true }));
    expect(viewFor(state).decided).toBe("GLOBAL");
    const inWork = initialDiagnosticFormState({ actorId: ACTOR, socialWorkers: [], previousAnswers: { ...previousAnswers, monthsWithoutWork: 14 } });
    expect(inWork).toMatchObject({ neverWorked: false, months: "14" });
  });

  it("marks the file as touched by any change of the advisor, not by a refusal or a sending", () => {
    expect(apply(initial(), { type: "incomplete" }, { type: "sent" }, { type: "refused", error: "x", fieldErrors: [], alternatives: [] }).touched).toBe(false);
    const changes: DiagnosticFormAction[] = [
      { type: "level", dimension: "skills", level: 1 },
      { type: "barrier", barrier: "FAMILY", severity: "MINOR" },
      { type: "webVolunteer", value: true },
      { type: "set", field: "months", value: "3" },
      { type: "set", field: "neverWorked", value: true },
      { type: "decide", modality: "GUIDE" },
      { type: "set", field: "advisorId", value: COLLEAGUE },
    ];
    for (const change of changes) expect(apply(initial(), change).touched).toBe(true);
  });

  it("updates the live proposal as answers change, the same as the domain's diagnose", () => {
    const state = apply(
      answered(),
      { type: "level", dimension: "project", level: 2 },
      { type: "level", dimension: "skills", level: 2 },
      { type: "level", dimension: "jobSearch", level: 2 },
      { type: "level", dimension: "digital", level: 1 },
    );
    const view = viewFor(state);
    expect(view.proposal).toEqual(diagnose(answersOf(state)!, { globalPartnership: true }));
    expect(view.decided).toBe("RENFORCE");
    const withBarrier = apply(state, { type: "barrier", barrier: "HOUSING", severity: "MAJOR" });
    expect(viewFor(withBarrier, true).decided).toBe("GLOBAL");
    expect(viewFor(withBarrier, false).decided).toBe("RENFORCE");
  });

  it("reads the months typed, or null when the seeker never worked; sends nothing while they are not a whole number", () => {
    expect(answersOf(apply(answered(), { type: "set", field: "months", value: "30" }))?.monthsWithoutWork).toBe(30);
    expect(
      answersOf(apply(answered(), { type: "set", field: "months", value: "30" }, { type: "set", field: "neverWorked", value: true }))?.monthsWithoutWork,
    ).toBeNull();
    for (const months of ["2.5", "-1", "douze"]) {
      const state = apply(answered(), { type: "set", field: "months", value: months });
      expect(missingAnswers(state)).toEqual([]);
      expect(viewFor(state).proposal).toBeNull();
      expect(inputFor(state)).toBeNull();
      expect(apply(state, { type: "incomplete" }).error).toBe(INCOMPLETE_ANSWERS);
    }
  });

  it("sends a justification only when the decision differs, the rhythm only in guidé, the social worker only in global", () => {
    const guide = apply(
      answered(),
      { type: "decide", modality: "GUIDE" },
      { type: "set", field: "justification", value: "Long arrêt maladie, suivi rapproché." },
      { type: "set", field: "rhythm", value: 3 },
    );
    expect(viewFor(guide)).toMatchObject({ decided: "GUIDE", overriding: true });
    expect(inputFor(guide)).toMatchObject({ decidedModality: "GUIDE", overrideJustification: "Long arrêt maladie, suivi rapproché.", agreedRhythmMonths: 3 });
    const global = apply(guide, { type: "decide", modality: "GLOBAL" }, { type: "set", field: "socialWorkerId", value: COLLEAGUE });
    const input = inputFor(global)!;
    expect(input).toMatchObject({ decidedModality: "GLOBAL", socialWorkerId: COLLEAGUE });
    expect(input).not.toHaveProperty("agreedRhythmMonths");
    const back = apply(guide, { type: "decide", modality: "SUIVI" });
    expect(inputFor(back)).not.toHaveProperty("overrideJustification");
  });

  it("offers 100 % web only to a suivi volunteer who is digitally autonomous, and sends the choice then only", () => {
    const volunteer = apply(answered(), { type: "webVolunteer", value: true }, { type: "set", field: "webOnly", value: true });
    expect(viewFor(volunteer).webEligible).toBe(true);
    expect(inputFor(volunteer)).toMatchObject({ webOnly: true });
    const notAutonomous = apply(volunteer, { type: "level", dimension: "digital", level: 1 });
    expect(viewFor(notAutonomous).webEligible).toBe(false);
    expect(inputFor(notAutonomous)).not.toHaveProperty("webOnly");
    expect(inputFor(apply(volunteer, { type: "decide", modality: "GUIDE" }))).not.toHaveProperty("webOnly");
  });

  it("keeps a refusal's messages until the next sending, and places the seeker with a colleague the refusal names", () => {
    const refused = apply(answered(), {
      type: "refused",
      error: "Le portefeuille est complet.",
      fieldErrors: ["a"],
      alternatives: [{ advisorId: COLLEAGUE, name: "Bruno", room: 3 }],
    });
    expect(refused).toMatchObject({ error: "Le portefeuille est complet.", fieldErrors: ["a"] });
    const placed = apply(refused, { type: "placeWith", advisorId: COLLEAGUE });
    expect(placed).toMatchObject({ advisorId: COLLEAGUE, error: null, alternatives: [] });
    expect(inputFor(placed)).toMatchObject({ targetAdvisorId: COLLEAGUE });
    const sent = apply(refused, { type: "sent" });
    expect(sent).toMatchObject({ error: null, fieldErrors: [] });
  });

  it("offers to send the file to the managers only after a refusal with nobody having room, until the decision or target changes", () => {
    const full = apply(answered(), { type: "refused", error: "Le portefeuille est complet.", fieldErrors: [], alternatives: [], askManager: true });
    expect(full.askManager).toBe(true);
    expect(apply(full, { type: "decide", modality: "GUIDE" }).askManager).toBe(false);
    expect(apply(full, { type: "set", field: "advisorId", value: COLLEAGUE }).askManager).toBe(false);
    expect(apply(full, { type: "sent" }).askManager).toBe(false);
    expect(apply(full, { type: "set", field: "justification", value: "texte" }).askManager).toBe(true);
    expect(apply(answered(), { type: "refused", error: "x", fieldErrors: [], alternatives: [] }).askManager).toBe(false);
  });
});

const justification = fc
  .string({ minLength: JUSTIFICATION_MIN, maxLength: 40, unit: fc.constantFrom("a", "é", " ", "x", ".") })
  .filter((s) => s.trim().length >= JUSTIFICATION_MIN);
const actionArb = (globalPartnership: boolean): fc.Arbitrary<DiagnosticFormAction> =>
  fc.oneof(
    fc.record({ type: fc.constant("level" as const), dimension: fc.constantFrom(...LEVEL_DIMENSIONS), level: fc.constantFrom<Level>(0, 1, 2) }),
    fc.record({ type: fc.constant("barrier" as const), barrier: fc.constantFrom(...BARRIERS), severity: fc.constantFrom(...SEVERITIES) }),
    fc.record({ type: fc.constant("webVolunteer" as const), value: fc.boolean() }),
    fc.record({
      type: fc.constant("set" as const),
      field: fc.constant("months" as const),
      value: fc.oneof(fc.integer({ min: 0, max: 600 }).map(String), fc.string({ maxLength: 4 })),
    }),
    fc.record({ type: fc.constant("set" as const), field: fc.constant("neverWorked" as const), value: fc.boolean() }),
    fc.record({ type: fc.constant("decide" as const), modality: fc.constantFrom(...MODALITIES.filter((m) => m !== "GLOBAL" || globalPartnership)) }),
    fc.record({ type: fc.constant("set" as const), field: fc.constant("justification" as const), value: justification }),
    fc.record({ type: fc.constant("set" as const), field: fc.constant("rhythm" as const), value: fc.constantFrom(1 as const, 2 as const, 3 as const) }),
    fc.record({ type: fc.constant("set" as const), field: fc.constant("webOnly" as const), value: fc.boolean() }),
    fc.record({ type: fc.constant("set" as const), field: fc.constant("advisorId" as const), value: fc.constantFrom(ACTOR, COLLEAGUE) }),
    fc.record({ type: fc.constant("set" as const), field: fc.constant("socialWorkerId" as const), value: fc.constantFrom(WORKER, COLLEAGUE) }),
  );

describe("diagnostic form state — properties", () => {
  it("never changes the state it is given, and what it would send always passes the server's schema", () => {
    fc.assert(
      fc.property(
        fc.boolean().chain((partnership) => fc.tuple(fc.constant(partnership), fc.boolean(), fc.array(actionArb(partnership), { maxLength: 25 }))),
        ([partnership, startAnswered, actions]) => {
          let state = deepFreeze(startAnswered ? answered() : initial());
          for (const action of actions) state = deepFreeze(diagnosticFormReducer(state, action));
          const view = viewFor(state, partnership);
          const input = confirmationInput(state, view, context);
          expect(input === null).toBe(view.proposal === null);
          // Nothing is proposed nor sent while a question is unanswered.
          if (missingAnswers(state).length) expect(input).toBeNull();
          if (input === null) return;
          // The form requires a justification of the allowed length before it is sent (the text field says so).
          if (view.overriding && (state.justification.trim().length < JUSTIFICATION_MIN || state.justification.length > JUSTIFICATION_MAX)) return;
          const parsed = confirmDiagnosticSchema.safeParse(input);
          expect(parsed.success, parsed.success ? "" : parsed.error.issues[0]?.message).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("the message after a confirmation says where the seeker went (issue 15)", () => {
  it("names the colleague's portfolio chosen with « Placer chez X », by its modality", () => {
    expect(placementPhrase("GUIDE", { own: false, advisorName: "Camille Durand" })).toBe("placé·e dans le portefeuille guidé de Camille Durand");
    expect(placementPhrase("RENFORCE", { own: false, advisorName: "Aminata Diallo" })).toBe("placé·e dans le portefeuille renforcé d'Aminata Diallo");
    expect(placementPhrase("SUIVI", { own: true, advisorName: "Lucie Martin" })).toBe("placé·e dans votre portefeuille suivi");
  });

  it("puts it between the modality confirmed and the reviews booked, then says a portfolio was created", () => {
    expect(confirmedMessage({ seekerName: "Jean Petit", modality: "GUIDE", own: false, advisorName: "Camille Durand", portfolioCreated: false })).toBe(
      "Jean Petit : accompagnement guidé confirmé, placé·e dans le portefeuille guidé de Camille Durand, bilans M4 et M9 réservés.",
    );
    expect(confirmedMessage({ seekerName: "Jean Petit", modality: "GLOBAL", own: false, advisorName: "Élise Roy", portfolioCreated: true })).toBe(
      "Jean Petit : accompagnement global confirmé, placé·e dans le portefeuille global d'Élise Roy, bilans M4 et M9 réservés. Nouveau portefeuille « accompagnement global » créé pour Élise Roy.",
    );
  });
});
