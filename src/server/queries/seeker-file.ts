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
import type { AssignmentReason, Modality } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import type { AuditInput } from "@/server/audit";
import { seekerScope, type Actor } from "@/server/auth/policy";
import { isUuid } from "@/lib/route-params";
import { isoDate } from "@/lib/format";
import { webOnlyEligible } from "@/lib/web-only";
import { assignmentStep, person, seekerRecord, type PersonName, type SeekerRecord, type ShownAppointment } from "./selects";

type SeekerFileBarrier = { barrier: Barrier; label: string; severity: Exclude<Severity, "NONE">; specialCategory: boolean };

export type SeekerFileAppointment = ShownAppointment & {
  outcomeAt: string | null;
  replacesId: string | null;
  advisor: PersonName;
};

export type SeekerFile = {
  seeker: Omit<SeekerRecord, "registrationDate"> & { registrationDate: string };
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

function barriersOf(answers: unknown): SeekerFileBarrier[] {
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
      agencyId: true,
      agency: { select: { name: true, departement: true } },
      portfolio: {
        select: { id: true, modality: true, advisorId: true, advisor: { select: { id: true, firstName: true, lastName: true } } },
      },
    },
  });
  if (!seeker) return null;
  const { agencyId, agency, portfolio, ...record } = seeker;

  const inCharge = actor.role === "ADVISOR" && seeker.portfolio?.advisorId === actor.id;
  const inTandem =
    actor.role === "SOCIAL_WORKER" && (await db.socialTandem.count({ where: { seekerId: seeker.id, socialWorkerId: actor.id, endedAt: null } })) > 0;
  const mayViewBarriers = inCharge || inTandem;

  const [assignments, diagnostics, appointments] = await Promise.all([
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
  ]);

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
    seeker: { ...record, registrationDate: isoDate(record.registrationDate) },
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
