import { describe, expect, it } from "vitest";
import { firstInterviewDueDate, isWorkingDay, slotStartTimes, timeZoneOf, toLocalParts } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import { backlogList } from "@/server/queries/backlog";
import { bookFirstInterviews } from "@/server/use-cases/book-first-interviews";
import { bookAgencyFirstInterviews, formatFirstInterviewSummary, type FirstInterviewBatchCounts } from "@/server/use-cases/first-interviews";
import { firstInterviewActionsAs } from "../support/acting";
import { tableCounts, testServerUrl, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeAppointment, makePortfolio, makeSeeker, makeUser } from "../support/factories";

// Monday 2 March 2026, 09:00 in Gap (Europe/Paris, UTC+1): bookings start on Tuesday 3 March.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const DEPARTEMENT = "05";
const TABLES = ["Seeker", "Appointment", "AuditEvent"];

/** Every booked first interview of the agency: a working day, on the grid of the hours, 60 minutes, no overlap per advisor. */
async function expectWellFormed(db: PrismaClient, agencyId: string) {
  const all = await db.appointment.findMany({ where: { agencyId, status: { not: "CANCELLED" } }, orderBy: { startsAt: "asc" } });
  const initial = all.filter((a) => a.kind === "INITIAL" && a.status === "SCHEDULED");
  for (const a of initial) {
    const { date, time } = toLocalParts(a.startsAt.toISOString(), timeZoneOf(DEPARTEMENT));
    expect(isWorkingDay(date, DEPARTEMENT)).toBe(true);
    expect(slotStartTimes({ start: "13:30", end: "16:30", slotMinutes: 30 }, 60)).toContain(time);
    expect(a.endsAt.getTime() - a.startsAt.getTime()).toBe(60 * 60_000);
  }
  const byAdvisor = new Map<string, typeof all>();
  for (const a of all) byAdvisor.set(a.advisorId, [...(byAdvisor.get(a.advisorId) ?? []), a]);
  for (const list of byAdvisor.values()) for (let i = 1; i < list.length; i += 1) expect(list[i]!.startsAt >= list[i - 1]!.endsAt).toBe(true);
}

async function world(db: PrismaClient) {
  const agency = await makeAgency(db, { code: "GAP", name: "Gap", departement: DEPARTEMENT, address: "x" });
  const other = await makeAgency(db, { code: "BRI", name: "Briançon", departement: DEPARTEMENT, address: "x" });
  const manager = await makeUser(db, agency.id, "MANAGER", "Maud", "Chef");
  const alice = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const bruno = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  await makeUser(db, agency.id, "ADVISOR", "Denise", "Partie", { active: false });
  const outsider = await makeUser(db, other.id, "ADVISOR", "Chloé", "Petit");
  // Bruno: two followed seekers and a first interview already booked (load 3); Alice: nothing (load 0).
  const brunoGuide = await makePortfolio(db, agency.id, bruno.id, "GUIDE");
  await makeSeeker(db, agency.id, { portfolio: brunoGuide, registrationDate: "2025-10-01" });
  await makeSeeker(db, agency.id, { portfolio: brunoGuide, registrationDate: "2025-11-01" });
  const s1 = await makeSeeker(db, agency.id, { registrationDate: "2026-02-10", lastName: "Un" });
  const s2 = await makeSeeker(db, agency.id, { registrationDate: "2026-02-20", lastName: "Deux" });
  const booked = await makeSeeker(db, agency.id, { registrationDate: "2026-02-05", lastName: "Planifié" });
  const missed = await makeSeeker(db, agency.id, { registrationDate: "2026-02-15", lastName: "Absent" });
  const elsewhere = await makeSeeker(db, other.id, { registrationDate: "2026-02-10" });
  await makeSeeker(db, agency.id, { registrationDate: "2026-02-01", status: "CLOSED" });
  const bookedInitial = await makeAppointment(db, {
    agencyId: agency.id,
    seekerId: booked.id,
    advisorId: bruno.id,
    kind: "INITIAL",
    startsAt: "2026-03-03T12:30:00.000Z",
    minutes: 60,
  });
  await makeAppointment(db, {
    agencyId: agency.id,
    seekerId: missed.id,
    advisorId: alice.id,
    kind: "INITIAL",
    status: "NO_SHOW",
    startsAt: "2026-02-27T12:30:00.000Z",
    minutes: 60,
  });
  return { agency, other, manager, alice, bruno, outsider, s1, s2, booked, missed, elsewhere, bookedInitial };
}

describe("bookFirstInterviews — first interviews booked within the deadline", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("books each awaiting seeker without a live first interview, oldest first, with the least loaded advisor, once", async () => {
    const w = await world(db.prisma);
    const result = await bookFirstInterviews(w.manager, { agencyId: w.agency.id }, { now: NOW, db: db.prisma });
    expect(result).toMatchObject({ dryRun: false, awaiting: 4, alreadyBooked: 1, booked: 3, late: 0, unbooked: 0 });
    expect(formatFirstInterviewSummary(result)).toBe("3 premiers entretiens réservés, dont 0 après le délai, 0 à planifier");

    const initial = await db.prisma.appointment.findMany({
      where: { agencyId: w.agency.id, kind: "INITIAL", status: "SCHEDULED", id: { not: w.bookedInitial.id } },
      orderBy: { startsAt: "asc" },
    });
    // Oldest registration first (Un 10/02, Absent 15/02 after its no-show, Deux 20/02), all with Alice (load 0, 1, 2 < 3),
    // back to back on Tuesday afternoon.
    expect(initial.map((a) => [a.seekerId, a.advisorId, a.startsAt.toISOString(), a.channel])).toEqual([
      [w.s1.id, w.alice.id, "2026-03-03T12:30:00.000Z", "AGENCY"],
      [w.missed.id, w.alice.id, "2026-03-03T13:30:00.000Z", "AGENCY"],
      [w.s2.id, w.alice.id, "2026-03-03T14:30:00.000Z", "AGENCY"],
    ]);
    for (const a of initial) {
      const seeker = await db.prisma.seeker.findUniqueOrThrow({ where: { id: a.seekerId } });
      const due = firstInterviewDueDate(seeker.registrationDate.toISOString().slice(0, 10), 28);
      expect(toLocalParts(a.startsAt.toISOString(), "Europe/Paris").date <= due).toBe(true);
    }
    await expectWellFormed(db.prisma, w.agency.id);
    expect(await db.prisma.appointment.count({ where: { seekerId: w.elsewhere.id } })).toBe(0);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "firstInterviews.booked" } });
    expect(audit).toMatchObject({ agencyId: w.agency.id, actorId: w.manager.id, metadata: { booked: 3, late: 0, unbooked: 0 } });

    // Twice: nothing more.
    const before = await tableCounts(db.prisma, TABLES);
    const again = await bookFirstInterviews(w.manager, { agencyId: w.agency.id }, { now: NOW, db: db.prisma });
    expect(again).toMatchObject({ awaiting: 4, alreadyBooked: 4, booked: 0, late: 0, unbooked: 0, lines: [] });
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);

    // The queue counts them.
    const list = (await backlogList(w.manager, w.agency.id, { now: NOW }))!;
    expect(list.booking).toEqual({ booked: 4, bookedLate: 0, unbooked: 0 });
  });

  it("previews exactly what it then books, writing nothing", async () => {
    const w = await world(db.prisma);
    const before = await tableCounts(db.prisma, TABLES);
    const preview = await bookFirstInterviews(w.manager, { agencyId: w.agency.id, dryRun: true }, { now: NOW, db: db.prisma });
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    expect(preview).toMatchObject({ dryRun: true, booked: 3, late: 0, unbooked: 0 });
    // In batches of one seeker, the real run finds the same slots; each committed batch is journaled.
    const journaled: FirstInterviewBatchCounts[] = [];
    const real = await bookAgencyFirstInterviews({
      agencyId: w.agency.id,
      now: NOW,
      db: db.prisma,
      batchSize: 1,
      journal: async (_tx, _agencyId, counts) => {
        journaled.push(counts);
      },
    });
    expect(real.lines).toEqual(preview.lines);
    expect(preview.lines.map((l) => [l.lastName, l.status, l.advisorName])).toEqual([
      ["Un", "BOOKED", "Alice Bernard"],
      ["Absent", "BOOKED", "Alice Bernard"],
      ["Deux", "BOOKED", "Alice Bernard"],
    ]);
    expect(journaled).toEqual(Array.from({ length: 3 }, () => ({ booked: 1, late: 0, unbooked: 0 })));
    // The command line (no journal) writes no audit row.
    expect(await db.prisma.auditEvent.count({ where: { action: "firstInterviews.booked" } })).toBe(0);
  });

  it("books after the deadline only when no advisor has a slot before it, and flags who cannot be booked at all", async () => {
    const agency = await makeAgency(db.prisma, { departement: DEPARTEMENT, firstInterviewDeadlineDays: 5 });
    const alice = await makeUser(db.prisma, agency.id, "ADVISOR", "Alice", "Bernard");
    const portfolio = await makePortfolio(db.prisma, agency.id, alice.id, "GUIDE");
    const followed = await makeSeeker(db.prisma, agency.id, { portfolio, registrationDate: "2025-10-01" });
    // Alice is away from Tuesday 3 to Thursday 19 March (a long busy period): the seeker due on 4 March waits.
    await makeAppointment(db.prisma, {
      agencyId: agency.id,
      seekerId: followed.id,
      advisorId: alice.id,
      startsAt: "2026-03-02T23:00:00.000Z",
      minutes: 17 * 24 * 60,
    });
    const late = await makeSeeker(db.prisma, agency.id, { registrationDate: "2026-02-27", lastName: "Tard" });

    const full = await makeAgency(db.prisma, { departement: DEPARTEMENT, capSuivi: 1, capGuide: 0, capRenforce: 0, capGlobal: 0 });
    const bob = await makeUser(db.prisma, full.id, "ADVISOR", "Bob", "Plein");
    const bobSuivi = await makePortfolio(db.prisma, full.id, bob.id, "SUIVI", 1);
    await makeSeeker(db.prisma, full.id, { portfolio: bobSuivi });
    const stuck = await makeSeeker(db.prisma, full.id, { registrationDate: "2026-02-27", lastName: "Bloqué" });

    const lateResult = await bookAgencyFirstInterviews({ agencyId: agency.id, now: NOW, db: db.prisma });
    expect(lateResult).toMatchObject({ booked: 0, late: 1, unbooked: 0 });
    // Friday 20 March, 13:30 in Gap: the first free slot after the absence.
    expect(lateResult.lines).toEqual([
      {
        seekerId: late.id,
        firstName: "Camille",
        lastName: "Tard",
        registrationDate: "2026-02-27",
        dueDate: "2026-03-04",
        status: "LATE",
        startsAt: "2026-03-20T12:30:00.000Z",
        advisorName: "Alice Bernard",
      },
    ]);
    const manager = await makeUser(db.prisma, agency.id, "MANAGER");
    expect((await backlogList(manager, agency.id, { now: NOW }))!.booking).toEqual({ booked: 0, bookedLate: 1, unbooked: 0 });

    const stuckResult = await bookAgencyFirstInterviews({ agencyId: full.id, now: NOW, db: db.prisma });
    expect(stuckResult).toMatchObject({ booked: 0, late: 0, unbooked: 1 });
    expect(stuckResult.lines).toEqual([expect.objectContaining({ seekerId: stuck.id, status: "UNBOOKED", startsAt: null, advisorName: null })]);
    expect(await db.prisma.appointment.count({ where: { seekerId: stuck.id } })).toBe(0);
    const fullManager = await makeUser(db.prisma, full.id, "MANAGER");
    const list = (await backlogList(fullManager, full.id, { now: NOW }))!;
    expect(list.booking).toEqual({ booked: 0, bookedLate: 0, unbooked: 1 });
    expect(list.rows[0]!.initialAppointment).toBeNull();
  });

  it("is the manager's action on their own agency, refused to others", async () => {
    const w = await world(db.prisma);
    const as = (actor: Actor) =>
      firstInterviewActionsAs(
        async () => actor,
        () => NOW,
      );
    const preview = await as(w.manager).bookFirstInterviews({ agencyId: w.agency.id, dryRun: true });
    expect(preview).toMatchObject({ ok: true, data: { dryRun: true, booked: 3 } });
    const advisorAttempt = await as(w.alice).bookFirstInterviews({ agencyId: w.agency.id });
    expect(advisorAttempt).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const otherManager = await makeUser(db.prisma, w.other.id, "MANAGER");
    expect(await as(otherManager).bookFirstInterviews({ agencyId: w.agency.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await as(w.manager).bookFirstInterviews({ agencyId: w.agency.id, extra: 1 })).toMatchObject({ ok: false, code: "INVALID" });
    await expect(bookFirstInterviews(w.alice, { agencyId: w.agency.id }, { now: NOW, db: db.prisma })).rejects.toBeInstanceOf(DomainError);
    expect(await db.prisma.appointment.count({ where: { kind: "INITIAL" } })).toBe(2);
  });
});

describe.runIf(testServerUrl)("bookFirstInterviews on PostgreSQL — two runs at once", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh), { install: false });

  it("books each seeker once and never two interviews of one advisor at the same time", async () => {
    const w = await world(db.prisma);
    const results = await Promise.all([
      bookAgencyFirstInterviews({ agencyId: w.agency.id, now: NOW, db: db.prisma, batchSize: 1 }),
      bookAgencyFirstInterviews({ agencyId: w.agency.id, now: NOW, db: db.prisma, batchSize: 1 }),
    ]);
    expect(results[0].booked + results[1].booked).toBe(3);
    const initial = await db.prisma.appointment.groupBy({ by: ["seekerId"], where: { kind: "INITIAL", status: "SCHEDULED" }, _count: { _all: true } });
    expect(initial).toHaveLength(4);
    expect(initial.every((row) => row._count._all === 1)).toBe(true);
    await expectWellFormed(db.prisma, w.agency.id);
  });
});
