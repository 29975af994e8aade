/**
 * The state of the diagnostic form (DiagnosticForm.tsx) as one pure reducer: the answers as given, the decision and
 * its details, and the last refusal. What the form shows is derived from it (`viewOf`): the live proposal is the
 * domain's `diagnose`, the same as the server's; what it sends is `confirmationInput`.
 *
 * A new diagnostic starts with every question unanswered: nothing is proposed and nothing can be confirmed until
 * each one is answered. A new diagnostic of a seeker already diagnosed starts from their previous answers.
 */
import {
  BARRIERS,
  BARRIER_LABELS,
  DEFAULT_GUIDE_RHYTHM,
  DIMENSION_LABELS,
  LEVEL_DIMENSIONS,
  MODALITY_LABELS,
  MODALITY_SHORT_LABELS,
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
import { ofName } from "@/lib/format";

/** A colleague proposed by a capacity refusal, with the places left in their portfolio. */
export type Alternative = { advisorId: string; name: string; room: number };

/** The answers as given so far: a level or a barrier not answered yet is null / missing. */
export type DraftAnswers = { [D in LevelDimension]: Level | null } & {
  /** Severity per social barrier; a barrier not answered yet has no key. */
  barriers: Partial<Record<Barrier, Severity>>;
  webVolunteer: boolean;
};

export type DiagnosticFormState = {
  /** The answers but the months without work, which are typed as text (`months`) or « never worked ». */
  answers: DraftAnswers;
  /** The months typed; empty (and not « never worked ») is not answered, never read as 0. */
  months: string;
  neverWorked: boolean;
  /** The advisor changed something on this file (leaving it then asks first). */
  touched: boolean;
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
  /** Every portfolio of the decided modality is full: the advisor may send the file to the managers. */
  askManager: boolean;
};

/** The 2014.1 answers as a form holds them. */
export type AnswersPart = Pick<DiagnosticFormState, "answers" | "months" | "neverWorked">;

/** The fields the advisor sets directly, to the value typed or chosen. */
type PlainField = "months" | "neverWorked" | "justification" | "rhythm" | "webOnly" | "advisorId" | "socialWorkerId";

/** A change to the 2014.1 answers, shared by the 2014 and the 2025 forms (`answerReducer`). */
export type AnswerAction =
  | { type: "level"; dimension: LevelDimension; level: Level }
  | { type: "barrier"; barrier: Barrier; severity: Severity }
  | { type: "webVolunteer"; value: boolean }
  | { type: "set"; field: "months"; value: string }
  | { type: "set"; field: "neverWorked"; value: boolean };

export type DiagnosticFormAction =
  | Exclude<AnswerAction, { type: "set" }>
  | { [F in PlainField]: { type: "set"; field: F; value: DiagnosticFormState[F] } }[PlainField]
  | { type: "decide"; modality: Modality }
  /** The answers cannot be diagnosed (a question unanswered, months not a whole number): nothing is sent. */
  | { type: "incomplete" }
  /** The confirmation is sent: the last refusal's messages go. */
  | { type: "sent" }
  | { type: "refused"; error: string; fieldErrors: string[]; alternatives: Alternative[]; askManager?: boolean }
  /** The advisor picks a colleague named by a capacity refusal. */
  | { type: "placeWith"; advisorId: string };

export const INCOMPLETE_ANSWERS =
  "Les réponses sont incomplètes : répondez à chaque question (mois sans emploi : un nombre entier, ou « N'a jamais travaillé »).";

/** The label of the months question, as the form and the list of missing answers name it. */
export const MONTHS_LABEL = "Mois sans emploi";

/** Nothing answered yet. */
export const UNANSWERED: DraftAnswers = { project: null, skills: null, jobSearch: null, digital: null, basicSkills: null, barriers: {}, webVolunteer: false };

/** The previous answers as the form holds them: every barrier answered (a barrier left out was « no impact »). */
export function draftOf(previous: DiagnosticAnswers): Pick<DiagnosticFormState, "answers" | "months" | "neverWorked"> {
  const barriers: Partial<Record<Barrier, Severity>> = {};
  for (const barrier of BARRIERS) barriers[barrier] = previous.barriers[barrier] ?? "NONE";
  const { project, skills, jobSearch, digital, basicSkills, webVolunteer } = previous;
  return {
    answers: { project, skills, jobSearch, digital, basicSkills, barriers, webVolunteer },
    months: previous.monthsWithoutWork === null ? "" : String(previous.monthsWithoutWork),
    neverWorked: previous.monthsWithoutWork === null,
  };
}

/**
 * A fresh form: every question unanswered (or the previous diagnostic's answers for a new diagnostic), the proposal
 * followed, the advisor's own portfolio.
 */
export function initialDiagnosticFormState(init: {
  actorId: string;
  socialWorkers: readonly { id: string }[];
  previousAnswers?: DiagnosticAnswers | null;
}): DiagnosticFormState {
  return {
    ...(init.previousAnswers ? draftOf(init.previousAnswers) : { answers: UNANSWERED, months: "", neverWorked: false }),
    touched: false,
    decision: null,
    justification: "",
    rhythm: DEFAULT_GUIDE_RHYTHM,
    webOnly: false,
    advisorId: init.actorId,
    socialWorkerId: init.socialWorkers[0]?.id ?? "",
    error: null,
    fieldErrors: [],
    alternatives: [],
    askManager: false,
  };
}

/** The answers after one change (the same for the 2014 and the 2025 forms). */
export function answerReducer<S extends AnswersPart>(state: S, action: AnswerAction): S {
  switch (action.type) {
    case "level":
      return { ...state, answers: { ...state.answers, [action.dimension]: action.level } };
    case "barrier":
      return { ...state, answers: { ...state.answers, barriers: { ...state.answers.barriers, [action.barrier]: action.severity } } };
    case "webVolunteer":
      return { ...state, answers: { ...state.answers, webVolunteer: action.value } };
    case "set":
      return action.field === "months" ? { ...state, months: action.value } : { ...state, neverWorked: action.value };
  }
}

export function diagnosticFormReducer(state: DiagnosticFormState, action: DiagnosticFormAction): DiagnosticFormState {
  switch (action.type) {
    case "level":
    case "barrier":
    case "webVolunteer":
      return { ...answerReducer(state, action), touched: true };
    case "set":
      // Another target portfolio: the refusal about the previous one no longer offers to ask the managers.
      return { ...state, touched: true, [action.field]: action.value, ...(action.field === "advisorId" ? { askManager: false } : {}) };
    case "decide":
      return { ...state, touched: true, decision: action.modality, askManager: false };
    case "incomplete":
      return { ...state, error: INCOMPLETE_ANSWERS };
    case "sent":
      return { ...state, error: null, fieldErrors: [], askManager: false };
    case "refused":
      return { ...state, error: action.error, fieldErrors: action.fieldErrors, alternatives: action.alternatives, askManager: action.askManager ?? false };
    case "placeWith":
      return { ...state, advisorId: action.advisorId, error: null, alternatives: [], askManager: false };
  }
}

/** The months question is answered: « never worked », or something typed (maybe not a valid number). */
function monthsAnswered(state: AnswersPart): boolean {
  return state.neverWorked || state.months.trim() !== "";
}

/** The questions not answered yet, by their labels, in the order of the form. */
export function missingAnswers(state: AnswersPart): string[] {
  return [
    ...LEVEL_DIMENSIONS.filter((dimension) => state.answers[dimension] === null).map((dimension) => DIMENSION_LABELS[dimension]),
    ...(monthsAnswered(state) ? [] : [MONTHS_LABEL]),
    ...BARRIERS.filter((barrier) => state.answers.barriers[barrier] === undefined).map((barrier) => BARRIER_LABELS[barrier]),
  ];
}

/**
 * The answers as the domain reads them: the months typed (a number, maybe not a valid one), or null when the seeker
 * never worked. Null while a question is unanswered (an empty months field is unanswered, never 0).
 */
export function answersOf(state: AnswersPart): DiagnosticAnswers | null {
  const { project, skills, jobSearch, digital, basicSkills, barriers, webVolunteer } = state.answers;
  if (project === null || skills === null || jobSearch === null || digital === null || basicSkills === null) return null;
  if (!monthsAnswered(state) || BARRIERS.some((barrier) => barriers[barrier] === undefined)) return null;
  const monthsWithoutWork = state.neverWorked ? null : Number(state.months.trim());
  return { project, skills, jobSearch, digital, basicSkills, monthsWithoutWork, barriers, webVolunteer };
}

/** The live proposal; null while the answers are incomplete or cannot be diagnosed. */
export function proposalOf(answers: DiagnosticAnswers | null, globalPartnership: boolean): DiagnosticResult | null {
  if (answers === null) return null;
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
  const digital = state.answers.digital;
  return {
    proposal,
    decided,
    overriding: proposal !== null && decided !== null && decided !== proposal.modality,
    webEligible: digital !== null && isWebOnlyEligible(decided, { webVolunteer: state.answers.webVolunteer, digital }),
  };
}

/** What « confirmer » sends (only the details that apply to the decision); null while the answers are incomplete. */
export function confirmationInput(state: DiagnosticFormState, view: DiagnosticFormView, context: { seekerId: string; actorId: string }) {
  const { proposal, decided, overriding, webEligible } = view;
  const answers = answersOf(state);
  if (!proposal || !decided || !answers) return null;
  return {
    seekerId: context.seekerId,
    answers,
    decidedModality: decided,
    ...(overriding ? { overrideJustification: state.justification } : {}),
    ...(decided === "GUIDE" ? { agreedRhythmMonths: state.rhythm } : {}),
    ...(webEligible ? { webOnly: state.webOnly } : {}),
    ...(state.advisorId !== context.actorId ? { targetAdvisorId: state.advisorId } : {}),
    ...(decided === "GLOBAL" ? { socialWorkerId: state.socialWorkerId } : {}),
  };
}

/** Said after a confirmation that created the target advisor's portfolio of that modality. */
function newPortfolioSentence(modality: Modality, advisorName: string): string {
  return `Nouveau portefeuille « ${MODALITY_LABELS[modality].toLowerCase()} » créé${advisorName ? ` pour ${advisorName}` : ""}.`;
}

/**
 * Where the seeker went: « placé·e dans le portefeuille guidé de Camille Durand » (« d'Aminata … » before a vowel),
 * « placé·e dans votre portefeuille guidé » for the advisor's own.
 */
export function placementPhrase(modality: Modality, portfolio: { own: boolean; advisorName: string }): string {
  const kind = MODALITY_SHORT_LABELS[modality].toLowerCase();
  if (portfolio.own) return `placé·e dans votre portefeuille ${kind}`;
  return `placé·e dans le portefeuille ${kind}${portfolio.advisorName.trim() ? ` ${ofName(portfolio.advisorName)}` : ""}`;
}

/** The message shown on the next file after a confirmation: the modality, where the seeker went, the reviews booked. */
export function confirmedMessage(confirmed: { seekerName: string; modality: Modality; own: boolean; advisorName: string; portfolioCreated: boolean }): string {
  const { seekerName, modality, own, advisorName, portfolioCreated } = confirmed;
  const placed = placementPhrase(modality, { own, advisorName });
  const created = portfolioCreated ? ` ${newPortfolioSentence(modality, advisorName)}` : "";
  return `${seekerName} : ${MODALITY_LABELS[modality].toLowerCase()} confirmé, ${placed}, bilans M4 et M9 réservés.${created}`;
}
