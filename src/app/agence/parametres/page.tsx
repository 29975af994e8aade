import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/AppShell";
import { Section } from "@/components/Section";
import { requirePageActor } from "@/server/auth/session";
import { agencySettings, configurableAgencies } from "@/server/queries/agency-settings";
import { CapsForm } from "./CapsForm";
import { DeadlineForm } from "./DeadlineForm";
import { HoursForm } from "./HoursForm";
import { NoticeForm } from "./NoticeForm";
import { OfferForm } from "./OfferForm";
import { TransitionCard } from "@/app/agence/TransitionCard";
import { MessageReplyForm } from "./MessageReplyForm";
import { PartnershipForm } from "./PartnershipForm";
import { RemindersForm } from "./RemindersForm";
import { RetentionForm } from "./RetentionForm";
import { optionalIdParam } from "@/lib/route-params";
import { SocialWorkers } from "./SocialWorkers";

export const metadata: Metadata = { title: "Paramètres de l'agence" };

const TITLE = "Paramètres de l'agence";

export default async function AgencySettingsPage({ searchParams }: { searchParams: Promise<{ agence?: string | string[] }> }) {
  const actor = await requirePageActor("agency:configure");
  const requested = optionalIdParam((await searchParams).agence);
  const agencies = actor.role === "ADMIN" ? await configurableAgencies(actor) : [];
  const agencyId = requested ?? actor.agencyId ?? agencies[0]?.id;
  if (!agencyId) {
    return (
      <AppShell actor={actor} title={TITLE}>
        <p>Aucune agence accessible.</p>
      </AppShell>
    );
  }
  // Another agency than one's own (for a manager), or an unknown one: not found, without saying which exists.
  const view = await agencySettings(actor, agencyId);
  if (!view) notFound();
  const { agency } = view;
  const agencyQuery = actor.role === "ADMIN" ? `?agence=${agency.id}` : "";

  return (
    <AppShell actor={actor} title={TITLE}>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <p>
          Agence <span className="font-medium">{agency.name}</span> <span className="text-slate-600">({agency.code})</span>
        </p>
        <Link href={`/agence${agencyQuery}`} className="inline-flex min-h-11 items-center text-brand-700 underline">
          Retour au tableau de bord de l&apos;agence
        </Link>
      </div>
      {agencies.length > 1 ? (
        <nav aria-label="Choisir l'agence" className="mb-4">
          <ul className="flex flex-wrap gap-2 text-sm">
            {agencies.map((a) => (
              <li key={a.id}>
                <Link
                  href={`/agence/parametres?agence=${a.id}`}
                  aria-current={a.id === agency.id ? "page" : undefined}
                  className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-3 aria-[current=page]:border-brand-700 aria-[current=page]:bg-brand-50"
                >
                  {a.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p className="mb-4 text-sm text-slate-700">
        Chaque section s&apos;enregistre séparément. Toute modification est tracée dans le journal de l&apos;agence.
      </p>
      <div className="grid gap-4">
        <Section id="titre-plafonds" title="Plafonds des portefeuilles">
          <CapsForm key={`caps-${agency.id}-${agency.offer}`} agencyId={agency.id} caps={view.caps} />
        </Section>
        <div className="grid gap-4 lg:grid-cols-2">
          <Section id="titre-horaires" title="Horaires des rendez-vous">
            <HoursForm
              key={`hours-${agency.id}`}
              agencyId={agency.id}
              hours={{
                appointmentStart: agency.appointmentStart,
                appointmentEnd: agency.appointmentEnd,
                slotMinutes: agency.slotMinutes,
                initialInterviewMinutes: agency.initialInterviewMinutes,
              }}
            />
          </Section>
          <Section id="titre-delai" title="Délai du premier entretien">
            <DeadlineForm key={`deadline-${agency.id}`} agencyId={agency.id} days={agency.firstInterviewDeadlineDays} />
          </Section>
          <Section id="titre-prevenance" title="Délai de prévenance">
            <NoticeForm key={`notice-${agency.id}`} agencyId={agency.id} days={agency.minNoticeDays} />
          </Section>
          <Section id="titre-delai-messages" title="Délai de réponse aux messages">
            <MessageReplyForm key={`messages-${agency.id}`} agencyId={agency.id} days={agency.messageReplyWorkingDays} />
          </Section>
          <Section id="titre-rappels" title="Rappels avant les rendez-vous">
            <RemindersForm
              key={`reminders-${agency.id}`}
              agencyId={agency.id}
              days={agency.reminderDaysBefore}
              byEmail={agency.reminderByEmail}
              bySms={agency.reminderBySms}
            />
          </Section>
          <Section id="titre-conservation" title="Conservation des dossiers clos">
            <RetentionForm key={`retention-${agency.id}`} agencyId={agency.id} months={agency.closedFileRetentionMonths} />
          </Section>
        </div>
        <Section id="titre-offre" title="Offre de suivi">
          <OfferForm
            key={`offer-${agency.id}-${agency.offer}`}
            agencyId={agency.id}
            offer={agency.offer}
            followedSeekers={view.offer.followedSeekers}
            orientations={view.offer.orientations}
            transitionDeadline={view.offer.transitionDeadline}
          />
          {view.offer.transition ? (
            <div className="mt-4 border-t border-slate-200 pt-3">
              <TransitionCard summary={view.offer.transition} listHref={`/agence/transition${agencyQuery}`} />
            </div>
          ) : null}
        </Section>
        <Section id="titre-global" title="Accompagnement global">
          <PartnershipForm key={`global-${agency.id}`} agencyId={agency.id} enabled={agency.globalPartnership} globalSeekers={view.globalSeekers} />
        </Section>
        <Section id="titre-travailleurs-sociaux" title="Travailleurs sociaux du département">
          <SocialWorkers key={`workers-${agency.id}`} agencyId={agency.id} workers={view.socialWorkers} />
        </Section>
      </div>
    </AppShell>
  );
}
