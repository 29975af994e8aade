/**
 * The seeker file's joint diagnostic (issue 20): shown only when it applies (an RSA recipient in the social parcours
 * with a signed contract) — the due date from the contract's latest signature, the state, the appointment, and
 * « Planifier » for the advisor in charge or the manager when nothing is booked.
 */
import { JOINT_DIAGNOSTIC_STATE_LABELS } from "@/domain";
import { formatLongDate, formatShortDate, formatShortDateTime } from "@/lib/format";
import type { seekerJointDiagnostic } from "@/server/queries/joint-diagnostics";
import { Section } from "@/components/Section";
import { PlanJointDiagnosticButton } from "./PlanJointDiagnosticButton";

export function JointDiagnosticSection({ diagnostic, canPlan }: { diagnostic: Awaited<ReturnType<typeof seekerJointDiagnostic>>; canPlan: boolean }) {
  if (!diagnostic || diagnostic.state === "NOT_DUE" || !diagnostic.window) return null;
  const { window, timeZone } = diagnostic;
  return (
    <Section id="diagnostic-conjoint" title="Diagnostic conjoint avec le département">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">Contrat signé ou révisé le</dt>
        <dd>{formatShortDate(new Date(window.from))}</dd>
        <dt className="font-medium">À faire au plus tard le</dt>
        <dd>{formatLongDate(new Date(`${window.to}T12:00:00Z`), timeZone)}</dd>
        <dt className="font-medium">État</dt>
        <dd>{JOINT_DIAGNOSTIC_STATE_LABELS[diagnostic.state]}</dd>
        <dt className="font-medium">Rendez-vous</dt>
        <dd>{diagnostic.bookedAt ? formatShortDateTime(diagnostic.bookedAt, timeZone) : diagnostic.state === "DONE" ? "Tenu" : "Aucun"}</dd>
      </dl>
      {canPlan && diagnostic.bookedAt === null && diagnostic.state !== "DONE" ? (
        <div className="mt-3">
          <PlanJointDiagnosticButton agencyId={diagnostic.agencyId} seekerId={diagnostic.seekerId} name={`${diagnostic.firstName} ${diagnostic.lastName}`} />
        </div>
      ) : null}
    </Section>
  );
}
