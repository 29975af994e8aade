"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { cancelAppointmentAction, recordOutcomeAction, setWebOnlyAction } from "@/server/actions/appointments";
import type { ActionResult } from "@/server/auth/guard";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";
import { ActionNotice } from "@/components/Notice";
import { cancelButtonLabel, cancelQuestion, rescheduleButtonLabel } from "./appointment-labels";

const buttonClass = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

/** Runs an action; on success the page reloads its data and says what happened at the top (the row acted upon may have moved or gone). */
function useAction() {
  const router = useRouter();
  const { pending, run: runAction, outcome } = useServerAction();
  function run(call: () => Promise<ActionResult<unknown>>, success: string) {
    runAction(call, (result) => {
      if (!result.ok) return;
      flash(success);
      router.refresh();
    });
  }
  return { run, pending, feedback: <ActionNotice outcome={outcome} className="mt-2 text-sm" /> };
}

/** A button that runs one action of the row. */
function ActionButton({
  pending,
  onClick,
  label,
  ref,
  children,
}: {
  pending: boolean;
  onClick: () => void;
  label?: string;
  ref?: React.Ref<HTMLButtonElement>;
  children: React.ReactNode;
}) {
  return (
    <button ref={ref} type="button" disabled={pending} aria-label={label} className={buttonClass} onClick={onClick}>
      {children}
    </button>
  );
}

/** The outcomes an advisor records for an appointment that has started, and what the page then says. */
const OUTCOME_BUTTONS = [
  { outcome: "DONE", label: "Honoré", success: "Rendez-vous noté comme honoré." },
  { outcome: "NO_SHOW", label: "Absent·e", success: "Absence enregistrée." },
  { outcome: "EXCUSED", label: "Excusé·e", success: "Absence excusée enregistrée." },
] as const;

/**
 * « Annuler » asks first, inline under the appointment: « Confirmer l'annulation du rendez-vous du … ? » with a button
 * that cancels and one that keeps it (Échap keeps it too). The focus moves to the question's first button, and back to
 * « Annuler » when the appointment is kept.
 */
function CancelButton({
  appointmentId,
  label,
  pending,
  run,
}: {
  appointmentId: string;
  label: string;
  pending: boolean;
  run: ReturnType<typeof useAction>["run"];
}) {
  const [asking, setAsking] = useState(false);
  const [returnFocus, setReturnFocus] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const questionId = `annuler-${appointmentId}`;
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (returnFocus) cancelRef.current?.focus();
  }, [asking, returnFocus]);
  if (!asking) {
    return (
      <ActionButton
        ref={cancelRef}
        pending={pending}
        label={cancelButtonLabel(label)}
        onClick={() => {
          setReturnFocus(false);
          setAsking(true);
        }}
      >
        Annuler
      </ActionButton>
    );
  }
  return (
    <div
      role="group"
      aria-labelledby={questionId}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        setReturnFocus(true);
        setAsking(false);
      }}
      className="flex basis-full flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-2"
    >
      <p id={questionId} className="basis-full">
        {cancelQuestion(label)}
      </p>
      <ActionButton
        ref={confirmRef}
        pending={pending}
        onClick={() => {
          setAsking(false);
          run(() => cancelAppointmentAction({ appointmentId }), "Rendez-vous annulé.");
        }}
      >
        Oui, annuler le rendez-vous
      </ActionButton>
      <ActionButton
        pending={pending}
        onClick={() => {
          setReturnFocus(true);
          setAsking(false);
        }}
      >
        Non, le garder
      </ActionButton>
    </div>
  );
}

/**
 * Outcome buttons for an appointment that has started, or cancel / reschedule for a future one. « Reporter » opens
 * the choice of free slots under the appointment (`rescheduleHref`); `label` names the appointment (date and kind)
 * for screen readers, in « Reporter », « Annuler » and the question before cancelling.
 */
export function AppointmentActions({
  appointmentId,
  started,
  rescheduleHref,
  label,
}: {
  appointmentId: string;
  started: boolean;
  rescheduleHref: string;
  label: string;
}) {
  const { run, pending, feedback } = useAction();
  return (
    <div>
      <div className="flex flex-wrap gap-2">
        {started ? (
          OUTCOME_BUTTONS.map(({ outcome, label, success }) => (
            <ActionButton key={outcome} pending={pending} onClick={() => run(() => recordOutcomeAction({ appointmentId, outcome }), success)}>
              {label}
            </ActionButton>
          ))
        ) : (
          <>
            <Link href={rescheduleHref} aria-label={rescheduleButtonLabel(label)} className={`${buttonClass} inline-flex items-center`}>
              Reporter
            </Link>
            <CancelButton appointmentId={appointmentId} label={label} pending={pending} run={run} />
          </>
        )}
      </div>
      {feedback}
    </div>
  );
}

/** Switches 100 % web on or off for an eligible seeker. */
export function WebOnlyToggle({ seekerId, webOnly }: { seekerId: string; webOnly: boolean }) {
  const { run, pending, feedback } = useAction();
  return (
    <div>
      <ActionButton
        pending={pending}
        onClick={() => run(() => setWebOnlyAction({ seekerId, webOnly: !webOnly }), webOnly ? "Suivi 100 % web désactivé." : "Suivi 100 % web activé.")}
      >
        {webOnly ? "Désactiver le suivi 100 % web" : "Activer le suivi 100 % web"}
      </ActionButton>
      {feedback}
    </div>
  );
}
