/**
 * The seeker file of `/conseiller/demandeurs/[id]` (issue #4) and of the manager's read-only `/agence/demandeurs/[id]`
 * (issue 15; `seekerScope`: the manager's agency, any for an administrator): identity, modality and portfolio,
 * modality history, diagnostics history, appointments. The barriers of the latest diagnostic (including HEALTH,
 * special-category data, GDPR art. 9), the proposal's reasons and the override's justification (which may name them)
 * are in the payload only for the advisor in charge or a social worker in an open tandem; the page journals each
 * view of the barriers (`journaledRead` with `barrierView`). Null when the seeker is out of scope.
 */
import "server-only";
import { BARRIER_LABELS, BARRIERS, SPECIAL_CATEGORY_BARRIERS, timeZoneOf, type Barrier, type Severity } from "@/domain";
import type { AssignmentReason, ExitReason, LifeEventKind, Modality } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import type { AuditInput } from "@/server/audit";
import { seekerScope, type Actor } from "@/server/auth/policy";
import { isUuid } from "@/lib/route-params";
import { isoDate } from "@/lib/format";
import { webOnlyEligible } from "@/lib/web-only";
import { assignmentStep, person, seekerRecord, type PersonName, type SeekerRecord, type ShownAppointment } from "./selects";

export type SeekerFileBarrier = { barrier: Barrier; label: string; severity: Exclude<Severity, "NONE">; specialCategory: boolean };

export type SeekerFileAppointment = ShownAppointment & {
  outcomeAt: string | null;
  replacesId: string | null;
  advisor: PersonName;
};

export type SeekerFile = {
  seeker: Omit<SeekerRecord, "registrationDate"> & {
    registrationDate: string;
    address: string | null;
    /** The day the file entered the queue when later than the registration (a transfer, a reopening). */
    queuedOn: string | null;
    exitReason: ExitReason | null;
    closedAt: string | null;
  };
  /** The file's entries and exits, newest first (a transfer shows once, as the arrival in its new agency). */
  lifeEvents: {
    id: string;
    kind: LifeEventKind;
    occurredOn: string;
    exitReason: ExitReason | null;
    agencyName: string;
    otherAgencyName: string | null;
    byImport: boolean;
    actor: PersonName | null;
  }[];
  agency: { id: string; name: string; departement: string; timeZone: string };
  portfolio: { id: string; modality: Modality; advisor: PersonName & { id: string } } | null;
  /** True when the actor is the advisor in charge (the seeker is in one of their portfolios). */
  inCharge: boolean;
  /** True when the advisor in charge may switch 100 % web on (SUIVI, volunteer, digitally autonomous). */
  webOnlyEligible: boolean;
  modalityHistory: {
    id: string;
    startedAt: string;
    endedAt: string | null;
    modality: Modality;
    reason: AssignmentReason;
    note: string | null;
    forced: boolean;
    advisor: PersonName;
    actor: PersonName | null;
  }[];
  diagnostics: {
    id: string;
    createdAt: string;
    rulesetVersion: string;
    proposedModality: Modality;
    proposedWebOnly: boolean;
    decidedModality: Modality;
    webOnly: boolean;
    overridden: boolean;
    /**
     * Why the advisor decided otherwise than the proposal: free text that may name barriers or health (« sortie d'un
     * long arrêt maladie »), so only for those who may see the barriers, else null (`overridden` still says it).
     */
    overrideJustification: string | null;
    professionalScore: number;
    workAxis: string;
    /** The proposal's reasons name barriers: only for those who may see the barriers, else null. */
    reasons: string[] | null;
    author: PersonName;
  }[];
  appointments: { past: SeekerFileAppointment[]; upcoming: SeekerFileAppointment[] };
  /** Barriers of the latest diagnostic; null when the actor may not see them (the key then carries nothing). */
  barriers: { diagnosticId: string; items: SeekerFileBarrier[] } | null;
};

const SEVERITY_VALUES: readonly string[] = ["MINOR", "MAJOR"];

/** The barriers (name and severity, nothing else) an answers object records. */
export function barriersOf(answers: unknown): SeekerFileBarrier[] {
  const raw = answers !== null && typeof answers === "object" ? (answers as { barriers?: unknown }).barriers : undefined;
  if (raw === null || typeof raw !== "object") return [];
  const record = raw as Record<string, unknown>;
  const items: SeekerFileBarrier[] = [];
  for (const barrier of BARRIERS) {
    const severity = record[barrier];
    if (typeof severity === "string" && SEVERITY_VALUES.includes(severity)) {
      items.push({
        barrier,
        label: BARRIER_LABELS[barrier],
        severity: severity as "MINOR" | "MAJOR",
        specialCategory: SPECIAL_CATEGORY_BARRIERS.includes(barrier),
      });
    }
  }
  return items;
}

function reasonsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((r): r is string => typeof r === "string") : [];
}

export async function seekerFile(actor: Actor, seekerId: string, options: { now?: Date } = {}): Promise<SeekerFile | null> {
  const now = options.now ?? new Date();
  if (!isUuid(seekerId)) return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [seekerScope(actor), { id: seekerId }] },
    select: {
      ...seekerRecord,
      address: true,
      queuedOn: true,
      exitReason: true,
      closedAt: true,
      agencyId: true,
      agency: { select: { name: true, departement: true } },
      portfolio: {
        select: { id: true, modality: true, advisorId: true, advisor: { select: { id: true, firstName: true, lastName: true } } },
      },
    },
  });
  if (!seeker) return null;
  const { agencyId, agency, portfolio, queuedOn, closedAt, ...record } = seeker;

  const inCharge = actor.role === "ADVISOR" && seeker.portfolio?.advisorId === actor.id;
  const inTandem =
    actor.role === "SOCIAL_WORKER" && (await db.socialTandem.count({ where: { seekerId: seeker.id, socialWorkerId: actor.id, endedAt: null } })) > 0;
  const mayViewBarriers = inCharge || inTandem;

  const [assignments, diagnostics, appointments, lifeEvents] = await Promise.all([
    db.assignment.findMany({
      where: { seekerId: seeker.id },
      orderBy: [{ startedAt: "desc" }, { id: "asc" }],
      select: { id: true, ...assignmentStep, actor: person },
    }),
    db.diagnostic.findMany({
      where: { seekerId: seeker.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        createdAt: true,
        rulesetVersion: true,
        proposedModality: true,
        proposedWebOnly: true,
        decidedModality: true,
        webOnly: true,
        overrideJustification: true,
        professionalScore: true,
        workAxis: true,
        // The reasons name barriers: not even read for those who may not see them.
        reasons: mayViewBarriers,
        author: person,
      },
    }),
    db.appointment.findMany({
      where: { seekerId: seeker.id },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: { id: true, kind: true, channel: true, status: true, startsAt: true, endsAt: true, outcomeAt: true, replacesId: true, advisor: person },
    }),
    db.seekerLifeEvent.findMany({
      where: { seekerId: seeker.id, kind: { not: "TRANSFER_OUT" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, kind: true, occurredOn: true, exitReason: true, agencyId: true, otherAgencyId: true, importId: true, actorId: true },
    }),
  ]);
  const namedIds = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => id !== null))];
  const agencyIds = namedIds(lifeEvents.flatMap((e) => [e.agencyId, e.otherAgencyId]));
  const actorIds = namedIds(lifeEvents.map((e) => e.actorId));
  const [agencyNames, actors] = await Promise.all([
    agencyIds.length ? db.agency.findMany({ where: { id: { in: agencyIds } }, select: { id: true, name: true } }) : [],
    actorIds.length ? db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, firstName: true, lastName: true } }) : [],
  ]);
  const agencyName = new Map(agencyNames.map((a) => [a.id, a.name]));
  const actorOf = new Map(actors.map((u) => [u.id, { firstName: u.firstName, lastName: u.lastName }]));

  // The latest diagnostic's answers are read only when needed: barriers (allowed viewers) and 100 % web eligibility.
  const latestId = diagnostics[0]?.id ?? null;
  const latestAnswers = latestId ? ((await db.diagnostic.findUnique({ where: { id: latestId }, select: { answers: true } }))?.answers ?? null) : null;

  const toAppointment = ({ startsAt, endsAt, outcomeAt, ...a }: (typeof appointments)[number]): SeekerFileAppointment => ({
    ...a,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    outcomeAt: outcomeAt?.toISOString() ?? null,
  });
  const nowMs = now.getTime();

  return {
    seeker: {
      ...record,
      registrationDate: isoDate(record.registrationDate),
      queuedOn: queuedOn ? isoDate(queuedOn) : null,
      closedAt: closedAt?.toISOString() ?? null,
    },
    lifeEvents: lifeEvents.map((e) => ({
      id: e.id,
      kind: e.kind,
      occurredOn: isoDate(e.occurredOn),
      exitReason: e.exitReason,
      agencyName: agencyName.get(e.agencyId) ?? "",
      otherAgencyName: e.otherAgencyId ? (agencyName.get(e.otherAgencyId) ?? "") : null,
      byImport: e.importId !== null,
      actor: e.actorId ? (actorOf.get(e.actorId) ?? null) : null,
    })),
    agency: { id: agencyId, ...agency, timeZone: timeZoneOf(agency.departement) },
    portfolio: portfolio ? { id: portfolio.id, modality: portfolio.modality, advisor: portfolio.advisor } : null,
    inCharge,
    webOnlyEligible: inCharge && (seeker.webOnly || webOnlyEligible(seeker.modality, latestAnswers)),
    modalityHistory: assignments.map(({ startedAt, endedAt, portfolio: { advisor }, ...a }) => ({
      ...a,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt?.toISOString() ?? null,
      advisor,
    })),
    diagnostics: diagnostics.map(({ createdAt, reasons, overrideJustification, ...d }) => ({
      ...d,
      createdAt: createdAt.toISOString(),
      overridden: overrideJustification !== null || d.decidedModality !== d.proposedModality,
      overrideJustification: mayViewBarriers ? overrideJustification : null,
      reasons: mayViewBarriers ? reasonsOf(reasons) : null,
    })),
    appointments: {
      past: appointments
        .filter((a) => a.startsAt.getTime() < nowMs)
        .map(toAppointment)
        .reverse(),
      upcoming: appointments.filter((a) => a.startsAt.getTime() >= nowMs).map(toAppointment),
    },
    barriers: mayViewBarriers && latestId ? { diagnosticId: latestId, items: barriersOf(latestAnswers) } : null,
  };
}

/** The journal entry of a file shown with its barriers (`seeker.barriers_viewed`, identifiers only), or null. */
export function barrierView(actor: Actor, file: SeekerFile | null): AuditInput | null {
  if (!file?.barriers) return null;
  return {
    actor,
    action: "seeker.barriers_viewed",
    agencyId: file.agency.id,
    subjectType: "Diagnostic",
    subjectId: file.barriers.diagnosticId,
    seekerId: file.seeker.id,
  };
}
