/**
 * The delivery receipts of the SMS (issue 16): Brevo posts each event of an SMS to the address given with it,
 * `POST /api/sms/accuses?message=<outbox id>&jeton=<HMAC of the id under SMS_WEBHOOK_SECRET>`. No session: the
 * per-message token is the credential (Brevo signs nothing), compared in constant time; a wrong or missing token,
 * or no secret configured, is 401 before the body is read. The body is bounded (413), must be one of Brevo's SMS
 * events (400 otherwise), and is applied idempotently (src/server/messages/sms-receipts.ts).
 */
import "server-only";
import { env } from "@/env";
import type { PrismaClient } from "@/generated/prisma/client";
import { readBoundedBody } from "@/server/auth/body-limit";
import { prisma as appPrisma } from "@/server/db";
import { recordSmsReceipt } from "@/server/messages/sms-receipts";
import { parseBrevoReceipt, receiptTokenMatches } from "@/server/messages/sms";

/** A receipt is a few hundred bytes. */
export const SMS_RECEIPT_BODY_LIMIT_BYTES = 16 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;
const answer = (status: number, body: object) => Response.json(body, { status, headers: HEADERS });

export type SmsReceiptDependencies = { prisma: () => Promise<PrismaClient>; secret: () => string | undefined; now?: () => Date };

const APP: SmsReceiptDependencies = { prisma: appPrisma, secret: () => env().SMS_WEBHOOK_SECRET };

export async function smsReceiptResponse(request: Request, dependencies: SmsReceiptDependencies = APP): Promise<Response> {
  const url = new URL(request.url);
  const messageId = url.searchParams.get("message") ?? "";
  const token = url.searchParams.get("jeton") ?? "";
  const secret = dependencies.secret();
  if (!secret || !UUID.test(messageId) || !receiptTokenMatches(secret, messageId.toLowerCase(), token)) {
    return answer(401, { error: "Accusé de réception non authentifié." });
  }
  const body = await readBoundedBody(request, SMS_RECEIPT_BODY_LIMIT_BYTES);
  if (body === null) return answer(413, { error: "La requête est trop volumineuse." });
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return answer(400, { error: "La requête n'est pas valide (JSON attendu)." });
  }
  const receipt = parseBrevoReceipt(parsed);
  if (!receipt) return answer(400, { error: "La requête n'est pas un accusé de réception de SMS." });
  const effect = await recordSmsReceipt(await dependencies.prisma(), messageId.toLowerCase(), receipt, dependencies.now?.() ?? new Date());
  // Known or not, a well-formed receipt is acknowledged: the provider would otherwise post it again and again.
  return answer(200, { ok: true, effet: effect });
}
