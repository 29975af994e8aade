import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { offerComparison } from "@/server/queries/offer-rollup";
import { MODALITIES, MODALITY_SHORT_LABELS } from "@/domain";
import { OfferComparisonTables } from "./OfferComparison";
import { AppShell } from "@/components/AppShell";
import { TableHead, numeric } from "@/components/TableHead";
import { TableScroller } from "@/components/TableScroller";

export const metadata: Metadata = { title: "Agences" };

const number = (n: number) => n.toLocaleString("fr-FR");

export default async function AdminPage() {
  const actor = await requirePageActor("admin:read");
  const comparison = await offerComparison(actor);
  if (!comparison) return null;
  const { agencies, total } = comparison.rollup;
  const offerOf = new Map(comparison.agencies.map((row) => [row.id, row]));
  const followedTotal = (followed: Record<string, number>) => Object.values(followed).reduce((sum, n) => sum + n, 0);
  return (
    <AppShell actor={actor} title="Agences">
      <p className="mb-4">
        {agencies.length} agences · {number(followedTotal(total.followed))} demandeurs suivis · {number(total.awaitingDiagnostic)} en attente de diagnostic.
      </p>
      <p className="mb-4">
        <Link className="text-brand-700 underline" href="/admin/boite-locale">
          Boîte aux lettres locale
        </Link>{" "}
        : les messages envoyés aux demandeurs quand aucun serveur SMTP n&apos;est configuré.
      </p>
      <TableScroller label="Tableau des agences">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">
            Offre, demandeurs suivis par modalité (et somme des plafonds des portefeuilles) et bilans en retard dans chaque agence
          </caption>
          <TableHead
            columns={[
              "Agence",
              "Dépt",
              "Offre",
              ...MODALITIES.map((m) => numeric(MODALITY_SHORT_LABELS[m])),
              numeric("En attente"),
              numeric("Bilans en retard"),
              "Global",
            ]}
          />
          <tbody>
            {agencies.map((agency) => (
              <tr key={agency.id} className="border-t border-slate-100">
                <th scope="row" className="px-3 py-2 font-medium">
                  <Link className="text-brand-700 underline" href={`/agence?agence=${agency.id}`}>
                    {agency.name}
                  </Link>
                </th>
                <td className="px-3 py-2">{agency.departement}</td>
                <td className="px-3 py-2">{offerOf.get(agency.id)?.offer === "OFFRE_2025" ? "2025" : "2014"}</td>
                {MODALITIES.map((m) => (
                  <td key={m} className="px-3 py-2 text-right">
                    {number(agency.followed[m])} <span className="text-slate-600">/ {number(agency.caps[m])}</span>
                  </td>
                ))}
                <td className="px-3 py-2 text-right">{number(agency.awaitingDiagnostic)}</td>
                <td className="px-3 py-2 text-right">{number(offerOf.get(agency.id)?.overdueReviews ?? 0)}</td>
                <td className="px-3 py-2">{agency.globalPartnership ? "Convention" : "Non"}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t-2 border-slate-300 font-semibold">
            <tr>
              <th scope="row" className="px-3 py-2" colSpan={3}>
                Toutes les agences
              </th>
              {MODALITIES.map((m) => (
                <td key={m} className="px-3 py-2 text-right">
                  {number(total.followed[m])} <span className="font-normal text-slate-600">/ {number(total.caps[m])}</span>
                </td>
              ))}
              <td className="px-3 py-2 text-right">{number(total.awaitingDiagnostic)}</td>
              <td className="px-3 py-2 text-right">{number(comparison.agencies.reduce((sum, row) => sum + row.overdueReviews, 0))}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </TableScroller>
      <OfferComparisonTables comparison={comparison} />
    </AppShell>
  );
}
