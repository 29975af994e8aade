"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { bookAppointmentAction } from "@/server/actions/appointments";
import type { BookingChoices } from "@/server/queries/slot-choices";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { SubmitButton } from "@/components/SubmitButton";
import { APPOINTMENT_KIND_LABELS, CHANNEL_LABELS } from "@/lib/labels";
import { formatDateTime } from "@/lib/format";
import { bookHref } from "./reschedule-href";

const CHANNELS = ["AGENCY", "PHONE", "VIDEO"] as const;
const linkClass = "inline-flex min-h-11 items-center text-brand-700 underline";

/** Booking a follow-up or a joint meeting in one of the free slots the rule allows (docs/rules.md#moving-an-appointment). */
export function BookForm({ seekerId, choices, timeZone, after }: { seekerId: string; choices: BookingChoices; timeZone: string; after?: string }) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [startsAt, setStartsAt] = useState<string>("");
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>("AGENCY");
  const at = (iso: string) => formatDateTime(new Date(iso), timeZone);
  const last = choices.slots[choices.slots.length - 1];
  const notice = choices.minNoticeDays;
  const label = APPOINTMENT_KIND_LABELS[choices.kind];

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!startsAt) return;
    run(
      () => bookAppointmentAction({ seekerId, kind: choices.kind, startsAt, channel, seekerAgreed: choices.seekerAgreed }),
      (result) => {
        if (!result.ok) return;
        flash(`${label} pris le ${at(result.data.startsAt)}.`);
        router.push(`/conseiller/demandeurs/${seekerId}`);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="mt-2 space-y-3 rounded-md border border-slate-300 bg-slate-50 p-3" aria-label={`Prendre un rendez-vous : ${label}`}>
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={choices.seekerAgreed}
          onChange={(e) => router.replace(bookHref(seekerId, choices.kind, e.target.checked))}
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
                    name="creneau-nouveau"
                    value={slot.startsAt}
                    checked={startsAt === slot.startsAt}
                    onChange={() => setStartsAt(slot.startsAt)}
                  />
                  {at(slot.startsAt)}
                </label>
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap gap-4">
          {last ? (
            <Link href={bookHref(seekerId, choices.kind, choices.seekerAgreed, last.startsAt)} className={linkClass}>
              Voir les créneaux suivants
            </Link>
          ) : null}
          {after ? (
            <Link href={bookHref(seekerId, choices.kind, choices.seekerAgreed)} className={linkClass}>
              Revenir aux premiers créneaux
            </Link>
          ) : null}
        </div>
      </fieldset>
      <div>
        <label htmlFor="canal-nouveau" className="block text-sm font-medium">
          Canal
        </label>
        <select
          id="canal-nouveau"
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
          Prendre ce rendez-vous
        </SubmitButton>
        <Link href={`/conseiller/demandeurs/${seekerId}`} className={linkClass}>
          Ne pas prendre de rendez-vous
        </Link>
      </div>
    </form>
  );
}
