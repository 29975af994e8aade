import { smsReceiptResponse } from "@/server/routes/sms-receipts";

export const dynamic = "force-dynamic";

/** The SMS provider's delivery receipts: no session, the per-message token in the URL is the credential. */
export async function POST(request: Request) {
  return smsReceiptResponse(request);
}
