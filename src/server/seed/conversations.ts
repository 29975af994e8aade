/**
 * The demo's conversation (docs/rules.md#conversations): the demo seeker wrote to their advisor, who answered, and the
 * seeker's last question waits for an answer — so that the demo seeker and the demo advisor both see a conversation
 * (the advisor with one unread message). Times are fixed from the seed's clock: deterministic. Written once, in the
 * demo's transaction (nothing when the seeker has no advisor or the conversation exists).
 */
import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";

/** A fixed id per message, from the seeker's id: the same seed writes the same rows. */
function fixedId(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const HOUR = 3_600_000;

export async function writeDemoConversation(tx: Prisma.TransactionClient, nowMs: number): Promise<number> {
  const seeker = await tx.seeker.findFirst({
    where: { user: { email: "demandeur@modalis.demo" } },
    select: { id: true, agencyId: true, userId: true, firstName: true, portfolio: { select: { advisorId: true, advisor: { select: { firstName: true } } } } },
  });
  if (!seeker?.userId || !seeker.portfolio) return 0;
  if ((await tx.conversationMessage.count({ where: { seekerId: seeker.id } })) > 0) return 0;
  const advisorId = seeker.portfolio.advisorId;
  const rows: Prisma.ConversationMessageCreateManyInput[] = [
    {
      authorId: seeker.userId,
      authorRole: "SEEKER",
      body: "Bonjour, j'ai trouvé une offre de formation en logistique. Est-ce qu'on peut en parler au prochain rendez-vous ?",
      createdAt: new Date(nowMs - 50 * HOUR),
    },
    {
      authorId: advisorId,
      authorRole: "ADVISOR",
      body: `Bonjour ${seeker.firstName}, oui bien sûr. Apportez l'annonce de la formation, nous regarderons ensemble le financement.`,
      createdAt: new Date(nowMs - 45 * HOUR),
    },
    {
      authorId: seeker.userId,
      authorRole: "SEEKER",
      body: "Merci ! La formation commence le mois prochain, est-ce trop tard pour s'inscrire ?",
      createdAt: new Date(nowMs - 3 * HOUR),
    },
  ].map(
    (row, index) =>
      ({
        ...row,
        id: fixedId(`conversation:${seeker.id}:${index}`),
        agencyId: seeker.agencyId,
        seekerId: seeker.id,
      }) as Prisma.ConversationMessageCreateManyInput,
  );
  await tx.conversationMessage.createMany({ data: rows });
  // Each has read up to their own last message; the advisor has the seeker's last question unread.
  await tx.conversationReader.createMany({
    data: [
      { seekerId: seeker.id, userId: seeker.userId, lastReadAt: new Date(nowMs - 3 * HOUR) },
      { seekerId: seeker.id, userId: advisorId, lastReadAt: new Date(nowMs - 45 * HOUR) },
    ],
  });
  return rows.length;
}
