/**
 * Scheduling invariants over the whole demo data set after a scripted day of operations run through the real use
 * cases (issue 15): reschedules to slots the rule offers, a balancing plan, diagnostics confirmed from the queue,
 * outcomes, the batch booking of first interviews and of the M4/M9 reviews — all at one fixed « now ».
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  BusyCalendar,
  diagnose,
  isWorkingDay,
  localDateOf,
  localToEpochMs,
  parseTimeOfDay,
  reviewWindows,
  slotStartTimes,
  timeZoneOf,
  toLocalParts,
  type DiagnosticAnswers,
  type IsoDate,
} from "@/domain";
import type { Modality } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import { openAgency } from "@/server/queries/agency-context";
import { proposeBalance } from "@/server/queries/balance-preview";
import { bookingFigures } from "@/server/queries/backlog";
import { rescheduleChoices } from "@/server/queries/slot-choices";
import { seedDemo } from "@/server/seed";
import { recordOutcome, rescheduleAppointment } from "@/server/use-cases/appointments";
import { confirmDiagnostic } from "@/server/use-cases/confirm-diagnostic";
import { bookAgencyFirstInterviews } from "@/server/use-cases/first-interviews";
import { planAgencyReviews } from "@/server/use-cases/plan-reviews";
import { applyBalance } from "@/server/use-cases/rebalance";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";

// Thursday 26 March 2026, 09:00 in Paris (13:00 in Saint-Denis de La Réunion): the demo's « today ».
const TODAY = "2026-03-26";
const NOW = new Date("2026-03-26T08:00:00.000Z");
const MODALITIES: Modality[] = ["SUIVI", "GUIDE", "RENFORCE", "GLOBAL"];
const REVIEW_KINDS = ["REVIEW_M4", "REVIEW_M9"] as const;

const GUIDE_ANSWERS: DiagnosticAnswers = {
  project: 1,
  skills: 1,
  jobSearch: 1,
  digital: 0,
  basicSkills: 0,
  monthsWithoutWork: 2,
  barriers: {},
  webVolunteer: false,
};

type AgencyRow = { id: string; code: string; departement: string; appointmentStart: string; appointmentEnd: string; slotMinutes: number };

function actorOf(user: { id: string; role: Actor["role"]; agencyId: string | null; email: string; firstName: string; lastName: string }): Actor {
  return { id: user.id, role: user.role, agencyId: user.agencyId, email: user.email, firstName: user.firstName, lastName: user.lastName };
}

/** True when `advisorId` has a free slot of the agency's grid in [from, to] (local dates), starting after `now`. */
function hasFreeSlot(agency: AgencyRow, calendar: BusyCalendar, from: IsoDate, to: IsoDate): boolean {
  const zone = timeZoneOf(agency.departement);
  const starts = slotStartTimes({ start: agency.appointmentStart, end: agency.appointmentEnd, slotMinutes: agency.slotMinutes });
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (!isWorkingDay(day, agency.departement)) continue;
    for (const time of starts) {
      const start = localToEpochMs(day, time, zone);
      if (start > NOW.getTime() && calendar.isFree(start, start + agency.slotMinutes * 60_000)) return true;
    }
  }
  return false;
}

describe("scheduling invariants after a scripted day over the demo data", () => {
  let db: TestDatabase;
  const created = new Set<string>();
  /** Reviews today's reschedules placed after their window, as the use case said (`overdue`). */
  const flaggedOverdue = new Set<string>();
  const done = { rescheduled: 0, moved: 0, confirmed: 0, outcomes: 0, firstInterviews: 0, reviews: 0 };

  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    await seedDemo(db, { scale: 0.1, today: TODAY });
    const p = db.prisma;
    const before = new Set((await p.appointment.findMany({ select: { id: true } })).map((a) => a.id));
    const agencies = await p.agency.findMany({ orderBy: { code: "asc" } });
    expect(agencies.length).toBeGreaterThan(0);

    for (const agency of agencies) {
      const advisors = (await p.user.findMany({ where: { agencyId: agency.id, role: "ADVISOR", active: true }, orderBy: { email: "asc" } })).map(actorOf);
      const manager = actorOf(await p.user.findFirstOrThrow({ where: { agencyId: agency.id, role: "MANAGER", active: true }, orderBy: { email: "asc" } }));
      const today = localDateOf(NOW.toISOString(), timeZoneOf(agency.departement));

      // 1. Each advisor moves two future appointments (a review when there is one) to a slot the rule offers.
      for (const advisor of advisors.slice(0, 3)) {
        const future = [];
        for (const kinds of [[...REVIEW_KINDS], ["FOLLOW_UP" as const]]) {
          const next = await p.appointment.findFirst({
            where: { advisorId: advisor.id, status: "SCHEDULED", startsAt: { gt: NOW }, kind: { in: kinds }, seeker: { portfolio: { advisorId: advisor.id } } },
            orderBy: [{ startsAt: "asc" }, { id: "asc" }],
          });
          if (next) future.push(next);
        }
        for (const appointment of future) {
          const choices = await rescheduleChoices(advisor, appointment.seekerId, appointment.id, { now: NOW });
          expect(choices).not.toBeNull();
          const inWindow = choices!.slots.filter((s) => !s.overdue && (choices!.window === null || s.date <= choices!.window.to));
          // The latest slot offered inside the review's window (any slot offered for other kinds).
          const slot = inWindow[inWindow.length - 1] ?? choices!.slots[0];
          if (!slot) continue;
          const moved = await rescheduleAppointment(advisor, { appointmentId: appointment.id, startsAt: slot.startsAt }, { now: NOW, db: p });
          if (moved.overdue) flaggedOverdue.add(moved.appointmentId);
          done.rescheduled += 1;
        }
      }

      // 2. The manager applies the first balancing plan that moves someone and re-plans every appointment.
      for (const modality of MODALITIES) {
        const preview = await proposeBalance(manager, { agencyId: agency.id, modality }, { now: NOW, db: p });
        if (preview.moves.length === 0 || preview.replans.some((r) => r.toStartsAt === null)) continue;
        const applied = await applyBalance(manager, { agencyId: agency.id, modality, moves: preview.moves }, { now: NOW, db: p });
        done.moved += applied.moved;
        break;
      }

      // 3. Diagnostics confirmed from the queue, oldest first (some have a first interview pending, past or future).
      const queue = await p.seeker.findMany({
        where: { agencyId: agency.id, status: "AWAITING_DIAGNOSTIC" },
        orderBy: [{ registrationDate: "asc" }, { id: "asc" }],
        take: 4,
      });
      const decided = diagnose(GUIDE_ANSWERS, { globalPartnership: agency.globalPartnership }).modality;
      for (const seeker of queue) {
        for (const advisor of advisors) {
          try {
            await confirmDiagnostic(advisor, { seekerId: seeker.id, answers: GUIDE_ANSWERS, decidedModality: decided }, { now: NOW, db: p });
            done.confirmed += 1;
            break;
          } catch (error) {
            // A full portfolio: another advisor of the agency takes the seeker.
            if (!(error instanceof DomainError) || error.code !== "CONFLICT") throw error;
          }
        }
      }

      // 4. Outcomes of appointments that have started and are not recorded yet.
      const started = await p.appointment.findMany({
        where: { agencyId: agency.id, status: "SCHEDULED", startsAt: { lte: NOW }, kind: { not: "INITIAL" } },
        orderBy: { startsAt: "desc" },
        take: 4,
        include: { advisor: true },
      });
      for (const [i, appointment] of started.entries()) {
        await recordOutcome(actorOf(appointment.advisor), { appointmentId: appointment.id, outcome: i % 2 === 0 ? "DONE" : "NO_SHOW" }, { now: NOW, db: p });
        done.outcomes += 1;
      }

      // 5. The batches: first interviews of the queue, then the missing reviews.
      const firsts = await bookAgencyFirstInterviews({ agencyId: agency.id, now: NOW, db: p });
      done.firstInterviews += firsts.booked + firsts.late;
      const reviews = await planAgencyReviews({ agencyId: agency.id, today, now: NOW, db: p });
      done.reviews += reviews.booked;
    }
    for (const a of await p.appointment.findMany({ select: { id: true } })) if (!before.has(a.id)) created.add(a.id);
  }, 600_000);

  afterAll(async () => {
    await db?.dispose();
  });

  it("ran a real day: reschedules, a rebalancing, confirmations, outcomes and both batches", () => {
    expect(done.rescheduled).toBeGreaterThan(0);
    expect(done.moved).toBeGreaterThan(0);
    expect(done.confirmed).toBeGreaterThan(0);
    expect(done.outcomes).toBeGreaterThan(0);
    expect(created.size).toBeGreaterThan(done.rescheduled);
  });

  it("books no live M4/M9 before its window, and none after it unless the window had no free slot left", async () => {
    const p = db.prisma;
    const agencies = new Map((await p.agency.findMany()).map((a) => [a.id, a]));
    const reviews = await p.appointment.findMany({
      where: { status: "SCHEDULED", kind: { in: [...REVIEW_KINDS] } },
      select: { id: true, kind: true, agencyId: true, advisorId: true, startsAt: true, endsAt: true, seeker: { select: { registrationDate: true } } },
    });
    expect(reviews.length).toBeGreaterThan(0);
    const live = await p.appointment.findMany({ where: { status: { not: "CANCELLED" } }, select: { id: true, advisorId: true, startsAt: true, endsAt: true } });
    const early: string[] = [];
    const lateUnexplained: string[] = [];
    for (const r of reviews) {
      const agency = agencies.get(r.agencyId)!;
      const date = localDateOf(r.startsAt.toISOString(), timeZoneOf(agency.departement));
      const window = reviewWindows(r.seeker.registrationDate.toISOString().slice(0, 10))[r.kind === "REVIEW_M4" ? "M4" : "M9"];
      if (date < window.from) early.push(`${agency.code} ${r.kind} ${date} < ${window.from}`);
      if (date <= window.to || !created.has(r.id) || flaggedOverdue.has(r.id)) continue;
      // Booked today after its window: the window (from tomorrow on) must have no free slot of the advisor's.
      const calendar = BusyCalendar.fromEpochMs(
        live.filter((a) => a.advisorId === r.advisorId && a.id !== r.id).map((a) => [a.startsAt.getTime(), a.endsAt.getTime()] as [number, number]),
      );
      const from = [window.from, addDays(localDateOf(NOW.toISOString(), timeZoneOf(agency.departement)), 1)].sort()[1]!;
      if (from <= window.to && hasFreeSlot(agency, calendar, from, window.to)) lateUnexplained.push(`${agency.code} ${r.kind} ${date} > ${window.to}`);
    }
    expect(early).toEqual([]);
    expect(lateUnexplained).toEqual([]);
  });

  it("leaves no seeker with a confirmed diagnostic and a pending first interview", async () => {
    const pending = await db.prisma.appointment.findMany({
      where: { kind: "INITIAL", status: "SCHEDULED", seeker: { status: "FOLLOWED" } },
      select: { seekerId: true, startsAt: true },
    });
    expect(pending).toEqual([]);
  });

  it("gives every seeker awaiting a diagnostic a first interview, or counts them « à planifier »", async () => {
    const p = db.prisma;
    for (const agency of await p.agency.findMany()) {
      const awaiting = await p.seeker.findMany({
        where: { agencyId: agency.id, status: "AWAITING_DIAGNOSTIC" },
        select: { id: true, appointments: { where: { kind: "INITIAL", status: { in: ["SCHEDULED", "DONE"] } }, select: { id: true } } },
      });
      const withInterview = awaiting.filter((s) => s.appointments.length > 0).length;
      const reader = actorOf(await p.user.findFirstOrThrow({ where: { agencyId: agency.id, role: "MANAGER" } }));
      const context = await openAgency(p, reader, agency.id, NOW);
      expect(context).not.toBeNull();
      const figures = await bookingFigures(p, context!);
      expect({ agency: agency.code, planned: figures.booked + figures.bookedLate, unbooked: figures.unbooked }).toEqual({
        agency: agency.code,
        planned: withInterview,
        unbooked: awaiting.length - withInterview,
      });
    }
  });

  it("never overlaps two live appointments of one advisor", async () => {
    const rows = await db.prisma.appointment.findMany({
      where: { status: { not: "CANCELLED" } },
      select: { advisorId: true, startsAt: true, endsAt: true },
      orderBy: [{ advisorId: "asc" }, { startsAt: "asc" }],
    });
    const overlaps: string[] = [];
    for (let i = 1; i < rows.length; i += 1) {
      const prev = rows[i - 1]!;
      const cur = rows[i]!;
      if (prev.advisorId === cur.advisorId && cur.startsAt < prev.endsAt) overlaps.push(`${cur.advisorId} ${cur.startsAt.toISOString()}`);
    }
    expect(overlaps).toEqual([]);
  });

  it("keeps every live appointment inside its agency's hours, on a working day of its territory, in its time zone", async () => {
    const p = db.prisma;
    const agencies = new Map((await p.agency.findMany()).map((a) => [a.id, a]));
    const live = await p.appointment.findMany({
      where: { status: { not: "CANCELLED" } },
      select: { id: true, agencyId: true, kind: true, startsAt: true, endsAt: true },
    });
    const outside: string[] = [];
    for (const a of live) {
      const agency = agencies.get(a.agencyId)!;
      const zone = timeZoneOf(agency.departement);
      const start = toLocalParts(a.startsAt.toISOString(), zone);
      const end = toLocalParts(a.endsAt.toISOString(), zone);
      const ok =
        isWorkingDay(start.date, agency.departement) &&
        end.date === start.date &&
        parseTimeOfDay(start.time) >= parseTimeOfDay(agency.appointmentStart) &&
        parseTimeOfDay(end.time) <= parseTimeOfDay(agency.appointmentEnd);
      if (!ok) outside.push(`${agency.code} ${a.kind} ${start.date} ${start.time}–${end.time}${created.has(a.id) ? " (today)" : ""}`);
    }
    expect(outside).toEqual([]);
  });
});
