/**
 * The manager's entries and exits per month and per reason (issue 17, docs/rules.md#exits-reopening-and-transfers):
 * the agency's life events of the last twelve months (its own calendar: `occurredOn` is a day of it), counted by the
 * database per month, kind and exit reason, then folded into the months by the domain (`foldMovements`).
 */
import "server-only";
import { foldMovements, lastMonths, type MonthMovements, type MovementCount } from "@/domain";
import { readPrisma } from "@/server/db";
import type { Actor } from "@/server/auth/policy";
import { openAgency, type AgencyContext } from "./agency-context";

export type AgencyMovements = { agency: AgencyContext; months: MonthMovements[]; total: MonthMovements };

/** Null when the actor may not read the agency (another agency's manager, an advisor…). */
export async function agencyMovements(actor: Actor, agencyId: string, options: { now?: Date } = {}): Promise<AgencyMovements | null> {
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, options.now ?? new Date());
  if (!agency) return null;
  const months = lastMonths(agency.today);
  const from = `${months[0]}-01`;
  const counts = await db.$queryRaw<MovementCount[]>`
    SELECT to_char(e."occurredOn", 'YYYY-MM') AS month, e."kind"::text AS kind, e."exitReason"::text AS "exitReason", COUNT(*)::int AS n
    FROM "SeekerLifeEvent" e
    WHERE e."agencyId" = ${agency.id}::uuid AND e."occurredOn" >= ${from}::date AND e."occurredOn" <= ${agency.today}::date
    GROUP BY 1, 2, 3`;
  const folded = foldMovements(
    months,
    counts.map((c) => ({ ...c, n: Number(c.n) })),
  );
  return { agency, ...folded };
}
