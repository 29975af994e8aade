import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { conversationInbox } from "@/server/queries/conversations";
import { AppShell } from "@/components/AppShell";
import { Inbox } from "@/components/conversation/Inbox";
import { Section } from "@/components/Section";
import { RequestList } from "@/app/conseiller/demandes/RequestList";

export const metadata: Metadata = { title: "Messages" };
export const dynamic = "force-dynamic";

/**
 * The advisor's inbox: the seekers' requests on their appointments, answered in one click
 * (docs/rules.md#seekers-requests-on-appointments), then the conversations with the seekers of their portfolios,
 * unanswered first, oldest first (docs/rules.md#conversations).
 */
export default async function AdvisorMessagesPage() {
  const actor = await requirePageActor("conversation:read");
  const lines = await conversationInbox(actor, { now: new Date() });
  return (
    <AppShell actor={actor} title="Messages">
      <p className="mb-3 text-sm">
        Les conversations avec les personnes de vos portefeuilles. Celles qui attendent une réponse viennent en premier, la plus ancienne d&apos;abord.
      </p>
      <div className="space-y-4">
        <Section id="demandes" title="Demandes sur les rendez-vous (les plus anciennes d'abord)">
          <RequestList actor={actor} />
        </Section>
        <Section id="conversations" title="Conversations">
          <Inbox lines={lines} base="/conseiller/messages" />
        </Section>
      </div>
    </AppShell>
  );
}
