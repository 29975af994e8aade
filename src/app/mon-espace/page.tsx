import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { mySpace } from "@/server/queries/seeker-space";
import { timeZoneOf, MODALITY_LABELS } from "@/domain";
import { APPOINTMENT_KIND_LABELS, CHANNEL_LABELS } from "@/lib/labels";
import { formatDateTime } from "@/lib/format";
import { AppShell } from "@/components/AppShell";

export const metadata: Metadata = { title: "Mon espace" };

export default async function SeekerSpacePage() {
  const actor = await requirePageActor("seeker-space:read");
  const space = await mySpace(actor);
  return (
    <AppShell actor={actor} title="Mon espace">
      {!space ? (
        <p>Votre dossier n&apos;a pas été trouvé. Contactez votre agence.</p>
      ) : (
        <div className="space-y-4">
          <section aria-labelledby="prochain" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="prochain" className="text-lg font-semibold">Mon prochain rendez-vous</h2>
            {space.next ? (
              <div className="mt-2 space-y-1 text-base">
                <p className="text-xl font-bold">
                  {formatDateTime(space.next.startsAt, timeZoneOf(space.seeker.agency.departement))}
                </p>
                <p>{APPOINTMENT_KIND_LABELS[space.next.kind]}</p>
                <p>
                  {space.next.channel === "AGENCY"
                    ? `À l'agence : ${space.seeker.agency.name}, ${space.seeker.agency.address}`
                    : CHANNEL_LABELS[space.next.channel]}
                </p>
                <p>
                  Avec {space.next.advisor.firstName} {space.next.advisor.lastName}
                </p>
              </div>
            ) : (
              <p className="mt-2">Vous n&apos;avez pas de rendez-vous prévu.</p>
            )}
          </section>
          <section aria-labelledby="modalite" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="modalite" className="text-lg font-semibold">Mon accompagnement</h2>
            <p className="mt-2">
              {space.seeker.modality ? MODALITY_LABELS[space.seeker.modality] : "En attente de votre premier entretien"}
              {space.seeker.webOnly ? " · 100 % web" : ""}
            </p>
            {space.seeker.portfolio ? (
              <p>
                Votre conseiller·ère : {space.seeker.portfolio.advisor.firstName} {space.seeker.portfolio.advisor.lastName}
              </p>
            ) : null}
          </section>
        </div>
      )}
    </AppShell>
  );
}
