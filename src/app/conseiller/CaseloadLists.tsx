"use client";
/**
 * The caseload's two long lists — the page of seekers and the week's agenda — rendered by the browser from plain
 * data: the server page formats every text (dates in the agency's time zone, labels) and passes strings, and the page
 * ships that data once (its RSC payload) rather than the lists' markup as well: the server renders a short notice in
 * their place, the browser the lists as soon as the page is live (bench measure 1, bench/NOTES.md).
 */
import Link from "next/link";
import { useSyncExternalStore, type ReactNode } from "react";

const noSubscription = () => () => {};

/** False while the server renders and while the browser hydrates, true from then on. */
function useLive(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** The list once the page is live; until then a notice in its place (and, without JavaScript, why it stays away). */
function Live({ label, children }: { label: string; children: () => ReactNode }) {
  if (useLive()) return children();
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-busy="true">
      <p role="status">{label} : chargement…</p>
      <noscript>
        <p>Cette liste s&apos;affiche avec JavaScript, désactivé dans votre navigateur.</p>
      </noscript>
    </div>
  );
}

/** A review's progress as src/domain's `ReviewProgress` names it. */
type Progress = "DONE" | "SCHEDULED" | "DUE" | "NOT_YET" | "OVERDUE" | "MISSED";

const REVIEW_BADGES: Record<Progress, { label: string; className: string }> = {
  DONE: { label: "fait", className: "bg-green-100 text-green-900" },
  SCHEDULED: { label: "prévu", className: "bg-blue-100 text-blue-900" },
  DUE: { label: "à prévoir", className: "bg-amber-100 text-amber-900" },
  NOT_YET: { label: "à venir", className: "bg-slate-100 text-slate-800" },
  OVERDUE: { label: "en retard", className: "bg-red-100 text-red-900" },
  MISSED: { label: "manqué", className: "bg-red-200 text-red-950" },
};

/** One seeker of the list: `reviews` null for a seeker of the queue (not diagnosed yet). */
export type CaseloadListRow = {
  id: string;
  /** « DUPONT Marie » */
  name: string;
  franceTravailId: string;
  /** « Guidé · 100 % web », or « — ». */
  modality: string;
  reviews: { M4: Progress; M9: Progress } | null;
  /** Intensive support: the contacts this month still lacks (two a month); null in other modalities. */
  contactsMissing: number | null;
  /** « 23/11/2026 14 h 00 · Bilan du 4e mois », or « Aucun rendez-vous prévu ». */
  next: string;
};

export function CaseloadRows({ rows }: { rows: CaseloadListRow[] }) {
  return <Live label="Demandeurs d'emploi">{() => <CaseloadRowsMarkup rows={rows} />}</Live>;
}

/** The rows' markup (`CaseloadRows` renders it in the browser). */
export function CaseloadRowsMarkup({ rows }: { rows: CaseloadListRow[] }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
      {rows.map((row) => (
        <li key={row.id} className="grid gap-1 p-3 sm:grid-cols-[2fr_1fr_2fr]">
          <div>
            <Link href={`/conseiller/demandeurs/${row.id}`} className="font-medium text-brand-700 underline">
              {row.name}
            </Link>
            <p className="font-mono text-sm text-slate-700">{row.franceTravailId}</p>
          </div>
          <div className="text-sm">
            <p>{row.modality}</p>
            <p className="mt-1 flex gap-1">
              {row.reviews ? (
                (["M4", "M9"] as const).map((kind) => (
                  <span key={kind} className={`rounded px-1.5 py-0.5 text-xs font-medium ${REVIEW_BADGES[row.reviews![kind]].className}`}>
                    {kind} {REVIEW_BADGES[row.reviews![kind]].label}
                  </span>
                ))
              ) : (
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-800">En attente du diagnostic</span>
              )}
              {row.contactsMissing ? (
                <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900">
                  {row.contactsMissing === 2 ? "Aucun contact ce mois-ci" : "1 seul contact ce mois-ci"} (2 attendus)
                </span>
              ) : null}
            </p>
          </div>
          <p className="text-sm">{row.next}</p>
        </li>
      ))}
      {rows.length === 0 ? <li className="p-3">Aucun demandeur d&apos;emploi ne correspond.</li> : null}
    </ul>
  );
}

/** One appointment of the agenda; `seekerId` null when the advisor may not open the seeker's file. */
export type AgendaListEntry = {
  id: string;
  /** « mercredi 18 novembre 2026 à 14 h 30 » */
  when: string;
  seekerId: string | null;
  seekerName: string;
  /** « Suivi · En agence · Prévu » */
  detail: string;
};

export function AgendaList({ entries }: { entries: AgendaListEntry[] }) {
  return <Live label="Mon agenda">{() => <AgendaListMarkup entries={entries} />}</Live>;
}

/** The agenda's markup (`AgendaList` renders it in the browser). */
export function AgendaListMarkup({ entries }: { entries: AgendaListEntry[] }) {
  return (
    <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
      {entries.map((entry) => (
        <li key={entry.id} className="p-3 text-sm">
          <p className="font-medium">
            {entry.when} —{" "}
            {entry.seekerId ? (
              <Link href={`/conseiller/demandeurs/${entry.seekerId}`} className="text-brand-700 underline">
                {entry.seekerName}
              </Link>
            ) : (
              entry.seekerName
            )}
          </p>
          <p className="text-slate-700">{entry.detail}</p>
        </li>
      ))}
      {entries.length === 0 ? <li className="p-3 text-sm">Aucun rendez-vous cette semaine.</li> : null}
    </ol>
  );
}
