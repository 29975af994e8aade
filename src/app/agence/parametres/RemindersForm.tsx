"use client";

import { useState } from "react";
import { updateRemindersAction } from "@/server/actions/agency-settings";
import { REMINDER_DAYS_BOUNDS } from "@/domain/reminders";
import { FieldError, inputClass } from "@/components/Field";
import { ActionNotice } from "@/components/Notice";
import { NumberInput, numberOf, SubmitButton, useSettingsAction } from "./kit";

/** The reminders sent to seekers before their appointments: how many days ahead (0: none) and by which channels. */
export function RemindersForm({ agencyId, days, byEmail, bySms }: { agencyId: string; days: number; byEmail: boolean; bySms: boolean }) {
  const [value, setValue] = useState(String(days));
  const [email, setEmail] = useState(byEmail);
  const [sms, setSms] = useState(bySms);
  const { pending, outcome, submit, fieldError } = useSettingsAction();
  const daysError = fieldError("reminderDaysBefore");
  const channelError = fieldError("reminderByEmail") ?? fieldError("reminderBySms");

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    submit(
      () => updateRemindersAction({ agencyId, reminderDaysBefore: numberOf(value), reminderByEmail: email, reminderBySms: sms }),
      (data) => {
        if (data.changed.length === 0) return "Les rappels n'ont pas changé.";
        const n = numberOf(value) ?? 0;
        if (n === 0) return "Rappels enregistrés : aucun rappel ne sera envoyé.";
        const channels = [email ? "e-mail" : null, sms ? "SMS" : null].filter(Boolean).join(" et ");
        return `Rappels enregistrés : ${n} jour${n > 1 ? "s" : ""} avant chaque rendez-vous, par ${channels}.`;
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <label htmlFor="rappel-jours" className="block text-sm font-medium">
        Rappel envoyé avant un rendez-vous (jours)
      </label>
      <NumberInput
        id="rappel-jours"
        name="reminderDaysBefore"
        min={REMINDER_DAYS_BOUNDS.min}
        max={REMINDER_DAYS_BOUNDS.max}
        step={1}
        value={value}
        onValue={setValue}
        aria-invalid={daysError ? true : undefined}
        aria-describedby={`rappel-aide${daysError ? " rappel-jours-erreur" : ""}`}
        className={`${inputClass} sm:max-w-40`}
      />
      <FieldError id="rappel-jours-erreur" message={daysError} />
      <p id="rappel-aide" className="mt-1 text-sm text-slate-700">
        De {REMINDER_DAYS_BOUNDS.min} à {REMINDER_DAYS_BOUNDS.max} jours ; 0 : pas de rappel. Un rendez-vous pris ou déplacé moins de jours à l&apos;avance
        n&apos;a pas de rappel : sa convocation vient de partir. Les personnes qui ne veulent pas de messages facultatifs n&apos;en reçoivent pas.
      </p>
      <fieldset className="mt-3" aria-describedby={channelError ? "rappel-canaux-erreur" : undefined}>
        <legend className="text-sm font-medium">Envoyer le rappel par</legend>
        <label className="flex min-h-11 items-center gap-3">
          <input type="checkbox" className="h-5 w-5" name="reminderByEmail" checked={email} onChange={(e) => setEmail(e.target.checked)} />
          E-mail
        </label>
        <label className="flex min-h-11 items-center gap-3">
          <input type="checkbox" className="h-5 w-5" name="reminderBySms" checked={sms} onChange={(e) => setSms(e.target.checked)} />
          SMS (aux personnes qui ont accepté les SMS)
        </label>
        <FieldError id="rappel-canaux-erreur" message={channelError} />
      </fieldset>
      <ActionNotice outcome={outcome} />
      <SubmitButton pending={pending}>Enregistrer les rappels</SubmitButton>
    </form>
  );
}
