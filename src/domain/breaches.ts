/**
 * Breaches (manquements) under the 2025 offer (docs/rules.md#breaches-2025).
 * Modalis never proposes, computes or applies a sanction: these rules only say in which state a recorded breach is,
 * which step may be recorded next and with which date, and how to tell the person in plain words.
 *
 * REPORTED → NOTIFIED (the notice of a planned sanction; 10 days to answer, `sanctionAnswerDeadline`) → ANSWERED
 * (written answer or request to be heard) or DEADLINE_PASSED (no answer, the deadline's day is over) → DECIDED (as
 * entered: « pas de suite » ends the breach, a sanction may be lifted) → LIFTED (remobilisation).
 */
import { addMonths, compareDates, daysBetween, isValidDate, type IsoDate } from "./dates";
import { REPEATED_BREACH_MONTHS, sanctionAnswerDeadline } from "./offer2025";
import {
  BREACH_ANSWER_LABELS,
  BREACH_OBLIGATION_LABELS,
  type BreachAnswerKind,
  type BreachDecisionKind,
  type BreachObligation,
  type BreachState,
} from "./breachLabels";

export * from "./breachLabels";

export type BreachStepKind = "NOTIFIED" | "ANSWERED" | "DECIDED" | "LIFTED";

/** A recorded step; `decisionKind` on DECIDED, `answerKind` on ANSWERED. */
export type BreachStep = { kind: BreachStepKind; on: IsoDate; answerKind?: BreachAnswerKind | null; decisionKind?: BreachDecisionKind | null };

export type BreachRecord = { occurredOn: IsoDate; steps: readonly BreachStep[] };

export type BreachSituation = {
  state: BreachState;
  /** The notice's day, once notified. */
  notifiedOn: IsoDate | null;
  /** The last day to answer (notice + 10 days, inclusive); null before the notice. */
  answerDeadline: IsoDate | null;
  /** The deadline's day is over (whether or not the person answered). */
  deadlinePassed: boolean;
  /** Days left to answer from `today` (0 on the deadline's day); null when no answer is awaited. */
  daysLeftToAnswer: number | null;
  /** The answer came after the deadline. */
  lateAnswer: boolean;
  /** The next steps that may be recorded now. */
  next: BreachStepKind[];
};

const stepOf = (record: BreachRecord, kind: BreachStepKind) => record.steps.find((s) => s.kind === kind) ?? null;

/** The breach's state on `today` and what may be recorded next. */
export function breachSituation(record: BreachRecord, today: IsoDate): BreachSituation {
  const notice = stepOf(record, "NOTIFIED");
  const answer = stepOf(record, "ANSWERED");
  const decision = stepOf(record, "DECIDED");
  const lifted = stepOf(record, "LIFTED");
  const answerDeadline = notice ? sanctionAnswerDeadline(notice.on) : null;
  const deadlinePassed = answerDeadline !== null && compareDates(today, answerDeadline) > 0;
  const lateAnswer = answer !== null && answerDeadline !== null && compareDates(answer.on, answerDeadline) > 0;
  const base = { notifiedOn: notice?.on ?? null, answerDeadline, deadlinePassed, lateAnswer };
  if (lifted) return { ...base, state: "LIFTED", daysLeftToAnswer: null, next: [] };
  if (decision) return { ...base, state: "DECIDED", daysLeftToAnswer: null, next: decision.decisionKind === "SANCTION" ? ["LIFTED"] : [] };
  if (answer) return { ...base, state: "ANSWERED", daysLeftToAnswer: null, next: ["DECIDED"] };
  if (notice) {
    if (deadlinePassed) return { ...base, state: "DEADLINE_PASSED", daysLeftToAnswer: null, next: ["ANSWERED", "DECIDED"] };
    return { ...base, state: "NOTIFIED", daysLeftToAnswer: daysBetween(today, answerDeadline!), next: ["ANSWERED"] };
  }
  return { ...base, state: "REPORTED", daysLeftToAnswer: null, next: ["NOTIFIED"] };
}

export type BreachRefusal = { ok: false; code: "INVALID_DATE" | "FUTURE" | "TOO_EARLY" | "NOT_NOW"; message: string };

const frenchDate = (date: IsoDate) => {
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
};

/** A breach's date: a valid day, not in the future. */
export function checkBreachReport(occurredOn: string, today: IsoDate): { ok: true } | BreachRefusal {
  if (!isValidDate(occurredOn)) return { ok: false, code: "INVALID_DATE", message: "Date du manquement invalide : une date AAAA-MM-JJ est attendue." };
  if (compareDates(occurredOn, today) > 0) return { ok: false, code: "FUTURE", message: "La date du manquement ne peut pas être dans le futur." };
  return { ok: true };
}

const NOT_NOW: Record<BreachStepKind, string> = {
  NOTIFIED: "Le manquement est déjà notifié : une seule notification par manquement.",
  ANSWERED: "La réponse de la personne ne peut être enregistrée qu'après la notification, et avant la décision.",
  DECIDED: "La décision ne peut être enregistrée qu'après la notification, une fois la réponse reçue ou le délai de 10 jours passé, et une seule fois.",
  LIFTED: "Seule une sanction décidée peut être levée, une seule fois (« pas de suite » n'a rien à lever).",
};

const STEP_NAME: Record<BreachStepKind, string> = {
  NOTIFIED: "de la notification",
  ANSWERED: "de la réponse",
  DECIDED: "de la décision",
  LIFTED: "de la remobilisation",
};

/**
 * Whether `step` may be recorded now on `record` (never in the future, never before the step it follows), with a
 * French message otherwise. The decision waits for the answer or the end of the 10 days: the person's right to answer
 * is never cut short.
 */
export function checkBreachStep(record: BreachRecord, step: { kind: BreachStepKind; on: string }, today: IsoDate): { ok: true } | BreachRefusal {
  if (!isValidDate(step.on)) return { ok: false, code: "INVALID_DATE", message: `Date ${STEP_NAME[step.kind]} invalide : une date AAAA-MM-JJ est attendue.` };
  if (compareDates(step.on, today) > 0) return { ok: false, code: "FUTURE", message: `La date ${STEP_NAME[step.kind]} ne peut pas être dans le futur.` };
  const situation = breachSituation(record, today);
  if (!situation.next.includes(step.kind)) return { ok: false, code: "NOT_NOW", message: NOT_NOW[step.kind] };
  const after = (kind: BreachStepKind | "REPORTED"): IsoDate => (kind === "REPORTED" ? record.occurredOn : stepOf(record, kind)!.on);
  const earliest: IsoDate =
    step.kind === "NOTIFIED"
      ? after("REPORTED")
      : step.kind === "ANSWERED"
        ? after("NOTIFIED")
        : step.kind === "DECIDED"
          ? (stepOf(record, "ANSWERED")?.on ?? after("NOTIFIED"))
          : after("DECIDED");
  if (compareDates(step.on, earliest) < 0) {
    return { ok: false, code: "TOO_EARLY", message: `La date ${STEP_NAME[step.kind]} ne peut pas précéder le ${frenchDate(earliest)} (étape précédente).` };
  }
  if (step.kind === "DECIDED" && !stepOf(record, "ANSWERED") && compareDates(step.on, situation.answerDeadline!) <= 0) {
    return {
      ok: false,
      code: "TOO_EARLY",
      message: `Sans réponse de la personne, la décision ne peut pas être datée avant la fin du délai de réponse (le ${frenchDate(situation.answerDeadline!)}).`,
    };
  }
  return { ok: true };
}

/**
 * The end of the window in which a breach on `onDate` counts as repeated: the first sanction notified (decided) on or
 * before `onDate` whose 24 months still run (`repeatedBreachWindowEnd`); null when none. Informative only.
 */
export function repeatedBreachUntil(sanctionDates: readonly IsoDate[], onDate: IsoDate): IsoDate | null {
  const sorted = [...sanctionDates].filter((d) => compareDates(d, onDate) <= 0).sort(compareDates);
  for (const first of sorted) {
    const end = addMonths(first, REPEATED_BREACH_MONTHS);
    if (compareDates(onDate, end) <= 0) return end;
  }
  return null;
}

export type BreachStepText = { title: string; done: boolean; date: IsoDate | null; text: string };

/**
 * The steps of one breach told to the person, in short plain sentences: what happened, what they can do and until
 * when, what was decided (as entered) and how it ends. `today` decides « il vous reste … jours ».
 */
export function breachStepTexts(breach: BreachRecord & { obligation: BreachObligation; decisionText?: string | null }, today: IsoDate): BreachStepText[] {
  const s = breachSituation(breach, today);
  const answer = stepOf(breach, "ANSWERED");
  const decision = stepOf(breach, "DECIDED");
  const lifted = stepOf(breach, "LIFTED");
  const texts: BreachStepText[] = [
    {
      title: "Un manquement est signalé",
      done: true,
      date: breach.occurredOn,
      text: `Votre conseiller·ère a noté : ${BREACH_OBLIGATION_LABELS[breach.obligation].toLowerCase()}. Ce n'est pas une sanction.`,
    },
  ];
  if (!s.notifiedOn) {
    texts.push({
      title: "Vous recevez un courrier",
      done: false,
      date: null,
      text: "Si une sanction est envisagée, vous recevez un courrier. Vous aurez alors 10 jours pour répondre.",
    });
    return texts;
  }
  texts.push({
    title: "Vous avez reçu un courrier",
    done: true,
    date: s.notifiedOn,
    text: `Une sanction est envisagée. Vous pouvez répondre par écrit ou demander à être entendu·e, jusqu'au ${frenchDate(s.answerDeadline!)} inclus.`,
  });
  if (answer) {
    texts.push({
      title: "Vous avez répondu",
      done: true,
      date: answer.on,
      text: `${answer.answerKind ? BREACH_ANSWER_LABELS[answer.answerKind] : "Réponse"} enregistrée.${s.lateAnswer ? " Elle est arrivée après le délai." : ""}`,
    });
  } else if (!decision) {
    texts.push(
      s.deadlinePassed
        ? {
            title: "Votre réponse",
            done: false,
            date: null,
            text: `Le délai de 10 jours est passé le ${frenchDate(s.answerDeadline!)}. Contactez vite votre conseiller·ère.`,
          }
        : {
            title: "Votre réponse",
            done: false,
            date: null,
            text: `Il vous reste ${s.daysLeftToAnswer === 0 ? "aujourd'hui" : `${s.daysLeftToAnswer} jour${s.daysLeftToAnswer! > 1 ? "s" : ""}`} pour répondre (jusqu'au ${frenchDate(s.answerDeadline!)}).`,
          },
    );
  }
  if (!decision) {
    texts.push({
      title: "La décision",
      done: false,
      date: null,
      text: "La décision est prise par France Travail (le directeur régional) ou par le département si vous touchez le RSA. Elle tient compte de votre réponse.",
    });
    return texts;
  }
  texts.push({
    title: "La décision",
    done: true,
    date: decision.on,
    text:
      decision.decisionKind === "NO_FURTHER_ACTION"
        ? "Pas de suite : il n'y a pas de sanction."
        : `Décision : ${breach.decisionText || "sanction"}. Vous pouvez la contester : demandez à votre conseiller·ère comment faire.`,
  });
  if (decision.decisionKind === "SANCTION") {
    texts.push(
      lifted
        ? { title: "La sanction est levée", done: true, date: lifted.on, text: "Vous avez repris vos démarches : la sanction est levée." }
        : {
            title: "Reprendre vos démarches",
            done: false,
            date: null,
            text: "Dès que vous reprenez vos démarches, la sanction peut être levée. Parlez-en à votre conseiller·ère.",
          },
    );
  }
  return texts;
}
