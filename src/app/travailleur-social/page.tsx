import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { myTandemSeekers } from "@/server/queries/tandem";
import { plural } from "@/lib/plural";
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
              {seeker.lastName.toUpperCase()} {seeker.firstName} <span className="font-mono text-sm">{seeker.franceTravailId}</span>
            </p>
            <p className="text-sm text-slate-700">
              {seeker.commune}
              {seeker.portfolio ? ` · conseiller·ère : ${seeker.portfolio.advisor.firstName} ${seeker.portfolio.advisor.lastName}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </AppShell>
  );
}
