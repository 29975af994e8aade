/**
 * Contracts due within 7 days or overdue (issue 20, docs/rules.md#contrat-dengagement): the advisor's caseload block
 * and the manager's /agence/contrats list — a month after the latest orientation's notification (France Travail's
 * day, or the département's decision date), the transition deadline for a followed seeker never oriented; signed,
 * pending département, another organisme référent, a colleague's seeker (for the advisor) and a 2014 agency excluded.
 */
import { describe, expect, it } from "vitest";
import type { DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { agencyContractsDue, caseloadContractsDue } from "@/server/queries/contracts-due";
import { saveEngagementContract } from "@/server/use-cases/engagement-contract";
import { orientSeeker2025, recordDepartementDecision } from "@/server/use-cases/orient-2025";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makePortfolio, makeSeeker, makeUser } from "../support/factories";

const EMPLOI: DiagnosticAnswers = { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: true };
const ADULT = "1980-06-15";
/** 09:00 in Paris (winter time) on that day. */
const on = (day: string) => new Date(`${day}T08:00:00.000Z`);
const PLAN = { objectives: ["Retrouver un emploi"], actions: [] };

async function world(db: PrismaClient, offer: "OFFRE_2014" | "OFFRE_2025" = "OFFRE_2025") {
  const agency = await makeAgency(db, { code: `GAP-${offer}`, name: "Gap", departement: "05", address: "1 rue de la Paix", offer });
  const advisor = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const colleague = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  const manager = await makeUser(db, agency.id, "MANAGER", "Hélène", "Lemarchand");
  const own = await makePortfolio(db, agency.id, advisor.id, "GUIDE");
  const colleagues = await makePortfolio(db, agency.id, colleague.id, "GUIDE");
  const seeker = (lastName: string, portfolio = own) => makeSeeker(db, agency.id, { birthDate: ADULT, lastName, portfolio, assignment: {} });
  return { agency, advisor, colleague, manager, own, colleagues, seeker };
}

describe("contracts due within 7 days or overdue", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const orient = (actor: Actor, seekerId: string, day: string, rsa = false) =>
    orientSeeker2025(actor, { seekerId, answers: EMPLOI, situation: { rsa, rqth: false } }, { now: on(day), db: db.prisma });

  it("lists overdue then due soon, a month after the notification; signed, not yet due, pending or handed over left out", async () => {
    const w = await world(db.prisma);
    const overdue = await w.seeker("Aubert");
    const dueSoon = await w.seeker("Blanc");
    const notYet = await w.seeker("Caron");
    const signed = await w.seeker("Dupuis");
    const colleagues = await w.seeker("Etienne", w.colleagues);
    const pending = await w.seeker("Faure");
    const byDepartement = await w.seeker("Garnier");
    const young = await makeSeeker(db.prisma, w.agency.id, { birthDate: "2004-09-01", lastName: "Hardy", portfolio: w.own, assignment: {} });
    await w.seeker("Isnard"); // followed, never oriented: the transition deadline (2027-01-01) is far
    await orient(w.advisor, overdue.id, "2026-02-20");
    await orient(w.advisor, dueSoon.id, "2026-02-28");
    await orient(w.advisor, notYet.id, "2026-03-10");
    await orient(w.advisor, signed.id, "2026-02-20");
    await saveEngagementContract(
      w.advisor,
      { seekerId: signed.id, plan: PLAN, weeklyHours: 15, seekerCommitments: "x", advisorCommitments: "y", signedOn: "2026-03-01" },
      { now: on("2026-03-01"), db: db.prisma },
    );
    await orient(w.colleague, colleagues.id, "2026-02-20");
    await orient(w.advisor, pending.id, "2026-02-01", true);
    await orient(w.advisor, byDepartement.id, "2026-02-01", true);
    await recordDepartementDecision(
      w.manager,
      { seekerId: byDepartement.id, parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", decidedOn: "2026-02-24" },
      { now: on("2026-03-01"), db: db.prisma },
    );
    await orient(w.advisor, young.id, "2026-02-01"); // Mission locale: handed over

    const now = on("2026-03-25");
    const mine = await caseloadContractsDue(w.advisor, { now });
    expect(mine).toMatchObject({ today: "2026-03-25", overdue: 2, dueSoon: 1 });
    expect(mine!.rows.map((r) => [r.lastName, r.dueOn, r.status, r.daysLeft, r.kind])).toEqual([
      [overdue.lastName, "2026-03-20", "OVERDUE", -5, "ORIENTED"],
      [byDepartement.lastName, "2026-03-24", "OVERDUE", -1, "ORIENTED"],
      [dueSoon.lastName, "2026-03-28", "DUE_SOON", 3, "ORIENTED"],
    ]);

    const agency = await agencyContractsDue(w.manager, w.agency.id, { now });
    expect(agency).toMatchObject({ offer2025: true, overdue: 3, dueSoon: 1, total: 4, page: 1, pageCount: 1 });
    expect(agency!.rows.map((r) => [r.lastName, r.advisorName])).toEqual([
      [overdue.lastName, "Alice Bernard"],
      [colleagues.lastName, "Bruno Martin"],
      [byDepartement.lastName, "Alice Bernard"],
      [dueSoon.lastName, "Alice Bernard"],
    ]);
    // The colleague sees their own only; another role or agency nothing.
    expect((await caseloadContractsDue(w.colleague, { now }))!.rows.map((r) => r.lastName)).toEqual([colleagues.lastName]);
    expect(await caseloadContractsDue(w.manager, { now })).toBeNull();
    expect(await agencyContractsDue(w.advisor, w.agency.id, { now })).toBeNull();
    const otherAgency = await makeAgency(db.prisma, { code: "BRI", name: "Briançon", departement: "05", address: "2 rue du Col", offer: "OFFRE_2025" });
    const otherManager = await makeUser(db.prisma, otherAgency.id, "MANAGER");
    expect(await agencyContractsDue(otherManager, w.agency.id, { now })).toBeNull();
  });

  it("a notification on 31 January is due on 28 February (clamped): due soon from the 21st, overdue on 1 March", async () => {
    const w = await world(db.prisma);
    const seeker = await w.seeker("Martin");
    await orient(w.advisor, seeker.id, "2026-01-31");
    expect((await caseloadContractsDue(w.advisor, { now: on("2026-02-20") }))!.rows).toEqual([]);
    expect((await caseloadContractsDue(w.advisor, { now: on("2026-02-21") }))!.rows).toMatchObject([{ dueOn: "2026-02-28", status: "DUE_SOON", daysLeft: 7 }]);
    expect((await caseloadContractsDue(w.advisor, { now: on("2026-02-28") }))!.rows).toMatchObject([{ status: "DUE_SOON", daysLeft: 0 }]);
    expect((await caseloadContractsDue(w.advisor, { now: on("2026-03-01") }))!.rows).toMatchObject([{ status: "OVERDUE", daysLeft: -1 }]);
    // Signed on the due date: no longer listed.
    await saveEngagementContract(
      w.advisor,
      { seekerId: seeker.id, plan: PLAN, weeklyHours: 15, seekerCommitments: "x", advisorCommitments: "y", signedOn: "2026-02-28" },
      { now: on("2026-03-01"), db: db.prisma },
    );
    expect((await caseloadContractsDue(w.advisor, { now: on("2026-03-01") }))!.rows).toEqual([]);
  });

  it("followed seekers never oriented: listed from 7 days before the transition deadline; a 2014 agency lists nothing", async () => {
    const w = await world(db.prisma);
    const unoriented = await w.seeker("Noël");
    const queue = await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT, lastName: "Olivier" }); // awaiting a diagnostic: not followed yet
    expect((await caseloadContractsDue(w.advisor, { now: on("2026-12-24") }))!.rows).toEqual([]);
    expect((await caseloadContractsDue(w.advisor, { now: on("2026-12-25") }))!.rows).toMatchObject([
      { seekerId: unoriented.id, kind: "TRANSITION", dueOn: "2027-01-01", status: "DUE_SOON", daysLeft: 7 },
    ]);
    const late = await agencyContractsDue(w.manager, w.agency.id, { now: on("2027-01-02") });
    expect(late!.rows.map((r) => [r.seekerId, r.status])).toEqual([[unoriented.id, "OVERDUE"]]);
    expect(late!.rows.map((r) => r.seekerId)).not.toContain(queue.id);

    const w14 = await world(db.prisma, "OFFRE_2014");
    await w14.seeker("Perrin");
    expect(await caseloadContractsDue(w14.advisor, { now: on("2027-01-02") })).toBeNull();
    expect(await agencyContractsDue(w14.manager, w14.agency.id, { now: on("2027-01-02") })).toMatchObject({ offer2025: false, rows: [] });
  });
});
