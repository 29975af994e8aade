import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { listCaseload } from "@/server/queries/caseload";
import { timeZoneOf, MODALITY_SHORT_LABELS } from "@/domain";
import { APPOINTMENT_KIND_LABELS } from "@/lib/labels";
import { formatCompactDateTime } from "@/lib/format";
import { AppShell } from "@/components/AppShell";

export const metadata: Metadata = { title: "Mon portefeuille" };

export default async function AdvisorCaseloadPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const actor = await requirePageActor("caseload:read");
  const { page } = await searchParams;
  const caseload = await listCaseload(actor, Number.parseInt(page ?? "1", 10) || 1);
  const timeZone = caseload.timeZoneDepartement ? timeZoneOf(caseload.timeZoneDepartement) : "Europe/Paris";
  return (
    <AppShell actor={actor} title="Mon portefeuille">
      <p className="mb-3 text-sm text-slate-700">
        {caseload.total} demandeur{caseload.total > 1 ? "s" : ""} d&apos;emploi suivi{caseload.total > 1 ? "s" : ""} dans mes portefeuilles.
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Demandeurs d&apos;emploi de mes portefeuilles, page {caseload.page}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">Nom</th>
              <th scope="col" className="px-3 py-2">Identifiant</th>
              <th scope="col" className="px-3 py-2">Modalité</th>
              <th scope="col" className="px-3 py-2">Prochain rendez-vous</th>
            </tr>
          </thead>
          <tbody>
            {caseload.rows.map((row) => (
              <tr key={row.id} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">
                  {row.lastName.toUpperCase()} {row.firstName}
                </td>
                <td className="px-3 py-2 font-mono">{row.franceTravailId}</td>
                <td className="px-3 py-2">
                  {row.modality ? MODALITY_SHORT_LABELS[row.modality] : "—"}
                  {row.webOnly ? " · 100 % web" : ""}
                </td>
                <td className="px-3 py-2">
                  {row.nextAppointment
                    ? `${formatCompactDateTime(row.nextAppointment.startsAt, timeZone)} · ${APPOINTMENT_KIND_LABELS[row.nextAppointment.kind]}`
                    : "Aucun"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
        {caseload.page > 1 ? (
          <Link className="min-h-11 rounded-md border px-3 py-2" href={`/conseiller?page=${caseload.page - 1}`}>
            ← Page précédente
          </Link>
        ) : (
          <span />
        )}
        <span>
          Page {caseload.page} sur {caseload.pageCount}
        </span>
        {caseload.page < caseload.pageCount ? (
          <Link className="min-h-11 rounded-md border px-3 py-2" href={`/conseiller?page=${caseload.page + 1}`}>
            Page suivante →
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </AppShell>
  );
}
