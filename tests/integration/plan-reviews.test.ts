import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isWorkingDay, planMandatoryReviews, reviewWindows, slotStartTimes, timeZoneOf, toLocalParts } from "@/domain";
import type { Modality, PrismaClient } from "@/generated/prisma/client";
import { seedDemo } from "@/server/seed";
import { formatPlanSummary, planAgencyReviews } from "@/server/use-cases/plan-reviews";
import type { Actor } from "@/server/auth/policy";
import { reviewActionsAs } from "../support/acting";
import { createTestDatabase, installAsAppDatabase, tableCounts, type TestDatabase } from "../support/database";
import { makeAgency, makeAppointment, makePortfolio, makeSeeker as createSeeker, makeUser as createUser } from "../support/factories";

const TODAY = "2026-03-02";
const DEPARTEMENT = "05";

const makeUser = (db: PrismaClient, agencyId: string, firstName: string) => createUser(db, agencyId, "ADVISOR", firstName, "Test");

/** A seeker followed in `portfolio` (awaiting a diagnostic without one), registered on that date. */
const makeSeeker = (db: PrismaClient, agencyId: string, registrationDate: string, portfolio: { id: string; modality: Modality } | null) =>
  createSeeker(db, agencyId, { portfolio, registrationDate, firstName: "Lou", birthDate: "1985-01-01" });

function expectNoOverlap(appointments: { advisorId: string; startsAt: Date; endsAt: Date }[]) {
  const byAdvisor = new Map<string, { startsAt: Date; endsAt: Date }[]>();
  for (const a of appointments) byAdvisor.set(a.advisorId, [...(byAdvisor.get(a.advisorId) ?? []), a]);
  for (const list of byAdvisor.values()) {
    list.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    for (let i = 1; i < list.length; i += 1) expect(list[i]!.startsAt >= list[i - 1]!.endsAt).toBe(true);
  }
}

describe("planAgencyReviews — batch booking of the M4/M9 reviews", () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("books exactly the missing reviews, counts them right, and books nothing on a second run", async () => {
    const agency = await makeAgency(db.prisma, { code: "GAP", name: "Gap", departement: DEPARTEMENT, address: "x" });
    const other = await makeAgency(db.prisma, { code: "BRI", name: "Briançon", departement: DEPARTEMENT, address: "x" });
    const advisor = await makeUser(db.prisma, agency.id, "Alice");
    const colleague = await makeUser(db.prisma, agency.id, "Bruno");
    const outsider = await makeUser(db.prisma, other.id, "Chloé");
    const p1 = await makePortfolio(db.prisma, agency.id, advisor.id, "GUIDE", 150);
    const p2 = await makePortfolio(db.prisma, agency.id, colleague.id, "GUIDE", 150);
    const p3 = await makePortfolio(db.prisma, other.id, outsider.id, "GUIDE", 150);

    const fresh = await makeSeeker(db.prisma, agency.id, "2026-02-01", p1); // M4 and M9 ahead: both SCHEDULED
    const lateM4 = await makeSeeker(db.prisma, agency.id, "2025-10-15", p1); // M4 window over, M9 ahead: M4 OVERDUE, M9 SCHEDULED
    const lateM9 = await makeSeeker(db.prisma, agency.id, "2025-05-10", p2); // both windows over: M4 MISSED, M9 OVERDUE
    const halfPlanned = await makeSeeker(db.prisma, agency.id, "2026-01-05", p2); // M4 already booked: M9 only
    const allDone = await makeSeeker(db.prisma, agency.id, "2025-01-05", p2); // both held
    const waiting = await makeSeeker(db.prisma, agency.id, "2026-02-20", null);
    const elsewhere = await makeSeeker(db.prisma, other.id, "2026-02-01", p3);

    // The first afternoon of `fresh`'s M4 window (Friday 1 May is a holiday; Monday 4 May 13:30–15:30 Paris) is taken.
    await makeAppointment(db.prisma, {
      agencyId: agency.id,
      seekerId: lateM4.id,
      advisorId: advisor.id,
      kind: "FOLLOW_UP",
      startsAt: "2026-05-04T11:30:00Z",
      minutes: 120,
    });
    // A cancelled appointment does not block its slot.
    await makeAppointment(db.prisma, {
      agencyId: agency.id,
      seekerId: lateM4.id,
      advisorId: advisor.id,
      kind: "FOLLOW_UP",
      status: "CANCELLED",
      startsAt: "2026-05-04T13:30:00Z",
    });
    await makeAppointment(db.prisma, {
      agencyId: agency.id,
      seekerId: halfPlanned.id,
      advisorId: colleague.id,
      kind: "REVIEW_M4",
      startsAt: "2026-04-07T11:30:00Z",
    });
    await makeAppointment(db.prisma, {
      agencyId: agency.id,
      seekerId: allDone.id,
      advisorId: colleague.id,
      kind: "REVIEW_M4",
      status: "DONE",
      startsAt: "2025-04-07T11:30:00Z",
    });
    await makeAppointment(db.prisma, {
      agencyId: agency.id,
      seekerId: allDone.id,
      advisorId: colleague.id,
      kind: "REVIEW_M9",
      status: "DONE",
      startsAt: "2025-09-08T11:30:00Z",
    });
    // A cancelled M9 of `lateM9` does not count as planned.
    await makeAppointment(db.prisma, {
      agencyId: agency.id,
      seekerId: lateM9.id,
      advisorId: colleague.id,
      kind: "REVIEW_M9",
      status: "CANCELLED",
      startsAt: "2026-02-02T12:30:00Z",
    });

    const progress: number[] = [];
    const summary = await planAgencyReviews({ db: db.prisma, agencyId: agency.id, today: TODAY, onProgress: (p) => progress.push(p.seekersDone) });
    expect(summary).toEqual({ seekers: 5, booked: 6, overdue: 2, missed: 1, alreadyPlanned: 3 });
    expect(progress.at(-1)).toBe(5);
    expect(formatPlanSummary(summary)).toBe("6 bilans réservés, 2 en retard, 1 manqué");

    const reviewsOf = async (seekerId: string) =>
      (
        await db.prisma.appointment.findMany({
          where: { seekerId, kind: { in: ["REVIEW_M4", "REVIEW_M9"] }, status: "SCHEDULED" },
          orderBy: { startsAt: "asc" },
        })
      ).map((a) => ({
        kind: a.kind,
        advisorId: a.advisorId,
        startsAt: a.startsAt.toISOString(),
        minutes: (a.endsAt.getTime() - a.startsAt.getTime()) / 60_000,
      }));

    const freshReviews = await reviewsOf(fresh.id);
    expect(freshReviews.map((r) => r.kind)).toEqual(["REVIEW_M4", "REVIEW_M9"]);
    const windows = reviewWindows("2026-02-01");
    const tz = timeZoneOf(DEPARTEMENT);
    for (const [review, window] of [
      [freshReviews[0]!, windows.M4],
      [freshReviews[1]!, windows.M9],
    ] as const) {
      const { date, time } = toLocalParts(review.startsAt, tz);
      expect(date >= window.from && date <= window.to).toBe(true);
      expect(isWorkingDay(date, DEPARTEMENT)).toBe(true);
      expect(slotStartTimes()).toContain(time);
      expect(review).toMatchObject({ advisorId: advisor.id, minutes: 30 });
    }
    // The busy afternoon pushed M4 to its last slot (15:30–16:00 Paris) on 4 May.
    expect(freshReviews[0]!.startsAt).toBe("2026-05-04T13:30:00.000Z");

    const lateM4Reviews = await reviewsOf(lateM4.id);
    expect(lateM4Reviews.map((r) => r.kind)).toEqual(["REVIEW_M4", "REVIEW_M9"]);
    expect(toLocalParts(lateM4Reviews[0]!.startsAt, tz).date).toBe("2026-03-03"); // overdue: the next working day

    const lateM9Reviews = await reviewsOf(lateM9.id);
    expect(lateM9Reviews.map((r) => r.kind)).toEqual(["REVIEW_M9"]);
    expect(lateM9Reviews[0]!.advisorId).toBe(colleague.id);

    expect((await reviewsOf(halfPlanned.id)).map((r) => r.kind)).toEqual(["REVIEW_M4", "REVIEW_M9"]);
    expect(await reviewsOf(allDone.id)).toEqual([]);
    expect(await reviewsOf(waiting.id)).toEqual([]);
    expect(await reviewsOf(elsewhere.id)).toEqual([]);

    // The same as the domain planner gives for the first seeker over its advisor's calendar.
    const expected = planMandatoryReviews({
      registrationDate: "2026-02-01",
      departement: DEPARTEMENT,
      today: TODAY,
      busy: [{ start: "2026-05-04T11:30:00.000Z", end: "2026-05-04T13:30:00.000Z" }],
    });
    expect(freshReviews.map((r) => r.startsAt)).toEqual(expected.map((r) => r.startsAt));

    const live = await db.prisma.appointment.findMany({ where: { status: { not: "CANCELLED" } } });
    expectNoOverlap(live);

    const before = await db.prisma.appointment.count();
    const again = await planAgencyReviews({ db: db.prisma, agencyId: agency.id, today: TODAY });
    expect(again).toEqual({ seekers: 5, booked: 0, overdue: 0, missed: 1, alreadyPlanned: 9 });
    expect(await db.prisma.appointment.count()).toBe(before);
  });

  it("plans many seekers in batches without ever overlapping an advisor's appointments", async () => {
    const agency = await makeAgency(db.prisma, {
      code: "VOL",
      name: "Volume",
      departement: "974",
      address: "x",
      slotMinutes: 20,
      appointmentStart: "08:30",
      appointmentEnd: "11:30",
    });
    const advisors = await Promise.all([0, 1, 2].map((i) => makeUser(db.prisma, agency.id, `Conseiller${i}`)));
    const portfolios = await Promise.all(advisors.map((a) => makePortfolio(db.prisma, agency.id, a.id, "SUIVI", 350)));
    const seekerIds: string[] = [];
    for (let i = 0; i < 240; i += 1) {
      const day = String(1 + (i % 28)).padStart(2, "0");
      const month = String(1 + (i % 12)).padStart(2, "0");
      const s = await makeSeeker(db.prisma, agency.id, `2025-${month}-${day}`, portfolios[i % 3]!);
      seekerIds.push(s.id);
    }
    const summary = await planAgencyReviews({ db: db.prisma, agencyId: agency.id, today: TODAY, batchSize: 37 });
    expect(summary.seekers).toBe(240);
    expect(summary.booked + summary.missed).toBe(480);
    const live = await db.prisma.appointment.findMany({ where: { status: { not: "CANCELLED" } } });
    expect(live).toHaveLength(summary.booked);
    expectNoOverlap(live);
    for (const a of live) {
      const { date, time } = toLocalParts(a.startsAt.toISOString(), "Indian/Reunion");
      expect(isWorkingDay(date, "974")).toBe(true);
      expect(slotStartTimes({ start: "08:30", end: "11:30", slotMinutes: 20 })).toContain(time);
    }
    const again = await planAgencyReviews({ db: db.prisma, agencyId: agency.id, today: TODAY, batchSize: 37 });
    expect(again.booked).toBe(0);
    expect(again.alreadyPlanned).toBe(summary.booked);
  });

  it("completes a realistic demo dataset and is idempotent", async () => {
    await seedDemo(db, { scale: 0.1, today: TODAY });
    const agencies = await db.prisma.agency.findMany({ orderBy: { code: "asc" } });
    expect(agencies.length).toBeGreaterThan(0);
    for (const agency of agencies) {
      const first = await planAgencyReviews({ db: db.prisma, agencyId: agency.id, today: TODAY });
      const second = await planAgencyReviews({ db: db.prisma, agencyId: agency.id, today: TODAY });
      expect(second.booked).toBe(0);
      expect(second.seekers).toBe(first.seekers);
      expect(second.alreadyPlanned).toBe(first.alreadyPlanned + first.booked);
    }
    const live = await db.prisma.appointment.findMany({ where: { status: { not: "CANCELLED" } }, select: { advisorId: true, startsAt: true, endsAt: true } });
    expectNoOverlap(live);
  });

  it("previews with a dry run (same counts, nothing written), then the manager books them from the overdue list", async () => {
    installAsAppDatabase(db);
    const agency = await makeAgency(db.prisma, { code: "GAP", name: "Gap", departement: DEPARTEMENT, address: "x" });
    const other = await makeAgency(db.prisma, { code: "BRI", name: "Briançon", departement: DEPARTEMENT, address: "x" });
    const advisor = await makeUser(db.prisma, agency.id, "Alice");
    const portfolio = await makePortfolio(db.prisma, agency.id, advisor.id, "GUIDE", 150);
    await makeSeeker(db.prisma, agency.id, "2026-02-01", portfolio);
    await makeSeeker(db.prisma, agency.id, "2025-10-15", portfolio);
    await makeSeeker(db.prisma, agency.id, "2025-05-10", portfolio);
    const manager = await createUser(db.prisma, agency.id, "MANAGER", "Maud", "Chef");
    const otherManager = await createUser(db.prisma, other.id, "MANAGER", "Marc", "Ailleurs");
    const counts = () => tableCounts(db.prisma, ["Appointment", "AuditEvent"]);

    const before = await counts();
    const preview = await planAgencyReviews({ db: db.prisma, agencyId: agency.id, today: TODAY, dryRun: true });
    expect(preview).toEqual({ seekers: 3, booked: 5, overdue: 2, missed: 1, alreadyPlanned: 0 });
    expect(await counts()).toEqual(before);

    // Monday 2 March 2026, 09:00 in Gap: the same « today » as the command line's.
    const as = (actor: Actor) =>
      reviewActionsAs(
        async () => actor,
        () => new Date("2026-03-02T08:00:00.000Z"),
      );
    expect(await as(otherManager).bookMissingReviews({ agencyId: agency.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await as(advisor).bookMissingReviews({ agencyId: agency.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await as(manager).bookMissingReviews({ agencyId: agency.id, dryRun: true })).toEqual({ ok: true, data: { ...preview, dryRun: true } });
    // Nothing booked nor journaled but the advisor's refusal (authorization.denied).
    expect(await counts()).toEqual({ ...before, AuditEvent: before.AuditEvent! + 1 });
    expect(await as(manager).bookMissingReviews({ agencyId: agency.id })).toEqual({ ok: true, data: { ...preview, dryRun: false } });
    expect(await db.prisma.appointment.count({ where: { kind: { in: ["REVIEW_M4", "REVIEW_M9"] } } })).toBe(5);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "reviews.booked" } });
    expect(audit).toMatchObject({ agencyId: agency.id, actorId: manager.id, metadata: { booked: 5, overdue: 2, missed: 1 } });
    // Booked: nothing more to book.
    expect(await as(manager).bookMissingReviews({ agencyId: agency.id, dryRun: true })).toMatchObject({ ok: true, data: { booked: 0, alreadyPlanned: 5 } });
  });
});
