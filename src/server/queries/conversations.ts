/**
 * Read-only queries of the conversations (docs/rules.md#conversations), each scoped by the row scope `conversation`:
 * the seeker's own, an advisor's own portfolios, a social worker's open tandems of the global modality. Managers see
 * counts only (`agencyConversationCounts`), never a message.
 */
import "server-only";
import { isReplyLate, localDateOf, replyDeadline, timeZoneOf, type IsoDate } from "@/domain";
import type { Role } from "@/generated/prisma/client";
import type { AuditInput } from "@/server/audit";
import { SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { prisma } from "@/server/db";
import { closureDatesOf } from "./agency-closures";

type Db = Awaited<ReturnType<typeof prisma>>;

export type ConversationEntry = { id: string; authorName: string; authorRole: Role; mine: boolean; body: string; createdAt: Date };
export type Participants = { advisor: string | null; socialWorker: string | null };
export type Conversation = {
  seeker: { id: string; firstName: string; lastName: string };
  participants: Participants;
  messages: ConversationEntry[];
  /** The reader's last reading before this page (messages after it are « nouveau »). */
  lastReadAt: Date | null;
  /** The seeker may write (they have an advisor); staff always may within their scope. */
  canWrite: boolean;
  /** The agency's time zone, for the times shown. */
  timeZone: string;
  agencyId: string;
};

const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

/** The conversation of a seeker within the actor's scope (the seeker's own: `seekerId` omitted), or null. */
export async function conversationOf(actor: Actor, seekerId: string | undefined, options: { db?: Db } = {}): Promise<Conversation | null> {
  if (actor.role !== "SEEKER" && seekerId === undefined) return null;
  const db = options.db ?? (await prisma());
  const scope = SEEKER_SCOPES.conversation(actor);
  const seeker = await db.seeker.findFirst({
    where: seekerId === undefined ? scope : { AND: [scope, { id: seekerId }] },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      anonymisedAt: true,
      agencyId: true,
      agency: { select: { departement: true } },
      portfolio: { select: { advisor: { select: { firstName: true, lastName: true } } } },
      tandems: { where: { endedAt: null }, select: { socialWorker: { select: { firstName: true, lastName: true } } }, take: 1 },
    },
  });
  if (!seeker) return null;
  const [rows, reader] = await Promise.all([
    // The latest 500 (a page shows no more), oldest first.
    db.conversationMessage.findMany({ where: { seekerId: seeker.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 500 }).then((r) => r.reverse()),
    db.conversationReader.findUnique({ where: { seekerId_userId: { seekerId: seeker.id, userId: actor.id } }, select: { lastReadAt: true } }),
  ]);
  const authorIds = [...new Set(rows.map((r) => r.authorId))];
  const authors = authorIds.length ? await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, firstName: true, lastName: true } }) : [];
  const nameOf = new Map(authors.map((a) => [a.id, fullName(a)]));
  const tandem = seeker.tandems[0];
  return {
    seeker: { id: seeker.id, firstName: seeker.firstName, lastName: seeker.lastName },
    participants: {
      advisor: seeker.portfolio ? fullName(seeker.portfolio.advisor) : null,
      socialWorker: tandem ? fullName(tandem.socialWorker) : null,
    },
    messages: rows.map((r) => ({
      id: r.id,
      authorName: nameOf.get(r.authorId) ?? "Ancien compte",
      authorRole: r.authorRole,
      mine: r.authorId === actor.id,
      body: r.body,
      createdAt: r.createdAt,
    })),
    lastReadAt: reader?.lastReadAt ?? null,
    canWrite: seeker.anonymisedAt === null && (actor.role !== "SEEKER" || seeker.portfolio !== null),
    timeZone: timeZoneOf(seeker.agency.departement),
    agencyId: seeker.agencyId,
  };
}

type Summary = { seekerId: string; lastAt: Date; total: number; pendingSince: Date | null; unread: number };

/** Per conversation: the last message, the first seeker message since the last staff one (unanswered), the reader's unread. */
async function summaries(db: Db, seekerIds: readonly string[], readerId: string | null): Promise<Summary[]> {
  if (seekerIds.length === 0) return [];
  return db.$queryRawUnsafe<Summary[]>(
    `WITH m AS (SELECT "seekerId", "authorId", "authorRole", "createdAt" FROM "ConversationMessage" WHERE "seekerId" = ANY($1::uuid[])),
          staff AS (SELECT "seekerId", max("createdAt") AS "at" FROM m WHERE "authorRole" <> 'SEEKER' GROUP BY "seekerId")
     SELECT m."seekerId"::text AS "seekerId", max(m."createdAt") AS "lastAt", count(*)::int AS "total",
            min(m."createdAt") FILTER (WHERE m."authorRole" = 'SEEKER' AND (staff."at" IS NULL OR m."createdAt" > staff."at")) AS "pendingSince",
            count(*) FILTER (WHERE $2::uuid IS NOT NULL AND m."authorId" <> $2::uuid AND (r."lastReadAt" IS NULL OR m."createdAt" > r."lastReadAt"))::int AS "unread"
     FROM m LEFT JOIN staff ON staff."seekerId" = m."seekerId"
     LEFT JOIN "ConversationReader" r ON r."seekerId" = m."seekerId" AND r."userId" = $2::uuid
     GROUP BY m."seekerId"`,
    seekerIds,
    readerId,
  );
}

type AgencyRule = { departement: string; messageReplyWorkingDays: number; closures: IsoDate[] };

async function agencyRules(db: Db, agencyIds: readonly string[]): Promise<Map<string, AgencyRule>> {
  const unique = [...new Set(agencyIds)];
  const agencies = unique.length
    ? await db.agency.findMany({ where: { id: { in: unique } }, select: { id: true, departement: true, messageReplyWorkingDays: true } })
    : [];
  const rules = new Map<string, AgencyRule>();
  for (const agency of agencies) rules.set(agency.id, { ...agency, closures: await closureDatesOf(db, agency.id) });
  return rules;
}

/** The reply deadline of an unanswered conversation, and whether it passed, in the agency's calendar. */
function deadlineOf(pendingSince: Date, rule: AgencyRule, now: Date): { deadline: IsoDate; late: boolean } {
  const deadline = replyDeadline({
    receivedAt: pendingSince.toISOString(),
    workingDays: rule.messageReplyWorkingDays,
    departement: rule.departement,
    closures: rule.closures,
  });
  return { deadline, late: isReplyLate(deadline, localDateOf(now.toISOString(), timeZoneOf(rule.departement))) };
}

export type InboxLine = {
  seekerId: string;
  firstName: string;
  lastName: string;
  /** The seeker's agency's time zone, for the times shown. */
  timeZone: string;
  lastAt: Date;
  total: number;
  unread: number;
  /** Unanswered: the last message is the seeker's; since when, the deadline and whether it passed. */
  pending: { since: Date; deadline: IsoDate; late: boolean } | null;
};

/** The staff member's conversations (only those with a message): unanswered first, oldest first; then the latest. */
export async function conversationInbox(actor: Actor, options: { now: Date; db?: Db }): Promise<InboxLine[]> {
  if (actor.role !== "ADVISOR" && actor.role !== "SOCIAL_WORKER") return [];
  const db = options.db ?? (await prisma());
  const seekers = await db.seeker.findMany({ where: SEEKER_SCOPES.conversation(actor), select: { id: true, agencyId: true, firstName: true, lastName: true } });
  const byId = new Map(seekers.map((s) => [s.id, s]));
  const rows = await summaries(
    db,
    seekers.map((s) => s.id),
    actor.id,
  );
  const rules = await agencyRules(
    db,
    rows.map((r) => byId.get(r.seekerId)!.agencyId),
  );
  const lines = rows.map((row): InboxLine => {
    const seeker = byId.get(row.seekerId)!;
    const rule = rules.get(seeker.agencyId)!;
    return {
      seekerId: seeker.id,
      firstName: seeker.firstName,
      lastName: seeker.lastName,
      timeZone: timeZoneOf(rule.departement),
      lastAt: row.lastAt,
      total: row.total,
      unread: row.unread,
      pending: row.pendingSince ? { since: row.pendingSince, ...deadlineOf(row.pendingSince, rule, options.now) } : null,
    };
  });
  return lines.sort((a, b) => {
    if (a.pending && b.pending) return a.pending.since.getTime() - b.pending.since.getTime();
    if (a.pending || b.pending) return a.pending ? -1 : 1;
    return b.lastAt.getTime() - a.lastAt.getTime();
  });
}

/** The reader's unread messages over all their conversations (the seeker's own; staff: their scope). */
export async function unreadMessageCount(actor: Actor, options: { db?: Db } = {}): Promise<number> {
  if (actor.role !== "SEEKER" && actor.role !== "ADVISOR" && actor.role !== "SOCIAL_WORKER") return 0;
  const db = options.db ?? (await prisma());
  const seekers = await db.seeker.findMany({ where: SEEKER_SCOPES.conversation(actor), select: { id: true } });
  const rows = await summaries(
    db,
    seekers.map((s) => s.id),
    actor.id,
  );
  return rows.reduce((sum, r) => sum + r.unread, 0);
}

/** The agency's followed conversations left unanswered, and how many of them are late (counts only: no content). */
export async function agencyConversationCounts(
  actor: Actor,
  agencyId: string,
  options: { now: Date; db?: Db },
): Promise<{ unanswered: number; late: number; replyWorkingDays: number } | null> {
  if (actor.role !== "MANAGER" && actor.role !== "ADMIN") return null;
  if (actor.role === "MANAGER" && actor.agencyId !== agencyId) return null;
  const db = options.db ?? (await prisma());
  const seekers = await db.seeker.findMany({ where: { agencyId, portfolioId: { not: null } }, select: { id: true } });
  const rows = (
    await summaries(
      db,
      seekers.map((s) => s.id),
      null,
    )
  ).filter((r) => r.pendingSince !== null);
  const rule = (await agencyRules(db, [agencyId])).get(agencyId);
  if (!rule) return null;
  return {
    unanswered: rows.length,
    late: rows.filter((r) => deadlineOf(r.pendingSince!, rule, options.now).late).length,
    replyWorkingDays: rule.messageReplyWorkingDays,
  };
}

/** What the page's light poll compares: the latest message and the count, no content. */
export async function conversationState(
  actor: Actor,
  seekerId: string | undefined,
  options: { db?: Db } = {},
): Promise<{ latest: string | null; count: number } | null> {
  if (actor.role !== "SEEKER" && seekerId === undefined) return null;
  const db = options.db ?? (await prisma());
  const scope = SEEKER_SCOPES.conversation(actor);
  const seeker = await db.seeker.findFirst({ where: seekerId === undefined ? scope : { AND: [scope, { id: seekerId }] }, select: { id: true } });
  if (!seeker) return null;
  const [count, last] = await Promise.all([
    db.conversationMessage.count({ where: { seekerId: seeker.id } }),
    db.conversationMessage.findFirst({ where: { seekerId: seeker.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { createdAt: true } }),
  ]);
  return { latest: last ? last.createdAt.toISOString() : null, count };
}

/** The journal entry of a conversation opened by staff (`conversation.opened`, a read of personal data), or null. */
export function conversationOpened(actor: Actor, conversation: Conversation | null): AuditInput | null {
  if (!conversation || actor.role === "SEEKER") return null;
  return {
    actor,
    action: "conversation.opened",
    agencyId: conversation.agencyId,
    subjectType: "Seeker",
    subjectId: conversation.seeker.id,
    seekerId: conversation.seeker.id,
  };
}
