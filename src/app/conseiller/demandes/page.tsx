import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { AppShell } from "@/components/AppShell";
import { Section } from "@/components/Section";
import { RequestList } from "./RequestList";

export const metadata: Metadata = { title: "Demandes des demandeurs" };
export const dynamic = "force-dynamic";

/** The requests of the advisor's own seekers on their appointments (docs/rules.md#seekers-requests-on-appointments). */
export default async function RequestsPage() {
  const actor = await requirePageActor("appointment-request:answer");
  return (
    <AppShell actor={actor} title="Demandes des demandeurs">
      <Section id="demandes" title="Demandes en attente (les plus anciennes d'abord)">
        <RequestList actor={actor} />
      </Section>
    </AppShell>
  );
}
