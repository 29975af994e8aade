"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { rescheduleAppointmentAction } from "@/server/actions/appointments";
import type { RescheduleChoices } from "@/server/queries/slot-choices";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { SubmitButton } from "@/components/SubmitButton";
import { CHANNEL_LABELS } from "@/lib/labels";
import { formatDateTime, formatShortDate } from "@/lib/format";
import { rescheduleHref } from "./reschedule-href";

const CHANNELS = ["AGENCY", "PHONE", "VIDEO"] as const;
const linkClass = "inline-flex min-h-11 items-center text-brand-700 underline";

/**
 * Rescheduling one appointment: the free slots the rule allows (docs/rules.md#moving-an-appointment), a few at a time,
 * a channel, and « La personne est d'accord » for a date earlier than the agency's notice. The server checks the slot
 * again when it books it.
 */
export function RescheduleForm({ seekerId, choices, timeZone, after }: { seekerId: string; choices: RescheduleChoices; timeZone: string; after?: string }) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [startsAt, setStartsAt] = useState<string>("");
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>(choices.channel);
  const id = choices.appointmentId;
  const at = (iso: string) => formatDateTime(new Date(iso), timeZone);
  const last = choices.slots[choices.slots.length - 1];
  const notice = choices.minNoticeDays;

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!startsAt) return;
    run(
      () => rescheduleAppointmentAction({ appointmentId: id, startsAt, channel, seekerAgreed: choices.seekerAgreed }),
      (result) => {
        if (!result.ok) return;
        flash(
          `Rendez-vous déplacé au ${at(result.data.startsAt)}.${result.data.overdue ? " Le bilan sera en retard : sa fenêtre n'avait plus de créneau libre." : ""}`,
        );
        router.push(`/conseiller/demandeurs/${seekerId}`);
        router.refresh();
      },
    );
  }

  return (
    <form
      id={`report-${id}`}
      onSubmit={onSubmit}
      className="mt-2 space-y-3 rounded-md border border-slate-300 bg-slate-50 p-3"
      aria-label="Reporter le rendez-vous"
    >
      <p className="text-sm">
        Rendez-vous actuel : {at(choices.startsAt)}.{" "}
        {choices.window ? `Fenêtre du bilan : du ${formatShortDate(new Date(choices.window.from))} au ${formatShortDate(new Date(choices.window.to))}.` : null}
      </p>
      {choices.overdue ? (
        <p className="text-sm font-medium text-amber-900">
          La fenêtre du bilan n&apos;a plus de créneau libre : les créneaux proposés sont les premiers après elle, et le bilan sera en retard.
        </p>
      ) : null}
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={choices.seekerAgreed}
          onChange={(e) => router.replace(rescheduleHref(seekerId, id, e.target.checked))}
          className="h-5 w-5"
        />
        La personne est d&apos;accord pour un rendez-vous plus proche que le délai de prévenance ({notice} jour{notice > 1 ? "s" : ""})
      </label>
      <fieldset>
        <legend className="text-sm font-medium">Créneaux libres</legend>
        {choices.slots.length === 0 ? (
          <p className="text-sm">Aucun autre créneau libre.</p>
        ) : (
          <ul className="mt-1 grid gap-1 sm:grid-cols-2">
            {choices.slots.map((slot) => (
              <li key={slot.startsAt}>
                <label className="flex min-h-11 items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name={`creneau-${id}`}
                    value={slot.startsAt}
                    checked={startsAt === slot.startsAt}
                    onChange={() => setStartsAt(slot.startsAt)}
                  />
                  {at(slot.startsAt)}
                  {slot.overdue ? " (après la fenêtre)" : ""}
                </label>
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap gap-4">
          {last ? (
            <Link href={rescheduleHref(seekerId, id, choices.seekerAgreed, last.startsAt)} className={linkClass}>
              Voir les créneaux suivants
            </Link>
          ) : null}
          {after ? (
            <Link href={rescheduleHref(seekerId, id, choices.seekerAgreed)} className={linkClass}>
              Revenir aux premiers créneaux
            </Link>
          ) : null}
        </div>
      </fieldset>
      <div>
        <label htmlFor={`canal-${id}`} className="block text-sm font-medium">
          Canal
        </label>
        <select
          id={`canal-${id}`}
          value={channel}
          onChange={(e) => setChannel(e.target.value as (typeof CHANNELS)[number])}
          className="min-h-11 rounded-md border border-slate-300 bg-white px-2 text-sm"
        >
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <ActionNotice outcome={outcome} className="text-sm" />
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton pending={pending} disabled={!startsAt}>
          Déplacer le rendez-vous
        </SubmitButton>
        <Link href={`/conseiller/demandeurs/${seekerId}`} className={linkClass}>
          Ne pas reporter
        </Link>
      </div>
    </form>
  );
}
