/**
 * The pending requests of the advisor's own seekers on their appointments, oldest first, each with its one-click
 * answers (docs/rules.md#seekers-requests-on-appointments). A server component taking the actor, mounted on
 * /conseiller/demandes, on the seeker's file (`seekerId`) and wherever else the advisor works.
 */
import Link from "next/link";
import type { Actor } from "@/server/auth/policy";
import { pendingRequests, type RequestView } from "@/server/queries/appointment-requests";
import { rescheduleChoices } from "@/server/queries/slot-choices";
import { APPOINTMENT_KIND_LABELS, APPOINTMENT_REQUEST_KIND_LABELS } from "@/domain";
import { formatDateTime } from "@/lib/format";
import { RequestAnswers, type SlotOption } from "./RequestAnswers";

/** At most this many requests get their answers computed on one page (each reads the advisor's free slots). */
const SHOWN = 30;

const at = (request: RequestView, instant: string) =>
  `${formatDateTime(new Date(instant), request.timeZone)}${request.zoneWords ? ` (${request.zoneWords})` : ""}`;

export async function RequestList({ actor, seekerId, now = new Date() }: { actor: Actor; seekerId?: string; now?: Date }) {
  const requests = await pendingRequests(actor, { now, seekerId });
  if (requests.length === 0) {
    return <p className="text-sm">{seekerId ? "Aucune demande en attente de cette personne." : "Aucune demande en attente."}</p>;
  }
  const shown = requests.slice(0, SHOWN);
  const others = await Promise.all(
    shown.map(async (request) =>
      request.kind === "MOVE" ? ((await rescheduleChoices(actor, request.seeker.id, request.appointment.id, { now }))?.slots ?? []) : [],
    ),
  );
  return (
    <>
      <ul className="divide-y divide-slate-200">
        {shown.map((request, index) => {
          const who = `${request.seeker.firstName} ${request.seeker.lastName}`;
          const preferred: SlotOption[] = request.preferredSlots.map((slot) => ({ startsAt: slot, label: at(request, slot) }));
          const chosen = new Set(request.preferredSlots);
          const free: SlotOption[] = (others[index] ?? [])
            .filter((slot) => !chosen.has(slot.startsAt))
            .map((slot) => ({ startsAt: slot.startsAt, label: at(request, slot.startsAt) }));
          return (
            <li key={request.id} className="py-3 first:pt-0 last:pb-0" aria-labelledby={`demande-${request.id}`}>
              <h3 id={`demande-${request.id}`} className="font-semibold">
                {APPOINTMENT_REQUEST_KIND_LABELS[request.kind]} —{" "}
                {seekerId ? (
                  who
                ) : (
                  <Link href={`/conseiller/demandeurs/${request.seeker.id}`} className="text-brand-700 underline">
                    {who}
                  </Link>
                )}
              </h3>
              <p className="text-sm">
                {APPOINTMENT_KIND_LABELS[request.appointment.kind]} du {at(request, request.appointment.startsAt)} · demandé le{" "}
                {formatDateTime(new Date(request.createdAt), request.timeZone)}
              </p>
              <p className="mt-1 text-sm">
                <span className="font-medium">Raison :</span> « {request.reason} »
              </p>
              <RequestAnswers requestId={request.id} kind={request.kind} who={who} preferred={preferred} others={free} />
            </li>
          );
        })}
      </ul>
      {requests.length > SHOWN ? <p className="mt-2 text-sm">Et {requests.length - SHOWN} autres : répondez d&apos;abord aux plus anciennes.</p> : null}
    </>
  );
}
