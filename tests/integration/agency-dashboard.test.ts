import { beforeAll, describe, expect, it } from "vitest";
import { agencyOverview } from "@/server/queries/agency-dashboard";
import { reviewList } from "@/server/queries/review-list";
import { REVIEW_LIST_STATES } from "@/server/queries/review-states";
import { agencyLoads } from "@/server/queries/agency-loads";
import type { Actor } from "@/server/auth/policy";
import { REFERENCE_DISTRIBUTION } from "@/domain";
import type { Modality } from "@/generated/prisma/enums";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAppointment, makePortfolio, makeRouenSeeker, makeTwoAgencyCast, type SeekerOptions } from "../support/factories";

/** The dashboard of what /agence shows (`agencyOverview`); null when the actor may not read the agency. */
const agencyDashboard = async (actor: Actor, agencyId: string, options: { now?: Date }) => (await agencyOverview(actor, agencyId, options))?.dashboard ?? null;

// Today in Rouen: Wednesday 2026-11-18 (10:00 local = 09:00Z). Due-soon horizon: 2026-11-18 … 2026-12-02.
// No-show window: [2026-08-20T09:00Z, 2026-11-18T09:00Z).
const NOW = new Date("2026-11-18T09:00:00Z");

type Kind = "INITIAL" | "REVIEW_M4" | "REVIEW_M9" | "FOLLOW_UP";
type Status = "SCHEDULED" | "DONE" | "NO_SHOW" | "EXCUSED" | "CANCELLED";

describe("the manager's agency dashboard", () => {
  let db: TestDatabase;
  let agencyId: string;
  let otherAgencyId: string;
  let manager: Actor;
  let otherManager: Actor;
  let admin: Actor;
  let advisorActor: Actor;
  const advisorIds: Record<string, string> = {};

  freshDatabase("all", (fresh) => (db = fresh));
  beforeAll(async () => {
    const { agency, other, a, b, c, ...staff } = await makeTwoAgencyCast(db.prisma, {
      // First-interview deadline set to 21 days (not the 28-day default) to prove the setting is read.
      agency: { code: "76-D", name: "Rouen Test", departement: "76", address: "1 rue du Test, 76000 Rouen", firstInterviewDeadlineDays: 21 },
      other: { code: "974-D", name: "Saint-Denis Test", departement: "974", address: "1 rue du Test, 97400 Saint-Denis" },
      domain: "t.fr",
      thirdAdvisor: "Chloé",
    });
    ({ manager, otherManager, admin } = staff);
    agencyId = agency.id;
    otherAgencyId = other.id;
    advisorIds.a = a.id;
    advisorIds.b = b.id;
    advisorActor = a;

    const guideA = await makePortfolio(db.prisma, agency.id, a.id, "GUIDE", 150);
    const suiviA = await makePortfolio(db.prisma, agency.id, a.id, "SUIVI", 350);
    const renforceB = await makePortfolio(db.prisma, agency.id, b.id, "RENFORCE", 70);
    const guideC = await makePortfolio(db.prisma, other.id, c.id, "GUIDE", 150);

    let n = 0;
    const seeker = (agency: string, lastName: string, registrationDate: string, extra: SeekerOptions = {}) =>
      makeRouenSeeker(db.prisma, agency, lastName, registrationDate, { franceTravailId: `200000${n++}D`, ...extra });
    const followed = (portfolio: { id: string; modality: Modality }): SeekerOptions => ({ portfolio });
    const appointment = (agency: string, seekerId: string, advisorId: string, kind: Kind, status: Status, startsAt: string) =>
      makeAppointment(db.prisma, { agencyId: agency, seekerId, advisorId, kind, status, startsAt });
    const A = agency.id;

    // ---- Followed seekers of the Rouen agency (windows: M4 = R+3m … R+4m−1d, M9 = R+8m … R+9m−1d) ----
    // F1 Durand, GUIDE (Alpha), R 2026-06-10: M4 09-10 → 10-09 closed, M9 opens 2027-02-10 → M4 OVERDUE.
    const f1 = await seeker(A, "Durand", "2026-06-10", followed(guideA));
    // F2 Émile, SUIVI (Alpha), R 2026-08-01: M4 11-01 → 11-30, booked 2026-11-23 → M4 DUE_SOON.
    const f2 = await seeker(A, "Émile", "2026-08-01", followed(suiviA));
    // F3 Fabre, GUIDE (Alpha), R 2026-02-10: M4 05-10 → 06-09, M9 10-10 → 11-09 both closed:
    //    M4 MISSED (M9 window opened), M9 OVERDUE; M9 booked late on 2026-12-01 → also M9 DUE_SOON.
    const f3 = await seeker(A, "Fabre", "2026-02-10", followed(guideA));
    // F4 Garnier, RENFORCE (Bravo), R 2026-01-15: M4 and M9 DONE.
    const f4 = await seeker(A, "Garnier", "2026-01-15", followed(renforceB));
    // F5 Henry, GUIDE (Alpha), R 2026-07-20: M4 10-20 → 11-19, a NO_SHOW then a DONE → M4 DONE.
    const f5 = await seeker(A, "Henry", "2026-07-20", followed(guideA));
    // F6 Ibert, RENFORCE (Bravo), R 2026-08-05: M4 11-05 → 12-04 booked 2026-12-03 (after the horizon) → nothing counted.
    const f6 = await seeker(A, "Ibert", "2026-08-05", followed(renforceB));
    // F7 Joly, SUIVI (Alpha), R 2026-03-20: M4 06-20 → 07-19 closed, M9 opens 11-20 (not yet) → M4 OVERDUE;
    //    M9 booked 2026-12-02 (last day of the horizon) → M9 DUE_SOON.
    const f7 = await seeker(A, "Joly", "2026-03-20", followed(suiviA));
    // A closed seeker, whose M4 would be overdue: never counted.
    await seeker(A, "Clos", "2026-06-01", { status: "CLOSED", modality: "GUIDE" });

    // ---- Awaiting a diagnostic (deadline 21 days: late when today > R + 21) ----
    // Kahn R 10-09 (due 10-30, late, 40 days), Lenoir R 10-28 (due 11-18 = today, not late),
    // Moreau R 10-27 (due 11-17, late), Noël R 11-13 (not late).
    const q1 = await seeker(A, "Kahn", "2026-10-09");
    await seeker(A, "Lenoir", "2026-10-28");
    await seeker(A, "Moreau", "2026-10-27");
    await seeker(A, "Noël", "2026-11-13");

    const [alpha, bravo] = [a.id, b.id];
    // First interviews (earliest DONE INITIAL, Paris local date):
    await appointment(A, f1.id, alpha, "INITIAL", "DONE", "2026-06-24T12:00:00Z"); // 06-10 → 06-24: 14 days
    const f2Initial = await appointment(A, f2.id, alpha, "INITIAL", "DONE", "2026-08-31T22:30:00Z"); // 00:30 on 09-01 in Paris (CEST) (UTC says 08-31): 31 days
    await appointment(A, f3.id, alpha, "INITIAL", "NO_SHOW", "2026-02-24T12:00:00Z"); // not DONE, ignored
    await appointment(A, f3.id, alpha, "INITIAL", "DONE", "2026-03-03T09:00:00Z"); // 02-10 → 03-03: 21 days (on the deadline)
    await appointment(A, f3.id, alpha, "INITIAL", "DONE", "2026-03-20T09:00:00Z"); // a later DONE INITIAL, not the first
    await appointment(A, f4.id, bravo, "INITIAL", "DONE", "2026-02-13T10:00:00Z"); // 01-15 → 02-13: 29 days
    await appointment(A, f5.id, alpha, "INITIAL", "DONE", "2026-07-30T12:00:00Z"); // 07-20 → 07-30: 10 days
    await appointment(A, f6.id, bravo, "INITIAL", "DONE", "2026-08-12T12:00:00Z"); // 08-05 → 08-12: 7 days
    await appointment(A, q1.id, alpha, "INITIAL", "SCHEDULED", "2026-11-20T13:30:00Z"); // not DONE

    // Reviews.
    await appointment(A, f1.id, alpha, "REVIEW_M4", "CANCELLED", "2026-11-20T13:00:00Z"); // cancelled: not due soon
    await appointment(A, f2.id, alpha, "REVIEW_M4", "SCHEDULED", "2026-11-23T13:00:00Z");
    await appointment(A, f3.id, alpha, "REVIEW_M9", "SCHEDULED", "2026-12-01T13:00:00Z");
    await appointment(A, f4.id, bravo, "REVIEW_M4", "DONE", "2026-04-20T12:00:00Z");
    await appointment(A, f4.id, bravo, "REVIEW_M9", "DONE", "2026-09-21T12:00:00Z");
    const f5Missed = await appointment(A, f5.id, alpha, "REVIEW_M4", "NO_SHOW", "2026-10-26T13:00:00Z");
    const f5Done = await appointment(A, f5.id, alpha, "REVIEW_M4", "DONE", "2026-11-02T13:00:00Z");
    await appointment(A, f6.id, bravo, "REVIEW_M4", "SCHEDULED", "2026-12-03T13:00:00Z");
    await appointment(A, f7.id, alpha, "REVIEW_M9", "SCHEDULED", "2026-12-02T13:00:00Z");

    // Other outcomes for the no-show rate.
    const f7Excused = await appointment(A, f7.id, alpha, "FOLLOW_UP", "EXCUSED", "2026-10-05T12:00:00Z");
    const f1Done = await appointment(A, f1.id, alpha, "FOLLOW_UP", "DONE", "2026-11-18T08:30:00Z"); // just before now
    const f6Missed = await appointment(A, f6.id, bravo, "FOLLOW_UP", "NO_SHOW", "2026-11-10T13:00:00Z");
    await appointment(A, f6.id, bravo, "FOLLOW_UP", "NO_SHOW", "2026-11-18T09:00:00Z"); // at now: excluded (end exclusive)
    await appointment(A, f4.id, bravo, "FOLLOW_UP", "NO_SHOW", "2026-08-19T13:00:00Z"); // before the window: excluded
    await appointment(A, f2.id, alpha, "FOLLOW_UP", "SCHEDULED", "2026-11-17T13:00:00Z"); // outcome not recorded: excluded

    // Reminders (a REMINDER sent or delivered counts; one queued, cancelled or failed does not; a convocation is no reminder):
    // reminded: f5's no-show and done M4, f7's excused follow-up (by e-mail and SMS: counted once);
    // not reminded: f2's initial (a convocation only), f4's M9, f1's follow-up (failed), f6's no-show (cancelled).
    type MessageState = "SENT" | "DELIVERED" | "FAILED" | "CANCELLED";
    const message = (appointmentId: string, seekerId: string, kind: "REMINDER" | "CONVOCATION", status: MessageState, channel: "EMAIL" | "SMS" = "EMAIL") =>
      db.prisma.outboxMessage.create({
        data: {
          agencyId: A,
          seekerId,
          appointmentId,
          kind,
          channel,
          recipient: "x@exemple.test",
          subject: "s",
          text: "t",
          html: "h",
          status,
          ...(status === "SENT" || status === "DELIVERED" ? { sentAt: NOW, providerId: "p" } : {}),
          ...(status === "DELIVERED" ? { deliveredAt: NOW } : {}),
        },
      });
    await message(f5Missed.id, f5.id, "REMINDER", "SENT");
    await message(f5Done.id, f5.id, "REMINDER", "DELIVERED", "SMS");
    await message(f7Excused.id, f7.id, "REMINDER", "SENT");
    await message(f7Excused.id, f7.id, "REMINDER", "DELIVERED", "SMS");
    await message(f2Initial.id, f2.id, "CONVOCATION", "SENT");
    await message(f1Done.id, f1.id, "REMINDER", "FAILED");
    await message(f6Missed.id, f6.id, "REMINDER", "CANCELLED");

    // ---- The other agency (La Réunion): a followed GUIDE seeker with an overdue M4, a late queue, outcomes ----
    const o1 = await seeker(other.id, "Ailleurs", "2026-06-10", followed(guideC));
    await seeker(other.id, "Attente", "2026-09-01");
    await appointment(other.id, o1.id, c.id, "INITIAL", "DONE", "2026-09-10T06:00:00Z"); // 10:00 Réunion → 92 days
    await appointment(other.id, o1.id, c.id, "FOLLOW_UP", "NO_SHOW", "2026-11-02T06:00:00Z");
    await appointment(other.id, o1.id, c.id, "REVIEW_M9", "SCHEDULED", "2026-11-25T06:00:00Z");
  });

  it("shows the modality distribution of followed seekers next to the reference", async () => {
    const dashboard = (await agencyDashboard(manager, agencyId, { now: NOW }))!;
    expect(dashboard.today).toBe("2026-11-18");
    expect(dashboard.timeZone).toBe("Europe/Paris");
    // Followed: GUIDE F1 F3 F5 = 3, SUIVI F2 F7 = 2, RENFORCE F4 F6 = 2, GLOBAL 0 → 7 (the CLOSED and queued seekers are out).
    expect(dashboard.distribution.total).toBe(7);
    expect(dashboard.distribution.modalities).toEqual([
      { modality: "SUIVI", count: 2, share: 2 / 7, reference: REFERENCE_DISTRIBUTION.SUIVI },
      { modality: "GUIDE", count: 3, share: 3 / 7, reference: REFERENCE_DISTRIBUTION.GUIDE },
      { modality: "RENFORCE", count: 2, share: 2 / 7, reference: REFERENCE_DISTRIBUTION.RENFORCE },
      { modality: "GLOBAL", count: 0, share: 0, reference: REFERENCE_DISTRIBUTION.GLOBAL },
    ]);
  });

  it("measures the first-interview backlog and delays in agency-local dates", async () => {
    const { backlog, agency } = (await agencyDashboard(manager, agencyId, { now: NOW }))!;
    expect(agency.firstInterviewDeadlineDays).toBe(21);
    // Queue: Kahn, Lenoir, Moreau, Noël = 4; late: Kahn (due 10-30) and Moreau (due 11-17) = 2;
    // oldest Kahn, 2026-10-09 → 2026-11-18 = 22 + 18 = 40 days.
    expect(backlog).toMatchObject({ awaitingDiagnostic: 4, late: 2, oldestRegistrationDate: "2026-10-09", oldestAgeDays: 40 });
    // Delays: 7 (F6), 10 (F5), 14 (F1), 21 (F3), 29 (F4), 31 (F2) → 6 seen, median (14 + 21) / 2 = 17.5;
    // within 21 days: 7, 10, 14, 21 → 4, share 4 / 6.
    expect(backlog.firstInterview).toEqual({ seen: 6, medianDays: 17.5, withinDeadline: 4, withinDeadlineShare: 4 / 6 });
  });

  it("counts the mandatory reviews of followed seekers by the domain's rules", async () => {
    const { reviews } = (await agencyDashboard(manager, agencyId, { now: NOW }))!;
    // M4: DONE F4 F5 = 2; DUE_SOON F2 (11-23) = 1 (F6's 12-03 is past the horizon, F1's is cancelled);
    //     OVERDUE F1 F7 = 2; MISSED F3 = 1.
    // M9: DONE F4 = 1; DUE_SOON F3 (12-01) and F7 (12-02) = 2; OVERDUE F3 = 1; MISSED 0.
    expect(reviews).toEqual({
      dueSoonDays: 14,
      M4: { DONE: 2, DUE_SOON: 1, OVERDUE: 2, MISSED: 1 },
      M9: { DONE: 1, DUE_SOON: 2, OVERDUE: 1, MISSED: 0 },
    });
  });

  it("lists the seekers behind every review figure", async () => {
    const dashboard = (await agencyDashboard(manager, agencyId, { now: NOW }))!;
    const expected: Record<"M4" | "M9", Record<(typeof REVIEW_LIST_STATES)[number], string[]>> = {
      M4: { DONE: ["Garnier", "Henry"], DUE_SOON: ["Émile"], OVERDUE: ["Durand", "Joly"], MISSED: ["Fabre"] },
      M9: { DONE: ["Garnier"], DUE_SOON: ["Fabre", "Joly"], OVERDUE: ["Fabre"], MISSED: [] },
    };
    for (const kind of ["M4", "M9"] as const) {
      for (const state of REVIEW_LIST_STATES) {
        const list = (await reviewList(manager, agencyId, { kind, state, now: NOW, page: 1 }))!;
        expect(list.total, `${kind} ${state}`).toBe(dashboard.reviews[kind][state]);
        expect(
          list.rows.map((row) => row.lastName),
          `${kind} ${state}`,
        ).toEqual(expected[kind][state]);
      }
    }
    const dueSoon = (await reviewList(manager, agencyId, { kind: "M4", state: "DUE_SOON", now: NOW, page: 1 }))!;
    // Émile, R 2026-08-01: M4 window 2026-11-01 → 2026-11-30, followed by Anne Alpha.
    expect(dueSoon.rows).toEqual([
      {
        seekerId: expect.any(String),
        franceTravailId: "2000001D",
        firstName: "Test",
        lastName: "Émile",
        advisor: { id: advisorIds.a, name: "Anne Alpha" },
        window: { from: "2026-11-01", to: "2026-11-30" },
        bookedAt: new Date("2026-11-23T13:00:00Z"),
        daysOverdue: null,
      },
    ]);
    // Durand's M4 closed 2026-10-09 (40 days ago), Joly's 2026-07-19 (122 days); the cancelled booking is not shown.
    const overdue = (await reviewList(manager, agencyId, { kind: "M4", state: "OVERDUE", now: NOW, page: 1 }))!;
    expect(overdue.rows.map((row) => [row.lastName, row.window.to, row.daysOverdue, row.bookedAt])).toEqual([
      ["Durand", "2026-10-09", 40, null],
      ["Joly", "2026-07-19", 122, null],
    ]);
    // Fabre's M9 is overdue and booked late (2026-12-01): listed under both states with the booking.
    const lateBooking = (await reviewList(manager, agencyId, { kind: "M9", state: "DUE_SOON", now: NOW, page: 1 }))!;
    expect(lateBooking.rows.map((row) => [row.lastName, row.daysOverdue, row.bookedAt?.toISOString()])).toEqual([
      ["Fabre", 9, "2026-12-01T13:00:00.000Z"],
      ["Joly", null, "2026-12-02T13:00:00.000Z"],
    ]);
    const missed = (await reviewList(manager, agencyId, { kind: "M4", state: "MISSED", now: NOW, page: 7 }))!;
    // Fabre, R 2026-02-10: M4 window 2026-05-10 → 2026-06-09; a page past the end shows the last one.
    expect(missed).toMatchObject({ page: 1, pageCount: 1, total: 1 });
    expect(missed.rows[0]?.window).toEqual({ from: "2026-05-10", to: "2026-06-09" });
    expect(await reviewList(manager, agencyId, { kind: "M9", state: "MISSED", now: NOW, page: 1 })).toMatchObject({ total: 0, rows: [], pageCount: 1 });
  });

  it("computes the 90-day no-show rate per advisor and overall", async () => {
    const { noShow } = (await agencyDashboard(manager, agencyId, { now: NOW }))!;
    expect(noShow.from.toISOString()).toBe("2026-08-20T09:00:00.000Z");
    expect(noShow.to.toISOString()).toBe("2026-11-18T09:00:00.000Z");
    // Alpha: DONE F2 initial 08-31, F5 M4 11-02, F1 follow-up 11-18 08:30 = 3; NO_SHOW F5 M4 10-26 = 1; EXCUSED F7 = 1 → 1/5.
    // Bravo: DONE F4 M9 09-21 = 1; NO_SHOW F6 11-10 = 1 (11-18 09:00 and 08-19 are outside) → 1/2.
    // (F6's initial 08-12 and F1's 06-24 are before the window.)
    expect(noShow.byAdvisor).toEqual([
      { advisorId: advisorIds.a, advisorName: "Anne Alpha", done: 3, noShow: 1, excused: 1, total: 5, rate: 1 / 5 },
      { advisorId: advisorIds.b, advisorName: "Bruno Bravo", done: 1, noShow: 1, excused: 0, total: 2, rate: 1 / 2 },
    ]);
    // Overall: 4 DONE + 2 NO_SHOW + 1 EXCUSED = 7 → 2/7.
    expect(noShow.overall).toEqual({ done: 4, noShow: 2, excused: 1, total: 7, rate: 2 / 7 });
  });

  it("compares the no-show rate of reminded and not reminded appointments", async () => {
    const { noShow } = (await agencyDashboard(manager, agencyId, { now: NOW }))!;
    expect(noShow.reminders).toEqual({
      reminded: { done: 1, noShow: 1, excused: 1, total: 3, rate: 1 / 3 },
      notReminded: { done: 3, noShow: 1, excused: 0, total: 4, rate: 1 / 4 },
    });
  });

  it("gives /agence the loads and the dashboard read together, for whoever may read them", async () => {
    expect(await agencyOverview(manager, agencyId, { now: NOW })).toEqual({
      loads: await agencyLoads(manager, agencyId),
      dashboard: await agencyDashboard(manager, agencyId, { now: NOW }),
    });
    expect(await agencyOverview(otherManager, agencyId, { now: NOW })).toBeNull();
    expect(await agencyOverview(advisorActor, agencyId, { now: NOW })).toBeNull();
    expect(await agencyOverview(admin, "not-a-uuid", { now: NOW })).toBeNull();
  });

  it("keeps each agency's figures apart and checks who may read them", async () => {
    expect(await agencyDashboard(otherManager, agencyId, { now: NOW })).toBeNull();
    expect(await reviewList(otherManager, agencyId, { kind: "M4", state: "OVERDUE", now: NOW })).toBeNull();
    expect(await agencyDashboard(advisorActor, agencyId, { now: NOW })).toBeNull();
    expect(await agencyDashboard({ ...manager, agencyId: null }, agencyId, { now: NOW })).toBeNull();
    expect(await agencyDashboard(admin, "00000000-0000-0000-0000-000000000000", { now: NOW })).toBeNull();
    expect(await agencyDashboard(admin, "not-a-uuid", { now: NOW })).toBeNull();

    // The admin sees exactly what the manager sees.
    expect(await agencyDashboard(admin, agencyId, { now: NOW })).toEqual(await agencyDashboard(manager, agencyId, { now: NOW }));

    // The other agency's own dashboard holds only its data (Réunion time: today is 2026-11-18 too, 13:00 local).
    const other = (await agencyDashboard(otherManager, otherAgencyId, { now: NOW }))!;
    expect(other.timeZone).toBe("Indian/Reunion");
    expect(other.distribution.total).toBe(1);
    expect(other.distribution.modalities.find((m) => m.modality === "GUIDE")?.count).toBe(1);
    // Attente R 09-01, default 28-day deadline → due 09-29, late; 78 days (29 + 31 + 18).
    expect(other.backlog).toMatchObject({ awaitingDiagnostic: 1, late: 1, oldestRegistrationDate: "2026-09-01", oldestAgeDays: 78 });
    // Ailleurs R 06-10, first interview 09-10 → 92 days (20 + 31 + 31 + 10), not within 28.
    expect(other.backlog.firstInterview).toEqual({ seen: 1, medianDays: 92, withinDeadline: 0, withinDeadlineShare: 0 });
    // Ailleurs: M4 06-10+3m = 09-10 → 10-09 closed, M9 not open → OVERDUE; M9 booked 11-25 is before its window but within the horizon.
    expect(other.reviews.M4).toEqual({ DONE: 0, DUE_SOON: 0, OVERDUE: 1, MISSED: 0 });
    expect(other.reviews.M9).toEqual({ DONE: 0, DUE_SOON: 1, OVERDUE: 0, MISSED: 0 });
    // Its initial interview 09-10 (DONE) and follow-up 11-02 (NO_SHOW) are both in the window → 1/2.
    expect(other.noShow.overall).toEqual({ done: 1, noShow: 1, excused: 0, total: 2, rate: 1 / 2 });
    expect((await reviewList(admin, otherAgencyId, { kind: "M4", state: "OVERDUE", now: NOW }))!.rows.map((r) => r.lastName)).toEqual(["Ailleurs"]);
  });
});
