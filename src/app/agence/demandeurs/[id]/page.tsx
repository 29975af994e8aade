import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { seekerFile } from "@/server/queries/seeker-file";
import { AppShell } from "@/components/AppShell";
import { LifeCycleActions } from "@/components/seeker-file/LifeCycleActions";
import { LifeHistorySection } from "@/components/seeker-file/life-history";
import { transferTargets } from "@/server/queries/transfer-targets";
import { localDateOf } from "@/domain";
import {
  AppointmentSections,
  DiagnosticsSection,
  IdentitySection,
  ModalityHistorySection,
  ModalitySection,
  ReviewsSection,
} from "@/components/seeker-file/sections";
import { parseIdParam } from "@/lib/route-params";
import { BackLink, dashboardHref } from "@/app/agence/list-parts";
import { seekerMessages } from "@/server/queries/messages";
import { ContactStateSection, MessagesSection } from "@/components/seeker-file/MessagesSection";
import { seekerOrientation } from "@/server/queries/orientation-2025";
import { seekerJointDiagnostic } from "@/server/queries/joint-diagnostics";
import { JointDiagnosticSection } from "@/components/joint-diagnostic/JointDiagnosticSection";
import { OrientationPanel } from "@/components/seeker-file/OrientationPanel";
import { ContractSection } from "@/components/seeker-file/ContractSection";
import { BreachesSection } from "@/components/seeker-file/BreachesSection";
import { hasPermission } from "@/server/auth/policy";

export const metadata: Metadata = { title: "Dossier du demandeur d'emploi" };

/**
 * The manager's (or administrator's) read-only file of a seeker of their agency, where the rows of the agency's
 * tables lead: identity, modality and portfolio, reviews, appointments, messages and their status, modality history,
 * diagnostics, the 2025 orientation (and the département's decision to record), and the file's life (close, reopen,
 * transfer). No barrier,
 * no reason of a proposal (they name barriers): `seekerFile` gives them to the advisor in charge only. No action:
 * the advisor in charge acts on the appointments. Out of scope or unknown: the 404 page.
 */
export default async function AgencySeekerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("agency:read");
  const { id } = await params;
  const file = await seekerFile(actor, parseIdParam(id));
  if (!file) notFound();
  const { seeker, agency, portfolio } = file;
  const messages = await seekerMessages(actor, seeker.id);
  const agencies = seeker.status === "CLOSED" ? [] : await transferTargets(actor, agency.id);
  const now = new Date();
  // The 2025 orientation: its state; the manager records the département's decision on a pending proposal.
  const orientation = await seekerOrientation(actor, seeker.id, { now });
  const jointDiagnostic = await seekerJointDiagnostic(actor, seeker.id, now);

  return (
    <AppShell actor={actor} title={`${seeker.firstName} ${seeker.lastName}`}>
      <BackLink href={dashboardHref(actor, agency.id)} label={`Retour à l'agence ${agency.name}`} />
      <p className="mb-4 text-sm text-slate-700">
        Les rendez-vous sont pris, déplacés et renseignés par le conseiller ou la conseillère du portefeuille ; la direction peut clore, rouvrir ou transférer
        le dossier.
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <IdentitySection seeker={seeker} />
        <ModalitySection file={file} portfolioHref={portfolio ? `/agence/portefeuilles/${portfolio.id}` : undefined} />
        <ReviewsSection file={file} />
        <JointDiagnosticSection diagnostic={jointDiagnostic} canPlan={hasPermission(actor, "joint-diagnostic:book")} />
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
            afterTransfer={dashboardHref(actor, agency.id)}
          />
        </LifeHistorySection>
        {messages ? <ContactStateSection data={messages} /> : null}
      </div>
      <div className="mt-4 space-y-4">
        <AppointmentSections file={file} />
        {messages ? <MessagesSection data={messages} /> : null}
        <ModalityHistorySection file={file} />
        <DiagnosticsSection file={file} />
      </div>
    </AppShell>
  );
}
