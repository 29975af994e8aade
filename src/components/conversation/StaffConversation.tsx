import Link from "next/link";
import { notFound } from "next/navigation";
import type { Actor } from "@/server/auth/policy";
import { journaledRead } from "@/server/audit";
import { conversationOf, conversationOpened } from "@/server/queries/conversations";
import { AppShell } from "@/components/AppShell";
import { ConversationView } from "@/components/conversation/ConversationView";

/**
 * A seeker's conversation as a member of staff reads it (the advisor in charge, the social worker of the open
 * tandem): opening it is journaled; a seeker out of the reader's scope is « introuvable ».
 */
export async function StaffConversation({ actor, seekerId, inboxHref, fileHref }: { actor: Actor; seekerId: string; inboxHref: string; fileHref: string }) {
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
          <Link href={inboxHref} className="text-brand-700 underline underline-offset-2">
            Tous les messages
          </Link>
          <Link href={fileHref} className="text-brand-700 underline underline-offset-2">
            Dossier de {seeker.firstName} {seeker.lastName}
          </Link>
        </p>
        <ConversationView conversation={conversation} seekerId={seeker.id} forSeeker={false} />
      </div>
    </AppShell>
  );
}
