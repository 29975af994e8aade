/**
 * Reads of the seeker's own space (issue #6): `/mon-espace`, the per-appointment calendar file, the subscribed
 * calendar feed and the data export. Every read starts from the seeker in `seekerScope(actor)` (for a SEEKER: the
 * record linked to their account) or, for the feed, from the secret token; appointments are then read by that
 * seeker's id only, never by an id taken from the request alone.
 */
import "server-only";
import {
  BARRIER_LABELS,
  BARRIERS,
  DIMENSION_LABELS,
  distanceLevel,
  isValidDiagnosticAnswers,
  LEVEL_DIMENSIONS,
  LEVEL_LABELS,
  localDateOf,
  MODALITY_LABELS,
  reviewProgress,
  reviewWindows,
  SEVERITY_LABELS,
  timeZoneOf,
  WORK_AXIS_LABELS,
  type DateWindow,
  type ReviewKind,
  type ReviewProgress,
  type WorkAxis,
} from "@/domain";
import type { AppointmentKind, AppointmentStatus, Channel, Modality, Prisma, SeekerStatus } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import { seekerScope, type Actor } from "@/server/auth/policy";
import { buildCalendar } from "@/lib/ics";
import { appointmentChains, appointmentEvent, chainOf, type CalendarAppointment } from "@/lib/appointment-calendar";
import { APPOINTMENT_PURPOSE, AUDIT_ACTION_TEXTS, localTimeWords, modalityExplanation, outcomeText } from "@/lib/seeker-texts";
import { ROLE_LABELS, CHANNEL_LABELS } from "@/lib/labels";
import { auditRow } from "@/server/audit";
import { withRetry } from "@/server/use-cases/transactions";
import { seekerMayChooseWebOnly, webOnlyRefusal } from "@/server/use-cases/seeker-space";

type Db = Prisma.TransactionClient;
type PersonName = { firstName: string; lastName: string };

const person = { select: { firstName: true, lastName: true } } as const;
const agencySelect = { select: { name: true, address: true, departement: true } } as const;
const appointmentSelect = {
  id: true,
  replacesId: true,
  kind: true,
  channel: true,
  status: true,
  startsAt: true,
  endsAt: true,
  createdAt: true,
  outcomeAt: true,
  advisor: person,
  socialWorker: person,
  agency: agencySelect,
} as const;

function dateOnly(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** All of one seeker's appointments (every chain complete), oldest first. */
async function appointmentsOf(db: Db, seekerId: string): Promise<CalendarAppointment[]> {
  return db.appointment.findMany({
    where: { seekerId },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: appointmentSelect,
  });
}

/** The signed-in seeker's own record id and agency, or null (never anyone else's). */
async function ownSeeker(db: Db, actor: Actor) {
  if (actor.role !== "SEEKER") return null;
  return db.seeker.findFirst({ where: seekerScope(actor), select: { id: true, agencyId: true } });
}

// ---------------------------------------------------------------------------------------------------------------
// The page

export type SpaceAppointment = {
  id: string;
  kind: AppointmentKind;
  channel: Channel;
  status: AppointmentStatus;
  startsAt: string;
  endsAt: string;
  /** Cancelled because it was moved to another date (a newer appointment replaces it). */
  replaced: boolean;
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
  const replacedIds = new Set(rows.map((row) => row.replacesId).filter((id): id is string => id !== null));
  const toSpace = (row: CalendarAppointment): SpaceAppointment => ({
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    replaced: replacedIds.has(row.id),
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
  const history = rows.filter((row) => !isPlanned(row)).map(toSpace).reverse();

  const registrationDate = dateOnly(seeker.registrationDate);
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
  const reviews: SpaceReview[] = (["M4", "M9"] as const).map((kind) => {
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

// ---------------------------------------------------------------------------------------------------------------
// Calendar files

const CALENDAR_NAME = "Mes rendez-vous France Travail";
/** How often subscribed phones should fetch the feed again. */
export const FEED_REFRESH_MINUTES = 60;

/**
 * The .ics file of one of the seeker's appointments: the current version of its meeting (a moved appointment's
 * file gives the new date, under the same UID). Null when the id is not one of this seeker's appointments.
 */
export async function myAppointmentCalendar(
  actor: Actor,
  appointmentId: string,
  options: { now?: Date } = {},
): Promise<{ filename: string; body: string } | null> {
  const now = options.now ?? new Date();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appointmentId)) return null;
  const db = await prisma();
  const seeker = await ownSeeker(db, actor);
  if (!seeker) return null;
  const chain = chainOf(await appointmentsOf(db, seeker.id), appointmentId);
  if (!chain) return null;
  const zone = timeZoneOf(chain.head.agency.departement);
  return {
    filename: `rendez-vous-${localDateOf(chain.head.startsAt.toISOString(), zone)}.ics`,
    body: buildCalendar({ events: [appointmentEvent(chain, now)], now, name: CALENDAR_NAME }),
  };
}

/**
 * The subscribed feed behind a secret token: every meeting of that token's seeker (one event per reschedule chain).
 * Null for a malformed, unknown or revoked token, or when the seeker's account is disabled.
 */
export async function calendarFeed(token: string, options: { now?: Date } = {}): Promise<string | null> {
  const now = options.now ?? new Date();
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const db = await prisma();
  const seeker = await db.seeker.findFirst({
    where: { calendarFeedToken: token, user: { is: { active: true, role: "SEEKER" } } },
    select: { id: true },
  });
  if (!seeker) return null;
  const chains = appointmentChains(await appointmentsOf(db, seeker.id));
  return buildCalendar({
    events: chains.map((chain) => appointmentEvent(chain, now)),
    now,
    name: CALENDAR_NAME,
    description: "Vos rendez-vous avec France Travail, mis à jour automatiquement.",
    refreshMinutes: FEED_REFRESH_MINUTES,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The data export (RGPD right of access)

const ASSIGNMENT_REASON_TEXTS = {
  DIAGNOSTIC: "Choisi lors du diagnostic",
  OVERRIDE: "Choisi lors du diagnostic (différent de la proposition)",
  TRANSFER: "Changement de conseiller·ère",
  REBALANCE: "Répartition des portefeuilles de l'agence",
} as const;

const SEEKER_STATUS_TEXTS: Record<SeekerStatus, string> = {
  AWAITING_DIAGNOSTIC: "En attente du premier entretien",
  FOLLOWED: "Accompagné·e",
  CLOSED: "Dossier clos",
};

const fullName = (p: PersonName) => `${p.firstName} ${p.lastName}`;

/** The seeker's own diagnostic answers, with the question and the answer in words. */
function answersInWords(answers: unknown) {
  if (!isValidDiagnosticAnswers(answers)) return { brut: answers ?? null };
  return {
    brut: answers,
    dimensions: [
      ...LEVEL_DIMENSIONS.map((dimension) => ({
        question: DIMENSION_LABELS[dimension],
        reponse: LEVEL_LABELS[dimension][answers[dimension]],
      })),
      {
        question: DIMENSION_LABELS.distance,
        reponse: `${LEVEL_LABELS.distance[distanceLevel(answers.monthsWithoutWork)]} (${
          answers.monthsWithoutWork === null ? "jamais travaillé" : `${answers.monthsWithoutWork} mois sans emploi`
        })`,
      },
    ],
    difficultes: BARRIERS.map((barrier) => ({
      difficulte: BARRIER_LABELS[barrier],
      niveau: SEVERITY_LABELS[answers.barriers[barrier] ?? "NONE"],
    })),
    volontairePour100PourcentWeb: answers.webVolunteer,
  };
}

/**
 * Everything the service holds about one seeker, in French, for the seeker themself. Staff appear by name only
 * when they follow the seeker (advisors, authors of their diagnostics, their social worker); others (e.g. the
 * manager who moved them) by role. The access journal gives date, action and role, never metadata.
 */
export async function collectMyData(db: Db, seekerId: string, now: Date) {
  const seeker = await db.seeker.findUniqueOrThrow({
    where: { id: seekerId },
    select: {
      id: true,
      userId: true,
      franceTravailId: true,
      firstName: true,
      lastName: true,
      birthDate: true,
      email: true,
      phone: true,
      commune: true,
      postalCode: true,
      registrationDate: true,
      category: true,
      status: true,
      modality: true,
      webOnly: true,
      agreedRhythmMonths: true,
      calendarFeedToken: true,
      createdAt: true,
      updatedAt: true,
      agency: { select: { name: true, address: true, departement: true } },
      user: { select: { email: true, createdAt: true, lastLoginAt: true } },
      portfolio: { select: { modality: true, advisor: person } },
    },
  });
  // One after the other: inside a transaction the queries share one connection.
  const assignments = await db.assignment.findMany({
    where: { seekerId },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    select: { startedAt: true, endedAt: true, modality: true, reason: true, note: true, forced: true, portfolio: { select: { advisor: person } }, actor: { select: { role: true } } },
  });
  const diagnostics = await db.diagnostic.findMany({
    where: { seekerId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      createdAt: true,
      rulesetVersion: true,
      answers: true,
      proposedModality: true,
      proposedWebOnly: true,
      professionalScore: true,
      workAxis: true,
      reasons: true,
      decidedModality: true,
      webOnly: true,
      overrideJustification: true,
      agreedRhythmMonths: true,
      author: person,
    },
  });
  const appointments = await appointmentsOf(db, seekerId);
  const tandems = await db.socialTandem.findMany({
    where: { seekerId },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    select: { startedAt: true, endedAt: true, socialWorker: person },
  });
  const journal = await db.auditEvent.findMany({
    where: { seekerId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { createdAt: true, action: true, actorRole: true, actorId: true },
  });
  const zone = timeZoneOf(seeker.agency.departement);
  const replacedIds = new Set(appointments.map((a) => a.replacesId).filter((id): id is string => id !== null));
  const modalityLabel = (m: Modality | null) => (m ? MODALITY_LABELS[m] : null);

  return {
    aPropos: {
      description:
        "Toutes les informations que France Travail garde sur vous dans Modalis (droit d'accès, article 15 du RGPD). " +
        "Les dates sont en temps universel (UTC) au format ISO 8601 ; les dates de rendez-vous sont aussi données en heure locale de l'agence.",
      genereLe: now.toISOString(),
      fuseauHoraireDeLAgence: zone,
    },
    identite: {
      identifiantFranceTravail: seeker.franceTravailId,
      prenom: seeker.firstName,
      nom: seeker.lastName,
      dateDeNaissance: dateOnly(seeker.birthDate),
    },
    coordonnees: {
      email: seeker.email,
      telephone: seeker.phone,
      commune: seeker.commune,
      codePostal: seeker.postalCode,
    },
    compte: seeker.user
      ? { email: seeker.user.email, creeLe: seeker.user.createdAt.toISOString(), derniereConnexion: seeker.user.lastLoginAt?.toISOString() ?? null }
      : null,
    inscription: {
      dateDInscription: dateOnly(seeker.registrationDate),
      categorie: seeker.category,
      situation: SEEKER_STATUS_TEXTS[seeker.status],
      dossierCreeLe: seeker.createdAt.toISOString(),
      dossierModifieLe: seeker.updatedAt.toISOString(),
    },
    agence: { nom: seeker.agency.name, adresse: seeker.agency.address, departement: seeker.agency.departement },
    accompagnement: {
      modalite: seeker.modality,
      libelle: modalityLabel(seeker.modality),
      suivi100PourcentWeb: seeker.webOnly,
      rythmeConvenuEnMois: seeker.agreedRhythmMonths,
      conseiller: seeker.portfolio ? fullName(seeker.portfolio.advisor) : null,
      lienDAgendaActif: seeker.calendarFeedToken !== null,
    },
    historiqueDesModalites: assignments.map((a) => ({
      du: a.startedAt.toISOString(),
      au: a.endedAt?.toISOString() ?? null,
      modalite: a.modality,
      libelle: MODALITY_LABELS[a.modality],
      conseiller: fullName(a.portfolio.advisor),
      motif: ASSIGNMENT_REASON_TEXTS[a.reason],
      note: a.note,
      forcee: a.forced,
      decidePar: a.actor ? ROLE_LABELS[a.actor.role] : null,
    })),
    diagnostics: diagnostics.map((d) => ({
      date: d.createdAt.toISOString(),
      conseiller: fullName(d.author),
      versionDesRegles: d.rulesetVersion,
      vosReponses: answersInWords(d.answers),
      scoreProfessionnel: d.professionalScore,
      axeDeTravail: WORK_AXIS_LABELS[d.workAxis as WorkAxis] ?? d.workAxis,
      proposition: { modalite: d.proposedModality, libelle: MODALITY_LABELS[d.proposedModality], suivi100PourcentWeb: d.proposedWebOnly },
      raisons: Array.isArray(d.reasons) ? d.reasons : [],
      decision: { modalite: d.decidedModality, libelle: MODALITY_LABELS[d.decidedModality], suivi100PourcentWeb: d.webOnly },
      justificationDuChoix: d.overrideJustification,
      rythmeConvenuEnMois: d.agreedRhythmMonths,
    })),
    rendezVous: appointments.map((a) => {
      const local = timeZoneOf(a.agency.departement);
      return {
        objet: APPOINTMENT_PURPOSE[a.kind].title,
        type: a.kind,
        debut: a.startsAt.toISOString(),
        fin: a.endsAt.toISOString(),
        debutHeureLocale: `${localDateOf(a.startsAt.toISOString(), local)} ${new Intl.DateTimeFormat("fr-FR", { timeZone: local, hour: "2-digit", minute: "2-digit" }).format(a.startsAt)}`,
        fuseauHoraire: local,
        lieu: a.channel === "AGENCY" ? `${a.agency.name}, ${a.agency.address}` : CHANNEL_LABELS[a.channel],
        conseiller: fullName(a.advisor),
        travailleurSocial: a.socialWorker ? fullName(a.socialWorker) : null,
        statut: a.status,
        resultat: outcomeText(a.status, replacedIds.has(a.id)),
        resultatNoteLe: a.outcomeAt?.toISOString() ?? null,
        remplaceLeRendezVous: a.replacesId,
        identifiant: a.id,
      };
    }),
    travailleursSociaux: tandems.map((t) => ({
      nom: fullName(t.socialWorker),
      du: t.startedAt.toISOString(),
      au: t.endedAt?.toISOString() ?? null,
    })),
    journalDesAcces: journal.map((event) => ({
      date: event.createdAt.toISOString(),
      action: event.action,
      description: AUDIT_ACTION_TEXTS[event.action] ?? event.action,
      par: event.actorId !== null && event.actorId === seeker.userId ? "Vous" : event.actorRole ? ROLE_LABELS[event.actorRole] : "Le système",
    })),
  };
}

export type MyData = Awaited<ReturnType<typeof collectMyData>>;

/**
 * The signed-in seeker's data export, read in one transaction that also journals it (`seeker.data.exported`,
 * identifiers only). Null when no record is linked to the account.
 */
export async function exportMyData(actor: Actor, options: { now?: Date } = {}): Promise<{ filename: string; data: MyData } | null> {
  const now = options.now ?? new Date();
  const db = await prisma();
  return withRetry(() =>
    db.$transaction(async (tx) => {
      const seeker = await ownSeeker(tx, actor);
      if (!seeker) return null;
      const data = await collectMyData(tx, seeker.id, now);
      await tx.auditEvent.create({
        data: auditRow({
          actor,
          action: "seeker.data.exported",
          agencyId: seeker.agencyId,
          subjectType: "Seeker",
          subjectId: seeker.id,
          seekerId: seeker.id,
        }),
        select: { id: true },
      });
      return { filename: `mes-donnees-modalis-${localDateOf(now.toISOString(), data.aPropos.fuseauHoraireDeLAgence)}.json`, data };
    }),
  );
}
