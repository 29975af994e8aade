import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { agencyLoads, listAgencies } from "@/server/queries/agency-loads";
import { MODALITY_LABELS, MODALITY_SHORT_LABELS } from "@/domain";
import { AppShell } from "@/components/AppShell";
import type { Modality } from "@/generated/prisma/enums";

export const metadata: Metadata = { title: "Charges des portefeuilles" };

function fillClass(load: number, cap: number) {
  if (cap > 0 && load > cap) return "bg-red-100 text-red-900";
  if (cap > 0 && load >= cap * 0.9) return "bg-amber-100 text-amber-900";
  return "";
}

function percent(load: number, cap: number) {
  return cap > 0 ? `${Math.round((load / cap) * 100)} %` : "—";
}

export default async function AgencyPage({ searchParams }: { searchParams: Promise<{ agence?: string }> }) {
  const actor = await requirePageActor("agency:read");
  const { agence } = await searchParams;
  const agencies = await listAgencies(actor);
  const agencyId = agence ?? actor.agencyId ?? agencies[0]?.id;
  const loads = agencyId ? await agencyLoads(actor, agencyId) : null;
  return (
    <AppShell actor={actor} title={loads ? `Agence ${loads.agency.name}` : "Agence"}>
      {!loads ? (
        <p>Aucune agence accessible.</p>
      ) : (
        <>
          <section aria-labelledby="totaux" className="mb-6">
            <h2 id="totaux" className="mb-2 text-lg font-semibold">Totaux par modalité</h2>
            <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {(Object.keys(loads.totals) as Modality[]).map((modality) => (
                <li key={modality} className="rounded-lg border border-slate-200 bg-white p-3">
                  <p className="text-sm text-slate-700">{MODALITY_LABELS[modality]}</p>
                  <p className="text-xl font-bold">
                    {loads.totals[modality].load} <span className="text-sm font-normal">/ {loads.totals[modality].cap}</span>
                  </p>
                </li>
              ))}
            </ul>
            <p className="mt-2 text-sm">{loads.awaitingDiagnostic} demandeurs attendent leur entretien de diagnostic.</p>
          </section>
          <section aria-labelledby="charges">
            <h2 id="charges" className="mb-2 text-lg font-semibold">Charges par conseiller et modalité</h2>
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full text-left text-sm">
                <thead className="bg-slate-100">
                  <tr>
                    <th scope="col" className="px-3 py-2">Conseiller·ère</th>
                    <th scope="col" className="px-3 py-2">Modalité</th>
                    <th scope="col" className="px-3 py-2 text-right">Demandeurs / plafond</th>
                    <th scope="col" className="px-3 py-2 text-right">Taux</th>
                  </tr>
                </thead>
                <tbody>
                  {loads.portfolios.map((row) => (
                    <tr key={row.portfolioId} className={`border-t border-slate-100 ${fillClass(row.load, row.cap)}`}>
                      <td className="px-3 py-2 font-medium">{row.advisorName}</td>
                      <td className="px-3 py-2">{MODALITY_SHORT_LABELS[row.modality]}</td>
                      <td className="px-3 py-2 text-right">
                        {row.load} / {row.cap}
                      </td>
                      <td className="px-3 py-2 text-right">{percent(row.load, row.cap)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </AppShell>
  );
}
