/**
 * The 2014.1 diagnostic questions (professional situation, months without work, peripheral barriers, 100 % web
 * volunteer), shared by the 2014 form (DiagnosticForm) and the 2025 one (Orientation2025Form): one set of fields for
 * the same answers, whichever rules read them. Used by client components only (its handlers run in the browser).
 */
import {
  JUSTIFICATION_MAX,
  JUSTIFICATION_MIN,
  BARRIERS,
  BARRIER_HELP,
  BARRIER_LABELS,
  DIMENSION_HELP,
  DIMENSION_LABELS,
  LEVELS,
  LEVEL_DIMENSIONS,
  LEVEL_LABELS,
  SEVERITIES,
  SEVERITY_LABELS,
} from "@/domain";
import { MONTHS_LABEL, type AnswerAction, type AnswersPart } from "./diagnosticFormState";

export const choiceClass =
  "flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-2 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50";

/** One question of the interview: its label and help, then one radio button per answer (none checked until answered). */
export function ChoiceQuestion<Choice extends string | number>(props: {
  name: string;
  label: string;
  help: string;
  choices: readonly Choice[];
  choiceLabel: (choice: Choice) => string;
  value: Choice | null;
  onChoose: (choice: Choice) => void;
}) {
  return (
    <fieldset className="mt-3">
      <legend className="font-medium">{props.label}</legend>
      <p className="text-sm text-slate-700">{props.help}</p>
      <div className="mt-1 flex flex-wrap gap-2">
        {props.choices.map((choice) => (
          <label key={choice} className={choiceClass}>
            <input type="radio" name={props.name} value={choice} checked={props.value === choice} onChange={() => props.onChoose(choice)} />
            {props.choiceLabel(choice)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The two fieldsets of the 2014.1 answers; every change goes through `onAnswer` (the forms' shared `answerReducer`). */
export function AnswerFields({ answers, months, neverWorked, onAnswer }: AnswersPart & { onAnswer: (action: AnswerAction) => void }) {
  return (
    <>
      <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Situation professionnelle</legend>
        {LEVEL_DIMENSIONS.map((dimension) => (
          <ChoiceQuestion
            key={dimension}
            name={dimension}
            label={DIMENSION_LABELS[dimension]}
            help={DIMENSION_HELP[dimension]}
            choices={LEVELS}
            choiceLabel={(level) => LEVEL_LABELS[dimension][level]}
            value={answers[dimension]}
            onChoose={(level) => onAnswer({ type: "level", dimension, level })}
          />
        ))}
        <fieldset className="mt-3">
          <legend className="font-medium">{DIMENSION_LABELS.distance}</legend>
          <p className="text-sm text-slate-700">{DIMENSION_HELP.distance}</p>
          <div className="mt-1 flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-2">
              {MONTHS_LABEL}
              <input
                type="number"
                min={0}
                max={600}
                step={1}
                inputMode="numeric"
                value={months}
                disabled={neverWorked}
                onChange={(e) => onAnswer({ type: "set", field: "months", value: e.target.value })}
                className="min-h-11 w-24 rounded-md border border-slate-400 px-2"
              />
            </label>
            <label className="flex min-h-11 items-center gap-2">
              <input type="checkbox" checked={neverWorked} onChange={(e) => onAnswer({ type: "set", field: "neverWorked", value: e.target.checked })} />
              N&apos;a jamais travaillé
            </label>
          </div>
        </fieldset>
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Freins périphériques</legend>
        {BARRIERS.map((barrier) => (
          <ChoiceQuestion
            key={barrier}
            name={`frein-${barrier}`}
            label={BARRIER_LABELS[barrier]}
            help={BARRIER_HELP[barrier]}
            choices={SEVERITIES}
            choiceLabel={(severity) => SEVERITY_LABELS[severity]}
            value={answers.barriers[barrier] ?? null}
            onChoose={(severity) => onAnswer({ type: "barrier", barrier, severity })}
          />
        ))}
        <label className="mt-4 flex min-h-11 items-center gap-2">
          <input type="checkbox" checked={answers.webVolunteer} onChange={(e) => onAnswer({ type: "webVolunteer", value: e.target.checked })} />
          Volontaire pour un suivi 100 % web
        </label>
      </fieldset>
    </>
  );
}

/**
 * The written justification a decision different from the proposal requires (both forms); `errors`, the messages
 * about it, are shown under it.
 */
export function JustificationField({ value, onChange, errors }: { value: string; onChange: (value: string) => void; errors?: string[] }) {
  return (
    <div className="mt-3">
      <label htmlFor="justification" className="block font-medium">
        Justification de la modification (obligatoire)
      </label>
      <textarea
        id="justification"
        required
        minLength={JUSTIFICATION_MIN}
        maxLength={JUSTIFICATION_MAX}
        rows={3}
        value={value}
        aria-describedby={errors?.length ? "erreurs-justification" : undefined}
        onChange={(e) => onChange(e.target.value)}
        className="mt-1 block w-full rounded-md border border-slate-400 p-2"
      />
      {errors?.length ? (
        <ul id="erreurs-justification" className="mt-1 text-sm text-red-800">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
