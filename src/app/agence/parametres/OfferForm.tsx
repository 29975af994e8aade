"use client";

import { useState } from "react";
import { updateOfferAction } from "@/server/actions/agency-settings";
import { formatCalendarDate } from "@/lib/format";
import { plural } from "@/lib/plural";
import { ConfirmAndSubmit, confirmationOf, useSettingsAction } from "./kit";

type Offer = "OFFRE_2014" | "OFFRE_2025";

const OFFER_LABELS: Record<Offer, string> = {
  OFFRE_2014: "Offre 2014 : modalités suivi, guidé, renforcé et global",
  OFFRE_2025: "Offre 2025 (loi « pour le plein emploi ») : parcours, organisme référent et contrat d'engagement",
};

/**
 * The agency's offer (issue 20). The first submission answers with what the change means (server side); the manager
 * ticks « Je confirme » and submits again. Back to 2014 is refused by the server once a seeker has been oriented
 * under the 2025 rules; the page says so beforehand.
 */
export function OfferForm({
  agencyId,
  offer,
  followedSeekers,
  orientations,
  transitionDeadline,
}: {
  agencyId: string;
  offer: Offer;
  followedSeekers: number;
  orientations: number;
  transitionDeadline: string;
}) {
  const [value, setValue] = useState<Offer>(offer);
  const [confirmed, setConfirmed] = useState(false);
  const { pending, outcome, setOutcome, submit } = useSettingsAction();
  const asking = confirmationOf(outcome) === value;

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    submit(
      () => updateOfferAction({ agencyId, offer: value, ...(asking && confirmed ? { confirmOffer: true } : {}) }),
      (data) => {
        if (!data.changed) return "L'offre de suivi n'a pas changé.";
        return data.offer === "OFFRE_2025"
          ? `L'agence applique désormais l'offre 2025. Contrats d'engagement à faire signer avant le ${formatCalendarDate(data.transitionDeadline)}.`
          : "L'agence applique de nouveau l'offre 2014.";
      },
      () => setConfirmed(false),
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <p id="offre-aide" className="mb-3 text-sm text-slate-700">
        Offre appliquée aujourd&apos;hui : <span className="font-medium">{offer === "OFFRE_2025" ? "offre 2025" : "offre 2014"}</span>.{" "}
        {plural(followedSeekers, "demandeur suivi", "demandeurs suivis")} dans l&apos;agence. Avec l&apos;offre 2025, chaque demandeur déjà suivi doit avoir
        signé un contrat d&apos;engagement au plus tard le {formatCalendarDate(transitionDeadline)}.
        {offer === "OFFRE_2025" && orientations > 0
          ? ` ${plural(orientations, "orientation a", "orientations ont")} déjà été faite${orientations > 1 ? "s" : ""} selon les règles 2025 : le retour à l'offre 2014 n'est plus possible.`
          : ""}
      </p>
      <fieldset aria-describedby="offre-aide">
        <legend className="font-medium">Offre de suivi de l&apos;agence</legend>
        {(["OFFRE_2014", "OFFRE_2025"] as const).map((option) => (
          <label key={option} className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="offre"
              className="h-5 w-5"
              value={option}
              checked={value === option}
              onChange={() => {
                setValue(option);
                setConfirmed(false);
                if (asking) setOutcome(null);
              }}
            />
            {OFFER_LABELS[option]}
          </label>
        ))}
      </fieldset>
      <ConfirmAndSubmit outcome={outcome} asking={asking} confirmed={confirmed} onConfirmedChange={setConfirmed} pending={pending}>
        {asking ? (value === "OFFRE_2025" ? "Passer à l'offre 2025" : "Revenir à l'offre 2014") : "Enregistrer l'offre"}
      </ConfirmAndSubmit>
    </form>
  );
}
