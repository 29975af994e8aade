"use client";

import { bookFirstInterviewsAction } from "@/server/actions/first-interviews";
import type { BookFirstInterviewsResult, FirstInterviewLine } from "@/server/use-cases/first-interviews";
import { PreviewThenConfirm } from "@/components/PreviewThenConfirm";
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
  return (
    <PreviewThenConfirm
      id="planifier"
      title="Planifier les premiers entretiens"
      className="mb-6"
      intro={
        <>
          Modalis réserve un premier entretien pour chaque demandeur qui n&apos;en a pas, avant sa date limite, un jour ouvré, aux horaires de l&apos;agence,
          avec le ou la conseiller·ère la moins chargé·e qui a un créneau libre. {plural(unbooked, "demandeur")} sans premier entretien aujourd&apos;hui.
        </>
      }
      previewAction={() => bookFirstInterviewsAction({ agencyId, dryRun: true })}
      confirmAction={() => bookFirstInterviewsAction({ agencyId })}
      countOf={(preview) => preview.booked + preview.late}
      confirmLabel={(toBook) => `Confirmer : réserver ${plural(toBook, "premier entretien", "premiers entretiens")}`}
      doneTitle="Premiers entretiens réservés :"
      summary={(result) => <Summary result={result} />}
      previewDetails={(preview) => <Lines lines={preview.lines} timeZone={timeZone} caption="Demandeurs concernés, ceux à signaler d'abord" />}
      doneDetails={(done) => (
        <Lines lines={done.lines.filter((line) => line.status !== "BOOKED")} timeZone={timeZone} caption="À signaler : après le délai ou à planifier" />
      )}
    />
  );
}
