/**
 * Conversations between a seeker and their advisor (issue 18, docs/rules.md#conversations): writing and reading,
 * unread counts per reader, the « new message » notice (once per burst, never the content), the reply deadline and
 * « en retard », the rate limit, bad input refused with nothing written, the row scope, the conversation following the
 * seeker through a rebalancing and a transfer, the append-only table, the data export and the retention purge.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import {
  agencyConversationCounts,
  conversationInbox,
  conversationOf,
  conversationOpened,
  conversationState,
  unreadMessageCount,
} from "@/server/queries/conversations";
import { myData } from "@/server/queries/my-data";
import { markConversationRead, RATE_LIMITED, sendConversationMessage } from "@/server/use-cases/conversations";
import { journaledRead } from "@/server/audit";
import { moveSeekers } from "@/server/use-cases/rebalance";
import { purgeExpiredData } from "@/server/use-cases/retention";
import { transferSeeker } from "@/server/use-cases/seeker-life-cycle";
import { DomainError } from "@/server/errors";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { actorOf, makeGapCast, makePortfolio, makeSeeker, makeUser } from "../support/factories";

// Monday 2 March 2026, 9:00 in Gap.
const NOW = new Date("2026-03-02T08:00:00.000Z");

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function world(db: PrismaClient) {
  const cast = await makeGapCast(db);
  const pAlice = await makePortfolio(db, cast.agency.id, cast.alice.id, "GLOBAL", 100);
  const pBruno = await makePortfolio(db, cast.agency.id, cast.bruno.id, "GLOBAL", 100);
  const seekerUser = await db.user.create({
    data: { email: "camille@exemple.test", firstName: "Camille", lastName: "Durand", role: "SEEKER", passwordHash: "x" },
  });
  const seeker = await makeSeeker(db, cast.agency.id, { portfolio: pAlice, assignment: {}, email: "camille@exemple.test", userId: seekerUser.id });
  const otherUser = await db.user.create({ data: { email: "other@exemple.test", firstName: "Other", lastName: "Seeker", role: "SEEKER", passwordHash: "x" } });
  const otherSeeker = await makeSeeker(db, cast.agency.id, { portfolio: pBruno, assignment: {}, email: "other@exemple.test", userId: otherUser.id });
  const social = await makeUser(db, null, "SOCIAL_WORKER", "Sami", "Social");
  await db.socialTandem.create({ data: { agencyId: cast.agency.id, seekerId: seeker.id, socialWorkerId: social.id } });
  return { ...cast, pAlice, pBruno, seeker, seekerActor: actorOf(seekerUser), otherSeeker, otherActor: actorOf(otherUser), social };
}

describe("conversations", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const at = (iso: string) => ({ now: new Date(iso), db: db.prisma });

  it("the seeker writes, the advisor sees it unread and unanswered, opens it (journaled), answers; the seeker is told once per burst, without the content", async () => {
    const w = await world(db.prisma);
    await sendConversationMessage(
      w.seekerActor,
      { body: "  Bonjour, j'ai une question sur mon rendez-vous. https://exemple.test  " },
      at("2026-03-02T08:00:00Z"),
    );
    const stored = await db.prisma.conversationMessage.findFirstOrThrow({ where: { seekerId: w.seeker.id } });
    expect(stored).toMatchObject({
      authorId: w.seekerActor.id,
      authorRole: "SEEKER",
      body: "Bonjour, j'ai une question sur mon rendez-vous. https://exemple.test",
    });

    let inbox = await conversationInbox(w.alice, { now: NOW });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ seekerId: w.seeker.id, unread: 1, pending: { deadline: "2026-03-04", late: false } });
    expect(await unreadMessageCount(w.alice)).toBe(1);
    // The social worker of the open tandem reads it too, with their own unread count.
    expect(await unreadMessageCount(w.social)).toBe(1);

    // The page: the conversation read through the journal, then the marker moved.
    await journaledRead(
      () => conversationOf(w.alice, w.seeker.id),
      (shown) => conversationOpened(w.alice, shown),
    );
    await markConversationRead(w.alice, { seekerId: w.seeker.id }, at("2026-03-02T08:05:00Z"));
    inbox = await conversationInbox(w.alice, { now: NOW });
    expect(inbox[0]!.unread).toBe(0);
    expect(await unreadMessageCount(w.social)).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { action: "conversation.opened", actorId: w.alice.id, seekerId: w.seeker.id } })).toBe(1);

    const reply = await sendConversationMessage(
      w.alice,
      { seekerId: w.seeker.id, body: "Bonjour Camille, je vous rappelle demain." },
      at("2026-03-02T09:00:00Z"),
    );
    expect(reply.notified).toBe(true);
    const second = await sendConversationMessage(w.alice, { seekerId: w.seeker.id, body: "Et voici l'adresse." }, at("2026-03-02T09:01:00Z"));
    expect(second.notified).toBe(false);
    const notices = await db.prisma.outboxMessage.findMany({ where: { seekerId: w.seeker.id, kind: "NEW_MESSAGE" } });
    expect(notices).toHaveLength(1);
    for (const notice of notices) {
      expect(notice.text).not.toContain("rappelle");
      expect(notice.subject).toContain("nouveau message");
    }
    expect(await db.prisma.auditEvent.count({ where: { action: "conversation.message_sent", actorId: w.alice.id } })).toBe(2);
    expect((await conversationInbox(w.alice, { now: NOW }))[0]!.pending).toBeNull();

    // The seeker sees who wrote, and who can read.
    expect(await unreadMessageCount(w.seekerActor)).toBe(2);
    const seen = await conversationOf(w.seekerActor, undefined);
    expect(seen!.participants).toEqual({ advisor: "Alice Bernard", socialWorker: "Sami Social" });
    expect(seen!.messages.map((m) => [m.authorName, m.authorRole, m.mine])).toEqual([
      ["Camille Durand", "SEEKER", true],
      ["Alice Bernard", "ADVISOR", false],
      ["Alice Bernard", "ADVISOR", false],
    ]);
    expect(conversationOpened(w.seekerActor, seen)).toBeNull();
    await markConversationRead(w.seekerActor, {}, at("2026-03-02T10:00:00Z"));
    expect(await unreadMessageCount(w.seekerActor)).toBe(0);
    // Read since: the next staff message is told again.
    expect((await sendConversationMessage(w.social, { seekerId: w.seeker.id, body: "Bonjour, je suis Sami." }, at("2026-03-02T11:00:00Z"))).notified).toBe(
      true,
    );
    expect(await db.prisma.outboxMessage.count({ where: { seekerId: w.seeker.id, kind: "NEW_MESSAGE" } })).toBe(2);
    // The seeker's own opening is not journaled.
    expect(await db.prisma.auditEvent.count({ where: { action: "conversation.opened", actorId: w.seekerActor.id } })).toBe(0);
  });

  it("nobody outside the conversation reads or writes it: a colleague, another seeker, a manager, another social worker", async () => {
    const w = await world(db.prisma);
    await sendConversationMessage(w.seekerActor, { body: "Message privé" }, at("2026-03-02T08:00:00Z"));
    expect(await conversationOf(w.bruno, w.seeker.id)).toBeNull();
    expect(await conversationState(w.bruno, w.seeker.id)).toBeNull();
    expect((await refusal(sendConversationMessage(w.bruno, { seekerId: w.seeker.id, body: "x" }, at("2026-03-02T08:10:00Z")))).code).toBe("NOT_FOUND");
    expect((await refusal(markConversationRead(w.bruno, { seekerId: w.seeker.id }, at("2026-03-02T08:10:00Z")))).code).toBe("NOT_FOUND");
    expect((await refusal(sendConversationMessage(w.denis, { seekerId: w.seeker.id, body: "x" }, at("2026-03-02T08:10:00Z")))).code).toBe("NOT_FOUND");
    // Another seeker naming this seeker's id: not found, as for an id that does not exist; their own is theirs only.
    expect((await refusal(sendConversationMessage(w.otherActor, { seekerId: w.seeker.id, body: "x" }, at("2026-03-02T08:10:00Z")))).code).toBe("NOT_FOUND");
    expect(await conversationOf(w.otherActor, w.seeker.id)).toBeNull();
    expect(await conversationState(w.otherActor, w.seeker.id)).toBeNull();
    await sendConversationMessage(w.otherActor, { body: "Le mien" }, at("2026-03-02T08:10:00Z"));
    expect((await conversationOf(w.otherActor, undefined))!.messages.map((m) => m.body)).toEqual(["Le mien"]);
    expect((await conversationOf(w.seekerActor, undefined))!.messages.map((m) => m.body)).toEqual(["Message privé"]);
    expect((await refusal(sendConversationMessage(w.alice, { body: "sans destinataire" }, at("2026-03-02T08:10:00Z")))).code).toBe("INVALID");
    // Managers: FORBIDDEN, counts only.
    expect((await refusal(sendConversationMessage(w.manager, { seekerId: w.seeker.id, body: "x" }, at("2026-03-02T08:10:00Z")))).code).toBe("FORBIDDEN");
    expect(await conversationOf(w.manager, w.seeker.id)).toBeNull();
    const otherSocial = await makeUser(db.prisma, null, "SOCIAL_WORKER", "Olga", "Autre");
    expect(await conversationOf(otherSocial, w.seeker.id)).toBeNull();
    // A closed tandem: the social worker no longer reads.
    await db.prisma.socialTandem.updateMany({ where: { socialWorkerId: w.social.id }, data: { endedAt: NOW } });
    expect(await conversationOf(w.social, w.seeker.id)).toBeNull();
    expect((await conversationOf(w.alice, w.seeker.id))!.participants.socialWorker).toBeNull();
  });

  it("refuses an empty, blank or too long message in French, and an 11th message in 10 minutes; nothing is written", async () => {
    const w = await world(db.prisma);
    for (const body of ["", "   \n\t ", "x".repeat(2001)]) {
      const error = await refusal(sendConversationMessage(w.seekerActor, { body }, at("2026-03-02T08:00:00Z")));
      expect(error.code).toBe("INVALID");
      expect(error.message).toMatch(/message est (vide|trop long)/);
    }
    expect(await sendConversationMessage(w.seekerActor, { body: "y".repeat(2000) }, at("2026-03-02T08:00:00Z"))).toMatchObject({ notified: false });
    for (let i = 1; i < 10; i += 1) await sendConversationMessage(w.seekerActor, { body: `n° ${i}` }, at(`2026-03-02T08:0${i}:00Z`));
    const limited = await refusal(sendConversationMessage(w.seekerActor, { body: "un de trop" }, at("2026-03-02T08:09:30Z")));
    expect(limited.message).toBe(RATE_LIMITED);
    expect(await db.prisma.conversationMessage.count()).toBe(10);
    // Ten minutes after the first, one more goes.
    await sendConversationMessage(w.seekerActor, { body: "plus tard" }, at("2026-03-02T08:10:01Z"));
    expect(await db.prisma.conversationMessage.count()).toBe(11);
  });

  it("the reply deadline counts the agency's open days (holidays and closure days skipped); late once passed, as the manager's counts say", async () => {
    const w = await world(db.prisma);
    // Friday 27 February 2026, 16:00 in Gap; the agency closed on Monday 2 March.
    await db.prisma.agencyClosure.create({ data: { agencyId: w.agency.id, day: new Date("2026-03-02T00:00:00Z"), reason: "Jour de tri" } as never });
    await sendConversationMessage(w.seekerActor, { body: "Vendredi soir" }, at("2026-02-27T15:00:00Z"));
    const tuesday = await conversationInbox(w.alice, { now: new Date("2026-03-04T10:00:00Z") });
    expect(tuesday[0]!.pending).toMatchObject({ deadline: "2026-03-04", late: false });
    const thursday = await conversationInbox(w.alice, { now: new Date("2026-03-05T10:00:00Z") });
    expect(thursday[0]!.pending).toMatchObject({ late: true });
    expect(await agencyConversationCounts(w.manager, w.agency.id, { now: new Date("2026-03-05T10:00:00Z") })).toEqual({
      unanswered: 1,
      late: 1,
      replyWorkingDays: 2,
    });
    expect(await agencyConversationCounts(w.otherManager, w.agency.id, { now: NOW })).toBeNull();
    // The oldest unanswered first.
    await sendConversationMessage(w.otherActor, { body: "Plus récent" }, at("2026-03-03T08:00:00Z"));
    await db.prisma.seeker.update({ where: { id: w.otherSeeker.id }, data: { portfolioId: w.pAlice.id } });
    const both = await conversationInbox(w.alice, { now: new Date("2026-03-05T10:00:00Z") });
    expect(both.map((l) => l.seekerId)).toEqual([w.seeker.id, w.otherSeeker.id]);
  });

  it("the conversation follows the seeker: after a rebalancing the new advisor reads the whole history, the former one nothing; the same after a transfer", async () => {
    const w = await world(db.prisma);
    await sendConversationMessage(w.seekerActor, { body: "Avant" }, at("2026-03-02T08:00:00Z"));
    await sendConversationMessage(w.alice, { seekerId: w.seeker.id, body: "Réponse d'Alice" }, at("2026-03-02T08:30:00Z"));
    await moveSeekers(w.manager, { seekerIds: [w.seeker.id], toPortfolioId: w.pBruno.id }, { now: new Date("2026-03-02T09:00:00Z"), db: db.prisma });
    expect((await conversationOf(w.bruno, w.seeker.id))!.messages.map((m) => m.body)).toEqual(["Avant", "Réponse d'Alice"]);
    expect((await conversationOf(w.seekerActor, undefined))!.participants.advisor).toBe("Bruno Martin");
    expect(await conversationOf(w.alice, w.seeker.id)).toBeNull();
    expect((await conversationInbox(w.bruno, { now: NOW })).map((l) => l.seekerId)).toContain(w.seeker.id);

    await transferSeeker(
      w.manager,
      { seekerId: w.seeker.id, toAgencyId: w.other.id, confirmed: true },
      { now: new Date("2026-03-02T10:00:00Z"), db: db.prisma },
    );
    expect(await conversationOf(w.bruno, w.seeker.id)).toBeNull();
    const pDenis = await makePortfolio(db.prisma, w.other.id, w.denis.id, "GLOBAL", 100);
    await db.prisma.seeker.update({ where: { id: w.seeker.id }, data: { portfolioId: pDenis.id, status: "FOLLOWED", modality: "GLOBAL" } });
    expect((await conversationOf(w.denis, w.seeker.id))!.messages.map((m) => m.body)).toEqual(["Avant", "Réponse d'Alice"]);
  });

  it("messages are append-only in the database, in the data export, and emptied with the file by the retention purge", async () => {
    const w = await world(db.prisma);
    await sendConversationMessage(w.seekerActor, { body: "Mon message" }, at("2026-03-02T08:00:00Z"));
    await sendConversationMessage(w.alice, { seekerId: w.seeker.id, body: "Ma réponse" }, at("2026-03-02T08:30:00Z"));
    await expect(db.prisma.conversationMessage.updateMany({ data: { body: "changé" } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.conversationMessage.deleteMany({})).rejects.toThrow(/append-only/);
    // The maintenance role may empty a text, nothing else.
    const asMaintenance = (sql: string) =>
      db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL ROLE modalis_maintenance");
        return tx.$executeRawUnsafe(sql);
      });
    await expect(asMaintenance(`UPDATE "ConversationMessage" SET "body" = 'autre'`)).rejects.toThrow(/append-only/);
    await expect(asMaintenance(`UPDATE "ConversationMessage" SET "body" = '', "authorRole" = 'MANAGER'`)).rejects.toThrow(/append-only/);
    await expect(asMaintenance(`DELETE FROM "ConversationMessage"`)).rejects.toThrow(/append-only|permission/);

    const exported = await myData(w.seekerActor, { now: NOW });
    expect(exported!.data.conversation).toEqual([
      { date: "2026-03-02T08:00:00.000Z", de: "Vous", texte: "Mon message" },
      { date: "2026-03-02T08:30:00.000Z", de: expect.stringContaining("Alice Bernard") as string, texte: "Ma réponse" },
    ]);

    await db.prisma.seeker.update({
      where: { id: w.seeker.id },
      data: { status: "CLOSED", closedAt: new Date("2023-01-01T00:00:00Z"), exitReason: "REPRISE_EMPLOI", portfolioId: null },
    });
    await purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 24 });
    const rows = await db.prisma.conversationMessage.findMany({ where: { seekerId: w.seeker.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.body, r.authorRole])).toEqual([
      ["", "SEEKER"],
      ["", "ADVISOR"],
    ]);
    // An anonymised file takes no message any more.
    const closed = await refusal(sendConversationMessage(w.seekerActor, { body: "Encore" }, at("2026-03-02T09:00:00Z")));
    expect(closed.code).toBe("CONFLICT");
  });
});

export type { Actor };
