import "server-only";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

/**
 * The local mailbox of development: without `SMTP_URL`, the e-mails are not sent but kept here, the last
 * `keep` of them, so that a newcomer sees what the app sends (a page can list them). Each message is two files named
 * by its outbox id: `<id>.eml`, the message exactly as it would have gone out (any mail client opens it), and
 * `<id>.json`, what a list needs (sender, recipient, subject, parts, attachments, when). A message sent again
 * (the same id) replaces its previous copy. Files are written under a temporary name and renamed, so a reader never
 * sees half a message. An SMS is kept the same way (`channel: "SMS"`), its `.eml` a plain-text rendering of it.
 */

export const DEFAULT_MAILBOX_KEEP = 200;

/** Next to the embedded database's directory, as the backups are: `.data/pglite` → `.data/mailbox`. */
export function mailboxDirectory(dataDir: string): string {
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ dataDir)), "mailbox");
}

export type MailboxAttachment = { filename: string; contentType: string };

/**
 * What a message says, as the mailbox keeps it. `channel`: an SMS is kept here too without an SMS provider
 * (`to` is then the number in E.164, `text` the SMS, `html` empty); absent, an e-mail (messages stored before SMS).
 */
type MailboxContent = {
  channel?: "EMAIL" | "SMS";
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: MailboxAttachment[];
};

export type MailboxMessage = MailboxContent & {
  /** The outbox id of the message (also its file name). */
  id: string;
  /** When it was stored, ISO 8601. */
  storedAt: string;
  /** Increases with every message stored: the newest has the highest. */
  sequence: number;
};

export type MailboxInput = MailboxContent & {
  messageId: string;
  /** The whole message, as nodemailer built it. */
  raw: Buffer;
};

export type DevMailbox = {
  readonly directory: string;
  readonly keep: number;
  store(input: MailboxInput, now?: Date): MailboxMessage;
  /** The newest first, at most `limit`. */
  list(limit?: number): MailboxMessage[];
  /** One message and its raw form; null when it is not (or no longer) there, or the id is not one. */
  read(id: string): { message: MailboxMessage; raw: Buffer } | null;
};

const ID = /^[A-Za-z0-9._-]{1,128}$/;
const isId = (id: string) => ID.test(id) && id !== "." && id !== "..";

export function openDevMailbox(directory: string, keep = DEFAULT_MAILBOX_KEEP): DevMailbox {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`La boîte aux lettres locale doit garder au moins un message (${keep}).`);
  const folder = path.resolve(/*turbopackIgnore: true*/ directory);

  const entries = (): MailboxMessage[] => {
    let names: string[];
    try {
      names = readdirSync(/*turbopackIgnore: true*/ folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const messages: MailboxMessage[] = [];
    for (const name of names) {
      if (!name.endsWith(".json") || name.startsWith(".")) continue;
      const message = readEntry(path.join(folder, name));
      if (message) messages.push(message);
    }
    return messages.sort((a, b) => b.sequence - a.sequence);
  };

  return {
    directory: folder,
    keep,
    store(input, now = new Date()) {
      if (!isId(input.messageId)) throw new TypeError(`Identifiant de message invalide : « ${input.messageId.slice(0, 40)} »`);
      mkdirSync(/*turbopackIgnore: true*/ folder, { recursive: true });
      const existing = entries();
      const message: MailboxMessage = {
        id: input.messageId,
        channel: input.channel ?? "EMAIL",
        from: input.from,
        to: input.to,
        subject: input.subject,
        text: input.text,
        html: input.html,
        attachments: input.attachments.map(({ filename, contentType }) => ({ filename, contentType })),
        storedAt: now.toISOString(),
        sequence: (existing[0]?.sequence ?? 0) + 1,
      };
      writeAtomically(path.join(folder, `${message.id}.eml`), input.raw);
      writeAtomically(path.join(folder, `${message.id}.json`), `${JSON.stringify(message, null, 2)}\n`);
      const kept = [message, ...existing.filter((entry) => entry.id !== message.id)];
      for (const old of kept.slice(keep)) {
        rmSync(path.join(folder, `${old.id}.json`), { force: true });
        rmSync(path.join(folder, `${old.id}.eml`), { force: true });
      }
      return message;
    },
    list(limit = keep) {
      return entries().slice(0, Math.max(0, limit));
    },
    read(id) {
      if (!isId(id)) return null;
      const message = readEntry(path.join(folder, `${id}.json`));
      if (!message) return null;
      try {
        return { message, raw: readFileSync(/*turbopackIgnore: true*/ path.join(folder, `${id}.eml`)) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
  };
}

function readEntry(file: string): MailboxMessage | null {
  let text: string;
  try {
    text = readFileSync(/*turbopackIgnore: true*/ file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<MailboxMessage>;
    if (typeof value.id !== "string" || typeof value.sequence !== "number") return null;
    return value as MailboxMessage;
  } catch {
    // Not one of ours, or written by hand: a development folder, not worth stopping the list for.
    return null;
  }
}

function writeAtomically(file: string, content: string | Buffer) {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  writeFileSync(/*turbopackIgnore: true*/ temporary, content);
  renameSync(temporary, file);
}
