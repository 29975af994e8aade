import type { Metadata } from "next";
import { headers } from "next/headers";
import { requirePageActor } from "@/server/auth/session";
import { mySpace, type SpaceAppointment, type SpaceReview } from "@/server/queries/my-space";
import { env } from "@/env";
import { formatDateTime, formatLongDate } from "@/lib/format";
import { APPOINTMENT_PURPOSE, formatCalendarDate, outcomeText, placeText, WEB_ONLY_TEXTS } from "@/lib/seeker-texts";
import { AppShell } from "@/components/AppShell";
import { CalendarFeedPanel, WebOnlyChoice } from "./SeekerSpaceForms";

export const metadata: Metadata = { title: "Mon espace" };
export const dynamic = "force-dynamic";

const downloadLink =
  "inline-flex min-h-12 w-full items-center justify-center rounded-md border-2 border-brand-700 bg-white px-4 py-3 text-base font-semibold text-brand-700 hover:bg-brand-50 sm:w-auto";

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id={id} className="mb-3 text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

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

function AppointmentDetails({ appointment, large }: { appointment: SpaceAppointment; large?: boolean }) {
  const purpose = APPOINTMENT_PURPOSE[appointment.kind];
  return (
    <div className="space-y-2">
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
    </div>
  );
}

function reviewSentence(review: SpaceReview, timeZone: string, zoneWords: string | null): string {
  const planned = review.planned
    ? `Prévu le ${formatDateTime(new Date(review.planned.startsAt), timeZone)}${zoneWords ? ` (${zoneWords})` : ""}.`
    : null;
  switch (review.progress) {
    case "DONE":
      return review.doneAt ? `Fait le ${formatLongDate(new Date(review.doneAt), timeZone)}.` : "Fait.";
    case "SCHEDULED":
      return planned ?? "Une date est prévue.";
    case "DUE":
      return planned ?? "C'est le moment de ce bilan. Votre conseiller·ère va vous donner une date.";
    case "NOT_YET":
      return planned ?? "Ce bilan aura lieu pendant cette période. Vous recevrez une date.";
    case "OVERDUE":
      return planned
        ? `En retard. ${planned}`
        : "En retard : la période est passée. Contactez votre conseiller·ère pour fixer une date.";
    case "MISSED":
      return "Pas fait. Le bilan du 9e mois le remplace.";
  }
}

async function feedUrls(token: string | null): Promise<{ feedUrl: string | null; webcalUrl: string | null }> {
  if (!token) return { feedUrl: null, webcalUrl: null };
  let base = env().NEXTAUTH_URL;
  if (!base) {
    const h = await headers();
    const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
    base = `${h.get("x-forwarded-proto") ?? "http"}://${host}`;
  }
  const url = new URL(`/calendrier/${token}.ics`, base);
  return { feedUrl: url.toString(), webcalUrl: url.toString().replace(/^https?:/, "webcal:") };
}

export default async function SeekerSpacePage() {
  const actor = await requirePageActor("seeker-space:read");
  const space = await mySpace(actor);
  if (!space) {
    return (
      <AppShell actor={actor} title="Mon espace">
        <p>Votre dossier n&apos;a pas été trouvé. Contactez votre agence.</p>
      </AppShell>
    );
  }
  const { next, agency } = space;
  const urls = await feedUrls(space.calendarFeedToken);
  const showWebOnly = space.webOnly.active || space.seeker.modality === "SUIVI";

  return (
    <AppShell actor={actor} title="Mon espace">
      <div className="mx-auto max-w-2xl space-y-4 text-base">
        <nav aria-label="Sur cette page" className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="font-semibold">Sur cette page</p>
          <ul className="mt-1 grid gap-1 sm:grid-cols-2">
            {[
              ["prochain", "Mon prochain rendez-vous"],
              ["bilans", "Mes bilans"],
              ["accompagnement", "Mon accompagnement"],
              ["agenda", "Mes rendez-vous dans mon agenda"],
              ["passes", "Mes rendez-vous passés ou annulés"],
              ["donnees", "Mes données"],
            ].map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`} className="inline-block py-2 text-brand-700 underline underline-offset-2">
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>

        <Section id="prochain" title="Mon prochain rendez-vous">
          {next ? (
            <>
              <AppointmentDetails appointment={next} large />
              <p className="mt-3 text-base">Vous ne pouvez pas venir ? Prévenez votre conseiller·ère avant le rendez-vous.</p>
            </>
          ) : (
            <p>Vous n&apos;avez pas de rendez-vous prévu pour le moment.</p>
          )}
        </Section>

        {space.later.length > 0 ? (
          <Section id="a-venir" title="Mes autres rendez-vous à venir">
            <ul className="divide-y divide-slate-200">
              {space.later.map((appointment) => (
                <li key={appointment.id} className="py-3 first:pt-0 last:pb-0">
                  <AppointmentDetails appointment={appointment} />
                </li>
              ))}
            </ul>
          </Section>
        ) : null}

        <Section id="bilans" title="Mes bilans du 4e et du 9e mois">
          <p>
            Tout le monde a deux bilans obligatoires : 4 mois et 9 mois après l&apos;inscription. Vous faites le point avec votre
            conseiller·ère sur votre recherche d&apos;emploi.
          </p>
          <ul className="mt-3 space-y-3">
            {space.reviews.map((review) => (
              <li key={review.kind} className="rounded-md border border-slate-200 p-3">
                <h3 className="font-semibold">{review.kind === "M4" ? "Bilan du 4e mois" : "Bilan du 9e mois"}</h3>
                <p>
                  Période : du {formatCalendarDate(review.window.from)} au {formatCalendarDate(review.window.to)}.
                </p>
                <p className="font-medium">{reviewSentence(review, agency.timeZone, agency.zoneWords)}</p>
              </li>
            ))}
          </ul>
        </Section>

        <Section id="accompagnement" title="Mon accompagnement">
          <p className="text-lg font-semibold">{space.modality.title}</p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {space.modality.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {space.advisor ? (
            <div className="mt-4">
              <h3 className="font-semibold">Pour joindre mon conseiller·ère</h3>
              <p>
                {space.advisor.firstName} {space.advisor.lastName}, agence France Travail {agency.name}
                {space.advisor.office ? ` (${space.advisor.office})` : ""}.
              </p>
              <p>{agency.address}</p>
              {space.advisor.phone ? (
                <p className="mt-2">
                  <a
                    href={`tel:${space.advisor.phone.replace(/\s/g, "")}`}
                    className="inline-flex min-h-12 items-center text-lg font-semibold text-brand-700 underline underline-offset-2"
                  >
                    Appeler le {space.advisor.phone}
                  </a>
                </p>
              ) : null}
            </div>
          ) : null}
          {space.socialWorker ? (
            <p className="mt-3">
              Votre travailleur·se social·e : {space.socialWorker.firstName} {space.socialWorker.lastName}. Il ou elle travaille avec
              votre conseiller·ère.
            </p>
          ) : null}
        </Section>

        {showWebOnly ? (
          <Section id="web" title="Suivi 100 % web">
            <p className="font-semibold">{space.webOnly.active ? WEB_ONLY_TEXTS.on : WEB_ONLY_TEXTS.off}</p>
            {space.webOnly.active || space.webOnly.canChoose ? (
              <>
                <ul className="mt-2 list-disc space-y-1 pl-5">
                  <li>{WEB_ONLY_TEXTS.what}</li>
                  <li>{WEB_ONLY_TEXTS.reviews}</li>
                  <li>{WEB_ONLY_TEXTS.stop}</li>
                </ul>
                <div className="mt-3">
                  <WebOnlyChoice active={space.webOnly.active} canChoose={space.webOnly.canChoose} />
                </div>
              </>
            ) : (
              <p className="mt-2">{space.webOnly.refusal ?? WEB_ONLY_TEXTS.notPossible}</p>
            )}
          </Section>
        ) : null}

        <Section id="agenda" title="Mes rendez-vous dans mon agenda">
          <p>
            Chaque rendez-vous a un bouton « Ajouter à mon agenda » : il télécharge un fichier. Ouvrez-le, et le rendez-vous
            s&apos;ajoute à l&apos;agenda de votre téléphone.
          </p>
          <p className="mt-2">
            Avec un <strong>lien d&apos;agenda</strong>, votre téléphone se met à jour tout seul : nouveaux rendez-vous, changements
            d&apos;heure, annulations.
          </p>
          <div className="mt-3">
            <CalendarFeedPanel feedUrl={urls.feedUrl} webcalUrl={urls.webcalUrl} />
          </div>
        </Section>

        <Section id="passes" title="Mes rendez-vous passés ou annulés">
          {space.history.length === 0 ? (
            <p>Pas encore de rendez-vous passé.</p>
          ) : (
            <ul className="divide-y divide-slate-200">
              {space.history.map((appointment) => (
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
                      className={`inline-block rounded-full px-3 py-1 text-sm font-semibold ${
                        appointment.status === "DONE"
                          ? "bg-green-100 text-green-900"
                          : appointment.status === "NO_SHOW"
                            ? "bg-red-100 text-red-900"
                            : "bg-slate-100 text-slate-900"
                      }`}
                    >
                      {outcomeText(appointment.status, appointment.replaced)}
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section id="donnees" title="Mes données">
          <p>
            Vous pouvez télécharger toutes les informations que France Travail garde sur vous dans Modalis : votre dossier, vos
            entretiens, vos rendez-vous, et qui a consulté votre dossier. C&apos;est votre droit (RGPD).
          </p>
          <p className="mt-2 text-sm text-slate-700">Le fichier est au format JSON. Il contient des informations personnelles : gardez-le pour vous.</p>
          <a href="/mon-espace/mes-donnees" download className={`${downloadLink} mt-3`}>
            Télécharger mes données
          </a>
        </Section>
      </div>
    </AppShell>
  );
}
