"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { JUSTIFICATION_MIN } from "@/domain/diagnosticLabels";
import { MODALITY_LABELS } from "@/domain/modalities";
import { declinePlacementAction, placeBeyondCapAction } from "@/server/actions/placements";
import type { PendingPlacement, PlacementChoice } from "@/server/queries/placement-requests";
import { flash } from "@/components/Flash";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";
import { formatShortDate, formatShortDateTime, fullName, ofName } from "@/lib/format";
import { plural } from "@/lib/plural";

const buttonClass = "min-h-11 rounded-md px-4 py-2 text-sm font-semibold disabled:opacity-60";

function choiceLabel(choice: PlacementChoice): string {
  if (!choice.portfolio) return `${choice.name} — pas encore de portefeuille (créé au placement)`;
  const { load, cap } = choice.portfolio;
  return `${choice.name} — ${load} / ${cap}${load >= cap ? " (complet)" : ` (${plural(cap - load, "place")})`}`;
}

/** One request: who asked what for whom, then « Placer au-delà du plafond » or « Refuser », each with a written reason. */
function PlacementRequestCard({ request, timeZone }: { request: PendingPlacement; timeZone: string }) {
  const router = useRouter();
  const [advisorId, setAdvisorId] = useState(request.requestedBy.id);
  const [reason, setReason] = useState("");
  const { pending, run, outcome } = useServerAction();
  const seekerName = fullName(request.seeker);
  const modality = MODALITY_LABELS[request.decidedModality].toLowerCase();
  const idOf = (name: string) => `${name}-${request.id}`;
  const reasonReady = reason.trim().length >= JUSTIFICATION_MIN;

  function place() {
    run(
      () => placeBeyondCapAction({ requestId: request.id, advisorId, reason }),
      (result) => {
        if (!result.ok) return;
        const chosen = request.choices.find((c) => c.advisorId === result.data.advisorId);
        flash(
          `${seekerName} est placé·e en ${modality} dans le portefeuille ${chosen ? ofName(chosen.name) : "choisi"}. Ses bilans et rendez-vous sont réservés.`,
        );
        router.refresh();
      },
    );
  }

  function decline() {
    run(
      () => declinePlacementAction({ requestId: request.id, reason }),
      (result) => {
        if (!result.ok) return;
        flash(`Demande refusée : ${request.requestedBy.name} lira votre motif sur le dossier de ${seekerName}.`);
        router.refresh();
      },
    );
  }

  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4">
      <h3 className="font-semibold">
        <Link className="text-brand-700 underline" href={`/agence/demandeurs/${request.seeker.id}`}>
          {request.seeker.lastName.toUpperCase()} {request.seeker.firstName}
        </Link>{" "}
        <span className="font-mono text-sm font-normal">{request.seeker.franceTravailId}</span>
      </h3>
      <p className="text-sm text-slate-700">
        Inscrit·e le {formatShortDate(new Date(request.seeker.registrationDate))} · envoyé par {request.requestedBy.name} le{" "}
        {formatShortDateTime(new Date(request.createdAt), timeZone)}
      </p>
      <p className="mt-1 text-sm">
        Modalité décidée : <strong>{MODALITY_LABELS[request.decidedModality]}</strong>
        {request.proposedModality !== request.decidedModality ? ` (proposée : ${MODALITY_LABELS[request.proposedModality].toLowerCase()})` : null} — tous les
        portefeuilles de cette modalité sont complets.
      </p>
      {request.note ? (
        <blockquote className="mt-2 border-l-4 border-slate-300 pl-3 text-sm whitespace-pre-line text-slate-800">{request.note}</blockquote>
      ) : null}
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="font-medium">Placer dans le portefeuille de</span>
          <select
            id={idOf("conseiller")}
            className="mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-2"
            value={advisorId}
            onChange={(event) => setAdvisorId(event.target.value)}
          >
            {request.choices.map((choice) => (
              <option key={choice.advisorId} value={choice.advisorId}>
                {choiceLabel(choice)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm sm:col-span-2">
          <span className="font-medium">Justification écrite ({JUSTIFICATION_MIN} caractères au moins), lue par le conseiller</span>
          <textarea
            id={idOf("justification")}
            rows={3}
            className="mt-1 block w-full rounded-md border border-slate-400 p-2"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
      </div>
      <ActionNotice outcome={outcome} />
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" onClick={place} disabled={pending || !reasonReady} className={`${buttonClass} bg-brand-700 text-white hover:bg-brand-900`}>
          {pending ? "Enregistrement…" : `Placer ${seekerName} au-delà du plafond`}
        </button>
        <button type="button" onClick={decline} disabled={pending || !reasonReady} className={`${buttonClass} border border-slate-400 bg-white`}>
          Refuser la demande
        </button>
      </div>
    </li>
  );
}

/** The managers' list of files sent by advisors because every portfolio of the modality was full. */
export function PlacementRequests({ total, requests, timeZone }: { total: number; requests: PendingPlacement[]; timeZone: string }) {
  return (
    <section aria-labelledby="placements" className="mb-6">
      <h2 id="placements" className="mb-1 text-lg font-semibold">
        Dossiers envoyés par les conseillers : portefeuilles complets ({total.toLocaleString("fr-FR")})
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        Le conseiller a fait le diagnostic, mais aucun portefeuille de la modalité décidée n&apos;a de place. Vous pouvez placer le demandeur au-delà du
        plafond, avec une justification écrite, ou refuser la demande en expliquant pourquoi (par exemple après un équilibrage).
      </p>
      {requests.length === 0 ? (
        <p className="text-sm">Aucun dossier en attente de votre décision.</p>
      ) : (
        <ul className="space-y-3">
          {requests.map((request) => (
            <PlacementRequestCard key={request.id} request={request} timeZone={timeZone} />
          ))}
        </ul>
      )}
      {total > requests.length ? <p className="mt-2 text-sm">Les {requests.length} plus anciens sont affichés.</p> : null}
    </section>
  );
}
