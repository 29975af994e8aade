"use client";

import { useMemo, useReducer } from "react";
import { useRouter } from "next/navigation";
import {
  INTENSITIES,
  INTENSITY_LABELS,
  PARCOURS,
  PARCOURS_LABELS,
  REFERENTS,
  REFERENT_LABELS,
  modalityOfOrientation,
  overridesProposal,
  tandemPossible,
  type Intensity,
  type Parcours,
  type Referent,
} from "@/domain/offer2025";
import type { DiagnosticAnswers } from "@/domain/diagnostic";
import type { IsoDate } from "@/domain/dates";
import { MODALITY_LABELS, type Modality } from "@/domain/modalities";
import { orientSeeker2025Action } from "@/server/actions/orientation-2025";
import { clearFlash, flash } from "@/components/Flash";
import { SubmitButton } from "@/components/SubmitButton";
import { useServerAction } from "@/components/useServerAction";
import { formatCalendarDate } from "@/lib/format";
import { AnswerFields, ChoiceQuestion, JustificationField } from "./AnswerFields";
import { PersonSelect, RhythmSelect } from "./DiagnosticForm";
import {
  ageProblem,
  decisionOf,
  initialOrientationFormState,
  missingOrientationAnswers,
  orientationFormReducer,
  orientationInput,
  orientationProposalOf,
  orientedMessage,
  RQTH_LABEL,
  RQTH_NOTE,
  RSA_LABEL,
} from "./orientationFormState";

const YES_NO = ["OUI", "NON"] as const;
const yesNoOf = (value: boolean | null) => (value === null ? null : value ? "OUI" : "NON");

const selectClass = "mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-2";

/** A labelled select of the decision, its value the proposal's until the advisor changes it. */
function DecisionSelect<Value extends string>(props: {
  id: string;
  label: string;
  values: readonly Value[];
  labels: Readonly<Record<Value, string>>;
  value: Value;
  proposed: Value;
  onChange: (value: Value) => void;
}) {
  return (
    <div className="mt-3">
      <label htmlFor={props.id} className="block font-medium">
        {props.label}
      </label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as Value)} className={selectClass}>
        {props.values.map((value) => (
          <option key={value} value={value}>
            {props.labels[value]}
            {value === props.proposed ? " (proposé)" : ""}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Messages about one field, next to it. */
function FieldErrors({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <ul id={id} className="mt-1 text-sm text-red-800">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

/**
 * The diagnostic interview of an agency on the 2025 offer (docs/rules.md#orientation-2025): the 2014.1 answers, the
 * situation (RSA, RQTH, age from the birth date), the live proposal with its reasons (`orient2025`, as the server),
 * the advisor's confirmation or override with a justification; the result shows on the seeker's file.
 */
export function Orientation2025Form(props: {
  seekerId: string;
  seekerName: string;
  /** Whole years at the agency's today, from the birth date; null when the birth date is after today. */
  ageYears: number | null;
  birthDate: IsoDate;
  /** The agency's today (the département's 6 weeks run from it). */
  today: IsoDate;
  globalPartnership: boolean;
  previousAnswers: DiagnosticAnswers | null;
  actorId: string;
  socialWorkers: { id: string; name: string }[];
  colleagues: { id: string; name: string; modalities: readonly Modality[] }[];
}) {
  const router = useRouter();
  const [state, dispatch] = useReducer(orientationFormReducer, props, initialOrientationFormState);
  const { pending, run } = useServerAction();
  const { ageYears, globalPartnership } = props;
  const proposal = useMemo(() => orientationProposalOf(state, ageYears, globalPartnership), [state, ageYears, globalPartnership]);
  const missing = missingOrientationAnswers(state);
  const age = ageProblem(ageYears);
  const decision = proposal ? decisionOf(state, proposal, globalPartnership) : null;
  const overriding = proposal !== null && decision !== null && overridesProposal(decision, proposal);
  // France Travail decides and follows: the portfolio the person enters at the confirmation.
  const placedIn = proposal && decision && proposal.decidedBy === "FRANCE_TRAVAIL" ? modalityOfOrientation(decision) : null;
  const targetId = state.advisorId || props.actorId;
  const target = props.colleagues.find((c) => c.id === targetId);
  const fieldMessages = (key: string) => state.fieldErrors[key];
  const otherMessages = Object.entries(state.fieldErrors)
    .filter(([key]) => key !== "overrideJustification" && !key.startsWith("situation."))
    .flatMap(([, messages]) => messages);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    clearFlash();
    const prepared = orientationInput(state, { seekerId: props.seekerId, ageYears, globalPartnership });
    if (!prepared.ok) {
      dispatch({ type: "incomplete", error: prepared.error, fieldErrors: prepared.fieldErrors });
      return;
    }
    dispatch({ type: "sent" });
    run(
      () => orientSeeker2025Action(prepared.input),
      (result) => {
        if (!result.ok) {
          dispatch({ type: "refused", error: result.error, fieldErrors: result.fieldErrors ?? {} });
          return;
        }
        // A file handed over to another organisme leaves the advisor's scope: the message then shows on the caseload.
        const href = result.data.handedOver === null ? `/conseiller/demandeurs/${props.seekerId}` : "/conseiller";
        flash(
          orientedMessage({
            seekerName: props.seekerName,
            decision: result.data.decided,
            decidedBy: result.data.decidedBy,
            contractDueOn: result.data.contractDueOn,
            handedOver: result.data.handedOver !== null,
            today: props.today,
          }),
          href,
        );
        router.push(href);
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-6 lg:grid-cols-[3fr_2fr]" aria-label="Orientation 2025">
      <div className="space-y-6">
        <AnswerFields answers={state.answers} months={state.months} neverWorked={state.neverWorked} onAnswer={dispatch} />

        <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
          <legend className="px-1 text-lg font-semibold">Situation de la personne</legend>
          <p className="text-sm">
            Âge : {ageYears === null ? "inconnu" : `${ageYears} ans`}{" "}
            <span className="text-slate-700">(calculé d&apos;après la date de naissance, le {formatCalendarDate(props.birthDate)})</span>
          </p>
          {age ? <p className="mt-1 text-sm text-red-800">{age}</p> : null}
          <ChoiceQuestion
            name="rsa"
            label={RSA_LABEL}
            help="Pour une personne qui perçoit le RSA, l'orientation est une proposition : le président du conseil départemental décide."
            choices={YES_NO}
            choiceLabel={(choice) => (choice === "OUI" ? "Oui" : "Non")}
            value={yesNoOf(state.rsa)}
            onChoose={(choice) => dispatch({ type: "situation", field: "rsa", value: choice === "OUI" })}
          />
          <FieldErrors id="erreurs-rsa" messages={fieldMessages("situation.rsa")} />
          <ChoiceQuestion
            name="rqth"
            label={RQTH_LABEL}
            help={RQTH_NOTE}
            choices={YES_NO}
            choiceLabel={(choice) => (choice === "OUI" ? "Oui" : "Non")}
            value={yesNoOf(state.rqth)}
            onChoose={(choice) => dispatch({ type: "situation", field: "rqth", value: choice === "OUI" })}
          />
          <FieldErrors id="erreurs-rqth" messages={fieldMessages("situation.rqth")} />
        </fieldset>
      </div>

      <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <section aria-labelledby="proposition" aria-live="polite" className="rounded-lg border border-brand-600 bg-white p-4">
          <h2 id="proposition" className="text-lg font-semibold">
            Proposition d&apos;orientation
          </h2>
          {proposal ? (
            <>
              <p className="mt-1 text-xl font-bold text-brand-700">{PARCOURS_LABELS[proposal.parcours]}</p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-sm">
                <dt>Organisme référent :</dt>
                <dd>{REFERENT_LABELS[proposal.referent]}</dd>
                <dt>Intensité :</dt>
                <dd>{proposal.intensity ? INTENSITY_LABELS[proposal.intensity] : "aucune (suivi hors France Travail)"}</dd>
                <dt>Binôme :</dt>
                <dd>{proposal.tandem ? "avec un travailleur social du département" : "non"}</dd>
                <dt>Décision :</dt>
                <dd>{proposal.decidedBy === "DEPARTEMENT" ? "le conseil départemental (proposition transmise)" : "France Travail, à votre confirmation"}</dd>
              </dl>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
                {proposal.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </>
          ) : age ? (
            <p className="mt-1 text-sm text-red-800">{age}</p>
          ) : missing.length ? (
            <p className="mt-1 text-sm">La proposition s&apos;affichera quand chaque question aura une réponse. Reste à renseigner : {missing.join(", ")}.</p>
          ) : (
            <p className="mt-1 text-sm text-red-800">La durée sans emploi doit être un nombre entier de mois (0 ou plus).</p>
          )}
        </section>

        {proposal && decision ? (
          <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
            <legend className="px-1 text-lg font-semibold">Décision</legend>
            <DecisionSelect<Parcours>
              id="decision-parcours"
              label="Parcours"
              values={PARCOURS}
              labels={PARCOURS_LABELS}
              value={decision.parcours}
              proposed={proposal.parcours}
              onChange={(value) => dispatch({ type: "parcours", value })}
            />
            <DecisionSelect<Referent>
              id="decision-referent"
              label="Organisme référent"
              values={REFERENTS}
              labels={REFERENT_LABELS}
              value={decision.referent}
              proposed={proposal.referent}
              onChange={(value) => dispatch({ type: "referent", value })}
            />
            {decision.intensity ? (
              <DecisionSelect<Intensity>
                id="decision-intensite"
                label="Intensité de l'accompagnement"
                values={INTENSITIES}
                labels={INTENSITY_LABELS}
                value={decision.intensity}
                proposed={proposal.intensity ?? decision.intensity}
                onChange={(value) => dispatch({ type: "intensity", value })}
              />
            ) : (
              <p className="mt-3 text-sm text-slate-700">Pas d&apos;intensité à choisir : l&apos;organisme référent organise l&apos;accompagnement.</p>
            )}
            {tandemPossible(decision.parcours, decision.referent, globalPartnership) ? (
              <div className="mt-3">
                <label htmlFor="decision-binome" className="block font-medium">
                  Binôme avec un travailleur social
                </label>
                <select
                  id="decision-binome"
                  value={decision.tandem ? "OUI" : "NON"}
                  onChange={(e) => dispatch({ type: "tandem", value: e.target.value === "OUI" })}
                  className={selectClass}
                >
                  <option value="OUI">Oui{proposal.tandem ? " (proposé)" : ""}</option>
                  <option value="NON">Non{proposal.tandem ? "" : " (proposé)"}</option>
                </select>
              </div>
            ) : null}
            {placedIn ? (
              <div className="mt-4 border-t border-slate-200 pt-3">
                <p className="font-medium">Portefeuille : {MODALITY_LABELS[placedIn].toLowerCase()}</p>
                {placedIn === "AGILE" ? <RhythmSelect value={state.rhythm} onChange={(value) => dispatch({ type: "rhythm", value })} /> : null}
                {placedIn === "TANDEM" ? (
                  <PersonSelect
                    label="Travailleur social en binôme"
                    people={props.socialWorkers}
                    value={state.socialWorkerId}
                    onChange={(id) => dispatch({ type: "placement", field: "socialWorkerId", value: id })}
                  />
                ) : null}
                <PersonSelect
                  label="Conseiller·ère"
                  people={props.colleagues}
                  value={targetId}
                  onChange={(id) => dispatch({ type: "placement", field: "advisorId", value: id })}
                  optionLabel={(person) => (person.id === props.actorId ? `Le mien (${person.name})` : person.name)}
                />
                {target && !target.modalities.includes(placedIn) ? (
                  <p className="mt-2 text-sm text-slate-700">
                    {target.id === props.actorId ? "Vous n'avez" : `${target.name} n'a`} pas encore de portefeuille « {MODALITY_LABELS[placedIn].toLowerCase()}{" "}
                    » : il sera créé à la confirmation.
                  </p>
                ) : null}
              </div>
            ) : null}
            {overriding ? (
              <JustificationField
                value={state.justification}
                onChange={(value) => dispatch({ type: "justification", value })}
                errors={fieldMessages("overrideJustification")}
              />
            ) : null}
          </fieldset>
        ) : null}

        {state.error ? (
          <div role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900">
            <p>{state.error}</p>
            {otherMessages.length ? (
              <ul className="mt-1 list-disc pl-5">
                {otherMessages.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}

        <SubmitButton pending={pending} disabled={!proposal} className="w-full">
          {overriding ? "Valider l'orientation choisie" : "Confirmer l'orientation proposée"}
        </SubmitButton>
      </div>
    </form>
  );
}
