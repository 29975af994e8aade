import type { Metadata } from "next";
import Link from "next/link";
import { plural } from "@/lib/plural";
import { requirePageActor } from "@/server/auth/session";
import { agencyOverview } from "@/server/queries/agency-dashboard";
import { agencyConversationCounts } from "@/server/queries/conversations";
import { agencyTransition } from "@/server/queries/offer-transition";
import { TransitionCard } from "./TransitionCard";
import { Offer2025Section } from "./Offer2025Section";
import { defaultAgencyId } from "@/server/queries/agency-context";
import type { ReviewListState } from "@/server/queries/review-states";
import { DUE_SOON_PHRASE, FILL_LEVEL_LABELS, fillLevel, MODALITY_LABELS, MODALITY_SHORT_LABELS, REVIEW_KINDS, type FillLevel, type Modality } from "@/domain";
import { AppShell } from "@/components/AppShell";
import { Section } from "@/components/Section";
import { TableHead, numeric, sortableColumn, type HeaderColumn } from "@/components/TableHead";
import { TableScroller } from "@/components/TableScroller";
import { DistributionChart } from "@/components/DistributionChart";
import { optionalIdParam } from "@/lib/route-params";
import { AGENCY_LOADS_SORT, readSort, setSortParams, type AgencyLoadsSortColumn, type TableSort } from "@/lib/table-sort";
import { QueryNotices } from "@/app/agence/list-parts";

export const metadata: Metadata = { title: "Charges des portefeuilles" };

const FILL_CLASSES: Record<FillLevel, string> = {
  OVER: "bg-red-100 text-red-900",
  FULL: "bg-orange-100 text-orange-950 font-medium",
  NEAR: "bg-amber-50 text-amber-900",
  ROOM: "",
};

function percent(load: number, cap: number) {
  return cap > 0 ? `${Math.round((load / cap) * 100)} %` : "—";
}

const share = (value: number | null) => (value === null ? "—" : `${(value * 100).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`);

const REVIEW_STATE_LABELS: Record<ReviewListState, string> = {
  DONE: "Faits",
  DUE_SOON: `Prévus ${DUE_SOON_PHRASE}`,
  OVERDUE: "En retard",
  MISSED: "Manqués",
};

const linkClass = "text-brand-700 underline";

/** A dashboard card's small table: each row headed by its label, then its figures (aligned right). */
function FigureTable({
  caption,
  columns,
  rows,
}: {
  caption?: string;
  columns: readonly HeaderColumn[];
  rows: readonly { key: string; heading: string; figures: readonly React.ReactNode[] }[];
}) {
  return (
    <table className="w-full text-left text-sm">
      {caption ? <caption className="sr-only">{caption}</caption> : null}
      <TableHead compact columns={columns} />
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-t border-slate-100">
            <th scope="row" className="py-1 font-normal">
              {row.heading}
            </th>
            {row.figures.map((figure, index) => (
              // A row's figures never move: their column is their identity.
              <td key={index} className="text-right">
                {figure}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default async function AgencyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor("agency:read");
  const params = await searchParams;
  const agencyId = optionalIdParam(params.agence) ?? (await defaultAgencyId(actor));
  const { sort, notices } = readSort(AGENCY_LOADS_SORT, params);
  const { loads, dashboard } = (agencyId ? await agencyOverview(actor, agencyId, { sort }) : null) ?? { loads: null, dashboard: null };
  // The transition only for an agency on the 2025 offer (issue 20): the 2014 dashboard is unchanged.
  const [conversations, transition] = loads
    ? await Promise.all([agencyConversationCounts(actor, loads.agency.id, { now: new Date() }), agencyTransition(actor, loads.agency.id, { now: new Date() })])
    : [null, null];
  // The loads table's headers sort it (`?tri=&ordre=`), back at the table.
  const sortHref = (next: TableSort<AgencyLoadsSortColumn>) => {
    const search = setSortParams(new URLSearchParams(actor.role === "ADMIN" && loads ? { agence: loads.agency.id } : {}), AGENCY_LOADS_SORT, next).toString();
    return `/agence${search ? `?${search}` : ""}#charges`;
  };
  const loadsColumn = (column: AgencyLoadsSortColumn, isNumeric = false) => sortableColumn(AGENCY_LOADS_SORT, sort, column, sortHref, { numeric: isNumeric });
  return (
    <AppShell actor={actor} title={loads ? `Agence ${loads.agency.name}` : "Agence"}>
      {!loads ? (
        <p>Aucune agence accessible.</p>
      ) : (
        <>
          <nav aria-label="Outils de l'agence" className="mb-6 flex flex-wrap gap-x-5 gap-y-2 text-sm">
            <Link className={linkClass} href={`/agence/parametres?agence=${loads.agency.id}`}>
              Paramètres de l&apos;agence
            </Link>
            <Link className={linkClass} href="/agence/inscriptions">
              Importer des inscriptions
            </Link>
            <Link className={linkClass} href={`/agence/journal?agence=${loads.agency.id}`}>
              Journal d&apos;audit
            </Link>
            <Link className={linkClass} href={`/agence/mouvements?agence=${loads.agency.id}`}>
              Entrées et sorties
            </Link>
            <Link className={linkClass} href={`/agence/dossiers-clos?agence=${loads.agency.id}`}>
              Dossiers clos
            </Link>
            {transition ? (
              <Link className={linkClass} href={`/agence/contrats?agence=${loads.agency.id}`}>
                Contrats d&apos;engagement à signer
              </Link>
            ) : null}
            <a className={linkClass} href={`/agence/export/charges?agence=${loads.agency.id}`} download>
              Exporter les charges (CSV)
            </a>
            <a className={linkClass} href={`/agence/export/bilans-en-retard?agence=${loads.agency.id}`} download>
              Exporter les bilans en retard (CSV)
            </a>
          </nav>
          <section aria-labelledby="totaux" className="mb-6">
            <h2 id="totaux" className="mb-2 text-lg font-semibold">
              Totaux par modalité
            </h2>
            <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {(Object.entries(loads.totals) as [Modality, { load: number; cap: number }][]).map(([modality, total]) => (
                <li key={modality} className="rounded-lg border border-slate-200 bg-white p-3">
                  <p className="text-sm text-slate-700">{MODALITY_LABELS[modality]}</p>
                  <p className="text-xl font-bold">
                    {total.load} <span className="text-sm font-normal">/ {total.cap}</span>
                  </p>
                  <Link className={`${linkClass} text-sm`} href={`/agence/equilibrer?agence=${loads.agency.id}&modalite=${modality}`}>
                    Équilibrer<span className="sr-only"> les portefeuilles {MODALITY_SHORT_LABELS[modality].toLowerCase()}</span>
                  </Link>
                </li>
              ))}
            </ul>
            <p className="mt-2 text-sm">
              <Link className={linkClass} href={`/agence/attente?agence=${loads.agency.id}`}>
                {loads.awaitingDiagnostic} demandeurs attendent leur entretien de diagnostic
              </Link>
              .
            </p>
          </section>
          {dashboard ? (
            <div className="mb-6 grid gap-4 lg:grid-cols-2">
              <Section id="repartition" title="Répartition par modalité">
                <DistributionChart rows={dashboard.distribution.modalities} />
                <FigureTable
                  caption="Part de chaque modalité dans l'agence et part de référence"
                  columns={["Modalité", numeric("Demandeurs"), numeric("Part"), numeric("Référence")]}
                  rows={dashboard.distribution.modalities.map((row) => ({
                    key: row.modality,
                    heading: MODALITY_SHORT_LABELS[row.modality],
                    figures: [row.count, share(row.share), share(row.reference)],
                  }))}
                />
              </Section>
              <Section id="attente" title="Premiers entretiens">
                <ul className="space-y-1 text-sm">
                  <li>
                    {dashboard.backlog.awaitingDiagnostic} en attente, dont {dashboard.backlog.late} au-delà de {dashboard.agency.firstInterviewDeadlineDays}{" "}
                    jours
                    {dashboard.backlog.oldestAgeDays !== null ? ` (le plus ancien attend depuis ${dashboard.backlog.oldestAgeDays} jours)` : ""}
                  </li>
                  <li>
                    Délai médian inscription → premier entretien :{" "}
                    {dashboard.backlog.firstInterview.medianDays === null
                      ? "—"
                      : `${dashboard.backlog.firstInterview.medianDays.toLocaleString("fr-FR")} jours`}
                  </li>
                  <li>Reçus dans le délai : {share(dashboard.backlog.firstInterview.withinDeadlineShare)}</li>
                  <li>
                    Entretiens réservés : {dashboard.firstInterviewBooking.booked} dans le délai, {dashboard.firstInterviewBooking.bookedLate} après le délai ;{" "}
                    {dashboard.firstInterviewBooking.unbooked} à planifier
                  </li>
                  {dashboard.pendingPlacements > 0 ? (
                    <li>
                      <Link className={linkClass} href={`/agence/attente?agence=${loads.agency.id}#placements`}>
                        {plural(dashboard.pendingPlacements, "dossier envoyé", "dossiers envoyés")} par les conseillers, portefeuilles complets : à décider
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </Section>
              {conversations ? (
                <Section id="messages" title="Messages des demandeurs">
                  <p className="text-sm">
                    {plural(conversations.unanswered, "conversation sans réponse", "conversations sans réponse")}, dont {conversations.late} en retard (délai de
                    réponse : {plural(conversations.replyWorkingDays, "jour ouvré", "jours ouvrés")}). Le contenu des messages n&apos;est lisible que par les
                    conseillers en charge.
                  </p>
                </Section>
              ) : null}
              {transition ? (
                <Section id="transition-2025" title="Passage à l'offre 2025">
                  <TransitionCard summary={transition} listHref={`/agence/transition?agence=${loads.agency.id}`} />
                </Section>
              ) : null}
              {transition ? <Offer2025Section actor={actor} agencyId={loads.agency.id} /> : null}
              <Section id="bilans" title="Bilans M4 et M9">
                <FigureTable
                  columns={["État", numeric("M4"), numeric("M9")]}
                  rows={(Object.keys(REVIEW_STATE_LABELS) as ReviewListState[]).map((state) => ({
                    key: state,
                    heading: REVIEW_STATE_LABELS[state],
                    figures: REVIEW_KINDS.map((kind) => (
                      <Link key={kind} className={linkClass} href={`/agence/bilans?agence=${loads.agency.id}&bilan=${kind}&etat=${state}`}>
                        {dashboard.reviews[kind][state]}
                      </Link>
                    )),
                  }))}
                />
              </Section>
              <Section id="absences" title="Absences aux rendez-vous (90 jours)">
                <p className="text-sm">
                  Agence : {share(dashboard.noShow.overall.rate)} ({dashboard.noShow.overall.noShow} sur {dashboard.noShow.overall.total})
                </p>
                <ul className="mt-1 text-sm">
                  {dashboard.noShow.byAdvisor.map((row) => (
                    <li key={row.advisorId}>
                      {row.advisorName} : {share(row.rate)} ({row.noShow} sur {row.total})
                    </li>
                  ))}
                </ul>
                <h3 className="mt-3 text-sm font-semibold">Avec et sans rappel</h3>
                <FigureTable
                  caption="Absences aux rendez-vous selon qu'un rappel a été envoyé ou non"
                  columns={["Rendez-vous", numeric("Avec une issue"), numeric("Absences"), numeric("Taux")]}
                  rows={[
                    { key: "reminded", heading: "Rappel envoyé", stats: dashboard.noShow.reminders.reminded },
                    { key: "not-reminded", heading: "Sans rappel", stats: dashboard.noShow.reminders.notReminded },
                  ].map(({ key, heading, stats }) => ({ key, heading, figures: [stats.total, stats.noShow, share(stats.rate)] }))}
                />
                <p className="mt-1 text-xs text-slate-700">
                  Rappel envoyé : un rappel (e-mail ou SMS) est parti avant le rendez-vous. Les rendez-vous pris peu avant n&apos;en ont pas.
                </p>
              </Section>
            </div>
          ) : null}
          <section aria-labelledby="charges">
            <h2 id="charges" className="mb-2 text-lg font-semibold">
              Charges par conseiller et modalité
            </h2>
            <QueryNotices notices={notices} />
            <TableScroller label="Tableau des charges">
              <table className="w-full text-left text-sm">
                <TableHead columns={[loadsColumn("conseiller"), loadsColumn("modalite"), loadsColumn("demandeurs", true), loadsColumn("taux", true)]} />
                <tbody>
                  {loads.portfolios.map((row) => (
                    <tr key={row.portfolioId} className={`border-t border-slate-100 ${FILL_CLASSES[fillLevel(row)]}`}>
                      <td className="px-3 py-2 font-medium">
                        <Link className={linkClass} href={`/agence/portefeuilles/${row.portfolioId}`}>
                          {row.advisorName}
                        </Link>
                      </td>
                      <td className="px-3 py-2">{MODALITY_SHORT_LABELS[row.modality]}</td>
                      <td className="px-3 py-2 text-right">
                        {row.load} / {row.cap}
                      </td>
                      <td className="px-3 py-2 text-right">
                        {percent(row.load, row.cap)}
                        {FILL_LEVEL_LABELS[fillLevel(row)] ? <span className="block text-xs">{FILL_LEVEL_LABELS[fillLevel(row)]}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroller>
          </section>
        </>
      )}
    </AppShell>
  );
}
