import Link from "next/link";
import { INTENSITY_LABELS, PARCOURS_LABELS, REFERENT_LABELS } from "@/domain/offer2025Labels";
import { formatCalendarDate } from "@/lib/format";
import { plural } from "@/lib/plural";
import { TableHead, numeric } from "@/components/TableHead";
import { TableScroller } from "@/components/TableScroller";
import type { Offer2025Dashboard } from "@/server/queries/offer-2025-dashboard";

const share = (value: number | null) => (value === null ? "—" : `${(value * 100).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`);
const days = (value: number | null) => (value === null ? "—" : plural(value, "jour"));
const linkClass = "text-brand-700 underline";

function Figure({ label, value, children }: { label: string; value: React.ReactNode; children?: React.ReactNode }) {
  return (
    <li className="rounded-lg border border-slate-200 p-3">
      <p className="text-sm text-slate-700">{label}</p>
      <p className="text-xl font-bold">{value}</p>
      {children ? <div className="text-xs text-slate-700">{children}</div> : null}
    </li>
  );
}

/**
 * The « Offre 2025 » figures of an agency's dashboard (issue 20, docs/rules.md#dashboard-2025): the distribution of the
 * oriented seekers, the contracts d'engagement, the proposals to the département, the joint diagnostics, intensive
 * support and the transition. Shown only for an agency on the 2025 offer.
 */
export function Offer2025Card({ dashboard, agencyId }: { dashboard: Offer2025Dashboard; agencyId: string }) {
  const { distribution, contracts, departement, jointDiagnostics, intensive, transition } = dashboard;
  const countdown =
    transition.daysLeft > 0
      ? `${plural(transition.daysLeft, "jour")} avant le ${formatCalendarDate(transition.deadline)}`
      : transition.daysLeft === 0
        ? `échéance aujourd'hui, ${formatCalendarDate(transition.deadline)}`
        : `échéance dépassée depuis le ${formatCalendarDate(transition.deadline)}`;
  return (
    <div className="space-y-4 text-sm">
      <div>
        <h3 className="mb-1 font-semibold">Répartition par parcours, organisme référent et intensité</h3>
        {distribution.total === 0 ? (
          <p>Aucun demandeur orienté selon les règles de 2025 pour l&apos;instant.</p>
        ) : (
          <TableScroller label="Répartition des demandeurs orientés">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Demandeurs orientés par parcours, organisme référent et intensité</caption>
              <TableHead compact columns={["Parcours", "Organisme référent", "Intensité", numeric("Demandeurs"), numeric("dont en binôme")]} />
              <tbody>
                {distribution.cells.map((cell) => (
                  <tr key={`${cell.parcours}-${cell.referent}-${cell.intensity ?? "none"}`} className="border-t border-slate-100">
                    <th scope="row" className="py-1 font-normal">
                      {PARCOURS_LABELS[cell.parcours]}
                    </th>
                    <td>{REFERENT_LABELS[cell.referent]}</td>
                    <td>{cell.intensity === null ? "—" : INTENSITY_LABELS[cell.intensity]}</td>
                    <td className="text-right">{cell.count.toLocaleString("fr-FR")}</td>
                    <td className="text-right">{cell.tandem.toLocaleString("fr-FR")}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="border-t border-slate-300 font-semibold">
                  <th scope="row" className="py-1" colSpan={3}>
                    Total des demandeurs orientés
                  </th>
                  <td className="text-right">{distribution.total.toLocaleString("fr-FR")}</td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </TableScroller>
        )}
      </div>

      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Figure label="Contrats signés dans le mois" value={share(contracts.signedInTimeRate)}>
          {contracts.signedInTime} sur {plural(contracts.monthOver, "orientation notifiée", "orientations notifiées")} il y a plus d&apos;un mois (suivi France
          Travail)
        </Figure>
        <Figure label="Contrats en retard" value={contracts.overdue}>
          Non signés après le délai d&apos;un mois ; {plural(contracts.dueSoon, "autre à faire signer", "autres à faire signer")} sous 7 jours
        </Figure>
        <Figure label="Propositions au département au-delà de 6 semaines" value={departement.overdue}>
          {plural(departement.pending, "proposition attend", "propositions attendent")} la décision du département (délai compté depuis l&apos;orientation)
        </Figure>
        <Figure label="Diagnostics conjoints à prévoir" value={jointDiagnostics.overdue + jointDiagnostics.dueSoon}>
          {jointDiagnostics.overdue} en retard, {jointDiagnostics.dueSoon} dans les 30 jours (parcours social, bénéficiaires du RSA)
        </Figure>
        <Figure label="Accompagnement intensif" value={share(intensive.prevalence)}>
          {intensive.intensive} sur {plural(intensive.franceTravail, "demandeur suivi", "demandeurs suivis")} par France Travail
        </Figure>
        <Figure label="Durée en accompagnement intensif" value={days(intensive.current.medianDays)}>
          Médiane pour les {plural(intensive.current.count, "personne", "personnes")} en cours (moyenne {days(intensive.current.meanDays)}) ;{" "}
          {plural(intensive.completed.count, "épisode terminé", "épisodes terminés")} : médiane {days(intensive.completed.medianDays)}, moyenne{" "}
          {days(intensive.completed.meanDays)}
        </Figure>
      </ul>

      <div>
        <h3 className="mb-1 font-semibold">Passage à l&apos;offre 2025</h3>
        <p>
          Demandeurs suivis avant le passage : {transition.signed} sur {transition.followedBefore} ont signé leur contrat d&apos;engagement (
          {share(transition.progress)}) ; <span className="font-medium">{countdown}</span>.{" "}
          <Link className={linkClass} href={`/agence/transition?agence=${agencyId}`}>
            Voir les demandeurs sans contrat signé
          </Link>
        </p>
      </div>
      <p>
        <a className={linkClass} href={`/agence/export/orientations-2025?agence=${agencyId}`} download>
          Exporter les orientations 2025 (CSV)
        </a>
      </p>
    </div>
  );
}
