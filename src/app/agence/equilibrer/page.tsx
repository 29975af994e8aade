import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { proposeBalance } from "@/server/queries/balance-preview";
import { listAgencies } from "@/server/queries/agency-loads";
import { DomainError } from "@/server/errors";
import { modalitiesOfOffer, MODALITY_SHORT_LABELS, timeZoneOf, type Modality } from "@/domain";
import { AppShell } from "@/components/AppShell";
import { BackLink } from "@/app/agence/list-parts";
import { agencySeekerHref } from "@/components/seeker-file/href";
import { TableHead, numeric } from "@/components/TableHead";
import { TableScroller } from "@/components/TableScroller";
import { firstParam, optionalIdParam } from "@/lib/route-params";
import { ApplyBalanceButton } from "./ApplyBalanceButton";
import { ReplanList } from "./ReplanList";

export const metadata: Metadata = { title: "Équilibrer les portefeuilles" };

const rate = (load: number, cap: number) => (cap > 0 ? `${Math.round((load / cap) * 100)} %` : "—");

export default async function BalancePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor("portfolio:rebalance");
  const params = await searchParams;
  const agence = optionalIdParam(params.agence);
  const modalite = firstParam(params.modalite);
  const agencies = await listAgencies(actor);
  const agency = agencies.find((a) => a.id === (agence ?? actor.agencyId)) ?? (actor.role === "ADMIN" && !agence ? agencies[0] : undefined);
  if (!agency) notFound();
  const modalities = modalitiesOfOffer(agency.offer);
  const modality: Modality = (modalities as readonly string[]).includes(modalite ?? "") ? (modalite as Modality) : "GUIDE";
  let preview;
  try {
    preview = await proposeBalance(actor, { agencyId: agency.id, modality }, { now: new Date() });
  } catch (error) {
    if (error instanceof DomainError) notFound();
    throw error;
  }
  const after = new Map(preview.after.map((row) => [row.portfolioId, row.load]));
  const timeZone = timeZoneOf(agency.departement);
  return (
    <AppShell actor={actor} title={`Équilibrer les portefeuilles ${MODALITY_SHORT_LABELS[modality].toLowerCase()}`}>
      <BackLink href={`/agence?agence=${agency.id}`} label={`Retour à l'agence ${agency.name}`} />
      <nav aria-label="Modalité" className="mb-4 flex flex-wrap gap-2">
        {modalities.map((m) => (
          <Link
            key={m}
            href={`/agence/equilibrer?agence=${agency.id}&modalite=${m}`}
            aria-current={m === modality ? "page" : undefined}
            className={`min-h-11 rounded-full border px-4 py-2 text-sm ${m === modality ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white"}`}
          >
            {MODALITY_SHORT_LABELS[m]}
          </Link>
        ))}
      </nav>
      <p className="mb-4 text-sm text-slate-700">
        Modalis propose de déplacer des demandeurs du portefeuille le plus rempli vers le moins rempli, tant que cela réduit l&apos;écart, sans dépasser aucun
        plafond ; les demandeurs ayant le moins de rendez-vous à venir sont déplacés en premier. Rien n&apos;est modifié avant votre confirmation.
      </p>
      <section aria-labelledby="charges-avant-apres" className="mb-6">
        <h2 id="charges-avant-apres" className="mb-2 text-lg font-semibold">
          Charges avant et après
        </h2>
        <TableScroller label="Tableau des charges avant et après">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Charge de chaque portefeuille avant et après l&apos;équilibrage proposé</caption>
            <TableHead columns={["Conseiller·ère", numeric("Avant"), numeric("Après"), numeric("Plafond")]} />
            <tbody>
              {preview.before.map((row) => (
                <tr key={row.portfolioId} className="border-t border-slate-100">
                  <th scope="row" className="px-3 py-2 font-medium">
                    {row.advisor}
                  </th>
                  <td className="px-3 py-2 text-right">
                    {row.load} ({rate(row.load, row.cap)})
                  </td>
                  <td className="px-3 py-2 text-right">
                    {after.get(row.portfolioId)} ({rate(after.get(row.portfolioId)!, row.cap)})
                  </td>
                  <td className="px-3 py-2 text-right">{row.cap}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      </section>
      <section aria-labelledby="deplacements">
        <h2 id="deplacements" className="mb-2 text-lg font-semibold">
          Déplacements proposés ({preview.moves.length})
        </h2>
        {preview.moves.length === 0 ? (
          <p>Les portefeuilles de cette modalité sont déjà équilibrés : aucun déplacement n&apos;est proposé.</p>
        ) : (
          <>
            <div
              role="region"
              aria-label="Liste des déplacements proposés"
              tabIndex={0}
              className="mb-4 max-h-96 overflow-y-auto rounded-lg border border-slate-200 bg-white"
            >
              <ul className="text-sm">
                {preview.moves.map((move) => (
                  <li key={move.seekerId} className="border-t border-slate-100 px-3 py-2 first:border-t-0">
                    <Link href={agencySeekerHref(move.seekerId)} className="font-medium text-brand-700 underline">
                      {move.seekerName}
                    </Link>{" "}
                    : {move.fromAdvisor} → {move.toAdvisor}
                  </li>
                ))}
              </ul>
            </div>
            <h3 className="mb-2 font-semibold">Rendez-vous à venir des demandeurs déplacés</h3>
            <p className="mb-2 text-sm text-slate-700">
              {preview.followed} rendez-vous gardent leur date avec le nouveau conseiller.{" "}
              {preview.replans.length === 0
                ? "Aucun n'est à replanifier."
                : `${preview.replans.length} seraient replanifiés (le nouveau conseiller est pris à cette heure-là), selon le délai de prévenance et, pour un bilan, dans sa fenêtre :`}
            </p>
            {preview.replans.length > 0 ? (
              <div
                role="region"
                aria-label="Rendez-vous qui seraient replanifiés"
                tabIndex={0}
                className="mb-4 max-h-96 overflow-y-auto rounded-lg border border-slate-200 bg-white"
              >
                <ReplanList items={preview.replans} timeZone={timeZone} label="Rendez-vous qui seraient replanifiés" />
              </div>
            ) : null}
          </>
        )}
        <ApplyBalanceButton
          agencyId={agency.id}
          modality={modality}
          timeZone={timeZone}
          moves={preview.moves.map(({ seekerId, fromPortfolioId, toPortfolioId }) => ({ seekerId, fromPortfolioId, toPortfolioId }))}
        />
      </section>
    </AppShell>
  );
}
