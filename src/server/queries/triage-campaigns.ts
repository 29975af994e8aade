/**
 * What the triage campaign pages read (docs/rules.md#triage-campaigns): the manager's list of campaigns and closure
 * days, a campaign's board (progress per advisor, the modality changes, the agency's distribution against the
 * reference), and the advisor's share (the dashboard's notice and the campaign queue). Read-only, scoped.
 */
import "server-only";
import { changeMatrix, localDateOf, modalityDistribution, timeZoneOf, type ChangeMatrix, type DistributionRow, type IsoDate, type Modality } from "@/domain";
import { fullName, isoDate } from "@/lib/format";
import { prisma } from "@/server/db";
import { Prisma } from "@/generated/prisma/client";
import { hasPermission, type Actor } from "@/server/auth/policy";
import { isUuid } from "@/lib/route-params";
import { openAgency, type AgencyContext, type Db } from "./agency-context";

export type CampaignSummary = {
  id: string;
  name: string;
  day: IsoDate;
  closedToPublic: boolean;
  openedAt: string;
  closedAt: string | null;
  files: number;
  done: number;
};

export type ClosureDay = { day: IsoDate; reason: string; campaignId: string | null };

export type AgencyAdvisor = { id: string; name: string };

/** The manager's /agence/tri: the agency's campaigns (newest first), its closure days from today on, its advisors. */
export async function agencyCampaigns(
  actor: Actor,
  agencyId: string,
  now: Date = new Date(),
): Promise<{ agency: AgencyContext; campaigns: CampaignSummary[]; closures: ClosureDay[]; advisors: AgencyAdvisor[] } | null> {
  const db = await prisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const [campaigns, counts, closures, advisors] = await Promise.all([
    db.triageCampaign.findMany({ where: { agencyId: agency.id }, orderBy: [{ openedAt: "desc" }, { id: "asc" }], take: 100 }),
    db.triageCampaignFile.groupBy({ by: ["campaignId"], where: { agencyId: agency.id }, _count: { _all: true, doneAt: true } }),
    db.agencyClosure.findMany({
      where: { agencyId: agency.id, day: { gte: new Date(`${agency.today}T00:00:00Z`) } },
      orderBy: { day: "asc" },
      select: { day: true, reason: true, campaignId: true },
    }),
    advisorsOf(db, agency.id),
  ]);
  const countOf = new Map(counts.map((c) => [c.campaignId, c._count]));
  return {
    agency,
    campaigns: campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      day: isoDate(c.day),
      closedToPublic: c.closedToPublic,
      openedAt: c.openedAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
      files: countOf.get(c.id)?._all ?? 0,
      done: countOf.get(c.id)?.doneAt ?? 0,
    })),
    closures: closures.map((c) => ({ day: isoDate(c.day), reason: c.reason, campaignId: c.campaignId })),
    advisors,
  };
}

function advisorsOf(db: Db, agencyId: string): Promise<AgencyAdvisor[]> {
  return db.user
    .findMany({
      where: { agencyId, role: "ADVISOR", active: true },
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
      select: { id: true, firstName: true, lastName: true },
    })
    .then((rows) => rows.map((u) => ({ id: u.id, name: fullName(u) })));
}

export type CampaignBoard = {
  agency: AgencyContext;
  campaign: CampaignSummary & { selection: Record<string, unknown>; openedBy: string };
  /** Per advisor: files done and left, by name. */
  progress: { advisorId: string; advisorName: string; done: number; left: number }[];
  /** Modality before → after of the files done. */
  changes: ChangeMatrix;
  /** Files done whose modality changed. */
  changed: number;
  /** The agency's followed files now, against the reference (the dashboard's definition). */
  distribution: { total: number; modalities: DistributionRow[] };
  advisors: AgencyAdvisor[];
};

/** A campaign's board, for the manager of its agency (or an administrator); null when out of scope or absent. */
export async function campaignBoard(actor: Actor, campaignId: string, now: Date = new Date()): Promise<CampaignBoard | null> {
  if (!hasPermission(actor, "campaign:manage") || !isUuid(campaignId)) return null;
  const db = await prisma();
  const campaign = await db.triageCampaign.findUnique({ where: { id: campaignId } });
  if (!campaign) return null;
  const agency = await openAgency(db, actor, campaign.agencyId, now);
  if (!agency) return null;
  const [files, followed, advisors, opener] = await Promise.all([
    db.triageCampaignFile.findMany({ where: { campaignId }, select: { advisorId: true, modalityBefore: true, modalityAfter: true, doneAt: true } }),
    db.seeker.groupBy({ by: ["modality"], where: { agencyId: agency.id, status: "FOLLOWED", modality: { not: null } }, _count: { _all: true } }),
    advisorsOf(db, agency.id),
    db.user.findUnique({ where: { id: campaign.openedById }, select: { firstName: true, lastName: true } }),
  ]);
  const names = new Map(advisors.map((a) => [a.id, a.name]));
  const missing = [...new Set(files.map((f) => f.advisorId))].filter((id) => !names.has(id));
  if (missing.length) {
    for (const u of await db.user.findMany({ where: { id: { in: missing } }, select: { id: true, firstName: true, lastName: true } }))
      names.set(u.id, fullName(u));
  }
  const perAdvisor = new Map<string, { done: number; left: number }>();
  for (const file of files) {
    const row = perAdvisor.get(file.advisorId) ?? { done: 0, left: 0 };
    if (file.doneAt) row.done += 1;
    else row.left += 1;
    perAdvisor.set(file.advisorId, row);
  }
  const done = files.filter((f) => f.doneAt);
  const counts: Partial<Record<Modality, number>> = {};
  for (const row of followed) if (row.modality) counts[row.modality] = row._count._all;
  return {
    agency,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      day: isoDate(campaign.day),
      closedToPublic: campaign.closedToPublic,
      openedAt: campaign.openedAt.toISOString(),
      closedAt: campaign.closedAt?.toISOString() ?? null,
      files: files.length,
      done: done.length,
      selection: (campaign.selection ?? {}) as Record<string, unknown>,
      openedBy: opener ? fullName(opener) : "",
    },
    progress: [...perAdvisor]
      .map(([advisorId, row]) => ({ advisorId, advisorName: names.get(advisorId) ?? "", ...row }))
      .sort((a, b) => a.advisorName.localeCompare(b.advisorName, "fr") || a.advisorId.localeCompare(b.advisorId)),
    changes: changeMatrix(done),
    changed: done.filter((f) => f.modalityAfter !== f.modalityBefore).length,
    distribution: modalityDistribution(counts),
    advisors,
  };
}

export type MyCampaign = { id: string; name: string; day: IsoDate; left: number; done: number };

/** The advisor's open campaigns with files left in their share (the dashboard's « Jour de tri : N dossiers à revoir »). */
export async function myCampaigns(actor: Actor): Promise<MyCampaign[]> {
  const db = await prisma();
  const [row] = await db.$queryRaw<[{ campaigns: MyCampaignProgress[] }]>`SELECT ${myCampaignsProgress(actor)} AS campaigns`;
  return campaignsOfProgress(row.campaigns);
}

/** One open campaign in the advisor's share as `myCampaignsProgress` reads it: files done, and files in all. */
export type MyCampaignProgress = { id: string; name: string; day: IsoDate; done: number; all: number };

/**
 * `myCampaigns` as an SQL expression (a JSON array; the caseload page reads it in the same statement as its other
 * small figures, src/server/queries/caseload.ts `caseloadFrame`). A file whose seeker left the agency's followed
 * files (an exit, a transfer) is no longer anybody's to review, unless it was done.
 */
export function myCampaignsProgress(actor: Actor): Prisma.Sql {
  if (!hasPermission(actor, "campaign:triage") || !actor.agencyId) return Prisma.sql`'[]'::json`;
  return Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', c."id", 'name', c."name", 'day', c."day", 'done', x.done, 'all', x."all")), '[]'::json)
      FROM (SELECT f."campaignId", (count(*) FILTER (WHERE f."doneAt" IS NOT NULL))::int AS done, count(*)::int AS "all"
            FROM "TriageCampaignFile" f JOIN "TriageCampaign" oc ON oc."id" = f."campaignId" LEFT JOIN "Seeker" fs ON fs."id" = f."seekerId"
            WHERE f."advisorId" = ${actor.id}::uuid AND f."agencyId" = ${actor.agencyId}::uuid AND oc."closedAt" IS NULL
              AND (f."doneAt" IS NOT NULL OR (fs."status" = 'FOLLOWED' AND fs."agencyId" = ${actor.agencyId}::uuid))
            GROUP BY f."campaignId") x
      JOIN "TriageCampaign" c ON c."id" = x."campaignId")`;
}

/** The campaigns of `myCampaignsProgress`, oldest day first. */
export function campaignsOfProgress(progress: readonly MyCampaignProgress[]): MyCampaign[] {
  return progress
    .map((c) => ({ id: c.id, name: c.name, day: c.day, done: c.done, left: c.all - c.done }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.id.localeCompare(b.id));
}

export type CampaignQueueFile = {
  fileId: string;
  seekerId: string;
  name: string;
  franceTravailId: string;
  modalityBefore: Modality;
  modalityAfter: Modality | null;
  lastDiagnosticOn: IsoDate | null;
  done: boolean;
};

/**
 * The advisor's share of one open campaign: files not done first, oldest diagnostic first (never diagnosed first of
 * all), then the files done. Null when the campaign is not theirs to work on (absent, closed, another agency).
 */
export async function campaignQueue(
  actor: Actor,
  campaignId: string,
): Promise<{ campaign: { id: string; name: string; day: IsoDate }; files: CampaignQueueFile[] } | null> {
  if (!hasPermission(actor, "campaign:triage") || !actor.agencyId || !isUuid(campaignId)) return null;
  const db = await prisma();
  const campaign = await db.triageCampaign.findFirst({
    where: { id: campaignId, agencyId: actor.agencyId, closedAt: null },
    select: { id: true, name: true, day: true, agencyId: true },
  });
  if (!campaign) return null;
  const agency = await db.agency.findUniqueOrThrow({ where: { id: campaign.agencyId }, select: { departement: true } });
  const zone = timeZoneOf(agency.departement);
  const rows = await db.$queryRaw<
    {
      fileId: string;
      seekerId: string;
      firstName: string;
      lastName: string;
      franceTravailId: string;
      modalityBefore: Modality;
      modalityAfter: Modality | null;
      last: Date | null;
      doneAt: Date | null;
    }[]
  >`
    SELECT f."id"::text AS "fileId", s."id"::text AS "seekerId", s."firstName", s."lastName", s."franceTravailId",
           f."modalityBefore"::text AS "modalityBefore", f."modalityAfter"::text AS "modalityAfter", f."doneAt",
           (SELECT MAX(d."createdAt") FROM "Diagnostic" d WHERE d."seekerId" = s."id") AS "last"
    FROM "TriageCampaignFile" f JOIN "Seeker" s ON s."id" = f."seekerId"
    WHERE f."campaignId" = ${campaign.id}::uuid AND f."advisorId" = ${actor.id}::uuid
      AND (f."doneAt" IS NOT NULL OR (s."status" = 'FOLLOWED' AND s."agencyId" = ${campaign.agencyId}::uuid))
    ORDER BY (f."doneAt" IS NOT NULL), "last" ASC NULLS FIRST, s."id" ASC`;
  return {
    campaign: { id: campaign.id, name: campaign.name, day: isoDate(campaign.day) },
    files: rows.map((r) => ({
      fileId: r.fileId,
      seekerId: r.seekerId,
      name: fullName(r),
      franceTravailId: r.franceTravailId,
      modalityBefore: r.modalityBefore,
      modalityAfter: r.modalityAfter,
      lastDiagnosticOn: r.last ? localDateOf(r.last.toISOString(), zone) : null,
      done: r.doneAt !== null,
    })),
  };
}
