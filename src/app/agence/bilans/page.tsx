import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { hasPermission, type Actor } from "@/server/auth/policy";
import { defaultAgencyId } from "@/server/queries/agency-context";
import { REVIEW_LIST_STATES, type ReviewListRow, type ReviewListState } from "@/server/queries/review-states";
import { reviewList } from "@/server/queries/review-list";
import { DUE_SOON_DAYS, DUE_SOON_PHRASE, REVIEW_KIND_LABELS, REVIEW_KINDS, type ReviewKind } from "@/domain";
import { formatShortDate, formatShortDateTime } from "@/lib/format";
import { plural } from "@/lib/plural";
import { AppShell } from "@/components/AppShell";
import { Pagination } from "@/components/Pagination";
import { TabLink } from "@/components/TabLink";
import { SelectField } from "@/components/Field";
import { firstParam, optionalIdParam, pageParam } from "@/lib/route-params";
import { readSort, REVIEW_LIST_SORT, setSortParams, type ReviewListSortColumn, type TableSort } from "@/lib/table-sort";
import { BookMissingReviews } from "./BookMissingReviews";
import { agencyJointDiagnostics } from "@/server/queries/joint-diagnostics";
import { JointDiagnosticTable } from "@/components/joint-diagnostic/JointDiagnosticTable";
import { AgencyOutOfScope, BackLink, dashboardHref, pageNotices, QueryNotices, SeekerTable, type Column, type SearchParams } from "@/app/agence/list-parts";

export const dynamic = "force-dynamic";

/** « Bilans M4 en retard »: the state as it reads after the kind. */
const STATE_TITLES: Record<ReviewListState, string> = {
  DONE: "réalisés",
  DUE_SOON: `prévus ${DUE_SOON_PHRASE}`,
  OVERDUE: "en retard",
  MISSED: "manqués",
};

/** Tab labels. */
const STATE_LABELS: Record<ReviewListState, string> = {
  DONE: "Faits",
  DUE_SOON: `Prévus ${DUE_SOON_PHRASE}`,
  OVERDUE: "En retard",
  MISSED: "Manqués",
};

const STATE_HELP: Record<ReviewListState, string> = {
  DONE: "Bilans tenus (rendez-vous noté « réalisé »).",
  DUE_SOON: `Un rendez-vous de bilan est réservé d'aujourd'hui à J+${DUE_SOON_DAYS}, y compris quand la fenêtre est déjà passée.`,
  OVERDUE: "La fenêtre du bilan est close et le bilan n'a pas été fait.",
  MISSED: "Bilan M4 non fait alors que la fenêtre du bilan M9 est ouverte : le bilan M9 le remplace.",
};

type Params = SearchParams;

/** The page's query string; anything unexpected falls back to the default, with a message naming it. */
function parseQuery(params: Params) {
  const notices: string[] = [];
  const bilan = firstParam(params.bilan);
  const etat = firstParam(params.etat);
  const kind: ReviewKind = bilan === "M4" || bilan === "M9" ? bilan : "M4";
  if (bilan !== undefined && bilan !== kind) notices.push(`Bilan « ${bilan} » inconnu : les bilans M4 sont affichés (M4 ou M9 attendu).`);
  const state: ReviewListState = (REVIEW_LIST_STATES as readonly string[]).includes(etat ?? "") ? (etat as ReviewListState) : "OVERDUE";
  if (etat !== undefined && etat !== state) notices.push(`État « ${etat} » inconnu : les bilans en retard sont affichés.`);
  const asked = pageParam(params.page);
  const advisor = optionalIdParam(params.conseiller) ?? null;
  const agency = optionalIdParam(params.agence) ?? null;
  const sorted = readSort(REVIEW_LIST_SORT, params);
  notices.push(...sorted.notices);
  return { kind, state, page: asked.page, asked, advisor, agency, sort: sorted.sort, notices };
}

type Query = ReturnType<typeof parseQuery>;

export async function generateMetadata({ searchParams }: { searchParams: Promise<Params> }): Promise<Metadata> {
  const { kind, state } = parseQuery(await searchParams);
  return { title: `Bilans ${kind} ${STATE_TITLES[state]}` };
}

/** The list's address with `changes`: back to the first page unless a page is asked for; the sort is kept. */
function listHref(actor: Actor, agencyId: string, query: Query, changes: Partial<Pick<Query, "kind" | "state" | "page" | "advisor" | "sort">>) {
  const next = { ...query, page: 1, ...changes };
  const params = new URLSearchParams({ bilan: next.kind, etat: next.state });
  if (next.page > 1) params.set("page", String(next.page));
  if (actor.role === "ADMIN") params.set("agence", agencyId);
  if (next.advisor) params.set("conseiller", next.advisor);
  setSortParams(params, REVIEW_LIST_SORT, next.sort);
  return `/agence/bilans?${params.toString()}`;
}

/** The review's window, the booked appointment and, unless the review is done, the days overdue. */
function columns(timeZone: string, overdueDays: boolean): Column<ReviewListRow, ReviewListSortColumn>[] {
  const shown: Column<ReviewListRow, ReviewListSortColumn>[] = [
    { header: "Conseiller·ère", sort: "conseiller", cell: (row) => row.advisor?.name ?? "—" },
    {
      header: "Fenêtre du bilan",
      sort: "fenetre",
      nowrap: true,
      cell: ({ window }) => `du ${formatShortDate(new Date(window.from))} au ${formatShortDate(new Date(window.to))}`,
    },
    { header: "Rendez-vous prévu", sort: "rdv", nowrap: true, cell: ({ bookedAt }) => (bookedAt ? formatShortDateTime(bookedAt, timeZone) : "—") },
  ];
  return overdueDays ? [...shown, { header: "Jours de retard", sort: "retard", numeric: true, cell: (row) => row.daysOverdue ?? "—" }] : shown;
}

export default async function ReviewListPage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePageActor("agency:read");
  const query = parseQuery(await searchParams);
  const agencyId = query.agency ?? (await defaultAgencyId(actor));
  const list = agencyId
    ? await reviewList(actor, agencyId, { kind: query.kind, state: query.state, page: query.page, advisorId: query.advisor, sort: query.sort })
    : null;
  const title = `Bilans ${query.kind} ${STATE_TITLES[query.state]}`;
  const jointDiagnostics = list && agencyId ? await agencyJointDiagnostics(actor, list.agency.id) : null;

  if (!list || !agencyId) {
    return <AgencyOutOfScope actor={actor} title={title} />;
  }

  const notices = [...query.notices];
  if (list.unknownAdvisor) notices.push("Ce conseiller ou cette conseillère ne tient pas de portefeuille dans l'agence : tous les demandeurs sont affichés.");
  notices.push(...pageNotices(query.asked, list.page));
  const shown: Query = { ...query, advisor: list.advisorId, page: list.page };
  const advisorName = list.advisors.find((advisor) => advisor.id === list.advisorId)?.name ?? null;
  const exportHref = `/agence/export/bilans-en-retard?${new URLSearchParams({ bilan: query.kind, ...(actor.role === "ADMIN" ? { agence: list.agency.id } : {}) }).toString()}`;

  return (
    <AppShell actor={actor} title={title}>
      <BackLink href={dashboardHref(actor, list.agency.id)} />
      <p className="mb-4 text-sm text-slate-700">
        Agence {list.agency.name} · {REVIEW_KIND_LABELS[query.kind]} · au {formatShortDate(new Date(list.today))}
        {advisorName ? ` · portefeuilles de ${advisorName}` : ""}
      </p>

      <QueryNotices notices={notices} />

      <nav aria-label="Bilan" className="mb-2 flex flex-wrap gap-2">
        {REVIEW_KINDS.map((kind) => (
          <TabLink key={kind} href={listHref(actor, list.agency.id, shown, { kind })} current={kind === query.kind}>
            {REVIEW_KIND_LABELS[kind]} ({list.counts[kind][query.state].toLocaleString("fr-FR")})
          </TabLink>
        ))}
      </nav>
      <nav aria-label="État du bilan" className="mb-4 flex flex-wrap gap-2">
        {REVIEW_LIST_STATES.map((state) => (
          <TabLink key={state} href={listHref(actor, list.agency.id, shown, { state })} current={state === query.state}>
            {STATE_LABELS[state]} ({list.counts[query.kind][state].toLocaleString("fr-FR")})
          </TabLink>
        ))}
      </nav>

      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <form action="/agence/bilans" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="bilan" value={query.kind} />
          <input type="hidden" name="etat" value={query.state} />
          {actor.role === "ADMIN" ? <input type="hidden" name="agence" value={list.agency.id} /> : null}
          {[...setSortParams(new URLSearchParams(), REVIEW_LIST_SORT, list.sort)].map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <SelectField id="conseiller" name="conseiller" label="Conseiller·ère" defaultValue={list.advisorId ?? ""}>
            <option value="">Toute l&apos;agence</option>
            {list.advisors.map((advisor) => (
              <option key={advisor.id} value={advisor.id}>
                {advisor.name}
              </option>
            ))}
          </SelectField>
          <button
            type="submit"
            className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
          >
            Filtrer
          </button>
        </form>
        {query.state === "OVERDUE" ? (
          <a
            href={exportHref}
            download
            className="inline-flex min-h-11 items-center rounded-md border border-brand-700 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
          >
            Télécharger (CSV)
            <span className="sr-only"> : tous les bilans {query.kind} en retard de l&apos;agence</span>
          </a>
        ) : null}
      </div>

      {query.state === "OVERDUE" && hasPermission(actor, "reviews:plan") ? <BookMissingReviews agencyId={list.agency.id} /> : null}
      {jointDiagnostics ? (
        <JointDiagnosticTable
          {...jointDiagnostics}
          agencyId={list.agency.id}
          fileHref={(id) => `/agence/demandeurs/${id}`}
          showAdvisor
          canPlan={hasPermission(actor, "joint-diagnostic:book")}
        />
      ) : null}

      <p className="mb-2 text-sm text-slate-700">
        {query.kind === "M9" && query.state === "MISSED" ? "Un bilan M9 n'est jamais remplacé : passé sa fenêtre, il est en retard." : STATE_HELP[query.state]}
      </p>
      <SeekerTable
        label="Tableau des bilans"
        caption={`${title} : ${plural(list.total, "demandeur")}`}
        columns={columns(list.timeZone, query.state !== "DONE")}
        list={list}
        empty="Aucun demandeur d'emploi dans cette situation."
        sorting={{
          spec: REVIEW_LIST_SORT,
          current: list.sort,
          href: (sort: TableSort<ReviewListSortColumn>) => listHref(actor, list.agency.id, shown, { sort }),
          identifier: "identifiant",
          name: "nom",
        }}
      />

      <Pagination page={list.page} pageCount={list.pageCount} href={(page) => listHref(actor, list.agency.id, shown, { page })} />
    </AppShell>
  );
}
