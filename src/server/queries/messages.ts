/**
 * The messages to seekers as the pages show them (issue 16), read-only: the seeker's own on `/mon-espace`, one
 * seeker's on the staff's file (with the reason of a failure, parked for the advisor to see), the count of failures in
 * an advisor's portfolios. Every query is scoped by the policy (a seeker sees only their own, an advisor the seekers
 * they may see, a manager their agency's) and bounded: the latest `MESSAGE_LIST_LIMIT` messages.
 */
import "server-only";
import { Prisma, type OutboxChannel, type OutboxKind, type OutboxStatus } from "@/generated/prisma/client";
import { timeZoneOf } from "@/domain";
import { canReceiveSms } from "@/lib/contact";
import { isUuid } from "@/lib/route-params";
import { prisma } from "@/server/db";
import { seekerScope, type Actor } from "@/server/auth/policy";

export const MESSAGE_LIST_LIMIT = 50;

/** A message as the seeker sees it: what about, by which channel, where it is (no technical reason of a failure). */
export type ShownMessage = {
  id: string;
  kind: OutboxKind;
  channel: OutboxChannel;
  status: OutboxStatus;
  subject: string;
  mandatory: boolean;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
};

/** A message as the staff sees it: also where it went and why it failed. */
export type StaffMessage = ShownMessage & { recipient: string; attempts: number; lastError: string | null };

/** The seeker's contact details and what they allow: the flags the messages set, consent and opt-out. */
export type ContactState = {
  email: string | null;
  phone: string | null;
  /** The number can receive an SMS (a mobile in the agency's numbering plan). */
  phoneIsMobile: boolean;
  smsConsent: boolean;
  smsConsentAt: string | null;
  optionalMessagesOptOut: boolean;
  emailBouncedAt: string | null;
  emailBounceReason: string | null;
  phoneInvalidAt: string | null;
  phoneInvalidReason: string | null;
};

const contactSelect = {
  email: true,
  phone: true,
  smsConsent: true,
  smsConsentAt: true,
  optionalMessagesOptOut: true,
  emailBouncedAt: true,
  emailBounceReason: true,
  phoneInvalidAt: true,
  phoneInvalidReason: true,
  agency: { select: { departement: true } },
} as const satisfies Prisma.SeekerSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function contactOf(row: Prisma.SeekerGetPayload<{ select: typeof contactSelect }>): ContactState {
  return {
    email: row.email,
    phone: row.phone,
    phoneIsMobile: canReceiveSms(row.phone, row.agency.departement),
    smsConsent: row.smsConsent,
    smsConsentAt: iso(row.smsConsentAt),
    optionalMessagesOptOut: row.optionalMessagesOptOut,
    emailBouncedAt: iso(row.emailBouncedAt),
    emailBounceReason: row.emailBounceReason,
    phoneInvalidAt: iso(row.phoneInvalidAt),
    phoneInvalidReason: row.phoneInvalidReason,
  };
}

const messageSelect = {
  id: true,
  kind: true,
  channel: true,
  status: true,
  subject: true,
  mandatory: true,
  createdAt: true,
  sentAt: true,
  deliveredAt: true,
} as const satisfies Prisma.OutboxMessageSelect;

function shown(row: Prisma.OutboxMessageGetPayload<{ select: typeof messageSelect }>): ShownMessage {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    subject: row.subject,
    mandatory: row.mandatory,
    createdAt: row.createdAt.toISOString(),
    sentAt: iso(row.sentAt),
    deliveredAt: iso(row.deliveredAt),
  };
}

/** Newest first; ties (one message per channel, written together) by channel then id, for a stable list. */
const newestFirst: Prisma.OutboxMessageOrderByWithRelationInput[] = [{ createdAt: "desc" }, { channel: "asc" }, { id: "asc" }];

export type MyMessages = { contact: ContactState; timeZone: string; messages: ShownMessage[] };

/** The signed-in seeker's contact details and messages; null for anyone else or a seeker without a file. */
export async function myMessages(actor: Actor): Promise<MyMessages | null> {
  if (actor.role !== "SEEKER") return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({ where: seekerScope(actor), select: { id: true, ...contactSelect } });
  if (!seeker) return null;
  const rows = await db.outboxMessage.findMany({
    where: { seekerId: seeker.id },
    orderBy: newestFirst,
    take: MESSAGE_LIST_LIMIT,
    select: messageSelect,
  });
  return { contact: contactOf(seeker), timeZone: timeZoneOf(seeker.agency.departement), messages: rows.map(shown) };
}

export type SeekerMessages = { contact: ContactState; timeZone: string; messages: StaffMessage[]; failed: number };

/** One seeker's contact state and messages for the staff's file; null when the seeker is out of the actor's scope. */
export async function seekerMessages(actor: Actor, seekerId: string): Promise<SeekerMessages | null> {
  if (actor.role === "SEEKER" || !isUuid(seekerId)) return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({ where: { AND: [seekerScope(actor), { id: seekerId }] }, select: { id: true, ...contactSelect } });
  if (!seeker) return null;
  const [rows, failed] = await Promise.all([
    db.outboxMessage.findMany({
      where: { seekerId: seeker.id },
      orderBy: newestFirst,
      take: MESSAGE_LIST_LIMIT,
      select: { ...messageSelect, recipient: true, attempts: true, lastError: true },
    }),
    db.outboxMessage.count({ where: { seekerId: seeker.id, status: "FAILED" } }),
  ]);
  return {
    contact: contactOf(seeker),
    timeZone: timeZoneOf(seeker.agency.departement),
    messages: rows.map((row) => ({ ...shown(row), recipient: row.recipient, attempts: row.attempts, lastError: row.lastError })),
    failed,
  };
}

/** How many messages to the seekers of the advisor's own portfolios failed (parked for them to see); 0 for others. */
export async function failedMessagesOfPortfolio(actor: Actor): Promise<number> {
  const db = await prisma();
  const [row] = await db.$queryRaw<[{ n: number }]>`SELECT ${failedMessagesCount(actor)} AS n`;
  return row.n;
}

/**
 * The count `failedMessagesOfPortfolio` returns, as an SQL expression: the caseload page reads it in the same
 * statement as its other small figures (src/server/queries/caseload.ts, `caseloadFrame`).
 */
export function failedMessagesCount(actor: Actor): Prisma.Sql {
  if (actor.role !== "ADVISOR" || !actor.agencyId) return Prisma.sql`0`;
  return Prisma.sql`(SELECT count(*)::int FROM "OutboxMessage" o
      JOIN "Seeker" s ON s."id" = o."seekerId" JOIN "Portfolio" p ON p."id" = s."portfolioId"
      WHERE o."agencyId" = ${actor.agencyId}::uuid AND o."status" = 'FAILED'
        AND s."agencyId" = ${actor.agencyId}::uuid AND p."advisorId" = ${actor.id}::uuid)`;
}

/** The seekers of the advisor's portfolios with a failed message, by name (at most `limit`). */
export async function seekersWithFailedMessages(actor: Actor, limit = 10): Promise<{ id: string; firstName: string; lastName: string }[]> {
  if (actor.role !== "ADVISOR" || !actor.agencyId) return [];
  const db = await prisma();
  return db.seeker.findMany({
    where: { agencyId: actor.agencyId, portfolio: { advisorId: actor.id }, outboxMessages: { some: { status: "FAILED" } } },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, firstName: true, lastName: true },
  });
}

/** The kind and channel of outbox messages by id, for the administrator's view of the local mailbox; nothing for others. */
export async function outboxMessageKinds(actor: Actor, ids: readonly string[]): Promise<Map<string, { kind: OutboxKind; channel: OutboxChannel }>> {
  const wanted = ids.filter(isUuid).slice(0, 500);
  if (actor.role !== "ADMIN" || wanted.length === 0) return new Map();
  const db = await prisma();
  const rows = await db.outboxMessage.findMany({ where: { id: { in: wanted } }, select: { id: true, kind: true, channel: true } });
  return new Map(rows.map((row) => [row.id, { kind: row.kind, channel: row.channel }]));
}
