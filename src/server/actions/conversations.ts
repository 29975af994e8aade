"use server";
/** Server action of the conversations (docs/rules.md#conversations): write a message; the use case applies the row scope. */
import { actionGroup } from "@/server/auth/guard";
import { sendConversationMessage } from "@/server/use-cases/conversations";
import { sendMessageSchema } from "@/server/use-cases/conversations.schema";

const conversationAction = actionGroup({
  permission: "conversation:write",
  revalidates: ["/mon-espace", "/mon-espace/messages", "/conseiller/messages", "/conseiller/messages/[seekerId]", "/travailleur-social/messages", "/travailleur-social/messages/[seekerId]"],
});

export const sendConversationMessageAction = conversationAction("conversation.send", sendMessageSchema, sendConversationMessage);
