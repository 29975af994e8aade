import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { defaultAgencyId } from "@/server/queries/agency-context";
import { agencyCampaigns } from "@/server/queries/triage-campaigns";
import { AppShell } from "@/components/AppShell";
import { TableScroller } from "@/components/TableScroller";
import { formatShortDate } from "@/lib/format";
import { optionalIdParam } from "@/lib/route-params";
import { AgencyOutOfScope, BackLink, dashboardHref, type SearchParams } from "@/app/agence/list-parts";
import { ClosureDays } from "./ClosureDays";
import { OpenCampaign } from "./OpenCampaign";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jours de tri" };

const dayLabel = (day: string) => formatShortDate(new Date(`${day}T00:00:00Z`));

export default async function CampaignsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("campaign:manage");
  const params = await searchParams;
  const agencyId = optionalIdParam(params.agence) ?? (await defaultAgencyId(actor));
  const title = "Jours de tri";
  const data = agencyId ? await agencyCampaigns(actor, agencyId) : null;
  if (!data) return <AgencyOutOfScope actor={actor} title={title} />;
  const { agency } = data;
  return (
    <AppShell actor={actor} title={title}>
      <BackLink href={dashboardHref(actor, agency.id)} />
      <p className="mb-4 text-sm text-slate-700">
        Agence {agency.name} · au {dayLabel(agency.today)} · un jour de tri revoit, dossier par dossier, des dossiers suivis de l&apos;agence.
      </p>
      <section aria-labelledby="campagnes" className="mb-6">
        <h2 id="campagnes" className="mb-2 text-lg font-semibold">
          Jours de tri de l&apos;agence
        </h2>
        {data.campaigns.length === 0 ? (
          <p className="text-sm">Aucun jour de tri pour l&apos;instant.</p>
        ) : (
          <TableScroller label="Jours de tri">
            <table className="min-w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">
                    Jour
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Nom
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right">
                    Revus
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    État
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.campaigns.map((c) => (
                  <tr key={c.id} className="border-b border-slate-100">
                    <td className="py-2 pr-3 whitespace-nowrap">{dayLabel(c.day)}</td>
                    <td className="py-2 pr-3">
                      <Link className="inline-flex min-h-11 items-center text-brand-700 underline" href={`/agence/tri/${c.id}`}>
                        {c.name}
                      </Link>
                    </td>
                    <td className="py-2 pr-3 text-right whitespace-nowrap">
                      {c.done.toLocaleString("fr-FR")} / {c.files.toLocaleString("fr-FR")}
                    </td>
                    <td className="py-2 pr-3">
                      {c.closedAt ? "Clos" : "Ouvert"}
                      {c.closedToPublic ? " · agence fermée au public" : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroller>
        )}
      </section>
      <OpenCampaign agencyId={agency.id} advisors={data.advisors} today={agency.today} timeZone={agency.timeZone} />
      <ClosureDays agencyId={agency.id} closures={data.closures} today={agency.today} />
    </AppShell>
  );
}
