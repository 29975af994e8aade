import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/server/auth/session";
import { parseIdParam } from "@/lib/route-params";
import { journaledRead } from "@/server/audit";
import { conversationOf, conversationOpened } from "@/server/queries/conversations";
import { AppShell } from "@/components/AppShell";
import { ConversationView } from "@/components/conversation/ConversationView";

export const metadata: Metadata = { title: "Conversation" };
export const dynamic = "force-dynamic";

/** A seeker's conversation, for the advisor in charge (their own portfolios only; others are 404). */
export default async function AdvisorConversationPage({ params }: { params: Promise<{ seekerId: string }> }) {
  const actor = await requirePageActor("conversation:read");
  const seekerId = parseIdParam((await params).seekerId);
  const conversation = await journaledRead(
    () => conversationOf(actor, seekerId),
    (shown) => conversationOpened(actor, shown),
  );
  if (!conversation) notFound();
  const { seeker } = conversation;
  return (
    <AppShell actor={actor} title={`Messages avec ${seeker.firstName} ${seeker.lastName}`}>
      <div className="mx-auto max-w-3xl space-y-4">
        <p className="flex flex-wrap gap-4">
          <Link href="/conseiller/messages" className="text-brand-700 underline underline-offset-2">
            Tous les messages
          </Link>
          <Link href={`/conseiller/demandeurs/${seeker.id}`} className="text-brand-700 underline underline-offset-2">
            Dossier de {seeker.firstName} {seeker.lastName}
          </Link>
        </p>
        <ConversationView conversation={conversation} seekerId={seeker.id} forSeeker={false} />
      </div>
    </AppShell>
  );
}
