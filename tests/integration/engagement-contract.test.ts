/**
 * The contrat d'engagement (issue 20, docs/rules.md#contrat-dengagement): each save appends a full revision (history
 * kept), signature rules, the weekly activity's reason, the intensity from the orientation, who may write it (the
 * advisor in charge, the agency's manager; never a colleague's seeker, another agency, a 2014 agency, another
 * organisme référent, a proposal waiting for the département), race-safe numbering, and the file's contract view.
 */
import { describe, expect, it } from "vitest";
import type { DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { DomainError } from "@/server/errors";
import {
  CONTRACT_NOT_ORIENTED_MESSAGE,
  CONTRACT_OFFER_2014_MESSAGE,
  CONTRACT_PENDING_DEPARTEMENT_MESSAGE,
  CONTRACT_STALE_MESSAGE,
  saveEngagementContract,
} from "@/server/use-cases/engagement-contract";
import { orientSeeker2025, recordDepartementDecision } from "@/server/use-cases/orient-2025";
import { seekerContract } from "@/server/queries/engagement-contract";
import { tableCounts, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makePortfolio, makeSeeker, makeUser } from "../support/factories";

// A Monday morning in Gap (05, Europe/Paris); the contract is due a month after the orientation.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const LATER = new Date("2026-03-20T09:00:00.000Z");
const DEPARTEMENT = "05";
const EMPLOI: DiagnosticAnswers = { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: true };
/** P = 8: intensive support. */
const INTENSIVE: DiagnosticAnswers = {
  project: 2,
  skills: 2,
  jobSearch: 2,
  digital: 1,
  basicSkills: 0,
  monthsWithoutWork: 12,
  barriers: {},
  webVolunteer: false,
};
const ADULT = "1980-06-15";
const YOUNG = "2004-09-01";
const TABLES = ["EngagementContract", "AuditEvent"];

const PLAN = {
  objectives: ["Retrouver un emploi de cariste"],
  actions: [{ label: "Passer le CACES 3", dueOn: "2026-04-15", status: "A_FAIRE" }],
};
const contract = (seekerId: string, patch: Record<string, unknown> = {}) => ({
  seekerId,
  plan: PLAN,
  weeklyHours: 15,
  seekerCommitments: "Participer aux ateliers, répondre aux convocations.",
  advisorCommitments: "Un entretien par mois, une offre par semaine.",
  ...patch,
});

async function world(db: PrismaClient, offer: "OFFRE_2014" | "OFFRE_2025" = "OFFRE_2025") {
  const agency = await makeAgency(db, { code: `GAP-${offer}`, name: "Gap", departement: DEPARTEMENT, address: "1 rue de la Paix", offer });
  const other = await makeAgency(db, { code: `BRI-${offer}`, name: "Briançon", departement: DEPARTEMENT, address: "2 rue du Col", offer: "OFFRE_2025" });
  const advisor = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const colleague = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  const stranger = await makeUser(db, other.id, "ADVISOR", "Chloé", "Petit");
  const manager = await makeUser(db, agency.id, "MANAGER", "Hélène", "Lemarchand");
  const admin = await makeUser(db, null, "ADMIN", "Ada", "Min");
  const own = await makePortfolio(db, agency.id, advisor.id, "GUIDE");
  const colleagues = await makePortfolio(db, agency.id, colleague.id, "GUIDE");
  const followed = await makeSeeker(db, agency.id, { birthDate: ADULT, portfolio: own, assignment: {} });
  const young = await makeSeeker(db, agency.id, { birthDate: YOUNG, portfolio: own, assignment: {} });
  const colleagueSeeker = await makeSeeker(db, agency.id, { birthDate: ADULT, portfolio: colleagues, assignment: {} });
  const awaiting = await makeSeeker(db, agency.id, { birthDate: ADULT });
  return { agency, other, advisor, colleague, stranger, manager, admin, followed, young, colleagueSeeker, awaiting };
}

async function refused(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const dayOf = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

describe("saveEngagementContract", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const at = (now: Date) => ({ now, db: db.prisma });
  const orient = (actor: Parameters<typeof orientSeeker2025>[0], seekerId: string, answers = EMPLOI, now = NOW, rsa = false) =>
    orientSeeker2025(actor, { seekerId, answers, situation: { rsa, rqth: false } }, at(now));

  it("appends a draft then a signed revision: history kept, intensity from the orientation, 15 h without reason, journaled without texts", async () => {
    const w = await world(db.prisma);
    const orientation = await orient(w.advisor, w.followed.id, INTENSIVE);
    const draft = await saveEngagementContract(w.advisor, contract(w.followed.id, { baseRevision: null, seekerCommitments: "" }), at(NOW));
    expect(draft).toMatchObject({ revision: 1, signedOn: null, dueOn: "2026-04-02", status: "PENDING" });
    const signed = await saveEngagementContract(w.advisor, contract(w.followed.id, { baseRevision: 1, signedOn: "2026-03-20" }), at(LATER));
    expect(signed).toMatchObject({ revision: 2, signedOn: "2026-03-20", status: "SIGNED" });

    const rows = await db.prisma.engagementContract.findMany({ where: { seekerId: w.followed.id }, orderBy: { revision: "asc" } });
    expect(rows.map((r) => [r.revision, dayOf(r.signedOn), r.intensity, r.weeklyHalfHours, r.weeklyHoursReason, r.orientationId])).toEqual([
      [1, null, "INTENSIF", 30, null, orientation.orientationId],
      [2, "2026-03-20", "INTENSIF", 30, null, orientation.orientationId],
    ]);
    expect(rows[0]!.seekerCommitments).toBe("");
    expect(rows[1]!.plan).toEqual(PLAN);
    const audits = await db.prisma.auditEvent.findMany({ where: { action: "contract.saved" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.metadata)).toEqual([
      expect.objectContaining({ revision: 1, signedOn: null, intensity: "INTENSIF", weeklyHalfHours: 30, objectiveCount: 1, actionCount: 1 }),
      expect.objectContaining({ revision: 2, signedOn: "2026-03-20" }),
    ]);
    expect(JSON.stringify(audits.map((a) => a.metadata))).not.toMatch(/cariste|CACES|ateliers|entretien/);

    const view = await seekerContract(w.advisor, w.followed.id, { now: LATER });
    expect(view).toMatchObject({ kind: "OPEN", mayEdit: true, intensity: "INTENSIF", notifiedOn: "2026-03-02" });
    if (view?.kind !== "OPEN") throw new Error("open");
    expect(view.obligation).toMatchObject({ status: "SIGNED", signedOn: "2026-03-20", dueOn: "2026-04-02", label: "Signé" });
    expect(view.revisions.map((r) => [r.revision, r.signedOn, r.authorName])).toEqual([
      [2, "2026-03-20", "Alice Bernard"],
      [1, null, "Alice Bernard"],
    ]);
  });

  it("refuses a signature in the future, before the notification, or without both sides' commitments — nothing written", async () => {
    const w = await world(db.prisma);
    await orient(w.advisor, w.followed.id);
    const before = await tableCounts(db.prisma, TABLES);
    for (const [patch, message] of [
      [{ signedOn: "2026-03-03" }, /futur/],
      [{ signedOn: "2026-03-01" }, /précéder la notification/],
      [{ signedOn: "2026-03-02", advisorCommitments: "  " }, /engagements de la personne et ceux de France Travail/],
      [{ signedOn: "2026-02-30" }, /Date de signature invalide/],
    ] as const) {
      const error = await refused(saveEngagementContract(w.advisor, contract(w.followed.id, patch), at(NOW)));
      expect(error.code).toBe("INVALID");
      expect(error.message).toMatch(message);
    }
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
  });

  it("weekly activity: another value than 15 h needs a written reason; half hours only; 35 h at most", async () => {
    const w = await world(db.prisma);
    await orient(w.advisor, w.followed.id);
    expect((await refused(saveEngagementContract(w.advisor, contract(w.followed.id, { weeklyHours: 12.5 }), at(NOW)))).message).toMatch(/justification écrite/);
    expect(
      (await refused(saveEngagementContract(w.advisor, contract(w.followed.id, { weeklyHours: 12.3, weeklyHoursReason: "Garde" }), at(NOW)))).message,
    ).toMatch(/demi-heure/);
    expect(
      (await refused(saveEngagementContract(w.advisor, contract(w.followed.id, { weeklyHours: 35.5, weeklyHoursReason: "Trop" }), at(NOW)))).message,
    ).toMatch(/35 heures/);
    expect(await db.prisma.engagementContract.count()).toBe(0);
    await saveEngagementContract(w.advisor, contract(w.followed.id, { weeklyHours: 12.5, weeklyHoursReason: "Garde de ses enfants le mercredi" }), at(NOW));
    // 15 h with a reason: the reason is not kept (none is needed).
    await saveEngagementContract(w.advisor, contract(w.followed.id, { weeklyHours: 15, weeklyHoursReason: "Sans objet" }), at(NOW));
    const rows = await db.prisma.engagementContract.findMany({ orderBy: { revision: "asc" }, select: { weeklyHalfHours: true, weeklyHoursReason: true } });
    expect(rows).toEqual([
      { weeklyHalfHours: 25, weeklyHoursReason: "Garde de ses enfants le mercredi" },
      { weeklyHalfHours: 30, weeklyHoursReason: null },
    ]);
  });

  it("refuses a 2014 agency, no orientation, a proposal waiting for the département, another organisme référent", async () => {
    const w14 = await world(db.prisma, "OFFRE_2014");
    const e14 = await refused(saveEngagementContract(w14.advisor, contract(w14.followed.id), at(NOW)));
    expect([e14.code, e14.message]).toEqual(["CONFLICT", CONTRACT_OFFER_2014_MESSAGE]);

    const w = await world(db.prisma, "OFFRE_2025");
    expect((await refused(saveEngagementContract(w.advisor, contract(w.followed.id), at(NOW)))).message).toBe(CONTRACT_NOT_ORIENTED_MESSAGE);

    await orient(w.advisor, w.followed.id, EMPLOI, NOW, true);
    expect((await refused(saveEngagementContract(w.advisor, contract(w.followed.id), at(NOW)))).message).toBe(CONTRACT_PENDING_DEPARTEMENT_MESSAGE);
    // Decided by the département for France Travail: the contract is open, due a month after the decision's date.
    await recordDepartementDecision(w.advisor, { seekerId: w.followed.id, parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", decidedOn: "2026-03-10" }, at(LATER));
    expect(await saveEngagementContract(w.advisor, contract(w.followed.id), at(LATER))).toMatchObject({ revision: 1, dueOn: "2026-04-10", status: "PENDING" });
    const e9 = await refused(saveEngagementContract(w.advisor, contract(w.followed.id, { signedOn: "2026-03-09" }), at(LATER)));
    expect(e9.message).toMatch(/précéder la notification/);

    // Under 26: the Mission locale follows the person (file handed over); even the manager cannot write a contract.
    await orient(w.advisor, w.young.id);
    const ml = await refused(saveEngagementContract(w.manager, contract(w.young.id), at(NOW)));
    expect([ml.code, ml.message]).toEqual(["CONFLICT", expect.stringMatching(/autre organisme référent \(Mission locale\)/)]);
    expect(await db.prisma.engagementContract.count({ where: { seekerId: w.young.id } })).toBe(0);
  });

  it("only the advisor in charge (or the agency's queue) and the agency's manager; never a colleague's seeker, another agency, an administrator", async () => {
    const w = await world(db.prisma);
    await orient(w.colleague, w.colleagueSeeker.id);
    await orient(w.advisor, w.awaiting.id);
    for (const actor of [w.advisor, w.stranger]) {
      const error = await refused(saveEngagementContract(actor, contract(w.colleagueSeeker.id), at(NOW)));
      expect(error.code).toBe("NOT_FOUND");
    }
    expect((await refused(saveEngagementContract(w.admin, contract(w.colleagueSeeker.id), at(NOW)))).code).toBe("FORBIDDEN");
    expect(await db.prisma.engagementContract.count()).toBe(0);
    expect(await saveEngagementContract(w.manager, contract(w.colleagueSeeker.id), at(NOW))).toMatchObject({ revision: 1 });
    expect(await saveEngagementContract(w.colleague, contract(w.colleagueSeeker.id), at(NOW))).toMatchObject({ revision: 2 });
    // Oriented from the queue and not placed yet: the advisors of the agency may write it.
    expect(await saveEngagementContract(w.advisor, contract(w.awaiting.id), at(NOW))).toMatchObject({ revision: 1 });
    // A colleague's file is not visible to the advisor at all; the administrator reads it, never writes.
    expect(await seekerContract(w.advisor, w.colleagueSeeker.id, { now: NOW })).toBeNull();
    expect(await seekerContract(w.admin, w.colleagueSeeker.id, { now: NOW })).toMatchObject({ kind: "OPEN", mayEdit: false });
  });

  it("the database backs the limits: the plan is an object, the texts 2000 characters at most", async () => {
    const w = await world(db.prisma);
    const { orientationId } = await orient(w.advisor, w.followed.id);
    const row = (revision: number, patch: Record<string, unknown>) =>
      db.prisma.engagementContract.create({
        data: {
          agencyId: w.agency.id,
          seekerId: w.followed.id,
          orientationId,
          revision,
          plan: PLAN,
          seekerCommitments: "",
          advisorCommitments: "",
          authorId: w.advisor.id,
          ...patch,
        },
      });
    await expect(row(1, { plan: ["objectif"] })).rejects.toThrow(/EngagementContract_plan_object/);
    await expect(row(1, { seekerCommitments: "x".repeat(2001) })).rejects.toThrow(/EngagementContract_commitments_length/);
    await expect(row(1, { weeklyHalfHours: 20, weeklyHoursReason: "x".repeat(2001) })).rejects.toThrow(/EngagementContract_weekly_hours_reason_length/);
    expect((await row(1, { advisorCommitments: "x".repeat(2000) })).revision).toBe(1);
  });

  it("numbers concurrent saves one after the other and refuses an editor opened on an older revision", async () => {
    const w = await world(db.prisma);
    await orient(w.advisor, w.followed.id);
    const results = await Promise.all([1, 2, 3].map(() => saveEngagementContract(w.advisor, contract(w.followed.id), at(NOW))));
    expect(results.map((r) => r.revision).sort()).toEqual([1, 2, 3]);
    const stale = await refused(saveEngagementContract(w.advisor, contract(w.followed.id, { baseRevision: 2 }), at(NOW)));
    expect([stale.code, stale.message]).toEqual(["CONFLICT", CONTRACT_STALE_MESSAGE]);
    expect(await db.prisma.engagementContract.count()).toBe(3);
  });

  it("a new orientation restarts the obligation: the earlier signature no longer counts, due a month after the new one", async () => {
    const w = await world(db.prisma);
    await orient(w.advisor, w.followed.id);
    await saveEngagementContract(w.advisor, contract(w.followed.id, { signedOn: "2026-03-02" }), at(NOW));
    await orient(w.advisor, w.followed.id, INTENSIVE, LATER);
    const view = await seekerContract(w.advisor, w.followed.id, { now: LATER });
    if (view?.kind !== "OPEN") throw new Error("open");
    expect(view.obligation).toMatchObject({ status: "PENDING", dueOn: "2026-04-20", signedOn: null });
    expect(view.revisions[0]).toMatchObject({ revision: 1, earlierOrientation: true });
    expect(await saveEngagementContract(w.advisor, contract(w.followed.id), at(LATER))).toMatchObject({ revision: 2, status: "PENDING" });
    expect((await db.prisma.engagementContract.findFirstOrThrow({ where: { revision: 2 } })).intensity).toBe("INTENSIF");
  });
});
