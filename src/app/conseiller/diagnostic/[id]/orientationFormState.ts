/**
 * The state of the 2025 orientation form (Orientation2025Form.tsx, agencies on the 2025 offer) as one pure reducer:
 * the 2014.1 answers (the same fields and reducer as the 2014 form), the situation (RSA, RQTH; the age comes from the
 * birth date, computed by the page), the advisor's choices beside the proposal, the justification and the last
 * refusal. The live proposal is the domain's `orient2025`, the same as the server's; what « confirmer » sends is
 * `orientationInput`, checked again by the server (src/server/use-cases/orient-2025.ts).
 */
import type { IsoDate } from "@/domain/dates";
import { JUSTIFICATION_MIN } from "@/domain/diagnosticLabels";
import {
  DEFAULT_AGILE_RHYTHM,
  INTENSITY_LABELS,
  modalityOfOrientation,
  PARCOURS_LABELS,
  REFERENT_LABELS,
  SITUATION_AGE_MAX,
  SITUATION_AGE_MIN,
  orient2025,
  orientationDecision,
  overridesProposal,
  rsaOrientationDueDate,
  tandemPossible,
  type Intensity,
  type Orientation2025,
  type OrientationChoice,
  type OrientationDecider,
  type Parcours,
  type Referent,
} from "@/domain/offer2025";
import type { DiagnosticAnswers } from "@/domain/diagnostic";
import type { AgreedRhythm } from "@/domain/followUp";
import type { Modality2025 } from "@/domain/modalities";
import { formatCalendarDate } from "@/lib/format";
import { answerReducer, answersOf, draftOf, missingAnswers, UNANSWERED, type AnswerAction, type AnswersPart } from "./diagnosticFormState";

export const RSA_LABEL = "Bénéficiaire du RSA";
export const RQTH_LABEL = "Reconnaissance de la qualité de travailleur handicapé (RQTH)";
/** Said beside the RQTH question: special-category data, used for one thing only. */
export const RQTH_NOTE =
  "Donnée sensible : elle sert uniquement à choisir l'organisme qui suivra la personne (Cap emploi). Elle n'apparaît ni dans le journal ni dans les messages.";

export type Orientation2025FormState = AnswersPart & {
  /** Unanswered until the advisor says yes or no. */
  rsa: boolean | null;
  rqth: boolean | null;
  /** The advisor's choices; null while they follow the proposal (the intensity and the tandem: the rules). */
  parcours: Parcours | null;
  referent: Referent | null;
  intensity: Intensity | null;
  tandem: boolean | null;
  justification: string;
  /** Oriented to France Travail: whose portfolio receives the person ("": the advisor orienting), the tandem's social worker, Agile's rhythm. */
  advisorId: string;
  socialWorkerId: string;
  rhythm: AgreedRhythm;
  /** The advisor changed something on this file (leaving it then asks first). */
  touched: boolean;
  error: string | null;
  /** Messages by field (`overrideJustification`, `situation.rsa`, …), shown next to it; `_` for the others. */
  fieldErrors: Record<string, string[]>;
};

export type Orientation2025FormAction =
  | AnswerAction
  | { type: "situation"; field: "rsa" | "rqth"; value: boolean }
  | { type: "parcours"; value: Parcours }
  | { type: "referent"; value: Referent }
  | { type: "intensity"; value: Intensity }
  | { type: "tandem"; value: boolean }
  | { type: "justification"; value: string }
  | { type: "placement"; field: "advisorId" | "socialWorkerId"; value: string }
  | { type: "rhythm"; value: AgreedRhythm }
  /** Nothing can be sent (a question unanswered, a justification missing): the messages say why, nothing is written. */
  | { type: "incomplete"; error: string; fieldErrors?: Record<string, string[]> }
  | { type: "sent" }
  | { type: "refused"; error: string; fieldErrors: Record<string, string[]> };

/** A fresh form: every question unanswered (or the previous diagnostic's answers), the proposal followed. */
export function initialOrientationFormState(init: {
  previousAnswers?: DiagnosticAnswers | null;
  socialWorkers?: readonly { id: string }[];
}): Orientation2025FormState {
  return {
    ...(init.previousAnswers ? draftOf(init.previousAnswers) : { answers: UNANSWERED, months: "", neverWorked: false }),
    rsa: null,
    rqth: null,
    parcours: null,
    referent: null,
    intensity: null,
    tandem: null,
    justification: "",
    advisorId: "",
    socialWorkerId: init.socialWorkers?.[0]?.id ?? "",
    rhythm: DEFAULT_AGILE_RHYTHM,
    touched: false,
    error: null,
    fieldErrors: {},
  };
}

export function orientationFormReducer(state: Orientation2025FormState, action: Orientation2025FormAction): Orientation2025FormState {
  switch (action.type) {
    case "level":
    case "barrier":
    case "webVolunteer":
    case "set":
      return { ...answerReducer(state, action), touched: true };
    case "situation":
      return { ...state, touched: true, [action.field]: action.value };
    case "parcours":
    case "referent":
    case "intensity":
    case "tandem":
      return { ...state, touched: true, [action.type]: action.value };
    case "justification":
      return { ...state, touched: true, justification: action.value };
    case "placement":
      return { ...state, touched: true, [action.field]: action.value };
    case "rhythm":
      return { ...state, touched: true, rhythm: action.value };
    case "incomplete":
      return { ...state, error: action.error, fieldErrors: action.fieldErrors ?? {} };
    case "sent":
      return { ...state, error: null, fieldErrors: {} };
    case "refused":
      return { ...state, error: action.error, fieldErrors: action.fieldErrors };
  }
}

/** The age is outside what the 2025 rules accept (or unknown): the form says so and proposes nothing. */
export function ageProblem(ageYears: number | null): string | null {
  if (ageYears !== null && Number.isInteger(ageYears) && ageYears >= SITUATION_AGE_MIN && ageYears <= SITUATION_AGE_MAX) return null;
  return ageYears === null
    ? "La date de naissance du demandeur est postérieure à aujourd'hui : corrigez-la avant d'orienter."
    : `L'orientation 2025 concerne les personnes de ${SITUATION_AGE_MIN} à ${SITUATION_AGE_MAX} ans ; ce demandeur a ${ageYears} ans d'après sa date de naissance : vérifiez-la.`;
}

/** The questions not answered yet, by their labels, in the order of the form (situation last). */
export function missingOrientationAnswers(state: Orientation2025FormState): string[] {
  return [...missingAnswers(state), ...(state.rsa === null ? [RSA_LABEL] : []), ...(state.rqth === null ? [RQTH_LABEL] : [])];
}

/** The live proposal; null while a question is unanswered, the months are not a whole number, or the age is refused. */
export function orientationProposalOf(state: Orientation2025FormState, ageYears: number | null, globalPartnership: boolean): Orientation2025 | null {
  const answers = answersOf(state);
  if (answers === null || state.rsa === null || state.rqth === null || ageProblem(ageYears) !== null) return null;
  try {
    return orient2025({ answers, situation: { rsa: state.rsa, rqth: state.rqth, ageYears: ageYears! } }, { globalPartnership });
  } catch {
    return null;
  }
}

/**
 * The decision shown and sent (`orientationDecision` of the domain, as the server's `decide`): each part the advisor
 * did not choose follows the proposal and the rules; no intensity unless France Travail follows the person, no tandem
 * where it is impossible.
 */
export function decisionOf(state: Orientation2025FormState, proposal: Orientation2025, globalPartnership: boolean): OrientationChoice {
  const chosen = orientationDecision(proposal, { parcours: state.parcours ?? undefined, referent: state.referent ?? undefined }, globalPartnership);
  const { parcours, referent } = chosen;
  const intensity = referent === "FRANCE_TRAVAIL" ? (state.intensity ?? chosen.intensity) : null;
  return { parcours, referent, intensity, tandem: tandemPossible(parcours, referent, globalPartnership) ? (state.tandem ?? true) : false };
}

export const JUSTIFICATION_REQUIRED = `Justification : la décision diffère de la proposition, une justification écrite de ${JUSTIFICATION_MIN} caractères au moins est obligatoire.`;
export const INCOMPLETE_ORIENTATION = "Les réponses sont incomplètes : répondez à chaque question. Rien n'a été enregistré.";

/**
 * What « confirmer » sends, or why nothing can be sent (French messages, by field): every choice is explicit, the
 * justification only when the decision differs from the proposal.
 */
export function orientationInput(
  state: Orientation2025FormState,
  context: { seekerId: string; ageYears: number | null; globalPartnership: boolean },
):
  | {
      ok: true;
      input: {
        seekerId: string;
        answers: DiagnosticAnswers;
        situation: { rsa: boolean; rqth: boolean };
        decidedParcours: Parcours;
        decidedReferent: Referent;
        decidedIntensity: Intensity | null;
        decidedTandem: boolean;
        overrideJustification?: string;
        targetAdvisorId?: string;
        socialWorkerId?: string;
        agreedRhythmMonths?: AgreedRhythm;
      };
    }
  | { ok: false; error: string; fieldErrors: Record<string, string[]> } {
  const age = ageProblem(context.ageYears);
  if (age !== null) return { ok: false, error: age, fieldErrors: {} };
  const answers = answersOf(state);
  const proposal = orientationProposalOf(state, context.ageYears, context.globalPartnership);
  if (answers === null || proposal === null || state.rsa === null || state.rqth === null) {
    const missing = missingOrientationAnswers(state);
    return {
      ok: false,
      error: missing.length
        ? `${INCOMPLETE_ORIENTATION} Reste à renseigner : ${missing.join(", ")}.`
        : "La durée sans emploi doit être un nombre entier de mois (0 ou plus).",
      fieldErrors: {},
    };
  }
  const decision = decisionOf(state, proposal, context.globalPartnership);
  const overriding = overridesProposal(decision, proposal);
  if (overriding && state.justification.trim().length < JUSTIFICATION_MIN) {
    return { ok: false, error: JUSTIFICATION_REQUIRED, fieldErrors: { overrideJustification: [JUSTIFICATION_REQUIRED] } };
  }
  return {
    ok: true,
    input: {
      seekerId: context.seekerId,
      answers,
      situation: { rsa: state.rsa, rqth: state.rqth },
      decidedParcours: decision.parcours,
      decidedReferent: decision.referent,
      decidedIntensity: decision.intensity,
      decidedTandem: decision.tandem,
      ...(overriding ? { overrideJustification: state.justification } : {}),
      ...placementOf(state, proposal.decidedBy === "FRANCE_TRAVAIL" ? modalityOfOrientation(decision) : null),
    },
  };
}

/** What the placement sends: the target portfolio's advisor, and per modality the tandem's social worker or Agile's rhythm. */
function placementOf(
  state: Orientation2025FormState,
  modality: Modality2025 | null,
): { targetAdvisorId?: string; socialWorkerId?: string; agreedRhythmMonths?: AgreedRhythm } {
  if (modality === null) return {};
  return {
    ...(state.advisorId ? { targetAdvisorId: state.advisorId } : {}),
    ...(modality === "TANDEM" && state.socialWorkerId ? { socialWorkerId: state.socialWorkerId } : {}),
    ...(modality === "AGILE" ? { agreedRhythmMonths: state.rhythm } : {}),
  };
}

/** « parcours socio-professionnel, France Travail (accompagnement intensif), en binôme avec un travailleur social ». */
export function decisionPhrase(decision: OrientationChoice): string {
  const intensity = decision.intensity ? ` (${INTENSITY_LABELS[decision.intensity].toLowerCase()})` : "";
  const tandem = decision.tandem ? ", en binôme avec un travailleur social" : "";
  return `${PARCOURS_LABELS[decision.parcours].toLowerCase()}, ${REFERENT_LABELS[decision.referent]}${intensity}${tandem}`;
}

/** The message shown on the seeker's file after the confirmation. */
export function orientedMessage(args: {
  seekerName: string;
  decision: OrientationChoice;
  decidedBy: OrientationDecider;
  contractDueOn: IsoDate | null;
  handedOver: boolean;
  /** The agency's today: the département's 6 weeks run from it. */
  today: IsoDate;
}): string {
  const { seekerName, decision } = args;
  if (args.decidedBy === "DEPARTEMENT") {
    return `${seekerName} : proposition transmise au département (${decisionPhrase(decision)}). Le département décide dans les 6 semaines, d'ici le ${formatCalendarDate(rsaOrientationDueDate(args.today))}.`;
  }
  const contract = args.contractDueOn ? ` Contrat d'engagement à signer d'ici le ${formatCalendarDate(args.contractDueOn)}.` : "";
  const handedOver = args.handedOver
    ? ` Le dossier est confié à l'organisme référent (${REFERENT_LABELS[decision.referent]}) : ses rendez-vous à venir avec France Travail sont annulés et la personne est prévenue.`
    : "";
  return `${seekerName} : orientation confirmée — ${decisionPhrase(decision)}.${contract}${handedOver}`;
}
