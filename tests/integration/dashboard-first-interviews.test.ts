/**
 * The manager's dashboard says where the seekers awaiting a diagnostic stand with their first interview — booked within
 * the agency's deadline, booked after it, or « à planifier » — as the queue page does (issue 15).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/policy";
import { agencyOverview } from "@/server/queries/agency-dashboard";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";
import { makeAgency, makeAppointment, makeSeeker, makeUser } from "../support/factories";

const NOW = new Date("2026-11-30T10:00:00Z");

describe("the dashboard's first interviews", () => {
  let db: TestDatabase;
  let manager: Actor;
  let agencyId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    // Rouen (76), deadline 28 days: a seeker registered on 2026-11-20 is due by 2026-12-18.
    const agency = await makeAgency(db.prisma, { firstInterviewDeadlineDays: 28 });
    agencyId = agency.id;
    manager = await makeUser(db.prisma, agency.id, "MANAGER", "Hélène", "Lemarchand");
    const advisor = await makeUser(db.prisma, agency.id, "ADVISOR", "Camille", "Durand");
    const initial = { agencyId, advisorId: advisor.id, kind: "INITIAL" as const, minutes: 60 };
    const inTime = await makeSeeker(db.prisma, agencyId, { registrationDate: "2026-11-20" });
    await makeAppointment(db.prisma, { ...initial, seekerId: inTime.id, startsAt: "2026-12-03T13:30:00Z" });
    const late = await makeSeeker(db.prisma, agencyId, { registrationDate: "2026-11-20" });
    await makeAppointment(db.prisma, { ...initial, seekerId: late.id, startsAt: "2026-12-22T13:30:00Z" });
    const cancelledOnly = await makeSeeker(db.prisma, agencyId, { registrationDate: "2026-11-20" });
    await makeAppointment(db.prisma, { ...initial, seekerId: cancelledOnly.id, startsAt: "2026-12-04T13:30:00Z", status: "CANCELLED" });
    await makeSeeker(db.prisma, agencyId, { registrationDate: "2026-11-25" });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it("counts booked in time, booked late and « à planifier » (a cancelled interview books nothing)", async () => {
    const overview = await agencyOverview(manager, agencyId, { now: NOW });
    expect(overview?.dashboard.backlog.awaitingDiagnostic).toBe(4);
    expect(overview?.dashboard.firstInterviewBooking).toEqual({ booked: 1, bookedLate: 1, unbooked: 2 });
  });
});
