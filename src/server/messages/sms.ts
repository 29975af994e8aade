import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Env } from "@/env";
import { DEFAULT_SMS_API_URL, DEFAULT_SMS_SENDER } from "@/env";
import { isGsm7 } from "@/domain";
import { type DevMailbox, mailboxDirectory, openDevMailbox } from "./dev-mailbox";

/**
 * The SMS transport of the messages to seekers (issue 16): Brevo's transactional SMS API (ex-Sendinblue, a French
 * provider; rdv-insertion sends its SMS through it) when `SMS_API_KEY` is set, else the local mailbox of development
 * (`./dev-mailbox.ts`, with the e-mails).
 *
 * Brevo, as documented (developers.brevo.com): `POST {SMS_API_URL}/transactionalSMS/send` with the header `api-key`,
 * a JSON body `{ sender, recipient, content, type, tag, webUrl, unicodeEnabled }` (the recipient in international
 * form without « + »), answered `201 { "messageId": 1511882900176220 }`; an error is `{ "code", "message" }` with
 * 400 (bad parameter: a number the API refuses), 401/403 (key), 402 (no credit left), 429 (rate limit, with
 * `x-sib-ratelimit-reset` in seconds) or 5xx. The delivery events of the SMS are posted to its `webUrl` (see
 * `parseBrevoReceipt`).
 *
 * `sendSms` never throws for a delivery failure: it says what the outbox should do — SENT, RETRY later (429, 5xx,
 * network, timeout; also a key refused or credit exhausted: the configuration, not the message, is at fault) or
 * PERMANENT (the API refuses this SMS for good; `invalidNumber` when it is the number it refuses).
 *
 * Brevo has no idempotency key: our message id goes as the SMS's `tag` and in its receipt address, so the SMS and its
 * receipts are recognisably ours, but a retry after a crash between the provider's acceptance and our marking sends
 * it again (see README, « SMS »).
 */

export type SmsConfig = {
  /** Brevo's API key; unset: the local mailbox. */
  apiKey?: string | undefined;
  /** The API's base URL (`https://api.brevo.com/v3`, or the tests' fake provider). */
  apiUrl?: string;
  /** The sender name shown on the phone (11 letters or digits). */
  sender?: string;
  /** Where the provider posts the delivery receipts (the app's public URL); with `webhookSecret` only. */
  publicUrl?: string | undefined;
  /** Signs each SMS's receipt address; unset, no receipt is asked for. */
  webhookSecret?: string | undefined;
  /** Where the local mailbox keeps the SMS (used only without `apiKey`). */
  mailboxDir: string;
  mailboxKeep?: number;
  /** How long one API call may take, in milliseconds. */
  timeoutMs?: number;
};

export const DEFAULT_SMS_TIMEOUT_MS = 10_000;

/** The route the provider posts receipts to (src/app/api/sms/accuses/route.ts). */
export const SMS_RECEIPT_PATH = "/api/sms/accuses";

export function smsConfigFromEnv(
  environment: Pick<Env, "PGLITE_DATA_DIR"> & Partial<Pick<Env, "SMS_API_URL" | "SMS_API_KEY" | "SMS_SENDER" | "SMS_WEBHOOK_SECRET" | "NEXTAUTH_URL">>,
): SmsConfig {
  return {
    apiKey: environment.SMS_API_KEY,
    apiUrl: environment.SMS_API_URL ?? DEFAULT_SMS_API_URL,
    sender: environment.SMS_SENDER ?? DEFAULT_SMS_SENDER,
    publicUrl: environment.NEXTAUTH_URL,
    webhookSecret: environment.SMS_WEBHOOK_SECRET,
    mailboxDir: mailboxDirectory(environment.PGLITE_DATA_DIR),
  };
}

export type SmsTransport = {
  /** `brevo`: the provider's API; `mailbox`: the local mailbox of development. */
  readonly kind: "brevo" | "mailbox";
  readonly config: Readonly<SmsConfig>;
  readonly mailbox: DevMailbox | null;
};

export function createSmsTransport(config: SmsConfig): SmsTransport {
  if (config.apiKey) return { kind: "brevo", config, mailbox: null };
  return { kind: "mailbox", config, mailbox: openDevMailbox(config.mailboxDir, config.mailboxKeep) };
}

export type OutgoingSms = {
  /** The outbox's id of the message: the same on every attempt. */
  messageId: string;
  /** The mobile number in E.164 (`+33612345678`). */
  to: string;
  text: string;
};

export type SmsSendResult =
  | { status: "SENT"; providerId: string }
  | { status: "RETRY"; reason: string; retryAfterSeconds?: number }
  | { status: "PERMANENT"; reason: string; invalidNumber: boolean };

// ————————————————————————————————————————————— the request

export type BrevoSmsBody = {
  sender: string;
  recipient: string;
  content: string;
  type: "transactional";
  tag: string;
  webUrl?: string;
  unicodeEnabled: boolean;
};

export type BrevoRequest = { url: string; init: { method: "POST"; headers: Record<string, string>; body: string } };

const E164 = /^\+[1-9]\d{6,14}$/;

/** The HTTP request that sends one SMS through Brevo. */
export function buildBrevoRequest(config: SmsConfig, sms: OutgoingSms): BrevoRequest {
  if (!config.apiKey) throw new TypeError("Clé d'API SMS absente (SMS_API_KEY).");
  if (!E164.test(sms.to)) throw new TypeError(`Numéro de mobile invalide pour un SMS : « ${sms.to.slice(0, 20)} »`);
  const body: BrevoSmsBody = {
    sender: config.sender ?? DEFAULT_SMS_SENDER,
    recipient: sms.to.slice(1),
    content: sms.text,
    type: "transactional",
    tag: sms.messageId,
    // GSM-7 when it can be (160 characters a part); Unicode (70) only when a character needs it.
    unicodeEnabled: !isGsm7(sms.text),
  };
  const webUrl = receiptUrl(config, sms.messageId);
  if (webUrl) body.webUrl = webUrl;
  return {
    url: `${(config.apiUrl ?? DEFAULT_SMS_API_URL).replace(/\/+$/, "")}/transactionalSMS/send`,
    init: {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json", "api-key": config.apiKey },
      body: JSON.stringify(body),
    },
  };
}

// ————————————————————————————————————————————— the receipt address, signed per message

/**
 * The secret of one message's receipt address: HMAC-SHA256 of its id under `SMS_WEBHOOK_SECRET`. Brevo posts the
 * events of an SMS to the `webUrl` given with it and signs nothing, so the address itself carries the credential;
 * being per message, a leaked address (a proxy's log) lets one forge receipts of that one message only.
 */
export function receiptToken(secret: string, messageId: string): string {
  return createHmac("sha256", secret).update(`sms-receipt:${messageId}`).digest("base64url");
}

/** The address Brevo posts one SMS's events to; null without a secret or a public URL (no receipts then). */
export function receiptUrl(config: Pick<SmsConfig, "publicUrl" | "webhookSecret">, messageId: string): string | null {
  if (!config.webhookSecret || !config.publicUrl) return null;
  const url = new URL(SMS_RECEIPT_PATH, config.publicUrl);
  url.searchParams.set("message", messageId);
  url.searchParams.set("jeton", receiptToken(config.webhookSecret, messageId));
  return url.toString();
}

/** Whether `token` is the receipt token of `messageId` (constant time). */
export function receiptTokenMatches(secret: string, messageId: string, token: string): boolean {
  const expected = Buffer.from(receiptToken(secret, messageId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// ————————————————————————————————————————————— the answer

/** Brevo's error body. */
type BrevoError = { code?: unknown; message?: unknown };

/** Words of a 400 that is about the recipient's number (Brevo: « Invalid phone number », « recipient is invalid »…). */
const NUMBER_REFUSED = /recipient|phone|mobile|number|num[ée]ro/i;

/** What an answer of Brevo's send endpoint means for the outbox. */
export function classifyBrevoResponse(status: number, headers: { get(name: string): string | null }, bodyText: string): SmsSendResult {
  let body: unknown = null;
  try {
    body = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    body = null;
  }
  if (status >= 200 && status < 300) {
    const messageId = typeof body === "object" && body !== null ? (body as { messageId?: unknown }).messageId : undefined;
    if ((typeof messageId === "number" && Number.isFinite(messageId)) || (typeof messageId === "string" && messageId.trim() !== "")) {
      return { status: "SENT", providerId: String(messageId) };
    }
    // Taken, but without an id we cannot match its receipts: still sent (sending again would duplicate it).
    return { status: "SENT", providerId: `brevo:${status}` };
  }
  const error = (typeof body === "object" && body !== null ? body : {}) as BrevoError;
  const code = typeof error.code === "string" ? error.code : "";
  const message = typeof error.message === "string" ? error.message : bodyText.trim();
  const detail = `HTTP ${status}${code ? ` ${code}` : ""}${message ? ` : ${message}` : ""}`.replace(/[\r\n]+/g, " ").slice(0, 500);

  if (status === 429) {
    const retryAfterSeconds = waitOf(headers);
    return {
      status: "RETRY",
      reason: `Trop d'envois pour le fournisseur de SMS, nouvel essai plus tard — ${detail}`,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  }
  if (status >= 500) return { status: "RETRY", reason: `Le fournisseur de SMS est en panne, nouvel essai plus tard — ${detail}` };
  if (status === 401 || status === 403) return { status: "RETRY", reason: `Le fournisseur de SMS refuse la clé d'API (vérifier SMS_API_KEY) — ${detail}` };
  if (status === 402) return { status: "RETRY", reason: `Plus de crédit SMS chez le fournisseur, nouvel essai plus tard — ${detail}` };
  if (status === 408) return { status: "RETRY", reason: `Le fournisseur de SMS n'a pas répondu à temps, nouvel essai plus tard — ${detail}` };
  if (status === 400 && NUMBER_REFUSED.test(message)) {
    return { status: "PERMANENT", reason: `Numéro refusé par le fournisseur de SMS — ${detail}`, invalidNumber: true };
  }
  return { status: "PERMANENT", reason: `SMS refusé définitivement par le fournisseur — ${detail}`, invalidNumber: false };
}

/** `Retry-After` (seconds or an HTTP date), else Brevo's `x-sib-ratelimit-reset` (seconds); bounded to an hour. */
function waitOf(headers: { get(name: string): string | null }): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  const reset = headers.get("x-sib-ratelimit-reset")?.trim();
  let seconds: number | undefined;
  if (retryAfter && /^\d+$/.test(retryAfter)) seconds = Number(retryAfter);
  else if (retryAfter && !Number.isNaN(Date.parse(retryAfter))) seconds = Math.max(0, Math.ceil((Date.parse(retryAfter) - Date.now()) / 1000));
  else if (reset && /^\d+(\.\d+)?$/.test(reset)) seconds = Math.ceil(Number(reset));
  return seconds === undefined ? undefined : Math.min(seconds, 3600);
}

// ————————————————————————————————————————————— sending

export async function sendSms(transport: SmsTransport, sms: OutgoingSms): Promise<SmsSendResult> {
  if (transport.mailbox) return storeInMailbox(transport, sms);
  let request: BrevoRequest;
  try {
    request = buildBrevoRequest(transport.config, sms);
  } catch (error) {
    return { status: "PERMANENT", reason: String((error as Error).message ?? error), invalidNumber: !E164.test(sms.to) };
  }
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(transport.config.timeoutMs ?? DEFAULT_SMS_TIMEOUT_MS) });
    text = await response.text();
  } catch (error) {
    const name = (error as Error)?.name;
    const wording = name === "TimeoutError" || name === "AbortError" ? "Le fournisseur de SMS ne répond pas à temps" : "Fournisseur de SMS injoignable";
    const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
    return {
      status: "RETRY",
      reason: `${wording}, nouvel essai plus tard — ${typeof cause === "string" ? `${cause} : ` : ""}${String((error as Error)?.message ?? error).slice(0, 300)}`,
    };
  }
  return classifyBrevoResponse(response.status, response.headers, text);
}

function storeInMailbox(transport: SmsTransport, sms: OutgoingSms): SmsSendResult {
  const mailbox = transport.mailbox!;
  const from = transport.config.sender ?? DEFAULT_SMS_SENDER;
  // The .eml of an SMS: a plain-text message any mail client opens.
  const raw = Buffer.from(`From: ${from}\r\nTo: ${sms.to}\r\nSubject: SMS\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${sms.text}\r\n`, "utf8");
  try {
    const stored = mailbox.store({
      channel: "SMS",
      messageId: sms.messageId,
      from,
      to: sms.to,
      subject: "SMS",
      text: sms.text,
      html: "",
      attachments: [],
      raw,
    });
    return { status: "SENT", providerId: `mailbox:${stored.id}` };
  } catch (error) {
    return { status: "RETRY", reason: `Boîte aux lettres locale impossible à écrire (${mailbox.directory}) — ${String(error)}` };
  }
}

// ————————————————————————————————————————————— the receipts

/** What a delivery receipt says, reduced to what the outbox does with it. */
export type SmsReceipt = {
  /** Brevo's id of the SMS (its `messageId`). */
  providerId: string;
  outcome: "SENT" | "DELIVERED" | "FAILED" | "SOFT_BOUNCE" | "IGNORED";
  /** The event as Brevo named it. */
  event: string;
  /** When it happened, if the receipt says so. */
  at: Date | null;
  reason: string | null;
};

/**
 * Reads one of Brevo's transactional SMS events (posted to the SMS's `webUrl`), e.g.
 * `{ "id": 26570, "to": "33612345678", "sms_count": 1, "credits_used": 1.5, "messageId": 1511882900176220,
 *    "remaining_credit": 11488.8, "msg_status": "delivered", "date": "2026-03-02 09:00:01", "type": "transactional",
 *    "reference": "…", "tag": "<our id>" }`
 * `msg_status` is sent, delivered, soft_bounce or hard_bounce (the event names of the newer webhooks — accepted,
 * softBounce, hardBounce, rejected — are read too). Null when it is not such an event.
 */
export function parseBrevoReceipt(value: unknown): SmsReceipt | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const body = value as Record<string, unknown>;
  const rawId = body.messageId;
  const providerId =
    typeof rawId === "number" && Number.isFinite(rawId) ? String(rawId) : typeof rawId === "string" && /^[\w.:-]{1,100}$/.test(rawId) ? rawId : null;
  const event = typeof body.msg_status === "string" ? body.msg_status : typeof body.event === "string" ? body.event : null;
  if (providerId === null || event === null || event.length > 50) return null;
  const normalized = event.toLowerCase().replace(/[^a-z]/g, "");
  const outcome: SmsReceipt["outcome"] =
    normalized === "delivered"
      ? "DELIVERED"
      : normalized === "hardbounce" || normalized === "rejected"
        ? "FAILED"
        : normalized === "softbounce"
          ? "SOFT_BOUNCE"
          : normalized === "sent" || normalized === "accepted"
            ? "SENT"
            : "IGNORED";
  const reasonValue = [body.reason, body.description, body.error].find((part) => typeof part === "string" && part.trim() !== "");
  return { providerId, outcome, event, at: receiptDate(body.date, body.ts_event), reason: typeof reasonValue === "string" ? reasonValue.slice(0, 500) : null };
}

function receiptDate(date: unknown, tsEvent: unknown): Date | null {
  if (typeof tsEvent === "number" && Number.isFinite(tsEvent) && tsEvent > 0) return new Date(tsEvent * 1000);
  if (typeof date !== "string") return null;
  // ISO 8601 with a zone, as the newer webhooks send; Brevo's older « YYYY-MM-DD HH:MM:SS » is in Paris time, so it is
  // not trusted (the time of reception is used instead).
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(date)) return null;
  const parsed = new Date(date);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
