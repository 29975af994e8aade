/**
 * The agency's closed files (issue 17): out of the caseloads and queues, still findable — newest exit first, with
 * their reason, a page at a time. Anonymised files are listed without names.
 */
import "server-only";
import type { ExitReason } from "@/generated/prisma/client";
import { readPrisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import { openAgency, type AgencyContext } from "./agency-context";
import { pageWindow } from "./pagination";

export const CLOSED_FILES_PAGE_SIZE = 25;

export type ClosedFiles = {
  agency: AgencyContext;
  total: number;
  page: number;
  pageCount: number;
  rows: {
    id: string;
    franceTravailId: string;
    firstName: string;
    lastName: string;
    exitReason: ExitReason | null;
    closedAt: Date | null;
    anonymised: boolean;
  }[];
};

export async function closedFiles(actor: Actor, agencyId: string, options: { now?: Date; page?: number } = {}): Promise<ClosedFiles | null> {
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, options.now ?? new Date());
  if (!agency) return null;
  const where = { agencyId: agency.id, status: "CLOSED" as const };
  const total = await db.seeker.count({ where });
  const { page, pageCount, offset } = pageWindow(total, options.page, CLOSED_FILES_PAGE_SIZE);
  const rows = await db.seeker.findMany({
    where,
    orderBy: [{ closedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
    skip: offset,
    take: CLOSED_FILES_PAGE_SIZE,
    select: { id: true, franceTravailId: true, firstName: true, lastName: true, exitReason: true, closedAt: true, anonymisedAt: true },
  });
  return {
    agency,
    total,
    page,
    pageCount,
    rows: rows.map(({ anonymisedAt, ...row }) => ({ ...row, anonymised: anonymisedAt !== null })),
  };
}
