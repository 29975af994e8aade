import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { defaultAgencyId } from "@/server/queries/agency-context";
import { backlogList, type BacklogRow } from "@/server/queries/backlog";
import { formatShortDate, formatShortDateTime } from "@/lib/format";
import { plural } from "@/lib/plural";
import { AppShell } from "@/components/AppShell";
import { Pagination } from "@/components/Pagination";
import { optionalIdParam, pageParam } from "@/lib/route-params";
import { BACKLOG_SORT, isDefaultSort, readSort, setSortParams, sortPhrase, type BacklogSortColumn, type TableSort } from "@/lib/table-sort";
import { hasPermission, type Actor } from "@/server/auth/policy";
import { pendingPlacements } from "@/server/queries/placement-requests";
import { BookFirstInterviews } from "./BookFirstInterviews";
import { PlacementRequests } from "./PlacementRequests";
import { AgencyOutOfScope, BackLink, dashboardHref, pageNotices, QueryNotices, SeekerTable, type Column, type SearchParams } from "@/app/agence/list-parts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Premiers entretiens en attente" };

type Params = SearchParams;

const share = (value: number | null) => (value === null ? "—" : `${(value * 100).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`);
const days = (n: number) => plural(n, "jour");

function pageHref(actor: Actor, agencyId: string, page: number, sort: TableSort<BacklogSortColumn>) {
  const params = new URLSearchParams();
  if (page > 1) params.set("page", String(page));
  if (actor.role === "ADMIN") params.set("agence", agencyId);
  setSortParams(params, BACKLOG_SORT, sort);
  const search = params.toString();
  return search ? `/agence/attente?${search}` : "/agence/attente";
}

function columns(timeZone: string): Column<BacklogRow, BacklogSortColumn>[] {
  return [
    { header: "Inscription", sort: "inscription", nowrap: true, cell: (row) => formatShortDate(new Date(row.registrationDate)) },
    { header: "Jours d'attente", sort: "attente", numeric: true, cell: (row) => row.waitingDays.toLocaleString("fr-FR") },
    {
      header: "Délai",
      sort: "delai",
      cell: (row) =>
        row.late ? (
          <span className="rounded-full bg-red-100 px-2 py-1 font-medium whitespace-nowrap text-red-900">En retard</span>
        ) : (
          <span className="whitespace-nowrap">jusqu&apos;au {formatShortDate(new Date(row.dueDate))}</span>
        ),
    },
    {
      header: "Premier entretien prévu",
      sort: "entretien",
      cell: ({ initialAppointment: initial }) =>
        initial ? (
          <>
            {initial.held ? "reçu le " : ""}
            <span className="whitespace-nowrap">{formatShortDateTime(initial.startsAt, timeZone)}</span> avec {initial.advisorName}
            {initial.afterDueDate ? (
              <>
                {" "}
                <span className="rounded-full bg-amber-100 px-2 py-1 font-medium whitespace-nowrap text-amber-900">après le délai</span>
              </>
            ) : null}
          </>
        ) : (
          <span className="rounded-full bg-red-100 px-2 py-1 font-medium whitespace-nowrap text-red-900">À planifier</span>
        ),
    },
  ];
}

export default async function BacklogPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePageActor("agency:read");
  const params = await searchParams;
  const asked = pageParam(params.page);
  const agencyId = optionalIdParam(params.agence) ?? (await defaultAgencyId(actor));
  const sorted = readSort(BACKLOG_SORT, params);
  const [list, placements] = agencyId
    ? await Promise.all([backlogList(actor, agencyId, { page: asked.page, sort: sorted.sort }), pendingPlacements(actor, agencyId)])
    : [null, null];
  const title = "Premiers entretiens en attente";

  if (!list || !agencyId) {
    return <AgencyOutOfScope actor={actor} title={title} />;
  }

  const { figures } = list;
  const deadline = list.agency.firstInterviewDeadlineDays;

  return (
    <AppShell actor={actor} title={title}>
      <BackLink href={dashboardHref(actor, list.agency.id)} />
      <p className="mb-4 text-sm text-slate-700">
        Agence {list.agency.name} · au {formatShortDate(new Date(list.today))} · délai du premier entretien : {days(deadline)} après l&apos;inscription
      </p>

      <QueryNotices notices={[...sorted.notices, ...pageNotices(asked, list.page)]} />

      <section aria-labelledby="chiffres" className="mb-6">
        <h2 id="chiffres" className="sr-only">
          Chiffres clés
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <div className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">En attente</dt>
            <dd className="text-xl font-bold">{figures.awaitingDiagnostic.toLocaleString("fr-FR")}</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">Au-delà de {days(deadline)}</dt>
            <dd className="text-xl font-bold">{figures.late.toLocaleString("fr-FR")}</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">Délai médian inscription → premier entretien</dt>
            <dd className="text-xl font-bold">{figures.firstInterview.medianDays === null ? "—" : days(figures.firstInterview.medianDays)}</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">Reçus dans le délai</dt>
            <dd className="text-xl font-bold">
              {share(figures.firstInterview.withinDeadlineShare)}{" "}
              <span className="text-sm font-normal">
                ({figures.firstInterview.withinDeadline.toLocaleString("fr-FR")} sur {figures.firstInterview.seen.toLocaleString("fr-FR")})
              </span>
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="planification" className="mb-6">
        <h2 id="planification" className="mb-2 text-lg font-semibold">
          Premiers entretiens des demandeurs en attente
        </h2>
        <dl className="grid grid-cols-3 gap-3">
          <div className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">Réservés dans le délai</dt>
            <dd className="text-xl font-bold">{list.booking.booked.toLocaleString("fr-FR")}</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">Réservés après le délai</dt>
            <dd className="text-xl font-bold">{list.booking.bookedLate.toLocaleString("fr-FR")}</dd>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-700">À planifier</dt>
            <dd className="text-xl font-bold">{list.booking.unbooked.toLocaleString("fr-FR")}</dd>
          </div>
        </dl>
      </section>

      {placements && hasPermission(actor, "placement:decide") ? (
        <PlacementRequests total={placements.total} requests={placements.requests} timeZone={list.timeZone} />
      ) : null}

      {hasPermission(actor, "interviews:book") ? (
        <BookFirstInterviews agencyId={list.agency.id} timeZone={list.timeZone} unbooked={list.booking.unbooked} />
      ) : null}

      <SeekerTable
        label="Tableau des demandeurs en attente"
        caption={`Demandeurs en attente de l'entretien de diagnostic, ${isDefaultSort(BACKLOG_SORT, list.sort) ? "les plus anciens d'abord" : sortPhrase(BACKLOG_SORT, list.sort)}`}
        columns={columns(list.timeZone)}
        list={list}
        empty="Personne n'attend son premier entretien."
        sorting={{
          spec: BACKLOG_SORT,
          current: list.sort,
          href: (sort: TableSort<BacklogSortColumn>) => pageHref(actor, list.agency.id, 1, sort),
          identifier: "identifiant",
          name: "nom",
        }}
      />

      <Pagination page={list.page} pageCount={list.pageCount} href={(page) => pageHref(actor, list.agency.id, page, list.sort)} />
    </AppShell>
  );
}
