"use client";

import { useRouter } from "next/navigation";
import { applyBalanceAction } from "@/server/actions/rebalance";
import type { Modality } from "@/domain";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { plural } from "@/lib/plural";

type Move = { seekerId: string; fromPortfolioId: string; toPortfolioId: string };

/** Applies the previewed plan as it was shown; a plan gone stale is refused by the server and recomputed. */
export function ApplyBalanceButton({ agencyId, modality, moves }: { agencyId: string; modality: Modality; moves: Move[] }) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();

  function apply() {
    run(
      () => applyBalanceAction({ agencyId, modality, moves }),
      (result) => {
        if (!result.ok) {
          // A refused plan may be stale: the page proposes a fresh one (not after a network failure, which would fail too).
          if (result.code !== "UNEXPECTED") router.refresh();
          return;
        }
        const { moved, appointmentsFollowed, appointmentsReplanned } = result.data;
        flash(
          `Équilibrage appliqué : ${plural(moved, "demandeur déplacé", "demandeurs déplacés")}, ` +
            `${plural(appointmentsFollowed, "rendez-vous suivi", "rendez-vous suivis")}, ${plural(appointmentsReplanned, "replanifié")}.`,
          "/agence",
        );
        router.push(`/agence?agence=${agencyId}`);
      },
    );
  }

  return (
    <div className="space-y-2">
      <ActionNotice outcome={outcome} className="text-sm" />
      <button
        type="button"
        onClick={apply}
        disabled={pending}
        className="min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
      >
        {pending ? "Application…" : `Confirmer les ${plural(moves.length, "déplacement")}`}
      </button>
    </div>
  );
}
