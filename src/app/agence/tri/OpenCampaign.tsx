"use client";

import { useState } from "react";
import { MODALITIES, MODALITY_SHORT_LABELS, type Modality } from "@/domain/modalities";
import { openCampaignAction, previewCampaignAction } from "@/server/actions/triage-campaigns";
import type { OpenCampaignResult } from "@/server/use-cases/triage-campaigns";
import { PreviewThenConfirm } from "@/components/PreviewThenConfirm";
import { SelectField, TextField } from "@/components/Field";
import { formatShortDateTime } from "@/lib/format";
import { AdvisorSelect } from "@/app/agence/tri/AdvisorSelect";
import { plural } from "@/lib/plural";

type Advisor = { id: string; name: string };

function Summary({ result, timeZone }: { result: OpenCampaignResult; timeZone: string }) {
  return (
    <div className="text-sm">
      <p>
        {plural(result.files, "dossier")} {result.dryRun ? "à revoir" : "ouverts au tri"}
        {result.alreadyInCampaign > 0 ? ` (${plural(result.alreadyInCampaign, "autre dossier")} déjà dans un jour de tri ouvert, laissé de côté)` : ""}.
      </p>
      <ul className="mt-1 list-disc pl-5">
        {result.shares.map((share) => (
          <li key={share.advisorId}>
            {share.advisorName} : {plural(share.files, "dossier")}
          </li>
        ))}
      </ul>
      {result.appointmentsThatDay > 0 ? (
        <div className="mt-2">
          <p className="font-medium">{plural(result.appointmentsThatDay, "rendez-vous déjà prévu", "rendez-vous déjà prévus")} ce jour-là :</p>
          <ul className="list-disc pl-5">
            {result.appointments.map((a) => (
              <li key={a.appointmentId}>
                {formatShortDateTime(new Date(a.startsAt), timeZone)} — {a.seekerName} avec {a.advisorName}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {!result.dryRun && result.appointmentsMoved > 0 ? (
        <p className="mt-1">{plural(result.appointmentsMoved, "rendez-vous déplacé", "rendez-vous déplacés")}.</p>
      ) : null}
    </div>
  );
}

/** The manager's form: the selection, the split, the closure to the public, then a preview and the confirmation. */
export function OpenCampaign({ agencyId, advisors, today, timeZone }: { agencyId: string; advisors: Advisor[]; today: string; timeZone: string }) {
  const [name, setName] = useState("Jour de tri");
  const [day, setDay] = useState(today);
  const [modality, setModality] = useState<"" | Modality>("");
  const [months, setMonths] = useState("");
  const [ofAdvisor, setOfAdvisor] = useState("");
  const [mode, setMode] = useState<"PORTFOLIO" | "EVEN">("PORTFOLIO");
  const [chosen, setChosen] = useState<string[]>(advisors.map((a) => a.id));
  const [move, setMove] = useState({ from: "", to: "", count: "" });
  const [closed, setClosed] = useState(false);
  const [booked, setBooked] = useState<"" | "KEEP" | "MOVE">("");

  const input = () => ({
    agencyId,
    name,
    day,
    selection: {
      ...(modality ? { modality } : {}),
      ...(months ? { notRediagnosedMonths: Number(months) } : {}),
      ...(ofAdvisor ? { advisorId: ofAdvisor } : {}),
    },
    split: mode === "EVEN" ? { mode, advisorIds: chosen } : { mode },
    ...(move.from && move.to && move.count ? { moves: [{ fromAdvisorId: move.from, toAdvisorId: move.to, count: Number(move.count) }] } : {}),
    closedToPublic: closed,
    ...(closed && booked ? { bookedAppointments: booked } : {}),
  });

  return (
    <PreviewThenConfirm<OpenCampaignResult>
      id="ouvrir"
      title="Ouvrir un jour de tri"
      className="mb-6"
      intro={
        <>
          Choisissez les dossiers suivis à revoir et qui les revoit. L&apos;aperçu donne le nombre de dossiers et la répartition proposée ; rien n&apos;est
          enregistré avant la confirmation.
        </>
      }
      previewAction={() => previewCampaignAction(input())}
      confirmAction={() => openCampaignAction(input())}
      countOf={(preview) => preview.files}
      confirmLabel={(count) => `Ouvrir le jour de tri (${plural(count, "dossier")})`}
      doneTitle="Jour de tri ouvert :"
      summary={(result) => <Summary result={result} timeZone={timeZone} />}
    >
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        <TextField id="tri-nom" label="Nom" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        <TextField id="tri-jour" label="Jour" type="date" value={day} min={today} onChange={(e) => setDay(e.target.value)} />
        <SelectField id="tri-modalite" label="Modalité" value={modality} onChange={(e) => setModality(e.target.value as "" | Modality)}>
          <option value="">Toute l&apos;agence</option>
          {MODALITIES.map((m) => (
            <option key={m} value={m}>
              {MODALITY_SHORT_LABELS[m]}
            </option>
          ))}
        </SelectField>
        <TextField
          id="tri-mois"
          label="Pas re-diagnostiqués depuis (mois)"
          type="number"
          inputMode="numeric"
          min={1}
          max={120}
          value={months}
          onChange={(e) => setMonths(e.target.value)}
          help="Vide : quelle que soit la date du dernier diagnostic."
        />
        <AdvisorSelect
          id="tri-portefeuille"
          label="Portefeuilles de"
          none="Tous les conseillers"
          advisors={advisors}
          value={ofAdvisor}
          onChange={(e) => setOfAdvisor(e.target.value)}
        />
        <fieldset>
          <legend className="text-sm font-medium">Répartition</legend>
          <label className="flex min-h-11 items-center gap-2">
            <input type="radio" name="tri-repartition" checked={mode === "PORTFOLIO"} onChange={() => setMode("PORTFOLIO")} />
            Chaque dossier à son conseiller
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input type="radio" name="tri-repartition" checked={mode === "EVEN"} onChange={() => setMode("EVEN")} />À parts égales entre les conseillers choisis
          </label>
        </fieldset>
      </div>
      {mode === "EVEN" ? (
        <fieldset className="mt-3">
          <legend className="text-sm font-medium">Conseillers choisis</legend>
          <div className="flex flex-wrap gap-x-4">
            {advisors.map((a) => (
              <label key={a.id} className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  checked={chosen.includes(a.id)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, a.id] : chosen.filter((id) => id !== a.id))}
                />
                {a.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <fieldset className="mt-3 grid gap-3 sm:grid-cols-3">
        <legend className="text-sm font-medium">Ajuster : déplacer des dossiers d&apos;un conseiller à un autre (facultatif)</legend>
        <AdvisorSelect id="tri-de" label="De" advisors={advisors} value={move.from} onChange={(e) => setMove({ ...move, from: e.target.value })} />
        <AdvisorSelect id="tri-a" label="À" advisors={advisors} value={move.to} onChange={(e) => setMove({ ...move, to: e.target.value })} />
        <TextField
          id="tri-nombre"
          label="Nombre de dossiers"
          type="number"
          min={1}
          value={move.count}
          onChange={(e) => setMove({ ...move, count: e.target.value })}
        />
      </fieldset>
      <label className="mt-3 flex min-h-11 items-center gap-2">
        <input type="checkbox" checked={closed} onChange={(e) => setClosed(e.target.checked)} />
        Fermer l&apos;agence au public ce jour-là (aucun rendez-vous ne pourra y être pris)
      </label>
      {closed ? (
        <fieldset className="mt-1">
          <legend className="text-sm font-medium">Rendez-vous déjà prévus ce jour-là</legend>
          <label className="flex min-h-11 items-center gap-2">
            <input type="radio" name="tri-rdv" checked={booked === "KEEP"} onChange={() => setBooked("KEEP")} />
            Les maintenir malgré la fermeture
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input type="radio" name="tri-rdv" checked={booked === "MOVE"} onChange={() => setBooked("MOVE")} />
            Les déplacer (premier créneau libre après ce jour, la personne est prévenue)
          </label>
        </fieldset>
      ) : null}
    </PreviewThenConfirm>
  );
}
