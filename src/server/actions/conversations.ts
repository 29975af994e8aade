"use server";
/**
 * Server actions of the conversations (docs/rules.md#conversations): write a message, mark the conversation read (the
 * open page, after each refresh); the use cases apply the row scope.
 */
import { actionGroup, authorizedAction } from "@/server/auth/guard";
import { markConversationRead, sendConversationMessage } from "@/server/use-cases/conversations";
import { openConversationSchema, sendMessageSchema } from "@/server/use-cases/conversations.schema";

const conversationAction = actionGroup({
  permission: "conversation:write",
  revalidates: [
    "/mon-espace",
    "/mon-espace/messages",
    "/conseiller/messages",
    "/conseiller/messages/[seekerId]",
    "/travailleur-social/messages",
    "/travailleur-social/messages/[seekerId]",
  ],
});

export const sendConversationMessageAction = conversationAction("conversation.send", sendMessageSchema, sendConversationMessage);

/** Refreshes the unread counts only (the page itself shows what it read). */
export const markConversationReadAction = authorizedAction({
  name: "conversation.markRead",
  permission: "conversation:read",
  schema: openConversationSchema,
  run: markConversationRead,
  revalidates: [],
});
