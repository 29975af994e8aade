"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { bookFirstInterviewsAction } from "@/server/actions/first-interviews";
import type { BookFirstInterviewsResult, FirstInterviewLine } from "@/server/use-cases/first-interviews";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";
import { formatShortDate, formatShortDateTime } from "@/lib/format";
import { plural } from "@/lib/plural";

const STATUS_LABELS: Record<FirstInterviewLine["status"], string> = {
  BOOKED: "Dans le délai",
  LATE: "Après le délai",
  UNBOOKED: "À planifier (aucun créneau)",
};

function Summary({ result }: { result: BookFirstInterviewsResult }) {
  const verb = result.dryRun ? "à réserver" : "réservés";
  return (
    <ul className="list-disc pl-5 text-sm">
      <li>
        {plural(result.booked, "premier entretien")} {verb} dans le délai
      </li>
      <li>
        {plural(result.late, "premier entretien")} {verb} après le délai, faute de créneau libre avant
      </li>
      <li>{plural(result.unbooked, "demandeur")} sans créneau libre dans les mois qui suivent : à planifier</li>
      <li>{plural(result.alreadyBooked, "demandeur")} ayant déjà son premier entretien (inchangé)</li>
    </ul>
  );
}

function Lines({ lines, timeZone, caption }: { lines: FirstInterviewLine[]; timeZone: string; caption: string }) {
  if (lines.length === 0) return null;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="mb-1 text-left font-medium">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-1 pr-3">
              Demandeur
            </th>
            <th scope="col" className="py-1 pr-3">
              Date limite
            </th>
            <th scope="col" className="py-1 pr-3">
              Premier entretien
            </th>
            <th scope="col" className="py-1 pr-3">
              Situation
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.seekerId} className="border-b border-slate-100">
              <td className="py-1 pr-3">
                {line.lastName} {line.firstName}
              </td>
              <td className="py-1 pr-3 whitespace-nowrap">{formatShortDate(new Date(line.dueDate))}</td>
              <td className="py-1 pr-3">
                {line.startsAt ? `${formatShortDateTime(new Date(line.startsAt), timeZone)} avec ${line.advisorName ?? "—"}` : "Aucun créneau"}
              </td>
              <td className={`py-1 pr-3 ${line.status === "BOOKED" ? "" : "font-medium text-red-900"}`}>{STATUS_LABELS[line.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** « Planifier les premiers entretiens »: an aperçu (dry run) first, then the confirmation that books exactly that. */
export function BookFirstInterviews({ agencyId, timeZone, unbooked }: { agencyId: string; timeZone: string; unbooked: number }) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  const [preview, setPreview] = useState<BookFirstInterviewsResult | null>(null);
  const [done, setDone] = useState<BookFirstInterviewsResult | null>(null);

  function showPreview() {
    setDone(null);
    run(
      () => bookFirstInterviewsAction({ agencyId, dryRun: true }),
      (result) => {
        if (result.ok) setPreview(result.data);
      },
    );
  }

  function confirm() {
    run(
      () => bookFirstInterviewsAction({ agencyId }),
      (result) => {
        if (!result.ok) return;
        setPreview(null);
        setDone(result.data);
        router.refresh();
      },
    );
  }

  const toBook = preview ? preview.booked + preview.late : 0;

  return (
    <section aria-labelledby="planifier" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="planifier" className="text-lg font-semibold">
        Planifier les premiers entretiens
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Modalis réserve un premier entretien pour chaque demandeur qui n&apos;en a pas, avant sa date limite, un jour ouvré, aux horaires de l&apos;agence, avec
        le ou la conseiller·ère la moins chargé·e qui a un créneau libre. {plural(unbooked, "demandeur")} sans premier entretien aujourd&apos;hui.
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
        {preview && toBook > 0 ? (
          <button
            type="button"
            onClick={confirm}
            disabled={pending}
            className="min-h-11 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
          >
            {pending ? "Réservation…" : `Confirmer : réserver ${plural(toBook, "premier entretien", "premiers entretiens")}`}
          </button>
        ) : null}
      </div>
      <ActionNotice outcome={outcome} />
      <div aria-live="polite">
        {preview ? (
          <div className="mt-3">
            <p className="text-sm font-medium">Aperçu (rien n&apos;est encore réservé) :</p>
            <Summary result={preview} />
            {toBook === 0 ? <p className="mt-2 text-sm">Rien à réserver.</p> : null}
            <Lines lines={preview.lines} timeZone={timeZone} caption="Demandeurs concernés, ceux à signaler d'abord" />
          </div>
        ) : null}
        {done ? (
          <div className="mt-3">
            <p className="text-sm font-medium">Premiers entretiens réservés :</p>
            <Summary result={done} />
            <Lines lines={done.lines.filter((line) => line.status !== "BOOKED")} timeZone={timeZone} caption="À signaler : après le délai ou à planifier" />
          </div>
        ) : null}
      </div>
    </section>
  );
}
