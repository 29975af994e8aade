import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { PHONE_REFUSED_REASON } from "./sms-worker";
import type { SmsReceipt } from "./sms";

/**
 * What a delivery receipt of an SMS does to its outbox message (issue 16). Every change is conditional on the
 * message's current status, so a receipt posted twice, or late, changes nothing the second time and never takes a
 * message back:
 * - sent / accepted: a message still QUEUED (the worker stopped between Brevo's acceptance and its marking) becomes
 *   SENT with Brevo's id — its retry will then find it sent and not send it again;
 * - delivered: QUEUED or SENT → DELIVERED, with when;
 * - hard bounce / rejected: QUEUED or SENT → FAILED with the reason, and the seeker's number flagged invalid in the
 *   same transaction (the operator does not know it);
 * - soft bounce: the reason is kept, the status stays (the operator keeps trying);
 * - anything else: nothing. DELIVERED, FAILED and CANCELLED are final for a receipt.
 */

export type ReceiptEffect = "UPDATED" | "UNCHANGED" | "UNKNOWN_MESSAGE" | "OTHER_SMS";

export async function recordSmsReceipt(prisma: PrismaClient, messageId: string, receipt: SmsReceipt, now: Date = new Date()): Promise<ReceiptEffect> {
  return prisma.$transaction(async (tx) => {
    const message = await tx.outboxMessage.findUnique({
      where: { id: messageId },
      select: { id: true, channel: true, providerId: true, seekerId: true, recipient: true },
    });
    if (!message || message.channel !== "SMS") return "UNKNOWN_MESSAGE";
    // A receipt of another SMS (an earlier send of the same message under another id, or a mix-up): not this one's.
    if (message.providerId !== null && !message.providerId.startsWith("mailbox:") && message.providerId !== receipt.providerId) return "OTHER_SMS";
    const at = receipt.at && receipt.at.getTime() <= now.getTime() ? receipt.at : now;
    const detail = `${receipt.event}${receipt.reason ? ` : ${receipt.reason}` : ""}`;
    switch (receipt.outcome) {
      case "SENT": {
        const { count } = await tx.outboxMessage.updateMany({
          where: { id: messageId, status: "QUEUED" },
          data: { status: "SENT", sentAt: at, providerId: receipt.providerId, lastError: null },
        });
        return count ? "UPDATED" : "UNCHANGED";
      }
      case "DELIVERED": {
        // sentAt and providerId are set already when it was SENT; for a QUEUED one, the receipt tells both.
        const updated = await tx.$executeRaw`UPDATE "OutboxMessage"
          SET "status" = 'DELIVERED', "deliveredAt" = ${at}, "sentAt" = COALESCE("sentAt", ${at}),
              "providerId" = COALESCE("providerId", ${receipt.providerId}), "lastError" = NULL
          WHERE "id" = ${messageId}::uuid AND "status" IN ('QUEUED', 'SENT')`;
        return updated ? "UPDATED" : "UNCHANGED";
      }
      case "FAILED": {
        const { count } = await tx.outboxMessage.updateMany({
          where: { id: messageId, status: { in: ["QUEUED", "SENT"] } },
          data: { status: "FAILED", sentAt: null, lastError: `Non remis par l'opérateur (${detail})`.slice(0, 2000) },
        });
        if (count) {
          await tx.seeker.updateMany({
            where: { id: message.seekerId, phoneInvalidAt: null },
            data: { phoneInvalidAt: now, phoneInvalidReason: `${PHONE_REFUSED_REASON} : ${message.recipient}` },
          });
        }
        return count ? "UPDATED" : "UNCHANGED";
      }
      case "SOFT_BOUNCE": {
        const { count } = await tx.outboxMessage.updateMany({
          where: { id: messageId, status: "SENT" },
          data: { lastError: `Pas encore remis, l'opérateur réessaie (${detail})`.slice(0, 2000) },
        });
        return count ? "UPDATED" : "UNCHANGED";
      }
      case "IGNORED":
        return "UNCHANGED";
    }
  });
}
