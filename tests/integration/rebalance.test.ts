import { describe, expect, it } from "vitest";
import { rebalanceActionsAs } from "../support/acting";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Modality } from "@/generated/prisma/enums";
import type { Actor } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import { proposeBalance } from "@/server/queries/balance-preview";
import { applyBalance, moveSeekers } from "@/server/use-cases/rebalance";
import { tableCounts, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAppointment as createAppointment, makeGapCast, makePortfolio, makeSeeker, makeUser } from "../support/factories";

// A Monday morning, Paris (Gap, 05): appointments 13:30–16:30 local = 12:30–15:30 UTC in March.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const TABLES = ["Portfolio", "Seeker", "Assignment", "Appointment", "AuditEvent"];
const REASON = "Congé longue durée de la conseillère, reprise du portefeuille.";

async function countRows(db: PrismaClient): Promise<Record<string, number>> {
  const counts = await tableCounts(db, TABLES);
  const open = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "Assignment" WHERE "endedAt" IS NULL`);
  counts.openAssignments = open[0]!.n;
  return counts;
}

/** A seeker followed in the portfolio since 25 February (registered on 2026-02-20). */
const makeFollowed = (db: PrismaClient, portfolio: { id: string; agencyId: string; modality: Modality }) =>
  makeSeeker(db, portfolio.agencyId, { portfolio, assignment: { startedAt: new Date("2026-02-25T09:00:00Z") } });

const makeAppointment = (db: PrismaClient, agencyId: string, seekerId: string, advisorId: string, startsAt: string, minutes = 30) =>
  createAppointment(db, { agencyId, seekerId, advisorId, startsAt, minutes });

async function world(db: PrismaClient, caps = { alice: 150, bruno: 150, chloe: 150 }) {
  const { denis: stranger, ...cast } = await makeGapCast(db, { adminOfAgency: true });
  const { agency, other, manager, otherManager, admin, alice, bruno, chloe } = cast;
  const pAlice = await makePortfolio(db, agency.id, alice.id, "GUIDE", caps.alice);
  const pBruno = await makePortfolio(db, agency.id, bruno.id, "GUIDE", caps.bruno);
  const pChloe = await makePortfolio(db, agency.id, chloe.id, "GUIDE", caps.chloe);
  const pAliceRenforce = await makePortfolio(db, agency.id, alice.id, "RENFORCE", 70);
  const pStranger = await makePortfolio(db, other.id, stranger.id, "GUIDE", 150);
  return { agency, other, manager, otherManager, admin, alice, bruno, chloe, stranger, pAlice, pBruno, pChloe, pAliceRenforce, pStranger };
}

async function expectRefusal(promise: Promise<unknown>, code: DomainError["code"], pattern?: RegExp): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (pattern) expect((error as DomainError).message).toMatch(pattern);
  return error as DomainError;
}

async function expectNoOverlap(db: PrismaClient, advisorId: string) {
  const all = await db.appointment.findMany({ where: { advisorId, status: { not: "CANCELLED" } }, orderBy: { startsAt: "asc" } });
  for (let i = 1; i < all.length; i += 1) expect(all[i]!.startsAt >= all[i - 1]!.endsAt).toBe(true);
}

describe("rebalancing — moveSeekers, proposeBalance, applyBalance", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("moves seekers: assignment history, portfolio, future appointments followed or re-planned without overlap, audit", async () => {
    const w = await world(db.prisma);
    const s1 = await makeFollowed(db.prisma, w.pAlice);
    const s2 = await makeFollowed(db.prisma, w.pAlice);
    // s1: Wed 4 March 14:00 (Bruno free) and Thu 5 March 14:00 (Bruno busy) → followed, re-planned to 13:30 that Thursday.
    const followed = await makeAppointment(db.prisma, w.agency.id, s1.id, w.alice.id, "2026-03-04T13:00:00.000Z");
    const clashing = await makeAppointment(db.prisma, w.agency.id, s1.id, w.alice.id, "2026-03-05T13:00:00.000Z");
    const past = await makeAppointment(db.prisma, w.agency.id, s1.id, w.alice.id, "2026-02-26T13:00:00.000Z");
    const other = await makeFollowed(db.prisma, w.pBruno);
    await makeAppointment(db.prisma, w.agency.id, other.id, w.bruno.id, "2026-03-05T13:00:00.000Z");
    // Bruno also busy at 13:30 that Thursday: the re-planned one lands at 14:30.
    await makeAppointment(db.prisma, w.agency.id, other.id, w.bruno.id, "2026-03-05T12:30:00.000Z");

    const result = await moveSeekers(w.manager, { seekerIds: [s1.id, s2.id], toPortfolioId: w.pBruno.id }, { now: NOW, db: db.prisma });
    expect(result).toMatchObject({ moved: 2, appointmentsFollowed: 1, appointmentsReplanned: 1 });
    // The result lists each re-planned appointment with its old and new date (issue 15).
    expect(result.replanned).toEqual([
      {
        appointmentId: expect.any(String),
        replacesId: clashing.id,
        seekerId: s1.id,
        seekerName: expect.any(String),
        kind: "FOLLOW_UP",
        fromStartsAt: "2026-03-05T13:00:00.000Z",
        toStartsAt: "2026-03-05T13:30:00.000Z",
        window: null,
        outsideWindow: false,
      },
    ]);

    for (const s of [s1, s2]) {
      const seeker = await db.prisma.seeker.findUniqueOrThrow({ where: { id: s.id } });
      expect(seeker.portfolioId).toBe(w.pBruno.id);
      const history = await db.prisma.assignment.findMany({ where: { seekerId: s.id }, orderBy: { startedAt: "asc" } });
      expect(history).toHaveLength(2);
      expect(history[0]).toMatchObject({ portfolioId: w.pAlice.id, endedAt: NOW });
      expect(history[1]).toMatchObject({ portfolioId: w.pBruno.id, reason: "REBALANCE", forced: false, endedAt: null, actorId: w.manager.id });
    }
    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: followed.id } })).toMatchObject({ advisorId: w.bruno.id, status: "SCHEDULED" });
    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: past.id } })).toMatchObject({ advisorId: w.alice.id });
    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: clashing.id } })).toMatchObject({ status: "CANCELLED", advisorId: w.alice.id });
    const replacement = await db.prisma.appointment.findUniqueOrThrow({ where: { replacesId: clashing.id } });
    expect(replacement).toMatchObject({ advisorId: w.bruno.id, seekerId: s1.id, status: "SCHEDULED", kind: "FOLLOW_UP" });
    expect(replacement.startsAt.toISOString()).toBe("2026-03-05T13:30:00.000Z");
    await expectNoOverlap(db.prisma, w.bruno.id);

    const audits = await db.prisma.auditEvent.findMany({ where: { action: "seeker.transferred" } });
    expect(audits.map((a) => a.seekerId).sort()).toEqual([s1.id, s2.id].sort());
    expect(JSON.stringify(audits.map((a) => a.metadata))).not.toMatch(/Durand|Camille/);
  });

  it("regression (issue 15): an M4 is re-planned inside its window while it has room, and flagged when it falls after it", async () => {
    const w = await world(db.prisma);
    // Registered on 2026-02-20: the M4 window runs from 20/05/2026 to 19/06/2026 (Paris, UTC+2 in June).
    const s1 = await makeFollowed(db.prisma, w.pAlice);
    const s2 = await makeFollowed(db.prisma, w.pAlice);
    const m4 = (seekerId: string, startsAt: string) =>
      createAppointment(db.prisma, { agencyId: w.agency.id, seekerId, advisorId: w.alice.id, kind: "REVIEW_M4", startsAt, minutes: 30 });
    const s3 = await makeFollowed(db.prisma, w.pAlice);
    const a1 = await m4(s1.id, "2026-06-18T12:00:00.000Z"); // Thursday 18 June, 14:00
    const a2 = await m4(s2.id, "2026-06-18T12:30:00.000Z");
    await m4(s3.id, "2026-06-18T13:00:00.000Z");
    // Bruno and Chloé are away on the last two days of the window: the old code re-planned from 18 June on, i.e. on
    // 22 June, after the window.
    const away = { bruno: w.bruno, chloe: w.chloe };
    const theirs = new Map<string, string>();
    for (const [name, portfolio] of [
      ["bruno", w.pBruno],
      ["chloe", w.pChloe],
    ] as const) {
      const seeker = await makeFollowed(db.prisma, portfolio);
      theirs.set(away[name].id, seeker.id);
      await createAppointment(db.prisma, {
        agencyId: w.agency.id,
        seekerId: seeker.id,
        advisorId: away[name].id,
        startsAt: "2026-06-17T22:00:00.000Z",
        minutes: 2 * 24 * 60,
      });
    }

    // The preview (Alice 3, Bruno 1, Chloé 1: one seeker moves) lists the re-plan with its old and new date.
    const preview = await proposeBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE" }, { now: NOW, db: db.prisma });
    expect(preview.moves).toHaveLength(1);
    expect(preview.followed).toBe(0);
    expect(preview.replans).toHaveLength(1);
    const [replan] = preview.replans;
    expect(replan).toMatchObject({ kind: "REVIEW_M4", window: { from: "2026-05-20", to: "2026-06-19" }, outsideWindow: false });
    expect(replan!.toStartsAt! >= "2026-05-20" && replan!.toStartsAt! < "2026-06-20").toBe(true);
    const applied = await applyBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE", moves: preview.moves }, { now: NOW, db: db.prisma });
    expect(applied.replanned.map((r) => [r.seekerId, r.fromStartsAt, r.toStartsAt, r.outsideWindow])).toEqual([
      [replan!.seekerId, replan!.fromStartsAt, replan!.toStartsAt, false],
    ]);

    // The other colleague has no free slot left in the whole window: the M4 goes to the first slot after it, flagged.
    const staying = [s1, s2].find((s) => s.id !== replan!.seekerId)!; // s1 or s2, whichever did not move
    const target = preview.moves[0]!.toPortfolioId === w.pBruno.id ? { advisor: w.chloe, portfolio: w.pChloe } : { advisor: w.bruno, portfolio: w.pBruno };
    await createAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: theirs.get(target.advisor.id)!,
      advisorId: target.advisor.id,
      startsAt: "2026-05-19T22:00:00.000Z",
      minutes: 29 * 24 * 60, // up to 17 June 24:00, where the two days away begin
    });
    const moved = await moveSeekers(w.manager, { seekerIds: [staying.id], toPortfolioId: target.portfolio.id }, { now: NOW, db: db.prisma });
    expect(moved.replanned).toHaveLength(1);
    expect(moved.replanned[0]).toMatchObject({
      replacesId: staying.id === s1.id ? a1.id : a2.id,
      kind: "REVIEW_M4",
      toStartsAt: "2026-06-22T11:30:00.000Z", // Monday 22 June, 13:30: the first slot after the window
      outsideWindow: true,
    });
    for (const advisor of [w.bruno, w.chloe]) await expectNoOverlap(db.prisma, advisor.id);
  });

  it("re-plans a joint meeting where both the new advisor and the tandem's social worker are free", async () => {
    const w = await world(db.prisma);
    const sophie = await makeUser(db.prisma, w.agency.id, "SOCIAL_WORKER", "Sophie", "Roux");
    const pAliceGlobal = await makePortfolio(db.prisma, w.agency.id, w.alice.id, "GLOBAL", 100);
    const pBrunoGlobal = await makePortfolio(db.prisma, w.agency.id, w.bruno.id, "GLOBAL", 100);
    const seeker = await makeFollowed(db.prisma, pAliceGlobal);
    const other = await makeFollowed(db.prisma, pBrunoGlobal);
    // Wednesday 18 March (Paris, UTC+1): the joint meeting at 14:00; Bruno busy 13:30–14:30, Sophie 14:30–15:00.
    const joint = await createAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.alice.id,
      socialWorkerId: sophie.id,
      kind: "JOINT_GLOBAL",
      startsAt: "2026-03-18T13:00:00.000Z",
    });
    await makeAppointment(db.prisma, w.agency.id, other.id, w.bruno.id, "2026-03-18T12:30:00.000Z", 60);
    await createAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: other.id,
      advisorId: w.chloe.id,
      socialWorkerId: sophie.id,
      kind: "JOINT_GLOBAL",
      startsAt: "2026-03-18T13:30:00.000Z",
    });
    const moved = await moveSeekers(w.manager, { seekerIds: [seeker.id], toPortfolioId: pBrunoGlobal.id }, { now: NOW, db: db.prisma });
    expect(moved.replanned).toEqual([expect.objectContaining({ replacesId: joint.id, kind: "JOINT_GLOBAL", toStartsAt: "2026-03-18T14:00:00.000Z" })]);
    const meeting = await db.prisma.appointment.findUniqueOrThrow({ where: { id: moved.replanned[0]!.appointmentId } });
    expect(meeting).toMatchObject({ advisorId: w.bruno.id, socialWorkerId: sophie.id, status: "SCHEDULED" });
    await expectNoOverlap(db.prisma, w.bruno.id);
  });

  it("refuses a move over the cap, naming the figures, and writes nothing", async () => {
    const w = await world(db.prisma, { alice: 150, bruno: 3, chloe: 150 });
    await makeFollowed(db.prisma, w.pBruno);
    await makeFollowed(db.prisma, w.pBruno);
    const movers = [await makeFollowed(db.prisma, w.pAlice), await makeFollowed(db.prisma, w.pAlice)];
    await makeAppointment(db.prisma, w.agency.id, movers[0]!.id, w.alice.id, "2026-03-04T13:00:00.000Z");
    const before = await countRows(db.prisma);
    const error = await expectRefusal(
      moveSeekers(w.manager, { seekerIds: movers.map((s) => s.id), toPortfolioId: w.pBruno.id }, { now: NOW, db: db.prisma }),
      "CAPACITY",
      /Bruno Martin compte 2 \/ 3 .*2 demandeurs le porterait à 4, au-delà du plafond de 3 \(1 place libre\)/,
    );
    expect(error.message).toMatch(/Chloé Petit \(150 places\)/);
    expect(await countRows(db.prisma)).toEqual(before);
    expect(await db.prisma.seeker.count({ where: { portfolioId: w.pBruno.id } })).toBe(2);
  });

  it("lets a manager force a move over the cap with a written reason, stored on the assignment", async () => {
    const w = await world(db.prisma, { alice: 150, bruno: 1, chloe: 150 });
    await makeFollowed(db.prisma, w.pBruno);
    const mover = await makeFollowed(db.prisma, w.pAlice);
    await expectRefusal(
      moveSeekers(w.manager, { seekerIds: [mover.id], toPortfolioId: w.pBruno.id, force: true }, { now: NOW, db: db.prisma }),
      "INVALID",
      /justification/,
    );
    const result = await moveSeekers(
      w.manager,
      { seekerIds: [mover.id], toPortfolioId: w.pBruno.id, force: true, reason: REASON },
      { now: NOW, db: db.prisma },
    );
    expect(result.moved).toBe(1);
    const open = await db.prisma.assignment.findFirstOrThrow({ where: { seekerId: mover.id, endedAt: null } });
    expect(open).toMatchObject({ portfolioId: w.pBruno.id, reason: "REBALANCE", forced: true, note: REASON });
    expect(await db.prisma.seeker.count({ where: { portfolioId: w.pBruno.id } })).toBe(2);
  });

  it("refuses cross-modality and cross-agency moves, other agencies' managers and advisors, writing nothing", async () => {
    const w = await world(db.prisma);
    const renforce = await makeFollowed(db.prisma, w.pAliceRenforce);
    const guide = await makeFollowed(db.prisma, w.pAlice);
    const foreign = await makeFollowed(db.prisma, w.pStranger);
    const before = await countRows(db.prisma);
    const opts = { now: NOW, db: db.prisma };
    await expectRefusal(moveSeekers(w.manager, { seekerIds: [guide.id, renforce.id], toPortfolioId: w.pBruno.id }, opts), "INVALID", /même modalité/);
    await expectRefusal(moveSeekers(w.manager, { seekerIds: [guide.id, foreign.id], toPortfolioId: w.pBruno.id }, opts), "INVALID", /agence/);
    await expectRefusal(moveSeekers(w.admin, { seekerIds: [foreign.id], toPortfolioId: w.pBruno.id }, opts), "INVALID", /agence/);
    await expectRefusal(moveSeekers(w.otherManager, { seekerIds: [guide.id], toPortfolioId: w.pBruno.id }, opts), "NOT_FOUND");
    await expectRefusal(moveSeekers(w.alice, { seekerIds: [guide.id], toPortfolioId: w.pBruno.id }, opts), "FORBIDDEN");
    await expectRefusal(proposeBalance(w.alice, { agencyId: w.agency.id, modality: "GUIDE" }, opts), "FORBIDDEN");
    await expectRefusal(proposeBalance(w.otherManager, { agencyId: w.agency.id, modality: "GUIDE" }, opts), "NOT_FOUND");
    await expectRefusal(moveSeekers(w.manager, { seekerIds: [guide.id], toPortfolioId: w.pAlice.id }, opts), "INVALID", /déjà/);
    expect(await countRows(db.prisma)).toEqual(before);
    // An administrator may rebalance within one agency.
    expect((await moveSeekers(w.admin, { seekerIds: [guide.id], toPortfolioId: w.pBruno.id }, opts)).moved).toBe(1);
  });

  it("applies a preview exactly: loads after == preview.after", async () => {
    const w = await world(db.prisma, { alice: 20, bruno: 20, chloe: 10 });
    const aliceSeekers = [];
    for (let i = 0; i < 14; i += 1) aliceSeekers.push(await makeFollowed(db.prisma, w.pAlice));
    for (let i = 0; i < 2; i += 1) await makeFollowed(db.prisma, w.pBruno);
    // Two of Alice's seekers have future appointments: they are the last candidates.
    await makeAppointment(db.prisma, w.agency.id, aliceSeekers[0]!.id, w.alice.id, "2026-03-04T13:00:00.000Z");
    await makeAppointment(db.prisma, w.agency.id, aliceSeekers[1]!.id, w.alice.id, "2026-03-04T13:30:00.000Z");
    const preview = await proposeBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE" }, { now: NOW, db: db.prisma });
    expect(preview.before.map((p) => [p.advisor, p.load, p.cap])).toEqual([
      ["Alice Bernard", 14, 20],
      ["Bruno Martin", 2, 20],
      ["Chloé Petit", 0, 10],
    ]);
    expect(preview.moves.length).toBeGreaterThan(0);
    expect(preview.moves.every((m) => m.fromAdvisor === "Alice Bernard")).toBe(true);
    expect(preview.moves.map((m) => m.seekerId)).not.toContain(aliceSeekers[0]!.id);
    for (const p of preview.after) expect(p.load).toBeLessThanOrEqual(p.cap);
    const rates = preview.after.map((p) => p.load / p.cap);
    expect(Math.max(...rates) - Math.min(...rates)).toBeLessThan(0.1);

    const result = await applyBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE", moves: preview.moves }, { now: NOW, db: db.prisma });
    expect(result.moved).toBe(preview.moves.length);
    for (const p of preview.after) expect(await db.prisma.seeker.count({ where: { portfolioId: p.portfolioId } })).toBe(p.load);
    const again = await proposeBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE" }, { now: NOW, db: db.prisma });
    expect(again.moves).toEqual([]);
    expect(again.before).toEqual(preview.after);
  });

  it("proposes to empty the portfolio of an advisor who left into the others, and applies it", async () => {
    const w = await world(db.prisma, { alice: 20, bruno: 20, chloe: 10 });
    for (let i = 0; i < 4; i += 1) await makeFollowed(db.prisma, w.pAlice);
    for (let i = 0; i < 2; i += 1) await makeFollowed(db.prisma, w.pBruno);
    await db.prisma.user.update({ where: { id: w.alice.id }, data: { active: false } });
    const preview = await proposeBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE" }, { now: NOW, db: db.prisma });
    expect(preview.moves.filter((m) => m.fromAdvisor === "Alice Bernard")).toHaveLength(4);
    expect(preview.moves.every((m) => m.toAdvisor !== "Alice Bernard")).toBe(true);
    expect(preview.after.find((p) => p.advisor === "Alice Bernard")!.load).toBe(0);
    const result = await applyBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE", moves: preview.moves }, { now: NOW, db: db.prisma });
    expect(result.moved).toBe(preview.moves.length);
    expect(await db.prisma.seeker.count({ where: { portfolioId: w.pAlice.id } })).toBe(0);
  });

  it("refuses a stale preview as a whole", async () => {
    const w = await world(db.prisma);
    for (let i = 0; i < 6; i += 1) await makeFollowed(db.prisma, w.pAlice);
    const preview = await proposeBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE" }, { now: NOW, db: db.prisma });
    expect(preview.moves).toHaveLength(4);
    const moved = preview.moves[0]!;
    const elsewhere = moved.toPortfolioId === w.pBruno.id ? w.pChloe.id : w.pBruno.id;
    await moveSeekers(w.manager, { seekerIds: [moved.seekerId], toPortfolioId: elsewhere }, { now: NOW, db: db.prisma });
    const before = await countRows(db.prisma);
    await expectRefusal(
      applyBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE", moves: preview.moves }, { now: NOW, db: db.prisma }),
      "CONFLICT",
      /n'est plus à jour/,
    );
    expect(await countRows(db.prisma)).toEqual(before);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)("rebalancing on PostgreSQL — racing for the last place", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("lets exactly one of two concurrent moves into a portfolio with one free place succeed", async () => {
    for (let round = 0; round < 5; round += 1) {
      const w = await world(db.prisma, { alice: 150, bruno: 2, chloe: 150 });
      await makeFollowed(db.prisma, w.pBruno);
      const fromAlice = await makeFollowed(db.prisma, w.pAlice);
      const fromChloe = await makeFollowed(db.prisma, w.pChloe);
      const results = await Promise.allSettled([
        moveSeekers(w.manager, { seekerIds: [fromAlice.id], toPortfolioId: w.pBruno.id }, { now: NOW, db: db.prisma }),
        moveSeekers(w.admin, { seekerIds: [fromChloe.id], toPortfolioId: w.pBruno.id }, { now: NOW, db: db.prisma }),
      ]);
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(DomainError);
      expect((refused[0]!.reason as DomainError).code).toBe("CAPACITY");
      expect(await db.prisma.seeker.count({ where: { portfolioId: w.pBruno.id } })).toBe(2);
      expect(await db.prisma.assignment.count({ where: { portfolioId: w.pBruno.id, endedAt: null } })).toBe(2);
    }
  });
});

describe("rebalancing through the server actions", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  const actionsAs = (actor: Actor | null) =>
    rebalanceActionsAs(
      async () => actor,
      () => NOW,
    );

  it("moves for a manager, refuses an advisor, a stranger manager, a forged key and an over-cap move without reason", async () => {
    const w = await world(db.prisma, { alice: 150, bruno: 1, chloe: 150 });
    const seeker = await makeFollowed(db.prisma, w.pAlice);
    const second = await makeFollowed(db.prisma, w.pAlice);
    const before = await countRows(db.prisma);

    expect(await actionsAs(null).moveSeekers({ seekerIds: [seeker.id], toPortfolioId: w.pBruno.id })).toEqual({
      ok: false,
      error: expect.stringMatching(/connecté/),
      code: "UNAUTHENTICATED",
    });
    expect(await actionsAs(w.alice).moveSeekers({ seekerIds: [seeker.id], toPortfolioId: w.pBruno.id })).toEqual({
      ok: false,
      error: expect.stringMatching(/pas accès/),
      code: "FORBIDDEN",
    });
    const denial = await db.prisma.auditEvent.findFirst({ where: { action: "authorization.denied", actorId: w.alice.id } });
    expect(denial?.metadata).toEqual({ operation: "portfolio.moveSeekers" });
    const forged = await actionsAs(w.manager).moveSeekers({ seekerIds: [seeker.id], toPortfolioId: w.pBruno.id, agencyId: w.other.id });
    expect(forged.ok).toBe(false);
    expect(forged.ok ? null : forged.fieldErrors?._?.[0]).toMatch(/inconnu/);
    const stranger = await actionsAs(w.otherManager).moveSeekers({ seekerIds: [seeker.id], toPortfolioId: w.pBruno.id });
    expect(stranger).toEqual({ ok: false, error: "Portefeuille cible introuvable.", code: "NOT_FOUND" });
    const overCap = await actionsAs(w.manager).moveSeekers({ seekerIds: [seeker.id, second.id], toPortfolioId: w.pBruno.id });
    expect(overCap.ok).toBe(false);
    expect(overCap.ok ? null : overCap.details).toMatchObject({ load: 0, cap: 1, incoming: 2 });
    expect(await countRows(db.prisma)).toEqual({ ...before, AuditEvent: before.AuditEvent! + 1 });

    const moved = await actionsAs(w.manager).moveSeekers({ seekerIds: [seeker.id], toPortfolioId: w.pBruno.id });
    expect(moved).toEqual({ ok: true, data: { moved: 1, appointmentsFollowed: 0, appointmentsReplanned: 0, replanned: [] } });
    expect((await db.prisma.seeker.findUniqueOrThrow({ where: { id: seeker.id } })).portfolioId).toBe(w.pBruno.id);
  });

  it("applies a previewed balance for the agency's manager and refuses it for another agency's manager", async () => {
    const w = await world(db.prisma);
    for (let i = 0; i < 4; i += 1) await makeFollowed(db.prisma, w.pAlice);
    const preview = await proposeBalance(w.manager, { agencyId: w.agency.id, modality: "GUIDE" }, { now: NOW, db: db.prisma });
    const moves = preview.moves.map(({ seekerId, fromPortfolioId, toPortfolioId }) => ({ seekerId, fromPortfolioId, toPortfolioId }));
    expect(moves.length).toBeGreaterThan(0);
    const refused = await actionsAs(w.otherManager).applyBalance({ agencyId: w.agency.id, modality: "GUIDE", moves });
    expect(refused).toEqual({ ok: false, error: "Agence introuvable.", code: "NOT_FOUND" });
    const applied = await actionsAs(w.manager).applyBalance({ agencyId: w.agency.id, modality: "GUIDE", moves });
    expect(applied).toEqual({ ok: true, data: { moved: moves.length, appointmentsFollowed: 0, appointmentsReplanned: 0, replanned: [] } });
    const loads = await db.prisma.seeker.groupBy({ by: ["portfolioId"], where: { agencyId: w.agency.id }, _count: { _all: true } });
    expect(Object.fromEntries(loads.map((l) => [l.portfolioId, l._count._all]))).toEqual(
      Object.fromEntries(preview.after.filter((p) => p.load > 0).map((p) => [p.portfolioId, p.load])),
    );
  });
});
