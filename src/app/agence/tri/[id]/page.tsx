import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MODALITIES, MODALITY_SHORT_LABELS, type Modality } from "@/domain";
import { requirePageActor } from "@/server/auth/session";
import { campaignBoard } from "@/server/queries/triage-campaigns";
import { AppShell } from "@/components/AppShell";
import { DistributionChart } from "@/components/DistributionChart";
import { TableScroller } from "@/components/TableScroller";
import { formatShortDate } from "@/lib/format";
import { parseIdParam } from "@/lib/route-params";
import { BackLink } from "@/app/agence/list-parts";
import { CampaignActions } from "./CampaignActions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jour de tri" };

const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`);
const cell = "py-2 pr-3";

function selectionPhrase(selection: Record<string, unknown>, names: Map<string, string>): string {
  const parts: string[] = [];
  if (typeof selection.modality === "string" && selection.modality in MODALITY_SHORT_LABELS)
    parts.push(MODALITY_SHORT_LABELS[selection.modality as Modality].toLowerCase());
  if (typeof selection.notRediagnosedMonths === "number") parts.push(`pas re-diagnostiqués depuis ${selection.notRediagnosedMonths} mois`);
  if (typeof selection.advisorId === "string") parts.push(`portefeuilles de ${names.get(selection.advisorId) ?? "un·e conseiller·ère"}`);
  return parts.length ? parts.join(", ") : "toute l'agence";
}

export default async function CampaignBoardPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("campaign:manage");
  const { id } = await params;
  const board = await campaignBoard(actor, parseIdParam(id));
  if (!board) notFound();
  const { campaign } = board;
  const names = new Map(board.advisors.map((a) => [a.id, a.name]));
  const listHref = actor.role === "ADMIN" ? `/agence/tri?agence=${board.agency.id}` : "/agence/tri";
  return (
    <AppShell actor={actor} title={`Jour de tri : ${campaign.name}`}>
      <BackLink href={listHref} label="Retour aux jours de tri" />
      <p className="mb-4 text-sm text-slate-700">
        {formatShortDate(new Date(`${campaign.day}T00:00:00Z`))} · {selectionPhrase(campaign.selection, names)} · ouvert par {campaign.openedBy}
        {campaign.closedToPublic ? " · agence fermée au public ce jour-là" : ""} · {campaign.closedAt ? "clos" : "ouvert"}
      </p>

      <section aria-labelledby="avancement" className="mb-6">
        <h2 id="avancement" className="mb-2 text-lg font-semibold">
          Avancement : {campaign.done.toLocaleString("fr-FR")} dossier(s) revu(s) sur {campaign.files.toLocaleString("fr-FR")}
        </h2>
        <TableScroller label="Avancement par conseiller">
          <table className="min-w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className={cell}>
                  Conseiller·ère
                </th>
                <th scope="col" className={`${cell} text-right`}>
                  Revus
                </th>
                <th scope="col" className={`${cell} text-right`}>
                  Restants
                </th>
              </tr>
            </thead>
            <tbody>
              {board.progress.map((row) => (
                <tr key={row.advisorId} className="border-b border-slate-100">
                  <th scope="row" className={`${cell} font-normal`}>
                    {row.advisorName}
                  </th>
                  <td className={`${cell} text-right`}>{row.done.toLocaleString("fr-FR")}</td>
                  <td className={`${cell} text-right`}>{row.left.toLocaleString("fr-FR")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      </section>

      <section aria-labelledby="changements" className="mb-6">
        <h2 id="changements" className="mb-2 text-lg font-semibold">
          Changements de modalité ({board.changed.toLocaleString("fr-FR")} dossier(s) changé(s))
        </h2>
        <TableScroller label="Modalité avant et après">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Dossiers revus : modalité avant (lignes) et après (colonnes)</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className={cell}>
                  Avant \ après
                </th>
                {MODALITIES.map((m) => (
                  <th key={m} scope="col" className={`${cell} text-right`}>
                    {MODALITY_SHORT_LABELS[m]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {MODALITIES.map((from) => (
                <tr key={from} className="border-b border-slate-100">
                  <th scope="row" className={`${cell} font-normal`}>
                    {MODALITY_SHORT_LABELS[from]}
                  </th>
                  {MODALITIES.map((to) => (
                    <td key={to} className={`${cell} text-right ${from !== to && board.changes[from][to] > 0 ? "font-semibold" : ""}`}>
                      {board.changes[from][to].toLocaleString("fr-FR")}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroller>
      </section>

      <section aria-labelledby="repartition" className="mb-6">
        <h2 id="repartition" className="mb-2 text-lg font-semibold">
          Répartition des dossiers suivis de l&apos;agence ({board.distribution.total.toLocaleString("fr-FR")}) et référence
        </h2>
        <DistributionChart rows={board.distribution.modalities} />
        <ul className="text-sm">
          {board.distribution.modalities.map((row) => (
            <li key={row.modality}>
              {MODALITY_SHORT_LABELS[row.modality]} : {row.count.toLocaleString("fr-FR")} ({percent(row.share)}, référence {percent(row.reference)})
            </li>
          ))}
        </ul>
      </section>

      {campaign.closedAt ? null : (
        <CampaignActions
          campaignId={campaign.id}
          advisors={board.advisors}
          shares={board.progress.filter((p) => p.left > 0).map((p) => ({ id: p.advisorId, name: p.advisorName }))}
        />
      )}
    </AppShell>
  );
}
