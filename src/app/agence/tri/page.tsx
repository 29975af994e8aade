import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { defaultAgencyId } from "@/server/queries/agency-context";
import { agencyCampaigns } from "@/server/queries/triage-campaigns";
import { AppShell } from "@/components/AppShell";
import { RowsTable } from "@/components/RowsTable";
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
        <RowsTable
          label="Jours de tri"
          rows={data.campaigns}
          rowKey={(c) => c.id}
          empty="Aucun jour de tri pour l'instant."
          columns={[
            { header: "Jour", nowrap: true, cell: (c) => dayLabel(c.day) },
            {
              header: "Nom",
              cell: (c) => (
                <Link className="inline-flex min-h-11 items-center text-brand-700 underline" href={`/agence/tri/${c.id}`}>
                  {c.name}
                </Link>
              ),
            },
            { header: "Revus", numeric: true, nowrap: true, cell: (c) => `${c.done.toLocaleString("fr-FR")} / ${c.files.toLocaleString("fr-FR")}` },
            { header: "État", cell: (c) => `${c.closedAt ? "Clos" : "Ouvert"}${c.closedToPublic ? " · agence fermée au public" : ""}` },
          ]}
        />
      </section>
      <OpenCampaign agencyId={agency.id} advisors={data.advisors} today={agency.today} timeZone={agency.timeZone} />
      <ClosureDays agencyId={agency.id} closures={data.closures} today={agency.today} />
    </AppShell>
  );
}
