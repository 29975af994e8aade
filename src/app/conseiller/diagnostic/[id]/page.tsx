import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { journaledRead } from "@/server/audit";
import { previousAnswersView, triageContext } from "@/server/queries/triage";
import { formatShortDate, formatShortDateTime } from "@/lib/format";
import { ageYearsOn, localDateOf, MODALITY_LABELS, timeZoneOf, type IsoDate } from "@/domain";
import { Notice } from "@/components/Notice";
import type { TriagePlacement } from "@/server/queries/triage";
import { AppShell } from "@/components/AppShell";
import { optionalIdParam, parseIdParam } from "@/lib/route-params";
import { CampaignBar } from "./CampaignBar";
import { DiagnosticForm } from "./DiagnosticForm";
import { Orientation2025Form } from "./Orientation2025Form";

export const metadata: Metadata = { title: "Entretien de diagnostic" };

/** What became of the file sent to the managers because every portfolio was full. */
function PlacementNotice({ placement, timeZone }: { placement: TriagePlacement; timeZone: string }) {
  const sent = `Dossier envoyé à la direction par ${placement.requestedBy} le ${formatShortDateTime(new Date(placement.createdAt), timeZone)} (modalité décidée : ${MODALITY_LABELS[placement.decidedModality].toLowerCase()}, portefeuilles complets).`;
  if (placement.status === "PENDING") {
    return (
      <Notice tone="warning" className="mb-4 text-sm">
        <p>{sent}</p>
        <p>En attente de sa décision. Si une place se libère, vous pouvez confirmer vous-même : la demande sera alors annulée.</p>
      </Notice>
    );
  }
  return (
    <Notice tone="warning" className="mb-4 text-sm">
      <p>{sent}</p>
      <p>
        {placement.resolvedBy ?? "La direction"} a refusé le placement au-delà du plafond
        {placement.resolvedAt ? ` le ${formatShortDateTime(new Date(placement.resolvedAt), timeZone)}` : ""} : « {placement.resolution} »
      </p>
    </Notice>
  );
}

/** Whole years on `today`; null when the birth date is after it (the form then asks to correct it). */
function ageOn(birthDate: IsoDate, today: IsoDate): number | null {
  try {
    return ageYearsOn(birthDate, today);
  } catch {
    return null;
  }
}

export default async function DiagnosticPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageActor("diagnostic:confirm");
  const { id } = await params;
  const seekerId = parseIdParam(id);
  // Walking a triage campaign's share (docs/rules.md#triage-campaigns): its queue instead of the agency's.
  const campaignId = optionalIdParam((await searchParams).campagne);
  const context = await journaledRead(
    () => triageContext(actor, seekerId, campaignId ?? undefined),
    (shown) => previousAnswersView(actor, shown),
  );
  if (!context) notFound();
  const { seeker } = context;
  const campaign = context.campaign;
  const suffix = campaign ? `?campagne=${campaign.id}` : "";
  const today = localDateOf(new Date().toISOString(), timeZoneOf(context.departement));
  return (
    <AppShell actor={actor} title="Entretien de diagnostic">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <div>
          <p className="text-lg font-semibold">
            {seeker.lastName.toUpperCase()} {seeker.firstName} <span className="font-mono text-sm">{seeker.franceTravailId}</span>
          </p>
          <p className="text-sm text-slate-700">Inscrit·e le {formatShortDate(new Date(seeker.registrationDate))}</p>
        </div>
        <nav aria-label="Parcours de la file" className="flex items-center gap-2 text-sm">
          {context.previousId ? (
            <Link
              className="min-h-11 rounded-md border px-3 py-2"
              href={`/conseiller/diagnostic/${context.previousId}${suffix}`}
              aria-keyshortcuts="Alt+ArrowLeft"
            >
              ← Précédent
            </Link>
          ) : null}
          {context.position ? (
            <span aria-label={`Dossier ${context.position} sur ${context.queueLength}`}>
              {context.position} / {context.queueLength}
            </span>
          ) : null}
          {context.nextId ? (
            <Link
              className="min-h-11 rounded-md border px-3 py-2"
              href={`/conseiller/diagnostic/${context.nextId}${suffix}`}
              aria-keyshortcuts="Alt+ArrowRight"
            >
              Suivant →
            </Link>
          ) : null}
        </nav>
      </div>
      {campaign ? (
        <CampaignBar
          campaignId={campaign.id}
          campaignName={campaign.name}
          fileId={campaign.fileId}
          seekerName={`${seeker.firstName} ${seeker.lastName}`}
          modality={seeker.modality}
          nextHref={context.nextId ? `/conseiller/diagnostic/${context.nextId}${suffix}` : `/conseiller/tri/${campaign.id}`}
        />
      ) : null}
      {context.placement ? <PlacementNotice placement={context.placement} timeZone={timeZoneOf(context.departement)} /> : null}
      {context.offer === "OFFRE_2025" ? (
        <Orientation2025Form
          key={seeker.id}
          seekerId={seeker.id}
          seekerName={`${seeker.firstName} ${seeker.lastName}`}
          ageYears={ageOn(seeker.birthDate, today)}
          birthDate={seeker.birthDate}
          today={today}
          globalPartnership={context.globalPartnership}
          previousAnswers={context.previous?.answers ?? null}
          actorId={actor.id}
          socialWorkers={context.socialWorkers}
          colleagues={context.colleagues}
        />
      ) : (
        <DiagnosticForm
          key={seeker.id}
          seekerId={seeker.id}
          seekerName={`${seeker.firstName} ${seeker.lastName}`}
          actorId={actor.id}
          globalPartnership={context.globalPartnership}
          socialWorkers={context.socialWorkers}
          colleagues={context.colleagues}
          previousId={context.previousId}
          nextId={context.nextId}
          previousAnswers={context.previous?.answers ?? null}
          campaignId={campaign?.id ?? null}
        />
      )}
    </AppShell>
  );
}
