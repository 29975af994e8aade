/**
 * The state of the diagnostic form (DiagnosticForm.tsx) as one pure reducer: the answers as typed, the decision and
 * its details, and the last refusal. What the form shows is derived from it (`viewOf`): the live proposal is the
 * domain's `diagnose`, the same as the server's; what it sends is `confirmationInput`.
 */
import {
  DEFAULT_GUIDE_RHYTHM,
  diagnose,
  isWebOnlyEligible,
  type AgreedRhythm,
  type Barrier,
  type DiagnosticAnswers,
  type DiagnosticResult,
  type Level,
  type LevelDimension,
  type Modality,
  type Severity,
} from "@/domain";

/** A colleague proposed by a capacity refusal, with the places left in their portfolio. */
export type Alternative = { advisorId: string; name: string; room: number };

export type DiagnosticFormState = {
  /** The answers but the months without work, which are typed as text (`months`) or « never worked ». */
  answers: Omit<DiagnosticAnswers, "monthsWithoutWork">;
  months: string;
  neverWorked: boolean;
  /** The modality chosen by the advisor; null while they follow the proposal. */
  decision: Modality | null;
  justification: string;
  rhythm: AgreedRhythm;
  webOnly: boolean;
  advisorId: string;
  socialWorkerId: string;
  error: string | null;
  fieldErrors: string[];
  alternatives: Alternative[];
};

/** The fields the advisor sets directly, to the value typed or chosen. */
type PlainField = "months" | "neverWorked" | "justification" | "rhythm" | "webOnly" | "advisorId" | "socialWorkerId";

export type DiagnosticFormAction =
  | { type: "level"; dimension: LevelDimension; level: Level }
  | { type: "barrier"; barrier: Barrier; severity: Severity }
  | { type: "webVolunteer"; value: boolean }
  | { [F in PlainField]: { type: "set"; field: F; value: DiagnosticFormState[F] } }[PlainField]
  | { type: "decide"; modality: Modality }
  /** The answers cannot be diagnosed (months without work not a whole number): nothing is sent. */
  | { type: "incomplete" }
  /** The confirmation is sent: the last refusal's messages go. */
  | { type: "sent" }
  | { type: "refused"; error: string; fieldErrors: string[]; alternatives: Alternative[] }
  /** The advisor picks a colleague named by a capacity refusal. */
  | { type: "placeWith"; advisorId: string };

export const INCOMPLETE_ANSWERS = "Les réponses sont incomplètes : vérifiez la durée sans emploi.";

/** A fresh form: everything mastered, in work recently, the proposal followed, the advisor's own portfolio. */
export function initialDiagnosticFormState(init: { actorId: string; socialWorkers: readonly { id: string }[] }): DiagnosticFormState {
  return {
    answers: { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, barriers: {}, webVolunteer: false },
    months: "0",
    neverWorked: false,
    decision: null,
    justification: "",
    rhythm: DEFAULT_GUIDE_RHYTHM,
    webOnly: false,
    advisorId: init.actorId,
    socialWorkerId: init.socialWorkers[0]?.id ?? "",
    error: null,
    fieldErrors: [],
    alternatives: [],
  };
}

export function diagnosticFormReducer(state: DiagnosticFormState, action: DiagnosticFormAction): DiagnosticFormState {
  switch (action.type) {
    case "level":
      return { ...state, answers: { ...state.answers, [action.dimension]: action.level } };
    case "barrier":
      return { ...state, answers: { ...state.answers, barriers: { ...state.answers.barriers, [action.barrier]: action.severity } } };
    case "webVolunteer":
      return { ...state, answers: { ...state.answers, webVolunteer: action.value } };
    case "set":
      return { ...state, [action.field]: action.value };
    case "decide":
      return { ...state, decision: action.modality };
    case "incomplete":
      return { ...state, error: INCOMPLETE_ANSWERS };
    case "sent":
      return { ...state, error: null, fieldErrors: [] };
    case "refused":
      return { ...state, error: action.error, fieldErrors: action.fieldErrors, alternatives: action.alternatives };
    case "placeWith":
      return { ...state, advisorId: action.advisorId, error: null, alternatives: [] };
  }
}

/** The answers as the domain reads them: the months typed (a number, maybe not a valid one), or null. */
export function answersOf(state: Pick<DiagnosticFormState, "answers" | "months" | "neverWorked">): DiagnosticAnswers {
  return { ...state.answers, monthsWithoutWork: state.neverWorked ? null : Number(state.months) };
}

/** The live proposal; null while the answers cannot be diagnosed. */
export function proposalOf(answers: DiagnosticAnswers, globalPartnership: boolean): DiagnosticResult | null {
  try {
    return diagnose(answers, { globalPartnership });
  } catch {
    return null;
  }
}

export type DiagnosticFormView = {
  proposal: DiagnosticResult | null;
  /** The decided modality: the advisor's choice, else the proposal's. */
  decided: Modality | null;
  /** The decision differs from the proposal: a written justification is required. */
  overriding: boolean;
  /** 100 % web may be chosen for this decision. */
  webEligible: boolean;
};

export function viewOf(state: DiagnosticFormState, proposal: DiagnosticResult | null): DiagnosticFormView {
  const decided = state.decision ?? proposal?.modality ?? null;
  return {
    proposal,
    decided,
    overriding: proposal !== null && decided !== null && decided !== proposal.modality,
    webEligible: isWebOnlyEligible(decided, state.answers),
  };
}

/** What « confirmer » sends (only the details that apply to the decision); null while the answers are incomplete. */
export function confirmationInput(state: DiagnosticFormState, view: DiagnosticFormView, context: { seekerId: string; actorId: string }) {
  const { proposal, decided, overriding, webEligible } = view;
  if (!proposal || !decided) return null;
  return {
    seekerId: context.seekerId,
    answers: answersOf(state),
    decidedModality: decided,
    ...(overriding ? { overrideJustification: state.justification } : {}),
    ...(decided === "GUIDE" ? { agreedRhythmMonths: state.rhythm } : {}),
    ...(webEligible ? { webOnly: state.webOnly } : {}),
    ...(state.advisorId !== context.actorId ? { targetAdvisorId: state.advisorId } : {}),
    ...(decided === "GLOBAL" ? { socialWorkerId: state.socialWorkerId } : {}),
  };
}
