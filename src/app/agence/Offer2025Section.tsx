import { Section } from "@/components/Section";
import type { Actor } from "@/server/auth/policy";
import { offer2025Dashboard } from "@/server/queries/offer-2025-dashboard";
import { Offer2025Card } from "./Offer2025Card";

/**
 * The « Offre 2025 » block of /agence, reading its own figures: nothing for an agency on the 2014 offer or outside
 * the reader's scope. The page renders it only when the agency's transition exists (the 2025 offer), so the 2014
 * dashboard reads nothing more.
 */
export async function Offer2025Section({ actor, agencyId }: { actor: Actor; agencyId: string }) {
  const dashboard = await offer2025Dashboard(actor, agencyId, { now: new Date() });
  if (!dashboard) return null;
  return (
    <div className="lg:col-span-2">
      <Section id="offre-2025" title="Offre 2025">
        <Offer2025Card dashboard={dashboard} agencyId={agencyId} />
      </Section>
    </div>
  );
}
