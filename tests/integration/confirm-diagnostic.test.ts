import { describe, expect, it } from "vitest";
import { diagnose, isWorkingDay, localDateOf, reviewWindows, slotStartTimes, timeZoneOf, toLocalParts, type DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { authorizedAction, MESSAGES } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import { confirmDiagnosticSchema, type ConfirmDiagnosticInput } from "@/server/use-cases/confirm-diagnostic.schema";
import { confirmDiagnostic } from "@/server/use-cases/confirm-diagnostic";
import { isRetryableTransactionError, withRetry } from "@/server/use-cases/transactions";
import { tableCounts, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency as createAgency, makeAppointment, makeSeeker as createSeeker, makeUser, type SeekerOptions } from "../support/factories";

// A Monday morning, Paris; the seekers registered on 20 February 2026.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const REGISTRATION = "2026-02-20";
const DEPARTEMENT = "05";

const ANSWERS = {
  SUIVI: { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: true },
  GUIDE: { project: 1, skills: 1, jobSearch: 1, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: false },
  RENFORCE: { project: 2, skills: 2, jobSearch: 2, digital: 1, basicSkills: 0, monthsWithoutWork: 12, barriers: {}, webVolunteer: false },
  GLOBAL: { project: 2, skills: 1, jobSearch: 1, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: { HOUSING: "MAJOR" }, webVolunteer: false },
} satisfies Record<string, DiagnosticAnswers>;

const TABLES = ["Agency", "User", "AdvisorProfile", "Portfolio", "Seeker", "Diagnostic", "Assignment", "SocialTandem", "Appointment", "AuditEvent"];

const countRows = (db: PrismaClient) => tableCounts(db, TABLES);

const makeAgency = (db: PrismaClient, options: { code: string; globalPartnership?: boolean }) =>
  createAgency(db, {
    code: options.code,
    name: `Agence ${options.code}`,
    departement: DEPARTEMENT,
    address: "1 rue de la Paix",
    globalPartnership: options.globalPartnership ?? true,
  });

/** A seeker of the agency registered on 20 February: awaiting a diagnostic, or followed in `portfolio`. */
const makeSeeker = (db: PrismaClient, agencyId: string, extra: SeekerOptions = {}) => createSeeker(db, agencyId, { registrationDate: REGISTRATION, ...extra });

async function world(db: PrismaClient) {
  const agency = await makeAgency(db, { code: "GAP" });
  const other = await makeAgency(db, { code: "BRI" });
  const advisor = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const colleague = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  const stranger = await makeUser(db, other.id, "ADVISOR", "Chloé", "Petit");
  const socialWorker = await makeUser(db, agency.id, "SOCIAL_WORKER", "Sophie", "Roux");
  const seeker = await makeSeeker(db, agency.id);
  return { agency, other, advisor, colleague, stranger, socialWorker, seeker };
}

const actionFor = (who: Actor, db: TestDatabase, now = NOW) =>
  authorizedAction({
    name: "diagnostic.confirm",
    revalidates: [],
    permission: "diagnostic:confirm",
    schema: confirmDiagnosticSchema,
    resolveActor: async () => who,
    run: (actor, input) => confirmDiagnostic(actor, input, { now, db: db.prisma }),
  });

function expectReviewInWindow(startsAt: string | undefined, window: { from: string; to: string }) {
  expect(startsAt).toBeDefined();
  const tz = timeZoneOf(DEPARTEMENT);
  const { date, time } = toLocalParts(startsAt!, tz);
  expect(date >= window.from && date <= window.to).toBe(true);
  expect(isWorkingDay(date, DEPARTEMENT)).toBe(true);
  expect(slotStartTimes({ start: "13:30", end: "16:30", slotMinutes: 30 })).toContain(time);
}

describe("confirmDiagnostic — one transaction, all or nothing", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("confirms the proposal: right portfolio, M4/M9 in their windows at agency hours, GUIDE follow-ups", async () => {
    const w = await world(db.prisma);
    const input: ConfirmDiagnosticInput = { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" };
    const result = await confirmDiagnostic(w.advisor, input, { now: NOW, db: db.prisma });

    expect(result.modality).toBe("GUIDE");
    expect(result.proposedModality).toBe(diagnose(ANSWERS.GUIDE, { globalPartnership: true }).modality);
    expect(result.advisorId).toBe(w.advisor.id);
    const portfolio = await db.prisma.portfolio.findUniqueOrThrow({ where: { id: result.portfolioId } });
    expect(portfolio).toMatchObject({ advisorId: w.advisor.id, modality: "GUIDE", cap: 150, agencyId: w.agency.id });
    // The advisor had no guidé portfolio: it is created, and the result says so (the form tells the advisor).
    expect(result.portfolioCreated).toBe(true);
    const next = await makeSeeker(db.prisma, w.agency.id);
    const again = await confirmDiagnostic(w.advisor, { ...input, seekerId: next.id }, { now: NOW, db: db.prisma });
    expect(again).toMatchObject({ portfolioId: portfolio.id, portfolioCreated: false });

    const seeker = await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } });
    expect(seeker).toMatchObject({ status: "FOLLOWED", modality: "GUIDE", portfolioId: portfolio.id, agreedRhythmMonths: 2, webOnly: false });

    const windows = reviewWindows(REGISTRATION);
    const [m4, m9] = result.reviews;
    expect(m4).toMatchObject({ kind: "M4", status: "SCHEDULED" });
    expect(m9).toMatchObject({ kind: "M9", status: "SCHEDULED" });
    expectReviewInWindow(m4!.startsAt, windows.M4);
    expectReviewInWindow(m9!.startsAt, windows.M9);

    const appointments = await db.prisma.appointment.findMany({ where: { seekerId: w.seeker.id }, orderBy: { startsAt: "asc" } });
    const reviews = appointments.filter((a) => a.kind === "REVIEW_M4" || a.kind === "REVIEW_M9");
    expect(reviews.map((a) => a.startsAt.toISOString())).toEqual([m4!.startsAt, m9!.startsAt]);
    for (const a of appointments) {
      expect(a.advisorId).toBe(w.advisor.id);
      expect(a.status).toBe("SCHEDULED");
      expect(a.endsAt.getTime() - a.startsAt.getTime()).toBe(30 * 60_000);
      const { date, time } = toLocalParts(a.startsAt.toISOString(), timeZoneOf(DEPARTEMENT));
      expect(isWorkingDay(date, DEPARTEMENT)).toBe(true);
      expect(slotStartTimes()).toContain(time);
    }
    const followUps = appointments.filter((a) => a.kind === "FOLLOW_UP");
    expect(followUps.length).toBe(result.followUps);
    // Every 2 months over 12 months (6 targets), minus the two periods holding the M4 and M9 reviews.
    expect(result.followUps).toBe(4);

    const diagnostics = await db.prisma.diagnostic.findMany({ where: { seekerId: w.seeker.id } });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      rulesetVersion: "2014.1",
      proposedModality: "GUIDE",
      decidedModality: "GUIDE",
      overrideJustification: null,
      authorId: w.advisor.id,
    });
    const assignment = await db.prisma.assignment.findFirstOrThrow({ where: { seekerId: w.seeker.id } });
    expect(assignment).toMatchObject({ reason: "DIAGNOSTIC", endedAt: null, portfolioId: portfolio.id });

    const audits = await db.prisma.auditEvent.findMany({ where: { seekerId: w.seeker.id }, orderBy: { action: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["diagnostic.confirmed", "seeker.modality_changed"]);
    const serialized = JSON.stringify(audits.map((a) => a.metadata));
    expect(serialized).not.toMatch(/HOUSING|barriers|answers|jobSearch/);
  });

  it("books follow-ups per modality: none in SUIVI (web-only kept), monthly in RENFORCE, joint meeting and social review in GLOBAL", async () => {
    const w = await world(db.prisma);
    const suivi = await confirmDiagnostic(w.advisor, { seekerId: w.seeker.id, answers: ANSWERS.SUIVI, decidedModality: "SUIVI" }, { now: NOW, db: db.prisma });
    expect(suivi.followUps).toBe(0);
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } })).toMatchObject({ webOnly: true, agreedRhythmMonths: null });

    const s2 = await makeSeeker(db.prisma, w.agency.id);
    const renforce = await confirmDiagnostic(
      w.advisor,
      { seekerId: s2.id, answers: ANSWERS.RENFORCE, decidedModality: "RENFORCE" },
      { now: NOW, db: db.prisma },
    );
    expect(renforce.proposedModality).toBe("RENFORCE");
    // 12 monthly targets minus the months holding M4 and M9.
    expect(renforce.followUps).toBe(10);

    const s3 = await makeSeeker(db.prisma, w.agency.id);
    const global = await confirmDiagnostic(
      w.advisor,
      { seekerId: s3.id, answers: ANSWERS.GLOBAL, decidedModality: "GLOBAL", socialWorkerId: w.socialWorker.id },
      { now: NOW, db: db.prisma },
    );
    expect(global.proposedModality).toBe("GLOBAL");
    const appointments = await db.prisma.appointment.findMany({ where: { seekerId: s3.id } });
    const joint = appointments.filter((a) => a.kind === "JOINT_GLOBAL");
    expect(joint).toHaveLength(1);
    expect(joint[0]!.socialWorkerId).toBe(w.socialWorker.id);
    expect(localDateOf(joint[0]!.startsAt.toISOString(), timeZoneOf(DEPARTEMENT)) < "2026-04-02").toBe(true);
    expect(appointments.filter((a) => a.kind === "SOCIAL_REVIEW")).toHaveLength(1);
    expect(await db.prisma.socialTandem.findMany({ where: { seekerId: s3.id, endedAt: null } })).toHaveLength(1);

    // The advisor's calendar never holds two overlapping live appointments (the constraint would have thrown).
    const all = await db.prisma.appointment.findMany({ where: { advisorId: w.advisor.id }, orderBy: { startsAt: "asc" } });
    for (let i = 1; i < all.length; i += 1) expect(all[i]!.startsAt >= all[i - 1]!.endsAt).toBe(true);
  });

  it("books the global joint meeting when the tandem's social worker is free too, never over their other meetings", async () => {
    const w = await world(db.prisma);
    // The social worker is in meetings with a colleague's seekers from Tuesday 3 to Tuesday 10 March (the advisor is free).
    const other = await makeSeeker(db.prisma, w.agency.id);
    await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: other.id,
      advisorId: w.colleague.id,
      socialWorkerId: w.socialWorker.id,
      kind: "JOINT_GLOBAL",
      startsAt: "2026-03-02T23:00:00.000Z",
      minutes: 7 * 24 * 60,
    });
    await confirmDiagnostic(
      w.advisor,
      { seekerId: w.seeker.id, answers: ANSWERS.GLOBAL, decidedModality: "GLOBAL", socialWorkerId: w.socialWorker.id },
      { now: NOW, db: db.prisma },
    );
    const joint = await db.prisma.appointment.findFirstOrThrow({ where: { seekerId: w.seeker.id, kind: "JOINT_GLOBAL" } });
    expect(joint.startsAt.getTime()).toBeGreaterThanOrEqual(new Date("2026-03-09T23:00:00.000Z").getTime());
    const agenda = await db.prisma.appointment.findMany({
      where: { socialWorkerId: w.socialWorker.id, status: { not: "CANCELLED" } },
      orderBy: { startsAt: "asc" },
    });
    for (let i = 1; i < agenda.length; i += 1) expect(agenda[i]!.startsAt >= agenda[i - 1]!.endsAt).toBe(true);
  });

  it("refuses an override without justification and writes nothing", async () => {
    const w = await world(db.prisma);
    const before = await countRows(db.prisma);
    const attempt = confirmDiagnostic(w.advisor, { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "RENFORCE" }, { now: NOW, db: db.prisma });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toThrow(/justification écrite/);
    const viaAction = await actionFor(w.advisor, db)({ seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "RENFORCE" });
    expect(viaAction.ok).toBe(false);
    if (!viaAction.ok) expect(viaAction.error).toMatch(/diffère de la proposition/);
    expect(await countRows(db.prisma)).toEqual(before);
  });

  it("stores an override with its justification", async () => {
    const w = await world(db.prisma);
    const justification = "  Souhaite un accompagnement plus soutenu après un licenciement récent.  ";
    const result = await confirmDiagnostic(
      w.advisor,
      { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "RENFORCE", overrideJustification: justification },
      { now: NOW, db: db.prisma },
    );
    expect(result).toMatchObject({ modality: "RENFORCE", proposedModality: "GUIDE" });
    const diagnostic = await db.prisma.diagnostic.findUniqueOrThrow({ where: { id: result.diagnosticId } });
    expect(diagnostic).toMatchObject({ proposedModality: "GUIDE", decidedModality: "RENFORCE", overrideJustification: justification.trim() });
    expect(await db.prisma.assignment.findFirstOrThrow({ where: { seekerId: w.seeker.id } })).toMatchObject({ reason: "OVERRIDE", modality: "RENFORCE" });
  });

  it("refuses GLOBAL without a social worker, or where the agency has no partnership", async () => {
    const w = await world(db.prisma);
    const before = await countRows(db.prisma);
    const missing = await actionFor(w.advisor, db)({ seekerId: w.seeker.id, answers: ANSWERS.GLOBAL, decidedModality: "GLOBAL" });
    expect(missing).toEqual({
      ok: false,
      error: MESSAGES.invalid,
      code: "INVALID",
      fieldErrors: { socialWorkerId: ["L'accompagnement global exige un travailleur social du conseil départemental."] },
    });
    const notSocial = await actionFor(
      w.advisor,
      db,
    )({ seekerId: w.seeker.id, answers: ANSWERS.GLOBAL, decidedModality: "GLOBAL", socialWorkerId: w.colleague.id });
    expect(notSocial).toEqual({ ok: false, error: "Travailleur social introuvable pour cette agence.", code: "INVALID" });

    await db.prisma.agency.update({ where: { id: w.agency.id }, data: { globalPartnership: false } });
    const before2 = await countRows(db.prisma);
    const noPartnership = await actionFor(
      w.advisor,
      db,
    )({
      seekerId: w.seeker.id,
      answers: ANSWERS.GLOBAL,
      decidedModality: "GLOBAL",
      socialWorkerId: w.socialWorker.id,
      overrideJustification: "Situation sociale très lourde, logement en urgence.",
    });
    expect(noPartnership.ok).toBe(false);
    if (!noPartnership.ok) expect(noPartnership.error).toMatch(/global n'est pas proposé/);
    expect(await countRows(db.prisma)).toEqual(before2);
    expect(before2).toEqual(before);
  });

  it("refuses a full portfolio, naming a colleague of the agency with room", async () => {
    const w = await world(db.prisma);
    const full = await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.advisor.id, modality: "GUIDE", cap: 1 } });
    await makeSeeker(db.prisma, w.agency.id, { portfolio: full });
    await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.colleague.id, modality: "GUIDE", cap: 3 } });
    const before = await countRows(db.prisma);
    const error = await confirmDiagnostic(
      w.advisor,
      { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" },
      { now: NOW, db: db.prisma },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    const domainError = error as DomainError;
    expect(domainError.code).toBe("CAPACITY");
    expect(domainError.message).toMatch(/complet \(1 \/ 1\)/);
    expect(domainError.message).toContain("Bruno Martin (3 places)");
    expect(domainError.details).toEqual({ alternatives: [{ advisorId: w.colleague.id, name: "Bruno Martin", room: 3 }] });
    expect(await countRows(db.prisma)).toEqual(before);

    // The colleague may take the seeker into their own portfolio.
    const moved = await confirmDiagnostic(
      w.advisor,
      { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE", targetAdvisorId: w.colleague.id },
      { now: NOW, db: db.prisma },
    );
    expect(moved.advisorId).toBe(w.colleague.id);
  });

  it("refuses invalid payloads posted to the action with French messages, writing nothing", async () => {
    const w = await world(db.prisma);
    const action = actionFor(w.advisor, db);
    const before = await countRows(db.prisma);
    const base = { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" };
    const cases: [unknown, string, RegExp][] = [
      [{ ...base, agencyId: w.other.id }, "_", /inconnu/],
      [{ ...base, seekerId: "pas-un-uuid" }, "seekerId", /identifiant invalide/],
      [{ ...base, decidedModality: "TOTAL" }, "decidedModality", /Modalité décidée invalide/],
      [{ ...base, answers: { ...ANSWERS.GUIDE, project: 3 } }, "answers.project", /niveau invalide/],
      [{ ...base, overrideJustification: "court" }, "overrideJustification", /10 caractères au moins/],
      [{ ...base, agreedRhythmMonths: 4 }, "agreedRhythmMonths", /1, 2 ou 3 mois/],
      [{ ...base, webOnly: true }, "webOnly", /100 % web/],
      [{ ...base, force: true }, "force", /responsable d'équipe/],
      [{ ...base, decidedModality: "RENFORCE", agreedRhythmMonths: 1 }, "agreedRhythmMonths", /guidé/],
    ];
    for (const [payload, field, message] of cases) {
      const result = await action(payload);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error).toBe(MESSAGES.invalid);
      expect(Object.keys(result.fieldErrors ?? {})).toContain(field);
      expect(result.fieldErrors![field]!.join(" ")).toMatch(message);
    }
    expect(await countRows(db.prisma)).toEqual(before);

    // Not an advisor: refused before parsing.
    const manager = await makeUser(db.prisma, w.agency.id, "MANAGER", "Marc", "Leroy");
    expect(await actionFor(manager, db)(base)).toEqual({ ok: false, error: MESSAGES.forbidden, code: "FORBIDDEN" });
  });

  it("answers NOT_FOUND to an advisor of another agency", async () => {
    const w = await world(db.prisma);
    const before = await countRows(db.prisma);
    const error = await confirmDiagnostic(
      w.stranger,
      { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" },
      { now: NOW, db: db.prisma },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("NOT_FOUND");
    expect((error as DomainError).message).toBe("Demandeur introuvable.");
    expect(await actionFor(w.stranger, db)({ seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" })).toEqual({
      ok: false,
      error: "Demandeur introuvable.",
      code: "NOT_FOUND",
    });
    // Nor may a colleague's followed seeker be re-diagnosed by someone else.
    await confirmDiagnostic(w.advisor, { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" }, { now: NOW, db: db.prisma });
    await expect(
      confirmDiagnostic(w.colleague, { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" }, { now: NOW, db: db.prisma }),
    ).rejects.toThrow("Demandeur introuvable.");
    expect((await countRows(db.prisma)).Diagnostic).toBe(before.Diagnostic! + 1);
  });

  it("records the first interview in progress as held and cancels one booked for a later date: no pending first interview remains", async () => {
    const w = await world(db.prisma);
    const later = await makeSeeker(db.prisma, w.agency.id);
    // Monday 2 March 2026, 14:10 in Gap: the interview of 13:30 is under way; the other seeker's is next Monday.
    const now = new Date("2026-03-02T13:10:00.000Z");
    const started = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: w.seeker.id,
      advisorId: w.advisor.id,
      kind: "INITIAL",
      startsAt: "2026-03-02T12:30:00.000Z",
      minutes: 60,
    });
    const upcoming = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: later.id,
      advisorId: w.colleague.id,
      kind: "INITIAL",
      startsAt: "2026-03-09T12:30:00.000Z",
      minutes: 60,
    });

    const first = await confirmDiagnostic(w.advisor, { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" }, { now, db: db.prisma });
    expect(first.firstInterviews).toEqual([{ appointmentId: started.id, startsAt: "2026-03-02T12:30:00.000Z", status: "DONE" }]);
    const second = await confirmDiagnostic(w.advisor, { seekerId: later.id, answers: ANSWERS.SUIVI, decidedModality: "SUIVI" }, { now, db: db.prisma });
    expect(second.firstInterviews).toEqual([{ appointmentId: upcoming.id, startsAt: "2026-03-09T12:30:00.000Z", status: "CANCELLED" }]);

    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({ status: "DONE", outcomeAt: now });
    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: upcoming.id } })).toMatchObject({ status: "CANCELLED", outcomeAt: now });
    expect(await db.prisma.appointment.count({ where: { kind: "INITIAL", status: "SCHEDULED" } })).toBe(0);
    const audits = await db.prisma.auditEvent.findMany({ where: { subjectType: "Appointment" }, orderBy: { action: "asc" } });
    expect(audits.map((a) => [a.action, a.subjectId])).toEqual([
      ["appointment.cancelled", upcoming.id],
      ["appointment.outcome_recorded", started.id],
    ]);
    // The freed slot of next Monday is the colleague's again.
    const colleagueLive = await db.prisma.appointment.count({ where: { advisorId: w.colleague.id, status: { not: "CANCELLED" } } });
    expect(colleagueLive).toBe(0);
  });

  it("keeps the history on a re-diagnostic: two diagnostics, a closed and an open assignment, follow-ups replaced", async () => {
    const w = await world(db.prisma);
    const first = await confirmDiagnostic(w.advisor, { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" }, { now: NOW, db: db.prisma });
    const later = new Date("2026-04-06T08:00:00.000Z");
    const second = await confirmDiagnostic(
      w.advisor,
      { seekerId: w.seeker.id, answers: ANSWERS.RENFORCE, decidedModality: "RENFORCE" },
      { now: later, db: db.prisma },
    );
    expect(second.portfolioId).not.toBe(first.portfolioId);
    expect(second.reviews.map((r) => r.status)).toEqual(["ALREADY_PLANNED", "ALREADY_PLANNED"]);
    expect(second.reviews.map((r) => r.startsAt)).toEqual(first.reviews.map((r) => r.startsAt));

    expect(await db.prisma.diagnostic.count({ where: { seekerId: w.seeker.id } })).toBe(2);
    const assignments = await db.prisma.assignment.findMany({ where: { seekerId: w.seeker.id }, orderBy: { startedAt: "asc" } });
    expect(assignments).toHaveLength(2);
    expect(assignments[0]).toMatchObject({ modality: "GUIDE", endedAt: later });
    expect(assignments[1]).toMatchObject({ modality: "RENFORCE", endedAt: null, portfolioId: second.portfolioId });

    const live = await db.prisma.appointment.findMany({ where: { seekerId: w.seeker.id, status: { not: "CANCELLED" } } });
    expect(live.filter((a) => a.kind === "REVIEW_M4")).toHaveLength(1);
    expect(live.filter((a) => a.kind === "REVIEW_M9")).toHaveLength(1);
    expect(live.filter((a) => a.kind === "FOLLOW_UP")).toHaveLength(second.followUps);
    const cancelled = await db.prisma.appointment.count({ where: { seekerId: w.seeker.id, status: "CANCELLED", kind: "FOLLOW_UP" } });
    expect(cancelled).toBe(first.followUps);
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } })).toMatchObject({ modality: "RENFORCE", agreedRhythmMonths: null });
  });
});

describe("withRetry — which database refusals are worth a second attempt", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh), { install: false });

  it("recognises an exclusion-constraint violation raised through the driver adapter, not other errors", async () => {
    const w = await world(db.prisma);
    const slot = { agencyId: w.agency.id, seekerId: w.seeker.id, advisorId: w.advisor.id, kind: "FOLLOW_UP" as const };
    const overlap = await db.prisma
      .$transaction(async (tx) => {
        await tx.appointment.create({ data: { ...slot, startsAt: new Date("2026-03-03T12:30:00Z"), endsAt: new Date("2026-03-03T13:00:00Z") } });
        await tx.appointment.create({ data: { ...slot, startsAt: new Date("2026-03-03T12:45:00Z"), endsAt: new Date("2026-03-03T13:15:00Z") } });
      })
      .catch((e: unknown) => e);
    expect(overlap).toBeInstanceOf(Error);
    expect(isRetryableTransactionError(overlap)).toBe(true);
    expect(await db.prisma.appointment.count()).toBe(0);

    const duplicate = await db.prisma.agency.create({ data: { code: "GAP", name: "x", departement: "05", address: "x" } }).catch((e: unknown) => e);
    expect(isRetryableTransactionError(duplicate)).toBe(false);
    expect(isRetryableTransactionError(new DomainError("CAPACITY", "Le portefeuille est complet."))).toBe(false);
    expect(isRetryableTransactionError({ cause: { kind: "TransactionWriteConflict" } })).toBe(true);
    expect(isRetryableTransactionError({ code: "P2034" })).toBe(true);
    expect(isRetryableTransactionError(new Error("x", { cause: { code: "40001" } }))).toBe(true);

    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        if (calls < 3) throw overlap;
        return "ok";
      }, 3),
    ).resolves.toBe("ok");
    calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw new DomainError("CAPACITY", "complet");
      }, 3),
    ).rejects.toThrow("complet");
    expect(calls).toBe(1);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)("confirmDiagnostic on PostgreSQL — racing for the last place", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("lets exactly one of two concurrent confirmations take the last place", async () => {
    for (let round = 0; round < 5; round += 1) {
      const w = await world(db.prisma);
      await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.advisor.id, modality: "GUIDE", cap: 1 } });
      const other = await makeSeeker(db.prisma, w.agency.id);
      const results = await Promise.allSettled([
        confirmDiagnostic(w.advisor, { seekerId: w.seeker.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE" }, { now: NOW, db: db.prisma }),
        confirmDiagnostic(
          w.colleague,
          { seekerId: other.id, answers: ANSWERS.GUIDE, decidedModality: "GUIDE", targetAdvisorId: w.advisor.id },
          { now: NOW, db: db.prisma },
        ),
      ]);
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toBeInstanceOf(DomainError);
      expect((refused[0]!.reason as DomainError).code).toBe("CAPACITY");
      const portfolio = await db.prisma.portfolio.findFirstOrThrow({ where: { advisorId: w.advisor.id, modality: "GUIDE" } });
      expect(await db.prisma.seeker.count({ where: { portfolioId: portfolio.id } })).toBe(1);
      await db.prisma.agency.update({ where: { id: w.agency.id }, data: { code: `OLD${round}` } });
      await db.prisma.agency.update({ where: { id: w.other.id }, data: { code: `OLDB${round}` } });
    }
  });

  it("retries on an exclusion-constraint conflict when two advisors book the same advisor's calendar", async () => {
    const w = await world(db.prisma);
    const seekers = await Promise.all(Array.from({ length: 4 }, () => makeSeeker(db.prisma, w.agency.id)));
    const retries: unknown[] = [];
    const results = await Promise.allSettled(
      seekers.map((s, i) =>
        confirmDiagnostic(
          i % 2 === 0 ? w.advisor : w.colleague,
          { seekerId: s.id, answers: i < 2 ? ANSWERS.GUIDE : ANSWERS.RENFORCE, decidedModality: i < 2 ? "GUIDE" : "RENFORCE", targetAdvisorId: w.advisor.id },
          { now: NOW, db: db.prisma, attempts: 8, onRetry: (error) => retries.push(error) },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    for (const error of retries) expect(isRetryableTransactionError(error)).toBe(true);
    const all = await db.prisma.appointment.findMany({ where: { advisorId: w.advisor.id, status: { not: "CANCELLED" } }, orderBy: { startsAt: "asc" } });
    for (let i = 1; i < all.length; i += 1) expect(all[i]!.startsAt >= all[i - 1]!.endsAt).toBe(true);
  });
});
