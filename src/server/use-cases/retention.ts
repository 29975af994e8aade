/**
 * Retention (docs/rules.md#retention), a nightly job of the queue (src/server/jobs/schedules.ts): the audit journal's
 * entries older than `AUDIT_RETENTION_MONTHS` are deleted, and the closed files past their agency's
 * `closedFileRetentionMonths` after closing are anonymised — names, civility, street address, e-mail, phone, birth date, France Travail
 * identifier and calendar feed token replaced or removed, the seeker's account disabled (its sessions ended), the
 * diagnostics' answers, reasons and written justification emptied, the texts and recipients of their messages, the
 * managers' notes on their placement requests and the words of their requests on appointments removed, the texts of the
 * tandem's notes and of their conversation's messages emptied, and under the 2025 offer (issue 20) their orientations'
 * answers, situation (RSA, age, RQTH), reasons and justification, the notes of the département's decisions and their
 * contracts' plans, commitments and reasons emptied. What is kept: the file's existence, agency, status, modality,
 * commune and postal code, and its appointments' dates and outcomes (the agency's statistics).
 *
 * Diagnostics and the journal are append-only: their triggers refuse every UPDATE and DELETE, except from the
 * PostgreSQL role `modalis_maintenance` (migration 20261201140000_retention), and then only a journal entry's deletion or
 * the emptying of a diagnostic's answers (or of a tandem note's text). This use case takes that role with `SET LOCAL ROLE` around those
 * statements only, inside its one transaction, and journals what it did (`retention.purged`, counts only) in the same
 * transaction. A system job: no actor, no permission check (as the nightly booking).
 */
import type { Prisma } from "@/generated/prisma/client";
import { auditRow } from "@/server/audit";
import { nowOf, runInTransaction, type Tx, type UseCaseOptions } from "./kit";

/** Closed files anonymised per run at most (the next night goes on). */
const DEFAULT_FILES_PER_RUN = 5_000;

export const MAINTENANCE_ROLE = "modalis_maintenance";

export type RetentionSummary = {
  auditEventsDeleted: number;
  filesAnonymised: number;
  /** Files anonymised per agency. */
  byAgency: Record<string, number>;
};

export type RetentionOptions = UseCaseOptions & {
  /** Months the journal keeps an entry (`AUDIT_RETENTION_MONTHS`). */
  auditRetentionMonths: number;
  filesPerRun?: number;
};

/** The birth date an anonymised file keeps (the column is required). */
export const ANONYMISED_BIRTH_DATE = "1900-01-01";
export const ANONYMISED_NAME = "Anonyme";

export async function purgeExpiredData(options: RetentionOptions): Promise<RetentionSummary> {
  const now = nowOf(options);
  const months = options.auditRetentionMonths;
  if (!Number.isInteger(months) || months < 1) throw new Error(`Durée de conservation du journal invalide : ${months} mois.`);
  return runInTransaction(options, (tx) => purge(tx, now, months, options.filesPerRun ?? DEFAULT_FILES_PER_RUN), {
    timeoutMs: 300_000,
    conflictMessage: "La purge des données expirées est entrée en conflit avec une autre modification. Rien n'a été supprimé ; elle sera relancée.",
  });
}

async function purge(tx: Tx, now: Date, auditRetentionMonths: number, filesPerRun: number): Promise<RetentionSummary> {
  const nowIso = now.toISOString();
  const files = await tx.$queryRawUnsafe<{ id: string; agencyId: string; userId: string | null; months: number }[]>(
    `SELECT s."id"::text AS "id", s."agencyId"::text AS "agencyId", s."userId"::text AS "userId", ag."closedFileRetentionMonths" AS "months"
     FROM "Seeker" s JOIN "Agency" ag ON ag."id" = s."agencyId"
     WHERE s."status" = 'CLOSED' AND s."anonymisedAt" IS NULL AND s."closedAt" IS NOT NULL
       AND s."closedAt" < $1::timestamptz - make_interval(months => ag."closedFileRetentionMonths")
     ORDER BY s."closedAt", s."id" LIMIT $2
     FOR UPDATE OF s SKIP LOCKED`,
    nowIso,
    filesPerRun,
  );
  const seekerIds = files.map((f) => f.id);
  const userIds = files.flatMap((f) => (f.userId ? [f.userId] : []));

  if (seekerIds.length > 0) {
    await tx.$executeRawUnsafe(
      `UPDATE "Seeker" SET "firstName" = $2, "lastName" = $2, "birthDate" = $3::date, "email" = NULL, "phone" = NULL,
         "address" = NULL, "civility" = NULL,
         "franceTravailId" = 'ANONYME-' || "id"::text, "calendarFeedToken" = NULL, "smsConsent" = false, "smsConsentAt" = NULL,
         "emailBounceReason" = NULL, "phoneInvalidReason" = NULL, "anonymisedAt" = $4::timestamptz, "updatedAt" = $4::timestamptz
       WHERE "id" = ANY($1::uuid[])`,
      seekerIds,
      ANONYMISED_NAME,
      ANONYMISED_BIRTH_DATE,
      nowIso,
    );
    if (userIds.length > 0) {
      await tx.$executeRawUnsafe(
        `UPDATE "User" SET "firstName" = $2, "lastName" = $2, "email" = 'anonyme-' || "id"::text || '@anonyme.invalid', "active" = false
         WHERE "id" = ANY($1::uuid[])`,
        userIds,
        ANONYMISED_NAME,
      );
      await tx.$executeRawUnsafe(`DELETE FROM "UserSession" WHERE "userId" = ANY($1::uuid[])`, userIds);
    }
    await tx.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET "recipient" = '', "subject" = '', "text" = '', "html" = '', "ics" = NULL, "lastError" = NULL
       WHERE "seekerId" = ANY($1::uuid[])`,
      seekerIds,
    );
    await tx.$executeRawUnsafe(`UPDATE "PlacementRequest" SET "note" = NULL, "resolution" = NULL WHERE "seekerId" = ANY($1::uuid[])`, seekerIds);
    // The seeker's requests on their appointments: their words and the advisor's (docs/rules.md#seekers-requests-on-appointments).
    await tx.$executeRawUnsafe(`UPDATE "AppointmentRequest" SET "reason" = '—', "answerNote" = NULL WHERE "seekerId" = ANY($1::uuid[])`, seekerIds);
  }

  // The append-only tables, as the maintenance role, for these two statements only.
  const [role] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(
    `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) THEN pg_has_role(current_user, $1, 'MEMBER') ELSE false END AS "ok"`,
    MAINTENANCE_ROLE,
  );
  if (!role?.ok) {
    throw new Error(
      `Purge impossible : le rôle PostgreSQL « ${MAINTENANCE_ROLE} » n'existe pas ou l'utilisateur de la base n'en est pas membre (voir le README, « The maintenance role »). Rien n'a été purgé.`,
    );
  }
  await tx.$executeRawUnsafe(`SET LOCAL ROLE ${MAINTENANCE_ROLE}`);
  const auditEventsDeleted = await tx.$executeRawUnsafe(
    `DELETE FROM "AuditEvent" WHERE "createdAt" < $1::timestamptz - make_interval(months => $2::int)`,
    nowIso,
    auditRetentionMonths,
  );
  if (seekerIds.length > 0) {
    // The tandem's notes (docs/rules.md#the-tandem-file): their text is emptied, their author and date kept.
    await tx.$executeRawUnsafe(`UPDATE "TandemNote" SET "text" = '' WHERE "seekerId" = ANY($1::uuid[]) AND "text" <> ''`, seekerIds);
    await tx.$executeRawUnsafe(
      `UPDATE "Diagnostic" SET "answers" = '{}'::jsonb, "reasons" = '[]'::jsonb, "overrideJustification" = NULL WHERE "seekerId" = ANY($1::uuid[])`,
      seekerIds,
    );
    // The conversation's messages keep their dates and authors (counts), not their text (docs/rules.md#conversations).
    await tx.$executeRawUnsafe(`UPDATE "ConversationMessage" SET "body" = '' WHERE "seekerId" = ANY($1::uuid[]) AND "body" <> ''`, seekerIds);
    // The 2025 offer (issue 20): parcours, referent, intensity and dates kept (statistics); what was said, not. A
    // contract's reason becomes '' rather than NULL (its CHECK asks for one when the weekly activity is not 15 h).
    await tx.$executeRawUnsafe(
      `UPDATE "Orientation" SET "answers" = '{}'::jsonb, "situation" = '{}'::jsonb, "reasons" = '[]'::jsonb, "overrideJustification" = NULL WHERE "seekerId" = ANY($1::uuid[])`,
      seekerIds,
    );
    await tx.$executeRawUnsafe(
      `UPDATE "DepartementDecision" SET "note" = NULL WHERE "note" IS NOT NULL AND "orientationId" IN (SELECT "id" FROM "Orientation" WHERE "seekerId" = ANY($1::uuid[]))`,
      seekerIds,
    );
    await tx.$executeRawUnsafe(
      `UPDATE "EngagementContract" SET "plan" = '{}'::jsonb, "seekerCommitments" = '', "advisorCommitments" = '',
         "weeklyHoursReason" = CASE WHEN "weeklyHoursReason" IS NULL THEN NULL ELSE '' END WHERE "seekerId" = ANY($1::uuid[])`,
      seekerIds,
    );
    // Breaches (docs/rules.md#breaches-2025): the obligation, the steps and their dates kept; the facts and every text
    // entered emptied (a decision's text becomes '', its CHECK asks for one).
    await tx.$executeRawUnsafe(`UPDATE "Breach" SET "facts" = '' WHERE "seekerId" = ANY($1::uuid[]) AND "facts" <> ''`, seekerIds);
    await tx.$executeRawUnsafe(
      `UPDATE "BreachEvent" SET "text" = CASE WHEN "kind" = 'DECIDED' THEN '' ELSE NULL END
         WHERE "text" IS NOT NULL AND "text" <> '' AND "breachId" IN (SELECT "id" FROM "Breach" WHERE "seekerId" = ANY($1::uuid[]))`,
      seekerIds,
    );
  }
  await tx.$executeRawUnsafe("RESET ROLE");

  const byAgency: Record<string, number> = {};
  const monthsOf: Record<string, number> = {};
  for (const file of files) {
    byAgency[file.agencyId] = (byAgency[file.agencyId] ?? 0) + 1;
    monthsOf[file.agencyId] = file.months;
  }
  const entries: Prisma.AuditEventUncheckedCreateInput[] = [
    auditRow({
      actor: null,
      action: "retention.purged",
      agencyId: null,
      metadata: { auditEventsDeleted, filesAnonymised: files.length, auditRetentionMonths },
    }),
    // Each agency's journal shows its own anonymised files.
    ...Object.entries(byAgency).map(([agencyId, filesAnonymised]) =>
      auditRow({
        actor: null,
        action: "retention.purged",
        agencyId,
        subjectType: "Agency",
        subjectId: agencyId,
        metadata: { filesAnonymised, closedFileRetentionMonths: monthsOf[agencyId] ?? null },
      }),
    ),
  ];
  await tx.auditEvent.createMany({ data: entries });
  return { auditEventsDeleted, filesAnonymised: files.length, byAgency };
}
