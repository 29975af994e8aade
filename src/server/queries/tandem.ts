/**
 * The GLOBAL tandem's surfaces (docs/rules.md#the-tandem-file): the social worker's list and tandem file, the shared
 * notes, the joint appointments and the social review's state. Read-only; every read is scoped by the policy's
 * `tandem` (the social worker of an open tandem) or `tandemNotes` (also the advisor in charge) seeker scopes.
 *
 * Need to know: the tandem file carries the identity, contacts, advisor in charge, the barrier names and severities of
 * the latest diagnostic, the joint appointments and the notes — never the professional score, the work axis, the
 * proposal's reasons nor any other answer of the diagnostic.
 */
import "server-only";
import {
  localDateOf,
  slotChoices,
  SLOT_CHOICES_SHOWN,
  socialReviewState,
  timeZoneOf,
  type IsoDate,
  type Modality,
  type SlotChoices,
  type SocialReviewState,
  TANDEM_MODALITIES,
} from "@/domain";
import type { AppointmentKind, Prisma, Role } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import type { AuditInput } from "@/server/audit";
import { SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { isUuid } from "@/lib/route-params";
import { barriersOf, type SeekerFileBarrier } from "./seeker-file";
import { person, type PersonName } from "./selects";
import { bookingRuleInput } from "./slot-choices";

type Db = Prisma.TransactionClient;

/** The appointment kinds the tandem shares: the joint meetings and the social review. */
export const JOINT_KINDS = ["JOINT_GLOBAL", "SOCIAL_REVIEW"] as const satisfies readonly AppointmentKind[];

/**
 * The social review's state of each of these GLOBAL seekers (docs/rules.md#the-tandem-file): the global follow-up
 * starts on the local date of the latest diagnostic (it decided GLOBAL: these seekers are in global), the review is due
 * six months later; the SOCIAL_REVIEW appointments since then say whether it is planned or done. A seeker with no
 * diagnostic gets none.
 */
export async function socialReviewStates(db: Db, seekers: readonly { id: string; timeZone: string }[], now: Date): Promise<Map<string, SocialReviewState>> {
  const ids = seekers.map((s) => s.id);
  const result = new Map<string, SocialReviewState>();
  if (ids.length === 0) return result;
  const [diagnostics, reviews] = await Promise.all([
    db.diagnostic.findMany({
      where: { seekerId: { in: ids }, decidedModality: "GLOBAL" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { seekerId: true, createdAt: true },
    }),
    db.appointment.findMany({ where: { seekerId: { in: ids }, kind: "SOCIAL_REVIEW" }, select: { seekerId: true, status: true, startsAt: true } }),
  ]);
  const startOf = new Map<string, Date>();
  for (const d of diagnostics) if (!startOf.has(d.seekerId)) startOf.set(d.seekerId, d.createdAt);
  for (const seeker of seekers) {
    const start = startOf.get(seeker.id);
    if (!start) continue;
    const local = (instant: Date) => localDateOf(instant.toISOString(), seeker.timeZone);
    result.set(
      seeker.id,
      socialReviewState({
        globalStart: local(start),
        today: local(now),
        appointments: reviews.filter((r) => r.seekerId === seeker.id).map((r) => ({ status: r.status, date: local(r.startsAt) })),
      }),
    );
  }
  return result;
}

export type TandemListRow = {
  id: string;
  firstName: string;
  lastName: string;
  franceTravailId: string;
  commune: string;
  advisor: PersonName | null;
  /** The next planned joint meeting or social review. */
  nextJoint: { kind: AppointmentKind; startsAt: string } | null;
  socialReview: SocialReviewState | null;
  timeZone: string;
};

/** The GLOBAL seekers a social worker co-follows (open tandems only), with the advisor in tandem. */
export async function myTandemSeekers(actor: Actor, options: { now?: Date } = {}): Promise<TandemListRow[]> {
  const now = options.now ?? new Date();
  const db = await prisma();
  const seekers = await db.seeker.findMany({
    where: SEEKER_SCOPES.tandem(actor),
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      firstName: true,
      lastName: true,
      franceTravailId: true,
      commune: true,
      agency: { select: { departement: true } },
      portfolio: { select: { advisor: person } },
    },
  });
  const ids = seekers.map((s) => s.id);
  const [upcoming, states] = await Promise.all([
    ids.length
      ? db.appointment.findMany({
          where: { seekerId: { in: ids }, kind: { in: [...JOINT_KINDS] }, status: "SCHEDULED", startsAt: { gte: now } },
          orderBy: [{ startsAt: "asc" }, { id: "asc" }],
          select: { seekerId: true, kind: true, startsAt: true },
        })
      : [],
    socialReviewStates(
      db,
      seekers.map((s) => ({ id: s.id, timeZone: timeZoneOf(s.agency.departement) })),
      now,
    ),
  ]);
  return seekers.map((s) => {
    const next = upcoming.find((a) => a.seekerId === s.id);
    return {
      id: s.id,
      firstName: s.firstName,
      lastName: s.lastName,
      franceTravailId: s.franceTravailId,
      commune: s.commune,
      advisor: s.portfolio?.advisor ?? null,
      nextJoint: next ? { kind: next.kind, startsAt: next.startsAt.toISOString() } : null,
      socialReview: states.get(s.id) ?? null,
      timeZone: timeZoneOf(s.agency.departement),
    };
  });
}

export type TandemNoteRow = { id: string; text: string; createdAt: string; authorRole: Role; author: PersonName | null };

/** The tandem notes of a seeker, newest first (the caller has checked the scope). */
async function notesOf(db: Db, seekerId: string): Promise<TandemNoteRow[]> {
  const notes = await db.tandemNote.findMany({
    where: { seekerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: { id: true, text: true, createdAt: true, authorRole: true, authorId: true },
  });
  const authorIds = [...new Set(notes.map((n) => n.authorId))];
  const authors = authorIds.length ? await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, firstName: true, lastName: true } }) : [];
  const nameOf = new Map(authors.map((a) => [a.id, { firstName: a.firstName, lastName: a.lastName }]));
  return notes.map((n) => ({ id: n.id, text: n.text, createdAt: n.createdAt.toISOString(), authorRole: n.authorRole, author: nameOf.get(n.authorId) ?? null }));
}

export type TandemAppointment = {
  id: string;
  kind: AppointmentKind;
  channel: "AGENCY" | "PHONE" | "VIDEO";
  status: "SCHEDULED" | "DONE" | "NO_SHOW" | "EXCUSED" | "CANCELLED";
  startsAt: string;
  endsAt: string;
  advisor: PersonName;
  socialWorker: PersonName | null;
};

export type TandemFile = {
  seeker: {
    id: string;
    civility: "M" | "MME" | null;
    firstName: string;
    lastName: string;
    franceTravailId: string;
    birthDate: string;
    email: string | null;
    phone: string | null;
    address: string | null;
    commune: string;
    postalCode: string;
    modality: Modality | null;
  };
  agency: { id: string; name: string; timeZone: string };
  /** The advisor in charge, with the e-mail the social worker reaches them at. */
  advisor: (PersonName & { email: string }) | null;
  /** The barrier names and severities of the latest diagnostic (nothing else of it); null without a diagnostic. */
  barriers: { diagnosticId: string; items: SeekerFileBarrier[] } | null;
  appointments: { upcoming: TandemAppointment[]; past: TandemAppointment[] };
  notes: TandemNoteRow[];
  socialReview: SocialReviewState | null;
};

/** The tandem file of one seeker of the social worker's open tandems; null (NOT_FOUND) for anyone else. */
export async function tandemFile(actor: Actor, seekerId: string, options: { now?: Date } = {}): Promise<TandemFile | null> {
  if (!isUuid(seekerId) || actor.role !== "SOCIAL_WORKER") return null;
  const now = options.now ?? new Date();
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [SEEKER_SCOPES.tandem(actor), { id: seekerId }] },
    select: {
      id: true,
      civility: true,
      firstName: true,
      lastName: true,
      franceTravailId: true,
      birthDate: true,
      email: true,
      phone: true,
      address: true,
      commune: true,
      postalCode: true,
      modality: true,
      agency: { select: { id: true, name: true, departement: true } },
      portfolio: { select: { advisor: { select: { firstName: true, lastName: true, email: true } } } },
    },
  });
  if (!seeker) return null;
  const timeZone = timeZoneOf(seeker.agency.departement);
  const [latest, appointments, notes, states] = await Promise.all([
    // Only the answers (for the barriers) and the id: never the score, the axis or the reasons.
    db.diagnostic.findFirst({ where: { seekerId: seeker.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, answers: true } }),
    db.appointment.findMany({
      where: { seekerId: seeker.id, kind: { in: [...JOINT_KINDS] } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: { id: true, kind: true, channel: true, status: true, startsAt: true, endsAt: true, advisor: person, socialWorker: person },
    }),
    notesOf(db, seeker.id),
    socialReviewStates(db, [{ id: seeker.id, timeZone }], now),
  ]);
  const shown = appointments.map((a) => ({ ...a, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString() }));
  const nowIso = now.toISOString();
  return {
    seeker: {
      id: seeker.id,
      civility: seeker.civility,
      firstName: seeker.firstName,
      lastName: seeker.lastName,
      franceTravailId: seeker.franceTravailId,
      birthDate: seeker.birthDate.toISOString().slice(0, 10),
      email: seeker.email,
      phone: seeker.phone,
      address: seeker.address,
      commune: seeker.commune,
      postalCode: seeker.postalCode,
      modality: seeker.modality,
    },
    agency: { id: seeker.agency.id, name: seeker.agency.name, timeZone },
    advisor: seeker.portfolio?.advisor ?? null,
    barriers: latest ? { diagnosticId: latest.id, items: barriersOf(latest.answers) } : null,
    appointments: {
      upcoming: shown.filter((a) => a.startsAt >= nowIso),
      past: shown.filter((a) => a.startsAt < nowIso).reverse(),
    },
    notes,
    socialReview: states.get(seeker.id) ?? null,
  };
}

/** The journal entry of each view of a tandem file (`tandem.file_viewed`, identifiers only), or null when none was shown. */
export function tandemFileView(actor: Actor, file: TandemFile | null): AuditInput | null {
  if (!file) return null;
  return {
    actor,
    action: "tandem.file_viewed",
    agencyId: file.agency.id,
    subjectType: "Seeker",
    subjectId: file.seeker.id,
    seekerId: file.seeker.id,
    metadata: file.barriers ? { diagnosticId: file.barriers.diagnosticId } : {},
  };
}

/** What the advisor's seeker file shows of the tandem: the notes and the social review; null without an open tandem. */
export async function advisorTandemView(actor: Actor, seekerId: string, options: { now?: Date } = {}) {
  if (!isUuid(seekerId) || actor.role !== "ADVISOR") return null;
  const now = options.now ?? new Date();
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [SEEKER_SCOPES.tandemNotes(actor), { id: seekerId }] },
    select: { id: true, modality: true, agency: { select: { departement: true } } },
  });
  if (!seeker) return null;
  const timeZone = timeZoneOf(seeker.agency.departement);
  const [notes, states] = await Promise.all([notesOf(db, seeker.id), socialReviewStates(db, [{ id: seeker.id, timeZone }], now)]);
  return { seekerId: seeker.id, notes, socialReview: states.get(seeker.id) ?? null, timeZone };
}

export type TandemBookingChoices = SlotChoices & { kind: "JOINT_GLOBAL" | "SOCIAL_REVIEW"; minNoticeDays: number; seekerAgreed: boolean };

/**
 * The free slots the social worker may book a joint meeting or the social review in, from the tandem file: both
 * calendars (the advisor in charge's and the social worker's) free, the agency's hours, working days and closures —
 * the same rule as every booking (docs/rules.md#moving-an-appointment). Null out of scope or without an advisor.
 */
export async function tandemBookingChoices(
  actor: Actor,
  seekerId: string,
  kind: "JOINT_GLOBAL" | "SOCIAL_REVIEW",
  options: { now?: Date; seekerAgreed?: boolean; after?: string | null } = {},
): Promise<TandemBookingChoices | null> {
  if (!isUuid(seekerId) || actor.role !== "SOCIAL_WORKER") return null;
  const now = options.now ?? new Date();
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [SEEKER_SCOPES.tandem(actor), { id: seekerId }, { modality: { in: [...TANDEM_MODALITIES] } }] },
    select: { id: true, agencyId: true, portfolio: { select: { advisorId: true } } },
  });
  if (!seeker?.portfolio) return null;
  const input = await bookingRuleInput(
    db,
    { agencyId: seeker.agencyId, seekerId: seeker.id, advisorId: seeker.portfolio.advisorId, socialWorkerId: actor.id, kind },
    now,
    { seekerAgreed: options.seekerAgreed },
  );
  const after = options.after && !Number.isNaN(Date.parse(options.after)) && /Z$|[+-]\d\d:\d\d$/.test(options.after) ? options.after : undefined;
  return { ...slotChoices(input, { limit: SLOT_CHOICES_SHOWN, after }), kind, minNoticeDays: input.minNoticeDays, seekerAgreed: options.seekerAgreed === true };
}

/** The local date today in a time zone (for the pages' phrases). */
export function todayIn(now: Date, timeZone: string): IsoDate {
  return localDateOf(now.toISOString(), timeZone);
}
