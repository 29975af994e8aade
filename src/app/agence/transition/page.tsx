import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { defaultAgencyId } from "@/server/queries/agency-context";
import { transitionList } from "@/server/queries/offer-transition";
import { formatCalendarDate } from "@/lib/format";
import { MODALITY_SHORT_LABELS } from "@/domain";
import { plural } from "@/lib/plural";
import { optionalIdParam, pageParam } from "@/lib/route-params";
import { AppShell } from "@/components/AppShell";
import { Pagination } from "@/components/Pagination";
import { AgencyOutOfScope, BackLink, dashboardHref, pageNotices, QueryNotices, SeekerTable, type SearchParams } from "@/app/agence/list-parts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Contrats d'engagement à faire signer" };

const TITLE = "Contrats d'engagement à faire signer";

/**
 * The move to the 2025 offer (issue 20): the followed seekers still without a signed contrat d'engagement, by name.
 * Only for an agency on the 2025 offer; otherwise (or out of scope) the page says the agency is not accessible.
 */
export default async function TransitionPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("agency:read");
  const params = await searchParams;
  const agencyId = optionalIdParam(params.agence) ?? (await defaultAgencyId(actor));
  const asked = pageParam(params.page);
  const list = agencyId ? await transitionList(actor, agencyId, { page: asked.page }) : null;
  if (!list) return <AgencyOutOfScope actor={actor} title={TITLE} />;
  const href = (page: number) => {
    const query = new URLSearchParams();
    if (actor.role === "ADMIN") query.set("agence", list.agency.id);
    if (page > 1) query.set("page", String(page));
    const text = query.toString();
    return `/agence/transition${text ? `?${text}` : ""}`;
  };
  if (!list.summary) {
    return (
      <AppShell actor={actor} title={TITLE}>
        <BackLink href={dashboardHref(actor, list.agency.id)} />
        <p className="text-sm text-slate-700">
          L&apos;agence {list.agency.name} applique l&apos;offre 2014 : aucun contrat d&apos;engagement n&apos;est à faire signer. L&apos;offre se choisit dans
          les paramètres de l&apos;agence.
        </p>
      </AppShell>
    );
  }
  const { deadline, daysLeft } = list.summary;
  return (
    <AppShell actor={actor} title={TITLE}>
      <BackLink href={dashboardHref(actor, list.agency.id)} />
      <p className="mb-4 text-sm text-slate-700">
        Agence {list.agency.name} · {plural(list.total, "demandeur suivi", "demandeurs suivis")} sans contrat d&apos;engagement signé. Chacun doit le signer au
        plus tard le {formatCalendarDate(deadline)}
        {daysLeft > 0 ? ` (dans ${plural(daysLeft, "jour")})` : daysLeft === 0 ? " (aujourd'hui)" : " (échéance dépassée)"}. En attendant, ils gardent leur
        modalité 2014 et leur portefeuille.
      </p>
      <QueryNotices notices={pageNotices(asked, list.page)} />
      <SeekerTable
        label={TITLE}
        caption="Demandeurs suivis sans contrat d'engagement signé, par nom"
        list={list}
        empty="Tous les demandeurs suivis ont signé leur contrat d'engagement."
        columns={[
          { header: "Modalité 2014", cell: (row) => (row.modality ? MODALITY_SHORT_LABELS[row.modality] : "—") },
          { header: "Contrat", cell: (row) => (row.draftRevision === null ? "Aucun" : `Version ${row.draftRevision} non signée`) },
        ]}
      />
      <Pagination page={list.page} pageCount={list.pageCount} href={href} />
    </AppShell>
  );
}
