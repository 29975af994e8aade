"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { removeClosureAction, setClosureAction } from "@/server/actions/triage-campaigns";
import { ActionNotice } from "@/components/Notice";
import { TextField } from "@/components/Field";
import { useServerAction } from "@/components/useServerAction";
import { formatShortDate } from "@/lib/format";

type Closure = { day: string; reason: string; campaignId: string | null };

/** The agency's closure days to come, and a form to add one (refused without a choice when appointments are booked then). */
export function ClosureDays({ agencyId, closures, today }: { agencyId: string; closures: Closure[]; today: string }) {
  const router = useRouter();
  const { pending, run, outcome, setOutcome } = useServerAction();
  const [day, setDay] = useState("");
  const [reason, setReason] = useState("");
  const [booked, setBooked] = useState<"" | "KEEP" | "MOVE">("");

  function add(event: React.FormEvent) {
    event.preventDefault();
    run(
      () => setClosureAction({ agencyId, day, reason, ...(booked ? { bookedAppointments: booked } : {}) }),
      (result) => {
        if (!result.ok) return;
        setOutcome({
          kind: "success",
          text: `Fermeture enregistrée${result.data.appointmentsThatDay > 0 ? ` : ${result.data.moved} rendez-vous déplacé(s), ${result.data.kept} maintenu(s)` : ""}.`,
        });
        setDay("");
        setReason("");
        setBooked("");
        router.refresh();
      },
    );
  }

  function remove(closure: Closure) {
    run(
      () => removeClosureAction({ agencyId, day: closure.day }),
      (result) => {
        if (!result.ok) return;
        setOutcome({ kind: "success", text: "Fermeture levée : le jour est de nouveau ouvert aux rendez-vous." });
        router.refresh();
      },
    );
  }

  return (
    <section aria-labelledby="fermetures" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="fermetures" className="text-lg font-semibold">
        Jours de fermeture au public
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Aucun rendez-vous ne peut être pris ces jours-là, par aucun chemin (premiers entretiens, bilans, reports, rendez-vous).
      </p>
      {closures.length === 0 ? (
        <p className="mt-2 text-sm">Aucune fermeture à venir.</p>
      ) : (
        <ul className="mt-2 text-sm">
          {closures.map((closure) => (
            <li key={closure.day} className="flex flex-wrap items-center gap-2">
              <span>
                {formatShortDate(new Date(`${closure.day}T00:00:00Z`))} — {closure.reason}
              </span>
              <button type="button" disabled={pending} onClick={() => remove(closure)} className="min-h-11 rounded-md border px-3 py-1 text-sm">
                Rouvrir ce jour
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} className="mt-3 grid gap-3 sm:grid-cols-3">
        <TextField id="fermeture-jour" label="Jour" type="date" min={today} required value={day} onChange={(e) => setDay(e.target.value)} />
        <TextField id="fermeture-motif" label="Motif" required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        <fieldset className="text-sm">
          <legend className="font-medium">Rendez-vous déjà prévus ce jour-là</legend>
          <label className="flex min-h-11 items-center gap-2">
            <input type="radio" name="fermeture-rdv" checked={booked === "KEEP"} onChange={() => setBooked("KEEP")} /> Les maintenir
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input type="radio" name="fermeture-rdv" checked={booked === "MOVE"} onChange={() => setBooked("MOVE")} /> Les déplacer
          </label>
        </fieldset>
        <div>
          <button type="submit" disabled={pending} className="min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60">
            Fermer l&apos;agence ce jour-là
          </button>
        </div>
      </form>
      <ActionNotice outcome={outcome} />
    </section>
  );
}
