import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { defaultAgencyId } from "@/server/queries/agency-context";
import { agencyContractsDue } from "@/server/queries/contracts-due";
import { formatCalendarDate } from "@/lib/format";
import { plural } from "@/lib/plural";
import { optionalIdParam, pageParam } from "@/lib/route-params";
import { AppShell } from "@/components/AppShell";
import { Pagination } from "@/components/Pagination";
import { AgencyOutOfScope, BackLink, dashboardHref, pageNotices, QueryNotices, SeekerTable, type SearchParams } from "@/app/agence/list-parts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Contrats d'engagement dus sous 7 jours ou en retard" };

const TITLE = "Contrats d'engagement dus sous 7 jours ou en retard";

/**
 * The agency's contrats d'engagement due within 7 days or overdue (issue 20, docs/rules.md#contrat-dengagement), with
 * the advisor in charge, most overdue first. Only for an agency on the 2025 offer.
 */
export default async function ContractsDuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("agency:read");
  const params = await searchParams;
  const agencyId = optionalIdParam(params.agence) ?? (await defaultAgencyId(actor));
  const asked = pageParam(params.page);
  const list = agencyId ? await agencyContractsDue(actor, agencyId, { page: asked.page }) : null;
  if (!list) return <AgencyOutOfScope actor={actor} title={TITLE} />;
  const query = (page: number) => {
    const q = new URLSearchParams();
    if (actor.role === "ADMIN") q.set("agence", list.agency.id);
    if (page > 1) q.set("page", String(page));
    const text = q.toString();
    return text ? `?${text}` : "";
  };
  if (!list.offer2025) {
    return (
      <AppShell actor={actor} title={TITLE}>
        <BackLink href={dashboardHref(actor, list.agency.id)} />
        <p className="text-sm text-slate-700">
          L&apos;agence {list.agency.name} applique l&apos;offre 2014 : aucun contrat d&apos;engagement n&apos;est à faire signer.
        </p>
      </AppShell>
    );
  }
  return (
    <AppShell actor={actor} title={TITLE}>
      <BackLink href={dashboardHref(actor, list.agency.id)} />
      <p className="mb-4 text-sm text-slate-700">
        Agence {list.agency.name} · {plural(list.overdue, "contrat en retard", "contrats en retard")} ·{" "}
        {plural(list.dueSoon, "contrat à signer", "contrats à signer")} dans les 7 jours. Un contrat est dû un mois après la notification de l&apos;orientation
        ; pour une personne suivie avant le passage à l&apos;offre 2025 et pas encore orientée, à la date de transition. Tous les demandeurs sans contrat signé
        :{" "}
        <Link className="text-brand-700 underline" href={`/agence/transition${query(1)}`}>
          passage à l&apos;offre 2025
        </Link>
        .
      </p>
      <QueryNotices notices={pageNotices(asked, list.page)} />
      <SeekerTable
        label={TITLE}
        caption="Contrats d'engagement dus sous 7 jours ou en retard, les plus anciens d'abord"
        list={list}
        empty="Aucun contrat d'engagement n'est dû dans les 7 jours ni en retard."
        columns={[
          { header: "Conseiller·ère", cell: (row) => row.advisorName ?? "En attente de portefeuille" },
          { header: "À signer au plus tard le", nowrap: true, cell: (row) => formatCalendarDate(row.dueOn) },
          {
            header: "État",
            cell: (row) =>
              row.status === "OVERDUE" ? (
                <strong className="text-red-800">En retard ({plural(-row.daysLeft, "jour")})</strong>
              ) : row.daysLeft === 0 ? (
                "Aujourd'hui"
              ) : (
                `Dans ${plural(row.daysLeft, "jour")}`
              ),
          },
          { header: "Motif", cell: (row) => (row.kind === "TRANSITION" ? "Suivi avant l'offre 2025, à orienter" : "Orientation notifiée") },
        ]}
      />
      <Pagination page={list.page} pageCount={list.pageCount} href={(page) => `/agence/contrats${query(page)}`} />
    </AppShell>
  );
}
