/** The file's life history (issue 17): registration, exits with their reason, reopenings, arrivals from another agency. */
import { Section } from "@/components/Section";
import { formatShortDate } from "@/lib/format";
import { EXIT_REASON_LABELS, LIFE_EVENT_LABELS } from "@/lib/labels";
import type { SeekerFile } from "@/server/queries/seeker-file";

export function LifeHistorySection({ file, children }: { file: SeekerFile; children?: React.ReactNode }) {
  const { seeker, lifeEvents } = file;
  return (
    <Section id="vie-du-dossier" title="Vie du dossier">
      {seeker.status === "CLOSED" ? (
        <p className="mb-2 text-sm font-semibold">
          Dossier clos{seeker.exitReason ? ` — ${EXIT_REASON_LABELS[seeker.exitReason]}` : ""}
          {seeker.closedAt ? ` (le ${formatShortDate(new Date(seeker.closedAt))})` : ""}
        </p>
      ) : null}
      {seeker.queuedOn ? (
        <p className="mb-2 text-sm">
          Dans la file de l&apos;agence depuis le {formatShortDate(new Date(seeker.queuedOn))} : le premier entretien est dû à partir de ce jour.
        </p>
      ) : null}
      {lifeEvents.length ? (
        <ol className="space-y-1 text-sm">
          {lifeEvents.map((e) => (
            <li key={e.id}>
              <span className="font-medium">{formatShortDate(new Date(e.occurredOn))}</span> · {LIFE_EVENT_LABELS[e.kind]}
              {e.exitReason ? ` : ${EXIT_REASON_LABELS[e.exitReason]}` : ""}
              {e.kind === "TRANSFER_IN" && e.otherAgencyName ? ` (${e.otherAgencyName} → ${e.agencyName})` : ` (${e.agencyName})`}
              {e.byImport ? " · par l'import des inscriptions" : e.actor ? ` · par ${e.actor.firstName} ${e.actor.lastName}` : ""}
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-600">Aucun événement enregistré.</p>
      )}
      {children}
    </Section>
  );
}
