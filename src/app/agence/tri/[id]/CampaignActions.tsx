"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { closeCampaignAction, reassignCampaignAction } from "@/server/actions/triage-campaigns";
import { ActionNotice } from "@/components/Notice";
import { TextField } from "@/components/Field";
import { AdvisorSelect } from "@/app/agence/tri/AdvisorSelect";
import { useServerAction } from "@/components/useServerAction";

type Advisor = { id: string; name: string };

/** Moving files left from one advisor's share to another's, and closing the campaign. */
export function CampaignActions({ campaignId, advisors, shares }: { campaignId: string; advisors: Advisor[]; shares: Advisor[] }) {
  const router = useRouter();
  const { pending, run, outcome, setOutcome } = useServerAction();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [count, setCount] = useState("1");

  function reassign(event: React.FormEvent) {
    event.preventDefault();
    run(
      () => reassignCampaignAction({ campaignId, fromAdvisorId: from, toAdvisorId: to, count: Number(count) }),
      (result) => {
        if (!result.ok) return;
        setOutcome({ kind: "success", text: `${result.data.moved} dossier(s) réattribué(s).` });
        router.refresh();
      },
    );
  }

  function close() {
    if (!window.confirm("Clore ce jour de tri ? Les dossiers non revus ne seront plus à revoir.")) return;
    run(
      () => closeCampaignAction({ campaignId }),
      (result) => {
        if (!result.ok) return;
        setOutcome({ kind: "success", text: `Jour de tri clos : ${result.data.done} dossier(s) revu(s) sur ${result.data.files}.` });
        router.refresh();
      },
    );
  }

  return (
    <section aria-labelledby="ajuster" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="ajuster" className="text-lg font-semibold">
        Ajuster et clore
      </h2>
      <form onSubmit={reassign} className="mt-2 grid gap-3 sm:grid-cols-4">
        <AdvisorSelect id="reattribuer-de" label="Dossiers non revus de" advisors={shares} value={from} onChange={(e) => setFrom(e.target.value)} required />
        <AdvisorSelect id="reattribuer-a" label="À" advisors={advisors} value={to} onChange={(e) => setTo(e.target.value)} required />
        <TextField id="reattribuer-nombre" label="Nombre" type="number" min={1} value={count} onChange={(e) => setCount(e.target.value)} />
        <div className="flex items-end">
          <button
            type="submit"
            disabled={pending}
            className="min-h-11 rounded-md border border-brand-700 px-4 py-2 text-sm font-semibold text-brand-900 disabled:opacity-60"
          >
            Réattribuer
          </button>
        </div>
      </form>
      <button
        type="button"
        onClick={close}
        disabled={pending}
        className="mt-4 min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white disabled:opacity-60"
      >
        Clore le jour de tri
      </button>
      <ActionNotice outcome={outcome} />
    </section>
  );
}
