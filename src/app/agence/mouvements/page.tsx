import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { defaultAgencyId } from "@/server/queries/agency-context";
import { agencyMovements } from "@/server/queries/movements";
import type { MonthMovements } from "@/domain";
import { monthLabel, formatShortDate } from "@/lib/format";
import { EXIT_REASON_LABELS, EXIT_REASONS } from "@/lib/labels";
import { optionalIdParam } from "@/lib/route-params";
import { AppShell } from "@/components/AppShell";
import { RowsTable, type RowsColumn } from "@/components/RowsTable";
import { AgencyOutOfScope, BackLink, dashboardHref, type SearchParams } from "@/app/agence/list-parts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Entrées et sorties" };

const TITLE = "Entrées et sorties";

type MovementsRow = { label: string; m: MonthMovements; strong?: boolean };

/** The column of a count: in bold on the total row when `weighted`; `total`: a column of totals, shaded and in bold. */
function count(header: string, value: (m: MonthMovements) => number, kind: "plain" | "weighted" | "total" = "plain"): RowsColumn<MovementsRow> {
  return {
    header,
    numeric: true,
    className: kind === "total" ? "font-semibold bg-slate-50" : undefined,
    cell: ({ m, strong }) => (kind === "weighted" && strong ? <span className="font-semibold">{value(m)}</span> : value(m)),
  };
}

const COLUMNS: RowsColumn<MovementsRow>[] = [
  { header: "Mois", rowHeader: true, cell: ({ label, strong }) => <span className={strong ? "font-semibold" : "font-normal"}>{label}</span> },
  count("Inscriptions", (m) => m.entries.REGISTRATION),
  count("Arrivées (transfert)", (m) => m.entries.TRANSFER_IN),
  count("Réouvertures", (m) => m.entries.REOPENING),
  count("Entrées", (m) => m.entries.total, "total"),
  ...EXIT_REASONS.map((reason) => count(EXIT_REASON_LABELS[reason], (m) => m.exits[reason], "weighted")),
  count("Départs (transfert)", (m) => m.exits.TRANSFER_OUT, "weighted"),
  count("Sorties", (m) => m.exits.total, "total"),
];

export default async function MovementsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("agency:read");
  const params = await searchParams;
  const agencyId = optionalIdParam(params.agence) ?? (await defaultAgencyId(actor));
  const movements = agencyId ? await agencyMovements(actor, agencyId) : null;
  if (!movements) return <AgencyOutOfScope actor={actor} title={TITLE} />;
  const { agency } = movements;
  const exportHref = `/agence/export/mouvements${actor.role === "ADMIN" ? `?agence=${agency.id}` : ""}`;
  return (
    <AppShell actor={actor} title={TITLE}>
      <BackLink href={dashboardHref(actor, agency.id)} />
      <p className="mb-2 text-sm text-slate-700">
        Agence {agency.name} · douze derniers mois, au {formatShortDate(new Date(agency.today))}
      </p>
      <p className="mb-4 text-sm text-slate-700">
        Entrées : inscriptions, dossiers arrivés d&apos;une autre agence et dossiers rouverts. Sorties : dossiers clos, par motif, et dossiers transférés vers
        une autre agence.
      </p>
      <p className="mb-4">
        <a className="text-brand-700 underline" href={exportHref} download>
          Exporter les entrées et sorties (CSV)
        </a>
      </p>
      <RowsTable
        label="Entrées et sorties par mois"
        columns={COLUMNS}
        rows={[...movements.months.map((m) => ({ label: monthLabel(m.month), m })), { label: "Total", m: movements.total, strong: true }]}
        rowKey={(row) => row.label}
      />
    </AppShell>
  );
}
