/**
 * Triage campaigns (« jour de tri », issue 17, docs/rules.md#triage-campaigns) and agency closure days
 * (docs/rules.md#agency-closure-days): the selection filters, the split, the closure day refused by every booking
 * path, a re-diagnosis in a campaign (modality and portfolio change, caps hold, history kept), « confirmer sans
 * changement », the board's figures and who may do what.
 */
import { describe, expect, it } from "vitest";
import { localToInstant, type DiagnosticAnswers, type Modality } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { campaignBoard, campaignQueue, myCampaigns } from "@/server/queries/triage-campaigns";
import { triageContext } from "@/server/queries/triage";
import { actingAs } from "@/server/context";
import {
  appointmentActionsAs,
  campaignActionsAs,
  confirmDiagnosticActionsAs,
  firstInterviewActionsAs,
  rebalanceActionsAs,
  reviewActionsAs,
} from "../support/acting";
import { tableCounts, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { actorFor, makeAppointment, makeDiagnostic, makeGapTeam, makePortfolio, makeSeeker, makeUser, RENFORCE_ANSWERS } from "../support/factories";
import { caseloadQuerySchema, caseloadView } from "@/server/queries/caseload";

// Monday 2 March 2026, 9:00 in Gap; the campaign day is Tuesday 10 March.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const DAY = "2026-03-10";
const ZONE = "Europe/Paris";
const at = (date: string, time: string) => localToInstant(date, time, ZONE);
const clock = () => NOW;
const as = (actor: Actor) => async () => actor;
const campaigns = (actor: Actor) => campaignActionsAs(as(actor), clock);

const GUIDE_ANSWERS: DiagnosticAnswers = {
  project: 1,
  skills: 1,
  jobSearch: 1,
  digital: 1,
  basicSkills: 0,
  monthsWithoutWork: 8,
  barriers: {},
  webVolunteer: false,
};

/** Gap: Alice (guidé, suivi) and Bruno (guidé) hold five followed files; Chloé has none; one seeker awaits a diagnostic. */
async function world(db: PrismaClient) {
  const { agency, other, alice, bruno, chloe, manager, otherManager } = await makeGapTeam(db);
  const admin = await makeUser(db, null, "ADMIN", "Ada", "Admin");
  const aliceGuide = await makePortfolio(db, agency.id, alice.id, "GUIDE", 10);
  const aliceSuivi = await makePortfolio(db, agency.id, alice.id, "SUIVI", 10);
  const brunoGuide = await makePortfolio(db, agency.id, bruno.id, "GUIDE", 10);
  const follow = async (portfolio: { id: string; modality: Modality }, author: string, diagnosedAt: string | null) => {
    const seeker = await makeSeeker(db, agency.id, {
      portfolio,
      assignment: { startedAt: diagnosedAt ? new Date(diagnosedAt) : NOW },
      registrationDate: "2024-06-03",
    });
    if (diagnosedAt)
      await makeDiagnostic(db, {
        agencyId: agency.id,
        seekerId: seeker.id,
        authorId: author,
        answers: GUIDE_ANSWERS,
        decidedModality: portfolio.modality,
        createdAt: new Date(diagnosedAt),
      });
    return seeker;
  };
  const s1 = await follow(aliceGuide, alice.id, "2024-12-01T10:00:00Z"); // old
  const s2 = await follow(aliceGuide, alice.id, "2026-01-10T10:00:00Z"); // recent
  const s3 = await follow(brunoGuide, bruno.id, null); // never diagnosed
  const s4 = await follow(aliceSuivi, alice.id, "2024-11-01T10:00:00Z"); // old, suivi
  const s5 = await follow(brunoGuide, bruno.id, "2025-01-15T10:00:00Z"); // old
  const waiting = await makeSeeker(db, agency.id, { registrationDate: "2026-02-27" });
  const actor = (user: { id: string }) => actorFor(db, { id: user.id });
  return {
    agency,
    other,
    users: { alice, bruno, chloe, manager },
    alice: await actor(alice),
    bruno: await actor(bruno),
    chloe: await actor(chloe),
    manager: await actor(manager),
    otherManager: await actor(otherManager),
    admin: await actor(admin),
    portfolios: { aliceGuide, aliceSuivi, brunoGuide },
    seekers: { s1, s2, s3, s4, s5, waiting },
  };
}

type World = Awaited<ReturnType<typeof world>>;
const opening = (w: World, extra: Record<string, unknown> = {}) => ({
  agencyId: w.agency.id,
  name: "Jour de tri de mars",
  day: DAY,
  selection: {},
  split: { mode: "PORTFOLIO" },
  ...extra,
});

describe("triage campaigns", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("selects followed files by the agency, a modality, months without a new diagnostic and an advisor, and writes nothing in a preview", async () => {
    const w = await world(db.prisma);
    const preview = (selection: Record<string, unknown>) => campaigns(w.manager).preview(opening(w, { selection }));
    const before = await tableCounts(db.prisma, ["TriageCampaign", "TriageCampaignFile", "AgencyClosure", "AuditEvent"]);
    expect(await preview({})).toMatchObject({ ok: true, data: { files: 5, dryRun: true, campaignId: null } });
    expect(await preview({ modality: "GUIDE" })).toMatchObject({ ok: true, data: { files: 4 } });
    // Last diagnostic before 2 March 2025 (or none): s1, s3 (never), s5 — not s2 (January 2026).
    expect(await preview({ modality: "GUIDE", notRediagnosedMonths: 12 })).toMatchObject({ ok: true, data: { files: 3 } });
    expect(await preview({ advisorId: w.alice.id })).toMatchObject({ ok: true, data: { files: 3 } });
    expect(await preview({ modality: "RENFORCE" })).toMatchObject({ ok: false, code: "INVALID", error: expect.stringContaining("Aucun dossier") });
    expect(await tableCounts(db.prisma, ["TriageCampaign", "TriageCampaignFile", "AgencyClosure", "AuditEvent"])).toEqual(before);
  });

  it("shares the files by portfolio, or evenly among chosen advisors with the manager's adjustments", async () => {
    const w = await world(db.prisma);
    const shares = async (extra: Record<string, unknown>) => {
      const result = await campaigns(w.manager).preview(opening(w, extra));
      if (!result.ok) throw new Error(result.error);
      return Object.fromEntries(result.data.shares.map((s) => [s.advisorName, s.files]));
    };
    expect(await shares({})).toEqual({ "Alice Bernard": 3, "Bruno Martin": 2 });
    const even = { mode: "EVEN", advisorIds: [w.alice.id, w.bruno.id, w.chloe.id] };
    expect(await shares({ split: even })).toEqual({ "Alice Bernard": 2, "Bruno Martin": 2, "Chloé Petit": 1 });
    expect(await shares({ split: even, moves: [{ fromAdvisorId: w.alice.id, toAdvisorId: w.chloe.id, count: 1 }] })).toEqual({
      "Alice Bernard": 1,
      "Bruno Martin": 2,
      "Chloé Petit": 2,
    });
    const tooMany = await campaigns(w.manager).preview(opening(w, { moves: [{ fromAdvisorId: w.bruno.id, toAdvisorId: w.chloe.id, count: 3 }] }));
    expect(tooMany).toMatchObject({ ok: false, code: "INVALID", error: expect.stringContaining("n'en compte que 2") });
    // An advisor of another agency is nobody here.
    const foreign = await makeUser(db.prisma, w.other.id, "ADVISOR", "Xavier", "Ailleurs");
    expect(await campaigns(w.manager).preview(opening(w, { split: { mode: "EVEN", advisorIds: [foreign.id] } }))).toMatchObject({ ok: false, code: "INVALID" });
  });

  it("closing the agency on a day with appointments is refused without a choice; kept or moved with one", async () => {
    const w = await world(db.prisma);
    const booked = await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: w.seekers.s1.id, advisorId: w.alice.id, startsAt: at(DAY, "14:00") });
    const closing = opening(w, { closedToPublic: true });
    const preview = await campaigns(w.manager).preview(closing);
    expect(preview).toMatchObject({ ok: true, data: { appointmentsThatDay: 1, appointments: [{ appointmentId: booked.id }] } });
    const before = await tableCounts(db.prisma, ["TriageCampaign", "TriageCampaignFile", "AgencyClosure", "Appointment"]);
    const refused = await campaigns(w.manager).open(closing);
    expect(refused).toMatchObject({ ok: false, code: "CONFIRMATION_REQUIRED", error: expect.stringContaining("1 rendez-vous déjà prévu ce jour-là") });
    expect(await tableCounts(db.prisma, ["TriageCampaign", "TriageCampaignFile", "AgencyClosure", "Appointment"])).toEqual(before);

    const opened = await campaigns(w.manager).open({ ...closing, bookedAppointments: "MOVE" });
    expect(opened).toMatchObject({ ok: true, data: { files: 5, appointmentsMoved: 1 } });
    const old = await db.prisma.appointment.findUniqueOrThrow({ where: { id: booked.id } });
    expect(old.status).toBe("CANCELLED");
    const moved = await db.prisma.appointment.findFirstOrThrow({ where: { replacesId: booked.id } });
    expect(moved.status).toBe("SCHEDULED");
    expect(moved.startsAt.getTime()).toBeGreaterThanOrEqual(new Date(at("2026-03-11", "00:00")).getTime());
    expect(await db.prisma.agencyClosure.count({ where: { agencyId: w.agency.id } })).toBe(1);
    const journal = (await db.prisma.auditEvent.findMany({ where: { agencyId: w.agency.id }, select: { action: true } })).map((e) => e.action);
    expect(journal).toEqual(expect.arrayContaining(["campaign.opened", "agency.closure_set", "appointment.rescheduled"]));

    // Regression (fuzz, 2026-12-01): a reason holding the NUL character reached PostgreSQL (22021) and came back UNEXPECTED.
    const beforeNul = await tableCounts(db.prisma, ["AgencyClosure", "AuditEvent"]);
    expect(await campaigns(w.manager).setClosure({ agencyId: w.agency.id, day: "2026-03-18", reason: "Inventaire\u0000" })).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { reason: ["Ce texte contient un caractère invisible non autorisé (caractère nul) : retirez-le."] },
    });
    expect(await tableCounts(db.prisma, ["AgencyClosure", "AuditEvent"])).toEqual(beforeNul);

    // A second closure of the same day is refused; the manager may open it again, then close it keeping its appointments.
    expect(await campaigns(w.manager).setClosure({ agencyId: w.agency.id, day: DAY, reason: "Inventaire" })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await campaigns(w.manager).removeClosure({ agencyId: w.agency.id, day: DAY })).toMatchObject({ ok: true });
    await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: w.seekers.s2.id, advisorId: w.alice.id, startsAt: at(DAY, "15:00") });
    expect(await campaigns(w.manager).setClosure({ agencyId: w.agency.id, day: DAY, reason: "Inventaire" })).toMatchObject({
      ok: false,
      code: "CONFIRMATION_REQUIRED",
    });
    expect(await campaigns(w.manager).setClosure({ agencyId: w.agency.id, day: DAY, reason: "Inventaire", bookedAppointments: "KEEP" })).toMatchObject({
      ok: true,
      data: { kept: 1, moved: 0 },
    });
  });

  it("no booking path books on a closure day", async () => {
    const w = await world(db.prisma);
    const tomorrow = "2026-03-03";
    expect(await campaigns(w.manager).setClosure({ agencyId: w.agency.id, day: tomorrow, reason: "Jour de tri" })).toMatchObject({ ok: true });
    expect(await campaigns(w.manager).setClosure({ agencyId: w.agency.id, day: DAY, reason: "Formation" })).toMatchObject({ ok: true });
    const closedOn = async (where: Record<string, unknown>) => {
      const rows = await db.prisma.appointment.findMany({ where: { agencyId: w.agency.id, status: "SCHEDULED", ...where }, select: { startsAt: true } });
      return rows.filter((r) => [tomorrow, DAY].includes(new Date(r.startsAt).toLocaleDateString("sv-SE", { timeZone: ZONE })));
    };

    // Ad-hoc booking and rescheduling: refused on the day, with the reason.
    const advisor = appointmentActionsAs(as(w.alice), clock);
    const adHoc = await advisor.bookAppointment({ seekerId: w.seekers.s1.id, kind: "FOLLOW_UP", startsAt: at(DAY, "14:00"), channel: "AGENCY" });
    expect(adHoc).toMatchObject({ ok: false, code: "CONFLICT", error: expect.stringContaining("fermée au public") });
    expect(
      await advisor.bookAppointment({ seekerId: w.seekers.s1.id, kind: "FOLLOW_UP", startsAt: at("2026-03-11", "14:00"), channel: "AGENCY" }),
    ).toMatchObject({ ok: true });
    const existing = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: w.seekers.s2.id,
      advisorId: w.alice.id,
      startsAt: at("2026-03-12", "14:00"),
    });
    const moved = await advisor.rescheduleAppointment({ appointmentId: existing.id, startsAt: at(DAY, "14:30") });
    expect(moved).toMatchObject({ ok: false, code: "CONFLICT", error: expect.stringContaining("fermée au public") });
    // Without a chosen slot, from the closure day on: the next open day.
    const replanned = await advisor.rescheduleAppointment({ appointmentId: existing.id, date: DAY });
    expect(replanned).toMatchObject({ ok: true });
    expect(replanned.ok && replanned.data.startsAt).toBe(at("2026-03-11", "13:30"));

    // Rebalancing: an appointment kept on the closure day follows its seeker to Bruno, who is busy then: its re-plan
    // skips the closed day.
    const kept = await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: w.seekers.s1.id, advisorId: w.alice.id, startsAt: at(DAY, "14:00") });
    await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: w.seekers.s3.id, advisorId: w.bruno.id, startsAt: at(DAY, "14:00") });
    const rebalanced = await rebalanceActionsAs(as(w.manager), clock).moveSeekers({ seekerIds: [w.seekers.s1.id], toPortfolioId: w.portfolios.brunoGuide.id });
    expect(rebalanced).toMatchObject({ ok: true });
    const replan = await db.prisma.appointment.findFirstOrThrow({ where: { replacesId: kept.id } });
    expect(replan).toMatchObject({ advisorId: w.bruno.id, status: "SCHEDULED" });
    expect(replan.startsAt.toISOString()).toBe(at("2026-03-11", "13:30"));

    // First interviews: tomorrow is closed, they start the day after.
    for (let i = 0; i < 4; i += 1) await makeSeeker(db.prisma, w.agency.id, { registrationDate: "2026-02-26" });
    const interviews = await firstInterviewActionsAs(as(w.manager), clock).bookFirstInterviews({ agencyId: w.agency.id });
    expect(interviews).toMatchObject({ ok: true });
    expect(await db.prisma.appointment.count({ where: { agencyId: w.agency.id, kind: "INITIAL" } })).toBeGreaterThan(0);
    expect(await closedOn({ kind: "INITIAL" })).toEqual([]);

    // Reviews: an M4 window opening tomorrow is planned inside it, not on the closed day.
    const portfolio = w.portfolios.brunoGuide;
    const recent = await makeSeeker(db.prisma, w.agency.id, { portfolio, assignment: {}, registrationDate: "2025-12-03" });
    const reviews = await reviewActionsAs(as(w.manager), clock).bookMissingReviews({ agencyId: w.agency.id });
    expect(reviews).toMatchObject({ ok: true });
    const m4 = await db.prisma.appointment.findFirstOrThrow({ where: { seekerId: recent.id, kind: "REVIEW_M4" } });
    expect(m4.startsAt.toISOString() >= at("2026-03-04", "00:00")).toBe(true);
    expect(m4.startsAt.toISOString() < at("2026-04-03", "00:00")).toBe(true);
    expect(await closedOn({ kind: { in: ["REVIEW_M4", "REVIEW_M9"] } })).toEqual([]);
  });

  it("a re-diagnosis in the campaign changes modality and portfolio within the caps, keeps the history and marks the file done", async () => {
    const w = await world(db.prisma);
    const even = { mode: "EVEN", advisorIds: [w.alice.id, w.bruno.id, w.chloe.id] };
    const opened = await campaigns(w.manager).open(opening(w, { split: even }));
    expect(opened).toMatchObject({ ok: true });
    const campaignId = opened.ok ? opened.data.campaignId! : "";
    const queue = await actingAs(w.chloe, () => campaignQueue(w.chloe, campaignId));
    expect(queue?.files).toHaveLength(1);
    const file = queue!.files[0]!;
    expect(await myCampaigns(w.chloe)).toEqual([expect.objectContaining({ id: campaignId, left: 1, done: 0 })]);
    // Chloé may open the file of a colleague's portfolio given to her, with the campaign's queue.
    const context = await actingAs(w.chloe, () => triageContext(w.chloe, file.seekerId, campaignId));
    expect(context).toMatchObject({ position: 1, queueLength: 1 });
    // Bruno may not open a file given to Chloé from Alice's portfolio.
    if ((await db.prisma.seeker.findUniqueOrThrow({ where: { id: file.seekerId }, include: { portfolio: true } })).portfolio?.advisorId !== w.bruno.id) {
      expect(await actingAs(w.bruno, () => triageContext(w.bruno, file.seekerId, campaignId))).toBeNull();
    }

    // Regression: a re-diagnosis into another advisor's portfolio left the reviews already booked in the old agenda.
    const review = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: file.seekerId,
      advisorId: w.alice.id,
      kind: "REVIEW_M9",
      startsAt: at("2026-03-20", "14:00"),
    });
    const diagnosticsBefore = await db.prisma.diagnostic.count({ where: { seekerId: file.seekerId } });
    const confirmed = await confirmDiagnosticActionsAs(as(w.chloe), clock).confirmDiagnostic({
      seekerId: file.seekerId,
      answers: RENFORCE_ANSWERS,
      decidedModality: "RENFORCE",
    });
    expect(confirmed).toMatchObject({ ok: true, data: { modality: "RENFORCE", advisorId: w.chloe.id, portfolioCreated: true } });
    const seeker = await db.prisma.seeker.findUniqueOrThrow({ where: { id: file.seekerId }, include: { portfolio: true } });
    expect(seeker).toMatchObject({ status: "FOLLOWED", modality: "RENFORCE", portfolio: { advisorId: w.chloe.id, modality: "RENFORCE" } });
    expect(await db.prisma.diagnostic.count({ where: { seekerId: file.seekerId } })).toBe(diagnosticsBefore + 1);
    const assignments = await db.prisma.assignment.findMany({ where: { seekerId: file.seekerId }, orderBy: { startedAt: "asc" } });
    expect(assignments.length).toBeGreaterThanOrEqual(2);
    expect(assignments.filter((a) => a.endedAt === null)).toHaveLength(1);
    const stored = await db.prisma.triageCampaignFile.findUniqueOrThrow({ where: { id: file.fileId } });
    expect(stored).toMatchObject({ modalityAfter: "RENFORCE", diagnosticId: confirmed.ok ? confirmed.data.diagnosticId : "" });
    expect(stored.doneAt).not.toBeNull();
    // The review followed the seeker to Chloé, at the same time (she was free then); nothing left in Alice's agenda.
    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({ advisorId: w.chloe.id, status: "SCHEDULED" });
    expect(await db.prisma.appointment.count({ where: { seekerId: file.seekerId, advisorId: w.alice.id, status: "SCHEDULED" } })).toBe(0);
    expect(await myCampaigns(w.chloe)).toEqual([expect.objectContaining({ left: 0, done: 1 })]);

    // Caps hold: Alice's guidé portfolio is full (cap lowered to its load); a file of her share re-diagnosed guidé to her is refused.
    await db.prisma.portfolio.update({
      where: { id: w.portfolios.aliceGuide.id },
      data: { cap: await db.prisma.seeker.count({ where: { portfolioId: w.portfolios.aliceGuide.id } }) },
    });
    await db.prisma.portfolio.update({
      where: { id: w.portfolios.brunoGuide.id },
      data: { cap: await db.prisma.seeker.count({ where: { portfolioId: w.portfolios.brunoGuide.id } }) },
    });
    const aliceQueue = await actingAs(w.alice, () => campaignQueue(w.alice, campaignId));
    const suivi = aliceQueue!.files.find((f) => f.modalityBefore === "SUIVI" && !f.done)!;
    expect(suivi).toBeDefined();
    {
      const full = await confirmDiagnosticActionsAs(as(w.alice), clock).confirmDiagnostic({
        seekerId: suivi.seekerId,
        answers: GUIDE_ANSWERS,
        decidedModality: "GUIDE",
      });
      expect(full).toMatchObject({ ok: false, code: "CAPACITY" });
      expect((await db.prisma.triageCampaignFile.findUniqueOrThrow({ where: { id: suivi.fileId } })).doneAt).toBeNull();
    }

    // « Confirmer sans changement »: done, modality kept; not someone else's file, not twice.
    const aliceFile = aliceQueue!.files.find((f) => !f.done)!;
    expect(await campaigns(w.bruno).confirmUnchanged({ campaignFileId: aliceFile.fileId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await campaigns(w.manager).confirmUnchanged({ campaignFileId: aliceFile.fileId })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await campaigns(w.alice).confirmUnchanged({ campaignFileId: aliceFile.fileId })).toMatchObject({
      ok: true,
      data: { modality: aliceFile.modalityBefore },
    });
    expect(await campaigns(w.alice).confirmUnchanged({ campaignFileId: aliceFile.fileId })).toMatchObject({ ok: false, code: "CONFLICT" });

    // The board: progress per advisor, the changes, the distribution now.
    const board = await actingAs(w.manager, () => campaignBoard(w.manager, campaignId, NOW));
    expect(board?.campaign).toMatchObject({ files: 5, done: 2 });
    expect(board?.progress.find((p) => p.advisorId === w.chloe.id)).toMatchObject({ done: 1, left: 0 });
    expect(board?.progress.find((p) => p.advisorId === w.alice.id)).toMatchObject({ done: 1, left: 1 });
    expect(board?.changed).toBe(1);
    const renforceNow = Object.values(board!.changes).reduce((sum, row) => sum + row.RENFORCE, 0);
    expect(renforceNow).toBe(1);
    expect(board?.distribution.total).toBe(5);
    expect(board?.distribution.modalities.find((m) => m.modality === "RENFORCE")).toMatchObject({ count: 1, share: 0.2, reference: 0.07 });
    expect(await actingAs(w.otherManager, () => campaignBoard(w.otherManager, campaignId, NOW))).toBeNull();
    expect(await actingAs(w.admin, () => campaignBoard(w.admin, campaignId, NOW))).not.toBeNull();

    // Reassigning and closing: the manager of the agency (or the administrator) only.
    expect(await campaigns(w.alice).reassign({ campaignId, fromAdvisorId: w.bruno.id, toAdvisorId: w.chloe.id, count: 1 })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await campaigns(w.otherManager).reassign({ campaignId, fromAdvisorId: w.bruno.id, toAdvisorId: w.chloe.id, count: 1 })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await campaigns(w.manager).reassign({ campaignId, fromAdvisorId: w.bruno.id, toAdvisorId: w.chloe.id, count: 1 })).toMatchObject({
      ok: true,
      data: { moved: 1 },
    });
    expect(await myCampaigns(w.chloe)).toEqual([expect.objectContaining({ left: 1, done: 1 })]);
    // The caseload page reads the same campaigns in its one statement of small figures.
    expect((await caseloadView(w.chloe, caseloadQuerySchema.parse({}))).campaigns).toEqual(await myCampaigns(w.chloe));
    // A file whose seeker is no longer followed (an exit) is nobody's to review any more.
    const moved = await db.prisma.triageCampaignFile.findFirstOrThrow({ where: { campaignId, advisorId: w.chloe.id, doneAt: null } });
    await db.prisma.seeker.update({ where: { id: moved.seekerId }, data: { status: "CLOSED", closedAt: NOW } });
    expect(await myCampaigns(w.chloe)).toEqual([expect.objectContaining({ left: 0, done: 1 })]);
    expect((await actingAs(w.chloe, () => campaignQueue(w.chloe, campaignId)))?.files.filter((f) => !f.done)).toEqual([]);
    expect(await campaigns(w.otherManager).close({ campaignId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await campaigns(w.admin).close({ campaignId })).toMatchObject({ ok: true, data: { files: 5, done: 2 } });
    expect(await campaigns(w.manager).close({ campaignId })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await myCampaigns(w.chloe)).toEqual([]);
  });

  it("a file is in one open campaign at a time; only the manager of the agency opens one, on a day to come", async () => {
    const w = await world(db.prisma);
    expect(await campaigns(w.manager).open(opening(w, { selection: { modality: "GUIDE" } }))).toMatchObject({ ok: true, data: { files: 4 } });
    expect(await campaigns(w.manager).preview(opening(w))).toMatchObject({ ok: true, data: { files: 1, alreadyInCampaign: 4 } });
    expect(await campaigns(w.alice).open(opening(w))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await campaigns(w.otherManager).open(opening(w))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await campaigns(w.manager).open(opening(w, { day: "2026-03-01" }))).toMatchObject({
      ok: false,
      code: "INVALID",
      error: expect.stringContaining("passé"),
    });
  });
});
