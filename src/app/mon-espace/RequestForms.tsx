"use client";

import { acceptProposalAction } from "@/server/actions/appointment-requests";
import { primary, useSeekerAction } from "./SeekerSpaceForms";

/** The seeker accepts the slot their advisor proposed: the appointment moves there. */
export function AcceptProposal({ requestId, label }: { requestId: string; label: string }) {
  const { run, pending, feedback } = useSeekerAction();
  return (
    <div>
      <button
        type="button"
        className={primary}
        disabled={pending}
        onClick={() => run(() => acceptProposalAction({ requestId }), `C'est fait : votre rendez-vous est déplacé au ${label}.`)}
      >
        J&apos;accepte cet horaire
      </button>
      {feedback}
    </div>
  );
}
