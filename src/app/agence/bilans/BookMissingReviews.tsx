"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { bookMissingReviewsAction } from "@/server/actions/reviews";
import type { BookReviewsResult } from "@/server/use-cases/book-reviews";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";
import { plural } from "@/lib/plural";

function Summary({ result }: { result: BookReviewsResult }) {
  const verb = result.dryRun ? "à réserver" : "réservés";
  return (
    <ul className="list-disc pl-5 text-sm">
      <li>
        {plural(result.booked, "bilan")} {verb}, dont {plural(result.overdue, "après sa fenêtre", "après leur fenêtre")} (aucun créneau libre dedans)
      </li>
      <li>{plural(result.missed, "bilan M4 manqué", "bilans M4 manqués")} : le bilan M9 le remplace, rien à réserver</li>
      <li>{plural(result.alreadyPlanned, "bilan déjà planifié ou fait", "bilans déjà planifiés ou faits")} (inchangés)</li>
    </ul>
  );
}

/** « Réserver les bilans manquants » of the agency: an aperçu (dry run) first, then the confirmation. */
export function BookMissingReviews({ agencyId }: { agencyId: string }) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [preview, setPreview] = useState<BookReviewsResult | null>(null);
  const [done, setDone] = useState<BookReviewsResult | null>(null);

  function showPreview() {
    setDone(null);
    run(
      () => bookMissingReviewsAction({ agencyId, dryRun: true }),
      (result) => {
        if (result.ok) setPreview(result.data);
      },
    );
  }

  function confirm() {
    run(
      () => bookMissingReviewsAction({ agencyId }),
      (result) => {
        if (!result.ok) return;
        setPreview(null);
        setDone(result.data);
        router.refresh();
      },
    );
  }

  return (
    <section aria-labelledby="reserver-bilans" className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="reserver-bilans" className="text-lg font-semibold">
        Réserver les bilans manquants
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Pour chaque demandeur suivi de l&apos;agence, Modalis réserve les bilans M4 et M9 qui n&apos;ont pas de rendez-vous, dans l&apos;agenda de son
        conseiller ou de sa conseillère, dans la fenêtre du bilan quand un créneau y est libre.
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          onClick={showPreview}
          disabled={pending}
          className="min-h-11 rounded-md border border-brand-700 px-4 py-2 text-sm font-semibold text-brand-900 hover:bg-brand-50 disabled:opacity-60"
        >
          {pending && !preview ? "Calcul…" : "Voir l'aperçu"}
        </button>
        {preview && preview.booked > 0 ? (
          <button
            type="button"
            onClick={confirm}
            disabled={pending}
            className="min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
          >
            {pending ? "Réservation…" : `Confirmer : réserver ${plural(preview.booked, "bilan")}`}
          </button>
        ) : null}
      </div>
      <ActionNotice outcome={outcome} />
      <div aria-live="polite">
        {preview ? (
          <div className="mt-3">
            <p className="text-sm font-medium">Aperçu (rien n&apos;est encore réservé) :</p>
            <Summary result={preview} />
            {preview.booked === 0 ? <p className="mt-2 text-sm">Rien à réserver.</p> : null}
          </div>
        ) : null}
        {done ? (
          <div className="mt-3">
            <p className="text-sm font-medium">Bilans réservés :</p>
            <Summary result={done} />
          </div>
        ) : null}
      </div>
    </section>
  );
}
