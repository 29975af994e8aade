/** The seeker's appointments on /mon-espace: the next one first, the others to come, then the past and cancelled ones. */
import type { SpaceAppointment } from "@/server/queries/my-space";
import { formatDateTime } from "@/lib/format";
import { APPOINTMENT_PURPOSE, outcomeText, placeText } from "@/lib/seeker-texts";
import { Section } from "@/components/Section";
import Link from "next/link";
import { APPOINTMENT_REQUEST_STATUS_TEXTS, mayReportAbsence } from "@/domain";
import type { RequestView } from "@/server/queries/appointment-requests";

/** The open request (waiting for an answer) of each upcoming appointment, by appointment id. */
export type OpenRequests = ReadonlyMap<string, RequestView>;

const actionLink =
  "inline-flex min-h-12 w-full items-center justify-center rounded-md border-2 border-slate-400 bg-white px-4 py-3 text-base font-semibold text-slate-900 hover:bg-slate-100 sm:w-auto";

/** « Demander à déplacer », « Je ne pourrai pas venir » (never for a mandatory review), « Imprimer ma convocation ». */
function SeekerChoices({ appointment, open }: { appointment: SpaceAppointment; open: RequestView | undefined }) {
  const base = `/mon-espace/rendez-vous/${appointment.id}`;
  return (
    <div className="mt-2 space-y-2">
      {open ? (
        <p className="rounded-md border-l-4 border-blue-500 bg-blue-50 px-3 py-2">
          Votre demande : {APPOINTMENT_REQUEST_STATUS_TEXTS[open.status].toLowerCase()}.{" "}
          <a href="#demandes" className="text-brand-700 underline underline-offset-2">
            Voir mes demandes
          </a>
        </p>
      ) : null}
      <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
        {open?.status === "PENDING" ? null : (
          <Link href={`${base}/demande`} className={actionLink}>
            Demander à déplacer ce rendez-vous
          </Link>
        )}
        {open?.status === "PENDING" || !mayReportAbsence(appointment.kind) ? null : (
          <Link href={`${base}/demande?type=absence`} className={actionLink}>
            Je ne pourrai pas venir
          </Link>
        )}
        <Link href={`${base}/convocation`} className={actionLink}>
          Imprimer ma convocation
        </Link>
      </div>
    </div>
  );
}

export const downloadLink =
  "inline-flex min-h-12 w-full items-center justify-center rounded-md border-2 border-brand-700 bg-white px-4 py-3 text-base font-semibold text-brand-700 hover:bg-brand-50 sm:w-auto";

/** « mardi 14 avril 2026 à 13 h 30 », with the zone in words overseas. */
function when(appointment: SpaceAppointment): string {
  const text = formatDateTime(new Date(appointment.startsAt), appointment.agency.timeZone);
  return appointment.agency.zoneWords ? `${text} (${appointment.agency.zoneWords})` : text;
}

/** The same, the time kept on one line (a phone never breaks « 13 h 30 »). */
function When({ appointment }: { appointment: SpaceAppointment }) {
  const text = formatDateTime(new Date(appointment.startsAt), appointment.agency.timeZone);
  const cut = text.lastIndexOf(" à ");
  return (
    <>
      {text.slice(0, cut)} à <span className="whitespace-nowrap">{text.slice(cut + 3)}</span>
      {appointment.agency.zoneWords ? ` (${appointment.agency.zoneWords})` : null}
    </>
  );
}

function duration(appointment: SpaceAppointment): string {
  const minutes = Math.round((new Date(appointment.endsAt).getTime() - new Date(appointment.startsAt).getTime()) / 60_000);
  if (minutes % 60 === 0) return minutes === 60 ? "1 heure" : `${minutes / 60} heures`;
  return minutes > 60 ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}` : `${minutes} minutes`;
}

function withWhom(appointment: SpaceAppointment): string {
  const advisor = `${appointment.advisor.firstName} ${appointment.advisor.lastName}`;
  return appointment.socialWorker
    ? `Avec ${advisor}, votre conseiller·ère, et ${appointment.socialWorker.firstName} ${appointment.socialWorker.lastName}, travailleur·se social·e`
    : `Avec ${advisor}, votre conseiller·ère`;
}

function IcsLink({ appointment }: { appointment: SpaceAppointment }) {
  return (
    <a
      href={`/mon-espace/rendez-vous/${appointment.id}/ics`}
      download
      aria-label={`Ajouter à mon agenda : ${APPOINTMENT_PURPOSE[appointment.kind].title}, ${when(appointment)} (fichier .ics)`}
      className={downloadLink}
    >
      Ajouter à mon agenda
    </a>
  );
}

/** « Votre rendez-vous du mardi 14 avril 2026 à 13 h 30 a été déplacé au jeudi 16 avril 2026 à 14 h 00. » */
export function movedText(appointment: SpaceAppointment): string | null {
  if (appointment.movedFrom === null) return null;
  const zone = appointment.agency.timeZone;
  return `Votre rendez-vous du ${formatDateTime(new Date(appointment.movedFrom), zone)} a été déplacé au ${formatDateTime(new Date(appointment.startsAt), zone)}.`;
}

function AppointmentDetails({ appointment, large, open }: { appointment: SpaceAppointment; large?: boolean; open?: OpenRequests }) {
  const purpose = APPOINTMENT_PURPOSE[appointment.kind];
  const moved = movedText(appointment);
  return (
    <div className="space-y-2">
      {moved ? <p className="rounded-md border-l-4 border-amber-500 bg-amber-50 px-3 py-2 text-base font-medium text-amber-950">{moved}</p> : null}
      <p className={large ? "text-2xl font-bold leading-snug" : "text-lg font-bold"}>
        <When appointment={appointment} />
      </p>
      <dl className="space-y-2 text-base">
        <div>
          <dt className="font-semibold">Pour quoi ?</dt>
          <dd>
            {purpose.title}. {purpose.explanation}
          </dd>
        </div>
        <div>
          <dt className="font-semibold">Où ?</dt>
          <dd>{placeText(appointment.channel, appointment.agency)}</dd>
        </div>
        <div>
          <dt className="font-semibold">Qui ?</dt>
          <dd>{withWhom(appointment)}</dd>
        </div>
        <div>
          <dt className="font-semibold">Durée</dt>
          <dd>{duration(appointment)}</dd>
        </div>
      </dl>
      <IcsLink appointment={appointment} />
      {open ? <SeekerChoices appointment={appointment} open={open.get(appointment.id)} /> : null}
    </div>
  );
}

export function NextAppointment({ next, open }: { next: SpaceAppointment | null; open?: OpenRequests }) {
  return (
    <Section id="prochain" title="Mon prochain rendez-vous" large>
      {next ? (
        <>
          <AppointmentDetails appointment={next} large open={open} />
          <p className="mt-3 text-base">Vous ne pouvez pas venir ? Prévenez votre conseiller·ère avant le rendez-vous.</p>
        </>
      ) : (
        <p>Vous n&apos;avez pas de rendez-vous prévu pour le moment.</p>
      )}
    </Section>
  );
}

export function LaterAppointments({ later, open }: { later: SpaceAppointment[]; open?: OpenRequests }) {
  if (later.length === 0) return null;
  return (
    <Section id="a-venir" title="Mes autres rendez-vous à venir" large>
      <ul className="divide-y divide-slate-200">
        {later.map((appointment) => (
          <li key={appointment.id} className="py-3 first:pt-0 last:pb-0">
            <AppointmentDetails appointment={appointment} open={open} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

const OUTCOME_COLORS: Partial<Record<SpaceAppointment["status"], string>> = {
  DONE: "bg-green-100 text-green-900",
  NO_SHOW: "bg-red-100 text-red-900",
};

export function PastAppointments({ history }: { history: SpaceAppointment[] }) {
  return (
    <Section id="passes" title="Mes rendez-vous passés ou annulés" large>
      {history.length === 0 ? (
        <p>Pas encore de rendez-vous passé.</p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {history.map((appointment) => (
            <li key={appointment.id} className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-baseline sm:justify-between">
              <div>
                <p className="font-medium">{when(appointment)}</p>
                <p>
                  {APPOINTMENT_PURPOSE[appointment.kind].title} · {withWhom(appointment)}
                </p>
              </div>
              <p>
                <span className="sr-only">Résultat : </span>
                <span
                  className={`inline-block rounded-full px-3 py-1 text-sm font-semibold ${OUTCOME_COLORS[appointment.status] ?? "bg-slate-100 text-slate-900"}`}
                >
                  {outcomeText(appointment.status, appointment.replaced)}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
