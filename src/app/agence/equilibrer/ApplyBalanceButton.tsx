"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { applyBalanceAction } from "@/server/actions/rebalance";
import type { Modality } from "@/generated/prisma/enums";

type Move = { seekerId: string; fromPortfolioId: string; toPortfolioId: string };

/** Applies the previewed plan as it was shown; a plan gone stale is refused by the server and recomputed. */
export function ApplyBalanceButton({ agencyId, modality, moves }: { agencyId: string; modality: Modality; moves: Move[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function apply() {
    setPending(true);
    const result = await applyBalanceAction({ agencyId, modality, moves });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      router.refresh();
      return;
    }
    const { moved, appointmentsFollowed, appointmentsReplanned } = result.data;
    const summary =
      `Équilibrage appliqué : ${moved} demandeur${moved > 1 ? "s" : ""} déplacé${moved > 1 ? "s" : ""}, ` +
      `${appointmentsFollowed} rendez-vous suivi${appointmentsFollowed > 1 ? "s" : ""}, ${appointmentsReplanned} replanifié${appointmentsReplanned > 1 ? "s" : ""}.`;
    router.push(`/agence?agence=${agencyId}&fait=${encodeURIComponent(summary)}`);
  }

  return (
    <div className="space-y-2">
      {error ? (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <button
        type="button"
        onClick={apply}
        disabled={pending}
        className="min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
      >
        {pending ? "Application…" : `Confirmer les ${moves.length} déplacement${moves.length > 1 ? "s" : ""}`}
      </button>
    </div>
  );
}
