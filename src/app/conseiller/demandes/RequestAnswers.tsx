"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { answerAppointmentRequestAction } from "@/server/actions/appointment-requests";
import type { ActionResult } from "@/server/auth/guard";
import { flash } from "@/components/Flash";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";

const button = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";
const primary = "min-h-11 rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60";

export type SlotOption = { startsAt: string; label: string };

/**
 * The advisor's one-click answers to one request (docs/rules.md#seekers-requests-on-appointments): accept one of the
 * seeker's slots, propose another free slot, decline with a short reason; for an absence, take note.
 */
export function RequestAnswers(props: { requestId: string; kind: "MOVE" | "ABSENCE"; who: string; preferred: SlotOption[]; others: SlotOption[] }) {
  const { requestId, kind, who, preferred, others } = props;
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [other, setOther] = useState(others[0]?.startsAt ?? "");
  const [note, setNote] = useState("");
  function send(call: () => Promise<ActionResult<unknown>>, success: string) {
    run(call, (result) => {
      if (!result.ok) return;
      flash(success);
      router.refresh();
    });
  }
  if (kind === "ABSENCE") {
    return (
      <div className="mt-2">
        <button
          type="button"
          className={primary}
          disabled={pending}
          onClick={() => send(() => answerAppointmentRequestAction({ requestId, answer: "ACKNOWLEDGE" }), `Absence de ${who} prise en compte.`)}
        >
          Prendre note de l&apos;absence
        </button>
        <ActionNotice outcome={outcome} className="mt-2 text-sm" />
      </div>
    );
  }
  return (
    <div className="mt-2 space-y-3">
      <div className="flex flex-wrap gap-2">
        {preferred.map((slot) => (
          <button
            key={slot.startsAt}
            type="button"
            className={primary}
            disabled={pending}
            onClick={() =>
              send(
                () => answerAppointmentRequestAction({ requestId, answer: "ACCEPT", startsAt: slot.startsAt }),
                `Rendez-vous de ${who} déplacé au ${slot.label}.`,
              )
            }
          >
            Accepter : {slot.label}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="block font-medium">Autre horaire libre</span>
          <select className="mt-1 min-h-11 rounded-md border border-slate-300 px-2" value={other} onChange={(e) => setOther(e.target.value)}>
            {others.map((slot) => (
              <option key={slot.startsAt} value={slot.startsAt}>
                {slot.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={button}
          disabled={pending || other === ""}
          onClick={() => send(() => answerAppointmentRequestAction({ requestId, answer: "PROPOSE", startsAt: other }), `Autre horaire proposé à ${who}.`)}
        >
          Proposer cet horaire
        </button>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="block font-medium">Raison du refus (courte, lue par la personne)</span>
          <input
            className="mt-1 min-h-11 w-72 max-w-full rounded-md border border-slate-300 px-2"
            maxLength={300}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <button
          type="button"
          className={button}
          disabled={pending}
          onClick={() => send(() => answerAppointmentRequestAction({ requestId, answer: "DECLINE", note }), `Demande de ${who} refusée.`)}
        >
          Refuser
        </button>
      </div>
      <ActionNotice outcome={outcome} className="mt-2 text-sm" />
    </div>
  );
}
