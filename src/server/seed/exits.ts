/**
 * Closed files of the demo (issue 17), so that the manager's entries and exits per month and the closed files list
 * are not empty: about one followed file in thirty is closed on a day of the last eleven months (after its diagnostic),
 * for one of the six exit reasons, chosen from the seeker's France Travail identifier (the same demo data gives the
 * same files; the seekers the demo's messages are shown on stay followed). What the exit
 * does is done as the use case does it (src/server/use-cases/seeker-life-cycle.ts), in SQL over the whole set: the
 * appointments from that day on (and any still to come: a file closed this morning) cancelled with their queued reminders, the assignment and the tandem ended, the
 * portfolio place freed, the EXIT event written. No message is sent (it is history).
 */
import type { Prisma } from "@/generated/prisma/client";

/** One followed file in `SHARE` is closed. */
const SHARE = 30;

export async function closeDemoFiles(tx: Prisma.TransactionClient, today: string): Promise<number> {
  // Inlined (a CREATE TABLE AS takes no parameter): checked to be a plain date first.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`Date invalide : ${today}.`);
  await tx.$executeRawUnsafe(`
    CREATE TEMP TABLE demo_closing ON COMMIT DROP AS
    WITH picked AS (
      SELECT s."id", s."agencyId", s."registrationDate",
             ('x' || substr(md5(s."franceTravailId"), 1, 7))::bit(28)::int AS h,
             (SELECT max(a."startedAt") FROM "Assignment" a WHERE a."seekerId" = s."id") AS "startedAt"
      FROM "Seeker" s
      WHERE s."status" = 'FOLLOWED' AND s."userId" IS NULL
        -- The seekers the demo's messages are shown on (a bounced convocation) stay followed.
        AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" o WHERE o."seekerId" = s."id" AND o."kind" <> 'REMINDER')
    )
    SELECT p."id", p."agencyId",
           GREATEST(('${today}'::date - (p.h % 330)), (coalesce(p."startedAt"::date, p."registrationDate") + 1), p."registrationDate" + 1) AS day,
           (ARRAY['REPRISE_EMPLOI','ENTREE_FORMATION','RADIATION','CHANGEMENT_SITUATION','DEMENAGEMENT_HORS_TERRITOIRE','FIN_INSCRIPTION'])[1 + (p.h / ${SHARE}) % 6] AS reason
    FROM picked p
    WHERE p.h % ${SHARE} = 0`);
  // Only files closed by today.
  await tx.$executeRawUnsafe(`DELETE FROM demo_closing WHERE day > '${today}'::date`);
  await tx.$executeRawUnsafe(`ALTER TABLE demo_closing ADD COLUMN "closedAt" timestamptz`);
  await tx.$executeRawUnsafe(`UPDATE demo_closing SET "closedAt" = (day::timestamp + interval '10 hours') AT TIME ZONE 'UTC'`);
  await tx.$executeRawUnsafe(`
    UPDATE "OutboxMessage" o SET "status" = 'CANCELLED'
    FROM "Appointment" a JOIN demo_closing c ON c."id" = a."seekerId"
    WHERE o."appointmentId" = a."id" AND o."kind" = 'REMINDER' AND o."status" = 'QUEUED'
      AND (a."startsAt" >= c."closedAt" OR a."status" = 'SCHEDULED')`);
  await tx.$executeRawUnsafe(`
    UPDATE "Appointment" a SET "status" = 'CANCELLED', "outcomeAt" = c."closedAt"
    FROM demo_closing c WHERE a."seekerId" = c."id" AND (a."startsAt" >= c."closedAt" OR a."status" = 'SCHEDULED')`);
  await tx.$executeRawUnsafe(
    `UPDATE "Assignment" a SET "endedAt" = GREATEST(c."closedAt", a."startedAt") FROM demo_closing c WHERE a."seekerId" = c."id" AND a."endedAt" IS NULL`,
  );
  await tx.$executeRawUnsafe(
    `UPDATE "SocialTandem" t SET "endedAt" = GREATEST(c."closedAt", t."startedAt") FROM demo_closing c WHERE t."seekerId" = c."id" AND t."endedAt" IS NULL`,
  );
  const closed = await tx.$executeRawUnsafe(`
    UPDATE "Seeker" s SET "status" = 'CLOSED', "portfolioId" = NULL, "closedAt" = c."closedAt", "exitReason" = c.reason::"ExitReason"
    FROM demo_closing c WHERE s."id" = c."id"`);
  await tx.$executeRawUnsafe(`
    INSERT INTO "SeekerLifeEvent" ("agencyId", "seekerId", "kind", "exitReason", "occurredOn", "createdAt")
    SELECT c."agencyId", c."id", 'EXIT', c.reason::"ExitReason", c.day, c."closedAt" FROM demo_closing c`);
  return closed;
}
