import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OUTCOME_LABELS } from "@/domain/registration-outcome";
import { AppShell } from "@/components/AppShell";
import { Notice } from "@/components/Notice";
import { Pagination } from "@/components/Pagination";
import { RowsTable } from "@/components/RowsTable";
import { formatShortDateTime } from "@/lib/format";
import { plural } from "@/lib/plural";
import { firstParam, pageParam, readIdParam } from "@/lib/route-params";
import { requirePageActor } from "@/server/auth/session";
import { registrationImport } from "@/server/queries/registration-imports";
import { BackLink, QueryNotices, type SearchParams } from "@/app/agence/list-parts";
import { AutoRefresh } from "@/app/agence/inscriptions/AutoRefresh";
import { ConfirmImport } from "@/app/agence/inscriptions/ConfirmImport";
import { OUTCOME_HEADINGS, OUTCOME_PARAMS, STATUS_LABELS } from "@/app/agence/inscriptions/labels";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import des inscriptions" };

const TIME_ZONE = "Europe/Paris";
type OutcomeParam = keyof typeof OUTCOME_PARAMS;
const PARAM_OF = Object.fromEntries(Object.entries(OUTCOME_PARAMS).map(([param, outcome]) => [outcome, param])) as Record<
  (typeof OUTCOME_PARAMS)[OutcomeParam],
  OutcomeParam
>;

function href(id: string, filter: OutcomeParam | undefined, page: number) {
  const params = new URLSearchParams();
  if (filter) params.set("resultat", filter);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return `/agence/inscriptions/${id}${search ? `?${search}` : ""}`;
}

export default async function RegistrationImportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("registrations:import");
  const id = readIdParam((await params).id);
  if (!id) notFound();
  const query = await searchParams;
  const asked = pageParam(query.page);
  const filterParam = firstParam(query.resultat);
  const filter = filterParam && filterParam in OUTCOME_PARAMS ? (filterParam as OutcomeParam) : undefined;
  const view = await registrationImport(actor, id, { page: asked.page, outcome: filter ? OUTCOME_PARAMS[filter] : undefined });
  if (!view) notFound();
  const { summary, rows } = view;
  const running = summary.status === "PREVIEWING" || summary.status === "IMPORTING";
  const toImport = summary.counts.NEW + summary.counts.UPDATED + summary.counts.TRANSFER;
  const notices = [
    ...(filterParam && !filter ? [`Filtre « ${filterParam} » inconnu : toutes les lignes sont montrées.`] : []),
    ...(asked.invalid ? [asked.invalid] : []),
  ];

  return (
    <AppShell actor={actor} title={`Import : ${summary.fileName}`}>
      <BackLink href="/agence/inscriptions" label="Retour aux fichiers d'inscriptions" />
      {running ? <AutoRefresh /> : null}
      <p className="mb-2 text-sm text-slate-700">
        Envoyé le {formatShortDateTime(summary.createdAt, TIME_ZONE)}
        {summary.byCommandLine ? " en ligne de commande" : ""} · {summary.agencyName ? `agence ${summary.agencyName}` : "toutes les agences"} · {summary.format}{" "}
        · {(summary.fileSize / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 0 })} Ko
      </p>
      <div role="status" aria-live="polite" className="mb-4">
        <p className="font-semibold">{STATUS_LABELS[summary.status]}</p>
        {summary.status === "PREVIEWING" ? <p className="text-sm">{plural(summary.rowsRead, "ligne lue", "lignes lues")} pour l&apos;instant…</p> : null}
        {summary.status === "IMPORTING" ? (
          <p className="text-sm">{plural(toImport, "ligne")} en cours d&apos;import, en une seule fois (tout ou rien).</p>
        ) : null}
        {summary.status === "IMPORTED" && summary.importedAt ? (
          <p className="text-sm">
            Importé le {formatShortDateTime(summary.importedAt, TIME_ZONE)} ; les premiers entretiens des nouveaux inscrits sont planifiés.
          </p>
        ) : null}
      </div>
      {summary.errorMessage ? (
        <Notice tone="error" className="mb-4">
          {summary.errorMessage}
        </Notice>
      ) : null}

      <section aria-labelledby="resultats" className="mb-6">
        <h2 id="resultats" className="mb-2 text-lg font-semibold">
          Résultat par ligne
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          {(Object.keys(OUTCOME_HEADINGS) as (keyof typeof OUTCOME_HEADINGS)[]).map((outcome) => (
            <div key={outcome} className="rounded-lg border border-slate-200 bg-white p-3">
              <dt className="text-sm text-slate-700">{OUTCOME_HEADINGS[outcome]}</dt>
              <dd className="text-xl font-bold">{summary.counts[outcome].toLocaleString("fr-FR")}</dd>
            </div>
          ))}
        </dl>
      </section>

      {summary.status === "PREVIEWED" ? (
        toImport > 0 ? (
          <ConfirmImport importId={summary.id} sha256={summary.sha256} count={toImport} />
        ) : (
          <p className="mb-6">Rien à importer : aucune ligne nouvelle ou modifiée.</p>
        )
      ) : null}

      {summary.status !== "PREVIEWING" && summary.status !== "FAILED" ? (
        <p className="mb-4">
          <a className="inline-flex min-h-11 items-center text-brand-700 underline" href={`/agence/inscriptions/${summary.id}/rapport`} download>
            Télécharger le rapport ligne à ligne (CSV)
          </a>
        </p>
      ) : null}

      <QueryNotices notices={notices} />
      <nav aria-label="Filtrer les lignes" className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <Link href={href(summary.id, undefined, 1)} aria-current={!filter ? "page" : undefined} className="inline-flex min-h-11 items-center underline">
          Toutes
        </Link>
        {(Object.keys(OUTCOME_HEADINGS) as (keyof typeof OUTCOME_HEADINGS)[]).map((outcome) => (
          <Link
            key={outcome}
            href={href(summary.id, PARAM_OF[outcome], 1)}
            aria-current={filter === PARAM_OF[outcome] ? "page" : undefined}
            className="inline-flex min-h-11 items-center underline"
          >
            {OUTCOME_HEADINGS[outcome]}
          </Link>
        ))}
      </nav>
      <RowsTable
        label="Lignes du fichier"
        caption={`Lignes du fichier${filter ? ` (${OUTCOME_HEADINGS[OUTCOME_PARAMS[filter]].toLowerCase()})` : ""}, dans l'ordre du fichier`}
        rows={rows}
        rowKey={(row) => row.rowNumber}
        empty={`Aucune ligne ${filter ? "de ce type" : "lue pour l'instant"}.`}
        columns={[
          { header: "Ligne", numeric: true, cell: (row) => row.rowNumber.toLocaleString("fr-FR") },
          { header: "Résultat", nowrap: true, cell: (row) => OUTCOME_LABELS[row.outcome] },
          { header: "Motif ou changements", cell: (row) => row.reason ?? "—" },
          { header: "Identifiant", cell: (row) => row.franceTravailId ?? "—" },
          { header: "Nom", cell: (row) => (row.lastName || row.firstName ? `${row.firstName ?? ""} ${row.lastName ?? ""}`.trim() : "—") },
          { header: "Commune", cell: (row) => (row.commune ? `${row.postalCode ?? ""} ${row.commune}`.trim() : (row.postalCode ?? "—")) },
        ]}
      />
      <Pagination page={view.page} pageCount={view.pageCount} href={(page) => href(summary.id, filter, page)} />
    </AppShell>
  );
}
