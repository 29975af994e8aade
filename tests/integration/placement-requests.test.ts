/**
 * Placement beyond the caps (issue 15, docs/rules.md#placement-beyond-the-caps): an advisor facing full portfolios
 * everywhere sends the file to the managers, who place the seeker beyond the cap with a written reason through the
 * confirmation's own steps, or decline; the advisor reads the answer. Before this, the refusal promised a manager
 * could force the placement and nothing let them.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { actingAs } from "@/server/context";
import { agencyOverview } from "@/server/queries/agency-dashboard";
import { caseloadQuerySchema, caseloadView } from "@/server/queries/caseload";
import { pendingPlacements } from "@/server/queries/placement-requests";
import { triageContext } from "@/server/queries/triage";
import { confirmDiagnosticActionsAs, placementActionsAs } from "../support/acting";
import { tableCounts, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeGapTeam, makePortfolio, makeSeeker, makeUser, RENFORCE_ANSWERS } from "../support/factories";

// A Monday morning in Gap; the seekers registered on 20 February 2026.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const REASON = "Suivie par Alice depuis sa première inscription, en lien avec l'employeur";
const TABLES = ["Seeker", "Diagnostic", "Assignment", "Appointment", "PlacementRequest", "Portfolio"];

const clock = () => NOW;
const as = (actor: Actor) => async () => actor;
const placements = (actor: Actor) => placementActionsAs(as(actor), clock);
const confirm = (actor: Actor) => confirmDiagnosticActionsAs(as(actor), clock).confirmDiagnostic;
const confirmation = (seekerId: string) => ({ seekerId, answers: RENFORCE_ANSWERS, decidedModality: "RENFORCE" as const });

/** Gap: Alice and Bruno each hold a renforcé portfolio of 1, full; Chloé has none; a seeker waits for a diagnostic. */
async function world(db: PrismaClient, brunoCap = 1) {
  const { agency, alice, bruno, chloe, manager, otherManager } = await makeGapTeam(db);
  const aliceRenforce = await makePortfolio(db, agency.id, alice.id, "RENFORCE", 1);
  const brunoRenforce = await makePortfolio(db, agency.id, bruno.id, "RENFORCE", brunoCap);
  await makeSeeker(db, agency.id, { portfolio: aliceRenforce });
  await makeSeeker(db, agency.id, { portfolio: brunoRenforce });
  const seeker = await makeSeeker(db, agency.id, { firstName: "Inès", lastName: "Dupuis" });
  return { agency, alice, bruno, chloe, manager, otherManager, aliceRenforce, brunoRenforce, seeker };
}

describe("placement beyond the caps", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("an advisor facing full portfolios everywhere sends the file; a manager places the seeker beyond the cap with a reason", async () => {
    const w = await world(db.prisma);
    const refused = await confirm(w.alice)(confirmation(w.seeker.id));
    expect(refused).toMatchObject({ ok: false, code: "CAPACITY", details: { alternatives: [] } });
    expect(!refused.ok && refused.error).toContain("envoyer le dossier à la direction");

    const sent = await placements(w.alice).requestPlacement({ confirmation: confirmation(w.seeker.id), note: "Personne très fragile, à voir vite." });
    expect(sent).toMatchObject({ ok: true, data: { decidedModality: "RENFORCE" } });
    // Nothing placed yet; the file waits, and a second request is refused.
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } })).toMatchObject({ status: "AWAITING_DIAGNOSTIC", portfolioId: null });
    const again = await placements(w.alice).requestPlacement({ confirmation: confirmation(w.seeker.id) });
    expect(again).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(!again.ok && again.error).toContain("attend déjà");

    // The agency's queue says the file waits for the managers.
    const queue = (await caseloadView(w.alice, caseloadQuerySchema.parse({ vue: "file" }), NOW)).queue;
    expect(queue.find((row) => row.id === w.seeker.id)?.sentToManagers).toBe(true);
    const listed = await actingAs(w.manager, () => pendingPlacements(w.manager, w.agency.id, NOW));
    expect(listed?.total).toBe(1);
    expect((await agencyOverview(w.manager, w.agency.id, { now: NOW }))?.dashboard.pendingPlacements).toBe(1);
    const request = listed!.requests[0]!;
    expect(request).toMatchObject({ decidedModality: "RENFORCE", note: "Personne très fragile, à voir vite.", requestedBy: { id: w.alice.id } });
    expect(request.choices.map((c) => [c.name, c.portfolio])).toEqual([
      ["Alice Bernard", { load: 1, cap: 1 }],
      ["Bruno Martin", { load: 1, cap: 1 }],
      ["Chloé Petit", null],
    ]);
    // The managers' list never carries the answers (health here).
    expect(JSON.stringify(listed)).not.toMatch(/HEALTH|MAJOR/);

    const placed = await placements(w.manager).placeBeyondCap({ requestId: request.id, advisorId: w.alice.id, reason: REASON });
    expect(placed).toMatchObject({ ok: true, data: { modality: "RENFORCE", advisorId: w.alice.id, portfolioId: w.aliceRenforce.id } });
    const seeker = await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } });
    expect(seeker).toMatchObject({ status: "FOLLOWED", modality: "RENFORCE", portfolioId: w.aliceRenforce.id });
    expect(await db.prisma.seeker.count({ where: { portfolioId: w.aliceRenforce.id } })).toBe(2);
    const assignment = await db.prisma.assignment.findFirstOrThrow({ where: { seekerId: w.seeker.id, endedAt: null } });
    expect(assignment).toMatchObject({ forced: true, note: REASON, actorId: w.manager.id, reason: "DIAGNOSTIC" });
    // The diagnostic is the advisor's, who held the interview.
    const diagnostic = await db.prisma.diagnostic.findFirstOrThrow({ where: { seekerId: w.seeker.id } });
    expect(diagnostic).toMatchObject({ authorId: w.alice.id, decidedModality: "RENFORCE" });
    expect(await db.prisma.appointment.count({ where: { seekerId: w.seeker.id, kind: { in: ["REVIEW_M4", "REVIEW_M9"] } } })).toBe(2);
    const stored = await db.prisma.placementRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored).toMatchObject({ status: "PLACED", resolvedById: w.manager.id, resolution: REASON, diagnosticId: diagnostic.id, confirmation: null });
    const journal = await db.prisma.auditEvent.findMany({
      where: { seekerId: w.seeker.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, metadata: true },
    });
    expect(journal.map((e) => e.action)).toEqual(expect.arrayContaining(["placement.requested", "placement.granted", "diagnostic.confirmed"]));
    expect(journal.find((e) => e.action === "diagnostic.confirmed")?.metadata).toMatchObject({ forced: true });

    expect((await agencyOverview(w.manager, w.agency.id, { now: NOW }))?.dashboard.pendingPlacements).toBe(0);
    // Resolved: neither placed twice nor declined afterwards.
    const twice = await placements(w.manager).placeBeyondCap({ requestId: request.id, advisorId: w.bruno.id, reason: REASON });
    expect(twice).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("a manager places with a colleague who has no portfolio of the modality yet: it is created, within its cap", async () => {
    const w = await world(db.prisma);
    await placements(w.alice).requestPlacement({ confirmation: confirmation(w.seeker.id) });
    const request = await db.prisma.placementRequest.findFirstOrThrow({ where: { seekerId: w.seeker.id } });
    const placed = await placements(w.manager).placeBeyondCap({ requestId: request.id, advisorId: w.chloe.id, reason: REASON });
    expect(placed).toMatchObject({ ok: true, data: { advisorId: w.chloe.id, portfolioCreated: true } });
    const assignment = await db.prisma.assignment.findFirstOrThrow({ where: { seekerId: w.seeker.id, endedAt: null } });
    expect(assignment).toMatchObject({ forced: false, note: null });
  });

  it("refuses to send a file while a portfolio of the modality has room, or when the advisor has none yet (nothing written)", async () => {
    const w = await world(db.prisma, 2);
    const before = await tableCounts(db.prisma, TABLES);
    const roomWithBruno = await placements(w.alice).requestPlacement({ confirmation: confirmation(w.seeker.id) });
    expect(roomWithBruno).toMatchObject({ ok: false, code: "CONFLICT", details: { alternatives: [{ advisorId: w.bruno.id, room: 1 }] } });
    expect(!roomWithBruno.ok && roomWithBruno.error).toContain("Bruno Martin (1)");
    const chloeHasNone = await placements(w.chloe).requestPlacement({ confirmation: confirmation(w.seeker.id) });
    expect(chloeHasNone).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(!chloeHasNone.ok && chloeHasNone.error).toContain("sera créé à la confirmation");
    // The confirmation's own checks apply too: an override needs its justification.
    const unjustified = await placements(w.alice).requestPlacement({ confirmation: { ...confirmation(w.seeker.id), decidedModality: "GUIDE" } });
    expect(unjustified).toMatchObject({ ok: false, code: "INVALID" });
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
  });

  it("only the agency's managers decide; a short reason, another agency or an advisor changes nothing", async () => {
    const w = await world(db.prisma);
    await placements(w.alice).requestPlacement({ confirmation: confirmation(w.seeker.id) });
    const request = await db.prisma.placementRequest.findFirstOrThrow({ where: { seekerId: w.seeker.id } });
    const before = await tableCounts(db.prisma, TABLES);
    expect(await placements(w.alice).placeBeyondCap({ requestId: request.id, advisorId: w.alice.id, reason: REASON })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await placements(w.otherManager).placeBeyondCap({ requestId: request.id, advisorId: w.alice.id, reason: REASON })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await placements(w.otherManager).declinePlacement({ requestId: request.id, reason: REASON })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const short = await placements(w.manager).placeBeyondCap({ requestId: request.id, advisorId: w.alice.id, reason: "   ok   " });
    expect(short).toMatchObject({ ok: false, code: "INVALID" });
    expect(
      !short.ok &&
        Object.values(short.fieldErrors ?? {})
          .flat()
          .join(" "),
    ).toContain("10 caractères au moins");
    // An advisor of another agency is no target.
    const stranger = await makeUser(db.prisma, (await db.prisma.agency.findFirstOrThrow({ where: { code: "BRI" } })).id, "ADVISOR", "Sam", "Loin");
    expect(await placements(w.manager).placeBeyondCap({ requestId: request.id, advisorId: stranger.id, reason: REASON })).toMatchObject({
      ok: false,
      code: "INVALID",
    });
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    expect(await db.prisma.placementRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "PENDING" });
  });

  it("a declined request is read by the advisor on the file, its answers erased; the advisor may then confirm elsewhere", async () => {
    const w = await world(db.prisma);
    await placements(w.alice).requestPlacement({ confirmation: confirmation(w.seeker.id) });
    const request = await db.prisma.placementRequest.findFirstOrThrow({ where: { seekerId: w.seeker.id } });
    const pending = await actingAs(w.alice, () => triageContext(w.alice, w.seeker.id), { now: NOW });
    expect(pending?.placement).toMatchObject({ status: "PENDING", requestedBy: "Alice Bernard", decidedModality: "RENFORCE" });

    const reason = "Le portefeuille de Bruno se libère lundi : placez-la chez lui à ce moment-là.";
    expect(await placements(w.manager).declinePlacement({ requestId: request.id, reason })).toMatchObject({ ok: true });
    expect(await db.prisma.placementRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "DECLINED",
      resolution: reason,
      confirmation: null,
    });
    const declined = await actingAs(w.alice, () => triageContext(w.alice, w.seeker.id), { now: NOW });
    expect(declined?.placement).toMatchObject({ status: "DECLINED", resolvedBy: "Marie Manager", resolution: reason });
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } })).toMatchObject({ status: "AWAITING_DIAGNOSTIC" });
    expect(await placements(w.manager).placeBeyondCap({ requestId: request.id, advisorId: w.alice.id, reason: REASON })).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
  });

  it("a confirmation that finds room after all cancels the pending request", async () => {
    const w = await world(db.prisma);
    await placements(w.alice).requestPlacement({ confirmation: confirmation(w.seeker.id) });
    await db.prisma.portfolio.update({ where: { id: w.brunoRenforce.id }, data: { cap: 2 } });
    const confirmed = await confirm(w.alice)({ ...confirmation(w.seeker.id), targetAdvisorId: w.bruno.id });
    expect(confirmed).toMatchObject({ ok: true, data: { advisorId: w.bruno.id } });
    const request = await db.prisma.placementRequest.findFirstOrThrow({ where: { seekerId: w.seeker.id } });
    expect(request).toMatchObject({ status: "CANCELLED", resolvedById: w.alice.id, confirmation: null });
    expect((await actingAs(w.manager, () => pendingPlacements(w.manager, w.agency.id, NOW)))?.total).toBe(0);
    const context = await actingAs(w.alice, () => triageContext(w.alice, w.seeker.id), { now: NOW });
    expect(context?.placement ?? null).toBeNull();
  });
});
