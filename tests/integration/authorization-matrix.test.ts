/**
 * The authorization matrix (issue #7): every server action and route handler of the code base, called by every
 * persona, against the expected allow / deny table. The list of endpoints is read from the source tree, so adding
 * an action or a route without a row here fails this test. A refusal must change nothing (row counts, audit of the
 * denial aside) and a refused route must not carry the target's data.
 */
import {
  accountActionsAs,
  agencySettingsActionsAs,
  campaignActionsAs,
  appointmentActionsAs,
  appointmentRequestActionsAs,
  breachActionsAs,
  confirmDiagnosticActionsAs,
  contactActionsAs,
  contractActionsAs,
  exportRoutesAs,
  firstInterviewActionsAs,
  lifeCycleActionsAs,
  orientationActionsAs,
  placementActionsAs,
  rebalanceActionsAs,
  registrationImportActionsAs,
  registrationImportRoutesAs,
  reviewActionsAs,
  seekerRoutesAs,
  conversationActionsAs,
  conversationRoutesAs,
  seekerSpaceActionsAs,
  tandemActionsAs,
  calendarFeedAt,
} from "../support/acting";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose, localToInstant, type DiagnosticAnswers } from "@/domain";
import type { Modality, Prisma, PrismaClient } from "@/generated/prisma/client";
import type { ActionResult } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { GET as healthRoute } from "@/app/api/health/route";
import { receiptToken } from "@/server/messages/sms";
import { smsReceiptResponse } from "@/server/routes/sms-receipts";
import { createTestDatabase, installAsAppDatabase, tableCounts, type TestDatabase } from "../support/database";
import { makeAgency, makeAppointment, makeDiagnostic, makePortfolio, makeSeeker, makeUser, nextSerial } from "../support/factories";

const NOW = new Date("2026-03-26T09:00:00.000Z");
const PARIS = "Europe/Paris";
const TABLES = [
  "Agency",
  "User",
  "Portfolio",
  "Seeker",
  "Diagnostic",
  "Assignment",
  "SocialTandem",
  "Appointment",
  "PlacementRequest",
  "TriageCampaign",
  "TriageCampaignFile",
  "AgencyClosure",
  "TandemNote",
  "AppointmentRequest",
  "ConversationMessage",
  "ConversationReader",
  "Orientation",
  "EngagementContract",
  "Breach",
  "BreachEvent",
];

const PERSONAS = [
  "anonyme",
  "demandeur lui-même",
  "autre demandeur",
  "conseiller du portefeuille",
  "conseiller collègue (même agence)",
  "conseiller d'une autre agence",
  "travailleur social du binôme",
  "autre travailleur social",
  "responsable de l'agence",
  "responsable d'une autre agence",
  "administrateur",
] as const;
type Persona = (typeof PERSONAS)[number];

const ANSWERS: DiagnosticAnswers = {
  project: 0,
  skills: 0,
  jobSearch: 0,
  digital: 0,
  basicSkills: 0,
  monthsWithoutWork: 2,
  barriers: {},
  webVolunteer: true,
};

let db: TestDatabase;
let prisma: PrismaClient;

const user = (agencyId: string | null, role: Actor["role"], firstName: string, lastName: string) => makeUser(prisma, agencyId, role, firstName, lastName);

/** A seeker followed in the portfolio since a diagnostic by `author` (registered on 2025-10-01). */
async function followed(agencyId: string, portfolio: { id: string; modality: Modality }, author: Actor, lastName: string, userId: string | null) {
  const seeker = await makeSeeker(prisma, agencyId, {
    portfolio,
    assignment: { actorId: author.id },
    userId,
    firstName: "Zoé",
    lastName,
    birthDate: "1990-02-03",
    commune: "Rouen",
    postalCode: "76000",
    registrationDate: "2025-10-01",
  });
  await makeDiagnostic(prisma, { agencyId, seekerId: seeker.id, authorId: author.id, answers: ANSWERS, decidedModality: portfolio.modality, webOnly: false });
  return seeker;
}

const appointment = (agencyId: string, seekerId: string, advisorId: string, date: string) =>
  makeAppointment(prisma, { agencyId, seekerId, advisorId, startsAt: localToInstant(date, "14:00", PARIS) });

/** Two agencies, one persona of each kind, the seeker « lui-même » followed by « conseiller du portefeuille ». */
async function buildWorld() {
  const agency = await makeAgency(prisma, { name: "Rouen Matrice", departement: "76", address: "1 rue du Test, 76000 Rouen", globalPartnership: true });
  const other = await makeAgency(prisma, { name: "Évreux Matrice", departement: "27", address: "2 rue du Test" });
  const advisor = await user(agency.id, "ADVISOR", "Anne", "Conseil");
  const colleague = await user(agency.id, "ADVISOR", "Basile", "Collègue");
  const stranger = await user(other.id, "ADVISOR", "Chloé", "Ailleurs");
  const manager = await user(agency.id, "MANAGER", "Denise", "Direction");
  const otherManager = await user(other.id, "MANAGER", "Émile", "Autre");
  const admin = await user(null, "ADMIN", "Fanny", "Admin");
  const tandemWorker = await user(agency.id, "SOCIAL_WORKER", "Gaël", "Binôme");
  const otherWorker = await user(agency.id, "SOCIAL_WORKER", "Hugo", "Social");
  const selfUser = await user(agency.id, "SEEKER", "Zoé", "Selfridge");
  const otherUser = await user(agency.id, "SEEKER", "Yann", "Autrui");
  const ownSuivi = await makePortfolio(prisma, agency.id, advisor.id, "SUIVI", 350);
  const ownGuide = await makePortfolio(prisma, agency.id, advisor.id, "GUIDE", 150);
  const colleagueGuide = await makePortfolio(prisma, agency.id, colleague.id, "GUIDE", 150);
  const self = await followed(agency.id, ownSuivi, advisor, "Selfridge", selfUser.id);
  const otherSeeker = await followed(agency.id, colleagueGuide, colleague, "Autrui", otherUser.id);
  const guideSeeker = await followed(agency.id, ownGuide, advisor, "Guidé", null);
  await prisma.socialTandem.create({ data: { agencyId: agency.id, seekerId: self.id, socialWorkerId: tandemWorker.id } });
  const past = await appointment(agency.id, self.id, advisor.id, "2026-03-25");
  const future = await appointment(agency.id, self.id, advisor.id, "2026-04-02");
  await appointment(agency.id, otherSeeker.id, colleague.id, "2026-04-02");
  // The seeker's requests (docs/rules.md#seekers-requests-on-appointments): a proposal waiting for them on the future
  // appointment, an absence waiting for the advisor on a later one.
  const later = await appointment(agency.id, self.id, advisor.id, "2026-04-16");
  const proposed = await prisma.appointmentRequest.create({
    data: {
      agencyId: agency.id,
      seekerId: self.id,
      appointmentId: future.id,
      kind: "MOVE",
      status: "PROPOSED",
      reason: "Un entretien d'embauche",
      preferredSlots: [new Date("2026-04-07T12:00:00.000Z")],
      proposedStartsAt: new Date("2026-04-08T12:00:00.000Z"),
      answeredById: advisor.id,
      answeredAt: NOW,
    },
  });
  const absence = await prisma.appointmentRequest.create({
    data: { agencyId: agency.id, seekerId: self.id, appointmentId: later.id, kind: "ABSENCE", reason: "Enfant malade" },
  });
  // The advisor sent the self seeker's file to the managers (a new diagnostic, every portfolio being full then).
  const placement = await prisma.placementRequest.create({
    data: {
      agencyId: agency.id,
      seekerId: self.id,
      requestedById: advisor.id,
      confirmation: { seekerId: self.id, answers: ANSWERS, decidedModality: "SUIVI" } as unknown as Prisma.InputJsonValue,
      proposedModality: "SUIVI",
      decidedModality: "SUIVI",
    },
  });
  // A triage campaign of the agency: the colleague's guided seeker is given to the advisor; a closure day is set.
  const campaign = await prisma.triageCampaign.create({
    data: { agencyId: agency.id, name: "Jour de tri", day: new Date("2026-04-07T00:00:00Z"), selection: {}, openedById: manager.id },
  });
  const campaignFile = await prisma.triageCampaignFile.create({
    data: { campaignId: campaign.id, agencyId: agency.id, seekerId: otherSeeker.id, advisorId: advisor.id, modalityBefore: "GUIDE" },
  });
  await prisma.agencyClosure.create({ data: { agencyId: agency.id, day: new Date("2026-04-09T00:00:00Z"), reason: "Inventaire" } });
  // Breaches of the self seeker (docs/rules.md#breaches-2025), recorded while the agency was on the 2025 offer (the
  // calls move it there again): one only reported, one notified on 5 March (its 10 days over on NOW), one decided.
  await prisma.agency.update({ where: { id: agency.id }, data: { offer: "OFFRE_2025" } });
  const breach = (occurredOn: string) =>
    prisma.breach.create({
      data: {
        agencyId: agency.id,
        seekerId: self.id,
        obligation: "APPOINTMENT_MISSED",
        facts: "Absente sans prévenir",
        occurredOn: new Date(`${occurredOn}T00:00:00Z`),
        reportedById: advisor.id,
      },
    });
  const step = (breachId: string, kind: "NOTIFIED" | "DECIDED", on: string) =>
    prisma.breachEvent.create({
      data: {
        agencyId: agency.id,
        breachId,
        kind,
        on: new Date(`${on}T00:00:00Z`),
        authorId: kind === "DECIDED" ? manager.id : advisor.id,
        ...(kind === "DECIDED" ? { decisionKind: "SANCTION" as const, authority: "DEPARTEMENT" as const, text: "Suspension" } : {}),
      },
    });
  const reportedBreach = await breach("2026-03-02");
  const notifiedBreach = await breach("2026-03-03");
  await step(notifiedBreach.id, "NOTIFIED", "2026-03-05");
  const decidedBreach = await breach("2026-03-04");
  await step(decidedBreach.id, "NOTIFIED", "2026-03-04");
  await step(decidedBreach.id, "DECIDED", "2026-03-20");
  await prisma.agency.update({ where: { id: agency.id }, data: { offer: "OFFRE_2014" } });
  const selfToken = randomBytes(32).toString("base64url");
  const otherToken = randomBytes(32).toString("base64url");
  await prisma.seeker.update({ where: { id: self.id }, data: { calendarFeedToken: selfToken } });
  await prisma.seeker.update({ where: { id: otherSeeker.id }, data: { calendarFeedToken: otherToken } });
  const personas: Record<Persona, Actor | null> = {
    anonyme: null,
    "demandeur lui-même": selfUser,
    "autre demandeur": otherUser,
    "conseiller du portefeuille": advisor,
    "conseiller collègue (même agence)": colleague,
    "conseiller d'une autre agence": stranger,
    "travailleur social du binôme": tandemWorker,
    "autre travailleur social": otherWorker,
    "responsable de l'agence": manager,
    "responsable d'une autre agence": otherManager,
    administrateur: admin,
  };
  return {
    agency,
    other,
    personas,
    self,
    otherSeeker,
    guideSeeker,
    ownGuide,
    colleagueGuide,
    otherWorker,
    past,
    future,
    selfToken,
    otherToken,
    placement,
    advisor,
    colleague,
    campaign,
    campaignFile,
    proposed,
    absence,
    reportedBreach,
    notifiedBreach,
    decidedBreach,
  };
}
type World = Awaited<ReturnType<typeof buildWorld>>;

type Outcome = "allowed" | "denied";
type Call = (actor: Actor | null, w: World) => Promise<{ outcome: Outcome; body: string }>;

const resolve = (actor: Actor | null) => async () => actor;
const clock = () => NOW;

async function actionOutcome(result: Promise<ActionResult<unknown>>) {
  const settled = await result;
  if (!settled.ok) expect(settled.code, settled.error).not.toBe("UNEXPECTED");
  const denied = !settled.ok && ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"].includes(settled.code);
  return { outcome: (denied ? "denied" : "allowed") as Outcome, body: JSON.stringify(settled) };
}

async function routeOutcome(response: Promise<Response>) {
  const settled = await response;
  expect(settled.status).toBeLessThan(500);
  const denied = [401, 403, 404].includes(settled.status);
  return { outcome: (denied ? "denied" : "allowed") as Outcome, body: await settled.text() };
}

const MANAGERS: Persona[] = ["responsable de l'agence", "administrateur"];
const ADVISOR_IN_CHARGE: Persona[] = ["conseiller du portefeuille"];
const SEEKERS_THEMSELVES: Persona[] = ["demandeur lui-même", "autre demandeur"];
const EVERYONE: Persona[] = [...PERSONAS];
const CONVERSATION_PARTICIPANTS: Persona[] = ["demandeur lui-même", "conseiller du portefeuille", "travailleur social du binôme"];

const appointments = (a: Actor | null) => appointmentActionsAs(resolve(a), clock);
const breaches = (a: Actor | null) => breachActionsAs(resolve(a), clock);
const rebalance = (a: Actor | null) => rebalanceActionsAs(resolve(a), clock);
const settings = (a: Actor | null) => agencySettingsActionsAs(resolve(a), clock);
const seekerSpace = (a: Actor | null) => seekerSpaceActionsAs(resolve(a), clock);
const exportsAs = (a: Actor | null) => exportRoutesAs(resolve(a), clock);
const seekerRoutes = (a: Actor | null) => seekerRoutesAs(resolve(a), clock);
const get = (url: string) => new Request(`http://localhost${url}`);
const registrationRoutes = (a: Actor | null) => registrationImportRoutesAs(resolve(a), clock);

/** A previewed registration import of the agency (no rows: confirming it imports nothing). */
async function previewedImport(agencyId: string) {
  return prisma.registrationImport.create({
    data: {
      agencyId,
      actorRole: "MANAGER",
      fileName: "inscriptions.csv",
      fileSize: 10,
      sha256: "a".repeat(64),
      format: "CSV",
      status: "PREVIEWED",
      today: new Date("2026-03-26T00:00:00.000Z"),
      previewedAt: NOW,
    },
  });
}

/** The upload of a one-line registration file, as the page's form sends it. */
function upload(agencyId: string) {
  const body = "Identifiant;Nom;Prénom;Date de naissance;Code postal;Date d'inscription;Catégorie\n1234567A;Martin;Léa;01/05/1990;76000;20/02/2026;A\n";
  return new Request(`http://localhost/agence/inscriptions/envoi?agence=${agencyId}`, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream", "X-Modalis-Envoi": "1", "X-Nom-Fichier": "inscriptions.csv" },
    body,
  });
}
const campaignsAs = (a: Actor | null) => campaignActionsAs(resolve(a), clock);
const campaignOpening = (w: World) => ({ agencyId: w.agency.id, name: "Jour de tri d'avril", day: "2026-04-14", selection: {}, split: { mode: "PORTFOLIO" } });

/** Every endpoint: who may call it (on the world's target), and how it is called. */
const MATRIX: Record<string, { allowed: Persona[]; call: Call }> = {
  "action appointments.ts#recordOutcomeAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) => actionOutcome(appointments(a).recordOutcome({ appointmentId: w.past.id, outcome: "DONE" })),
  },
  "action appointments.ts#cancelAppointmentAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) => actionOutcome(appointments(a).cancelAppointment({ appointmentId: w.future.id })),
  },
  "action appointments.ts#rescheduleAppointmentAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) => actionOutcome(appointments(a).rescheduleAppointment({ appointmentId: w.future.id })),
  },
  "action appointments.ts#bookAppointmentAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) =>
      actionOutcome(appointments(a).bookAppointment({ seekerId: w.self.id, kind: "FOLLOW_UP", startsAt: "2026-04-14T12:00:00.000Z", channel: "PHONE" })),
  },
  "action appointments.ts#setWebOnlyAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) => actionOutcome(appointments(a).setWebOnly({ seekerId: w.self.id, webOnly: true })),
  },
  "action confirm-diagnostic.ts#confirmDiagnosticAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) =>
      actionOutcome(
        confirmDiagnosticActionsAs(resolve(a), clock).confirmDiagnostic({
          seekerId: w.self.id,
          answers: ANSWERS,
          decidedModality: diagnose(ANSWERS, { globalPartnership: true }).modality,
        }),
      ),
  },
  // The 2025 orientation (issue 20): the advisor who may diagnose the seeker (the agency is moved to the 2025 offer
  // first, so that an allowed call orients); the département's decision: that advisor or the agency's manager (no
  // proposal is pending here: an allowed call is refused by the use case, past the authorization).
  "action orientation-2025.ts#orientSeeker2025Action": {
    allowed: ADVISOR_IN_CHARGE,
    call: async (a, w) => {
      await prisma.agency.update({ where: { id: w.agency.id }, data: { offer: "OFFRE_2025" } });
      return actionOutcome(
        orientationActionsAs(resolve(a), clock).orientSeeker2025({ seekerId: w.self.id, answers: ANSWERS, situation: { rsa: false, rqth: false } }),
      );
    },
  },
  "action orientation-2025.ts#recordDepartementDecisionAction": {
    allowed: [...ADVISOR_IN_CHARGE, "responsable de l'agence"],
    call: (a, w) =>
      actionOutcome(
        orientationActionsAs(resolve(a), clock).recordDepartementDecision({
          seekerId: w.self.id,
          parcours: "EMPLOI",
          referent: "FRANCE_TRAVAIL",
          decidedOn: "2026-03-20",
        }),
      ),
  },
  // The contrat d'engagement (issue 20): the advisor in charge or the agency's manager (the scope `contract`); the
  // seeker has no decided 2025 orientation here, so an allowed call is refused by the use case, past the authorization.
  "action engagement-contract.ts#saveEngagementContractAction": {
    allowed: [...ADVISOR_IN_CHARGE, "responsable de l'agence"],
    call: (a, w) =>
      actionOutcome(
        contractActionsAs(resolve(a), clock).saveEngagementContract({
          seekerId: w.self.id,
          plan: { objectives: ["Retrouver un emploi"], actions: [] },
          weeklyHours: 15,
          seekerCommitments: "Répondre aux convocations.",
          advisorCommitments: "Un entretien par mois.",
        }),
      ),
  },
  // Breaches under the 2025 offer (docs/rules.md#breaches-2025): the advisor in charge reports, notifies and records the
  // answer; the agency's manager alone enters the decision; either records the remobilisation.
  "action breaches.ts#reportBreachAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: async (a, w) => {
      await prisma.agency.update({ where: { id: w.agency.id }, data: { offer: "OFFRE_2025" } });
      return actionOutcome(
        breaches(a).reportBreach({ seekerId: w.self.id, obligation: "ACTIONS_NOT_DONE", facts: "Aucune action du plan réalisée.", occurredOn: "2026-03-20" }),
      );
    },
  },
  "action breaches.ts#notifyBreachAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: async (a, w) => {
      await prisma.agency.update({ where: { id: w.agency.id }, data: { offer: "OFFRE_2025" } });
      return actionOutcome(breaches(a).notifyBreach({ breachId: w.reportedBreach.id, notifiedOn: "2026-03-24" }));
    },
  },
  "action breaches.ts#answerBreachAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: async (a, w) => {
      await prisma.agency.update({ where: { id: w.agency.id }, data: { offer: "OFFRE_2025" } });
      return actionOutcome(breaches(a).answerBreach({ breachId: w.notifiedBreach.id, answeredOn: "2026-03-10", answerKind: "WRITTEN" }));
    },
  },
  "action breaches.ts#decideBreachAction": {
    allowed: ["responsable de l'agence"],
    call: async (a, w) => {
      await prisma.agency.update({ where: { id: w.agency.id }, data: { offer: "OFFRE_2025" } });
      return actionOutcome(
        breaches(a).decideBreach({
          breachId: w.notifiedBreach.id,
          decidedOn: "2026-03-20",
          decisionKind: "NO_FURTHER_ACTION",
          authority: "FRANCE_TRAVAIL_REGIONAL_DIRECTOR",
          decisionText: "Pas de suite",
        }),
      );
    },
  },
  "action breaches.ts#liftBreachAction": {
    allowed: [...ADVISOR_IN_CHARGE, "responsable de l'agence"],
    call: async (a, w) => {
      await prisma.agency.update({ where: { id: w.agency.id }, data: { offer: "OFFRE_2025" } });
      return actionOutcome(breaches(a).liftBreach({ breachId: w.decidedBreach.id, liftedOn: "2026-03-25" }));
    },
  },
  "action placements.ts#requestPlacementAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) =>
      actionOutcome(
        placementActionsAs(resolve(a), clock).requestPlacement({ confirmation: { seekerId: w.self.id, answers: ANSWERS, decidedModality: "SUIVI" } }),
      ),
  },
  "action placements.ts#placeBeyondCapAction": {
    allowed: MANAGERS,
    call: (a, w) =>
      actionOutcome(
        placementActionsAs(resolve(a), clock).placeBeyondCap({
          requestId: w.placement.id,
          advisorId: w.advisor.id,
          reason: "Suivi par la même conseillère depuis un an",
        }),
      ),
  },
  "action placements.ts#declinePlacementAction": {
    allowed: MANAGERS,
    call: (a, w) =>
      actionOutcome(
        placementActionsAs(resolve(a), clock).declinePlacement({ requestId: w.placement.id, reason: "Rééquilibrage prévu lundi : confirmez alors" }),
      ),
  },
  "action rebalance.ts#moveSeekersAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(rebalance(a).moveSeekers({ seekerIds: [w.guideSeeker.id], toPortfolioId: w.colleagueGuide.id })),
  },
  "action rebalance.ts#applyBalanceAction": {
    allowed: MANAGERS,
    call: (a, w) =>
      actionOutcome(
        rebalance(a).applyBalance({
          agencyId: w.agency.id,
          modality: "GUIDE",
          moves: [{ seekerId: w.guideSeeker.id, fromPortfolioId: w.ownGuide.id, toPortfolioId: w.colleagueGuide.id }],
        }),
      ),
  },
  "action first-interviews.ts#bookFirstInterviewsAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(firstInterviewActionsAs(resolve(a), clock).bookFirstInterviews({ agencyId: w.agency.id })),
  },
  "action reviews.ts#bookMissingReviewsAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(reviewActionsAs(resolve(a), clock).bookMissingReviews({ agencyId: w.agency.id })),
  },
  // « Planifier » a joint diagnostic (issue 20): the advisor in charge, the agency's manager, an administrator. The
  // seeker has no social RSA orientation here: an allowed call is refused by the use case, past the authorization.
  "action reviews.ts#bookJointDiagnosticsAction": {
    allowed: [...ADVISOR_IN_CHARGE, ...MANAGERS],
    call: (a, w) => actionOutcome(reviewActionsAs(resolve(a), clock).bookJointDiagnostics({ agencyId: w.agency.id, seekerId: w.self.id })),
  },
  "action account.ts#changePasswordAction": {
    allowed: PERSONAS.filter((p) => p !== "anonyme"),
    call: (a) =>
      actionOutcome(
        accountActionsAs(resolve(a)).changePassword({ currentPassword: "x", newPassword: "une phrase assez longue", confirmation: "une phrase assez longue" }),
      ),
  },
  "action agency-settings.ts#updateCapsAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).updateCaps({ agencyId: w.agency.id, capSuivi: 300, capGuide: 140, capRenforce: 60, capGlobal: 90 })),
  },
  "action agency-settings.ts#updateHoursAction": {
    allowed: MANAGERS,
    call: (a, w) =>
      actionOutcome(
        settings(a).updateHours({ agencyId: w.agency.id, appointmentStart: "09:00", appointmentEnd: "12:00", slotMinutes: 30, initialInterviewMinutes: 60 }),
      ),
  },
  "action agency-settings.ts#updateFirstInterviewDeadlineAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).updateFirstInterviewDeadline({ agencyId: w.agency.id, firstInterviewDeadlineDays: 21 })),
  },
  "action agency-settings.ts#updateMessageReplyAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).updateMessageReply({ agencyId: w.agency.id, messageReplyWorkingDays: 3 })),
  },
  // The seeker's conversation (docs/rules.md#conversations): the seeker, the advisor in charge, the tandem's social
  // worker; never a colleague, another seeker (naming this seeker's id), a manager or an administrator.
  "action conversations.ts#sendConversationMessageAction": {
    allowed: CONVERSATION_PARTICIPANTS,
    call: (a, w) => actionOutcome(conversationActionsAs(resolve(a), clock).send({ seekerId: w.self.id, body: "Bonjour" })),
  },
  "action conversations.ts#markConversationReadAction": {
    allowed: CONVERSATION_PARTICIPANTS,
    call: (a, w) => actionOutcome(conversationActionsAs(resolve(a), clock).markRead({ seekerId: w.self.id })),
  },
  "route /api/conversations/etat GET": {
    allowed: CONVERSATION_PARTICIPANTS,
    call: (a, w) => routeOutcome(conversationRoutesAs(resolve(a), clock).poll(get(`/api/conversations/etat?demandeur=${w.self.id}`), undefined)),
  },
  "action agency-settings.ts#updateMinNoticeAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).updateMinNotice({ agencyId: w.agency.id, minNoticeDays: 3 })),
  },
  "action agency-settings.ts#updateRemindersAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).updateReminders({ agencyId: w.agency.id, reminderDaysBefore: 3, reminderByEmail: true, reminderBySms: false })),
  },
  "action agency-settings.ts#updateRetentionAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).updateRetention({ agencyId: w.agency.id, closedFileRetentionMonths: 36 })),
  },
  "action agency-settings.ts#updateGlobalPartnershipAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).updateGlobalPartnership({ agencyId: w.agency.id, globalPartnership: false, confirmGlobalSeekers: true })),
  },
  // The agency's offer (issue 20): the manager of the agency or an administrator; confirmed, so that an allowed call
  // switches (a refusal must change nothing).
  "action agency-settings.ts#updateOfferAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).updateOffer({ agencyId: w.agency.id, offer: "OFFRE_2025", confirmOffer: true })),
  },
  "action agency-settings.ts#createSocialWorkerAction": {
    allowed: MANAGERS,
    call: (a, w) =>
      actionOutcome(
        settings(a).createSocialWorker({ agencyId: w.agency.id, firstName: "Inès", lastName: "Nouvelle", email: `ines.${nextSerial()}@matrice.test` }),
      ),
  },
  "action agency-settings.ts#deactivateSocialWorkerAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).deactivateSocialWorker({ agencyId: w.agency.id, userId: w.otherWorker.id })),
  },
  "action agency-settings.ts#reactivateSocialWorkerAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(settings(a).reactivateSocialWorker({ agencyId: w.agency.id, userId: w.otherWorker.id })),
  },
  // The seeker's own actions name no seeker: each seeker acts on their own record only (checked below).
  "action seeker-space.ts#setMyWebOnlyAction": {
    allowed: SEEKERS_THEMSELVES,
    call: (a) => actionOutcome(seekerSpace(a).setWebOnly({ webOnly: true })),
  },
  "action seeker-space.ts#createCalendarFeedAction": {
    allowed: SEEKERS_THEMSELVES,
    call: (a) => actionOutcome(seekerSpace(a).createCalendarFeed({})),
  },
  "action seeker-space.ts#revokeCalendarFeedAction": {
    allowed: SEEKERS_THEMSELVES,
    call: (a) => actionOutcome(seekerSpace(a).revokeCalendarFeed({})),
  },
  "action seeker-space.ts#updateMyContactAction": {
    allowed: SEEKERS_THEMSELVES,
    call: (a) => actionOutcome(seekerSpace(a).updateContact({ email: "moi@exemple.fr", phone: "06 39 98 12 34" })),
  },
  "action seeker-space.ts#setMyMessagePreferencesAction": {
    allowed: SEEKERS_THEMSELVES,
    call: (a) => actionOutcome(seekerSpace(a).setMessagePreferences({ smsConsent: false, optionalMessagesOptOut: true })),
  },
  "action contact-details.ts#correctContactAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) =>
      actionOutcome(
        contactActionsAs(resolve(a), clock).correctContact({ seekerId: w.self.id, email: "zoe@exemple.fr", phone: "06 39 98 12 34", seekerAgreed: true }),
      ),
  },
  "action registration-imports.ts#confirmRegistrationImportAction": {
    allowed: MANAGERS,
    call: async (a, w) =>
      actionOutcome(
        registrationImportActionsAs(resolve(a), clock).confirmImport({ importId: (await previewedImport(w.agency.id)).id, sha256: "a".repeat(64) }),
      ),
  },
  "route /agence/inscriptions/envoi POST": {
    allowed: MANAGERS,
    call: (a, w) => routeOutcome(registrationRoutes(a).upload(upload(w.agency.id), undefined)),
  },
  "route /agence/inscriptions/[id]/rapport GET": {
    allowed: MANAGERS,
    call: async (a, w) => {
      const id = (await previewedImport(w.agency.id)).id;
      return routeOutcome(registrationRoutes(a).report(get(`/agence/inscriptions/${id}/rapport`), { params: Promise.resolve({ id }) }));
    },
  },
  // The tandem file (docs/rules.md#the-tandem-file): the self seeker has an open tandem with « travailleur social du
  // binôme ». A note: its social worker and the advisor in charge.
  "action tandem.ts#addTandemNoteAction": {
    allowed: ["conseiller du portefeuille", "travailleur social du binôme"],
    call: (a, w) => actionOutcome(tandemActionsAs(resolve(a), clock).addNote({ seekerId: w.self.id, text: "Point CAF à faire." })),
  },
  // Booking from the tandem file: the tandem's social worker only (the self seeker is not in global: INVALID, allowed).
  "action tandem.ts#bookTandemAppointmentAction": {
    allowed: ["travailleur social du binôme"],
    call: (a, w) =>
      actionOutcome(
        tandemActionsAs(resolve(a), clock).book({
          seekerId: w.self.id,
          kind: "JOINT_GLOBAL",
          startsAt: localToInstant("2026-04-14", "14:00", PARIS),
          channel: "AGENCY",
        }),
      ),
  },
  "action seeker-life-cycle.ts#closeSeekerAction": {
    allowed: [...ADVISOR_IN_CHARGE, ...MANAGERS],
    call: (a, w) => actionOutcome(lifeCycleActionsAs(resolve(a), clock).closeSeeker({ seekerId: w.self.id, reason: "REPRISE_EMPLOI" })),
  },
  // The file is open: those allowed get the CONFLICT « n'est pas clos » (allowed, nothing changed).
  "action seeker-life-cycle.ts#reopenSeekerAction": {
    allowed: [...ADVISOR_IN_CHARGE, ...MANAGERS],
    call: (a, w) => actionOutcome(lifeCycleActionsAs(resolve(a), clock).reopenSeeker({ seekerId: w.self.id })),
  },
  "action seeker-life-cycle.ts#transferSeekerAction": {
    allowed: [...ADVISOR_IN_CHARGE, ...MANAGERS],
    call: (a, w) => actionOutcome(lifeCycleActionsAs(resolve(a), clock).transferSeeker({ seekerId: w.self.id, toAgencyId: w.other.id, confirmed: true })),
  },
  "route /agence/export/mouvements GET": {
    allowed: MANAGERS,
    call: (a, w) => routeOutcome(exportsAs(a).movements(get(`/agence/export/mouvements?agence=${w.agency.id}`), undefined)),
  },
  "action triage-campaigns.ts#previewCampaignAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(campaignsAs(a).preview(campaignOpening(w))),
  },
  "action triage-campaigns.ts#openCampaignAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(campaignsAs(a).open(campaignOpening(w))),
  },
  "action triage-campaigns.ts#reassignCampaignAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(campaignsAs(a).reassign({ campaignId: w.campaign.id, fromAdvisorId: w.advisor.id, toAdvisorId: w.colleague.id, count: 1 })),
  },
  "action triage-campaigns.ts#closeCampaignAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(campaignsAs(a).close({ campaignId: w.campaign.id })),
  },
  "action triage-campaigns.ts#setClosureAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(campaignsAs(a).setClosure({ agencyId: w.agency.id, day: "2026-04-08", reason: "Formation de l'équipe" })),
  },
  "action triage-campaigns.ts#removeClosureAction": {
    allowed: MANAGERS,
    call: (a, w) => actionOutcome(campaignsAs(a).removeClosure({ agencyId: w.agency.id, day: "2026-04-09" })),
  },
  // The advisor the campaign gave the file to (from a colleague's portfolio): nobody else, not even its portfolio's advisor.
  "action triage-campaigns.ts#confirmUnchangedAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) => actionOutcome(campaignsAs(a).confirmUnchanged({ campaignFileId: w.campaignFile.id })),
  },
  // A seeker on their own appointment: another seeker (and every staff role) is refused.
  "action appointment-requests.ts#createAppointmentRequestAction": {
    allowed: ["demandeur lui-même"],
    call: (a, w) => actionOutcome(appointmentRequestActionsAs(resolve(a), clock).create({ appointmentId: w.future.id, kind: "ABSENCE", reason: "Malade" })),
  },
  "action appointment-requests.ts#acceptProposalAction": {
    allowed: ["demandeur lui-même"],
    call: (a, w) => actionOutcome(appointmentRequestActionsAs(resolve(a), clock).acceptProposal({ requestId: w.proposed.id })),
  },
  // The advisor of the seeker's portfolio only: not a colleague, nor a manager.
  "action appointment-requests.ts#answerAppointmentRequestAction": {
    allowed: ADVISOR_IN_CHARGE,
    call: (a, w) => actionOutcome(appointmentRequestActionsAs(resolve(a), clock).answer({ requestId: w.absence.id, answer: "ACKNOWLEDGE" })),
  },
  "route /agence/export/charges GET": {
    allowed: MANAGERS,
    call: (a, w) => routeOutcome(exportsAs(a).charges(get(`/agence/export/charges?agence=${w.agency.id}`), undefined)),
  },
  "route /agence/export/orientations-2025 GET": {
    allowed: MANAGERS,
    call: (a, w) => routeOutcome(exportsAs(a).orientations2025(get(`/agence/export/orientations-2025?agence=${w.agency.id}`), undefined)),
  },
  "route /agence/export/bilans-en-retard GET": {
    allowed: MANAGERS,
    call: (a, w) => routeOutcome(exportsAs(a).overdueReviews(get(`/agence/export/bilans-en-retard?agence=${w.agency.id}`), undefined)),
  },
  "route /mon-espace/rendez-vous/[id]/ics GET": {
    allowed: ["demandeur lui-même"],
    call: (a, w) =>
      routeOutcome(seekerRoutes(a).appointmentIcs(get(`/mon-espace/rendez-vous/${w.future.id}/ics`), { params: Promise.resolve({ id: w.future.id }) })),
  },
  "route /mon-espace/mes-donnees GET": {
    allowed: SEEKERS_THEMSELVES,
    call: (a) => routeOutcome(seekerRoutes(a).dataExport(get("/mon-espace/mes-donnees"), undefined)),
  },
  // The feed has no session: its secret token is the credential, whoever holds it (see the test below).
  "route /calendrier/[token] GET": {
    allowed: EVERYONE,
    call: (_a, w) => routeOutcome(calendarFeedAt(`${w.selfToken}.ics`, NOW)),
  },
  "route /api/health GET": {
    allowed: EVERYONE,
    call: () => routeOutcome(healthRoute()),
  },
  // The SMS provider's receipts have no session: the message's own token in the URL is the credential, whoever
  // posts it (a receipt without it is refused: see the test below and tests/integration/sms.test.ts).
  "route /api/sms/accuses POST": {
    allowed: EVERYONE,
    call: async (_a, w) => {
      const message = await sentSms(w);
      return routeOutcome(postReceipt(message.id, receiptToken(SMS_SECRET, message.id), message.providerId!));
    },
  },
};

const SMS_SECRET = "secret-des-accuses-de-reception-de-test-0123456789";

/** An SMS to the seeker, taken by the provider under the id 4242. */
function sentSms(w: World) {
  return prisma.outboxMessage.create({
    data: {
      agencyId: w.agency.id,
      seekerId: w.self.id,
      kind: "REMINDER",
      channel: "SMS",
      recipient: "+33612345678",
      subject: "Rappel",
      text: "Rappel",
      html: "",
      status: "SENT",
      sentAt: NOW,
      providerId: "4242",
    },
  });
}

function postReceipt(messageId: string, token: string, providerId: string) {
  const request = new Request(`http://localhost/api/sms/accuses?message=${messageId}&jeton=${encodeURIComponent(token)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ messageId: Number(providerId), msg_status: "delivered", to: "33612345678" }),
  });
  return smsReceiptResponse(request, { prisma: async () => prisma, secret: () => SMS_SECRET });
}

/** next-auth's own sign-in endpoints: public by nature, exercised end to end (tests/e2e/personas.spec.ts, securite.spec.ts). */
const PUBLIC_BY_DESIGN = new Set(["route /api/auth/[...nextauth] GET", "route /api/auth/[...nextauth] POST"]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every exported server action ("use server" files) and every route handler method of src/. */
function discoverEndpoints(): string[] {
  const found: string[] = [];
  for (const file of filesUnder("src")) {
    if (!/\.tsx?$/.test(file)) continue;
    const source = readFileSync(file, "utf8");
    if (/^\s*(\/\*[\s\S]*?\*\/\s*)?["']use server["']/.test(source)) {
      for (const match of source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(\w+)/g)) found.push(`action ${path.basename(file)}#${match[1]}`);
    }
    if (path.basename(file) === "route.ts") {
      const route = `/${path.relative("src/app", path.dirname(file)).split(path.sep).join("/")}`;
      for (const match of source.matchAll(/export\s+(?:async\s+function|const)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) found.push(`route ${route} ${match[1]}`);
      for (const match of source.matchAll(/export\s+\{\s*([^}]+)\}/g)) {
        for (const name of match[1]!.split(",").map((part) =>
          part
            .trim()
            .split(/\s+as\s+/)
            .pop()!,
        )) {
          if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) found.push(`route ${route} ${name}`);
        }
      }
    }
  }
  return found.sort();
}

describe("authorization matrix", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma;
    installAsAppDatabase(db);
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("lists every server action and route handler of the code base", () => {
    const discovered = discoverEndpoints();
    expect(discovered.length).toBeGreaterThan(20);
    expect(discovered).toEqual([...Object.keys(MATRIX), ...PUBLIC_BY_DESIGN].sort());
  });

  for (const [endpoint, { allowed, call }] of Object.entries(MATRIX)) {
    it(`${endpoint} : ${allowed.length === PERSONAS.length ? "tout le monde" : allowed.join(", ")}`, async () => {
      // Refusals first, all on one world: nothing may change, and nothing of the target may leak.
      const w = await buildWorld();
      const before = await tableCounts(prisma, TABLES);
      const table: Record<string, Outcome> = {};
      for (const persona of PERSONAS.filter((p) => !allowed.includes(p))) {
        const { outcome, body } = await call(w.personas[persona], w);
        table[persona] = outcome;
        expect(body, `${persona} : fuite`).not.toMatch(/Selfridge|SELFRIDGE/);
        expect(body, `${persona} : fuite`).not.toContain(w.selfToken);
      }
      expect(await tableCounts(prisma, TABLES)).toEqual(before);
      // Each allowed persona on a fresh world of its own (an allowed call may change it).
      for (const persona of allowed) {
        const fresh = await buildWorld();
        table[persona] = (await call(fresh.personas[persona], fresh)).outcome;
      }
      const expected = Object.fromEntries(PERSONAS.map((p) => [p, allowed.includes(p) ? "allowed" : "denied"]));
      expect(table).toEqual(expected);
    });
  }

  it("the feed answers only to its own token: another seeker's token gives only theirs, a revoked or made-up one nothing", async () => {
    const w = await buildWorld();
    const mine = await calendarFeedAt(`${w.selfToken}.ics`, NOW);
    expect(mine.status).toBe(200);
    const theirs = await calendarFeedAt(`${w.otherToken}.ics`, NOW);
    expect(theirs.status).toBe(200);
    const theirBody = await theirs.text();
    expect(theirBody).not.toContain(w.future.id);
    for (const token of [`${w.selfToken}x`, "", "../../etc/passwd", w.self.id]) {
      expect((await calendarFeedAt(token, NOW)).status, token).toBe(404);
    }
    await prisma.seeker.update({ where: { id: w.self.id }, data: { calendarFeedToken: null } });
    expect((await calendarFeedAt(`${w.selfToken}.ics`, NOW)).status).toBe(404);
  });

  it("the SMS receipts answer only to the message's own token: another message's, a made-up or no token is 401 and changes nothing", async () => {
    const w = await buildWorld();
    const message = await sentSms(w);
    const other = await sentSms(w);
    for (const token of ["", "x", receiptToken(SMS_SECRET, other.id), receiptToken("un-autre-secret-tout-aussi-long-que-le-vrai", message.id), w.selfToken]) {
      expect((await postReceipt(message.id, token, "4242")).status, token).toBe(401);
    }
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).toEqual(message);
    expect((await postReceipt(message.id, receiptToken(SMS_SECRET, message.id), "4242")).status).toBe(200);
    expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("DELIVERED");
  });

  it("a seeker's own actions and export touch their own record only", async () => {
    const w = await buildWorld();
    const other = w.personas["autre demandeur"];
    const selfBefore = await prisma.seeker.findUniqueOrThrow({
      where: { id: w.self.id },
      select: { webOnly: true, calendarFeedToken: true, email: true, phone: true, smsConsent: true, optionalMessagesOptOut: true },
    });
    await seekerSpace(other).createCalendarFeed({});
    await seekerSpace(other).revokeCalendarFeed({});
    await seekerSpace(other).updateContact({ email: "autre@exemple.fr", phone: "06 39 98 99 99" });
    await seekerSpace(other).setMessagePreferences({ smsConsent: true, optionalMessagesOptOut: true });
    const exported = await seekerRoutes(other).dataExport(get("/mon-espace/mes-donnees"), undefined);
    const body = await exported.text();
    expect(body).not.toMatch(/Selfridge|SELFRIDGE/);
    expect(body).not.toContain(w.selfToken);
    expect(
      await prisma.seeker.findUniqueOrThrow({
        where: { id: w.self.id },
        select: { webOnly: true, calendarFeedToken: true, email: true, phone: true, smsConsent: true, optionalMessagesOptOut: true },
      }),
    ).toEqual(selfBefore);
  });
});
