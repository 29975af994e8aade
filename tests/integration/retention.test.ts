/**
 * Retention (docs/rules.md#retention): the purge deletes the journal's entries older than the configured months and
 * keeps the recent ones; anonymises the closed files past their agency's period (and only those); the append-only
 * triggers still refuse a normal UPDATE or DELETE, and let the maintenance role do only what the purge does; the purge
 * is journaled with its counts.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { ANONYMISED_NAME, MAINTENANCE_ROLE, purgeExpiredData } from "@/server/use-cases/retention";
import { testServerUrl, type TestDatabase } from "../support/database";
import { makeAgency, makeAppointment, makeDiagnostic, makeSeeker, makeUser } from "../support/factories";
import { freshDatabase } from "../support/fresh-database";

const NOW = new Date("2026-11-30T02:00:00.000Z");
const monthsAgo = (months: number, days = 0) => {
  const date = new Date(NOW);
  date.setUTCMonth(date.getUTCMonth() - months);
  return new Date(date.getTime() - days * 86_400_000);
};
const ANSWERS = {
  project: 2,
  skills: 1,
  jobSearch: 1,
  digital: 0,
  basicSkills: 0,
  monthsWithoutWork: 2,
  barriers: { HOUSING: "MAJOR", HEALTH: "MAJOR" },
  webVolunteer: false,
} as const;

let db: TestDatabase;
freshDatabase("each", (fresh) => (db = fresh));

async function world(prisma: PrismaClient) {
  const agency = await makeAgency(prisma, { closedFileRetentionMonths: 24 });
  const advisor = await makeUser(prisma, agency.id, "ADVISOR", "Anne", "Alpha");
  let hour = 0;
  const closedFile = async (closedAt: Date | null, status: "CLOSED" | "FOLLOWED" = "CLOSED") => {
    hour += 1;
    const account = await makeUser(prisma, agency.id, "SEEKER", "Camille", "Durand", { email: `camille-${Math.random()}@exemple.test` });
    const seeker = await makeSeeker(prisma, agency.id, {
      firstName: "Camille",
      lastName: "Durand",
      email: "camille@exemple.test",
      phone: "06 12 34 56 78",
      civility: "MME",
      address: "12 rue des Lilas",
      calendarFeedToken: `jeton-${Math.random()}`,
      userId: account.id,
      status,
      closedAt,
    });
    await makeDiagnostic(prisma, {
      agencyId: agency.id,
      seekerId: seeker.id,
      authorId: advisor.id,
      answers: ANSWERS,
      overrideJustification: "Situation de logement difficile",
    });
    const appointment = await makeAppointment(prisma, {
      agencyId: agency.id,
      seekerId: seeker.id,
      advisorId: advisor.id,
      startsAt: new Date(Date.parse("2024-03-12T08:00:00.000Z") + hour * 3_600_000),
      status: "DONE",
    });
    await prisma.outboxMessage.create({
      data: {
        agencyId: agency.id,
        seekerId: seeker.id,
        appointmentId: appointment.id,
        kind: "CONVOCATION",
        recipient: "camille@exemple.test",
        subject: "Votre rendez-vous",
        text: "Bonjour Camille",
        html: "<p>Bonjour Camille</p>",
      },
    });
    return { seeker, account, appointment };
  };
  return { agency, advisor, closedFile };
}

describe("the retention purge", () => {
  it("deletes the journal's entries older than the period and keeps the recent ones, and journals itself", async () => {
    const { agency } = await world(db.prisma);
    const event = (createdAt: Date, action = "auth.login.succeeded") => db.prisma.auditEvent.create({ data: { agencyId: agency.id, action, createdAt } });
    const old = await Promise.all([event(monthsAgo(13)), event(monthsAgo(12, 1)), event(monthsAgo(36))]);
    const recent = await Promise.all([event(monthsAgo(11)), event(monthsAgo(0, 3))]);
    const summary = await purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 12 });
    expect(summary.auditEventsDeleted).toBe(3);
    const left = await db.prisma.auditEvent.findMany({ select: { id: true, action: true, metadata: true, agencyId: true } });
    expect(left.filter((e) => old.some((o) => o.id === e.id))).toEqual([]);
    expect(recent.every((r) => left.some((e) => e.id === r.id))).toBe(true);
    const journal = left.filter((e) => e.action === "retention.purged");
    expect(journal).toEqual([expect.objectContaining({ agencyId: null, metadata: { auditEventsDeleted: 3, filesAnonymised: 0, auditRetentionMonths: 12 } })]);
  });

  it("follows the configured period", async () => {
    const { agency } = await world(db.prisma);
    await db.prisma.auditEvent.create({ data: { agencyId: agency.id, action: "auth.login.succeeded", createdAt: monthsAgo(13) } });
    expect((await purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 24 })).auditEventsDeleted).toBe(0);
    expect((await purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 12 })).auditEventsDeleted).toBe(1);
  });

  it("anonymises the closed files past the agency's period, and only those", async () => {
    const { agency, closedFile } = await world(db.prisma);
    const expired = await closedFile(monthsAgo(25));
    const recent = await closedFile(monthsAgo(23));
    const followed = await closedFile(null, "FOLLOWED");
    const session = await db.prisma.userSession.create({
      data: { userId: expired.account.id, sessionVersion: 0, address: "203.0.113.9", createdAt: NOW, lastSeenAt: NOW },
    });
    const summary = await purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 12 });
    expect(summary.filesAnonymised).toBe(1);
    expect(summary.byAgency).toEqual({ [agency.id]: 1 });

    const seeker = await db.prisma.seeker.findUniqueOrThrow({ where: { id: expired.seeker.id } });
    expect(seeker).toMatchObject({
      firstName: ANONYMISED_NAME,
      lastName: ANONYMISED_NAME,
      email: null,
      phone: null,
      // The registration file's personal columns (issue 17) too.
      civility: null,
      address: null,
      calendarFeedToken: null,
      franceTravailId: `ANONYME-${seeker.id}`,
      anonymisedAt: NOW,
      status: "CLOSED",
    });
    expect(seeker.birthDate.toISOString().slice(0, 10)).toBe("1900-01-01");
    const account = await db.prisma.user.findUniqueOrThrow({ where: { id: expired.account.id } });
    expect(account).toMatchObject({ active: false, firstName: ANONYMISED_NAME, lastName: ANONYMISED_NAME });
    expect(account.email).not.toContain("camille");
    expect(await db.prisma.userSession.findUnique({ where: { id: session.id } })).toBeNull();
    const diagnostic = await db.prisma.diagnostic.findFirstOrThrow({ where: { seekerId: seeker.id } });
    expect(diagnostic).toMatchObject({ answers: {}, reasons: [], overrideJustification: null });
    const message = await db.prisma.outboxMessage.findFirstOrThrow({ where: { seekerId: seeker.id } });
    expect(message).toMatchObject({ recipient: "", subject: "", text: "", html: "", ics: null });
    // The appointment's date and outcome stay, for the statistics.
    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: expired.appointment.id } })).toMatchObject({ status: "DONE" });

    for (const kept of [recent, followed]) {
      expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: kept.seeker.id } })).toMatchObject({
        lastName: "Durand",
        anonymisedAt: null,
        address: "12 rue des Lilas",
        civility: "MME",
      });
      const keptDiagnostic = await db.prisma.diagnostic.findFirstOrThrow({ where: { seekerId: kept.seeker.id } });
      expect(keptDiagnostic.answers).toEqual(ANSWERS);
      expect((await db.prisma.outboxMessage.findFirstOrThrow({ where: { seekerId: kept.seeker.id } })).text).toBe("Bonjour Camille");
    }
    const journal = await db.prisma.auditEvent.findMany({ where: { action: "retention.purged" }, orderBy: { agencyId: "asc" } });
    expect(journal.map((e) => [e.agencyId, e.metadata])).toEqual(
      expect.arrayContaining([
        [null, { auditEventsDeleted: 0, filesAnonymised: 1, auditRetentionMonths: 12 }],
        [agency.id, { filesAnonymised: 1, closedFileRetentionMonths: 24 }],
      ]),
    );
    // A second run finds nothing more to do.
    expect((await purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 12 })).filesAnonymised).toBe(0);
  });

  it("follows each agency's period", async () => {
    const { closedFile } = await world(db.prisma);
    const file = await closedFile(monthsAgo(7));
    await db.prisma.agency.update({ where: { id: file.seeker.agencyId }, data: { closedFileRetentionMonths: 6 } });
    expect((await purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 12 })).filesAnonymised).toBe(1);
  });

  it("leaves the triggers refusing a normal UPDATE or DELETE of the journal and the diagnostics", async () => {
    const { agency, closedFile } = await world(db.prisma);
    const { seeker } = await closedFile(monthsAgo(1));
    const event = await db.prisma.auditEvent.create({ data: { agencyId: agency.id, action: "auth.login.succeeded", createdAt: monthsAgo(30) } });
    await purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 48 });
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "id" = $1::uuid`, event.id)).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'x' WHERE "id" = $1::uuid`, event.id)).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe(`UPDATE "Diagnostic" SET "answers" = '{}'::jsonb WHERE "seekerId" = $1::uuid`, seeker.id)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "Diagnostic" WHERE "seekerId" = $1::uuid`, seeker.id)).rejects.toThrow(/append-only/);
    expect(await db.prisma.auditEvent.count({ where: { id: event.id } })).toBe(1);
  });

  it("lets the maintenance role do only what the purge does", async () => {
    const { agency, closedFile } = await world(db.prisma);
    const { seeker } = await closedFile(monthsAgo(1));
    const event = await db.prisma.auditEvent.create({ data: { agencyId: agency.id, action: "auth.login.succeeded" } });
    const asMaintenance = (sql: string, ...values: unknown[]) =>
      db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL ROLE ${MAINTENANCE_ROLE}`);
        return tx.$executeRawUnsafe(sql, ...values);
      });
    await expect(asMaintenance(`UPDATE "AuditEvent" SET "action" = 'x' WHERE "id" = $1::uuid`, event.id)).rejects.toThrow(/append-only|permission/);
    await expect(asMaintenance(`DELETE FROM "Diagnostic" WHERE "seekerId" = $1::uuid`, seeker.id)).rejects.toThrow(/append-only|permission/);
    await expect(asMaintenance(`UPDATE "Diagnostic" SET "decidedModality" = 'SUIVI' WHERE "seekerId" = $1::uuid`, seeker.id)).rejects.toThrow(/append-only/);
    // Other tables are out of its reach.
    await expect(asMaintenance(`UPDATE "Seeker" SET "lastName" = 'X' WHERE "id" = $1::uuid`, seeker.id)).rejects.toThrow(/permission/);
    expect(await asMaintenance(`DELETE FROM "AuditEvent" WHERE "id" = $1::uuid`, event.id)).toBe(1);
  });

  // The role belongs to the whole server on PostgreSQL: dropped only in the embedded database of this test.
  it.skipIf(testServerUrl)("refuses to purge, in French and purging nothing, without the maintenance role", async () => {
    const { agency } = await world(db.prisma);
    await db.prisma.auditEvent.create({ data: { agencyId: agency.id, action: "auth.login.succeeded", createdAt: monthsAgo(30) } });
    await db.prisma.$executeRawUnsafe(`DROP OWNED BY ${MAINTENANCE_ROLE}`);
    await db.prisma.$executeRawUnsafe(`DROP ROLE ${MAINTENANCE_ROLE}`);
    await expect(purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 12 })).rejects.toThrow(
      /Purge impossible : le rôle PostgreSQL « modalis_maintenance »/,
    );
    expect(await db.prisma.auditEvent.count()).toBe(1);
  });
});
