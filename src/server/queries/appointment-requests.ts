/**
 * Reads of the seekers' requests on their appointments (docs/rules.md#seekers-requests-on-appointments): the seeker's
 * own requests and the slots they may prefer, the advisor's pending requests (own portfolios only). Read only.
 */
import "server-only";
import { seekerSlotChoices, timeZoneOf, type AppointmentKind, type AppointmentRequestKind, type AppointmentRequestStatus, type SlotChoice } from "@/domain";
import { Prisma } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import { SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { isUuid } from "@/lib/route-params";
import { localTimeWords } from "@/lib/seeker-texts";
import { ownSeeker } from "./own-seeker";
import { moveRuleInput } from "./slot-choices";

/** How many slots the seeker's form lists (earliest first). */
export const SEEKER_SLOTS_SHOWN = 12;

export type RequestView = {
  id: string;
  kind: AppointmentRequestKind;
  status: AppointmentRequestStatus;
  reason: string;
  preferredSlots: string[];
  proposedStartsAt: string | null;
  answerNote: string | null;
  createdAt: string;
  answeredAt: string | null;
  appointment: {
    id: string;
    kind: AppointmentKind;
    channel: "AGENCY" | "PHONE" | "VIDEO";
    status: string;
    startsAt: string;
    seekerId: string;
  };
  seeker: { id: string; firstName: string; lastName: string };
  timeZone: string;
  zoneWords: string | null;
};

const REQUEST_SELECT = {
  id: true,
  kind: true,
  status: true,
  reason: true,
  preferredSlots: true,
  proposedStartsAt: true,
  answerNote: true,
  createdAt: true,
  answeredAt: true,
  appointment: {
    select: {
      id: true,
      kind: true,
      channel: true,
      status: true,
      startsAt: true,
      seekerId: true,
      agency: { select: { departement: true } },
      seeker: { select: { id: true, firstName: true, lastName: true } },
    },
  },
} as const satisfies Prisma.AppointmentRequestSelect;

function view(row: Prisma.AppointmentRequestGetPayload<{ select: typeof REQUEST_SELECT }>): RequestView {
  const { agency, seeker, ...appointment } = row.appointment;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    reason: row.reason,
    preferredSlots: row.preferredSlots.map((slot) => slot.toISOString()),
    proposedStartsAt: row.proposedStartsAt?.toISOString() ?? null,
    answerNote: row.answerNote,
    createdAt: row.createdAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
    appointment: { ...appointment, startsAt: appointment.startsAt.toISOString() },
    seeker,
    timeZone: timeZoneOf(agency.departement),
    zoneWords: localTimeWords(agency.departement),
  };
}

/** The signed-in seeker's requests, newest first (the latest 20); null without a record. */
export async function myAppointmentRequests(actor: Actor): Promise<RequestView[] | null> {
  const db = await prisma();
  const seeker = await ownSeeker(db, actor);
  if (!seeker) return null;
  const rows = await db.appointmentRequest.findMany({
    where: { seekerId: seeker.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
    select: REQUEST_SELECT,
  });
  return rows.map(view);
}

export type SeekerRequestForm = {
  appointmentId: string;
  kind: AppointmentKind;
  startsAt: string;
  timeZone: string;
  zoneWords: string | null;
  /** The slots the seeker may prefer (for a review: inside its window only). */
  slots: SlotChoice[];
  /** A review's window, shown to the seeker. */
  window: { from: string; to: string } | null;
  /** An open request already waiting on this appointment. */
  open: RequestView | null;
};

/**
 * What the seeker's request form on one of their future appointments needs; null when it is not theirs, not planned
 * or already started (the page answers NOT_FOUND).
 */
export async function seekerRequestForm(actor: Actor, appointmentId: string, options: { now?: Date } = {}): Promise<SeekerRequestForm | null> {
  if (!isUuid(appointmentId)) return null;
  const now = options.now ?? new Date();
  const db = await prisma();
  const seeker = await ownSeeker(db, actor);
  if (!seeker) return null;
  const appointment = await db.appointment.findFirst({
    where: { id: appointmentId, seekerId: seeker.id, status: "SCHEDULED", startsAt: { gt: now } },
    select: { id: true, agencyId: true, seekerId: true, advisorId: true, socialWorkerId: true, kind: true, channel: true, startsAt: true, endsAt: true },
  });
  if (!appointment) return null;
  const rule = await moveRuleInput(db, appointment, now);
  const choices = seekerSlotChoices(rule, { limit: SEEKER_SLOTS_SHOWN });
  const openRow = await db.appointmentRequest.findFirst({
    where: { appointmentId: appointment.id, status: { in: ["PENDING", "PROPOSED"] } },
    select: REQUEST_SELECT,
  });
  return {
    appointmentId: appointment.id,
    kind: appointment.kind,
    startsAt: appointment.startsAt.toISOString(),
    timeZone: timeZoneOf(rule.departement),
    zoneWords: localTimeWords(rule.departement),
    slots: choices.slots.filter((slot) => slot.startsAt !== appointment.startsAt.toISOString()),
    window: choices.window,
    open: openRow ? view(openRow) : null,
  };
}

/** Pending requests of the advisor's own seekers on appointments still to come, oldest first (`seekerId`: one seeker's). */
export async function pendingRequests(actor: Actor, options: { now?: Date; seekerId?: string } = {}): Promise<RequestView[]> {
  if (actor.role !== "ADVISOR") return [];
  if (options.seekerId !== undefined && !isUuid(options.seekerId)) return [];
  const now = options.now ?? new Date();
  const db = await prisma();
  const rows = await db.appointmentRequest.findMany({
    where: pendingWhere(actor, now, options.seekerId),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
    select: REQUEST_SELECT,
  });
  return rows.map(view);
}

function pendingWhere(actor: Actor, now: Date, seekerId?: string): Prisma.AppointmentRequestWhereInput {
  return {
    status: "PENDING",
    ...(seekerId ? { seekerId } : {}),
    appointment: {
      status: "SCHEDULED",
      startsAt: { gt: now },
      ...(actor.agencyId ? { agencyId: actor.agencyId } : {}),
      seeker: SEEKER_SCOPES.inOwnPortfolio(actor),
    },
  };
}

/** How many requests wait for the advisor (the count on /conseiller). */
export async function pendingRequestCount(actor: Actor, options: { now?: Date } = {}): Promise<number> {
  const db = await prisma();
  const [row] = await db.$queryRaw<[{ n: number }]>`SELECT ${pendingRequestsCount(actor, options.now ?? new Date())} AS n`;
  return row.n;
}

/**
 * `pendingRequestCount` as an SQL expression, `pendingWhere` for the advisor: the caseload page reads it in the same
 * statement as its other small figures (src/server/queries/caseload.ts, `caseloadFrame`).
 */
export function pendingRequestsCount(actor: Actor, now: Date): Prisma.Sql {
  if (actor.role !== "ADVISOR" || !actor.agencyId) return Prisma.sql`0`;
  return Prisma.sql`(SELECT count(*)::int FROM "AppointmentRequest" r
      JOIN "Appointment" a ON a."id" = r."appointmentId" JOIN "Seeker" s ON s."id" = a."seekerId" JOIN "Portfolio" p ON p."id" = s."portfolioId"
      WHERE r."status" = 'PENDING' AND a."status" = 'SCHEDULED' AND a."startsAt" > ${now.toISOString()}::timestamptz
        AND a."agencyId" = ${actor.agencyId}::uuid AND s."agencyId" = ${actor.agencyId}::uuid AND p."advisorId" = ${actor.id}::uuid)`;
}
