import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { defaultAgencyId } from "@/server/queries/agency-context";
import { agencyMovements } from "@/server/queries/movements";
import type { MonthMovements } from "@/domain";
import { monthLabel, formatShortDate } from "@/lib/format";
import { EXIT_REASON_LABELS, EXIT_REASONS } from "@/lib/labels";
import { optionalIdParam } from "@/lib/route-params";
import { AppShell } from "@/components/AppShell";
import { TableScroller } from "@/components/TableScroller";
import { AgencyOutOfScope, BackLink, dashboardHref, type SearchParams } from "@/app/agence/list-parts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Entrées et sorties" };

const TITLE = "Entrées et sorties";

const cell = "px-3 py-2 text-right tabular-nums";

function Row({ label, m, strong = false }: { label: string; m: MonthMovements; strong?: boolean }) {
  const weight = strong ? " font-semibold" : "";
  return (
    <tr className="border-t border-slate-100">
      <th scope="row" className={`px-3 py-2 text-left${strong ? " font-semibold" : " font-normal"}`}>
        {label}
      </th>
      <td className={cell}>{m.entries.REGISTRATION}</td>
      <td className={cell}>{m.entries.TRANSFER_IN}</td>
      <td className={cell}>{m.entries.REOPENING}</td>
      <td className={`${cell} font-semibold bg-slate-50`}>{m.entries.total}</td>
      {EXIT_REASONS.map((reason) => (
        <td key={reason} className={`${cell}${weight}`}>
          {m.exits[reason]}
        </td>
      ))}
      <td className={`${cell}${weight}`}>{m.exits.TRANSFER_OUT}</td>
      <td className={`${cell} font-semibold bg-slate-50`}>{m.exits.total}</td>
    </tr>
  );
}

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
      <TableScroller label="Entrées et sorties par mois">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="text-xs text-slate-600">
              <th scope="col" className="px-3 py-2">
                Mois
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Inscriptions
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Arrivées (transfert)
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Réouvertures
              </th>
              <th scope="col" className="bg-slate-50 px-3 py-2 text-right">
                Entrées
              </th>
              {EXIT_REASONS.map((reason) => (
                <th key={reason} scope="col" className="px-3 py-2 text-right">
                  {EXIT_REASON_LABELS[reason]}
                </th>
              ))}
              <th scope="col" className="px-3 py-2 text-right">
                Départs (transfert)
              </th>
              <th scope="col" className="bg-slate-50 px-3 py-2 text-right">
                Sorties
              </th>
            </tr>
          </thead>
          <tbody>
            {movements.months.map((m) => (
              <Row key={m.month} label={monthLabel(m.month)} m={m} />
            ))}
            <Row label="Total" m={movements.total} strong />
          </tbody>
        </table>
      </TableScroller>
    </AppShell>
  );
}
