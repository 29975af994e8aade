"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import type { ActionResult } from "@/server/auth/guard";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { SubmitButton } from "@/components/SubmitButton";
import { CHANNEL_LABELS } from "@/lib/labels";
import { formatDateTime } from "@/lib/format";

const CHANNELS = ["AGENCY", "PHONE", "VIDEO"] as const;
export type Channel = (typeof CHANNELS)[number];
const linkClass = "inline-flex min-h-11 items-center text-brand-700 underline";

/** The choice the advisor sends: a free slot and a channel, with the seeker's agreement as shown. */
export type SlotChoice = { startsAt: string; channel: Channel };

/**
 * The form that lets the advisor choose among free slots (docs/rules.md#moving-an-appointment), a few at a time, with
 * « La personne est d'accord » for a date earlier than the agency's notice and a channel; shared by booking and
 * rescheduling. `href(agreed, after)` is the address of the same choice with that agreement, after that instant;
 * `submit` calls the action and `done` gives the flash sentence of its success, before going back to the seeker's file.
 */
export function SlotPicker<T extends { startsAt: string }>({
  seekerId,
  timeZone,
  after,
  choices,
  href,
  initialChannel,
  fieldSuffix,
  showOverdue,
  formId,
  formLabel,
  intro,
  submitLabel,
  cancelLabel,
  submit,
  done,
  fileHref,
}: {
  seekerId: string;
  timeZone: string;
  after?: string;
  /** The free slots shown, whether the seeker agreed to a date within the notice, and that notice in days. */
  choices: { slots: { startsAt: string; overdue: boolean }[]; seekerAgreed: boolean; minNoticeDays: number };
  href: (agreed: boolean, after?: string) => string;
  initialChannel: Channel;
  /** Ends the radio group's name and the channel's id (`creneau-…`, `canal-…`). */
  fieldSuffix: string;
  /** Marks the slots placed after a review's window. */
  showOverdue: boolean;
  formId?: string;
  formLabel: string;
  intro?: ReactNode;
  submitLabel: string;
  cancelLabel: string;
  submit: (choice: SlotChoice & { seekerAgreed: boolean }) => Promise<ActionResult<T>>;
  done: (data: T, at: (iso: string) => string) => string;
  /** Where to go back to (after booking, or to cancel): the advisor's seeker file by default. */
  fileHref?: string;
}) {
  const back = fileHref ?? `/conseiller/demandeurs/${seekerId}`;
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [startsAt, setStartsAt] = useState<string>("");
  const [channel, setChannel] = useState<Channel>(initialChannel);
  const { slots, seekerAgreed } = choices;
  const at = (iso: string) => formatDateTime(new Date(iso), timeZone);
  const last = slots[slots.length - 1];
  const notice = choices.minNoticeDays;

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!startsAt) return;
    run(
      () => submit({ startsAt, channel, seekerAgreed }),
      (result) => {
        if (!result.ok) return;
        flash(done(result.data, at));
        router.push(back);
        router.refresh();
      },
    );
  }

  return (
    <form id={formId} onSubmit={onSubmit} className="mt-2 space-y-3 rounded-md border border-slate-300 bg-slate-50 p-3" aria-label={formLabel}>
      {intro}
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input type="checkbox" checked={seekerAgreed} onChange={(e) => router.replace(href(e.target.checked))} className="h-5 w-5" />
        La personne est d&apos;accord pour un rendez-vous plus proche que le délai de prévenance ({notice} jour{notice > 1 ? "s" : ""})
      </label>
      <fieldset>
        <legend className="text-sm font-medium">Créneaux libres</legend>
        {slots.length === 0 ? (
          <p className="text-sm">Aucun autre créneau libre.</p>
        ) : (
          <ul className="mt-1 grid gap-1 sm:grid-cols-2">
            {slots.map((slot) => (
              <li key={slot.startsAt}>
                <label className="flex min-h-11 items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name={`creneau-${fieldSuffix}`}
                    value={slot.startsAt}
                    checked={startsAt === slot.startsAt}
                    onChange={() => setStartsAt(slot.startsAt)}
                  />
                  {at(slot.startsAt)}
                  {showOverdue && slot.overdue ? " (après la fenêtre)" : ""}
                </label>
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap gap-4">
          {last ? (
            <Link href={href(seekerAgreed, last.startsAt)} className={linkClass}>
              Voir les créneaux suivants
            </Link>
          ) : null}
          {after ? (
            <Link href={href(seekerAgreed)} className={linkClass}>
              Revenir aux premiers créneaux
            </Link>
          ) : null}
        </div>
      </fieldset>
      <div>
        <label htmlFor={`canal-${fieldSuffix}`} className="block text-sm font-medium">
          Canal
        </label>
        <select
          id={`canal-${fieldSuffix}`}
          value={channel}
          onChange={(e) => setChannel(e.target.value as Channel)}
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
          {submitLabel}
        </SubmitButton>
        <Link href={back} className={linkClass}>
          {cancelLabel}
        </Link>
      </div>
    </form>
  );
}
