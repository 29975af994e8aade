"use client";

import { useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { MODALITIES, MODALITY_LABELS, WORK_AXIS_LABELS, JUSTIFICATION_MAX, type AgreedRhythm, type DiagnosticAnswers, type Modality } from "@/domain";
import { confirmDiagnosticAction } from "@/server/actions/confirm-diagnostic";
import { requestPlacementAction } from "@/server/actions/placements";
import { clearFlash, flash } from "@/components/Flash";
import { SubmitButton } from "@/components/SubmitButton";
import { useServerAction } from "@/components/useServerAction";
import type { ActionResult } from "@/server/auth/guard";
import {
  answersOf,
  confirmationInput,
  confirmedMessage,
  diagnosticFormReducer,
  initialDiagnosticFormState,
  missingAnswers,
  proposalOf,
  viewOf,
  type Alternative,
} from "./diagnosticFormState";
import { AnswerFields, choiceClass, JustificationField } from "./AnswerFields";

type Person = { id: string; name: string };

const LEAVE_QUESTION = "Les réponses saisies pour ce dossier ne sont pas enregistrées. Les abandonner et changer de dossier ?";

/** The rhythm agreed with the person (guidé, and agile under the 2025 offer): every 1, 2 or 3 months. */
export function RhythmSelect({ value, onChange }: { value: AgreedRhythm; onChange: (value: AgreedRhythm) => void }) {
  return (
    <label className="mt-3 block">
      <span className="font-medium">Rythme convenu</span>
      <select
        value={value}
        onChange={(e) => onChange(Number(e.target.value) as AgreedRhythm)}
        className="mt-1 block min-h-11 rounded-md border border-slate-400 bg-white px-2"
      >
        <option value={1}>Tous les mois</option>
        <option value={2}>Tous les deux mois</option>
        <option value={3}>Tous les trois mois</option>
      </select>
    </label>
  );
}

/** A labelled choice of a person of the agency. */
export function PersonSelect(props: {
  label: string;
  people: Person[];
  value: string;
  onChange: (id: string) => void;
  optionLabel?: (person: Person) => string;
}) {
  return (
    <label className="mt-3 block">
      <span className="font-medium">{props.label}</span>
      <select
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className="mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-2"
      >
        {props.people.map((person) => (
          <option key={person.id} value={person.id}>
            {props.optionLabel ? props.optionLabel(person) : person.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The page a link goes to, without its query (a flash message is kept for a path). */
const pathOf = (href: string) => href.split("?")[0]!;

export function DiagnosticForm(props: {
  seekerId: string;
  seekerName: string;
  actorId: string;
  globalPartnership: boolean;
  socialWorkers: Person[];
  colleagues: (Person & { modalities: readonly Modality[] })[];
  previousId: string | null;
  nextId: string | null;
  /** The previous diagnostic's answers, for a new diagnostic of a seeker already diagnosed. */
  previousAnswers: DiagnosticAnswers | null;
  /** Walking a triage campaign's share: its id (kept on the way from file to file) and where its queue is. */
  campaignId?: string | null;
}) {
  const router = useRouter();
  const suffix = props.campaignId ? `?campagne=${props.campaignId}` : "";
  const fileHref = (id: string) => `/conseiller/diagnostic/${id}${suffix}`;
  const [state, dispatch] = useReducer(diagnosticFormReducer, props, initialDiagnosticFormState);
  const { pending, run } = useServerAction();
  const formRef = useRef<HTMLFormElement>(null);
  const [managerNote, setManagerNote] = useState("");

  const { answers, months, neverWorked, touched } = state;
  const currentAnswers = useMemo(() => answersOf({ answers, months, neverWorked }), [answers, months, neverWorked]);
  const missing = useMemo(() => missingAnswers({ answers, months, neverWorked }), [answers, months, neverWorked]);
  const proposal = useMemo(() => proposalOf(currentAnswers, props.globalPartnership), [currentAnswers, props.globalPartnership]);
  const view = viewOf(state, proposal);
  const { decided, overriding, webEligible } = view;
  const target = props.colleagues.find((colleague) => colleague.id === state.advisorId);

  // Each file opens on its first question (the form is keyed by seeker): the answer given, else its first choice.
  useEffect(() => {
    const first = formRef.current?.querySelector("fieldset fieldset");
    const input = first?.querySelector<HTMLInputElement>("input:checked") ?? first?.querySelector<HTMLInputElement>("input");
    input?.focus();
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!event.altKey || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
      const id = event.key === "ArrowRight" ? props.nextId : props.previousId;
      if (!id) return;
      event.preventDefault();
      // Answers given on this file are not kept: leaving it asks first.
      if (touched && !window.confirm(LEAVE_QUESTION)) return;
      router.push(`/conseiller/diagnostic/${id}${suffix}`);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [props.nextId, props.previousId, router, touched, suffix]);

  /** Entrée confirms from any field, selects included (a button keeps its own action, a text area its new line). */
  function onKeyDown(event: React.KeyboardEvent<HTMLFormElement>) {
    if (event.key !== "Enter" || event.altKey || event.shiftKey || event.nativeEvent.isComposing) return;
    const field = event.target;
    if (field instanceof HTMLButtonElement || field instanceof HTMLAnchorElement) return;
    if (field instanceof HTMLTextAreaElement && !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    event.currentTarget.requestSubmit();
  }

  /**
   * The confirmation this file's answers make, marked as sent; null (and « incomplete » said) when a question is not
   * answered. The message about the previous file (« X : … confirmé ») goes: what this one's outcome says replaces it.
   */
  function prepare() {
    clearFlash();
    const input = confirmationInput(state, view, { seekerId: props.seekerId, actorId: props.actorId });
    dispatch(input ? { type: "sent" } : { type: "incomplete" });
    return input;
  }

  /** A refusal: its message, the colleagues with room it names, and — when nobody has room — the way to the managers. */
  function refuse(result: Extract<ActionResult<unknown>, { ok: false }>) {
    const alternatives = (result.details?.alternatives as Alternative[] | undefined) ?? [];
    dispatch({
      type: "refused",
      error: result.error,
      fieldErrors: Object.values(result.fieldErrors ?? {}).flat(),
      alternatives,
      askManager: result.code === "CAPACITY" && alternatives.length === 0,
    });
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const input = prepare();
    if (!input) return;
    run(
      () => confirmDiagnosticAction(input),
      (result) => {
        if (!result.ok) {
          refuse(result);
          return;
        }
        const next = props.nextId
          ? fileHref(props.nextId)
          : props.campaignId
            ? `/conseiller/tri/${props.campaignId}`
            : `/conseiller/demandeurs/${props.seekerId}`;
        const { modality, portfolioCreated, advisorId } = result.data;
        const advisorName = props.colleagues.find((colleague) => colleague.id === advisorId)?.name ?? "";
        flash(confirmedMessage({ seekerName: props.seekerName, modality, own: advisorId === props.actorId, advisorName, portfolioCreated }), pathOf(next));
        router.push(next);
      },
    );
  }

  /** Every portfolio of the decided modality is full: the prepared confirmation goes to the managers, who decide. */
  function askManager() {
    if (pending) return;
    const confirmation = prepare();
    if (!confirmation) return;
    const note = managerNote.trim();
    run(
      () => requestPlacementAction({ confirmation, ...(note ? { note } : {}) }),
      (result) => {
        if (!result.ok) {
          refuse(result);
          return;
        }
        const next = props.nextId ? fileHref(props.nextId) : props.campaignId ? `/conseiller/tri/${props.campaignId}` : "/conseiller";
        flash(
          `Le dossier de ${props.seekerName} est envoyé à la direction de l'agence (${MODALITY_LABELS[result.data.decidedModality].toLowerCase()}, portefeuilles complets). Sa décision s'affichera sur ce dossier.`,
          pathOf(next),
        );
        router.push(next);
      },
    );
  }

  return (
    <form ref={formRef} onSubmit={submit} onKeyDown={onKeyDown} className="grid gap-6 lg:grid-cols-[3fr_2fr]" aria-describedby="raccourcis">
      <div className="space-y-6">
        <AnswerFields answers={answers} months={months} neverWorked={neverWorked} onAnswer={dispatch} />
      </div>

      <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <section aria-labelledby="proposition" aria-live="polite" className="rounded-lg border border-brand-600 bg-white p-4">
          <h2 id="proposition" className="text-lg font-semibold">
            Proposition
          </h2>
          {proposal ? (
            <>
              <p className="mt-1 text-xl font-bold text-brand-700">{MODALITY_LABELS[proposal.modality]}</p>
              <p className="text-sm">Axe de travail : {WORK_AXIS_LABELS[proposal.workAxis]}</p>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
                {proposal.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </>
          ) : missing.length ? (
            <p className="mt-1 text-sm">La proposition s&apos;affichera quand chaque question aura une réponse. Reste à renseigner : {missing.join(", ")}.</p>
          ) : (
            <p className="mt-1 text-sm text-red-800">La durée sans emploi doit être un nombre entier de mois (0 ou plus).</p>
          )}
        </section>

        <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
          <legend className="px-1 text-lg font-semibold">Décision</legend>
          <div className="grid grid-cols-2 gap-2">
            {MODALITIES.filter((m) => m !== "GLOBAL" || props.globalPartnership).map((modality) => (
              <label key={modality} className={choiceClass}>
                <input type="radio" name="decision" value={modality} checked={decided === modality} onChange={() => dispatch({ type: "decide", modality })} />
                {MODALITY_LABELS[modality]}
              </label>
            ))}
          </div>
          {overriding ? (
            <JustificationField value={state.justification} onChange={(value) => dispatch({ type: "set", field: "justification", value })} />
          ) : null}
          {decided === "GUIDE" ? <RhythmSelect value={state.rhythm} onChange={(value) => dispatch({ type: "set", field: "rhythm", value })} /> : null}
          {decided === "GLOBAL" ? (
            <PersonSelect
              label="Travailleur social en binôme"
              people={props.socialWorkers}
              value={state.socialWorkerId}
              onChange={(id) => dispatch({ type: "set", field: "socialWorkerId", value: id })}
            />
          ) : null}
          {webEligible ? (
            <label className="mt-3 flex min-h-11 items-center gap-2">
              <input type="checkbox" checked={state.webOnly} onChange={(e) => dispatch({ type: "set", field: "webOnly", value: e.target.checked })} />
              Suivi 100 % web
            </label>
          ) : null}
          <PersonSelect
            label="Portefeuille"
            people={props.colleagues}
            value={state.advisorId}
            onChange={(id) => dispatch({ type: "set", field: "advisorId", value: id })}
            optionLabel={(person) => (person.id === props.actorId ? `Le mien (${person.name})` : person.name)}
          />
          {decided && target && !target.modalities.includes(decided) ? (
            <p className="mt-2 text-sm text-slate-700">
              {target.id === props.actorId ? "Vous n'avez" : `${target.name} n'a`} pas encore de portefeuille « {MODALITY_LABELS[decided].toLowerCase()} » : il
              sera créé à la confirmation.
            </p>
          ) : null}
        </fieldset>

        {state.error ? (
          <div role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900">
            <p>{state.error}</p>
            {state.fieldErrors.length ? (
              <ul className="mt-1 list-disc pl-5">
                {state.fieldErrors.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
            {state.alternatives.length ? (
              <div className="mt-2 flex flex-wrap gap-2">
                {state.alternatives.map((alternative) => (
                  <button
                    key={alternative.advisorId}
                    type="button"
                    onClick={() => dispatch({ type: "placeWith", advisorId: alternative.advisorId })}
                    className="min-h-11 rounded-md border border-red-300 bg-white px-3 py-2"
                  >
                    Placer chez {alternative.name} ({alternative.room} place{alternative.room > 1 ? "s" : ""})
                  </button>
                ))}
              </div>
            ) : null}
            {state.askManager ? (
              <div className="mt-3 space-y-2 border-t border-red-200 pt-3">
                <label htmlFor="message-direction" className="block font-medium">
                  Message à la direction (facultatif)
                </label>
                <textarea
                  id="message-direction"
                  rows={2}
                  maxLength={JUSTIFICATION_MAX}
                  value={managerNote}
                  onChange={(e) => setManagerNote(e.target.value)}
                  className="block w-full rounded-md border border-slate-400 bg-white p-2 text-slate-900"
                />
                <button
                  type="button"
                  onClick={askManager}
                  disabled={pending}
                  className="min-h-11 rounded-md border border-red-300 bg-white px-3 py-2 font-semibold"
                >
                  Envoyer le dossier à la direction
                </button>
              </div>
            ) : null}
          </div>
        ) : null}

        <SubmitButton pending={pending} disabled={!proposal} className="w-full">
          {overriding ? "Valider la modalité choisie" : "Confirmer la proposition"}
        </SubmitButton>
        <p id="raccourcis" className="text-xs text-slate-600">
          Entrée : confirmer · Alt + → : dossier suivant · Alt + ← : dossier précédent
        </p>
      </div>
    </form>
  );
}
