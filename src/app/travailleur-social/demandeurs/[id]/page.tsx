import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { journaledRead } from "@/server/audit";
import { tandemBookingChoices, tandemFile, tandemFileView, type TandemAppointment } from "@/server/queries/tandem";
import { inTandem, SEVERITY_LABELS } from "@/domain";
import { APPOINTMENT_KIND_LABELS, APPOINTMENT_STATUS_LABELS, CHANNEL_LABELS } from "@/lib/labels";
import { formatDateTime } from "@/lib/format";
import { parseIdParam } from "@/lib/route-params";
import { socialReviewPhrase } from "@/lib/social-review";
import { AppShell } from "@/components/AppShell";
import { Section } from "@/components/Section";
import { TandemNotesSection } from "@/components/tandem/TandemNotes";
import { TandemBookForm } from "./TandemBookForm";
import { tandemBookHref } from "./tandem-href";

export const metadata: Metadata = { title: "Dossier du binôme" };

type SearchParams = { prendre?: string | string[]; accord?: string | string[]; apres?: string | string[] };
const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
const linkButton = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100";

/**
 * The tandem file of a GLOBAL seeker for the social worker of the open tandem (docs/rules.md#the-tandem-file): what the
 * tandem needs to know, nothing else; each view is journaled (`tandem.file_viewed`). Anyone else: not found.
 */
export default async function TandemFilePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("tandem:read");
  const { id } = await params;
  const query = await searchParams;
  const now = new Date();
  const seekerId = parseIdParam(id);
  const file = await journaledRead(
    () => tandemFile(actor, seekerId, { now }),
    (shown) => tandemFileView(actor, shown),
  );
  if (!file) notFound();
  const { seeker, agency } = file;
  const zone = agency.timeZone;
  const at = (iso: string) => formatDateTime(new Date(iso), zone);

  const kind = single(query.prendre);
  const agreed = single(query.accord) === "1";
  const after = single(query.apres);
  const reviewBookable = file.socialReview !== null && (file.socialReview.state === "TO_PLAN" || file.socialReview.state === "OVERDUE");
  const bookable = inTandem(seeker.modality) && file.advisor !== null;
  const booking =
    bookable && (kind === "JOINT_GLOBAL" || (kind === "SOCIAL_REVIEW" && reviewBookable))
      ? await tandemBookingChoices(actor, seeker.id, kind, { now, seekerAgreed: agreed, after })
      : null;

  const appointmentItem = (a: TandemAppointment) => (
    <li key={a.id} className="py-2 text-sm">
      <p className="font-medium">
        {APPOINTMENT_KIND_LABELS[a.kind]} — {at(a.startsAt)}
      </p>
      <p className="text-slate-700">
        {CHANNEL_LABELS[a.channel]} · {APPOINTMENT_STATUS_LABELS[a.status].toLowerCase()} · avec {a.advisor.firstName} {a.advisor.lastName}
        {a.socialWorker ? ` et ${a.socialWorker.firstName} ${a.socialWorker.lastName}` : ""}
      </p>
    </li>
  );

  return (
    <AppShell actor={actor} title={`${seeker.firstName} ${seeker.lastName}`}>
      <p className="mb-3 text-sm">
        <Link href="/travailleur-social" className="text-brand-700 underline">
          Retour à mes accompagnements globaux
        </Link>
      </p>
      <p className="mb-4 text-sm text-slate-700">
        Ce dossier montre ce dont le binôme a besoin, rien de plus : votre consultation est enregistrée dans le journal de l&apos;agence.
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section id="identite" title="Identité et coordonnées">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="font-medium">Nom</dt>
            <dd>
              {seeker.civility === "MME" ? "Mme " : seeker.civility === "M" ? "M. " : ""}
              {seeker.lastName.toUpperCase()} {seeker.firstName}
            </dd>
            <dt className="font-medium">Identifiant France Travail</dt>
            <dd className="font-mono">{seeker.franceTravailId}</dd>
            <dt className="font-medium">Date de naissance</dt>
            <dd>{seeker.birthDate.split("-").reverse().join("/")}</dd>
            <dt className="font-medium">Adresse</dt>
            <dd>
              {seeker.address ? `${seeker.address}, ` : ""}
              {seeker.postalCode} {seeker.commune}
            </dd>
            <dt className="font-medium">E-mail</dt>
            <dd className="break-all">{seeker.email ?? "non renseigné"}</dd>
            <dt className="font-medium">Téléphone</dt>
            <dd>{seeker.phone ?? "non renseigné"}</dd>
          </dl>
        </Section>

        <Section id="suivi" title="Suivi">
          <p className="text-sm">
            Conseiller·ère : {file.advisor ? `${file.advisor.firstName} ${file.advisor.lastName}` : "aucun pour l'instant"} ({agency.name})
          </p>
          {file.advisor ? (
            <p className="text-sm break-all">
              E-mail :{" "}
              <a href={`mailto:${file.advisor.email}`} className="text-brand-700 underline">
                {file.advisor.email}
              </a>
            </p>
          ) : null}
          <p className="mt-1 text-sm">
            Bilan des freins sociaux (6 mois) : <strong>{file.socialReview ? socialReviewPhrase(file.socialReview) : "pas de diagnostic"}</strong>
          </p>
        </Section>

        <Section id="freins" title="Freins sociaux relevés (dernier diagnostic)">
          {file.barriers && file.barriers.items.length ? (
            <ul className="text-sm">
              {file.barriers.items.map((item) => (
                <li key={item.barrier}>
                  {item.label} : {SEVERITY_LABELS[item.severity].toLowerCase()}
                  {item.specialCategory ? " (donnée de santé, confidentielle)" : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm">Aucun frein relevé.</p>
          )}
        </Section>
      </div>

      <div className="mt-4 space-y-4">
        {bookable ? (
          <Section id="prendre-rdv" title="Prendre un rendez-vous du binôme">
            <div className="flex flex-wrap gap-2">
              <Link href={tandemBookHref(seeker.id, "JOINT_GLOBAL", false)} className={linkButton}>
                Entretien tripartite
              </Link>
              {reviewBookable ? (
                <Link href={tandemBookHref(seeker.id, "SOCIAL_REVIEW", false)} className={linkButton}>
                  Bilan des freins sociaux (6 mois)
                </Link>
              ) : null}
            </div>
            {booking ? (
              <TandemBookForm key={`${booking.kind}-${after ?? ""}-${agreed}`} seekerId={seeker.id} choices={booking} timeZone={zone} after={after} />
            ) : null}
          </Section>
        ) : null}

        <Section id="rdv-binome" title="Rendez-vous du binôme">
          <h3 className="text-base font-semibold">À venir</h3>
          {file.appointments.upcoming.length ? (
            <ul className="divide-y divide-slate-100">{file.appointments.upcoming.map(appointmentItem)}</ul>
          ) : (
            <p className="text-sm">Aucun rendez-vous à venir.</p>
          )}
          <h3 className="mt-3 text-base font-semibold">Passés</h3>
          {file.appointments.past.length ? (
            <ul className="divide-y divide-slate-100">{file.appointments.past.map(appointmentItem)}</ul>
          ) : (
            <p className="text-sm">Aucun rendez-vous passé.</p>
          )}
        </Section>

        <TandemNotesSection seekerId={seeker.id} notes={file.notes} timeZone={zone} canWrite />
      </div>
    </AppShell>
  );
}
