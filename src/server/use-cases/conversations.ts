/**
 * Conversations between a seeker and their advisor (issue 18, docs/rules.md#conversations). The messages are keyed by
 * the seeker, so the conversation follows the file when its portfolio changes hands; they are append-only (a trigger
 * refuses UPDATE and DELETE; there is no edit or delete path). Writing: the seeker, the advisor in charge, and for the
 * global modality the social worker of the open tandem (row scope `conversation`). Each write, in one transaction:
 * the per-sender rate limit (counted in the table itself, the sender's user row locked, so it holds across instances),
 * the message, the author's read marker, at most one « new message » notice per reader until they read (to the seeker
 * only, through the outbox, never with the content), and for staff the journal entry.
 */
import { MESSAGE_RATE_LIMIT, MESSAGE_RATE_WINDOW_MINUTES, normaliseMessageBody } from "@/domain";
import { composeMessage } from "@/lib/messages/compose";
import { appendAudit } from "@/server/audit";
import { hasPermission, type Actor, type Permission } from "@/server/auth/policy";
import { requireSeekerInScope } from "@/server/auth/row-scope";
import { DomainError } from "@/server/errors";
import { FRANCE_TRAVAIL_PHONE } from "@/server/messages/notices";
import { queueSeekerMessage, SEEKER_CONTACT_SELECT } from "@/server/messages/outbox";
import { nowOf, parseInput, runInTransaction, type Tx, type UseCaseOptions } from "./kit";
import { openConversationSchema, sendMessageSchema } from "./conversations.schema";

const FORBIDDEN = "Vous n'avez pas accès aux messages.";
const NOT_FOUND = "Conversation introuvable.";
export const RATE_LIMITED = `Vous avez envoyé beaucoup de messages en peu de temps (${MESSAGE_RATE_LIMIT} en ${MESSAGE_RATE_WINDOW_MINUTES} minutes au plus). Rien n'a été envoyé ; réessayez dans quelques minutes.`;
export const NO_ADVISOR = "Vous n'avez pas encore de conseiller·ère : les messages seront possibles après votre premier entretien. Rien n'a été envoyé.";

const SEEKER_SELECT = {
  id: true,
  agencyId: true,
  firstName: true,
  userId: true,
  status: true,
  anonymisedAt: true,
  portfolio: { select: { advisorId: true } },
  agency: { select: { name: true, address: true, phone: true, departement: true } },
  ...SEEKER_CONTACT_SELECT,
} as const;

/** FORBIDDEN unless the role may (seekers and social workers have no agency: the row scope does the rest). */
function requireRole(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new DomainError("FORBIDDEN", FORBIDDEN);
}

/** Staff name the seeker; a seeker may omit it (their own), and naming another's is NOT_FOUND through the scope. */
function requireTarget(actor: Actor, seekerId: string | undefined): void {
  if (actor.role !== "SEEKER" && seekerId === undefined) throw new DomainError("INVALID", "Demandeur : identifiant attendu.");
}

export type SendResult = { messageId: string; notified: boolean };

/** A message in the seeker's conversation (`seekerId` omitted by the seeker). */
export async function sendConversationMessage(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<SendResult> {
  const input = parseInput(sendMessageSchema, rawInput);
  requireRole(actor, "conversation:write");
  requireTarget(actor, input.seekerId);
  const body = normaliseMessageBody(input.body);
  if (body === null) throw new DomainError("INVALID", "Le message est vide : écrivez quelques mots avant d'envoyer.");
  const now = nowOf(options);
  return runInTransaction(options, async (tx) => {
    const seeker = await requireSeekerInScope(tx, actor, "conversation", input.seekerId, SEEKER_SELECT, NOT_FOUND);
    if (seeker.anonymisedAt !== null) throw new DomainError("CONFLICT", "Ce dossier a été anonymisé : plus aucun message n'est possible.");
    if (actor.role === "SEEKER" && seeker.portfolio === null) throw new DomainError("CONFLICT", NO_ADVISOR);
    await requireWithinRate(tx, actor.id, now);
    const message = await tx.conversationMessage.create({
      data: { agencyId: seeker.agencyId, seekerId: seeker.id, authorId: actor.id, authorRole: actor.role, body, createdAt: now },
      select: { id: true },
    });
    await markRead(tx, seeker.id, actor.id, now);
    let notified = false;
    if (actor.role !== "SEEKER") {
      notified = await notifySeeker(tx, seeker, now);
      await appendAudit(tx, {
        actor,
        action: "conversation.message_sent",
        agencyId: seeker.agencyId,
        subjectType: "ConversationMessage",
        subjectId: message.id,
        seekerId: seeker.id,
        metadata: { length: body.length, notified },
      });
    }
    return { messageId: message.id, notified };
  });
}

/**
 * The reader has seen the conversation up to now: their read marker moves (called by the open page, after each refresh).
 * Staff opening a conversation is journaled by the page (`conversationOpened`, a read of personal data).
 */
export async function markConversationRead(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<{ read: true }> {
  const input = parseInput(openConversationSchema, rawInput);
  requireRole(actor, "conversation:read");
  requireTarget(actor, input.seekerId);
  const now = nowOf(options);
  await runInTransaction(options, async (tx) => {
    const seeker = await requireSeekerInScope(tx, actor, "conversation", input.seekerId, { id: true }, NOT_FOUND);
    await markRead(tx, seeker.id, actor.id, now);
  });
  return { read: true };
}

/** RATE_LIMITED when the sender already wrote `MESSAGE_RATE_LIMIT` messages in the window (their user row locked first). */
async function requireWithinRate(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT "id" FROM "User" WHERE "id" = $1::uuid FOR UPDATE`, userId);
  const since = new Date(now.getTime() - MESSAGE_RATE_WINDOW_MINUTES * 60_000);
  const recent = await tx.conversationMessage.count({ where: { authorId: userId, createdAt: { gt: since } } });
  if (recent >= MESSAGE_RATE_LIMIT) throw new DomainError("CONFLICT", RATE_LIMITED);
}

async function markRead(tx: Tx, seekerId: string, userId: string, now: Date): Promise<void> {
  await tx.conversationReader.upsert({
    where: { seekerId_userId: { seekerId, userId } },
    create: { seekerId, userId, lastReadAt: now },
    update: { lastReadAt: now },
    select: { seekerId: true },
  });
}

type Recipient = {
  id: string;
  agencyId: string;
  firstName: string;
  userId: string | null;
  agency: { name: string; address: string; phone: string | null; departement: string };
} & {
  [K in keyof typeof SEEKER_CONTACT_SELECT]: unknown;
};

/**
 * At most one « new message » notice per conversation until the seeker reads it: none when one was already queued
 * since their last reading. Optional (a seeker who opted out of optional messages gets none); never the content.
 */
async function notifySeeker(tx: Tx, seeker: Recipient, now: Date): Promise<boolean> {
  if (!seeker.userId) return false;
  const reader = await tx.conversationReader.findUnique({
    where: { seekerId_userId: { seekerId: seeker.id, userId: seeker.userId } },
    select: { lastReadAt: true, notifiedAt: true },
  });
  if (reader?.notifiedAt && (!reader.lastReadAt || reader.notifiedAt > reader.lastReadAt)) return false;
  const contact = await tx.seeker.findUniqueOrThrow({ where: { id: seeker.id }, select: SEEKER_CONTACT_SELECT });
  const queued = await queueSeekerMessage(tx, {
    agencyId: seeker.agencyId,
    seekerId: seeker.id,
    contact,
    departement: seeker.agency.departement,
    kind: "NEW_MESSAGE",
    composed: composeMessage({
      kind: "NEW_MESSAGE",
      firstName: seeker.firstName,
      agency: {
        name: seeker.agency.name,
        address: seeker.agency.address,
        phone: seeker.agency.phone ?? FRANCE_TRAVAIL_PHONE,
        departement: seeker.agency.departement,
      },
    }),
    mandatory: false,
  });
  if (queued.length === 0) return false;
  await tx.conversationReader.upsert({
    where: { seekerId_userId: { seekerId: seeker.id, userId: seeker.userId } },
    create: { seekerId: seeker.id, userId: seeker.userId, notifiedAt: now },
    update: { notifiedAt: now },
    select: { seekerId: true },
  });
  return true;
}
