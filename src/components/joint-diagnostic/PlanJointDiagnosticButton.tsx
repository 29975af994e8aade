"use client";

/**
 * « Planifier » one seeker's joint diagnostic (issue 20): books it as the reviews are booked — the first free slot of a
 * working day on or before the due date — then refreshes the page with a flash; a refusal is read out in place.
 */
import { useRouter } from "next/navigation";
import { bookJointDiagnosticsAction } from "@/server/actions/reviews";
import { flash } from "@/components/Flash";
import { ActionNotice } from "@/components/Notice";
import { useServerAction } from "@/components/useServerAction";

export function PlanJointDiagnosticButton({ agencyId, seekerId, name }: { agencyId: string; seekerId: string; name: string }) {
  const router = useRouter();
  const { pending, run, outcome } = useServerAction();
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        className="min-h-11 rounded-md border border-brand-700 px-3 py-2 text-sm font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
        onClick={() =>
          run(
            () => bookJointDiagnosticsAction({ agencyId, seekerId }),
            (result) => {
              if (!result.ok) return;
              flash(
                result.data.overdue > 0
                  ? `Diagnostic conjoint de ${name} planifié, après sa date limite (aucun créneau libre avant).`
                  : `Diagnostic conjoint de ${name} planifié.`,
              );
              router.refresh();
            },
          )
        }
      >
        {pending ? "Planification…" : "Planifier"}
        <span className="sr-only"> le diagnostic conjoint de {name}</span>
      </button>
      <ActionNotice outcome={outcome} className="mt-2 text-sm" />
    </div>
  );
}
