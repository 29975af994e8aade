"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { cancelAppointmentAction, recordOutcomeAction, rescheduleAppointmentAction, setWebOnlyAction } from "@/server/actions/appointments";
import type { ActionResult } from "@/server/auth/guard";
import { flash } from "@/components/Flash";
import { useServerAction } from "@/components/useServerAction";

const buttonClass = "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

function useAction() {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string } | null>(null);
  const { pending, run: runAction } = useServerAction();
  function run(call: () => Promise<ActionResult<unknown>>, success: string) {
    runAction(call, (result) => {
      if (!result.ok) {
        setMessage({ text: result.error });
        return;
      }
      // The page reloads its data and says what happened at the top: the row acted upon may have moved or gone.
      setMessage(null);
      flash(success);
      router.refresh();
    });
  }
  const feedback = message ? (
    <p role="alert" className="mt-2 text-sm text-red-800">
      {message.text}
    </p>
  ) : null;
  return { run, pending, feedback };
}

/** Outcome buttons for an appointment that has started, or cancel / reschedule for a future one. */
export function AppointmentActions({ appointmentId, started }: { appointmentId: string; started: boolean }) {
  const { run, pending, feedback } = useAction();
  return (
    <div>
      <div className="flex flex-wrap gap-2">
        {started ? (
          <>
            <button type="button" disabled={pending} className={buttonClass} onClick={() => run(() => recordOutcomeAction({ appointmentId, outcome: "DONE" }), "Rendez-vous noté comme honoré.")}>
              Honoré
            </button>
            <button type="button" disabled={pending} className={buttonClass} onClick={() => run(() => recordOutcomeAction({ appointmentId, outcome: "NO_SHOW" }), "Absence enregistrée.")}>
              Absent·e
            </button>
            <button type="button" disabled={pending} className={buttonClass} onClick={() => run(() => recordOutcomeAction({ appointmentId, outcome: "EXCUSED" }), "Absence excusée enregistrée.")}>
              Excusé·e
            </button>
          </>
        ) : (
          <>
            <button type="button" disabled={pending} className={buttonClass} onClick={() => run(() => rescheduleAppointmentAction({ appointmentId }), "Rendez-vous déplacé au premier créneau libre.")}>
              Reporter
            </button>
            <button type="button" disabled={pending} className={buttonClass} onClick={() => run(() => cancelAppointmentAction({ appointmentId }), "Rendez-vous annulé.")}>
              Annuler
            </button>
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
      <button
        type="button"
        disabled={pending}
        className={buttonClass}
        onClick={() => run(() => setWebOnlyAction({ seekerId, webOnly: !webOnly }), webOnly ? "Suivi 100 % web désactivé." : "Suivi 100 % web activé.")}
      >
        {webOnly ? "Désactiver le suivi 100 % web" : "Activer le suivi 100 % web"}
      </button>
      {feedback}
    </div>
  );
}
