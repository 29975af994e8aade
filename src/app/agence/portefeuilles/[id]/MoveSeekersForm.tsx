"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { moveSeekersAction } from "@/server/actions/rebalance";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { TableHead, type HeaderColumn } from "@/components/TableHead";
import { TableScroller } from "@/components/TableScroller";
import { agencySeekerHref } from "@/components/seeker-file/href";
import { ofName } from "@/lib/format";
import { plural } from "@/lib/plural";

type Row = { id: string; name: string; franceTravailId: string; registration: string; futureAppointments: number };
type Target = { id: string; advisorName: string; load: number; cap: number };

const FORCE_REASON_MIN = 10;
const buttonClass = "min-h-11 rounded-md px-4 py-2 text-sm font-semibold disabled:opacity-60";

/**
 * Select seekers of this portfolio and move them to a colleague's portfolio of the same modality. The seekers are a
 * table: a box to tick, then the name (a link to the seeker's file), the identifier, the registration date and the
 * appointments to come; `columns` are the headers of the last four (the page makes them sort the table).
 */
export function MoveSeekersForm({ rows, targets, columns, caption }: { rows: Row[]; targets: Target[]; columns: readonly HeaderColumn[]; caption: string }) {
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
    return (
      <div className="space-y-3">
        <p className="text-sm">Aucun autre conseiller actif de l&apos;agence n&apos;a de portefeuille dans cette modalité.</p>
        <SeekersTable rows={rows} columns={columns} caption={caption} selection={null} />
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <fieldset className="min-w-0 space-y-2">
        <legend className="sr-only">Demandeurs à déplacer</legend>
        <div className="flex items-center gap-3 px-3">
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
        <SeekersTable rows={rows} columns={columns} caption={caption} selection={{ selected, toggle }} />
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

/** The seekers of the page, each row headed by the name; with `selection`, a box to tick first. */
function SeekersTable({
  rows,
  columns,
  caption,
  selection,
}: {
  rows: Row[];
  columns: readonly HeaderColumn[];
  caption: string;
  selection: { selected: ReadonlySet<string>; toggle: (id: string) => void } | null;
}) {
  return (
    <TableScroller label="Tableau des demandeurs du portefeuille">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <TableHead columns={selection ? ["Sélection", ...columns] : columns} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-100">
              {selection ? (
                <td className="px-3">
                  <label className="inline-flex min-h-11 min-w-11 items-center">
                    <input type="checkbox" className="h-5 w-5" checked={selection.selected.has(row.id)} onChange={() => selection.toggle(row.id)} />
                    <span className="sr-only">Sélectionner {row.name}</span>
                  </label>
                </td>
              ) : null}
              <th scope="row" className="px-3 py-2 font-medium">
                <Link href={agencySeekerHref(row.id)} className="text-brand-700 underline">
                  {row.name}
                </Link>
              </th>
              <td className="px-3 py-2 font-mono">{row.franceTravailId}</td>
              <td className="px-3 py-2 whitespace-nowrap">{row.registration}</td>
              <td className="px-3 py-2 text-right">{row.futureAppointments}</td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length + (selection ? 1 : 0)} className="px-3 py-3">
                Aucun demandeur dans ce portefeuille.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </TableScroller>
  );
}
