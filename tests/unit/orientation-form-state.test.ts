import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BARRIERS,
  BARRIER_LABELS,
  DIMENSION_LABELS,
  INTENSITIES,
  LEVEL_DIMENSIONS,
  PARCOURS,
  REFERENTS,
  SEVERITIES,
  overridesProposal,
  type Level,
} from "@/domain";
import { MONTHS_LABEL } from "@/app/conseiller/diagnostic/[id]/diagnosticFormState";
import {
  ageProblem,
  decisionOf,
  initialOrientationFormState,
  JUSTIFICATION_REQUIRED,
  missingOrientationAnswers,
  orientationFormReducer,
  orientationInput,
  orientationProposalOf,
  orientedMessage,
  RQTH_LABEL,
  RSA_LABEL,
  type Orientation2025FormAction,
  type Orientation2025FormState,
} from "@/app/conseiller/diagnostic/[id]/orientationFormState";
import { decide } from "@/server/use-cases/orient-2025";
import { orientSeeker2025Schema } from "@/server/use-cases/orient-2025.schema";

const SEEKER = "00000000-0000-4000-8000-0000000000c1";
const apply = (state: Orientation2025FormState, ...actions: Orientation2025FormAction[]) => actions.reduce(orientationFormReducer, state);
const initial = () => initialOrientationFormState({ previousAnswers: null });
/** Everything mastered, in work recently, no barrier. */
const lightest: Orientation2025FormAction[] = [
  ...LEVEL_DIMENSIONS.map((dimension): Orientation2025FormAction => ({ type: "level", dimension, level: 0 })),
  { type: "set", field: "months", value: "3" },
  ...BARRIERS.map((barrier): Orientation2025FormAction => ({ type: "barrier", barrier, severity: "NONE" })),
];
const notRsa: Orientation2025FormAction[] = [
  { type: "situation", field: "rsa", value: false },
  { type: "situation", field: "rqth", value: false },
];
const context = (ageYears: number | null = 40, globalPartnership = true) => ({ seekerId: SEEKER, ageYears, globalPartnership });

describe("2025 orientation form state", () => {
  it("starts with every question unanswered, situation included: nothing proposed, nothing sent", () => {
    const state = initial();
    expect(missingOrientationAnswers(state)).toEqual([
      ...LEVEL_DIMENSIONS.map((d) => DIMENSION_LABELS[d]),
      MONTHS_LABEL,
      ...BARRIERS.map((b) => BARRIER_LABELS[b]),
      RSA_LABEL,
      RQTH_LABEL,
    ]);
    expect(orientationProposalOf(state, 40, true)).toBeNull();
    const refused = orientationInput(state, context());
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toContain("Reste à renseigner");
  });

  it("the same answers as the 2014 form, then the situation: the proposal appears only once RSA and RQTH are answered", () => {
    const answered = apply(initial(), ...lightest);
    expect(missingOrientationAnswers(answered)).toEqual([RSA_LABEL, RQTH_LABEL]);
    expect(orientationProposalOf(answered, 40, true)).toBeNull();
    const full = apply(answered, ...notRsa);
    expect(orientationProposalOf(full, 40, true)).toMatchObject({
      parcours: "EMPLOI",
      referent: "FRANCE_TRAVAIL",
      intensity: "AGILE",
      decidedBy: "FRANCE_TRAVAIL",
    });
    expect(full.touched).toBe(true);
  });

  it("age decides the referent (under 26: Mission locale) and an age outside 16–70 or unknown is refused in French", () => {
    const full = apply(initial(), ...lightest, ...notRsa);
    expect(orientationProposalOf(full, 20, true)).toMatchObject({ referent: "MISSION_LOCALE", intensity: null });
    expect(ageProblem(40)).toBeNull();
    expect(ageProblem(15)).toContain("de 16 à 70 ans ; ce demandeur a 15 ans");
    expect(ageProblem(null)).toContain("date de naissance");
    expect(orientationProposalOf(full, 71, true)).toBeNull();
    const refused = orientationInput(full, context(71));
    expect(refused).toMatchObject({ ok: false, error: ageProblem(71) });
  });

  it("following the proposal sends every choice explicitly, without a justification, and the server's schema accepts it", () => {
    const full = apply(initial(), ...lightest, ...notRsa);
    const prepared = orientationInput(full, context());
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(prepared.input).toMatchObject({
      seekerId: SEEKER,
      situation: { rsa: false, rqth: false },
      decidedParcours: "EMPLOI",
      decidedReferent: "FRANCE_TRAVAIL",
      decidedIntensity: "AGILE",
      decidedTandem: false,
    });
    expect(prepared.input).not.toHaveProperty("overrideJustification");
    expect(orientSeeker2025Schema.safeParse(prepared.input).success).toBe(true);
  });

  it("an override needs the justification (message next to the field); with it, it is sent", () => {
    const overridden = apply(initial(), ...lightest, ...notRsa, { type: "intensity", value: "INTENSIF" });
    const refused = orientationInput(overridden, context());
    expect(refused).toEqual({ ok: false, error: JUSTIFICATION_REQUIRED, fieldErrors: { overrideJustification: [JUSTIFICATION_REQUIRED] } });
    const justified = apply(overridden, { type: "justification", value: "Souhaite un suivi rapproché ce trimestre." });
    const prepared = orientationInput(justified, context());
    expect(prepared).toMatchObject({ ok: true, input: { decidedIntensity: "INTENSIF", overrideJustification: "Souhaite un suivi rapproché ce trimestre." } });
    // Back to the proposal: no justification needed, none sent.
    const back = apply(justified, { type: "intensity", value: "AGILE" });
    const again = orientationInput(back, context());
    expect(again.ok && "overrideJustification" in again.input).toBe(false);
  });

  it("a referent other than France Travail has no intensity; a socio-professional parcours with France Travail gets the tandem where the partnership exists", () => {
    const full = apply(initial(), ...lightest, ...notRsa);
    const proposal = orientationProposalOf(full, 40, true)!;
    expect(decisionOf(apply(full, { type: "referent", value: "CAP_EMPLOI" }), proposal, true)).toEqual({
      parcours: "EMPLOI",
      referent: "CAP_EMPLOI",
      intensity: null,
      tandem: false,
    });
    expect(decisionOf(apply(full, { type: "parcours", value: "SOCIO_PROFESSIONNEL" }), proposal, true)).toMatchObject({ tandem: true, intensity: "AGILE" });
    expect(decisionOf(apply(full, { type: "parcours", value: "SOCIO_PROFESSIONNEL" }), proposal, false)).toMatchObject({ tandem: false });
    expect(decisionOf(apply(full, { type: "parcours", value: "SOCIO_PROFESSIONNEL" }, { type: "tandem", value: false }), proposal, true).tandem).toBe(false);
  });

  it("says what happened: France Travail's decision with the contract's due date, or the proposal sent to the département with its 6 weeks", () => {
    const decision = { parcours: "EMPLOI" as const, referent: "FRANCE_TRAVAIL" as const, intensity: "AGILE" as const, tandem: false };
    expect(
      orientedMessage({ seekerName: "Léa Martin", decision, decidedBy: "FRANCE_TRAVAIL", contractDueOn: "2026-01-01", handedOver: false, today: "2025-12-01" }),
    ).toBe(
      "Léa Martin : orientation confirmée — parcours emploi, France Travail (accompagnement agile). Contrat d'engagement à signer d'ici le 1er janvier 2026.",
    );
    expect(orientedMessage({ seekerName: "Léa Martin", decision, decidedBy: "DEPARTEMENT", contractDueOn: null, handedOver: false, today: "2025-12-01" })).toBe(
      "Léa Martin : proposition transmise au département (parcours emploi, France Travail (accompagnement agile)). Le département décide dans les 6 semaines, d'ici le 12 janvier 2026.",
    );
    expect(
      orientedMessage({
        seekerName: "Léa Martin",
        decision: { ...decision, referent: "MISSION_LOCALE", intensity: null },
        decidedBy: "FRANCE_TRAVAIL",
        contractDueOn: "2026-01-01",
        handedOver: true,
        today: "2025-12-01",
      }),
    ).toContain("confié à l'organisme référent (Mission locale)");
  });

  const level = fc.constantFrom<Level>(0, 1, 2);
  const actionArb: fc.Arbitrary<Orientation2025FormAction> = fc.oneof(
    fc.record({ type: fc.constant("level" as const), dimension: fc.constantFrom(...LEVEL_DIMENSIONS), level }),
    fc.record({ type: fc.constant("barrier" as const), barrier: fc.constantFrom(...BARRIERS), severity: fc.constantFrom(...SEVERITIES) }),
    fc.record({ type: fc.constant("set" as const), field: fc.constant("months" as const), value: fc.constantFrom("0", "12", "30", "") }),
    fc.record({ type: fc.constant("set" as const), field: fc.constant("neverWorked" as const), value: fc.boolean() }),
    fc.record({ type: fc.constant("situation" as const), field: fc.constantFrom("rsa" as const, "rqth" as const), value: fc.boolean() }),
    fc.record({ type: fc.constant("parcours" as const), value: fc.constantFrom(...PARCOURS) }),
    fc.record({ type: fc.constant("referent" as const), value: fc.constantFrom(...REFERENTS) }),
    fc.record({ type: fc.constant("intensity" as const), value: fc.constantFrom(...INTENSITIES) }),
    fc.record({ type: fc.constant("tandem" as const), value: fc.boolean() }),
    fc.record({ type: fc.constant("justification" as const), value: fc.constantFrom("", "court", "Situation particulière expliquée.") }),
  );

  it("whatever the advisor does, what the form sends is what the server accepts, and both agree on the override", () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 40 }), fc.integer({ min: 16, max: 70 }), fc.boolean(), (actions, ageYears, globalPartnership) => {
        const state = apply(apply(initial(), ...lightest, ...notRsa), ...actions);
        const prepared = orientationInput(state, context(ageYears, globalPartnership));
        const proposal = orientationProposalOf(state, ageYears, globalPartnership);
        if (!prepared.ok) return;
        const parsed = orientSeeker2025Schema.parse(prepared.input);
        const server = decide(parsed, proposal!, globalPartnership);
        const client = decisionOf(state, proposal!, globalPartnership);
        expect(server.decided).toEqual(client);
        expect(server.override).toBe(overridesProposal(client, proposal!));
      }),
      { numRuns: 300 },
    );
  });
});
