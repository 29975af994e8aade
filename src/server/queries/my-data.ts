/**
 * The seeker's data export (RGPD right of access, `/mon-espace/mes-donnees`): everything held about the signed-in
 * seeker, in French. The route journals each export (`journaledRead` with `dataExported`).
 */
import "server-only";
import {
  APPOINTMENT_REQUEST_KIND_LABELS,
  APPOINTMENT_REQUEST_STATUS_TEXTS,
  BARRIER_LABELS,
  BARRIERS,
  DIMENSION_LABELS,
  distanceLevel,
  isValidDiagnosticAnswers,
  LEVEL_DIMENSIONS,
  LEVEL_LABELS,
  localDateOf,
  MODALITY_LABELS,
  SEVERITY_LABELS,
  timeZoneOf,
  WORK_AXIS_LABELS,
  type WorkAxis,
} from "@/domain";
import type { Modality, SeekerStatus } from "@/generated/prisma/client";
import { prisma } from "@/server/db";
import type { AuditInput } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { isoDate } from "@/lib/format";
import { APPOINTMENT_PURPOSE, AUDIT_ACTION_TEXTS, outcomeText } from "@/lib/seeker-texts";
import { ROLE_LABELS, CHANNEL_LABELS } from "@/lib/labels";
import { MESSAGE_CHANNEL_LABELS, MESSAGE_KIND_LABELS, MESSAGE_STATUS_LABELS } from "@/lib/message-labels";
import { appointmentsOf, ownSeeker, replacedIds, type Db } from "./own-seeker";
import { assignmentStep, person, seekerRecord, type PersonName } from "./selects";

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
async function collectMyData(db: Db, seekerId: string, now: Date) {
  const [seeker, assignments, diagnostics, appointments, tandems, journal, messages, tandemNotes, requests, conversation] = await Promise.all([
    db.seeker.findUniqueOrThrow({
      where: { id: seekerId },
      select: {
        ...seekerRecord,
        userId: true,
        birthDate: true,
        calendarFeedToken: true,
        smsConsent: true,
        smsConsentAt: true,
        optionalMessagesOptOut: true,
        emailBouncedAt: true,
        phoneInvalidAt: true,
        createdAt: true,
        updatedAt: true,
        agency: { select: { name: true, address: true, departement: true } },
        user: { select: { email: true, createdAt: true, lastLoginAt: true } },
        portfolio: { select: { modality: true, advisor: person } },
      },
    }),
    db.assignment.findMany({
      where: { seekerId },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      select: { ...assignmentStep, actor: { select: { role: true } } },
    }),
    db.diagnostic.findMany({
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
    }),
    appointmentsOf(db, seekerId),
    db.socialTandem.findMany({
      where: { seekerId },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      select: { startedAt: true, endedAt: true, socialWorker: person },
    }),
    db.auditEvent.findMany({
      where: { seekerId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { createdAt: true, action: true, actorRole: true, actorId: true },
    }),
    db.outboxMessage.findMany({
      where: { seekerId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { createdAt: true, kind: true, channel: true, recipient: true, subject: true, status: true, sentAt: true, deliveredAt: true },
    }),
    // The tandem's shared notes (docs/rules.md#the-tandem-file): the seeker has a right to them too.
    db.tandemNote.findMany({
      where: { seekerId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { createdAt: true, authorRole: true, authorId: true, text: true },
    }),
    db.appointmentRequest.findMany({
      where: { seekerId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        createdAt: true,
        kind: true,
        status: true,
        reason: true,
        preferredSlots: true,
        proposedStartsAt: true,
        answerNote: true,
        answeredAt: true,
        appointmentId: true,
        resultAppointmentId: true,
      },
    }),
    conversationEntries(db, seekerId),
  ]);
  const noteAuthorIds = [...new Set(tandemNotes.map((n) => n.authorId))];
  const noteAuthors = noteAuthorIds.length
    ? await db.user.findMany({ where: { id: { in: noteAuthorIds } }, select: { id: true, firstName: true, lastName: true } })
    : [];
  const noteAuthorName = new Map(noteAuthors.map((u) => [u.id, fullName(u)]));
  const zone = timeZoneOf(seeker.agency.departement);
  const replaced = replacedIds(appointments);
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
      dateDeNaissance: isoDate(seeker.birthDate),
    },
    coordonnees: {
      email: seeker.email,
      telephone: seeker.phone,
      commune: seeker.commune,
      codePostal: seeker.postalCode,
      emailEnEchecLe: seeker.emailBouncedAt?.toISOString() ?? null,
      telephoneRefuseLe: seeker.phoneInvalidAt?.toISOString() ?? null,
    },
    choixDesMessages: {
      accordPourLesSms: seeker.smsConsent,
      accordDonneLe: seeker.smsConsentAt?.toISOString() ?? null,
      sansMessagesFacultatifs: seeker.optionalMessagesOptOut,
    },
    compte: seeker.user
      ? { email: seeker.user.email, creeLe: seeker.user.createdAt.toISOString(), derniereConnexion: seeker.user.lastLoginAt?.toISOString() ?? null }
      : null,
    inscription: {
      dateDInscription: isoDate(seeker.registrationDate),
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
        resultat: outcomeText(a.status, replaced.has(a.id)),
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
    notesDuBinome: tandemNotes.map((n) => ({
      date: n.createdAt.toISOString(),
      par: `${noteAuthorName.get(n.authorId) ?? ""} (${ROLE_LABELS[n.authorRole]})`,
      texte: n.text,
    })),
    messagesEnvoyes: messages.map((m) => ({
      date: m.createdAt.toISOString(),
      objet: m.subject,
      type: MESSAGE_KIND_LABELS[m.kind],
      par: MESSAGE_CHANNEL_LABELS[m.channel],
      a: m.recipient,
      etat: MESSAGE_STATUS_LABELS[m.status],
      envoyeLe: m.sentAt?.toISOString() ?? null,
      recuLe: m.deliveredAt?.toISOString() ?? null,
    })),
    demandesSurLesRendezVous: requests.map((r) => ({
      date: r.createdAt.toISOString(),
      demande: APPOINTMENT_REQUEST_KIND_LABELS[r.kind],
      etat: APPOINTMENT_REQUEST_STATUS_TEXTS[r.status],
      raison: r.reason,
      horairesChoisis: r.preferredSlots.map((slot) => slot.toISOString()),
      horairePropose: r.proposedStartsAt?.toISOString() ?? null,
      reponse: r.answerNote,
      reponduLe: r.answeredAt?.toISOString() ?? null,
      rendezVous: r.appointmentId,
      nouveauRendezVous: r.resultAppointmentId,
    })),
    /** The conversation with the advisor (docs/rules.md#conversations): every message, who wrote it and when. */
    conversation: conversation.map((m) => ({
      date: m.createdAt.toISOString(),
      de: m.authorId === seeker.userId ? "Vous" : `${m.authorName} (${ROLE_LABELS[m.authorRole]})`,
      texte: m.body,
    })),
    journalDesAcces: journal.map((event) => ({
      date: event.createdAt.toISOString(),
      action: event.action,
      description: AUDIT_ACTION_TEXTS[event.action] ?? event.action,
      par: event.actorId !== null && event.actorId === seeker.userId ? "Vous" : event.actorRole ? ROLE_LABELS[event.actorRole] : "Le système",
    })),
  };
}

/** The conversation's messages with their authors' names, oldest first. */
async function conversationEntries(db: Db, seekerId: string) {
  const rows = await db.conversationMessage.findMany({
    where: { seekerId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { createdAt: true, authorId: true, authorRole: true, body: true },
  });
  const ids = [...new Set(rows.map((r) => r.authorId))];
  const authors = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, firstName: true, lastName: true } }) : [];
  const names = new Map(authors.map((a) => [a.id, fullName(a)]));
  return rows.map((r) => ({ ...r, authorName: names.get(r.authorId) ?? "Ancien compte" }));
}

export type MyData = Awaited<ReturnType<typeof collectMyData>>;

export type MyDataExport = { seekerId: string; agencyId: string; filename: string; data: MyData };

/** The signed-in seeker's data export; null when no record is linked to the account. Journal it: `dataExported`. */
export async function myData(actor: Actor, options: { now?: Date } = {}): Promise<MyDataExport | null> {
  const now = options.now ?? new Date();
  const db = await prisma();
  const seeker = await ownSeeker(db, actor);
  if (!seeker) return null;
  const data = await collectMyData(db, seeker.id, now);
  const filename = `mes-donnees-modalis-${localDateOf(now.toISOString(), data.aPropos.fuseauHoraireDeLAgence)}.json`;
  return { seekerId: seeker.id, agencyId: seeker.agencyId, filename, data };
}

/** The journal entry of a delivered export (`seeker.data.exported`, identifiers only). */
export function dataExported(actor: Actor, exported: MyDataExport | null): AuditInput | null {
  if (!exported) return null;
  const { seekerId, agencyId } = exported;
  return { actor, action: "seeker.data.exported", agencyId, subjectType: "Seeker", subjectId: seekerId, seekerId };
}
