"use client";

import { useState } from "react";
import { updateGlobalPartnershipAction } from "@/server/actions/agency-settings";
import { ConfirmAndSubmit, confirmationOf, useSettingsAction } from "./kit";
import { plural } from "@/lib/plural";

/** The global accompaniment: offered only where the département has signed a partnership with France Travail. */
export function PartnershipForm({ agencyId, enabled, globalSeekers }: { agencyId: string; enabled: boolean; globalSeekers: number }) {
  const [value, setValue] = useState(enabled);
  const [confirmed, setConfirmed] = useState(false);
  const { pending, outcome, setOutcome, submit } = useSettingsAction();
  const asking = confirmationOf(outcome) === "GLOBAL_SEEKERS";

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    submit(
      () => updateGlobalPartnershipAction({ agencyId, globalPartnership: value, ...(asking && confirmed ? { confirmGlobalSeekers: true } : {}) }),
      (data) => {
        if (!data.changed) return "Le partenariat n'a pas changé.";
        if (!data.globalPartnership) return "Partenariat arrêté : plus aucun nouveau demandeur ne sera orienté en accompagnement global.";
        return data.activeSocialWorkers > 0
          ? "Partenariat enregistré : le diagnostic peut désormais proposer l'accompagnement global."
          : "Partenariat enregistré. Aucun compte de travailleur social n'est actif : créez-en un ci-dessous pour pouvoir former des binômes.";
      },
      () => setConfirmed(false),
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <p id="global-aide" className="mb-3 text-sm text-slate-700">
        L&apos;accompagnement global associe un·e conseiller·ère et un·e travailleur·se social·e du conseil départemental. Il n&apos;est proposé que si le
        département a signé une convention avec France Travail ; sans elle, le diagnostic propose l&apos;accompagnement renforcé. Aujourd&apos;hui :{" "}
        {plural(globalSeekers, "demandeur suivi", "demandeurs suivis")} en accompagnement global.
      </p>
      <label className="flex min-h-11 items-center gap-3 font-medium">
        <input
          type="checkbox"
          className="h-5 w-5"
          checked={value}
          aria-describedby="global-aide"
          onChange={(e) => {
            setValue(e.target.checked);
            setConfirmed(false);
            if (asking) setOutcome(null);
          }}
        />
        Convention d&apos;accompagnement global signée avec le département
      </label>
      <ConfirmAndSubmit outcome={outcome} asking={asking} confirmed={confirmed} onConfirmedChange={setConfirmed} pending={pending}>
        {asking ? "Mettre fin au partenariat" : "Enregistrer le partenariat"}
      </ConfirmAndSubmit>
    </form>
  );
}
