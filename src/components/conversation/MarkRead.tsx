"use client";

import { useEffect } from "react";
import { markConversationReadAction } from "@/server/actions/conversations";

/** Moves the reader's marker once the page shows the conversation, and again after each refresh bringing a message. */
export function MarkRead({ seekerId, latest }: { seekerId?: string; latest: string | null }) {
  useEffect(() => {
    void markConversationReadAction(seekerId ? { seekerId } : {}).catch(() => undefined);
  }, [seekerId, latest]);
  return null;
}
