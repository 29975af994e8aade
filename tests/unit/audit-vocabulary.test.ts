/**
 * The audit journal's vocabulary (issue 14): every action written anywhere in the sources has a French label, every
 * label is an action still written, and each entry's metadata reads in French — from which value to which, never a
 * raw code. The sources are scanned, so a new action, operation or setting without its wording fails here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  AUDIT_ACTIONS,
  AUDIT_OPERATIONS,
  AUDIT_SETTING_FIELDS,
  auditActionLabel,
  auditAnonymousActor,
  auditDetails,
  auditReferences,
  isAuditAction,
  type AuditAction,
  type AuditNames,
} from "@/lib/audit-vocabulary";
import {
  updateCapsSchema,
  updateDeadlineSchema,
  updateHoursSchema,
  updateOfferSchema,
  updatePartnershipSchema,
  updateRemindersSchema,
  updateRetentionSchema,
} from "@/server/use-cases/agency-settings.schema";
import { APPOINTMENT_STATUSES, INTENSITIES, MODALITIES, PARCOURS, REFERENTS } from "@/domain";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

const SOURCES = [...filesUnder("src"), ...filesUnder("scripts")].filter(
  (file) => /\.(ts|tsx|mts)$/.test(file) && !file.startsWith(path.join("src", "generated")) && !file.endsWith(path.join("lib", "audit-vocabulary.ts")),
);

/** Every string literal after `key:` in the given files. */
function literalsOf(files: string[], key: string): Set<string> {
  const found = new Set<string>();
  const pattern = new RegExp(`\\b${key}:\\s*"([^"]+)"`, "g");
  for (const file of files) for (const match of readFileSync(file, "utf8").matchAll(pattern)) found.add(match[1]!);
  return found;
}

const WRITTEN_ACTIONS = literalsOf(SOURCES, "action");
const ENDPOINT_FILES = SOURCES.filter(
  (file) => file.startsWith(path.join("src", "server", "actions")) || file.startsWith(path.join("src", "server", "routes")),
);
/** The operation names of the actions and routes: `name: "…"`, or the first argument of an action group's `xAction("…", …)`. */
const OPERATIONS = new Set([
  ...literalsOf(ENDPOINT_FILES, "name"),
  ...ENDPOINT_FILES.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/\b\w+Action\(\s*"([^"]+)"/g)].map((match) => match[1]!)),
]);

const UUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const [SEEKER, ADVISOR, OTHER_ADVISOR, WORKER, FROM_PORTFOLIO, TO_PORTFOLIO, APPOINTMENT, OLD_APPOINTMENT] = [1, 2, 3, 4, 5, 6, 7, 8].map(UUID) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];

const NAMES: AuditNames = {
  users: new Map([
    [ADVISOR, "Paul Durand"],
    [OTHER_ADVISOR, "Marie Dupont"],
    [WORKER, "Samuel Petit"],
  ]),
  portfolios: new Map([
    [FROM_PORTFOLIO, "Paul Durand (Guidé)"],
    [TO_PORTFOLIO, "Marie Dupont (Guidé)"],
  ]),
  appointments: new Map([
    [OLD_APPOINTMENT, { kind: "Bilan du 4e mois", when: "12/03/2026 à 14 h 00" }],
    [APPOINTMENT, { kind: "Bilan du 4e mois", when: "19/03/2026 à 14 h 30" }],
  ]),
};

/**
 * One entry of each action with the metadata its writer stores (the shapes of the use cases, routes and seed). An
 * action without a sample fails the « every action » tests below.
 */
const SAMPLES: Record<AuditAction, { subjectType?: string; subjectId?: string; seekerId?: string; metadata: Record<string, unknown> }[]> = {
  "auth.login.succeeded": [{ metadata: { address: "203.0.113.9" } }],
  "auth.login.failed": ["unknown-account", "wrong-password", "inactive-account"].map((reason) => ({
    subjectType: "User",
    subjectId: ADVISOR,
    metadata: { reason, address: "203.0.113.9" },
  })),
  "auth.login.throttled": ["address", "pair", "account"].map((scope) => ({ metadata: { scope, address: "203.0.113.9", refused: 3 } })),
  "authorization.denied": [...OPERATIONS].map((operation) => ({ metadata: { operation } })),
  "account.admin.created": [{ subjectType: "User", subjectId: ADVISOR, metadata: { source: "npm run create-admin" } }],
  "user.created": [{ subjectType: "User", subjectId: WORKER, metadata: { role: "SOCIAL_WORKER" } }],
  "user.password_changed": [true, false].map((calendarFeedRevoked) => ({ subjectType: "User", subjectId: ADVISOR, metadata: { calendarFeedRevoked } })),
  "user.deactivated": [
    {
      subjectType: "User",
      subjectId: WORKER,
      metadata: { role: "SOCIAL_WORKER", transferredToId: ADVISOR, tandemsTransferred: 2, appointmentsTransferred: 1 },
    },
    { subjectType: "User", subjectId: WORKER, metadata: { role: "SOCIAL_WORKER", transferredToId: null, tandemsTransferred: 0, appointmentsTransferred: 0 } },
  ],
  "user.reactivated": [{ subjectType: "User", subjectId: WORKER, metadata: { role: "SOCIAL_WORKER" } }],
  "agency.settings.changed": [
    {
      metadata: {
        section: "caps",
        fields: "capSuivi,capGuide,capRenforce,capGlobal",
        "capSuivi.old": 350,
        "capSuivi.new": 300,
        "capGuide.old": 150,
        "capGuide.new": 140,
        "capRenforce.old": 70,
        "capRenforce.new": 65,
        "capGlobal.old": 100,
        "capGlobal.new": 90,
        portfoliosUpdated: 4,
        portfoliosAboveCap: 1,
        confirmedBelowLoad: true,
      },
    },
    {
      metadata: {
        section: "hours",
        fields: "appointmentStart,appointmentEnd,slotMinutes,initialInterviewMinutes",
        "appointmentStart.old": 810,
        "appointmentStart.new": 540,
        "appointmentEnd.old": 990,
        "appointmentEnd.new": 720,
        "slotMinutes.old": 30,
        "slotMinutes.new": 20,
        "initialInterviewMinutes.old": 60,
        "initialInterviewMinutes.new": 40,
      },
    },
    { metadata: { section: "deadline", fields: "firstInterviewDeadlineDays", "firstInterviewDeadlineDays.old": 28, "firstInterviewDeadlineDays.new": 21 } },
    { metadata: { section: "partnership", fields: "globalPartnership", "globalPartnership.old": true, "globalPartnership.new": false, globalSeekers: 2 } },
    { metadata: { section: "offer", fields: "offer", "offer.old": "OFFRE_2014", "offer.new": "OFFRE_2025", followedSeekers: 12 } },
  ],
  "diagnostic.recorded": MODALITIES.map((m) => ({ subjectType: "Diagnostic", seekerId: SEEKER, metadata: { decidedModality: m, overridden: m === "GLOBAL" } })),
  "diagnostic.confirmed": MODALITIES.map((m) => ({
    subjectType: "Diagnostic",
    seekerId: SEEKER,
    metadata: {
      rulesetVersion: "2014.1",
      proposedModality: "GUIDE",
      decidedModality: m,
      override: m !== "GUIDE",
      portfolioId: TO_PORTFOLIO,
      advisorId: OTHER_ADVISOR,
      forced: m === "RENFORCE",
    },
  })),
  "seeker.modality_changed": [
    ...MODALITIES.map((m) => ({
      subjectType: "Seeker",
      subjectId: SEEKER,
      seekerId: SEEKER,
      metadata: { from: "GUIDE", to: m, fromPortfolioId: FROM_PORTFOLIO, toPortfolioId: TO_PORTFOLIO, assignmentId: UUID(99), reason: "OVERRIDE" },
    })),
    {
      subjectType: "Seeker",
      subjectId: SEEKER,
      seekerId: SEEKER,
      metadata: { from: null, to: "SUIVI", fromPortfolioId: null, toPortfolioId: TO_PORTFOLIO, assignmentId: UUID(99), reason: "DIAGNOSTIC" },
    },
  ],
  "placement.requested": MODALITIES.map((m) => ({
    subjectType: "PlacementRequest",
    subjectId: UUID(97),
    seekerId: SEEKER,
    metadata: { decidedModality: m, advisorId: ADVISOR },
  })),
  "placement.granted": [
    {
      subjectType: "PlacementRequest",
      subjectId: UUID(97),
      seekerId: SEEKER,
      metadata: { decidedModality: "RENFORCE", advisorId: OTHER_ADVISOR, portfolioId: TO_PORTFOLIO },
    },
  ],
  "placement.declined": [{ subjectType: "PlacementRequest", subjectId: UUID(97), seekerId: SEEKER, metadata: { decidedModality: "RENFORCE" } }],
  "seeker.transferred": [true, false].map((forced) => ({
    subjectType: "Seeker",
    subjectId: SEEKER,
    seekerId: SEEKER,
    metadata: {
      fromPortfolioId: FROM_PORTFOLIO,
      toPortfolioId: TO_PORTFOLIO,
      assignmentId: UUID(99),
      reason: "REBALANCE",
      forced,
      appointmentsFollowed: 2,
      appointmentsReplanned: 1,
    },
  })),
  "seeker.web_only_set": [true, false].map((webOnly) => ({ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { webOnly } })),
  "seeker.webOnly.changed": [true, false].map((webOnly) => ({ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { webOnly } })),
  "seeker.calendarFeed.created": [true, false].map((replaced) => ({ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { replaced } })),
  "seeker.calendarFeed.revoked": [{ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: {} }],
  "seeker.contact.changed": [
    { subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { emailChanged: true, phoneChanged: false } },
    { subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { emailChanged: false, phoneChanged: true } },
  ],
  "seeker.contact.corrected": [{ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { emailChanged: true, phoneChanged: true } }],
  "seeker.messagePreferences.changed": [
    { subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { smsConsent: true } },
    { subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { smsConsent: false, optionalMessagesOptOut: true, messagesCancelled: 2 } },
    { subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { optionalMessagesOptOut: false } },
  ],
  "seeker.barriers_viewed": [{ subjectType: "Diagnostic", subjectId: UUID(98), seekerId: SEEKER, metadata: {} }],
  "seeker.data.exported": [{ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: {} }],
  "tandem.file_viewed": [{ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { diagnosticId: UUID(98) } }],
  "tandem.note_added": [{ subjectType: "TandemNote", subjectId: UUID(97), seekerId: SEEKER, metadata: {} }],
  "conversation.message_sent": [true, false].map((notified) => ({
    subjectType: "ConversationMessage",
    subjectId: "6f1d2c3b-4a59-4e8f-9d0a-1b2c3d4e5f60",
    seekerId: SEEKER,
    metadata: { length: 42, notified },
  })),
  "conversation.opened": [{ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: {} }],
  "appointment.outcome_recorded": APPOINTMENT_STATUSES.filter((s) => s !== "SCHEDULED" && s !== "CANCELLED").map((outcome) => ({
    subjectType: "Appointment",
    subjectId: APPOINTMENT,
    seekerId: SEEKER,
    metadata: { outcome },
  })),
  "appointment.cancelled": [{ subjectType: "Appointment", subjectId: APPOINTMENT, seekerId: SEEKER, metadata: {} }],
  "appointment.rescheduled": [{ subjectType: "Appointment", subjectId: APPOINTMENT, seekerId: SEEKER, metadata: { replacesId: OLD_APPOINTMENT } }],
  "reviews.booked": [{ subjectType: "Agency", metadata: { booked: 40, overdue: 33, missed: 1 } }],
  "firstInterviews.booked": [{ subjectType: "Agency", metadata: { booked: 12, late: 1, unbooked: 0 } }],
  "joint-diagnostics.booked": [{ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { booked: 1, overdue: 0 } }],
  "appointment.booked": [{ subjectType: "Appointment", subjectId: APPOINTMENT, seekerId: SEEKER, metadata: { kind: "FOLLOW_UP" } }],
  "export.downloaded": [
    { subjectType: "Agency", metadata: { export: "charges", rows: 3 } },
    { subjectType: "Agency", metadata: { export: "orientations-2025", rows: 7 } },
    ...["M4", "M9", "M4+M9"].map((bilan) => ({ subjectType: "Agency", metadata: { export: "bilans-en-retard", rows: 12, bilan } })),
  ],
  "seeker.closed": [
    {
      subjectType: "Seeker",
      subjectId: SEEKER,
      seekerId: SEEKER,
      metadata: { exitReason: "REPRISE_EMPLOI", appointmentsCancelled: 2, portfolioId: FROM_PORTFOLIO, tandemEnded: true },
    },
  ],
  "seeker.reopened": [{ subjectType: "Seeker", subjectId: SEEKER, seekerId: SEEKER, metadata: { previousExitReason: "RADIATION" } }],
  "seeker.transferred_out": [
    {
      subjectType: "Seeker",
      subjectId: SEEKER,
      seekerId: SEEKER,
      metadata: { importId: null, appointmentsCancelled: 1, portfolioId: FROM_PORTFOLIO, tandemEnded: false },
    },
  ],
  "seeker.transferred_in": [
    {
      subjectType: "Seeker",
      subjectId: SEEKER,
      seekerId: SEEKER,
      metadata: { importId: null, appointmentsCancelled: 0, portfolioId: null, tandemEnded: false },
    },
  ],
  "seed.demo": [{ subjectType: "Agency", metadata: { source: "npm run seed" } }],
  "retention.purged": [
    { metadata: { auditEventsDeleted: 1520, filesAnonymised: 3, auditRetentionMonths: 12 } },
    { subjectType: "Agency", metadata: { filesAnonymised: 1, closedFileRetentionMonths: 24 } },
  ],
  "registrations.previewed": [{ subjectType: "RegistrationImport", metadata: { rows: 12, new: 3, updated: 2, unchanged: 4, transfers: 1, refused: 2 } }],
  "registrations.imported": [{ subjectType: "RegistrationImport", metadata: { new: 3, updated: 2, unchanged: 4, transfers: 1, refused: 2 } }],
  "registrations.failed": [
    { subjectType: "RegistrationImport", metadata: { phase: "preview" } },
    { subjectType: "RegistrationImport", metadata: { phase: "import" } },
  ],
  "campaign.opened": [
    { subjectType: "TriageCampaign", subjectId: UUID(120), metadata: { day: "2026-12-14", files: 42, closedToPublic: true, appointmentsMoved: 3 } },
  ],
  "campaign.closed": [{ subjectType: "TriageCampaign", subjectId: UUID(120), metadata: { day: "2026-12-14", files: 42, done: 40 } }],
  "campaign.reassigned": [{ subjectType: "TriageCampaign", subjectId: UUID(120), metadata: { fromAdvisorId: ADVISOR, toAdvisorId: OTHER_ADVISOR, moved: 5 } }],
  "campaign.file_confirmed": [{ subjectType: "TriageCampaignFile", subjectId: UUID(121), seekerId: UUID(1), metadata: { modality: "GUIDE" } }],
  "agency.closure_set": [{ subjectType: "AgencyClosure", subjectId: UUID(122), metadata: { day: "2026-12-14", appointmentsKept: 2 } }],
  "agency.closure_removed": [{ subjectType: "AgencyClosure", subjectId: UUID(122), metadata: { day: "2026-12-14" } }],
  "appointmentRequest.created": [
    { subjectType: "AppointmentRequest", subjectId: UUID(130), seekerId: SEEKER, metadata: { kind: "MOVE", appointmentId: OLD_APPOINTMENT, slots: 2 } },
    { subjectType: "AppointmentRequest", subjectId: UUID(131), seekerId: SEEKER, metadata: { kind: "ABSENCE", appointmentId: OLD_APPOINTMENT, slots: 0 } },
  ],
  "appointmentRequest.accepted": [
    {
      subjectType: "AppointmentRequest",
      subjectId: UUID(130),
      seekerId: SEEKER,
      metadata: { kind: "MOVE", appointmentId: OLD_APPOINTMENT, newAppointmentId: APPOINTMENT },
    },
  ],
  "appointmentRequest.proposed": [
    {
      subjectType: "AppointmentRequest",
      subjectId: UUID(130),
      seekerId: SEEKER,
      metadata: { kind: "MOVE", appointmentId: OLD_APPOINTMENT, newAppointmentId: null },
    },
  ],
  "appointmentRequest.declined": [
    {
      subjectType: "AppointmentRequest",
      subjectId: UUID(130),
      seekerId: SEEKER,
      metadata: { kind: "MOVE", appointmentId: OLD_APPOINTMENT, newAppointmentId: null },
    },
  ],
  "appointmentRequest.acknowledged": [
    {
      subjectType: "AppointmentRequest",
      subjectId: UUID(131),
      seekerId: SEEKER,
      metadata: { kind: "ABSENCE", appointmentId: OLD_APPOINTMENT, newAppointmentId: null },
    },
  ],
  "appointmentRequest.proposalAccepted": [
    { subjectType: "AppointmentRequest", subjectId: UUID(130), seekerId: SEEKER, metadata: { appointmentId: OLD_APPOINTMENT, newAppointmentId: APPOINTMENT } },
  ],
  "orientation.recorded": [
    {
      subjectType: "Orientation",
      subjectId: UUID(140),
      seekerId: SEEKER,
      metadata: {
        rulesetVersion: "2025.1",
        proposedParcours: "SOCIO_PROFESSIONNEL",
        proposedReferent: "FRANCE_TRAVAIL",
        parcours: "SOCIO_PROFESSIONNEL",
        referent: "FRANCE_TRAVAIL",
        intensity: "INTENSIF",
        socialTandem: true,
        decidedBy: "FRANCE_TRAVAIL",
        override: false,
        handedOver: false,
      },
    },
    {
      subjectType: "Orientation",
      subjectId: UUID(141),
      seekerId: SEEKER,
      metadata: {
        rulesetVersion: "2025.1",
        proposedParcours: "EMPLOI",
        proposedReferent: "FRANCE_TRAVAIL",
        parcours: "EMPLOI",
        referent: "MISSION_LOCALE",
        intensity: null,
        socialTandem: false,
        decidedBy: "FRANCE_TRAVAIL",
        override: true,
        handedOver: true,
        appointmentsCancelled: 2,
        portfolioId: FROM_PORTFOLIO,
      },
    },
    {
      subjectType: "Orientation",
      subjectId: UUID(142),
      seekerId: SEEKER,
      metadata: {
        rulesetVersion: "2025.1",
        proposedParcours: "SOCIAL",
        proposedReferent: "CONSEIL_DEPARTEMENTAL",
        parcours: "SOCIAL",
        referent: "CONSEIL_DEPARTEMENTAL",
        intensity: null,
        socialTandem: false,
        decidedBy: "DEPARTEMENT",
        override: false,
        handedOver: false,
      },
    },
  ],
  "orientation.departement_decided": [
    {
      subjectType: "DepartementDecision",
      subjectId: UUID(150),
      seekerId: SEEKER,
      metadata: {
        orientationId: UUID(142),
        parcours: "SOCIAL",
        referent: "CONSEIL_DEPARTEMENTAL",
        decidedOn: "2026-03-20",
        handedOver: true,
        appointmentsCancelled: 1,
        portfolioId: FROM_PORTFOLIO,
      },
    },
  ],
  "contract.saved": [
    {
      subjectType: "EngagementContract",
      subjectId: UUID(151),
      seekerId: SEEKER,
      metadata: {
        orientationId: UUID(142),
        revision: 2,
        signedOn: "2026-03-25",
        intensity: "INTENSIF",
        weeklyHalfHours: 25,
        objectiveCount: 2,
        actionCount: 3,
      },
    },
    {
      subjectType: "EngagementContract",
      subjectId: UUID(152),
      seekerId: SEEKER,
      metadata: { orientationId: UUID(142), revision: 1, signedOn: null, intensity: "AGILE", weeklyHalfHours: 30, objectiveCount: 1, actionCount: 0 },
    },
  ],
  "breach.reported": [
    { subjectType: "Breach", subjectId: UUID(160), seekerId: SEEKER, metadata: { obligation: "APPOINTMENT_MISSED", occurredOn: "2026-03-02" } },
  ],
  "breach.notified": [{ subjectType: "Breach", subjectId: UUID(160), seekerId: SEEKER, metadata: { stepOn: "2026-03-04" } }],
  "breach.answered": [{ subjectType: "Breach", subjectId: UUID(160), seekerId: SEEKER, metadata: { stepOn: "2026-03-10", answerKind: "HEARING_REQUESTED" } }],
  "breach.decided": [
    {
      subjectType: "Breach",
      subjectId: UUID(160),
      seekerId: SEEKER,
      metadata: { stepOn: "2026-03-20", decisionKind: "SANCTION", authority: "FRANCE_TRAVAIL_REGIONAL_DIRECTOR" },
    },
  ],
  "breach.lifted": [{ subjectType: "Breach", subjectId: UUID(160), seekerId: SEEKER, metadata: { stepOn: "2026-04-01" } }],
};

const render = (action: AuditAction, metadata: Record<string, unknown>, names: AuditNames = NAMES) => auditDetails({ action, metadata }, names);

/** Codes that must never reach the reader: enum values, setting and metadata keys, reason codes, operations, ids. */
const RAW_CODES = [
  ...MODALITIES,
  ...PARCOURS,
  ...REFERENTS,
  ...INTENSITIES,
  "DEPARTEMENT",
  ...APPOINTMENT_STATUSES,
  "DIAGNOSTIC",
  "OVERRIDE",
  "TRANSFER",
  "REBALANCE",
  "SOCIAL_WORKER",
  "ADVISOR",
  "MANAGER",
  "unknown-account",
  "wrong-password",
  "inactive-account",
  "bilans-en-retard",
  "true",
  "false",
  "null",
  "undefined",
  "NaN",
  ...Object.keys(AUDIT_SETTING_FIELDS),
  ...OPERATIONS,
  // The metadata keys, but « bilan », which is also the French word.
  ...Object.values(SAMPLES)
    .flat()
    .flatMap((s) => Object.keys(s.metadata))
    .filter((key) => key !== "bilan"),
];

describe("the audit vocabulary", () => {
  it("finds the actions and operations written in the sources", () => {
    expect(WRITTEN_ACTIONS.size).toBeGreaterThan(20);
    expect(WRITTEN_ACTIONS).toContain("seeker.calendarFeed.created");
    expect(OPERATIONS.size).toBeGreaterThan(15);
  });

  it("has a French label for every action written anywhere in src or scripts", () => {
    expect([...WRITTEN_ACTIONS].filter((action) => !isAuditAction(action))).toEqual([]);
  });

  it("labels only actions still written (no dead key), each with a distinct label", () => {
    expect(Object.keys(AUDIT_ACTIONS).filter((action) => !WRITTEN_ACTIONS.has(action))).toEqual([]);
    const labels = Object.values(AUDIT_ACTIONS);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("names every server action and route a refusal may journal", () => {
    expect([...OPERATIONS].filter((operation) => !Object.hasOwn(AUDIT_OPERATIONS, operation))).toEqual([]);
    expect(Object.keys(AUDIT_OPERATIONS).filter((operation) => !OPERATIONS.has(operation))).toEqual([]);
    expect(render("authorization.denied", { operation: "portfolio.moveSeekers" })).toEqual(["opération : déplacer des demandeurs entre portefeuilles"]);
  });

  it("names every agency setting a manager may change", () => {
    const settingsInputs = [
      updateCapsSchema,
      updateHoursSchema,
      updateDeadlineSchema,
      updatePartnershipSchema,
      updateRemindersSchema,
      updateRetentionSchema,
      updateOfferSchema,
    ]
      .flatMap((schema) => Object.keys(schema.shape))
      .filter((field) => field !== "agencyId" && !field.startsWith("confirm"));
    expect(settingsInputs.length).toBeGreaterThanOrEqual(10);
    expect(settingsInputs.filter((field) => !Object.hasOwn(AUDIT_SETTING_FIELDS, field))).toEqual([]);
  });

  it("shows an unknown key of an old row as it is, and renders no detail for it", () => {
    expect(auditActionLabel("diagnostic.confirmed")).toBe("Diagnostic confirmé");
    expect(auditActionLabel("seeker.calendarFeed.created")).toBe("Lien d'agenda créé");
    expect(auditActionLabel("appointment.rescheduled")).toBe("Rendez-vous reporté");
    expect(auditActionLabel("authorization.denied")).toBe("Accès refusé");
    expect(auditActionLabel("reviews.planned")).toBe("reviews.planned");
    expect(auditActionLabel("toString")).toBe("toString");
    expect(auditDetails({ action: "reviews.planned", metadata: { reason: "REBALANCE" } })).toEqual([]);
  });

  it("says where an entry without an actor comes from", () => {
    expect(auditAnonymousActor("auth.login.failed")).toBe("Personne non connectée");
    expect(auditAnonymousActor("seed.demo")).toBe("Modalis");
  });

  it("renders settings changes from the old value to the new one, in words", () => {
    const [caps, hours, deadline, partnership, offer] = SAMPLES["agency.settings.changed"].map((s) => render("agency.settings.changed", s.metadata));
    expect(caps).toEqual([
      "Plafond suivi : 350 → 300",
      "Plafond guidé : 150 → 140",
      "Plafond renforcé : 70 → 65",
      "Plafond global : 100 → 90",
      "4 portefeuilles mis à jour",
      "1 portefeuille au-delà du nouveau plafond",
      "confirmé malgré la charge actuelle",
    ]);
    expect(hours).toEqual([
      "Début des rendez-vous : 13 h 30 → 9 h 00",
      "Fin des rendez-vous : 16 h 30 → 12 h 00",
      "Durée d'un créneau : 30 minutes → 20 minutes",
      "Durée du premier entretien : 60 minutes → 40 minutes",
    ]);
    expect(deadline).toEqual(["Délai du premier entretien : 28 jours → 21 jours"]);
    expect(partnership).toEqual(["Partenariat pour l'accompagnement global : oui → non", "2 demandeurs suivis en global"]);
    expect(offer).toEqual(["Offre de suivi : offre 2014 (modalités) → offre 2025 (loi pour le plein emploi)", "12 demandeurs suivis à ce moment"]);
    // Rows of an older shape (fields as a list, no values) still name the fields in French.
    expect(render("agency.settings.changed", { fields: ["capGuide"] })).toEqual(["Plafond guidé"]);
  });

  it("renders moves, decisions and appointments from which value to which, with the names resolved", () => {
    expect(render("seeker.transferred", SAMPLES["seeker.transferred"][1]!.metadata)).toEqual([
      "Portefeuille : Paul Durand (Guidé) → Marie Dupont (Guidé)",
      "motif : équilibrage des portefeuilles",
      "forcé : non",
      "2 rendez-vous conservés",
      "1 rendez-vous replanifié",
    ]);
    expect(render("seeker.transferred", SAMPLES["seeker.transferred"][0]!.metadata)).toContain("forcé : oui (au-delà du plafond)");
    expect(render("seeker.modality_changed", SAMPLES["seeker.modality_changed"][2]!.metadata)).toEqual([
      "Modalité : Guidé → Renforcé",
      "Portefeuille : Paul Durand (Guidé) → Marie Dupont (Guidé)",
      "motif : diagnostic, décision différente de la proposition",
    ]);
    expect(render("seeker.modality_changed", SAMPLES["seeker.modality_changed"][4]!.metadata)).toEqual([
      "Modalité : aucune → Suivi",
      "Portefeuille : aucun → Marie Dupont (Guidé)",
      "motif : diagnostic",
    ]);
    expect(render("diagnostic.confirmed", SAMPLES["diagnostic.confirmed"][2]!.metadata)).toEqual([
      "proposé : Guidé",
      "décidé : Renforcé (différent de la proposition)",
      "conseiller·ère : Marie Dupont",
      "au-delà du plafond (décision de la direction)",
    ]);
    expect(render("orientation.recorded", SAMPLES["orientation.recorded"][1]!.metadata)).toEqual([
      "proposé : Parcours emploi, France Travail",
      "décidé par France Travail : Parcours emploi, Mission locale",
      "différent de la proposition (justification écrite)",
      "dossier confié à Mission locale",
      "2 rendez-vous annulés",
      "place libérée : Paul Durand (Guidé)",
    ]);
    expect(render("orientation.recorded", SAMPLES["orientation.recorded"][2]!.metadata)).toEqual([
      "proposé : Parcours social, Conseil départemental",
      "proposé au département : Parcours social, Conseil départemental",
    ]);
    expect(render("orientation.departement_decided", SAMPLES["orientation.departement_decided"][0]!.metadata)).toEqual([
      "décidé par le département : Parcours social, Conseil départemental",
      "décision du 20/03/2026",
      "dossier confié à Conseil départemental",
      "1 rendez-vous annulé",
      "place libérée : Paul Durand (Guidé)",
    ]);
    expect(render("breach.decided", SAMPLES["breach.decided"][0]!.metadata)).toEqual([
      "Sanction décidée",
      "Le directeur régional de France Travail",
      "le 20/03/2026",
    ]);
    expect(render("breach.reported", SAMPLES["breach.reported"][0]!.metadata)).toEqual(["Absence à un rendez-vous", "le 02/03/2026"]);
    expect(render("placement.granted", SAMPLES["placement.granted"][0]!.metadata)).toEqual([
      "modalité décidée : Renforcé",
      "conseiller·ère : Marie Dupont",
      "portefeuille : Marie Dupont (Guidé)",
    ]);
    expect(render("seeker.webOnly.changed", { webOnly: true })).toEqual(["Suivi 100 % web : non → oui"]);
    expect(render("seeker.contact.corrected", { emailChanged: true, phoneChanged: true })).toEqual(["adresse e-mail modifiée", "numéro de téléphone modifié"]);
    expect(render("seeker.messagePreferences.changed", { smsConsent: false, optionalMessagesOptOut: true, messagesCancelled: 2 })).toEqual([
      "SMS : accord retiré",
      "Messages facultatifs (rappels, résultats) : refusés",
      "2 messages en attente annulés",
    ]);
    expect(render("firstInterviews.booked", SAMPLES["firstInterviews.booked"][0]!.metadata)).toEqual([
      "12 réservés dans le délai",
      "1 réservé après le délai",
      "0 demandeur à planifier",
    ]);
    expect(render("reviews.booked", SAMPLES["reviews.booked"][0]!.metadata)).toEqual(["40 bilans réservés", "33 après leur fenêtre", "1 bilan M4 manqué"]);
    expect(render("joint-diagnostics.booked", { booked: 3, overdue: 1 })).toEqual(["3 diagnostics conjoints planifiés", "1 après sa date limite"]);
    expect(render("appointment.outcome_recorded", { outcome: "NO_SHOW" }).at(-1)).toBe("Planifié → Absent");
    expect(
      auditDetails({ action: "appointment.rescheduled", subjectType: "Appointment", subjectId: APPOINTMENT, metadata: { replacesId: OLD_APPOINTMENT } }, NAMES),
    ).toEqual(["Bilan du 4e mois : 12/03/2026 à 14 h 00 → 19/03/2026 à 14 h 30"]);
    expect(render("user.deactivated", SAMPLES["user.deactivated"][0]!.metadata)).toEqual([
      "rôle : Travailleur·se social·e",
      "2 binômes repris par Paul Durand",
      "1 rendez-vous transféré",
    ]);
    // An id outside what the reader may see is not resolved: it reads as unknown, never as the id.
    expect(render("seeker.transferred", SAMPLES["seeker.transferred"][1]!.metadata, {})[0]).toBe("Portefeuille : portefeuille inconnu → portefeuille inconnu");
  });

  it("renders every known action without a raw code, an id or a value it does not know", () => {
    for (const action of Object.keys(AUDIT_ACTIONS) as AuditAction[]) {
      expect(SAMPLES[action].length, action).toBeGreaterThan(0);
      for (const sample of SAMPLES[action]) {
        const text = auditDetails({ action, ...sample }, NAMES).join(" · ");
        for (const code of RAW_CODES)
          expect(text, `${action}: ${text}`).not.toMatch(new RegExp(`(^|[^\\p{L}\\d_.-])${code.replace(/[.+]/g, "\\$&")}($|[^\\p{L}\\d_-])`, "u"));
        expect(text, action).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
        expect(text, action).not.toContain("?");
      }
    }
  });

  it("shows nothing of what a barrier view or an unknown metadata key might carry", () => {
    const leaky = { barriers: "HEALTH:MAJOR", health: "MAJOR", answers: "{}", justification: "texte libre", address: "203.0.113.9" };
    for (const action of Object.keys(AUDIT_ACTIONS) as AuditAction[]) {
      const text = auditDetails({ action, metadata: { ...SAMPLES[action][0]!.metadata, ...leaky } }, NAMES).join(" · ");
      for (const value of Object.values(leaky)) expect(text, action).not.toContain(value);
    }
    expect(auditDetails({ action: "seeker.barriers_viewed", metadata: leaky })).toEqual([]);
  });

  it("lists the seekers, staff, portfolios and appointments an entry concerns", () => {
    expect(
      auditReferences({
        action: "seeker.transferred",
        seekerId: SEEKER,
        subjectType: "Seeker",
        subjectId: SEEKER,
        metadata: SAMPLES["seeker.transferred"][0]!.metadata,
      }),
    ).toEqual({
      seekers: [SEEKER],
      users: [],
      portfolios: [FROM_PORTFOLIO, TO_PORTFOLIO],
      appointments: [],
    });
    expect(auditReferences({ action: "user.deactivated", subjectType: "User", subjectId: WORKER, metadata: SAMPLES["user.deactivated"][0]!.metadata })).toEqual(
      {
        seekers: [],
        users: [WORKER, ADVISOR],
        portfolios: [],
        appointments: [],
      },
    );
    expect(auditReferences({ action: "diagnostic.confirmed", seekerId: SEEKER, metadata: SAMPLES["diagnostic.confirmed"][0]!.metadata })).toMatchObject({
      users: [OTHER_ADVISOR],
      portfolios: [TO_PORTFOLIO],
    });
    expect(
      auditReferences({ action: "appointment.rescheduled", subjectType: "Appointment", subjectId: APPOINTMENT, metadata: { replacesId: OLD_APPOINTMENT } })
        .appointments,
    ).toEqual([APPOINTMENT, OLD_APPOINTMENT]);
    expect(auditReferences({ action: "seed.demo", metadata: null })).toEqual({ seekers: [], users: [], portfolios: [], appointments: [] });
  });
});
