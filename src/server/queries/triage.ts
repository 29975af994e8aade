import "server-only";
import { prisma } from "@/server/db";
import { SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import type { AgencyOffer, Modality } from "@/generated/prisma/client";
import { fullName, isoDate } from "@/lib/format";
import { isValidDiagnosticAnswers, type DiagnosticAnswers } from "@/domain";
import type { AuditInput } from "@/server/audit";
import { listedSeeker } from "./selects";

type TriageContext = {
  seeker: {
    id: string;
    firstName: string;
    lastName: string;
    franceTravailId: string;
    registrationDate: string;
    /** `YYYY-MM-DD`: the 2025 orientation computes the age from it. */
    birthDate: string;
    modality: Modality | null;
  };
  agencyId: string;
  /** The agency's offer: the 2014 diagnostic, or the 2025 orientation. */
  offer: AgencyOffer;
  departement: string;
  globalPartnership: boolean;
  socialWorkers: { id: string; name: string }[];
  /** The agency's advisors, with the modalities they already have a portfolio of. */
  colleagues: { id: string; name: string; modalities: Modality[] }[];
  position: number | null;
  queueLength: number;
  previousId: string | null;
  nextId: string | null;
  /** The latest diagnostic's answers, for a new diagnostic of a seeker in the advisor's own portfolio; else null. */
  previous: { diagnosticId: string; answers: DiagnosticAnswers } | null;
  /** The file sent to the managers because every portfolio was full: pending, or declined (with the reason). */
  placement: TriagePlacement | null;
  /** Walking a triage campaign's share: the campaign and this seeker's file in it (null when done or not in it). */
  campaign: { id: string; name: string; fileId: string | null } | null;
};

export type TriagePlacement = {
  status: "PENDING" | "DECLINED";
  createdAt: string;
  decidedModality: Modality;
  requestedBy: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
};

/**
 * What the diagnostic form needs for one seeker the advisor may diagnose (the agency queue, or their own
 * portfolio for a new diagnostic), with its place in the queue walked oldest first. A new diagnostic starts from
 * the latest one's answers (barriers included, so the page journals it: `previousAnswersView`), for the advisor in
 * charge only.
 */
export async function triageContext(actor: Actor, seekerId: string, campaignId?: string): Promise<TriageContext | null> {
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [SEEKER_SCOPES.diagnosable(actor), { id: seekerId }] },
    select: {
      ...listedSeeker,
      modality: true,
      birthDate: true,
      agency: { select: { id: true, departement: true, globalPartnership: true, offer: true } },
      portfolio: { select: { advisorId: true } },
    },
  });
  if (!seeker) return null;
  const campaign = campaignId
    ? await db.triageCampaign.findFirst({ where: { id: campaignId, agencyId: seeker.agency.id, closedAt: null }, select: { id: true, name: true } })
    : null;
  const campaignFile = campaign
    ? await db.triageCampaignFile.findFirst({
        where: { campaignId: campaign.id, seekerId: seeker.id, advisorId: actor.id, doneAt: null },
        select: { id: true },
      })
    : null;
  // The advisor in charge of the file, or the one a campaign gave it to, starts from the latest answers.
  const inCharge = seeker.portfolio?.advisorId === actor.id || campaignFile !== null;
  const [queue, staff, latest, placement] = await Promise.all([
    campaign
      ? db.$queryRaw<{ id: string }[]>`
          SELECT f."seekerId"::text AS "id" FROM "TriageCampaignFile" f JOIN "Seeker" s ON s."id" = f."seekerId"
          WHERE f."campaignId" = ${campaign.id}::uuid AND f."advisorId" = ${actor.id}::uuid AND f."doneAt" IS NULL
            AND s."status" = 'FOLLOWED' AND s."agencyId" = ${seeker.agency.id}::uuid
          ORDER BY (SELECT MAX(d."createdAt") FROM "Diagnostic" d WHERE d."seekerId" = f."seekerId") ASC NULLS FIRST, f."seekerId" ASC`
      : db.seeker
          .findMany({
            where: { agencyId: seeker.agency.id, status: "AWAITING_DIAGNOSTIC" },
            orderBy: [{ registrationDate: "asc" }, { lastName: "asc" }, { id: "asc" }],
            select: { id: true, registrationDate: true, queuedOn: true },
          })
          // Walked oldest queue entry first (registration, or the later transfer or reopening), as the caseload's queue.
          .then((entries) => entries.sort((a, b) => +entryOf(a) - +entryOf(b))),
    db.user.findMany({
      where: { agencyId: seeker.agency.id, active: true, role: { in: ["ADVISOR", "SOCIAL_WORKER"] } },
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
      select: { id: true, firstName: true, lastName: true, role: true, portfolios: { select: { modality: true } } },
    }),
    inCharge
      ? db.diagnostic.findFirst({ where: { seekerId: seeker.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, answers: true } })
      : null,
    latestPlacement(db, seeker.id),
  ]);
  const index = queue.findIndex((entry) => entry.id === seeker.id);
  const named = (user: (typeof staff)[number]) => ({ id: user.id, name: `${user.firstName} ${user.lastName}` });
  return {
    seeker: {
      id: seeker.id,
      firstName: seeker.firstName,
      lastName: seeker.lastName,
      franceTravailId: seeker.franceTravailId,
      registrationDate: isoDate(seeker.registrationDate),
      birthDate: isoDate(seeker.birthDate),
      modality: seeker.modality,
    },
    agencyId: seeker.agency.id,
    offer: seeker.agency.offer,
    departement: seeker.agency.departement,
    globalPartnership: seeker.agency.globalPartnership,
    socialWorkers: staff.filter((user) => user.role === "SOCIAL_WORKER").map(named),
    colleagues: staff.filter((user) => user.role === "ADVISOR").map((user) => ({ ...named(user), modalities: user.portfolios.map((p) => p.modality) })),
    position: index >= 0 ? index + 1 : null,
    queueLength: queue.length,
    previousId: index > 0 ? (queue[index - 1]?.id ?? null) : null,
    nextId: index >= 0 ? (queue[index + 1]?.id ?? null) : null,
    previous: latest && isValidDiagnosticAnswers(latest.answers) ? { diagnosticId: latest.id, answers: latest.answers } : null,
    placement,
    campaign: campaign ? { ...campaign, fileId: campaignFile?.id ?? null } : null,
  };
}

/** The seeker's latest placement request, while it still speaks of the current file (no diagnostic recorded since). */
async function latestPlacement(db: Awaited<ReturnType<typeof prisma>>, seekerId: string): Promise<TriagePlacement | null> {
  const request = await db.placementRequest.findFirst({
    where: { seekerId, status: { in: ["PENDING", "DECLINED"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      status: true,
      createdAt: true,
      decidedModality: true,
      resolvedAt: true,
      resolution: true,
      requestedBy: { select: { firstName: true, lastName: true } },
      resolvedBy: { select: { firstName: true, lastName: true } },
    },
  });
  if (!request || (request.status !== "PENDING" && request.status !== "DECLINED")) return null;
  const since = await db.diagnostic.count({ where: { seekerId, createdAt: { gte: request.createdAt } } });
  if (since > 0) return null;
  return {
    status: request.status,
    createdAt: request.createdAt.toISOString(),
    decidedModality: request.decidedModality,
    requestedBy: fullName(request.requestedBy),
    resolvedAt: request.resolvedAt?.toISOString() ?? null,
    resolvedBy: request.resolvedBy ? fullName(request.resolvedBy) : null,
    resolution: request.resolution,
  };
}

/** The journal entry of a diagnostic form opened on the previous answers (`seeker.barriers_viewed`), or null. */
export function previousAnswersView(actor: Actor, context: TriageContext | null): AuditInput | null {
  if (!context?.previous) return null;
  return {
    actor,
    action: "seeker.barriers_viewed",
    agencyId: context.agencyId,
    subjectType: "Diagnostic",
    subjectId: context.previous.diagnosticId,
    seekerId: context.seeker.id,
  };
}

/** The day a file entered the queue: the later of its registration and `queuedOn`. */
function entryOf(s: { registrationDate: Date; queuedOn: Date | null }): Date {
  return s.queuedOn && s.queuedOn > s.registrationDate ? s.queuedOn : s.registrationDate;
}
