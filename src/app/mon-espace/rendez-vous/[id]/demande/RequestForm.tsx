"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { createAppointmentRequestAction } from "@/server/actions/appointment-requests";
import { flash } from "@/components/Flash";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";
import { primary } from "@/app/mon-espace/SeekerSpaceForms";

export type SlotOption = { startsAt: string; label: string };

/**
 * The seeker's request on one appointment: move it (a reason and one to three slots among those offered), or say they
 * cannot come (a reason). Large controls for a phone; the server checks everything again.
 */
export function RequestForm({
  appointmentId,
  kind,
  slots,
  maxSlots,
  maxReason,
}: {
  appointmentId: string;
  kind: "MOVE" | "ABSENCE";
  slots: SlotOption[];
  maxSlots: number;
  maxReason: number;
}) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [reason, setReason] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const noticeRef = useRef<HTMLDivElement>(null);
  function toggle(startsAt: string) {
    setChosen((current) => (current.includes(startsAt) ? current.filter((s) => s !== startsAt) : current.length < maxSlots ? [...current, startsAt] : current));
  }
  function submit(event: React.FormEvent) {
    event.preventDefault();
    run(
      () => createAppointmentRequestAction({ appointmentId, kind, reason, ...(kind === "MOVE" ? { preferredSlots: chosen } : {}) }),
      (result) => {
        if (!result.ok) {
          setTimeout(() => noticeRef.current?.focus(), 0);
          return;
        }
        flash(
          kind === "MOVE" ? "Votre demande est envoyée. Votre conseiller·ère va vous répondre." : "C'est noté : votre conseiller·ère est prévenu·e.",
          "/mon-espace",
        );
        router.push("/mon-espace#demandes");
      },
    );
  }
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div>
        <label htmlFor="raison" className="block text-base font-semibold">
          {kind === "MOVE" ? "Pourquoi voulez-vous changer ?" : "Pourquoi ne pourrez-vous pas venir ?"}
        </label>
        <p id="raison-aide" className="text-sm text-slate-700">
          Quelques mots suffisent ({maxReason} caractères au plus).
        </p>
        <textarea
          id="raison"
          name="reason"
          required
          rows={3}
          maxLength={maxReason}
          aria-describedby="raison-aide"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="mt-1 w-full rounded-md border-2 border-slate-400 p-2 text-base"
        />
      </div>
      {kind === "MOVE" ? (
        <fieldset>
          <legend className="text-base font-semibold">Quels horaires vous conviennent ?</legend>
          <p className="text-sm text-slate-700">
            Choisissez de 1 à {maxSlots} horaires ({chosen.length} choisi{chosen.length > 1 ? "s" : ""}).
          </p>
          {slots.length === 0 ? (
            <p className="mt-2">Aucun horaire libre pour le moment. Appelez votre agence.</p>
          ) : (
            <ul className="mt-2 space-y-2">
              {slots.map((slot, index) => {
                const checked = chosen.includes(slot.startsAt);
                return (
                  <li key={slot.startsAt}>
                    <label
                      htmlFor={`creneau-${index}`}
                      className={`flex min-h-12 items-center gap-3 rounded-md border-2 px-3 py-2 text-base ${checked ? "border-brand-700 bg-brand-50" : "border-slate-300"}`}
                    >
                      <input
                        id={`creneau-${index}`}
                        type="checkbox"
                        name="preferredSlots"
                        value={slot.startsAt}
                        checked={checked}
                        disabled={!checked && chosen.length >= maxSlots}
                        onChange={() => toggle(slot.startsAt)}
                        className="h-5 w-5"
                      />
                      {slot.label}
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
        </fieldset>
      ) : null}
      <ActionNotice outcome={outcome} ref={noticeRef} className="text-base" />
      <button type="submit" className={primary} disabled={pending}>
        {pending ? "Envoi…" : kind === "MOVE" ? "Envoyer ma demande" : "Prévenir mon conseiller·ère"}
      </button>
    </form>
  );
}
