/**
 * Hostile input (issue #7): every server action of every builder and every route handler, fed with generated
 * malformed, oversized and type-confused payloads by an actor ALLOWED to call it (so the payload reaches the schema
 * and the use case). Whatever comes in: the call resolves, never an UNEXPECTED (500-like) failure, every message is
 * French and leaks nothing (no Prisma, SQL or stack), and a refusal writes nothing (row counts of every table).
 * Unknown keys (`agencyId`, `role`, `advisorId`, `seekerId`, `__proto__`, `constructor`) are refused, never ignored.
 */
import {
  agencySettingsActionsAs,
  appointmentActionsAs,
  appointmentRequestActionsAs,
  breachActionsAs,
  campaignActionsAs,
  confirmDiagnosticActionsAs,
  contractActionsAs,
  exportRoutesAs,
  lifeCycleActionsAs,
  orientationActionsAs,
  rebalanceActionsAs,
  reviewActionsAs,
  registrationImportActionsAs,
  registrationImportRoutesAs,
  seekerRoutesAs,
  conversationActionsAs,
  conversationRoutesAs,
  seekerSpaceActionsAs,
  tandemActionsAs,
} from "../support/acting";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Prisma, type Modality, type PrismaClient } from "@/generated/prisma/client";
import type { ActionResult } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { GET as calendarGet } from "@/app/calendrier/[token]/route";
import { GET as healthGet } from "@/app/api/health/route";
import { receiptToken } from "@/server/messages/sms";
import { smsReceiptResponse } from "@/server/routes/sms-receipts";
import { createTestDatabase, installAsAppDatabase, testServerUrl, type TestDatabase } from "../support/database";
import { makeAgency, makeAppointment, makePortfolio, makeRouenCast, makeSeeker as createSeeker, makeUser } from "../support/factories";

const NOW = new Date("2026-03-02T08:00:00.000Z");
/**
 * Payloads per action: 500 on the embedded database, 250 again on the PostgreSQL server (the same validation; the
 * second pass proves the refusals write nothing there too) — the suite runs twice and CI stays under 30 minutes.
 */
const RUNS = testServerUrl ? 250 : 500;
const HUGE = 100_000;
const EXPORT_RUNS = 60;
/** Each receipt is a transaction on the database: fewer runs than the pure checks. */
const SMS_RECEIPT_RUNS = 300;

let db: TestDatabase;
let prisma: PrismaClient;
let tables: string[] = [];
let countSql = "";

type World = Awaited<ReturnType<typeof buildWorld>>;
let w: World;

/** Seekers of Rouen; followed ones hold their open assignment since 25 February. */
const makeSeeker = (agencyId: string, portfolio: { id: string; modality: Modality } | null, userId: string | null = null) =>
  createSeeker(prisma, agencyId, { portfolio, userId, assignment: { startedAt: new Date("2026-02-25T09:00:00Z") }, commune: "Rouen", postalCode: "76100" });

async function buildWorld() {
  const { agency, manager, alice, bruno } = await makeRouenCast(prisma, { code: "76-FUZZ", address: "27 avenue de Bretagne, 76100 Rouen" });
  const other = await makeAgency(prisma, { code: "974-FUZZ", name: "Saint-Denis", departement: "974", address: "4 rue de la Victoire" });
  const karim = await makeUser(prisma, agency.id, "SOCIAL_WORKER", "Karim", "Benhamou");
  const pAlice = await makePortfolio(prisma, agency.id, alice.id, "GUIDE", 150);
  const pAliceSuivi = await makePortfolio(prisma, agency.id, alice.id, "SUIVI", 350);
  const pBruno = await makePortfolio(prisma, agency.id, bruno.id, "GUIDE", 150);
  const followed = await makeSeeker(agency.id, pAlice);
  const followed2 = await makeSeeker(agency.id, pAlice);
  await makeSeeker(agency.id, pBruno);
  const awaiting = await makeSeeker(agency.id, null);
  const meUser = await makeUser(prisma, agency.id, "SEEKER", "Julien", "Marchand");
  const me = await makeSeeker(agency.id, pAliceSuivi, meUser.id);
  // Closed, reopened and transferred by the life-cycle group (last: the others never touch it).
  const leaving = await makeSeeker(agency.id, pBruno);
  const appointment = (seekerId: string, startsAt: string) => makeAppointment(prisma, { agencyId: agency.id, seekerId, advisorId: alice.id, startsAt });
  const a1 = await appointment(followed.id, "2026-03-04T13:00:00.000Z");
  const a2 = await appointment(followed2.id, "2026-03-05T13:00:00.000Z");
  const mine = await appointment(me.id, "2026-03-06T13:00:00.000Z");
  // The seeker's requests: a proposal waiting for them on `mine`, an absence waiting for Alice on a later one.
  const mineLater = await appointment(me.id, "2026-03-12T13:00:00.000Z");
  const proposed = await prisma.appointmentRequest.create({
    data: {
      agencyId: agency.id,
      seekerId: me.id,
      appointmentId: mine.id,
      kind: "MOVE",
      status: "PROPOSED",
      reason: "Entretien d'embauche",
      preferredSlots: [new Date("2026-03-09T13:00:00.000Z")],
      proposedStartsAt: new Date("2026-03-09T13:30:00.000Z"),
      answeredById: alice.id,
      answeredAt: NOW,
    },
  });
  const absence = await prisma.appointmentRequest.create({
    data: { agencyId: agency.id, seekerId: me.id, appointmentId: mineLater.id, kind: "ABSENCE", reason: "Enfant malade" },
  });
  // A previewed registration import without rows (confirmed by the registration group: it imports nothing).
  const previewed = await prisma.registrationImport.create({
    data: {
      agencyId: agency.id,
      actorRole: "MANAGER",
      fileName: "inscriptions.csv",
      fileSize: 10,
      sha256: "a".repeat(64),
      format: "CSV",
      status: "PREVIEWED",
      today: new Date("2026-03-02T00:00:00.000Z"),
      previewedAt: NOW,
    },
  });
  // A triage campaign: one of Alice's files in her share; a closure day to remove.
  const campaign = await prisma.triageCampaign.create({
    data: { agencyId: agency.id, name: "Jour de tri", day: new Date("2026-03-16T00:00:00Z"), selection: {}, openedById: manager.id },
  });
  const campaignFile = await prisma.triageCampaignFile.create({
    data: { campaignId: campaign.id, agencyId: agency.id, seekerId: followed2.id, advisorId: alice.id, modalityBefore: "GUIDE" },
  });
  await prisma.agencyClosure.create({ data: { agencyId: agency.id, day: new Date("2026-03-18T00:00:00Z"), reason: "Inventaire" } });
  // A GLOBAL seeker of Alice in tandem with Karim (the tandem file's notes and bookings).
  const pAliceGlobal = await makePortfolio(prisma, agency.id, alice.id, "GLOBAL", 70);
  const inTandem = await makeSeeker(agency.id, pAliceGlobal);
  await prisma.socialTandem.create({ data: { agencyId: agency.id, seekerId: inTandem.id, socialWorkerId: karim.id } });
  // An agency on the 2025 offer (docs/rules.md#breaches-2025): a followed seeker with a breach notified on 20 February
  // (its 10 days over on NOW) and one decided (a sanction), for the breach groups.
  const agency2025 = await makeAgency(prisma, { code: "05-FUZZ", name: "Gap", departement: "05", address: "1 rue de la Paix", offer: "OFFRE_2025" });
  const chloe = await makeUser(prisma, agency2025.id, "ADVISOR", "Chloé", "Petit");
  const manager2025 = await makeUser(prisma, agency2025.id, "MANAGER", "Hélène", "Lemarchand");
  const pChloe = await makePortfolio(prisma, agency2025.id, chloe.id, "GUIDE", 150);
  const followed2025 = await createSeeker(prisma, agency2025.id, { portfolio: pChloe, assignment: {} });
  const breach = (occurredOn: string) =>
    prisma.breach.create({
      data: {
        agencyId: agency2025.id,
        seekerId: followed2025.id,
        obligation: "OTHER",
        facts: "Faits constatés",
        occurredOn: new Date(`${occurredOn}T00:00:00Z`),
        reportedById: chloe.id,
      },
    });
  const notifiedBreach = await breach("2026-02-18");
  await prisma.breachEvent.create({
    data: { agencyId: agency2025.id, breachId: notifiedBreach.id, kind: "NOTIFIED", on: new Date("2026-02-20T00:00:00Z"), authorId: chloe.id },
  });
  const decidedBreach = await breach("2026-02-10");
  await prisma.breachEvent.create({
    data: { agencyId: agency2025.id, breachId: decidedBreach.id, kind: "NOTIFIED", on: new Date("2026-02-10T00:00:00Z"), authorId: chloe.id },
  });
  await prisma.breachEvent.create({
    data: {
      agencyId: agency2025.id,
      breachId: decidedBreach.id,
      kind: "DECIDED",
      on: new Date("2026-02-25T00:00:00Z"),
      decisionKind: "SANCTION",
      authority: "FRANCE_TRAVAIL_REGIONAL_DIRECTOR",
      text: "Suspension",
      authorId: manager2025.id,
    },
  });
  return {
    chloe,
    manager2025,
    followed2025,
    notifiedBreach,
    decidedBreach,
    inTandem,
    agency,
    other,
    manager,
    alice,
    bruno,
    karim,
    pAlice,
    pAliceSuivi,
    pBruno,
    followed,
    followed2,
    awaiting,
    me,
    meUser,
    a1,
    a2,
    mine,
    leaving,
    previewed,
    campaign,
    campaignFile,
    proposed,
    absence,
    mineLater,
  };
}

/**
 * The same counts through Prisma's delegate of each model of the schema (those tables only), to check `countAll`; any
 * other table of the catalog (the migration ledger) counted as `countAll` counts it.
 */
async function modelCounts(): Promise<Record<string, number>> {
  const counts = await countAll();
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = prisma[(model.charAt(0).toLowerCase() + model.slice(1)) as Uncapitalize<Prisma.ModelName>] as unknown as { count(): Promise<number> };
    // A model whose table cannot be read (a model without its migration) shows as -1, and the comparison fails.
    counts[model] = await delegate.count().catch(() => -1);
  }
  return counts;
}

let countsBeforeWorld: { catalog: Record<string, number>; models: Record<string, number> };

/** Row counts of every table of the schema, in one statement (the fuzzing loop counts after each refusal). */
async function countAll(): Promise<Record<string, number>> {
  const rows = await prisma.$queryRawUnsafe<Record<string, number>[]>(countSql);
  return { ...rows[0]! };
}

// ---------------------------------------------------------------------------------------------------------------
// What a message may not be: English (zod's defaults), or a leak of internals.

const ENGLISH =
  /Invalid input|\bInvalid\b|\bexpected\b|\breceived\b|\bRequired\b|Unrecognized|\bmust be\b|\bshould be\b|\bToo (big|small)\b|\bnot a valid\b|\bundefined\b/i;
const LEAK =
  /prisma|\bSQL\b|SELECT\s|INSERT\s|UPDATE\s"|DELETE\s|violates|\n\s*at\s|\bat \S+ \(|node_modules|\.tsx?:\d+|\b[A-Za-z]*Error\b|P\d{4}\b|\b(23P01|40001|40P01)\b/i;
const FRENCH =
  /[àâçéèêëîïôûùüœ«»·]|\b(invalide|attendue?s?|est|un|une|le|la|les|de|des|du|au|aux|pas|introuvable|obligatoire|refusée?s?|inconnue?s?|et|ou|seulement|plus|moins|nombre|texte|vrai|faux|caractères)\b/i;

/** Echoed key names (« … ») are the caller's own text; what surrounds them must be French. */
function assertFrench(message: unknown, where: string): void {
  expect(typeof message, where).toBe("string");
  const text = (message as string).replace(/«[^»]*»/g, "« »");
  expect(text.length, where).toBeGreaterThan(0);
  expect(text, where).not.toMatch(ENGLISH);
  expect(text, where).not.toMatch(LEAK);
  expect(text, where).toMatch(FRENCH);
}

function assertFrenchResult(result: ActionResult<unknown>, where: string): void {
  if (result.ok) return;
  expect(result.code, `${where}: ${result.error}`).not.toBe("UNEXPECTED");
  assertFrench(result.error, where);
  for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
    for (const message of messages) assertFrench(message, `${where} [${field.slice(0, 40)}]`);
  }
  if (result.details) expect(JSON.stringify(result.details), where).not.toMatch(LEAK);
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile payloads

const EXTRA_KEYS = ["agencyId", "role", "advisorId", "seekerId", "__proto__", "constructor"] as const;

/** `{ ...base, [key]: value }` as an own, enumerable property even for `__proto__` (as JSON.parse makes it). */
function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = "fond";
  for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { a: value };
  return value;
}

const hugeString = fc
  .constantFrom("a", "é", "0", "\u0000", "💥", "../", "%00", "'", "<script>", " ")
  .map((unit) => unit.repeat(Math.ceil(HUGE / unit.length)).slice(0, HUGE));
const deep = fc.tuple(fc.integer({ min: 10, max: 5000 }), fc.boolean()).map(([depth, asArray]) => nested(depth, asArray));
const anything = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});
const oddScalar = fc.constantFrom<unknown>(
  null,
  undefined,
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  -1,
  1.5,
  2 ** 53,
  Number.MAX_VALUE,
  "",
  " ",
  "null",
  "true",
  "0",
  "[]",
  "{}",
  true,
  false,
  [],
  {},
  [null],
  new Date("invalid"),
  "00000000-0000-0000-0000-000000000000",
  "2026-02-30",
  "25:99",
  "ADMIN",
  "' OR 1=1 --",
  "../../../etc/passwd",
  "\u202e\u0000",
  "𝕏".repeat(50),
);
const confuser = fc.oneof(
  { arbitrary: anything, weight: 4 },
  { arbitrary: oddScalar, weight: 3 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deep, weight: 1 },
);

/** Everything but valid: fc.anything, huge strings, deep nesting, arrays, one field confused, extra keys. */
function payloads(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const confused = fc.tuple(fc.constantFrom(...(keys.length > 0 ? keys : [""])), confuser, fc.boolean()).map(([key, value, drop]) => {
    const copy = withKey(valid, key, value);
    if (drop && value === undefined) delete copy[key];
    return copy;
  });
  const extra = fc
    .tuple(fc.oneof(fc.constantFrom<string>(...EXTRA_KEYS), fc.string({ minLength: 1 }), hugeString), confuser)
    .filter(([key]) => !(key in valid))
    .map(([key, value]) => withKey(valid, key, value));
  return fc.oneof(
    { arbitrary: anything, weight: 3 },
    { arbitrary: oddScalar, weight: 1 },
    { arbitrary: hugeString, weight: 1 },
    { arbitrary: deep, weight: 1 },
    { arbitrary: fc.array(anything, { maxLength: 5 }), weight: 1 },
    { arbitrary: fc.constant([valid]), weight: 1 },
    { arbitrary: fc.dictionary(fc.string(), anything, { maxKeys: 8 }), weight: 1 },
    // An action without fields (`{}`) has nothing to confuse: its hostile variants are the extra keys.
    ...(keys.length > 0 ? [{ arbitrary: confused, weight: 6 }] : []),
    { arbitrary: extra, weight: 4 },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The builders, each called by an actor its permission allows. Valid payloads: one per action, every action.

type Action = (input: unknown) => Promise<ActionResult<unknown>>;
type Group = { actor: () => Actor; actions: Record<string, Action>; valid: Record<string, () => Record<string, unknown>> };

const ANSWERS = { project: 1, skills: 1, jobSearch: 1, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: false };
const as = (who: () => Actor) => async () => who();
const clock = () => NOW;

/** The manager's campaign actions (the advisor's « confirmer sans changement » is its own group). */
function managerCampaignActions(): Record<string, Action> {
  const { confirmUnchanged: _advisorOnly, ...manager } = campaignActionsAs(
    as(() => w.manager),
    clock,
  );
  return manager;
}

const GROUPS: Record<string, Group> = {
  appointments: {
    actor: () => w.alice,
    actions: appointmentActionsAs(
      as(() => w.alice),
      clock,
    ),
    valid: {
      recordOutcome: () => ({ appointmentId: w.a1.id, outcome: "DONE" }),
      cancelAppointment: () => ({ appointmentId: w.a1.id }),
      rescheduleAppointment: () => ({ appointmentId: w.a2.id, date: "2026-03-20" }),
      bookAppointment: () => ({ seekerId: w.followed.id, kind: "FOLLOW_UP", startsAt: "2026-04-14T12:00:00.000Z", channel: "PHONE" }),
      setWebOnly: () => ({ seekerId: w.followed.id, webOnly: true }),
    },
  },
  confirmDiagnostic: {
    actor: () => w.alice,
    actions: confirmDiagnosticActionsAs(
      as(() => w.alice),
      clock,
    ),
    valid: {
      confirmDiagnostic: () => ({
        seekerId: w.awaiting.id,
        answers: ANSWERS,
        decidedModality: "GUIDE",
        overrideJustification: "Projet déjà défini avec la personne.",
      }),
    },
  },
  orientation: {
    actor: () => w.alice,
    actions: orientationActionsAs(
      as(() => w.alice),
      clock,
    ),
    valid: {
      orientSeeker2025: () => ({ seekerId: w.awaiting.id, answers: ANSWERS, situation: { rsa: true, rqth: false } }),
      recordDepartementDecision: () => ({ seekerId: w.awaiting.id, parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", decidedOn: "2026-03-02" }),
    },
  },
  contract: {
    actor: () => w.alice,
    actions: contractActionsAs(
      as(() => w.alice),
      clock,
    ),
    valid: {
      saveEngagementContract: () => ({
        seekerId: w.followed.id,
        baseRevision: null,
        plan: { objectives: ["Retrouver un emploi de cariste"], actions: [{ label: "Passer le CACES", dueOn: "2026-04-15", status: "A_FAIRE" }] },
        weeklyHours: 12.5,
        weeklyHoursReason: "Garde d'enfants le mercredi.",
        seekerCommitments: "Répondre aux convocations.",
        advisorCommitments: "Un entretien par mois.",
        signedOn: "2026-03-02",
      }),
    },
  },
  breaches: {
    actor: () => w.chloe,
    actions: (({ decideBreach: _decide, ...advisorActions }) => advisorActions)(
      breachActionsAs(
        as(() => w.chloe),
        clock,
      ),
    ),
    valid: {
      reportBreach: () => ({
        seekerId: w.followed2025.id,
        obligation: "APPOINTMENT_MISSED",
        facts: "Absent au rendez-vous sans prévenir.",
        occurredOn: "2026-03-02",
      }),
      notifyBreach: () => ({ breachId: w.notifiedBreach.id, notifiedOn: "2026-03-02" }),
      answerBreach: () => ({ breachId: w.notifiedBreach.id, answeredOn: "2026-03-02", answerKind: "WRITTEN", summary: "Malade ce jour-là." }),
      liftBreach: () => ({ breachId: w.decidedBreach.id, liftedOn: "2026-03-01" }),
    },
  },
  breachDecision: {
    actor: () => w.manager2025,
    actions: {
      decideBreach: breachActionsAs(
        as(() => w.manager2025),
        clock,
      ).decideBreach,
    },
    valid: {
      decideBreach: () => ({
        breachId: w.notifiedBreach.id,
        decidedOn: "2026-03-02",
        decisionKind: "NO_FURTHER_ACTION",
        authority: "FRANCE_TRAVAIL_REGIONAL_DIRECTOR",
        decisionText: "Pas de suite",
      }),
    },
  },
  // The reviews' booking and « planifier » a joint diagnostic (issue 20): the manager; the followed seeker is not an
  // RSA recipient in the social parcours, so a valid payload is refused in French, nothing written.
  reviews: {
    actor: () => w.manager,
    actions: reviewActionsAs(
      as(() => w.manager),
      clock,
    ),
    valid: {
      bookMissingReviews: () => ({ agencyId: w.agency.id, dryRun: true }),
      bookJointDiagnostics: () => ({ agencyId: w.agency.id, seekerId: w.followed.id }),
    },
  },
  rebalance: {
    actor: () => w.manager,
    actions: rebalanceActionsAs(
      as(() => w.manager),
      clock,
    ),
    valid: {
      moveSeekers: () => ({ seekerIds: [w.followed2.id], toPortfolioId: w.pBruno.id }),
      applyBalance: () => ({
        agencyId: w.agency.id,
        modality: "GUIDE",
        moves: [{ seekerId: w.followed.id, fromPortfolioId: w.pAlice.id, toPortfolioId: w.pBruno.id }],
      }),
    },
  },
  agencySettings: {
    actor: () => w.manager,
    actions: agencySettingsActionsAs(
      as(() => w.manager),
      clock,
    ),
    valid: {
      updateCaps: () => ({ agencyId: w.agency.id, capSuivi: 350, capGuide: 150, capRenforce: 70, capGlobal: 100 }),
      updateHours: () => ({ agencyId: w.agency.id, appointmentStart: "13:30", appointmentEnd: "16:30", slotMinutes: 30, initialInterviewMinutes: 60 }),
      updateFirstInterviewDeadline: () => ({ agencyId: w.agency.id, firstInterviewDeadlineDays: 28 }),
      updateMinNotice: () => ({ agencyId: w.agency.id, minNoticeDays: 2 }),
      updateMessageReply: () => ({ agencyId: w.agency.id, messageReplyWorkingDays: 2 }),
      updateGlobalPartnership: () => ({ agencyId: w.agency.id, globalPartnership: true }),
      createSocialWorker: () => ({ agencyId: w.agency.id, firstName: "Léa", lastName: "Roux", email: "lea.roux@cd76.fr" }),
      deactivateSocialWorker: () => ({ agencyId: w.agency.id, userId: w.karim.id }),
      reactivateSocialWorker: () => ({ agencyId: w.agency.id, userId: w.karim.id }),
      updateReminders: () => ({ agencyId: w.agency.id, reminderDaysBefore: 2, reminderByEmail: true, reminderBySms: false }),
      updateRetention: () => ({ agencyId: w.agency.id, closedFileRetentionMonths: 24 }),
      updateOffer: () => ({ agencyId: w.agency.id, offer: "OFFRE_2014" }),
    },
  },
  campaigns: {
    actor: () => w.manager,
    actions: managerCampaignActions(),
    valid: {
      preview: () => ({
        agencyId: w.agency.id,
        name: "Jour de tri",
        day: "2026-03-16",
        selection: { modality: "GUIDE", notRediagnosedMonths: 12 },
        split: { mode: "PORTFOLIO" },
      }),
      open: () => ({
        agencyId: w.agency.id,
        name: "Jour de tri",
        day: "2026-03-16",
        selection: {},
        split: { mode: "EVEN", advisorIds: [w.alice.id, w.bruno.id] },
        closedToPublic: true,
        bookedAppointments: "MOVE",
      }),
      reassign: () => ({ campaignId: w.campaign.id, fromAdvisorId: w.alice.id, toAdvisorId: w.bruno.id, count: 1 }),
      close: () => ({ campaignId: w.campaign.id }),
      setClosure: () => ({ agencyId: w.agency.id, day: "2026-03-17", reason: "Formation", bookedAppointments: "KEEP" }),
      removeClosure: () => ({ agencyId: w.agency.id, day: "2026-03-18" }),
    },
  },
  campaignShare: {
    actor: () => w.alice,
    actions: {
      confirmUnchanged: campaignActionsAs(
        as(() => w.alice),
        clock,
      ).confirmUnchanged,
    },
    valid: { confirmUnchanged: () => ({ campaignFileId: w.campaignFile.id }) },
  },
  appointmentRequests: {
    actor: () => w.meUser,
    actions: (({ create, acceptProposal }) => ({ create, acceptProposal }))(
      appointmentRequestActionsAs(
        as(() => w.meUser),
        clock,
      ),
    ),
    valid: {
      create: () => ({ appointmentId: w.mineLater.id, kind: "MOVE", reason: "Un entretien d'embauche", preferredSlots: ["2026-03-10T13:30:00.000Z"] }),
      acceptProposal: () => ({ requestId: w.proposed.id }),
    },
  },
  appointmentRequestAnswers: {
    actor: () => w.alice,
    actions: {
      answer: appointmentRequestActionsAs(
        as(() => w.alice),
        clock,
      ).answer,
    },
    valid: { answer: () => ({ requestId: w.absence.id, answer: "ACKNOWLEDGE" }) },
  },
  seekerSpace: {
    actor: () => w.meUser,
    actions: seekerSpaceActionsAs(
      as(() => w.meUser),
      clock,
    ),
    valid: {
      setWebOnly: () => ({ webOnly: false }),
      createCalendarFeed: () => ({}),
      revokeCalendarFeed: () => ({}),
      updateContact: () => ({ email: "moi@exemple.test", phone: "06 39 98 12 34" }),
      setMessagePreferences: () => ({ smsConsent: true, optionalMessagesOptOut: false }),
    },
  },
  registrationImports: {
    actor: () => w.manager,
    actions: registrationImportActionsAs(
      as(() => w.manager),
      clock,
    ),
    valid: {
      confirmImport: () => ({ importId: w.previewed.id, sha256: "a".repeat(64) }),
    },
  },
  tandem: {
    actor: () => w.karim,
    actions: tandemActionsAs(
      as(() => w.karim),
      clock,
    ),
    valid: {
      addNote: () => ({ seekerId: w.inTandem.id, text: "Point CAF à faire." }),
      book: () => ({ seekerId: w.inTandem.id, kind: "JOINT_GLOBAL", startsAt: "2026-03-24T13:30:00.000Z", channel: "AGENCY" }),
    },
  },
  conversations: {
    actor: () => w.alice,
    actions: conversationActionsAs(
      as(() => w.alice),
      clock,
    ),
    valid: {
      send: () => ({ seekerId: w.followed.id, body: "Bonjour, voici la réponse à votre question." }),
      markRead: () => ({ seekerId: w.followed.id }),
    },
  },
  lifeCycle: {
    actor: () => w.manager,
    actions: lifeCycleActionsAs(
      as(() => w.manager),
      clock,
    ),
    valid: {
      closeSeeker: () => ({ seekerId: w.leaving.id, reason: "REPRISE_EMPLOI", date: "2026-03-02" }),
      reopenSeeker: () => ({ seekerId: w.leaving.id }),
      transferSeeker: () => ({ seekerId: w.leaving.id, toAgencyId: w.other.id, confirmed: true }),
    },
  },
};

beforeAll(async () => {
  db = await createTestDatabase();
  installAsAppDatabase(db);
  prisma = db.prisma;
  const rows = await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  tables = rows.map((r) => r.name);
  countSql = `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(", ")}`;
  countsBeforeWorld = { catalog: await countAll(), models: await modelCounts() };
  w = await buildWorld();
});

afterAll(async () => {
  await db?.dispose();
});

describe("server actions under generated hostile payloads", () => {
  it("counts every table of the Prisma schema, each as Prisma counts it, before and after the world is built", async () => {
    // The list counted comes from the database's catalog (a table added by a migration is counted without a word
    // here); every model of the schema must be in it (a table is named after its model: no @@map in the schema).
    const models = Object.values(Prisma.ModelName);
    expect(models.length).toBeGreaterThan(10);
    expect(tables).toEqual(expect.arrayContaining(models));
    // Each count is its table's, read independently through the model's own delegate: on the empty database, and
    // on the world, where the tables it fills must show their rows.
    expect(countsBeforeWorld.catalog).toEqual(countsBeforeWorld.models);
    const after = { catalog: await countAll(), models: await modelCounts() };
    expect(after.catalog).toEqual(after.models);
    for (const model of ["Agency", "User", "Portfolio", "Seeker", "Assignment", "Appointment"] as const) {
      expect(after.catalog[model]! - countsBeforeWorld.catalog[model]!, model).toBeGreaterThan(0);
    }
  });

  for (const [group, spec] of Object.entries(GROUPS)) {
    for (const [name, action] of Object.entries(spec.actions)) {
      it(`${group}.${name}: ${RUNS} payloads — resolves, never UNEXPECTED, French, nothing written on refusal`, async () => {
        const validOf = spec.valid[name];
        expect(validOf, `a valid payload for ${group}.${name}`).toBeDefined();
        const valid = validOf!();
        let before = await countAll();
        let refusals = 0;
        let runs = 0;
        await fc.assert(
          fc.asyncProperty(payloads(valid), async (payload) => {
            let result: ActionResult<unknown>;
            try {
              result = await action(payload);
            } catch (error) {
              throw new Error(`${group}.${name} threw: ${String(error)}`);
            }
            assertFrenchResult(result, `${group}.${name}`);
            runs += 1;
            if (!result.ok) refusals += 1;
            // A schema refusal (fieldErrors) returns before the use case runs: counted every 50 runs (and at the
            // end); anything that reached the use case is counted right away.
            const reachedUseCase = result.ok || result.fieldErrors === undefined;
            if (!reachedUseCase && runs % 50 !== 0) return;
            const after = await countAll();
            if (result.ok) {
              before = after; // a payload that happens to be valid may change the world; that is allowed
              return;
            }
            // A use case's FORBIDDEN leaves its trace in the journal (authorization.denied), nothing else.
            const expected = result.code === "FORBIDDEN" ? { ...before, AuditEvent: before.AuditEvent! + 1 } : before;
            expect(after, `${group}.${name} wrote on a refusal (${result.code}: ${result.error})`).toEqual(expected);
            before = after;
          }),
          { numRuns: RUNS },
        );
        expect(await countAll()).toEqual(before);
        expect(runs).toBeGreaterThanOrEqual(RUNS);
        expect(refusals).toBeGreaterThan(RUNS / 2);
      });
    }
  }

  it("every builder's actions have a valid payload here (a new action cannot escape the fuzzing)", () => {
    for (const [group, spec] of Object.entries(GROUPS)) {
      expect(Object.keys(spec.valid).sort(), group).toEqual(Object.keys(spec.actions).sort());
    }
  });
});

describe("mass assignment", () => {
  const VALUES: Record<(typeof EXTRA_KEYS)[number], () => unknown> = {
    agencyId: () => w.other.id,
    role: () => "ADMIN",
    advisorId: () => w.bruno.id,
    seekerId: () => w.followed.id,
    __proto__: () => ({ role: "ADMIN", agencyId: w.other.id }),
    constructor: () => ({ prototype: { role: "ADMIN" } }),
  };

  it("refuses a valid payload carrying any extra key (INVALID, the key named, nothing written)", async () => {
    let checked = 0;
    for (const [group, spec] of Object.entries(GROUPS)) {
      for (const [name, action] of Object.entries(spec.actions)) {
        const valid = spec.valid[name]!();
        for (const key of EXTRA_KEYS) {
          if (key in valid && Object.prototype.hasOwnProperty.call(valid, key)) continue; // a legitimate field of this action
          const before = await countAll();
          const forged = withKey(valid, key, VALUES[key]());
          expect(Object.keys(forged), `${group}.${name} + ${key}`).toContain(key);
          const result = await action(forged);
          expect(result.ok, `${group}.${name} + ${key}`).toBe(false);
          if (result.ok) continue;
          expect(result.code, `${group}.${name} + ${key}`).toBe("INVALID");
          expect(JSON.stringify(result.fieldErrors), `${group}.${name} + ${key}`).toContain(`« ${key} »`);
          assertFrenchResult(result, `${group}.${name} + ${key}`);
          expect(await countAll()).toEqual(before);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(80);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Route handlers

const ascii = fc.string({ unit: "binary-ascii", maxLength: 60 });
const idLike = () =>
  fc.oneof(
    fc.uuid(),
    fc.constantFrom(
      w.agency.id,
      w.other.id,
      w.mine.id,
      w.a1.id,
      "",
      ".",
      "..",
      "../../etc/passwd",
      "..%2F..%2Fetc%2Fpasswd",
      "%00",
      "' OR 1=1 --",
      "null",
      "undefined",
    ),
    fc.string({ unit: "grapheme", maxLength: 80 }),
    ascii,
    hugeString,
    fc.uuid().map((id) => id.toUpperCase()),
    fc.uuid().map((id) => ` ${id}\n`),
  );
/** Header values a client can send (a Request refuses non-ByteString values itself). */
const headers = fc.dictionary(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,30}$/),
  fc.oneof(fc.stringMatching(/^[\x20-\x7e]{0,200}$/), fc.constant("x".repeat(8_000))),
  { maxKeys: 6 },
);

async function assertResponse(response: Response, where: string): Promise<void> {
  expect(response.status, where).toBeLessThan(500);
  const body = await response.text();
  expect(body, where).not.toMatch(/\n\s+at\s|node_modules|prisma|PrismaClient/i);
  if (response.status >= 400) {
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("json")) assertFrench((JSON.parse(body) as { error: unknown }).error, where);
    else assertFrench(body, where);
  }
}

function requestOf(path: string, query: [string, string][], extraHeaders: Record<string, string>): Request {
  const url = new URL(`http://localhost${path}`);
  for (const [key, value] of query) url.searchParams.append(key, value);
  return new Request(url, { headers: extraHeaders });
}

describe("route handlers under generated hostile requests", () => {
  it(`agency exports (charges, bilans en retard, mouvements, orientations 2025): ${RUNS} query strings each, never a 5xx`, async () => {
    const routes = exportRoutesAs(async () => w.manager, clock);
    // Mostly hostile `agence` values (cheap refusals); now and then a real agency or none (the manager's own),
    // which builds the whole file.
    const bilan = fc.oneof(idLike(), fc.constantFrom("M4", "M9", "m4", "M10", "", "M4,M9"));
    const query = fc
      .tuple(
        fc.option(idLike(), { nil: undefined, freq: 30 }),
        fc.option(bilan, { nil: undefined, freq: 2 }),
        fc.array(fc.tuple(fc.constantFrom("agence", "bilan", "format", "__proto__", "constructor"), bilan), { maxLength: 3 }),
      )
      .map(([agence, kind, rest]) => [
        ...(agence === undefined ? [] : ([["agence", agence]] as [string, string][])),
        ...(kind === undefined ? [] : ([["bilan", kind]] as [string, string][])),
        ...rest,
      ]);
    for (const [name, route] of Object.entries(routes)) {
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(query, headers, async (params, extra) => {
          const response = await route(requestOf("/agence/export", params, extra), {});
          statuses.add(response.status);
          await assertResponse(response, `export.${name} ${JSON.stringify(params).slice(0, 200)}`);
        }),
        { numRuns: RUNS },
      );
      expect(
        [...statuses].some((s) => s >= 400),
        name,
      ).toBe(true);
    }
  });

  it(`registration file upload and report: ${EXPORT_RUNS} hostile requests each, never a 5xx, nothing imported`, async () => {
    const routes = registrationImportRoutesAs(async () => w.manager, clock);
    const seekersBefore = await prisma.seeker.count();
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2_000 }),
      fc.string({ maxLength: 2_000 }).map((text) => new TextEncoder().encode(text)),
      fc.constant(new TextEncoder().encode("Identifiant;Nom\n\uFFFD\u0000;=CMD()\n")),
      fc.constant(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])),
    );
    const name = fc.oneof(fc.constantFrom("inscriptions.csv", "a.xlsx", "x.exe", "", "%E0%A4%A", "../../etc/passwd.csv"), fc.string({ maxLength: 300 }));
    await fc.assert(
      fc.asyncProperty(body, name, fc.option(idLike(), { nil: undefined }), fc.boolean(), async (bytes, fileName, agence, marked) => {
        const url = new URL("http://localhost/agence/inscriptions/envoi");
        if (agence !== undefined) url.searchParams.set("agence", agence);
        const headersOut: Record<string, string> = { "Content-Type": "application/octet-stream" };
        if (marked) headersOut["X-Modalis-Envoi"] = "1";
        try {
          headersOut["X-Nom-Fichier"] = encodeURIComponent(fileName);
        } catch {
          headersOut["X-Nom-Fichier"] = "x.csv";
        }
        const response = await routes.upload(new Request(url, { method: "POST", headers: headersOut, body: bytes }), undefined);
        await assertResponse(response, `upload ${fileName.slice(0, 50)}`);
      }),
      { numRuns: EXPORT_RUNS },
    );
    expect(await prisma.seeker.count()).toBe(seekersBefore);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(idLike(), fc.constant(w.previewed.id)),
        fc.array(fc.tuple(fc.constantFrom("resultat", "page"), fc.string({ maxLength: 30 })), { maxLength: 2 }),
        async (id, query) => {
          const response = await routes.report(requestOf(`/agence/inscriptions/${id}/rapport`, query, {}), { params: Promise.resolve({ id }) });
          await assertResponse(response, `report ${id}`);
        },
      ),
      { numRuns: EXPORT_RUNS },
    );
  });

  it(`seeker's .ics of one appointment: ${RUNS} ids, never a 5xx`, async () => {
    const routes = seekerRoutesAs(async () => w.meUser, clock);
    await fc.assert(
      fc.asyncProperty(idLike(), headers, async (id, extra) => {
        const response = await routes.appointmentIcs(requestOf(`/mon-espace/rendez-vous/x/ics`, [], extra), { params: Promise.resolve({ id }) });
        await assertResponse(response, `appointmentIcs ${id.slice(0, 80)}`);
        if (id === w.mine.id) expect(response.status).toBe(200);
      }),
      { numRuns: RUNS },
    );
  });

  // The export reads neither the query string nor the headers (the session is its only input) and costs a full
  // read of the seeker's file: sixty hostile requests say as much as a thousand.
  it(`seeker's data export: ${EXPORT_RUNS} requests with random query strings and headers, never a 5xx`, async () => {
    const routes = seekerRoutesAs(async () => w.meUser, clock);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(ascii, idLike()), { maxLength: 3 }), headers, async (params, extra) => {
        const response = await routes.dataExport(requestOf("/mon-espace/mes-donnees", params, extra), {});
        expect(response.status).toBe(200);
        await assertResponse(response, "dataExport");
      }),
      { numRuns: EXPORT_RUNS },
    );
  });

  it(`conversation poll: ${RUNS} seeker ids and query strings, the seeker's own or 404, never a 5xx`, async () => {
    const routes = conversationRoutesAs(async () => w.meUser, clock);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom("demandeur", "x", ""), idLike()), { maxLength: 3 }), headers, async (params, extra) => {
        const response = await routes.poll(requestOf("/api/conversations/etat", params, extra), {});
        await assertResponse(response, "conversationPoll");
        const asked = params.filter(([name]) => name === "demandeur")[0]?.[1];
        if (asked !== undefined && asked !== w.me.id) expect(response.status).toBe(404);
      }),
      { numRuns: RUNS },
    );
  });

  it(`subscribed calendar feed (token in the path, no session): ${RUNS} tokens, 200 or 404, never a 5xx`, async () => {
    const created = await seekerSpaceActionsAs(async () => w.meUser, clock).createCalendarFeed({});
    expect(created.ok).toBe(true);
    const token = (await prisma.seeker.findUniqueOrThrow({ where: { id: w.me.id } })).calendarFeedToken!;
    const tokens = fc.oneof(
      idLike(),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((t) => `${t}.ics`),
      fc.constantFrom(token, `${token}.ics`, `${token}.ics.ics`, `../${token}`, `${token}%00`, token.toUpperCase(), ` ${token}`),
    );
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(tokens, headers, async (candidate, extra) => {
        const response = await calendarGet(requestOf("/calendrier/x", [], extra), { params: Promise.resolve({ token: candidate }) });
        seen.add(response.status);
        expect([200, 404]).toContain(response.status);
        await assertResponse(response, `calendar ${candidate.slice(0, 80)}`);
        if (candidate === token || candidate === `${token}.ics`) expect(response.status).toBe(200);
      }),
      { numRuns: RUNS },
    );
    expect(seen).toEqual(new Set([200, 404]));
    await seekerSpaceActionsAs(async () => w.meUser, clock).revokeCalendarFeed({});
  });

  it(`SMS receipts (token in the query, no session): ${SMS_RECEIPT_RUNS} hostile bodies and tokens, 200, 400, 401 or 413, never a 5xx, never backwards`, async () => {
    const secret = "secret-des-accuses-de-reception-du-fuzz-0123456789";
    const message = await prisma.outboxMessage.create({
      data: {
        agencyId: w.me.agencyId,
        seekerId: w.me.id,
        kind: "REMINDER",
        channel: "SMS",
        recipient: "+33612345678",
        subject: "Rappel",
        text: "Rappel",
        html: "",
      },
    });
    const token = receiptToken(secret, message.id);
    const event = fc.record(
      {
        messageId: fc.oneof(fc.integer(), fc.constantFrom(4242, "4242", 0, -1, 1e300), fc.string({ maxLength: 120 }), fc.anything()),
        msg_status: fc.oneof(
          fc.constantFrom("sent", "delivered", "soft_bounce", "hard_bounce", "rejected", "DELIVERED", ""),
          fc.string({ maxLength: 80 }),
          fc.anything(),
        ),
        event: fc.anything(),
        date: fc.oneof(fc.string(), fc.constantFrom("2026-03-26T09:00:00Z", "9999-99-99T00:00:00Z", "2026-03-26 10:00:00"), fc.anything()),
        ts_event: fc.oneof(fc.integer(), fc.double(), fc.anything()),
        reason: fc.oneof(fc.string({ maxLength: 3_000 }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      { weight: 6, arbitrary: event.map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
      { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.constant("x".repeat(20_000)) },
    );
    const tokens = fc.oneof(
      { weight: 8, arbitrary: fc.constant(token) },
      { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
      { weight: 1, arbitrary: fc.constant(`${token}=`) },
    );
    const order = ["QUEUED", "SENT", "DELIVERED"];
    let last = "QUEUED";
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(body, tokens, async (payload, jeton) => {
        const url = `http://localhost/api/sms/accuses?message=${message.id}&jeton=${encodeURIComponent(jeton)}`;
        const response = await smsReceiptResponse(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: payload }), {
          prisma: async () => prisma,
          secret: () => secret,
        });
        seen.add(response.status);
        expect([200, 400, 401, 413]).toContain(response.status);
        await assertResponse(response, `receipt ${payload.slice(0, 80)}`);
        if (jeton !== token) expect(response.status).toBe(401);
        const now = (await prisma.outboxMessage.findUniqueOrThrow({ where: { id: message.id }, select: { status: true } })).status;
        // Forward only: QUEUED → SENT → DELIVERED, or FAILED from either; nothing comes back from DELIVERED or FAILED.
        if (last === "DELIVERED" || last === "FAILED") expect(now).toBe(last);
        else if (now !== "FAILED") expect(order.indexOf(now)).toBeGreaterThanOrEqual(order.indexOf(last));
        last = now;
      }),
      { numRuns: SMS_RECEIPT_RUNS },
    );
    expect(seen).toContain(200);
    expect(seen).toContain(400);
    expect(seen).toContain(401);
    await prisma.outboxMessage.delete({ where: { id: message.id } });
    await prisma.seeker.update({ where: { id: w.me.id }, data: { phoneInvalidAt: null, phoneInvalidReason: null } });
  });

  it(`health: ${RUNS} calls while the database is up, never a 5xx`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constant(null), async () => {
        const response = await healthGet();
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ status: "ok", database: "ok" });
      }),
      { numRuns: RUNS },
    );
  });
});
