import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { journaledRead } from "@/server/audit";
import { barrierView, seekerFile } from "@/server/queries/seeker-file";
import { inTandem, localDateOf, SEVERITY_LABELS } from "@/domain";
import { APPOINTMENT_KIND_LABELS } from "@/lib/labels";
import { AppShell } from "@/components/AppShell";
import { LifeCycleActions } from "@/components/seeker-file/LifeCycleActions";
import { LifeHistorySection } from "@/components/seeker-file/life-history";
import { transferTargets } from "@/server/queries/transfer-targets";
import { Section } from "@/components/Section";
import { RequestList } from "@/app/conseiller/demandes/RequestList";
import {
  AppointmentSections,
  DiagnosticsSection,
  fileDateTime,
  IdentitySection,
  ModalityHistorySection,
  ModalitySection,
  ReviewsSection,
} from "@/components/seeker-file/sections";
import { parseIdParam } from "@/lib/route-params";
import { bookingChoices, rescheduleChoices } from "@/server/queries/slot-choices";
import { AppointmentActions, WebOnlyToggle } from "./AppointmentActions";
import { RescheduleForm } from "./RescheduleForm";
import { bookHref, rescheduleHref } from "./reschedule-href";
import { BookForm } from "./BookForm";
import { ContactCorrection } from "./ContactCorrection";
import { seekerMessages } from "@/server/queries/messages";
import { ContactStateSection, MessagesSection } from "@/components/seeker-file/MessagesSection";
import { appointmentLabel } from "./appointment-labels";
import { advisorTandemView } from "@/server/queries/tandem";
import { TandemNotesSection } from "@/components/tandem/TandemNotes";
import { socialReviewPhrase } from "@/lib/social-review";
import { seekerOrientation } from "@/server/queries/orientation-2025";
import { seekerJointDiagnostic } from "@/server/queries/joint-diagnostics";
import { JointDiagnosticSection } from "@/components/joint-diagnostic/JointDiagnosticSection";
import { OrientationPanel } from "@/components/seeker-file/OrientationPanel";
import { ContractSection } from "@/components/seeker-file/ContractSection";
import { BreachesSection } from "@/components/seeker-file/BreachesSection";
import { hasPermission } from "@/server/auth/policy";

export const metadata: Metadata = { title: "Dossier du demandeur d'emploi" };

type SearchParams = { reporter?: string | string[]; prendre?: string | string[]; accord?: string | string[]; apres?: string | string[] };
const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function SeekerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("caseload:read");
  const { id } = await params;
  const query = await searchParams;
  const now = new Date();
  const seekerId = parseIdParam(id);
  const file = await journaledRead(
    () => seekerFile(actor, seekerId, { now }),
    (shown) => barrierView(actor, shown),
  );
  if (!file) notFound();
  const { seeker, agency } = file;
  const messages = await seekerMessages(actor, seeker.id);
  // The GLOBAL tandem's notes and social review (docs/rules.md#the-tandem-file): the advisor in charge, open tandem only.
  const tandem = await advisorTandemView(actor, seeker.id, { now });
  // The 2025 orientation (docs/rules.md#orientation-2025): its state, and the département's decision to record.
  const orientation = await seekerOrientation(actor, seeker.id, { now });
  const jointDiagnostic = await seekerJointDiagnostic(actor, seeker.id, now);
  const agencies = seeker.status === "CLOSED" ? [] : await transferTargets(actor, agency.id);
  // « Reporter »: the free slots the chosen appointment may move to (docs/rules.md#moving-an-appointment).
  const moving = single(query.reporter);
  const agreed = single(query.accord) === "1";
  const after = single(query.apres);
  const choices = moving && file.inCharge ? await rescheduleChoices(actor, seeker.id, moving, { now, seekerAgreed: agreed, after }) : null;
  // « Prendre un rendez-vous »: a follow-up, or in global a joint meeting, in one of the same free slots.
  const bookingKind = single(query.prendre);
  const booking =
    file.inCharge && (bookingKind === "FOLLOW_UP" || bookingKind === "JOINT_GLOBAL")
      ? await bookingChoices(actor, seeker.id, bookingKind, { now, seekerAgreed: agreed, after })
      : null;
  const zone = agency.timeZone;
  const at = (iso: string) => fileDateTime(file, iso);

  return (
    <AppShell actor={actor} title={`${seeker.firstName} ${seeker.lastName}`}>
      <div className="grid gap-4 lg:grid-cols-2">
        <IdentitySection seeker={seeker} />

        <ModalitySection file={file}>
          <div className="mt-3 flex flex-wrap gap-2">
            {file.inCharge || seeker.status === "AWAITING_DIAGNOSTIC" ? (
              <Link
                href={`/conseiller/diagnostic/${seeker.id}`}
                className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-900"
              >
                {seeker.status === "AWAITING_DIAGNOSTIC" ? "Faire le diagnostic" : "Refaire le diagnostic"}
              </Link>
            ) : null}
            {file.inCharge ? (
              <Link
                href={`/conseiller/messages/${seeker.id}`}
                className="inline-flex min-h-11 items-center rounded-md border border-brand-700 px-3 py-2 text-sm font-semibold text-brand-700 hover:bg-brand-50"
              >
                Messages
              </Link>
            ) : null}
            {file.webOnlyEligible ? <WebOnlyToggle seekerId={seeker.id} webOnly={seeker.webOnly} /> : null}
          </div>
        </ModalitySection>

        <ReviewsSection file={file} />
        <JointDiagnosticSection diagnostic={jointDiagnostic} canPlan={file.inCharge} />

        <OrientationPanel
          orientation={orientation}
          seekerId={seeker.id}
          today={localDateOf(now.toISOString(), agency.timeZone)}
          mayRecordDecision={hasPermission(actor, "orientation:departement-decision")}
        />

        <ContractSection actor={actor} seekerId={seeker.id} now={now} />

        <BreachesSection actor={actor} seekerId={seeker.id} now={now} />
        <LifeHistorySection file={file}>
          <LifeCycleActions
            seekerId={seeker.id}
            closed={seeker.status === "CLOSED"}
            today={localDateOf(now.toISOString(), agency.timeZone)}
            agencies={agencies}
            afterTransfer="/conseiller"
          />
        </LifeHistorySection>

        {messages ? (
          <ContactStateSection data={messages}>
            {file.inCharge ? <ContactCorrection seekerId={seeker.id} email={messages.contact.email} phone={messages.contact.phone} /> : null}
          </ContactStateSection>
        ) : null}

        {file.barriers ? (
          <Section id="freins" title="Freins périphériques (dernier diagnostic)">
            {file.barriers.items.length ? (
              <ul className="text-sm">
                {file.barriers.items.map((item) => (
                  <li key={item.barrier}>
                    {item.label} : {SEVERITY_LABELS[item.severity].toLowerCase()}
                    {item.specialCategory ? " (donnée de santé, confidentielle)" : ""}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm">Aucun frein déclaré.</p>
            )}
          </Section>
        ) : null}
      </div>

      <div className="mt-4 space-y-4">
        {tandem ? (
          <>
            <p className="text-sm">
              Bilan des freins sociaux (6 mois) : <strong>{tandem.socialReview ? socialReviewPhrase(tandem.socialReview) : "pas de diagnostic"}</strong>
            </p>
            <TandemNotesSection seekerId={seeker.id} notes={tandem.notes} timeZone={tandem.timeZone} canWrite />
          </>
        ) : null}
        {file.inCharge ? (
          <Section id="prendre-rdv" title="Prendre un rendez-vous">
            <div className="flex flex-wrap gap-2">
              <Link
                href={bookHref(seeker.id, "FOLLOW_UP", false)}
                className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100"
              >
                Entretien de suivi
              </Link>
              {inTandem(seeker.modality) ? (
                <Link
                  href={bookHref(seeker.id, "JOINT_GLOBAL", false)}
                  className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100"
                >
                  Entretien tripartite avec le travailleur social
                </Link>
              ) : null}
            </div>
            {booking ? (
              <BookForm key={`${booking.kind}-${after ?? ""}-${agreed}`} seekerId={seeker.id} choices={booking} timeZone={zone} after={after} />
            ) : null}
            {bookingKind === "JOINT_GLOBAL" && !booking ? (
              <p className="mt-2 text-sm">Ce rendez-vous ne peut pas être pris pour cette personne (pas de travailleur social en tandem).</p>
            ) : null}
          </Section>
        ) : null}
        {file.inCharge ? (
          <Section id="demandes" title="Demandes de la personne sur ses rendez-vous">
            <RequestList actor={actor} seekerId={seeker.id} now={now} />
          </Section>
        ) : null}
        <AppointmentSections
          file={file}
          actions={(a, started) => (
            <>
              {file.inCharge && a.status === "SCHEDULED" ? (
                <AppointmentActions
                  appointmentId={a.id}
                  started={started}
                  rescheduleHref={rescheduleHref(seeker.id, a.id, false)}
                  label={appointmentLabel(at(a.startsAt), APPOINTMENT_KIND_LABELS[a.kind])}
                />
              ) : null}
              {choices && choices.appointmentId === a.id ? (
                <RescheduleForm key={`${a.id}-${after ?? ""}-${agreed}`} seekerId={seeker.id} choices={choices} timeZone={zone} after={after} />
              ) : null}
            </>
          )}
        />

        {messages ? <MessagesSection data={messages} /> : null}

        <ModalityHistorySection file={file} />

        <DiagnosticsSection file={file} />
      </div>
    </AppShell>
  );
}
