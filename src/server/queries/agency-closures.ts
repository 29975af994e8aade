/**
 * An agency's closure days (docs/rules.md#agency-closure-days), as the slot searches take them: the local dates on
 * or after a day. Every booking path reads them here and passes them to the one working-day rule of the domain.
 */
import type { IsoDate } from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { isoDate } from "@/lib/format";

type Db = Pick<Prisma.TransactionClient, "agencyClosure">;

/** The agency's closure days from `from` on (local dates, ascending); all of them when `from` is omitted. */
export async function closureDatesOf(db: Db, agencyId: string, from?: IsoDate): Promise<IsoDate[]> {
  const rows = await db.agencyClosure.findMany({
    where: { agencyId, ...(from ? { day: { gte: new Date(`${from}T00:00:00Z`) } } : {}) },
    select: { day: true },
    orderBy: { day: "asc" },
  });
  return rows.map((row) => isoDate(row.day));
}
