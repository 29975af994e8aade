"use client";

/**
 * The editor of a new revision of the contrat d'engagement (docs/rules.md#contrat-dengagement), opened in place and
 * prefilled with the current revision: objectives, actions (label, due date, status), weekly activity (15 h by
 * default; another value with a written reason), each side's commitments, and the signature date when signed. The
 * plan and the weekly activity are checked here with the domain's rules before sending; the server checks again.
 */
import { useState } from "react";
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  PLAN_ACTIONS_MAX,
  PLAN_OBJECTIVES_MAX,
  validateContractPlan,
  validateContractWeeklyActivity,
  type ActionStatus,
  type PlanAction,
} from "@/domain/contract2025";
import { WEEKLY_ACTIVITY_DEFAULT_HOURS, WEEKLY_ACTIVITY_MAX_HOURS } from "@/domain/offer2025";
import { saveEngagementContractAction } from "@/server/actions/engagement-contract";
import type { ActionResult } from "@/server/auth/guard";
import { inputClass, SelectField, TextField } from "@/components/Field";
import { FormInPlace } from "@/components/FormInPlace";

export type ContractDraft = {
  objectives: string[];
  actions: PlanAction[];
  weeklyHours: number;
  weeklyHoursReason: string;
  seekerCommitments: string;
  advisorCommitments: string;
};

const smallButton = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-100";

function TextArea({ id, label, value, onChange, help }: { id: string; label: string; value: string; onChange: (value: string) => void; help?: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        rows={3}
        className={inputClass}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={help ? `${id}-aide` : undefined}
      />
      {help ? (
        <p id={`${id}-aide`} className="mt-1 text-sm text-slate-700">
          {help}
        </p>
      ) : null}
    </div>
  );
}

export function ContractEditor({
  seekerId,
  today,
  baseRevision,
  intensityLabel,
  initial,
}: {
  seekerId: string;
  today: string;
  baseRevision: number | null;
  intensityLabel: string | null;
  initial: ContractDraft | null;
}) {
  const [objectives, setObjectives] = useState<string[]>(initial?.objectives.length ? initial.objectives : [""]);
  const [actions, setActions] = useState<PlanAction[]>(initial?.actions ?? []);
  const [weeklyHours, setWeeklyHours] = useState(String(initial?.weeklyHours ?? WEEKLY_ACTIVITY_DEFAULT_HOURS).replace(".", ","));
  const [reason, setReason] = useState(initial?.weeklyHoursReason ?? "");
  const [seekerCommitments, setSeekerCommitments] = useState(initial?.seekerCommitments ?? "");
  const [advisorCommitments, setAdvisorCommitments] = useState(initial?.advisorCommitments ?? "");
  const [signed, setSigned] = useState(false);
  const [signedOn, setSignedOn] = useState(today);

  const hours = Number(weeklyHours.replace(",", ".").trim());
  const otherHours = weeklyHours.trim() !== "" && hours !== WEEKLY_ACTIVITY_DEFAULT_HOURS;

  const submit = (): Promise<ActionResult<unknown>> => {
    const plan = { objectives, actions };
    const planCheck = validateContractPlan(plan);
    if (!planCheck.ok) return Promise.resolve({ ok: false, code: "INVALID", error: planCheck.message });
    const weekly = validateContractWeeklyActivity({ hours: weeklyHours.trim() === "" ? Number.NaN : hours, reason });
    if (!weekly.ok) return Promise.resolve({ ok: false, code: "INVALID", error: weekly.message });
    return saveEngagementContractAction({
      seekerId,
      baseRevision,
      plan: planCheck.plan,
      weeklyHours: hours,
      ...(otherHours ? { weeklyHoursReason: reason } : {}),
      seekerCommitments,
      advisorCommitments,
      signedOn: signed ? signedOn : null,
    });
  };

  const setAction = (index: number, patch: Partial<PlanAction>) => setActions(actions.map((a, i) => (i === index ? { ...a, ...patch } : a)));

  return (
    <FormInPlace
      openLabel={baseRevision === null ? "Établir le contrat d'engagement" : "Nouvelle version du contrat"}
      label="Contrat d'engagement"
      saved="Contrat d'engagement enregistré (nouvelle version)."
      submit={submit}
    >
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Objectifs (1 à {PLAN_OBJECTIVES_MAX})</legend>
        {objectives.map((objective, index) => (
          <div key={index} className="flex items-end gap-2">
            <TextField
              id={`contrat-objectif-${index}`}
              label={`Objectif ${index + 1}`}
              className="grow"
              value={objective}
              onChange={(event) => setObjectives(objectives.map((o, i) => (i === index ? event.target.value : o)))}
            />
            {objectives.length > 1 ? (
              <button type="button" className={smallButton} onClick={() => setObjectives(objectives.filter((_, i) => i !== index))}>
                Retirer
              </button>
            ) : null}
          </div>
        ))}
        {objectives.length < PLAN_OBJECTIVES_MAX ? (
          <button type="button" className={smallButton} onClick={() => setObjectives([...objectives, ""])}>
            Ajouter un objectif
          </button>
        ) : null}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Actions du plan</legend>
        {actions.length === 0 ? <p className="text-sm text-slate-700">Aucune action pour l&apos;instant.</p> : null}
        {actions.map((action, index) => (
          <div key={index} className="grid gap-2 rounded-md border border-slate-200 p-2 sm:grid-cols-[1fr_auto_auto_auto] sm:items-end">
            <TextField
              id={`contrat-action-${index}`}
              label={`Action ${index + 1}`}
              value={action.label}
              onChange={(event) => setAction(index, { label: event.target.value })}
            />
            <TextField
              id={`contrat-action-${index}-echeance`}
              label="Échéance"
              type="date"
              value={action.dueOn}
              onChange={(event) => setAction(index, { dueOn: event.target.value })}
            />
            <SelectField
              id={`contrat-action-${index}-statut`}
              label="Statut"
              value={action.status}
              onChange={(event) => setAction(index, { status: event.target.value as ActionStatus })}
            >
              {ACTION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {ACTION_STATUS_LABELS[status]}
                </option>
              ))}
            </SelectField>
            <button type="button" className={smallButton} onClick={() => setActions(actions.filter((_, i) => i !== index))}>
              Retirer
            </button>
          </div>
        ))}
        {actions.length < PLAN_ACTIONS_MAX ? (
          <button type="button" className={smallButton} onClick={() => setActions([...actions, { label: "", dueOn: today, status: "A_FAIRE" }])}>
            Ajouter une action
          </button>
        ) : null}
      </fieldset>

      {intensityLabel ? <p className="text-sm">Intensité (celle de l&apos;orientation) : {intensityLabel.toLowerCase()}.</p> : null}

      <TextField
        id="contrat-heures"
        label="Activité par semaine (heures)"
        inputMode="decimal"
        value={weeklyHours}
        onChange={(event) => setWeeklyHours(event.target.value)}
        help={`${WEEKLY_ACTIVITY_DEFAULT_HOURS} heures par défaut ; de 0 à ${WEEKLY_ACTIVITY_MAX_HOURS} heures par demi-heure avec une justification.`}
      />
      {otherHours ? (
        <TextArea id="contrat-heures-justification" label="Justification de la durée (situation de la personne)" value={reason} onChange={setReason} />
      ) : null}
      <TextArea id="contrat-engagements-personne" label="Engagements de la personne" value={seekerCommitments} onChange={setSeekerCommitments} />
      <TextArea id="contrat-engagements-ft" label="Engagements de France Travail" value={advisorCommitments} onChange={setAdvisorCommitments} />

      <div className="space-y-2">
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" checked={signed} onChange={(event) => setSigned(event.target.checked)} />
          Contrat signé
        </label>
        {signed ? (
          <TextField
            id="contrat-signature"
            label="Date de signature"
            type="date"
            max={today}
            value={signedOn}
            onChange={(event) => setSignedOn(event.target.value)}
          />
        ) : (
          <p className="text-sm text-slate-700">Sans signature, la version est enregistrée comme brouillon.</p>
        )}
      </div>
    </FormInPlace>
  );
}
