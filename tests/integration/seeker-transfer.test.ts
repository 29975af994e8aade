/**
 * A file moves to another agency (issue 17, docs/rules.md#exits-reopening-and-transfers): the old portfolio place is
 * freed, the appointments still to come cancelled (the seeker told), the file enters the receiving agency's queue with
 * its history; the receiving advisor's confirmation books the remaining reviews in the new territory's calendar and
 * time zone (Rouen → Saint-Denis de La Réunion: another holiday, another zone).
 */
import { describe, expect, it } from "vitest";
import { isWorkingDay, localDateOf, toLocalParts, timeZoneOf } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { transferSeekerInTransaction } from "@/server/use-cases/seeker-transfer";
import { confirmDiagnosticActionsAs } from "../support/acting";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makePortfolio, makeSeeker, makeUser, RENFORCE_ANSWERS } from "../support/factories";

// Registered on Monday 20 September 2027: the M4 window opens on Monday 20 December 2027, a working day in Rouen and
// the « Fête de l'abolition de l'esclavage » in La Réunion.
const REGISTERED = "2027-09-20";
const CONFIRMED_IN_ROUEN = new Date("2027-10-01T08:00:00.000Z");
const TRANSFERRED = new Date("2027-11-02T08:00:00.000Z");
const CONFIRMED_IN_REUNION = new Date("2027-11-15T06:00:00.000Z");
const REUNION = timeZoneOf("974");
const PARIS = timeZoneOf("76");

const confirmAs = (actor: Actor, now: Date) =>
  confirmDiagnosticActionsAs(
    async () => actor,
    () => now,
  ).confirmDiagnostic;

async function world(db: PrismaClient) {
  const rouen = await makeAgency(db, { name: "Rouen Rive Gauche", departement: "76", address: "27 avenue de Bretagne, 76100 Rouen" });
  const reunion = await makeAgency(db, { name: "Saint-Denis", departement: "974", address: "1 rue de Paris, 97400 Saint-Denis" });
  const alice = await makeUser(db, rouen.id, "ADVISOR", "Alice", "Bernard");
  const rouenManager = await makeUser(db, rouen.id, "MANAGER", "Hélène", "Lemarchand");
  const denis = await makeUser(db, reunion.id, "ADVISOR", "Denis", "Payet");
  const aliceRenforce = await makePortfolio(db, rouen.id, alice.id, "RENFORCE");
  const denisRenforce = await makePortfolio(db, reunion.id, denis.id, "RENFORCE");
  const seeker = await makeSeeker(db, rouen.id, {
    firstName: "Inès",
    lastName: "Dupuis",
    commune: "Rouen",
    postalCode: "76000",
    registrationDate: REGISTERED,
    email: "ines.dupuis@exemple.test",
  });
  return { rouen, reunion, alice, rouenManager, denis, aliceRenforce, denisRenforce, seeker };
}

describe("transfer to another agency", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("Rouen → La Réunion: the place is freed, the future cancelled, the history kept; the reviews re-planned in Réunion's calendar and time zone", async () => {
    const w = await world(db.prisma);
    const first = await confirmAs(w.alice, CONFIRMED_IN_ROUEN)({ seekerId: w.seeker.id, answers: RENFORCE_ANSWERS, decidedModality: "RENFORCE" });
    expect(first).toMatchObject({ ok: true });
    const rouenM4 = await db.prisma.appointment.findFirstOrThrow({ where: { seekerId: w.seeker.id, kind: "REVIEW_M4" } });
    // In Rouen, the M4 falls on 20 December 2027 (a working day there).
    expect(localDateOf(rouenM4.startsAt.toISOString(), PARIS)).toBe("2027-12-20");
    const futureBefore = await db.prisma.appointment.count({ where: { seekerId: w.seeker.id, status: "SCHEDULED", startsAt: { gt: TRANSFERRED } } });
    expect(futureBefore).toBeGreaterThan(1);

    await db.prisma.$transaction((tx) =>
      transferSeekerInTransaction(tx, {
        seekerId: w.seeker.id,
        toAgencyId: w.reunion.id,
        actor: { userId: w.rouenManager.id, role: "MANAGER" },
        importId: null,
        today: "2027-11-02",
        address: { address: "5 rue de la Compagnie", postalCode: "97400", commune: "Saint-Denis" },
        now: TRANSFERRED,
      }),
    );

    const moved = await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } });
    expect(moved).toMatchObject({
      agencyId: w.reunion.id,
      status: "AWAITING_DIAGNOSTIC",
      portfolioId: null,
      modality: null,
      address: "5 rue de la Compagnie",
      postalCode: "97400",
      commune: "Saint-Denis",
    });
    expect(moved.queuedOn?.toISOString().slice(0, 10)).toBe("2027-11-02");
    // The place is freed; the assignment history stays.
    expect(await db.prisma.assignment.count({ where: { seekerId: w.seeker.id, endedAt: null } })).toBe(0);
    expect(await db.prisma.assignment.count({ where: { seekerId: w.seeker.id } })).toBe(1);
    expect(await db.prisma.seeker.count({ where: { portfolioId: w.aliceRenforce.id } })).toBe(0);
    // Every appointment still to come is cancelled, and the seeker told by the old agency.
    expect(await db.prisma.appointment.count({ where: { seekerId: w.seeker.id, status: "SCHEDULED" } })).toBe(0);
    const notices = await db.prisma.outboxMessage.findMany({ where: { seekerId: w.seeker.id, kind: "CHANGE" } });
    expect(notices.length).toBe(futureBefore);
    expect(notices.every((n) => n.agencyId === w.rouen.id && n.ics?.includes("STATUS:CANCELLED"))).toBe(true);
    // Both agencies' histories and journals.
    const events = await db.prisma.seekerLifeEvent.findMany({ where: { seekerId: w.seeker.id }, orderBy: { kind: "asc" } });
    expect(events.map((e) => [e.kind, e.agencyId, e.otherAgencyId])).toEqual(
      expect.arrayContaining([
        ["TRANSFER_OUT", w.rouen.id, w.reunion.id],
        ["TRANSFER_IN", w.reunion.id, w.rouen.id],
      ]),
    );
    const journal = await db.prisma.auditEvent.findMany({ where: { seekerId: w.seeker.id, action: { startsWith: "seeker.transferred_" } } });
    expect(journal.map((e) => [e.action, e.agencyId, e.actorId]).sort()).toEqual(
      [
        ["seeker.transferred_in", w.reunion.id, w.rouenManager.id],
        ["seeker.transferred_out", w.rouen.id, w.rouenManager.id],
      ].sort(),
    );

    // The Réunion advisor confirms: the M4 moves past the Réunion holiday, at Réunion's local hours.
    const second = await confirmAs(w.denis, CONFIRMED_IN_REUNION)({ seekerId: w.seeker.id, answers: RENFORCE_ANSWERS, decidedModality: "RENFORCE" });
    expect(second).toMatchObject({ ok: true, data: { portfolioId: w.denisRenforce.id } });
    const reviews = await db.prisma.appointment.findMany({
      where: { seekerId: w.seeker.id, kind: { in: ["REVIEW_M4", "REVIEW_M9"] }, status: "SCHEDULED" },
      orderBy: { startsAt: "asc" },
    });
    expect(reviews.map((r) => r.kind)).toEqual(["REVIEW_M4", "REVIEW_M9"]);
    for (const review of reviews) {
      expect(review.agencyId).toBe(w.reunion.id);
      expect(review.advisorId).toBe(w.denis.id);
      const local = toLocalParts(review.startsAt.toISOString(), REUNION);
      expect(isWorkingDay(local.date, "974")).toBe(true);
      expect(local.time >= "13:30" && local.time < "16:30").toBe(true);
    }
    expect(toLocalParts(reviews[0]!.startsAt.toISOString(), REUNION)).toEqual({ date: "2027-12-21", time: "13:30" });
    // Both diagnostics remain, read by seeker.
    expect(await db.prisma.diagnostic.count({ where: { seekerId: w.seeker.id } })).toBe(2);
  });

  it("refuses the same agency, a closed file and an unknown agency, writing nothing", async () => {
    const w = await world(db.prisma);
    const base = { seekerId: w.seeker.id, actor: { userId: null, role: null }, importId: null, today: "2027-11-02", now: TRANSFERRED };
    await expect(db.prisma.$transaction((tx) => transferSeekerInTransaction(tx, { ...base, toAgencyId: w.rouen.id }))).rejects.toThrow(/déjà suivi/);
    await expect(
      db.prisma.$transaction((tx) => transferSeekerInTransaction(tx, { ...base, toAgencyId: "00000000-0000-4000-8000-000000000000" })),
    ).rejects.toThrow(/introuvable/);
    await db.prisma.seeker.update({ where: { id: w.seeker.id }, data: { status: "CLOSED", closedAt: TRANSFERRED, exitReason: "RADIATION" } });
    await expect(db.prisma.$transaction((tx) => transferSeekerInTransaction(tx, { ...base, toAgencyId: w.reunion.id }))).rejects.toThrow(/rouvrez/);
    expect(await db.prisma.seekerLifeEvent.count()).toBe(0);
    expect((await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } })).agencyId).toBe(w.rouen.id);
  });
});
