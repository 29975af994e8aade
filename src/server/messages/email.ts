import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type { Env } from "@/env";
import { DEFAULT_MAIL_FROM } from "@/env";
import { type DevMailbox, mailboxDirectory, openDevMailbox } from "./dev-mailbox";

/**
 * The e-mail transport of the messages to seekers (issue 16): nodemailer over SMTP when `SMTP_URL` is set, else the
 * local mailbox of development (`./dev-mailbox.ts`), which keeps the last messages under the data directory.
 *
 * `sendEmail` never throws for a delivery failure: it says what the outbox should do with the message — SENT, RETRY
 * later (the server or the network failed for now: 4xx replies, refused or reset connections, timeouts), or
 * PERMANENT (the server refused this message for good: 5xx replies, an invalid address). Every send of the same
 * message carries the same `Message-ID` (`<id@modalis>`) and `X-Modalis-Message` header, so a message sent again
 * after a crash between sending and marking it sent is recognisably the same one at the receiver.
 */

/** How long nodemailer waits, in milliseconds: for the TCP connection, for the server's greeting, and on an idle socket. */
export type SmtpTimeouts = { connectionMs: number; greetingMs: number; socketMs: number };

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

export type EmailConfig = {
  /** `smtp://user:pass@host:587` (STARTTLS when the server offers it) or `smtps://…:465`; unset: the local mailbox. */
  smtpUrl?: string | undefined;
  /** The sender, `Name <address>`. */
  from: string;
  /** Where the local mailbox keeps its messages (used only without `smtpUrl`). */
  mailboxDir: string;
  /** How many messages the local mailbox keeps (the oldest go first). */
  mailboxKeep?: number;
  timeouts?: Partial<SmtpTimeouts>;
  /** SMTP connections kept open and used in parallel (5 by default), and messages sent on one before it is renewed. */
  pool?: Partial<SmtpPool>;
};

export type SmtpPool = { maxConnections: number; maxMessages: number };

/**
 * The pool of SMTP connections: the outbox's workers send a batch at once, so several connections stay open and each
 * carries many messages (one TCP and SMTP greeting for 100 messages instead of one per message).
 */
export const DEFAULT_SMTP_POOL: SmtpPool = { maxConnections: 10, maxMessages: 100 };

/** The configuration the environment asks for; the local mailbox lives next to the embedded database (`.data/mailbox`). */
export function emailConfigFromEnv(environment: Pick<Env, "SMTP_URL" | "MAIL_FROM" | "PGLITE_DATA_DIR">): EmailConfig {
  return {
    smtpUrl: environment.SMTP_URL,
    from: environment.MAIL_FROM || DEFAULT_MAIL_FROM,
    mailboxDir: mailboxDirectory(environment.PGLITE_DATA_DIR),
  };
}

export type EmailTransport = {
  /** `smtp`: a real server; `mailbox`: the local mailbox of development. */
  readonly kind: "smtp" | "mailbox";
  readonly from: string;
  /** The local mailbox, when `kind` is `mailbox`. */
  readonly mailbox: DevMailbox | null;
  /** @internal the nodemailer transporter */
  readonly transporter: Transporter;
  close(): void;
};

export function createEmailTransport(config: EmailConfig): EmailTransport {
  const timeouts = { ...DEFAULT_SMTP_TIMEOUTS, ...config.timeouts };
  if (config.smtpUrl) {
    const pool = { ...DEFAULT_SMTP_POOL, ...config.pool };
    const transporter = nodemailer.createTransport({
      url: config.smtpUrl,
      pool: true,
      maxConnections: pool.maxConnections,
      maxMessages: pool.maxMessages,
      connectionTimeout: timeouts.connectionMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.socketMs,
      // The DNS look-up is the connection's first step: bound it by the same wait.
      dnsTimeout: timeouts.connectionMs,
      // Attachments are given as content: never let a message read a file or fetch a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return { kind: "smtp", from: config.from, mailbox: null, transporter, close: () => transporter.close() };
  }
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const mailbox = openDevMailbox(config.mailboxDir, config.mailboxKeep);
  return { kind: "mailbox", from: config.from, mailbox, transporter, close: () => transporter.close() };
}

export type EmailAttachment = { filename: string; content: string | Buffer; contentType: string };

/**
 * An `.ics` invitation as an attachment: `REQUEST` for a new or changed appointment, `CANCEL` for a cancelled one,
 * `PUBLISH` for an event to add to one's calendar without replying (the calendar's `METHOD` must say the same).
 */
export function calendarAttachment(ics: string, method: "REQUEST" | "CANCEL" | "PUBLISH" = "REQUEST", filename = "invitation.ics"): EmailAttachment {
  return { filename, content: ics, contentType: `text/calendar; method=${method}; charset=utf-8` };
}

export type OutgoingEmail = {
  /** The outbox's id of the message: the same on every attempt (letters, digits, `.`, `_`, `-`). */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: readonly EmailAttachment[];
};

export type SendResult =
  | { status: "SENT"; providerId: string }
  | { status: "RETRY"; reason: string }
  /** `recipientRefused`: the server refused the address itself (unknown mailbox, invalid address): it bounced. */
  | { status: "PERMANENT"; reason: string; recipientRefused: boolean };

export type FailedSend = Exclude<SendResult, { status: "SENT" }>;

const MESSAGE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The `Message-ID` header of an outbox message: the same on every attempt. */
export function messageIdHeader(messageId: string): string {
  if (!MESSAGE_ID.test(messageId)) throw new TypeError(`Identifiant de message invalide pour un en-tête Message-ID : « ${messageId.slice(0, 40)} »`);
  return `<${messageId}@modalis>`;
}

export async function sendEmail(transport: EmailTransport, email: OutgoingEmail): Promise<SendResult> {
  const header = messageIdHeader(email.messageId);
  let info: { response?: unknown; message?: unknown; rejected?: unknown };
  try {
    info = await transport.transporter.sendMail({
      from: transport.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: header,
      headers: { "X-Modalis-Message": email.messageId },
      attachments: (email.attachments ?? []).map((attachment) => ({ ...attachment })),
    });
  } catch (error) {
    return classifySmtpError(error);
  }
  if (transport.mailbox) {
    const raw = Buffer.isBuffer(info.message) ? info.message : Buffer.from(String(info.message ?? ""));
    const attachments = (email.attachments ?? []).map(({ filename, contentType }) => ({ filename, contentType }));
    try {
      const stored = transport.mailbox.store({ ...email, from: transport.from, attachments, raw });
      return { status: "SENT", providerId: `mailbox:${stored.id}` };
    } catch (error) {
      return { status: "RETRY", reason: `Boîte aux lettres locale impossible à écrire (${transport.mailbox.directory}) — ${String(error)}` };
    }
  }
  // One recipient: a recipient refused while the message was accepted cannot happen, but say it if it does.
  if (Array.isArray(info.rejected) && info.rejected.length > 0) {
    return { status: "PERMANENT", reason: `Adresse refusée par le serveur de messagerie : ${info.rejected.join(", ")}`, recipientRefused: true };
  }
  return { status: "SENT", providerId: providerIdOf(typeof info.response === "string" ? info.response : "") || header };
}

/** The server's id of an accepted message, from its reply (« 250 2.0.0 Ok: queued as 4F3A2 »), else the reply itself. */
export function providerIdOf(response: string): string {
  const queued = /queued as\s+([^\s,;]+)/i.exec(response);
  return queued?.[1] ?? response.trim().slice(0, 200);
}

type ErrorShape = {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
  originalCode?: unknown;
  timeoutType?: unknown;
  command?: unknown;
};

/** Codes nodemailer (and Node.js under it) gives when the connection, not the message, failed: try again later. */
const TEMPORARY_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ETLS",
  "EPROTOCOL",
  "EMAXLIMIT",
  "EPROXY",
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Codes of a configuration the administrator must fix: no message is at fault, so none is given up. */
const CONFIGURATION_CODES = new Set(["EAUTH", "ENOAUTH", "EOAUTH2", "ECONFIG"]);

/** Codes of a message that cannot be sent as it is: sending it again would fail again. */
const MESSAGE_CODES = new Set(["EENVELOPE", "EMESSAGE", "EMAXRECIPIENTS", "EFILEACCESS", "EURLACCESS", "EFETCH", "ESTREAM", "EREQUIRETLS"]);

/**
 * What a failed send means for the outbox, from nodemailer's error: `RETRY` when the same message may go through
 * later, `PERMANENT` when it will not. An SMTP reply decides first (RFC 5321): 4xx is temporary (421 service not
 * available, 450/451 greylisting, 452 storage), 5xx permanent (550 unknown mailbox, 553 invalid address, 554) —
 * except 503 (bad sequence of commands: the session, not the message) and 530/535 (authentication: the
 * configuration, not the message), which are retried. Without a reply, the code decides: a connection that failed,
 * was reset or timed out is retried; an envelope or message nodemailer refused to send is permanent. An unknown
 * error is retried (the outbox gives up after its last attempt anyway).
 */
export function classifySmtpError(error: unknown): FailedSend {
  const shape: ErrorShape = typeof error === "object" && error !== null ? (error as ErrorShape) : { message: String(error) };
  const code = typeof shape.code === "string" ? shape.code : undefined;
  const originalCode = typeof shape.originalCode === "string" ? shape.originalCode : undefined;
  const responseCode = typeof shape.responseCode === "number" ? shape.responseCode : undefined;
  const detail = describe(shape, code, originalCode, responseCode);

  if (responseCode !== undefined && responseCode >= 400 && responseCode < 600) {
    if (responseCode === 530 || responseCode === 535 || (code !== undefined && CONFIGURATION_CODES.has(code))) {
      return { status: "RETRY", reason: `Le serveur de messagerie refuse l'authentification (vérifier SMTP_URL) — ${detail}` };
    }
    if (responseCode < 500 || responseCode === 503) {
      return { status: "RETRY", reason: `Refus temporaire du serveur de messagerie, nouvel essai plus tard — ${detail}` };
    }
    const command = typeof shape.command === "string" ? shape.command.toUpperCase() : "";
    return { status: "PERMANENT", reason: `${permanentWording(shape)} — ${detail}`, recipientRefused: command.startsWith("RCPT") };
  }
  if (code !== undefined && CONFIGURATION_CODES.has(code)) {
    return { status: "RETRY", reason: `Configuration de l'envoi des e-mails à corriger (vérifier SMTP_URL) — ${detail}` };
  }
  if (code !== undefined && MESSAGE_CODES.has(code)) {
    // EENVELOPE: no valid recipient (an address nodemailer cannot even write in the envelope).
    return { status: "PERMANENT", reason: `Message impossible à envoyer tel quel — ${detail}`, recipientRefused: code === "EENVELOPE" };
  }
  if ((code !== undefined && TEMPORARY_CODES.has(code)) || (originalCode !== undefined && TEMPORARY_CODES.has(originalCode))) {
    const wording = code === "ETIMEDOUT" ? "Le serveur de messagerie ne répond pas à temps" : "Serveur de messagerie injoignable";
    return { status: "RETRY", reason: `${wording}, nouvel essai plus tard — ${detail}` };
  }
  return { status: "RETRY", reason: `Échec inattendu de l'envoi, nouvel essai plus tard — ${detail}` };
}

function permanentWording(shape: ErrorShape): string {
  const command = typeof shape.command === "string" ? shape.command.toUpperCase() : "";
  if (command.startsWith("RCPT")) return "Adresse refusée par le serveur de messagerie";
  if (command.startsWith("MAIL")) return "Expéditeur refusé par le serveur de messagerie (vérifier MAIL_FROM)";
  return "Message refusé définitivement par le serveur de messagerie";
}

function describe(shape: ErrorShape, code: string | undefined, originalCode: string | undefined, responseCode: number | undefined): string {
  const response = typeof shape.response === "string" ? shape.response.trim() : "";
  const message = typeof shape.message === "string" ? shape.message.trim() : "";
  const codes = [code, originalCode && originalCode !== code ? originalCode : undefined, typeof shape.timeoutType === "string" ? shape.timeoutType : undefined]
    .filter(Boolean)
    .join(" / ");
  const text = response || message || (responseCode !== undefined ? String(responseCode) : "erreur sans message");
  return (codes ? `${codes} : ${text}` : text).replace(/[\r\n]+/g, " ").slice(0, 500);
}
