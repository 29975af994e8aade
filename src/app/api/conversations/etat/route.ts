import { conversationPoll } from "@/server/routes/conversations";

export const dynamic = "force-dynamic";
export const GET = conversationPoll;
