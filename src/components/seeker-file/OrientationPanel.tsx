import type { SeekerOrientation } from "@/server/queries/orientation-2025";
import { DepartementDecisionForm } from "./DepartementDecisionForm";
import { OrientationSection } from "./OrientationSection";

/**
 * The seeker file's 2025 orientation (advisor's and manager's files): its state and, on a proposal waiting for the
 * département, the form recording its decision for those who may.
 */
export function OrientationPanel({
  orientation,
  seekerId,
  today,
  mayRecordDecision,
}: {
  orientation: SeekerOrientation | null;
  seekerId: string;
  today: string;
  mayRecordDecision: boolean;
}) {
  const pending = orientation?.latest?.state.kind === "PENDING_DEPARTEMENT" && mayRecordDecision ? orientation.latest : null;
  return (
    <OrientationSection orientation={orientation}>
      {pending ? (
        <DepartementDecisionForm seekerId={seekerId} proposed={{ parcours: pending.advised.parcours, referent: pending.advised.referent }} today={today} />
      ) : null}
    </OrientationSection>
  );
}
