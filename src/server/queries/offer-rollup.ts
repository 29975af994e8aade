/**
 * The administrator's comparison of the agencies on each offer (issue 20, docs/rules.md#dashboard-2025): the national
 * roll-up of /admin (`agencyRollup`) with each agency's offer, its followed seekers and overdue M4/M9 reviews, and for
 * an agency on the 2025 offer its contract and intensive-support figures (`offer2025Figures`, the manager's own);
 * then, per offer, the agencies' count, their followed seekers and the indicators summed over them. Read-only.
 */
import "server-only";
import { localDateOf, MODALITIES, timeZoneOf } from "@/domain";
import type { AgencyOffer, Modality } from "@/generated/prisma/client";
import { readPrisma } from "@/server/db";
import { agencyScope, hasPermission, type Actor } from "@/server/auth/policy";
import type { AgencyContext, Db } from "./agency-context";
import { agencyRollup } from "./agency-loads";
import { offer2025Figures } from "./offer-2025-dashboard";
import { countReviews, reviewBounds } from "./review-states";

export type Offer2025Indicators = {
  oriented: number;
  monthOver: number;
  signedInTime: number;
  signedInTimeRate: number | null;
  overdueContracts: number;
  franceTravail: number;
  intensive: number;
  prevalence: number | null;
};

export type AgencyComparisonRow = {
  id: string;
  name: string;
  departement: string;
  offer: AgencyOffer;
  /** Seekers with a FOLLOWED file (by a 2014 portfolio, or by the organisme référent of their 2025 orientation). */
  followed: number;
  /** M4 and M9 reviews overdue (the dashboard's OVERDUE state); the reviews stay the contract's review points in 2025. */
  overdueReviews: number;
  /** Only for an agency on the 2025 offer. */
  offer2025: Offer2025Indicators | null;
};

export type OfferSummary = {
  offer: AgencyOffer;
  agencies: number;
  followed: number;
  overdueReviews: number;
  /** Followed seekers per 2014 modality, and each one's share of those with a modality. */
  modalities: { modality: Modality; count: number; share: number | null }[];
  /** The 2025 indicators summed over the offer's agencies (rates recomputed from the sums); null on the 2014 offer. */
  offer2025: Offer2025Indicators | null;
};

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Runs `work` over `items`, a few at a time (each opens its own queries; the pool is shared with the pages). */
async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

function sum2025(rows: readonly Offer2025Indicators[]): Offer2025Indicators {
  const total = (key: keyof Offer2025Indicators) => rows.reduce((acc, row) => acc + ((row[key] as number | null) ?? 0), 0);
  const monthOver = total("monthOver");
  const signedInTime = total("signedInTime");
  const franceTravail = total("franceTravail");
  const intensive = total("intensive");
  return {
    oriented: total("oriented"),
    monthOver,
    signedInTime,
    signedInTimeRate: ratio(signedInTime, monthOver),
    overdueContracts: total("overdueContracts"),
    franceTravail,
    intensive,
    prevalence: ratio(intensive, franceTravail),
  };
}

async function indicatorsOf(db: Db, agency: AgencyContext): Promise<{ overdueReviews: number; offer2025: Offer2025Indicators | null }> {
  const [reviews, figures] = await Promise.all([
    countReviews(db, reviewBounds(agency, null)),
    agency.offer === "OFFRE_2025" ? offer2025Figures(db, agency) : Promise.resolve(null),
  ]);
  return {
    overdueReviews: reviews.M4.OVERDUE + reviews.M9.OVERDUE,
    offer2025: figures && {
      oriented: figures.distribution.total,
      monthOver: figures.contracts.monthOver,
      signedInTime: figures.contracts.signedInTime,
      signedInTimeRate: figures.contracts.signedInTimeRate,
      overdueContracts: figures.contracts.overdue,
      franceTravail: figures.intensive.franceTravail,
      intensive: figures.intensive.intensive,
      prevalence: figures.intensive.prevalence,
    },
  };
}

export type OfferComparison = {
  rollup: Awaited<ReturnType<typeof agencyRollup>>;
  agencies: AgencyComparisonRow[];
  offers: OfferSummary[];
};

/** The comparison for an administrator; null for anyone else. */
export async function offerComparison(actor: Actor, options: { now?: Date } = {}): Promise<OfferComparison | null> {
  if (!hasPermission(actor, "admin:read")) return null;
  const now = options.now ?? new Date();
  const db = await readPrisma();
  const [rollup, agencies] = await Promise.all([
    agencyRollup(actor),
    db.agency.findMany({
      where: agencyScope(actor),
      orderBy: { name: "asc" },
      select: { id: true, code: true, name: true, departement: true, firstInterviewDeadlineDays: true, offer: true },
    }),
  ]);
  const followed = await db.seeker.groupBy({
    by: ["agencyId"],
    where: { agencyId: { in: agencies.map((a) => a.id) }, status: "FOLLOWED" },
    _count: { _all: true },
  });
  const followedOf = new Map(followed.map((row) => [row.agencyId, row._count._all]));
  const rows = await inBatches(agencies, 4, async (agency): Promise<AgencyComparisonRow> => {
    const timeZone = timeZoneOf(agency.departement);
    const context: AgencyContext = { ...agency, timeZone, today: localDateOf(now.toISOString(), timeZone) };
    const indicators = await indicatorsOf(db, context);
    return { id: agency.id, name: agency.name, departement: agency.departement, offer: agency.offer, followed: followedOf.get(agency.id) ?? 0, ...indicators };
  });
  const byModality = new Map(rollup.agencies.map((row) => [row.id, row.followed]));
  const offers = (["OFFRE_2014", "OFFRE_2025"] as const).map((offer): OfferSummary => {
    const ofOffer = rows.filter((row) => row.offer === offer);
    const counts = MODALITIES.map((modality) => ({ modality, count: ofOffer.reduce((acc, row) => acc + (byModality.get(row.id)?.[modality] ?? 0), 0) }));
    const withModality = counts.reduce((acc, row) => acc + row.count, 0);
    return {
      offer,
      agencies: ofOffer.length,
      followed: ofOffer.reduce((acc, row) => acc + row.followed, 0),
      overdueReviews: ofOffer.reduce((acc, row) => acc + row.overdueReviews, 0),
      modalities: counts.map((row) => ({ ...row, share: ratio(row.count, withModality) })),
      offer2025: offer === "OFFRE_2025" ? sum2025(ofOffer.flatMap((row) => (row.offer2025 ? [row.offer2025] : []))) : null,
    };
  });
  return { rollup, agencies: rows, offers };
}
