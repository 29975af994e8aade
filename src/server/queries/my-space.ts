/** What `/mon-espace` shows (issue #6), for the signed-in seeker only. */
import "server-only";
import { localDateOf, REVIEW_KINDS, reviewProgress, reviewWindows, timeZoneOf, type DateWindow, type ReviewKind, type ReviewProgress } from "@/domain";
import type { Modality, SeekerStatus } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import { seekerScope, type Actor } from "@/server/auth/policy";
import type { CalendarAppointment } from "@/lib/appointment-calendar";
import { isoDate } from "@/lib/format";
import { localTimeWords, modalityExplanation } from "@/lib/seeker-texts";
import { seekerMayChooseWebOnly, webOnlyRefusal } from "@/lib/web-only";
import { agencySelect, appointmentsOf, replacedIds } from "./own-seeker";
import { person, type PersonName, type ShownAppointment } from "./selects";

export type SpaceAppointment = ShownAppointment & {
  /** Cancelled because it was moved to another date (a newer appointment replaces it). */
  replaced: boolean;
  /** When this appointment was moved from another date: that appointment's start (« déplacé du … au … »). */
  movedFrom: string | null;
  advisor: PersonName;
  socialWorker: PersonName | null;
  agency: { name: string; address: string; departement: string; timeZone: string; zoneWords: string | null };
};

export type SpaceReview = {
  kind: ReviewKind;
  window: DateWindow;
  progress: ReviewProgress;
  /** The planned review appointment still to come, if any. */
  planned: SpaceAppointment | null;
  /** When the review was held. */
  doneAt: string | null;
};

export type MySpace = {
  seeker: {
    firstName: string;
    lastName: string;
    status: SeekerStatus;
    modality: Modality | null;
    agreedRhythmMonths: number | null;
    registrationDate: string;
  };
  agency: { name: string; address: string; departement: string; timeZone: string; zoneWords: string | null };
  advisor: (PersonName & { phone: string | null; office: string | null }) | null;
  socialWorker: PersonName | null;
  modality: { title: string; lines: string[] };
  next: SpaceAppointment | null;
  /** Planned appointments after the next one. */
  later: SpaceAppointment[];
  /** Past appointments and cancelled ones, most recent first. */
  history: SpaceAppointment[];
  reviews: SpaceReview[];
  webOnly: { active: boolean; canChoose: boolean; refusal: string | null };
  calendarFeedToken: string | null;
};

/** Everything `/mon-espace` shows, for the signed-in seeker only; null when no record is linked to the account. */
export async function mySpace(actor: Actor, options: { now?: Date } = {}): Promise<MySpace | null> {
  const now = options.now ?? new Date();
  if (actor.role !== "SEEKER") return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: seekerScope(actor),
    select: {
      id: true,
      firstName: true,
      lastName: true,
      status: true,
      modality: true,
      webOnly: true,
      agreedRhythmMonths: true,
      registrationDate: true,
      calendarFeedToken: true,
      agency: agencySelect,
      portfolio: {
        select: {
          advisor: { select: { firstName: true, lastName: true, advisorProfile: { select: { phone: true, office: true } } } },
        },
      },
      tandems: { where: { endedAt: null }, orderBy: { startedAt: "desc" }, take: 1, select: { socialWorker: person } },
    },
  });
  if (!seeker) return null;
  const [rows, latest] = await Promise.all([
    appointmentsOf(db, seeker.id),
    db.diagnostic.findFirst({
      where: { seekerId: seeker.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { answers: true },
    }),
  ]);

  const zone = timeZoneOf(seeker.agency.departement);
  const replaced = replacedIds(rows);
  const startOf = new Map(rows.map((row) => [row.id, row.startsAt.toISOString()]));
  const toSpace = (row: CalendarAppointment): SpaceAppointment => ({
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    replaced: replaced.has(row.id),
    movedFrom: row.replacesId ? (startOf.get(row.replacesId) ?? null) : null,
    advisor: row.advisor,
    socialWorker: row.socialWorker,
    agency: {
      ...row.agency,
      timeZone: timeZoneOf(row.agency.departement),
      zoneWords: localTimeWords(row.agency.departement),
    },
  });
  const isPlanned = (row: CalendarAppointment) => row.status === "SCHEDULED" && row.endsAt.getTime() > now.getTime();
  const planned = rows.filter(isPlanned).map(toSpace);
  const history = rows
    .filter((row) => !isPlanned(row))
    .map(toSpace)
    .reverse();

  const registrationDate = isoDate(seeker.registrationDate);
  const windows = reviewWindows(registrationDate);
  const reviewRows = rows.filter((row) => row.kind === "REVIEW_M4" || row.kind === "REVIEW_M9");
  const progress = reviewProgress(
    registrationDate,
    localDateOf(now.toISOString(), zone),
    // A past review whose outcome is not recorded yet is neither done nor still planned.
    reviewRows
      .filter((row) => row.status !== "SCHEDULED" || isPlanned(row))
      .map((row) => ({
        kind: row.kind === "REVIEW_M4" ? ("M4" as const) : ("M9" as const),
        status: row.status,
        date: localDateOf(row.startsAt.toISOString(), zone),
      })),
  );
  const reviews: SpaceReview[] = REVIEW_KINDS.map((kind) => {
    const appointmentKind = kind === "M4" ? "REVIEW_M4" : "REVIEW_M9";
    const done = reviewRows.find((row) => row.kind === appointmentKind && row.status === "DONE");
    return {
      kind,
      window: windows[kind],
      progress: progress[kind],
      planned: planned.find((a) => a.kind === appointmentKind) ?? null,
      doneAt: done ? done.startsAt.toISOString() : null,
    };
  });

  const canChoose = seekerMayChooseWebOnly(seeker.modality, latest?.answers);
  const advisor = seeker.portfolio?.advisor ?? null;
  return {
    seeker: {
      firstName: seeker.firstName,
      lastName: seeker.lastName,
      status: seeker.status,
      modality: seeker.modality,
      agreedRhythmMonths: seeker.agreedRhythmMonths,
      registrationDate,
    },
    agency: { ...seeker.agency, timeZone: zone, zoneWords: localTimeWords(seeker.agency.departement) },
    advisor: advisor
      ? {
          firstName: advisor.firstName,
          lastName: advisor.lastName,
          phone: advisor.advisorProfile?.phone ?? null,
          office: advisor.advisorProfile?.office ?? null,
        }
      : null,
    socialWorker: seeker.tandems[0]?.socialWorker ?? null,
    modality: modalityExplanation(seeker.modality, seeker.agreedRhythmMonths),
    next: planned[0] ?? null,
    later: planned.slice(1),
    history,
    reviews,
    webOnly: {
      active: seeker.webOnly,
      canChoose,
      refusal: canChoose ? null : webOnlyRefusal(seeker.modality),
    },
    calendarFeedToken: seeker.calendarFeedToken,
  };
}
