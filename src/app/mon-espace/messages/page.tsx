import type { Metadata } from "next";
import Link from "next/link";
import { requirePageActor } from "@/server/auth/session";
import { conversationOf } from "@/server/queries/conversations";
import { AppShell } from "@/components/AppShell";
import { ConversationView } from "@/components/conversation/ConversationView";

export const metadata: Metadata = { title: "Mes messages" };
export const dynamic = "force-dynamic";

/** The seeker's conversation with their advisor (docs/rules.md#conversations), made for a phone. */
export default async function SeekerMessagesPage() {
  const actor = await requirePageActor("conversation:read");
  const conversation = await conversationOf(actor, undefined);
  return (
    <AppShell actor={actor} title="Mes messages">
      <div className="mx-auto max-w-2xl space-y-4 text-base">
        <p>
          <Link href="/mon-espace" className="inline-block py-2 text-brand-700 underline underline-offset-2">
            Retour à mon espace
          </Link>
        </p>
        {conversation ? <ConversationView conversation={conversation} forSeeker /> : <p>Votre dossier n&apos;a pas été trouvé. Contactez votre agence.</p>}
        <p className="text-sm text-slate-700">
          Votre conseiller·ère vous répond en général sous quelques jours ouvrés. Pour une urgence ou un rendez-vous à déplacer, appelez votre agence.
        </p>
      </div>
    </AppShell>
  );
}
