import "server-only";
import { prisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import { daysBetween, firstInterviewDueDate, isFirstInterviewLate } from "@/domain";
import { backlogFigures, openAgency, SEEKER_NAME_ORDER, type BacklogFigures } from "./agency-dashboard";

/** The first-interview backlog of an agency (/agence/attente): seekers awaiting their diagnostic, oldest first. */

export const BACKLOG_PAGE_SIZE = 25;

export type BacklogRow = {
  seekerId: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  registrationDate: string;
  /** Calendar days from registration to today (agency-local). */
  waitingDays: number;
  /** Last day of the first-interview deadline. */
  dueDate: string;
  late: boolean;
  /** The earliest SCHEDULED first interview, if one is booked (it may be past and not yet recorded). */
  initialAppointment: { startsAt: Date; advisorName: string } | null;
};

export type BacklogList = {
  agency: { id: string; code: string; name: string; firstInterviewDeadlineDays: number };
  today: string;
  timeZone: string;
  figures: BacklogFigures;
  total: number;
  page: number;
  pageCount: number;
  rows: BacklogRow[];
};

type BacklogRecord = {
  id: string;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  registrationDate: Date;
  initialAt: Date | null;
  advisorFirstName: string | null;
  advisorLastName: string | null;
};

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** One page of the agency's seekers AWAITING_DIAGNOSTIC, oldest registration first, ordered and paged by the database. */
export async function backlogList(actor: Actor, agencyId: string, options: { now?: Date; page?: number } = {}): Promise<BacklogList | null> {
  const now = options.now ?? new Date();
  const db = await prisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const figures = await backlogFigures(db, agency);
  const total = figures.awaitingDiagnostic;
  const pageCount = Math.max(1, Math.ceil(total / BACKLOG_PAGE_SIZE));
  const asked = options.page ?? 1;
  const page = Math.min(Number.isInteger(asked) && asked >= 1 ? asked : 1, pageCount);
  const records = total
    ? await db.$queryRaw<BacklogRecord[]>`
        WITH page AS (
          SELECT s."id", s."franceTravailId", s."firstName", s."lastName", s."registrationDate"
          FROM "Seeker" s
          WHERE s."agencyId" = ${agency.id}::uuid AND s."status" = 'AWAITING_DIAGNOSTIC'
          ORDER BY s."registrationDate", ${SEEKER_NAME_ORDER}
          LIMIT ${BACKLOG_PAGE_SIZE} OFFSET ${(page - 1) * BACKLOG_PAGE_SIZE}
        )
        SELECT s.*, i."startsAt" AS "initialAt", i."firstName" AS "advisorFirstName", i."lastName" AS "advisorLastName"
        FROM page s
        LEFT JOIN LATERAL (
          -- Through the (seekerId, startsAt) index: only this seeker's appointments are read.
          SELECT a."startsAt", u."firstName", u."lastName"
          FROM "Appointment" a JOIN "User" u ON u."id" = a."advisorId"
          WHERE a."seekerId" = s."id" AND a."kind" = 'INITIAL' AND a."status" = 'SCHEDULED'
          ORDER BY a."startsAt"
          LIMIT 1
        ) i ON true
        ORDER BY s."registrationDate", ${SEEKER_NAME_ORDER}`
    : [];
  const rows = records.map((record): BacklogRow => {
    const registrationDate = isoDate(record.registrationDate);
    return {
      seekerId: record.id,
      franceTravailId: record.franceTravailId,
      firstName: record.firstName,
      lastName: record.lastName,
      registrationDate,
      waitingDays: daysBetween(registrationDate, agency.today),
      dueDate: firstInterviewDueDate(registrationDate, agency.firstInterviewDeadlineDays),
      late: isFirstInterviewLate(registrationDate, agency.today, agency.firstInterviewDeadlineDays, false),
      initialAppointment: record.initialAt ? { startsAt: record.initialAt, advisorName: `${record.advisorFirstName} ${record.advisorLastName}` } : null,
    };
  });
  return {
    agency: { id: agency.id, code: agency.code, name: agency.name, firstInterviewDeadlineDays: agency.firstInterviewDeadlineDays },
    today: agency.today,
    timeZone: agency.timeZone,
    figures,
    total,
    page,
    pageCount,
    rows,
  };
}
