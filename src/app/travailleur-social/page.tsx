import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { myTandemSeekers } from "@/server/queries/tandem";
import { plural } from "@/lib/plural";
import { formatDateTime } from "@/lib/format";
import { APPOINTMENT_KIND_LABELS } from "@/lib/labels";
import { socialReviewPhrase } from "@/lib/social-review";
import { AppShell } from "@/components/AppShell";

export const metadata: Metadata = { title: "Mes accompagnements globaux" };

export default async function SocialWorkerPage() {
  const actor = await requirePageActor("tandem:read");
  const seekers = await myTandemSeekers(actor);
  return (
    <AppShell actor={actor} title="Mes accompagnements globaux">
      <p className="mb-3 text-sm">{plural(seekers.length, "personne suivie", "personnes suivies")} en binôme avec un·e conseiller·ère.</p>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {seekers.map((seeker) => (
          <li key={seeker.id} className="p-3">
            <p className="font-medium">
              <Link href={`/travailleur-social/demandeurs/${seeker.id}`} className="text-brand-700 underline">
                {seeker.lastName.toUpperCase()} {seeker.firstName}
              </Link>{" "}
              <span className="font-mono text-sm">{seeker.franceTravailId}</span>
            </p>
            <p className="text-sm text-slate-700">
              {seeker.commune}
              {seeker.advisor ? ` · conseiller·ère : ${seeker.advisor.firstName} ${seeker.advisor.lastName}` : ""}
            </p>
            <p className="text-sm">
              Prochain rendez-vous du binôme :{" "}
              {seeker.nextJoint
                ? `${APPOINTMENT_KIND_LABELS[seeker.nextJoint.kind].toLowerCase()}, ${formatDateTime(new Date(seeker.nextJoint.startsAt), seeker.timeZone)}`
                : "aucun"}
              {" · "}bilan des freins sociaux : {seeker.socialReview ? socialReviewPhrase(seeker.socialReview) : "pas de diagnostic"}
            </p>
          </li>
        ))}
      </ul>
    </AppShell>
  );
}
