/** The seeker's requests on their appointments, on /mon-espace (docs/rules.md#seekers-requests-on-appointments). */
import Link from "next/link";
import { APPOINTMENT_REQUEST_KIND_LABELS, APPOINTMENT_REQUEST_STATUS_TEXTS } from "@/domain";
import type { RequestView } from "@/server/queries/appointment-requests";
import { formatDateTime } from "@/lib/format";
import { APPOINTMENT_PURPOSE } from "@/lib/seeker-texts";
import { Section } from "@/components/Section";
import { AcceptProposal } from "./RequestForms";

const at = (request: RequestView, instant: string) =>
  `${formatDateTime(new Date(instant), request.timeZone)}${request.zoneWords ? ` (${request.zoneWords})` : ""}`;

const STATUS_COLORS: Partial<Record<RequestView["status"], string>> = {
  PENDING: "bg-blue-100 text-blue-900",
  PROPOSED: "bg-amber-100 text-amber-950",
  ACCEPTED: "bg-green-100 text-green-900",
  ACKNOWLEDGED: "bg-green-100 text-green-900",
  DECLINED: "bg-red-100 text-red-900",
};

export function RequestsSection({ requests }: { requests: RequestView[] }) {
  return (
    <Section id="demandes" title="Mes demandes" large>
      {requests.length === 0 ? (
        <p>Vous n&apos;avez fait aucune demande. Pour changer un rendez-vous, utilisez les boutons sous ce rendez-vous.</p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {requests.map((request) => (
            <li key={request.id} className="space-y-1 py-3 first:pt-0 last:pb-0">
              <p className="font-semibold">
                {APPOINTMENT_REQUEST_KIND_LABELS[request.kind]} : {APPOINTMENT_PURPOSE[request.appointment.kind].title.toLowerCase()} du{" "}
                {at(request, request.appointment.startsAt)}
              </p>
              <p>
                <span className="sr-only">État : </span>
                <span className={`inline-block rounded-full px-3 py-1 text-sm font-semibold ${STATUS_COLORS[request.status] ?? "bg-slate-100 text-slate-900"}`}>
                  {APPOINTMENT_REQUEST_STATUS_TEXTS[request.status]}
                </span>
              </p>
              {request.kind === "MOVE" && request.status === "PENDING" ? (
                <p className="text-base">Horaires choisis : {request.preferredSlots.map((slot) => at(request, slot)).join(" ; ")}.</p>
              ) : null}
              {request.status === "DECLINED" && request.answerNote ? <p>Réponse : « {request.answerNote} »</p> : null}
              {request.status === "DECLINED" ? <p>Votre rendez-vous ne change pas.</p> : null}
              {request.status === "PROPOSED" && request.proposedStartsAt ? (
                <div className="space-y-2">
                  <p>
                    Nouvel horaire proposé : <strong>{at(request, request.proposedStartsAt)}</strong>.
                  </p>
                  <AcceptProposal requestId={request.id} label={at(request, request.proposedStartsAt)} />
                  <Link
                    href={`/mon-espace/rendez-vous/${request.appointment.id}/demande`}
                    className="inline-block py-2 text-brand-700 underline underline-offset-2"
                  >
                    Cet horaire ne me va pas : demander un autre horaire
                  </Link>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
