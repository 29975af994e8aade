"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { applyBalanceAction } from "@/server/actions/rebalance";
import type { MoveResult } from "@/server/use-cases/rebalance";
import type { Modality } from "@/domain/modalities";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { plural } from "@/lib/plural";
import { ReplanList } from "./ReplanList";

type Move = { seekerId: string; fromPortfolioId: string; toPortfolioId: string };

/**
 * Applies the previewed plan as it was shown; a plan gone stale is refused by the server and recomputed. Once applied,
 * says what was done and lists each re-planned appointment with its old and new date (kept while the page shows the
 * next plan: this component stays mounted, with or without moves to confirm).
 */
export function ApplyBalanceButton({ agencyId, modality, moves, timeZone }: { agencyId: string; modality: Modality; moves: Move[]; timeZone: string }) {
  const router = useRouter();
  const { pending, run, outcome, setOutcome } = useServerAction();
  const [done, setDone] = useState<MoveResult | null>(null);

  function apply() {
    setDone(null);
    run(
      () => applyBalanceAction({ agencyId, modality, moves }),
      (result) => {
        if (!result.ok) {
          // A refused plan may be stale: the page proposes a fresh one (not after a network failure, which would fail too).
          if (result.code !== "UNEXPECTED") router.refresh();
          return;
        }
        const { moved, appointmentsFollowed, appointmentsReplanned } = result.data;
        setOutcome({
          kind: "success",
          text:
            `Équilibrage appliqué : ${plural(moved, "demandeur déplacé", "demandeurs déplacés")}, ` +
            `${plural(appointmentsFollowed, "rendez-vous suivi", "rendez-vous suivis")}, ${plural(appointmentsReplanned, "replanifié")}.`,
        });
        setDone(result.data);
      },
    );
  }

  return (
    <div className="space-y-2">
      <ActionNotice outcome={outcome} className="text-sm" />
      {done && done.replanned.length > 0 ? (
        <div className="rounded-md border border-slate-200 bg-white p-3">
          <p className="mb-1 font-medium">Rendez-vous replanifiés</p>
          <ReplanList items={done.replanned} timeZone={timeZone} label="Rendez-vous replanifiés par l'équilibrage" />
        </div>
      ) : null}
      {done ? (
        <Link href={`/agence?agence=${agencyId}`} className="inline-flex min-h-11 items-center text-brand-700 underline">
          Retour au tableau de bord de l&apos;agence
        </Link>
      ) : null}
      {moves.length > 0 ? (
        <button
          type="button"
          onClick={apply}
          disabled={pending}
          className="min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
        >
          {pending ? "Application…" : `Confirmer les ${plural(moves.length, "déplacement")}`}
        </button>
      ) : null}
    </div>
  );
}
