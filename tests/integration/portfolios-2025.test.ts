/**
 * The 2025 offer's portfolios (issue 20): INTENSIF, AGILE and TANDEM are portfolios like the 2014 ones. An orientation
 * to France Travail places the person there (reviews and follow-ups booked, the 2014 portfolio left); a full portfolio
 * refuses with the colleagues who have room and writes nothing; an intensive portfolio never holds more than 50 people
 * (the cap's CHECK, the settings' schema and a trigger whatever the route); caps and rebalancing take the 2025 modalities.
 */
import { describe, expect, it } from "vitest";
import { intensiveContactsShortfall, localDateOf, type DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { DomainError } from "@/server/errors";
import { orientSeeker2025, recordDepartementDecision } from "@/server/use-cases/orient-2025";
import { bookAppointment } from "@/server/use-cases/appointments";
import { bookingChoices } from "@/server/queries/slot-choices";
import { updateCaps } from "@/server/use-cases/agency-settings";
import { proposeBalance } from "@/server/queries/balance-preview";
import { isRaisedByTrigger } from "@/server/use-cases/transactions";
import { tableCounts, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeAppointment, makePortfolio, makeSeeker, makeUser } from "../support/factories";

// A Monday morning in Gap (05, Europe/Paris).
const NOW = new Date("2026-03-02T08:00:00.000Z");
const SITUATION = { rsa: false, rqth: false };
const ADULT = "1980-06-15";
/** P = 8, no barrier: parcours emploi, France Travail, intensive. */
const INTENSIVE: DiagnosticAnswers = {
  project: 2,
  skills: 2,
  jobSearch: 2,
  digital: 2,
  basicSkills: 0,
  monthsWithoutWork: 2,
  barriers: {},
  webVolunteer: false,
};
/** A major housing barrier, P = 4, a recent job: socio-professional, intensive, in tandem where the partnership exists. */
const SOCIO_PRO: DiagnosticAnswers = {
  project: 2,
  skills: 1,
  jobSearch: 1,
  digital: 0,
  basicSkills: 0,
  monthsWithoutWork: 2,
  barriers: { HOUSING: "MAJOR" },
  webVolunteer: false,
};
const AGILE: DiagnosticAnswers = { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: true };
const TABLES = ["Orientation", "Seeker", "Portfolio", "Assignment", "Appointment", "AuditEvent", "OutboxMessage"];

async function world(db: PrismaClient, caps: { capIntensif?: number } = {}) {
  const agency = await makeAgency(db, { code: "GAP-P25", name: "Gap", departement: "05", address: "1 rue de la Paix", offer: "OFFRE_2025", ...caps });
  const advisor = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const colleague = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  const manager = await makeUser(db, agency.id, "MANAGER", "Hélène", "Lemarchand");
  return { agency, advisor, colleague, manager };
}

async function refused(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("2025 portfolios", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const opts = () => ({ now: NOW, db: db.prisma });

  it("an intensive orientation places the person: 2014 portfolio left, reviews booked, two contacts in every month", async () => {
    const w = await world(db.prisma);
    const guide = await makePortfolio(db.prisma, w.agency.id, w.advisor.id, "GUIDE");
    const seeker = await makeSeeker(db.prisma, w.agency.id, {
      birthDate: ADULT,
      registrationDate: "2026-02-20",
      email: "camille@example.fr",
      portfolio: guide,
      assignment: { startedAt: new Date("2026-02-25T09:00:00Z") },
    });
    const oldFollowUp = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.advisor.id,
      kind: "FOLLOW_UP",
      startsAt: "2026-04-20T12:00:00.000Z",
    });

    const result = await orientSeeker2025(w.advisor, { seekerId: seeker.id, answers: INTENSIVE, situation: SITUATION }, opts());

    expect(result.decided.intensity).toBe("INTENSIF");
    expect(result.placed).toMatchObject({ modality: "INTENSIF", advisorId: w.advisor.id });
    const row = await db.prisma.seeker.findUniqueOrThrow({ where: { id: seeker.id }, select: { modality: true, status: true, portfolio: true } });
    expect(row).toMatchObject({ modality: "INTENSIF", status: "FOLLOWED", portfolio: { modality: "INTENSIF", cap: 50, advisorId: w.advisor.id } });
    const assignments = await db.prisma.assignment.findMany({ where: { seekerId: seeker.id }, orderBy: { startedAt: "asc" } });
    expect(assignments.map((a) => [a.modality, a.endedAt === null])).toEqual([
      ["GUIDE", false],
      ["INTENSIF", true],
    ]);
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: oldFollowUp.id } })).status).toBe("CANCELLED");
    const booked = await db.prisma.appointment.findMany({ where: { seekerId: seeker.id, status: "SCHEDULED" }, orderBy: { startsAt: "asc" } });
    expect(booked.filter((a) => a.kind === "REVIEW_M4" || a.kind === "REVIEW_M9")).toHaveLength(2);
    const days = booked.map((a) => localDateOf(a.startsAt.toISOString(), "Europe/Paris"));
    for (const month of ["2026-04", "2026-05", "2026-06", "2026-07"]) expect(intensiveContactsShortfall(days, month)).toBe(0);
    // The result message is queued as for a 2014 diagnostic.
    expect(await db.prisma.outboxMessage.count({ where: { seekerId: seeker.id, kind: "DIAGNOSTIC_RESULT" } })).toBe(1);
  });

  it("placed with a colleague, the booked joint diagnostic and reviews go with the person", async () => {
    const w = await world(db.prisma);
    const guide = await makePortfolio(db.prisma, w.agency.id, w.advisor.id, "GUIDE");
    const seeker = await makeSeeker(db.prisma, w.agency.id, {
      birthDate: ADULT,
      portfolio: guide,
      assignment: { startedAt: new Date("2026-02-25T09:00:00Z") },
    });
    const joint = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.advisor.id,
      kind: "JOINT_DIAGNOSTIC",
      startsAt: "2026-05-12T12:00:00.000Z",
    });
    await orientSeeker2025(w.advisor, { seekerId: seeker.id, answers: INTENSIVE, situation: SITUATION, targetAdvisorId: w.colleague.id }, opts());
    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: joint.id }, select: { advisorId: true, status: true } })).toEqual({
      advisorId: w.colleague.id,
      status: "SCHEDULED",
    });
  });

  it("a full intensive portfolio refuses with the colleagues who have room, and writes nothing", async () => {
    const w = await world(db.prisma, { capIntensif: 2 });
    const full = await makePortfolio(db.prisma, w.agency.id, w.advisor.id, "INTENSIF", 2);
    await makePortfolio(db.prisma, w.agency.id, w.colleague.id, "INTENSIF", 2);
    for (let i = 0; i < 2; i += 1) await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT, portfolio: full, assignment: {} });
    const seeker = await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT });
    const before = await tableCounts(db.prisma, TABLES);

    const error = await refused(orientSeeker2025(w.advisor, { seekerId: seeker.id, answers: INTENSIVE, situation: SITUATION }, opts()));

    expect(error.code).toBe("CAPACITY");
    expect(error.message).toMatch(/portefeuille en intensif est complet \(2 \/ 2\).*Bruno Martin \(2 places\)/);
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    // The colleague's portfolio, chosen explicitly, receives the person.
    const placed = await orientSeeker2025(
      w.advisor,
      { seekerId: seeker.id, answers: INTENSIVE, situation: SITUATION, targetAdvisorId: w.colleague.id },
      opts(),
    );
    expect(placed.placed).toMatchObject({ modality: "INTENSIF", advisorId: w.colleague.id, portfolioCreated: false });
  });

  it("race: two orientations at once for the last place of an intensive portfolio — one enters, the other is refused", async () => {
    const w = await world(db.prisma, { capIntensif: 3 });
    const portfolio = await makePortfolio(db.prisma, w.agency.id, w.advisor.id, "INTENSIF", 3);
    for (let i = 0; i < 2; i += 1) await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT, portfolio, assignment: {} });
    const racers = await Promise.all([0, 1].map(() => makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT })));
    const results = await Promise.allSettled(
      racers.map((seeker) => orientSeeker2025(w.advisor, { seekerId: seeker.id, answers: INTENSIVE, situation: SITUATION }, opts())),
    );
    const outcomes = results.map((r) => (r.status === "fulfilled" ? "OK" : r.reason instanceof DomainError ? r.reason.code : String(r.reason))).sort();
    expect(outcomes).toEqual(["CAPACITY", "OK"]);
    expect(await db.prisma.seeker.count({ where: { portfolioId: portfolio.id } })).toBe(3);
    // The loser wrote nothing: still in the queue, no orientation.
    const loser = racers[results.findIndex((r) => r.status === "rejected")]!;
    expect(await db.prisma.orientation.count({ where: { seekerId: loser.id } })).toBe(0);
  });

  it("a tandem (socio-professional, with the partnership): the social worker joins, and joint meetings are booked as in global", async () => {
    const w = await world(db.prisma);
    await db.prisma.agency.update({ where: { id: w.agency.id }, data: { globalPartnership: true } });
    const worker = await makeUser(db.prisma, w.agency.id, "SOCIAL_WORKER", "Karim", "Benhamou");
    const seeker = await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT });
    const result = await orientSeeker2025(w.advisor, { seekerId: seeker.id, answers: SOCIO_PRO, situation: SITUATION, socialWorkerId: worker.id }, opts());
    expect(result.placed?.modality).toBe("TANDEM");
    // The tripartite meeting of the first month was booked with the social worker, as in global.
    const joint = await db.prisma.appointment.findFirstOrThrow({ where: { seekerId: seeker.id, kind: "JOINT_GLOBAL" } });
    expect(joint.socialWorkerId).toBe(worker.id);
    // Another joint meeting among the free slots, by the advisor (refused outside global before the 2025 tandem).
    const choices = await bookingChoices(w.advisor, seeker.id, "JOINT_GLOBAL", { now: NOW });
    expect(choices?.slots.length).toBeGreaterThan(0);
    const booked = await bookAppointment(
      w.advisor,
      { seekerId: seeker.id, kind: "JOINT_GLOBAL", startsAt: choices!.slots[0]!.startsAt, channel: "AGENCY" },
      { now: NOW, db: db.prisma },
    );
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).socialWorkerId).toBe(worker.id);
  });

  it("AGILE: the agreed rhythm is kept; a rhythm or a social worker where they do not apply is refused in French", async () => {
    const w = await world(db.prisma);
    const seeker = await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT });
    const worker = await makeUser(db.prisma, w.agency.id, "SOCIAL_WORKER", "Karim", "Benhamou");
    const before = await tableCounts(db.prisma, TABLES);
    const withWorker = await refused(
      orientSeeker2025(w.advisor, { seekerId: seeker.id, answers: AGILE, situation: SITUATION, socialWorkerId: worker.id }, opts()),
    );
    expect(withWorker.message).toMatch(/travailleur social n'est désigné que pour un accompagnement en binôme/);
    const intensiveRhythm = await refused(
      orientSeeker2025(w.advisor, { seekerId: seeker.id, answers: INTENSIVE, situation: SITUATION, agreedRhythmMonths: 3 }, opts()),
    );
    expect(intensiveRhythm.message).toMatch(/rythme convenu ne s'applique qu'à l'accompagnement agile/);
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);

    await orientSeeker2025(w.advisor, { seekerId: seeker.id, answers: AGILE, situation: SITUATION, agreedRhythmMonths: 3 }, opts());
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: seeker.id }, select: { modality: true, agreedRhythmMonths: true } })).toEqual({
      modality: "AGILE",
      agreedRhythmMonths: 3,
    });
  });

  it("at most 50 in an intensive portfolio: the caps' CHECKs and the trigger refuse, whatever the route", async () => {
    const w = await world(db.prisma);
    await expect(db.prisma.agency.update({ where: { id: w.agency.id }, data: { capIntensif: 51 } })).rejects.toThrow(/Agency_caps_2025/);
    await expect(makePortfolio(db.prisma, w.agency.id, w.advisor.id, "INTENSIF", 51)).rejects.toThrow(/Portfolio_intensive_cap/);
    const portfolio = await makePortfolio(db.prisma, w.agency.id, w.advisor.id, "INTENSIF", 50);
    for (let i = 0; i < 50; i += 1) await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT, portfolio });
    const error = await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT, portfolio }).catch((e: unknown) => e);
    expect(isRaisedByTrigger(error, /already holds 50 people/)).toBe(true);
    const outside = await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT });
    const moved = await db.prisma.seeker.update({ where: { id: outside.id }, data: { portfolioId: portfolio.id } }).catch((e: unknown) => e);
    expect(isRaisedByTrigger(moved, /already holds 50 people/)).toBe(true);
    expect(await db.prisma.seeker.count({ where: { portfolioId: portfolio.id } })).toBe(50);
    // Other modalities are not limited by the trigger (their caps are the use-cases').
    const agile = await makePortfolio(db.prisma, w.agency.id, w.advisor.id, "AGILE", 100);
    await db.prisma.seeker.update({ where: { id: outside.id }, data: { portfolioId: agile.id } });
  });

  it("caps: the manager sets the 2025 caps (intensif at most 50, in French); the portfolios follow", async () => {
    const w = await world(db.prisma);
    const agile = await makePortfolio(db.prisma, w.agency.id, w.advisor.id, "AGILE", 300);
    const caps2014 = { capSuivi: 350, capGuide: 150, capRenforce: 70, capGlobal: 100 };
    const tooMany = await refused(updateCaps(w.manager, { agencyId: w.agency.id, ...caps2014, capIntensif: 51 }, opts()));
    expect(tooMany.message).toMatch(/Plafond intensif : 50 personnes au plus.*arrêté du 6 août 2025/);
    const tooFew = await refused(updateCaps(w.manager, { agencyId: w.agency.id, ...caps2014, capAgile: 99 }, opts()));
    expect(tooFew.message).toMatch(/Plafond agile : 100 demandeur au moins/);
    const result = await updateCaps(w.manager, { agencyId: w.agency.id, ...caps2014, capAgile: 250, capIntensif: 40 }, opts());
    expect(result.changed).toEqual(["INTENSIF", "AGILE"]);
    expect((await db.prisma.portfolio.findUniqueOrThrow({ where: { id: agile.id } })).cap).toBe(250);
    // The 2014 form (no 2025 caps sent) leaves them as they are.
    await updateCaps(w.manager, { agencyId: w.agency.id, ...caps2014, capSuivi: 300 }, opts());
    expect(await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id }, select: { capAgile: true, capIntensif: true } })).toEqual({
      capAgile: 250,
      capIntensif: 40,
    });
  });

  it("the département's decision to France Travail places the person with the advisor recording it; a manager's leaves the queue", async () => {
    const w = await world(db.prisma);
    const rsa = { rsa: true, rqth: false };
    const first = await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT });
    const second = await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT });
    for (const seeker of [first, second]) {
      const proposal = await orientSeeker2025(w.advisor, { seekerId: seeker.id, answers: INTENSIVE, situation: rsa }, opts());
      expect(proposal).toMatchObject({ decidedBy: "DEPARTEMENT", placed: null });
    }
    const byAdvisor = await recordDepartementDecision(
      w.advisor,
      { seekerId: first.id, parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", decidedOn: "2026-03-02" },
      opts(),
    );
    // P = 8: intensive by the rules, in the advisor's portfolio.
    expect(byAdvisor.placed).toMatchObject({ modality: "INTENSIF", advisorId: w.advisor.id });
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: first.id }, select: { status: true, modality: true } })).toEqual({
      status: "FOLLOWED",
      modality: "INTENSIF",
    });
    const byManager = await recordDepartementDecision(
      w.manager,
      { seekerId: second.id, parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", decidedOn: "2026-03-02" },
      opts(),
    );
    expect(byManager.placed).toBeNull();
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: second.id }, select: { status: true, portfolioId: true } })).toEqual({
      status: "AWAITING_DIAGNOSTIC",
      portfolioId: null,
    });
  });

  it("rebalancing works on the 2025 modalities as on the 2014 ones", async () => {
    const w = await world(db.prisma);
    const heavy = await makePortfolio(db.prisma, w.agency.id, w.advisor.id, "AGILE", 300);
    await makePortfolio(db.prisma, w.agency.id, w.colleague.id, "AGILE", 300);
    for (let i = 0; i < 6; i += 1) await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT, portfolio: heavy, assignment: {} });
    const preview = await proposeBalance(w.manager, { agencyId: w.agency.id, modality: "AGILE" }, opts());
    expect(preview.after.map((p) => p.load).sort()).toEqual([3, 3]);
  });
});
