"use client";

import { useState } from "react";
import { updateHoursAction } from "@/server/actions/agency-settings";
import { HOURS_EARLIEST, HOURS_LATEST, INITIAL_INTERVIEW_MAX, minutesOf, SLOT_MINUTES } from "@/domain/slots";
import { NumberInput, numberOf, SubmitButton, useSettingsAction } from "./kit";
import { FieldError, inputClass } from "@/components/Field";
import { ActionNotice } from "@/components/Notice";
import { plural } from "@/lib/plural";

type Hours = { appointmentStart: string; appointmentEnd: string; slotMinutes: number; initialInterviewMinutes: number };

/** Appointment hours, slot length and the length of the first interview. */
export function HoursForm({ agencyId, hours }: { agencyId: string; hours: Hours }) {
  const [start, setStart] = useState(hours.appointmentStart);
  const [end, setEnd] = useState(hours.appointmentEnd);
  const [slot, setSlot] = useState(String(hours.slotMinutes));
  const [initial, setInitial] = useState(String(hours.initialInterviewMinutes));
  const { pending, outcome, submit, fieldError } = useSettingsAction();

  const startMinute = minutesOf(start);
  const endMinute = minutesOf(end);
  const slotMinutes = Number(slot);
  const slotsPerDay =
    startMinute !== null && endMinute !== null && endMinute > startMinute && slotMinutes > 0 ? Math.floor((endMinute - startMinute) / slotMinutes) : null;

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    submit(
      () =>
        updateHoursAction({
          agencyId,
          appointmentStart: start,
          appointmentEnd: end,
          slotMinutes: numberOf(slot),
          initialInterviewMinutes: numberOf(initial),
        }),
      (data) =>
        data.changed.length === 0
          ? "Les horaires n'ont pas changé."
          : `Horaires enregistrés : ${start}–${end}, créneaux de ${slot} minutes, premier entretien de ${initial} minutes.`,
    );
  }

  const field = (name: keyof Hours, id: string) => {
    const error = fieldError(name);
    return {
      error,
      props: {
        id,
        name,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": `horaires-aide${error ? ` ${id}-erreur` : ""}`,
        className: inputClass,
      },
    };
  };
  const startField = field("appointmentStart", "horaires-debut");
  const endField = field("appointmentEnd", "horaires-fin");
  const slotField = field("slotMinutes", "horaires-creneau");
  const initialField = field("initialInterviewMinutes", "horaires-premier");

  return (
    <form onSubmit={onSubmit} noValidate>
      <p id="horaires-aide" className="mb-3 text-sm text-slate-700">
        Heures locales de l&apos;agence, entre {HOURS_EARLIEST} et {HOURS_LATEST}. La plage doit se découper en créneaux entiers et contenir au moins un premier
        entretien. Les rendez-vous déjà fixés ne sont pas déplacés : les nouveaux horaires valent pour les rendez-vous proposés ensuite.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="horaires-debut" className="block text-sm font-medium">
            Début des rendez-vous
          </label>
          <input
            type="time"
            min={HOURS_EARLIEST}
            max={HOURS_LATEST}
            step={300}
            value={start}
            onChange={(e) => setStart(e.target.value)}
            {...startField.props}
          />
          <FieldError id="horaires-debut-erreur" message={startField.error} />
        </div>
        <div>
          <label htmlFor="horaires-fin" className="block text-sm font-medium">
            Fin des rendez-vous
          </label>
          <input type="time" min={HOURS_EARLIEST} max={HOURS_LATEST} step={300} value={end} onChange={(e) => setEnd(e.target.value)} {...endField.props} />
          <FieldError id="horaires-fin-erreur" message={endField.error} />
        </div>
        <div>
          <label htmlFor="horaires-creneau" className="block text-sm font-medium">
            Durée d&apos;un créneau
          </label>
          <select value={slot} onChange={(e) => setSlot(e.target.value)} {...slotField.props}>
            {SLOT_MINUTES.map((m) => (
              <option key={m} value={m}>
                {m} minutes
              </option>
            ))}
          </select>
          <FieldError id="horaires-creneau-erreur" message={slotField.error} />
        </div>
        <div>
          <label htmlFor="horaires-premier" className="block text-sm font-medium">
            Durée du premier entretien (minutes)
          </label>
          <NumberInput
            min={slotMinutes || 15}
            max={INITIAL_INTERVIEW_MAX}
            step={slotMinutes || 15}
            value={initial}
            onValue={setInitial}
            {...initialField.props}
          />
          <FieldError id="horaires-premier-erreur" message={initialField.error} />
        </div>
      </div>
      <p className="mt-2 text-sm text-slate-700" aria-live="polite">
        {slotsPerDay === null ? "Plage horaire incomplète." : `${plural(slotsPerDay, "créneau", "créneaux")} par jour et par conseiller·ère.`}
      </p>
      <ActionNotice outcome={outcome} />
      <SubmitButton pending={pending}>Enregistrer les horaires</SubmitButton>
    </form>
  );
}
