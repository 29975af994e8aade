import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { portfolioView } from "@/server/queries/portfolio";
import { MODALITY_SHORT_LABELS } from "@/domain";
import { formatShortDate } from "@/lib/format";
import { AppShell } from "@/components/AppShell";
import { BackLink, QueryNotices } from "@/app/agence/list-parts";
import { ofName } from "@/lib/format";
import { pageParam, parseIdParam } from "@/lib/route-params";
import { PORTFOLIO_SEEKERS_SORT, readSort, setSortParams, type PortfolioSeekersSortColumn, type TableSort } from "@/lib/table-sort";
import { Pagination } from "@/components/Pagination";
import { sortableColumn } from "@/components/TableHead";
import { MoveSeekersForm } from "./MoveSeekersForm";

export const metadata: Metadata = { title: "Portefeuille" };

export default async function PortfolioPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor("portfolio:rebalance");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const { sort, notices } = readSort(PORTFOLIO_SEEKERS_SORT, query);
  const view = await portfolioView(actor, parseIdParam(id), pageParam(query.page).page, undefined, { sort });
  if (!view) notFound();
  const { portfolio } = view;
  const title = `Portefeuille ${MODALITY_SHORT_LABELS[portfolio.modality].toLowerCase()} ${ofName(portfolio.advisorName)}`;
  // Pages keep the sort; a new sort starts at the first page.
  const href = (page: number, shown: TableSort<PortfolioSeekersSortColumn>) => {
    const search = setSortParams(new URLSearchParams(page > 1 ? { page: String(page) } : {}), PORTFOLIO_SEEKERS_SORT, shown).toString();
    return `/agence/portefeuilles/${portfolio.id}${search ? `?${search}` : ""}`;
  };
  const column = (key: PortfolioSeekersSortColumn, numeric = false) =>
    sortableColumn(PORTFOLIO_SEEKERS_SORT, view.sort, key, (next) => href(1, next), { numeric });
  return (
    <AppShell actor={actor} title={title}>
      <BackLink href={`/agence?agence=${view.agency.id}`} label={`Retour à l'agence ${view.agency.name}`} />
      <p className="mb-4">
        {portfolio.load} demandeurs pour un plafond de {portfolio.cap}
        {portfolio.load > portfolio.cap ? " : au-delà du plafond." : "."}{" "}
        <Link className="text-brand-700 underline" href={`/agence/equilibrer?agence=${view.agency.id}&modalite=${portfolio.modality}`}>
          Équilibrer les portefeuilles {MODALITY_SHORT_LABELS[portfolio.modality].toLowerCase()}
        </Link>
      </p>
      <QueryNotices notices={notices} />
      <h2 className="mb-2 text-lg font-semibold">Déplacer des demandeurs</h2>
      <p className="mb-3 text-sm text-slate-700">
        Les rendez-vous à venir suivent le demandeur chez le nouveau conseiller s&apos;il est libre à ce moment-là ; sinon ils sont replanifiés à son premier
        créneau libre. L&apos;historique du demandeur est conservé.
      </p>
      <MoveSeekersForm
        rows={view.seekers.map((s) => ({
          id: s.id,
          name: `${s.lastName.toUpperCase()} ${s.firstName}`,
          franceTravailId: s.franceTravailId,
          registration: formatShortDate(s.registrationDate),
          futureAppointments: s.futureAppointments,
        }))}
        targets={view.targets}
        columns={[column("nom"), column("identifiant"), column("inscription"), column("rdv", true)]}
        caption={`Demandeurs du portefeuille${view.pageCount > 1 ? ` — page ${view.page} sur ${view.pageCount}` : ""}`}
      />
      <Pagination page={view.page} pageCount={view.pageCount} href={(n) => href(n, view.sort)} />
    </AppShell>
  );
}
