"use client";

import { useState } from "react";
import { updateFirstInterviewDeadlineAction } from "@/server/actions/agency-settings";
import { DEADLINE_MAX_DAYS, DEADLINE_MIN_DAYS } from "@/domain";
import { numberOf, SubmitButton, useSettingsAction } from "./kit";
import { FieldError, inputClass } from "@/components/Field";
import { ActionNotice } from "@/components/Notice";

/** Days from registration within which the first (diagnostic) interview is due; later ones are flagged late. */
export function DeadlineForm({ agencyId, days }: { agencyId: string; days: number }) {
  const [value, setValue] = useState(String(days));
  const { pending, outcome, submit, fieldError } = useSettingsAction();
  const error = fieldError("firstInterviewDeadlineDays");

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    submit(
      () => updateFirstInterviewDeadlineAction({ agencyId, firstInterviewDeadlineDays: numberOf(value) }),
      (data) => (data.changed.length === 0 ? "Le délai n'a pas changé." : `Délai enregistré : ${value} jours après l'inscription.`),
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <label htmlFor="delai" className="block text-sm font-medium">
        Délai du premier entretien (jours après l&apos;inscription)
      </label>
      <input
        id="delai"
        name="firstInterviewDeadlineDays"
        type="number"
        inputMode="numeric"
        min={DEADLINE_MIN_DAYS}
        max={DEADLINE_MAX_DAYS}
        step={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`delai-aide${error ? " delai-erreur" : ""}`}
        className={`${inputClass} sm:max-w-40`}
      />
      <FieldError id="delai-erreur" message={error} />
      <p id="delai-aide" className="mt-1 text-sm text-slate-700">
        De {DEADLINE_MIN_DAYS} à {DEADLINE_MAX_DAYS} jours (convention 2015–2018 : 2 à 4 semaines). Au-delà, le premier entretien est signalé en retard dans la
        file à diagnostiquer et le tableau de bord.
      </p>
      <ActionNotice outcome={outcome} />
      <SubmitButton pending={pending}>Enregistrer le délai</SubmitButton>
    </form>
  );
}
