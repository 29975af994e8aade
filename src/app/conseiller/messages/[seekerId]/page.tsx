import type { Metadata } from "next";
import { requirePageActor } from "@/server/auth/session";
import { parseIdParam } from "@/lib/route-params";
import { StaffConversation } from "@/components/conversation/StaffConversation";

export const metadata: Metadata = { title: "Conversation" };
export const dynamic = "force-dynamic";

/** A seeker's conversation, for the advisor in charge (their own portfolios only; others are 404). */
export default async function AdvisorConversationPage({ params }: { params: Promise<{ seekerId: string }> }) {
  const actor = await requirePageActor("conversation:read");
  const seekerId = parseIdParam((await params).seekerId);
  return <StaffConversation actor={actor} seekerId={seekerId} inboxHref="/conseiller/messages" fileHref={`/conseiller/demandeurs/${seekerId}`} />;
}
