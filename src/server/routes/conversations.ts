/**
 * The conversation page's light poll (docs/rules.md#conversations): GET /api/conversations/etat[?demandeur=<id>] answers
 * the latest message's time and the count — no content — for a conversation within the row scope `conversation`; the
 * page refreshes itself when they change. A seeker's own needs no id; another's or an unknown id is 404.
 */
import "server-only";
import { authorizedRoute } from "@/server/auth/guard";
import { DomainError } from "@/server/errors";
import { readIdParam } from "@/lib/route-params";
import { conversationState } from "@/server/queries/conversations";
import { PRIVATE_HEADERS } from "./seeker-space";

export const conversationPoll = authorizedRoute<unknown>({
  name: "conversation.poll",
  permission: "conversation:read",
  run: async (actor, request) => {
    const raw = new URL(request.url).searchParams.get("demandeur");
    const seekerId = raw === null ? undefined : readIdParam(raw);
    // Named but not an id (empty, malformed): not found, as an id out of scope.
    if (raw !== null && !seekerId) throw new DomainError("NOT_FOUND", "Conversation introuvable.");
    const state = await conversationState(actor, seekerId ?? undefined);
    if (!state) throw new DomainError("NOT_FOUND", "Conversation introuvable.");
    return Response.json(state, { headers: PRIVATE_HEADERS });
  },
});
