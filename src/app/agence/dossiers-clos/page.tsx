import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { defaultAgencyId } from "@/server/queries/agency-context";
import { closedFiles } from "@/server/queries/closed-files";
import { formatShortDate } from "@/lib/format";
import { EXIT_REASON_LABELS } from "@/lib/labels";
import { optionalIdParam, pageParam } from "@/lib/route-params";
import { AppShell } from "@/components/AppShell";
import { Pagination } from "@/components/Pagination";
import { RowsTable } from "@/components/RowsTable";
import { AgencyOutOfScope, BackLink, dashboardHref, type SearchParams } from "@/app/agence/list-parts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dossiers clos" };

const TITLE = "Dossiers clos";

/** The agency's closed files, newest exit first: each opens the file, where it can be reopened. */
export default async function ClosedFilesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("agency:read");
  const params = await searchParams;
  const agencyId = optionalIdParam(params.agence) ?? (await defaultAgencyId(actor));
  const list = agencyId ? await closedFiles(actor, agencyId, { page: pageParam(params.page).page }) : null;
  if (!list) return <AgencyOutOfScope actor={actor} title={TITLE} />;
  const href = (page: number) => {
    const query = new URLSearchParams();
    if (actor.role === "ADMIN") query.set("agence", list.agency.id);
    if (page > 1) query.set("page", String(page));
    const text = query.toString();
    return `/agence/dossiers-clos${text ? `?${text}` : ""}`;
  };
  return (
    <AppShell actor={actor} title={TITLE}>
      <BackLink href={dashboardHref(actor, list.agency.id)} />
      <p className="mb-4 text-sm text-slate-700">
        Agence {list.agency.name} · {list.total.toLocaleString("fr-FR")} dossier{list.total > 1 ? "s" : ""} clos. Ils ne figurent plus dans les portefeuilles ni
        dans la file ; chacun peut être rouvert depuis sa fiche.
      </p>
      <RowsTable
        label="Dossiers clos"
        rows={list.rows}
        rowKey={(row) => row.id}
        empty="Aucun dossier clos."
        columns={[
          {
            header: "Demandeur",
            className: "font-medium",
            cell: (row) =>
              row.anonymised ? (
                "Dossier anonymisé"
              ) : (
                <Link className="text-brand-700 underline" href={`/agence/demandeurs/${row.id}`}>
                  {row.lastName} {row.firstName}
                </Link>
              ),
          },
          { header: "Identifiant", className: "font-mono", cell: (row) => (row.anonymised ? "—" : row.franceTravailId) },
          { header: "Motif de sortie", cell: (row) => (row.exitReason ? EXIT_REASON_LABELS[row.exitReason] : "—") },
          { header: "Clos le", cell: (row) => (row.closedAt ? formatShortDate(row.closedAt) : "—") },
        ]}
      />
      <Pagination page={list.page} pageCount={list.pageCount} href={href} />
    </AppShell>
  );
}
