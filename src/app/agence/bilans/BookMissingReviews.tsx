"use client";

import { bookMissingReviewsAction } from "@/server/actions/reviews";
import type { BookReviewsResult } from "@/server/use-cases/book-reviews";
import { PreviewThenConfirm } from "@/components/PreviewThenConfirm";
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
  return (
    <PreviewThenConfirm
      id="reserver-bilans"
      title="Réserver les bilans manquants"
      className="mb-4"
      intro={
        <>
          Pour chaque demandeur suivi de l&apos;agence, Modalis réserve les bilans M4 et M9 qui n&apos;ont pas de rendez-vous, dans l&apos;agenda de son
          conseiller ou de sa conseillère, dans la fenêtre du bilan quand un créneau y est libre.
        </>
      }
      previewAction={() => bookMissingReviewsAction({ agencyId, dryRun: true })}
      confirmAction={() => bookMissingReviewsAction({ agencyId })}
      countOf={(preview) => preview.booked}
      confirmLabel={(booked) => `Confirmer : réserver ${plural(booked, "bilan")}`}
      doneTitle="Bilans réservés :"
      summary={(result) => <Summary result={result} />}
    />
  );
}
