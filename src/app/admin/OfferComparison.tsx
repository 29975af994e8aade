import Link from "next/link";
import { MODALITY_SHORT_LABELS } from "@/domain";
import { TableHead, numeric } from "@/components/TableHead";
import { TableScroller } from "@/components/TableScroller";
import type { OfferComparison, OfferSummary } from "@/server/queries/offer-rollup";

const number = (n: number) => n.toLocaleString("fr-FR");
const share = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${(value * 100).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`;
const OFFER_LABELS = { OFFRE_2014: "Offre 2014", OFFRE_2025: "Offre 2025" } as const;

/** One indicator per row, one offer per column; « — » where the indicator does not belong to the offer. */
function indicatorRows(offers: readonly OfferSummary[]): { key: string; label: string; values: string[] }[] {
  const of = (pick: (offer: OfferSummary) => string) => offers.map(pick);
  const only2014 = (offer: OfferSummary, text: string) => (offer.offer === "OFFRE_2014" ? text : "—");
  return [
    { key: "agencies", label: "Agences", values: of((o) => number(o.agencies)) },
    { key: "followed", label: "Demandeurs suivis", values: of((o) => number(o.followed)) },
    { key: "reviews", label: "Bilans M4 et M9 en retard", values: of((o) => number(o.overdueReviews)) },
    ...(["SUIVI", "GUIDE", "RENFORCE", "GLOBAL"] as const).map((modality) => ({
      key: modality,
      label: `Part en modalité ${MODALITY_SHORT_LABELS[modality].toLowerCase()}`,
      values: of((o) => only2014(o, share(o.modalities.find((m) => m.modality === modality)?.share ?? null))),
    })),
    { key: "oriented", label: "Demandeurs orientés (2025)", values: of((o) => (o.offer2025 ? number(o.offer2025.oriented) : "—")) },
    { key: "inTime", label: "Contrats signés dans le mois", values: of((o) => (o.offer2025 ? share(o.offer2025.signedInTimeRate) : "—")) },
    { key: "overdue", label: "Contrats en retard", values: of((o) => (o.offer2025 ? number(o.offer2025.overdueContracts) : "—")) },
    { key: "intensive", label: "Part en accompagnement intensif", values: of((o) => (o.offer2025 ? share(o.offer2025.prevalence) : "—")) },
  ];
}

/**
 * The administrator's comparison of the two offers (issue 20): each offer's agencies, followed seekers and key
 * indicators side by side, then the agencies on the 2025 offer with theirs.
 */
export function OfferComparisonTables({ comparison }: { comparison: OfferComparison }) {
  const agencies2025 = comparison.agencies.filter((row) => row.offer2025 !== null);
  return (
    <>
      <section aria-labelledby="comparaison-offres" className="mt-8">
        <h2 id="comparaison-offres" className="mb-2 text-lg font-semibold">
          Comparaison des offres
        </h2>
        <p className="mb-2 text-sm text-slate-700">
          Parts des modalités : parmi les demandeurs suivis avec une modalité 2014. Contrats : suivis par France Travail, orientations notifiées il y a plus
          d&apos;un mois. Accompagnement intensif : parmi les demandeurs dont France Travail est l&apos;organisme référent.
        </p>
        <TableScroller label="Comparaison des offres">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Indicateurs clés des agences sur chaque offre</caption>
            <TableHead columns={["Indicateur", ...comparison.offers.map((o) => numeric(OFFER_LABELS[o.offer]))]} />
            <tbody>
              {indicatorRows(comparison.offers).map((row) => (
                <tr key={row.key} className="border-t border-slate-100">
                  <th scope="row" className="px-3 py-2 font-normal">
                    {row.label}
                  </th>
                  {row.values.map((value, index) => (
                    // One column per offer, in a fixed order.
                    <td key={index} className="px-3 py-2 text-right">
                      {value}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      </section>
      {agencies2025.length > 0 ? (
        <section aria-labelledby="agences-2025" className="mt-8">
          <h2 id="agences-2025" className="mb-2 text-lg font-semibold">
            Agences sur l&apos;offre 2025
          </h2>
          <TableScroller label="Tableau des agences sur l'offre 2025">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Contrats d&apos;engagement et accompagnement intensif dans chaque agence sur l&apos;offre 2025</caption>
              <TableHead
                columns={[
                  "Agence",
                  "Dépt",
                  numeric("Suivis"),
                  numeric("Orientés"),
                  numeric("Contrats signés dans le mois"),
                  numeric("Contrats en retard"),
                  numeric("Intensif"),
                ]}
              />
              <tbody>
                {agencies2025.map((row) => (
                  <tr key={row.id} className="border-t border-slate-100">
                    <th scope="row" className="px-3 py-2 font-medium">
                      <Link className="text-brand-700 underline" href={`/agence?agence=${row.id}`}>
                        {row.name}
                      </Link>
                    </th>
                    <td className="px-3 py-2">{row.departement}</td>
                    <td className="px-3 py-2 text-right">{number(row.followed)}</td>
                    <td className="px-3 py-2 text-right">{number(row.offer2025!.oriented)}</td>
                    <td className="px-3 py-2 text-right">
                      {share(row.offer2025!.signedInTimeRate)}{" "}
                      <span className="text-slate-600">
                        ({row.offer2025!.signedInTime} / {row.offer2025!.monthOver})
                      </span>
                    </td>
                    <td className="px-3 py-2 text-right">{number(row.offer2025!.overdueContracts)}</td>
                    <td className="px-3 py-2 text-right">{share(row.offer2025!.prevalence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroller>
        </section>
      ) : null}
    </>
  );
}
