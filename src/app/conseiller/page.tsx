import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { caseloadQuerySchema, caseloadView, type CaseloadFilter, type CaseloadQuery } from "@/server/queries/caseload";
import { DUE_SOON_PHRASE, fillLevel, MODALITY_SHORT_LABELS, type FillLevel } from "@/domain";
import { APPOINTMENT_KIND_LABELS, APPOINTMENT_STATUS_LABELS, CHANNEL_LABELS } from "@/lib/labels";
import { formatLongDate, formatNumericDateTime, formatShortDate, formatTime } from "@/lib/format";
import { plural } from "@/lib/plural";
import { AppShell } from "@/components/AppShell";
import { Pagination } from "@/components/Pagination";
import { TabLink } from "@/components/TabLink";
import { SelectField, TextField } from "@/components/Field";
import { Notice } from "@/components/Notice";
import { seekersWithFailedMessages } from "@/server/queries/messages";
import { AgendaList, CaseloadRows } from "./CaseloadLists";
import { ContractsDueBlock } from "./ContractsDueBlock";
import { caseloadJointDiagnostics } from "@/server/queries/joint-diagnostics";
import { JointDiagnosticTable } from "@/components/joint-diagnostic/JointDiagnosticTable";

export const metadata: Metadata = { title: "Mon portefeuille" };

const FILTER_LABELS: Record<CaseloadFilter, string> = {
  tous: "Tous",
  suivi: "Suivi",
  guide: "Guidé",
  renforce: "Renforcé",
  global: "Global",
  intensif: "Intensif",
  agile: "Agile",
  binome: "Binôme",
  "contacts-manquants": "Intensif : contacts du mois à planifier",
  bilans: `Bilans ${DUE_SOON_PHRASE}`,
  "en-retard": "En retard",
  aujourdhui: "Rendez-vous du jour",
  "a-renseigner": "Rendez-vous à renseigner",
};

const OFFER_2025_FILTERS: ReadonlySet<CaseloadFilter> = new Set(["intensif", "agile", "binome", "contacts-manquants"]);

/** A portfolio's fill (`fillLevel`, src/domain): full or over its cap in red, nearly full in amber. */
const FILL_CLASSES: Record<FillLevel, string> = {
  OVER: "border-red-300 bg-red-50 text-red-900",
  FULL: "border-red-300 bg-red-50 text-red-900",
  NEAR: "border-amber-300 bg-amber-50 text-amber-900",
  ROOM: "border-slate-200 bg-white",
};

function fillText(load: number, cap: number): string {
  if (load > cap) return `au-delà du plafond (${plural(load - cap, "place")} en trop)`;
  if (load === cap) return "complet";
  return `${plural(cap - load, "place")} libre${cap - load > 1 ? "s" : ""}`;
}

function href(query: CaseloadQuery, changes: Partial<CaseloadQuery>): string {
  const next = { ...query, page: 1, ...changes };
  const params = new URLSearchParams();
  if (next.vue !== "portefeuille") params.set("vue", next.vue);
  if (next.filtre !== "tous") params.set("filtre", next.filtre);
  if (next.tri !== "nom") params.set("tri", next.tri);
  if (next.q) params.set("q", next.q);
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `/conseiller?${search}` : "/conseiller";
}

export default async function AdvisorCaseloadPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor("caseload:read");
  const query = caseloadQuerySchema.parse(await searchParams);
  const view = await caseloadView(actor, query);
  const { failedMessages, campaigns, pendingRequests: requests } = view;
  // The 2025 offer's blocks read nothing for an agency on the 2014 offer (the caseload runs on every view).
  const offer2025 = view.offer === "OFFRE_2025";
  const jointDiagnostics = offer2025 ? await caseloadJointDiagnostics(actor) : null;
  // Their names only when some message failed (most page views: none, and one query less).
  const failedSeekers = failedMessages ? await seekersWithFailedMessages(actor, 5) : [];
  const { timeZone } = view;
  const onQueue = query.vue === "file";
  return (
    <AppShell actor={actor} title="Mon portefeuille">
      <form role="search" action="/conseiller" className="mb-4 flex flex-wrap items-end gap-2">
        {onQueue ? <input type="hidden" name="vue" value="file" /> : null}
        <TextField id="q" name="q" label="Rechercher (nom ou identifiant)" defaultValue={query.q} className="min-w-56 flex-1" />
        <SelectField id="tri" name="tri" label="Trier par" defaultValue={query.tri}>
          <option value="nom">Nom</option>
          <option value="inscription">Date d&apos;inscription</option>
          <option value="prochain-rdv">Prochain rendez-vous</option>
        </SelectField>
        <button type="submit" className="min-h-11 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900">
          Afficher
        </button>
      </form>

      {campaigns
        .filter((campaign) => campaign.left > 0)
        .map((campaign) => (
          <Notice key={campaign.id} tone="warning" className="mb-4 text-sm">
            <p>
              <Link className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline" href={`/conseiller/tri/${campaign.id}`}>
                Jour de tri : {plural(campaign.left, "dossier")} à revoir
              </Link>{" "}
              ({campaign.name}, le {formatShortDate(new Date(`${campaign.day}T00:00:00Z`))})
            </p>
          </Notice>
        ))}

      {requests > 0 ? (
        <Notice tone="warning" className="mb-4 text-sm">
          <p>
            <Link className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline" href="/conseiller/demandes">
              {requests === 1 ? "1 demande d'un demandeur attend votre réponse" : `${requests} demandes de demandeurs attendent votre réponse`}
            </Link>{" "}
            (déplacer un rendez-vous, absence prévue).
          </p>
        </Notice>
      ) : null}

      {offer2025 ? <ContractsDueBlock actor={actor} /> : null}

      {failedMessages ? (
        <Notice tone="warning" className="mb-4 text-sm">
          <p>
            {failedMessages === 1 ? "1 message à un demandeur n'a pas pu partir" : `${failedMessages} messages aux demandeurs n'ont pas pu partir`} : voyez le
            motif dans le dossier et corrigez les coordonnées avec la personne.
          </p>
          <ul className="mt-1 flex flex-wrap gap-x-3">
            {failedSeekers.map((seeker) => (
              <li key={seeker.id}>
                <Link className="text-brand-700 underline" href={`/conseiller/demandeurs/${seeker.id}#messages`}>
                  {seeker.firstName} {seeker.lastName}
                </Link>
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}

      {jointDiagnostics ? <JointDiagnosticTable {...jointDiagnostics} fileHref={(id) => `/conseiller/demandeurs/${id}`} showAdvisor={false} canPlan /> : null}

      {view.portfolios.length ? (
        <section aria-labelledby="mes-portefeuilles" className="mb-4">
          <h2 id="mes-portefeuilles" className="mb-2 text-lg font-semibold">
            Mes portefeuilles
          </h2>
          <ul className="flex flex-wrap gap-2">
            {view.portfolios.map((portfolio) => (
              <li key={portfolio.id} className={`rounded-md border px-3 py-2 text-sm ${FILL_CLASSES[fillLevel(portfolio)]}`}>
                <span className="font-medium">{MODALITY_SHORT_LABELS[portfolio.modality]}</span> : {portfolio.load} / {portfolio.cap}
                {portfolio.cap > 0 ? ` (${Math.round((portfolio.load / portfolio.cap) * 100)} %)` : ""} — {fillText(portfolio.load, portfolio.cap)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <nav aria-label="Filtres" className="mb-4 flex flex-wrap gap-2">
        {(Object.keys(FILTER_LABELS) as CaseloadFilter[])
          // The 2025 offer's filters only where they select someone (or are asked for): a 2014 caseload keeps its tabs.
          .filter((filter) => !OFFER_2025_FILTERS.has(filter) || view.counts[filter] > 0 || query.filtre === filter)
          .map((filter) => (
            <TabLink key={filter} href={href(query, { vue: "portefeuille", filtre: filter })} current={!onQueue && query.filtre === filter}>
              {FILTER_LABELS[filter]} ({view.counts[filter]})
            </TabLink>
          ))}
        <TabLink href={href(query, { vue: "file" })} current={onQueue}>
          À diagnostiquer ({view.counts.file}, dont {view.counts.fileLate} en retard)
        </TabLink>
      </nav>

      {onQueue ? (
        <section aria-labelledby="file">
          <h2 id="file" className="mb-2 text-lg font-semibold">
            File d&apos;attente de l&apos;agence — les plus anciens d&apos;abord
          </h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {view.queue.map((row) => (
              <li key={row.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <div>
                  <p className="font-medium">
                    {row.lastName.toUpperCase()} {row.firstName} <span className="font-mono text-sm">{row.franceTravailId}</span>
                  </p>
                  <p className="text-sm text-slate-700">
                    Inscrit·e le {formatShortDate(new Date(row.registrationDate))}, il y a {plural(row.daysSinceRegistration, "jour")}
                    {row.initialAppointment ? ` · entretien prévu le ${formatNumericDateTime(row.initialAppointment, timeZone)}` : ""}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  {row.sentToManagers ? (
                    <span className="rounded-full bg-amber-100 px-2 py-1 text-sm font-medium text-amber-900">Envoyé à la direction</span>
                  ) : null}
                  {row.late ? <span className="rounded-full bg-red-100 px-2 py-1 text-sm font-medium text-red-900">Premier entretien en retard</span> : null}
                  <Link
                    href={`/conseiller/diagnostic/${row.id}`}
                    className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-900"
                  >
                    Diagnostiquer
                  </Link>
                </div>
              </li>
            ))}
            {view.queue.length === 0 ? <li className="p-3">Personne n&apos;attend de diagnostic.</li> : null}
          </ul>
        </section>
      ) : (
        <section aria-labelledby="liste">
          <h2 id="liste" className="sr-only">
            Demandeurs d&apos;emploi
          </h2>
          <p className="mb-2 text-sm text-slate-700">
            {plural(view.total, "demandeur")} d&apos;emploi {query.filtre === "tous" && !query.q ? "dans mes portefeuilles" : "correspondant à la sélection"}.
          </p>
          <CaseloadRows
            rows={view.rows.map((row) => ({
              id: row.id,
              name: `${row.lastName.toUpperCase()} ${row.firstName}`,
              franceTravailId: row.franceTravailId,
              modality: `${row.modality ? MODALITY_SHORT_LABELS[row.modality] : "—"}${row.webOnly ? " · 100 % web" : ""}`,
              reviews: row.reviews,
              contactsMissing: row.contactsMissing,
              next: row.nextAppointment
                ? `${formatNumericDateTime(row.nextAppointment.startsAt, timeZone)} · ${APPOINTMENT_KIND_LABELS[row.nextAppointment.kind]}`
                : "Aucun rendez-vous prévu",
            }))}
          />
        </section>
      )}

      <Pagination page={view.page} pageCount={view.pageCount} href={(page) => href(query, { page })} />

      <section aria-labelledby="agenda" className="mt-8">
        <h2 id="agenda" className="mb-2 text-lg font-semibold">
          Mon agenda — aujourd&apos;hui et les 7 prochains jours
        </h2>
        <AgendaList
          entries={view.agenda.map((entry) => ({
            id: entry.id,
            when: `${formatLongDate(entry.startsAt, timeZone)} à ${formatTime(entry.startsAt, timeZone)}`,
            seekerId: entry.seekerInScope ? entry.seekerId : null,
            seekerName: entry.seekerName,
            detail: `${APPOINTMENT_KIND_LABELS[entry.kind]} · ${CHANNEL_LABELS[entry.channel]} · ${APPOINTMENT_STATUS_LABELS[entry.status]}`,
          }))}
        />
      </section>
    </AppShell>
  );
}
