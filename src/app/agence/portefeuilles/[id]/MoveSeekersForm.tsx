"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { moveSeekersAction } from "@/server/actions/rebalance";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { ofName } from "@/lib/format";
import { plural } from "@/lib/plural";

type Row = { id: string; name: string; franceTravailId: string; registration: string; futureAppointments: number };
type Target = { id: string; advisorName: string; load: number; cap: number };

const FORCE_REASON_MIN = 10;
const buttonClass = "min-h-11 rounded-md px-4 py-2 text-sm font-semibold disabled:opacity-60";

/** Select seekers of this portfolio and move them to a colleague's portfolio of the same modality. */
export function MoveSeekersForm({ rows, targets }: { rows: Row[]; targets: Target[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [targetId, setTargetId] = useState(targets[0]?.id ?? "");
  const [overCap, setOverCap] = useState(false);
  const [force, setForce] = useState(false);
  const [reason, setReason] = useState("");
  const { pending, run, outcome } = useServerAction();

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = { seekerIds: [...selected], toPortfolioId: targetId, ...(force ? { force: true, reason } : {}) };
    run(
      () => moveSeekersAction(input),
      (result) => {
        if (!result.ok) {
          if (result.details && "cap" in result.details) setOverCap(true);
          return;
        }
        const { moved, appointmentsFollowed, appointmentsReplanned } = result.data;
        const target = targets.find((t) => t.id === targetId);
        flash(
          `${plural(moved, "demandeur déplacé", "demandeurs déplacés")} vers le portefeuille ${target ? ofName(target.advisorName) : "choisi"} ; ` +
            `${plural(appointmentsFollowed, "rendez-vous suivi", "rendez-vous suivis")}, ${plural(appointmentsReplanned, "replanifié")}.`,
        );
        setSelected(new Set());
        setOverCap(false);
        setForce(false);
        setReason("");
        router.refresh();
      },
    );
  }

  if (targets.length === 0) {
    return <p className="text-sm">Aucun autre conseiller actif de l&apos;agence n&apos;a de portefeuille dans cette modalité.</p>;
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <fieldset className="rounded-lg border border-slate-200 bg-white">
        <legend className="sr-only">Demandeurs à déplacer</legend>
        <div className="flex items-center gap-3 border-b border-slate-100 px-3 py-2">
          <input
            id="tout"
            type="checkbox"
            className="h-5 w-5"
            checked={allSelected}
            onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((row) => row.id)))}
          />
          <label htmlFor="tout" className="text-sm font-medium">
            Tout sélectionner sur cette page ({plural(selected.size, "sélectionné")})
          </label>
        </div>
        <ul>
          {rows.map((row) => (
            <li key={row.id} className="flex items-center gap-3 border-t border-slate-100 px-3 py-2 first:border-t-0">
              <input id={`d-${row.id}`} type="checkbox" className="h-5 w-5" checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
              <label htmlFor={`d-${row.id}`} className="flex flex-1 flex-wrap justify-between gap-x-4 text-sm">
                <span className="font-medium">{row.name}</span>
                <span className="text-slate-700">
                  {row.franceTravailId} · inscrit·e le {row.registration} · {row.futureAppointments} rendez-vous à venir
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <label htmlFor="cible" className="block text-sm font-medium">
            Déplacer vers le portefeuille de
          </label>
          <select
            id="cible"
            className="mt-1 min-h-11 w-full rounded-md border border-slate-300 px-2 sm:w-auto"
            value={targetId}
            onChange={(event) => {
              setTargetId(event.target.value);
              setOverCap(false);
              setForce(false);
            }}
          >
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.advisorName} — {t.load} / {t.cap}
                {t.load >= t.cap ? " (complet)" : ` (${plural(t.cap - t.load, "place")})`}
              </option>
            ))}
          </select>
        </div>
        {overCap ? (
          <div className="space-y-2 rounded-md bg-amber-50 p-3">
            <div className="flex items-center gap-2">
              <input id="forcer" type="checkbox" className="h-5 w-5" checked={force} onChange={(event) => setForce(event.target.checked)} />
              <label htmlFor="forcer" className="text-sm font-medium">
                Forcer le déplacement au-delà du plafond
              </label>
            </div>
            {force ? (
              <div>
                <label htmlFor="justification" className="block text-sm font-medium">
                  Justification écrite ({FORCE_REASON_MIN} caractères au moins)
                </label>
                <textarea
                  id="justification"
                  className="mt-1 w-full rounded-md border border-slate-300 p-2"
                  rows={3}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                />
              </div>
            ) : null}
          </div>
        ) : null}
        <ActionNotice outcome={outcome} className="text-sm" />
        <button
          type="submit"
          disabled={pending || selected.size === 0 || (force && reason.trim().length < FORCE_REASON_MIN)}
          className={`${buttonClass} bg-brand-700 text-white hover:bg-brand-900`}
        >
          {pending ? "Déplacement…" : `Déplacer ${plural(selected.size, "demandeur")}`}
        </button>
      </div>
    </form>
  );
}
