import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { mySpace } from "@/server/queries/my-space";
import { myMessages } from "@/server/queries/messages";
import { AppShell } from "@/components/AppShell";
import { Section } from "@/components/Section";
import { downloadLink, LaterAppointments, NextAppointment, PastAppointments } from "./Appointments";
import { Reviews } from "./Reviews";
import { Support, WebOnly } from "./Support";
import { Calendar } from "./Calendar";
import { ContactSection, MessagesSection } from "./Messages";
import { WhoCanSee } from "./WhoCanSee";
import { RequestsSection } from "./Requests";
import { myAppointmentRequests } from "@/server/queries/appointment-requests";
import { unreadMessageCount } from "@/server/queries/conversations";
import { mySpace2025 } from "@/server/queries/my-space-2025";
import { OFFER_2025_ON_THIS_PAGE, Offer2025Sections } from "./Offer2025";

export const metadata: Metadata = { title: "Mon espace" };
export const dynamic = "force-dynamic";

const ON_THIS_PAGE = [
  ["prochain", "Mon prochain rendez-vous"],
  ["demandes", "Mes demandes"],
  ["bilans", "Mes bilans"],
  ["accompagnement", "Mon accompagnement"],
  ["agenda", "Mes rendez-vous dans mon agenda"],
  ["passes", "Mes rendez-vous passés ou annulés"],
  ["messages", "Mes messages"],
  ["coordonnees", "Mes coordonnées"],
  ["donnees", "Mes données"],
] as const;

export default async function SeekerSpacePage() {
  const actor = await requirePageActor("seeker-space:read");
  const [space, messages, requests, unread, offer2025] = await Promise.all([
    mySpace(actor),
    myMessages(actor),
    myAppointmentRequests(actor),
    unreadMessageCount(actor),
    mySpace2025(actor),
  ]);
  if (!space || !messages || !requests) {
    return (
      <AppShell actor={actor} title="Mon espace">
        <p>Votre dossier n&apos;a pas été trouvé. Contactez votre agence.</p>
      </AppShell>
    );
  }

  const onThisPage = offer2025 ? [...ON_THIS_PAGE.slice(0, 4), ...OFFER_2025_ON_THIS_PAGE, ...ON_THIS_PAGE.slice(4)] : ON_THIS_PAGE;
  const open = new Map(requests.filter((r) => r.status === "PENDING" || r.status === "PROPOSED").map((r) => [r.appointment.id, r]));
  return (
    <AppShell actor={actor} title="Mon espace">
      <div className="mx-auto max-w-2xl space-y-4 text-base">
        <nav aria-label="Sur cette page" className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="font-semibold">Sur cette page</p>
          <ul className="mt-1 grid gap-1 sm:grid-cols-2">
            {onThisPage.map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`} className="inline-block py-2 text-brand-700 underline underline-offset-2">
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {/* The conversation with the advisor (docs/rules.md#conversations). */}
        <a
          href="/mon-espace/messages"
          className="flex min-h-11 items-center justify-between rounded-lg border border-brand-700 bg-white p-4 font-semibold text-brand-700"
        >
          <span>Écrire à mon conseiller·ère : mes messages</span>
          {unread > 0 ? (
            <span className="rounded bg-brand-700 px-2 py-0.5 text-white">
              {unread} non lu{unread > 1 ? "s" : ""}
            </span>
          ) : null}
        </a>
        {space.seeker.status === "CLOSED" ? (
          <p role="status" className="rounded-lg border border-slate-300 bg-slate-50 p-4">
            Votre dossier à France Travail est clos : vous n&apos;avez plus de rendez-vous prévu, et ceux qui étaient prévus sont annulés. Si votre situation
            change, contactez l&apos;agence {space.agency.name}.
          </p>
        ) : null}
        <NextAppointment next={space.next} open={open} />
        <LaterAppointments later={space.later} open={open} />
        <RequestsSection requests={requests} />
        <Reviews reviews={space.reviews} agency={space.agency} />
        <Support space={space} />
        {offer2025 ? <Offer2025Sections data={offer2025} /> : null}
        <WhoCanSee space={space} />
        <WebOnly space={space} />
        <Calendar token={space.calendarFeedToken} />
        <PastAppointments history={space.history} />
        <MessagesSection data={messages} />
        <ContactSection data={messages} />
        <Section id="donnees" title="Mes données" large>
          <p>
            Vous pouvez voir toutes les informations que France Travail garde sur vous dans Modalis : votre dossier, vos entretiens, vos rendez-vous, vos
            demandes, et qui a consulté votre dossier. C&apos;est votre droit.
          </p>
          <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:flex-wrap">
            <a href="/mon-espace/mes-donnees/lisible" className={downloadLink}>
              Voir mes données
            </a>
            <a href="/mon-espace/mes-donnees" download className={downloadLink}>
              Télécharger mes données (fichier pour un autre logiciel)
            </a>
          </div>
          <p className="mt-2 text-sm text-slate-700">Ces informations sont personnelles : gardez-les pour vous.</p>
        </Section>
      </div>
    </AppShell>
  );
}
