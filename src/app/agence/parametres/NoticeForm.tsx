"use client";

import { useState } from "react";
import { updateMinNoticeAction } from "@/server/actions/agency-settings";
import { MIN_NOTICE_BOUNDS } from "@/domain";
import { numberOf, SubmitButton, useSettingsAction } from "./kit";
import { FieldError, inputClass } from "@/components/Field";
import { ActionNotice } from "@/components/Notice";

/** Days of notice a seeker gets, at least, when an appointment is moved (unless they agreed to an earlier date). */
export function NoticeForm({ agencyId, days }: { agencyId: string; days: number }) {
  const [value, setValue] = useState(String(days));
  const { pending, outcome, submit, fieldError } = useSettingsAction();
  const error = fieldError("minNoticeDays");

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    submit(
      () => updateMinNoticeAction({ agencyId, minNoticeDays: numberOf(value) }),
      (data) =>
        data.changed.length === 0
          ? "Le délai de prévenance n'a pas changé."
          : `Délai de prévenance enregistré : ${value} jour${value === "0" || value === "1" ? "" : "s"}.`,
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <label htmlFor="prevenance" className="block text-sm font-medium">
        Délai de prévenance d&apos;un rendez-vous déplacé (jours)
      </label>
      <input
        id="prevenance"
        name="minNoticeDays"
        type="number"
        inputMode="numeric"
        min={MIN_NOTICE_BOUNDS.min}
        max={MIN_NOTICE_BOUNDS.max}
        step={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`prevenance-aide${error ? " prevenance-erreur" : ""}`}
        className={`${inputClass} sm:max-w-40`}
      />
      <FieldError id="prevenance-erreur" message={error} />
      <p id="prevenance-aide" className="mt-1 text-sm text-slate-700">
        De {MIN_NOTICE_BOUNDS.min} à {MIN_NOTICE_BOUNDS.max} jours. Un rendez-vous reporté ou replanifié n&apos;est pas placé plus tôt que ce délai après
        aujourd&apos;hui, sauf si la personne est d&apos;accord.
      </p>
      <ActionNotice outcome={outcome} />
      <SubmitButton pending={pending}>Enregistrer le délai de prévenance</SubmitButton>
    </form>
  );
}
