/**
 * The advisor orients under the 2025 offer (issue 20): proposal recomputed on the server, confirmed or overridden with
 * a justification, an RSA recipient's proposal to the département then its decision, the hand-over of a file to
 * another organisme référent, refusals that write nothing, and the file's orientation state (read query).
 */
import { describe, expect, it } from "vitest";
import { localToInstant, type DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { authorizedAction } from "@/server/auth/guard";
import type { Actor } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import {
  DECISION_ALREADY_RECORDED_MESSAGE,
  NO_PENDING_PROPOSAL_MESSAGE,
  OFFER_2014_MESSAGE,
  orientSeeker2025,
  recordDepartementDecision,
} from "@/server/use-cases/orient-2025";
import { orientSeeker2025Schema } from "@/server/use-cases/orient-2025.schema";
import { isRaisedByTrigger } from "@/server/use-cases/transactions";
import { seekerOrientation } from "@/server/queries/orientation-2025";
import { tableCounts, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeAppointment, makePortfolio, makeSeeker, makeUser } from "../support/factories";

// A Monday morning in Gap (05, Europe/Paris).
const NOW = new Date("2026-03-02T08:00:00.000Z");
const LATER = new Date("2026-03-25T09:00:00.000Z");
const DEPARTEMENT = "05";

const EMPLOI: DiagnosticAnswers = { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: true };
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
const SITUATION = { rsa: false, rqth: false };
/** Born in 1980: 45 on the day (France Travail is the referent unless RQTH or the social parcours). */
const ADULT = "1980-06-15";
/** Born in 2004: 21 on the day (the Mission locale). */
const YOUNG = "2004-09-01";

const TABLES = ["Orientation", "DepartementDecision", "Seeker", "Assignment", "Appointment", "AuditEvent", "OutboxMessage"];

async function world(db: PrismaClient, offer: "OFFRE_2014" | "OFFRE_2025" = "OFFRE_2025") {
  const agency = await makeAgency(db, {
    code: `GAP-${offer}`,
    name: "Gap",
    departement: DEPARTEMENT,
    address: "1 rue de la Paix",
    globalPartnership: true,
    offer,
  });
  const other = await makeAgency(db, { code: `BRI-${offer}`, name: "Briançon", departement: DEPARTEMENT, address: "2 rue du Col", offer: "OFFRE_2025" });
  const advisor = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const colleague = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  const stranger = await makeUser(db, other.id, "ADVISOR", "Chloé", "Petit");
  const manager = await makeUser(db, agency.id, "MANAGER", "Hélène", "Lemarchand");
  const own = await makePortfolio(db, agency.id, advisor.id, "GUIDE");
  const colleagues = await makePortfolio(db, agency.id, colleague.id, "GUIDE");
  const awaiting = await makeSeeker(db, agency.id, { birthDate: ADULT });
  const followed = await makeSeeker(db, agency.id, {
    birthDate: YOUNG,
    email: "camille@example.fr",
    portfolio: own,
    assignment: { startedAt: new Date("2026-01-10T09:00:00Z"), actorId: advisor.id },
  });
  const colleagueSeeker = await makeSeeker(db, agency.id, { birthDate: ADULT, portfolio: colleagues, assignment: {} });
  return { agency, other, advisor, colleague, stranger, manager, own, awaiting, followed, colleagueSeeker };
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

describe("orientSeeker2025 — the advisor orients, France Travail decides", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const opts = () => ({ now: NOW, db: db.prisma });

  it("confirms the proposal: the orientation appended with proposal and decision, notified today, journaled without the situation", async () => {
    const w = await world(db.prisma);
    const result = await orientSeeker2025(w.advisor, { seekerId: w.awaiting.id, answers: EMPLOI, situation: SITUATION }, opts());
    expect(result.decided).toEqual({ parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", intensity: "AGILE", tandem: false });
    expect(result).toMatchObject({ override: false, decidedBy: "FRANCE_TRAVAIL", notifiedOn: "2026-03-02", contractDueOn: "2026-04-02", handedOver: null });
    const row = await db.prisma.orientation.findUniqueOrThrow({ where: { id: result.orientationId } });
    expect(row).toMatchObject({
      rulesetVersion: "2025.1",
      proposedParcours: "EMPLOI",
      proposedReferent: "FRANCE_TRAVAIL",
      proposedIntensity: "AGILE",
      proposedTandem: false,
      parcours: "EMPLOI",
      referent: "FRANCE_TRAVAIL",
      intensity: "AGILE",
      decidedBy: "FRANCE_TRAVAIL",
      overrideJustification: null,
      authorId: w.advisor.id,
    });
    expect(dayOf(row.notifiedOn)).toBe("2026-03-02");
    expect(row.situation).toEqual({ rsa: false, rqth: false, ageYears: 45 });
    expect((row.reasons as string[]).length).toBeGreaterThan(4);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "orientation.recorded", subjectId: result.orientationId } });
    const text = JSON.stringify(audit.metadata);
    expect(text).not.toMatch(/rqth|rsa|ageYears|answers|situation/i);
    // France Travail decided: the person enters the advisor's AGILE portfolio (created for them).
    expect(result.placed).toMatchObject({ modality: "AGILE", advisorId: w.advisor.id, portfolioCreated: true });
    const placed = await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.awaiting.id }, select: { status: true, modality: true, portfolio: true } });
    expect(placed).toMatchObject({ status: "FOLLOWED", modality: "AGILE", portfolio: { advisorId: w.advisor.id, modality: "AGILE", cap: 300 } });
    const state = await seekerOrientation(w.advisor, w.awaiting.id, { now: NOW });
    expect(state?.latest?.state).toMatchObject({
      kind: "DECIDED",
      decidedBy: "FRANCE_TRAVAIL",
      decidedOn: "2026-03-02",
      orientedTo: "France Travail",
      contractDueOn: "2026-04-02",
      handedOver: false,
    });
  });

  it("socio-professional with the partnership: intensive, in tandem; the advisor's RQTH never reaches the journal", async () => {
    const w = await world(db.prisma);
    const result = await orientSeeker2025(w.advisor, { seekerId: w.awaiting.id, answers: SOCIO_PRO, situation: { rsa: false, rqth: true } }, opts());
    // RQTH routes to Cap emploi (who follows), never the parcours: a hand-over.
    expect(result.proposal).toMatchObject({ parcours: "SOCIO_PROFESSIONNEL", referent: "CAP_EMPLOI", intensity: null, tandem: false });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "orientation.recorded" } });
    expect(JSON.stringify(audit.metadata)).not.toMatch(/rqth/i);
    const tandem = await orientSeeker2025(w.advisor, { seekerId: w.colleagueSeeker.id, answers: SOCIO_PRO, situation: SITUATION }, opts()).catch((e) => e);
    expect(tandem).toBeInstanceOf(DomainError); // a colleague's seeker: out of scope
    const mine = await makeSeeker(db.prisma, w.agency.id, { birthDate: ADULT });
    // A tandem needs the département's social worker, as global.
    const withoutWorker = await refused(orientSeeker2025(w.advisor, { seekerId: mine.id, answers: SOCIO_PRO, situation: SITUATION }, opts()));
    expect(withoutWorker.message).toMatch(/binôme exige un travailleur social/);
    const worker = await makeUser(db.prisma, w.agency.id, "SOCIAL_WORKER", "Karim", "Benhamou");
    const ok = await orientSeeker2025(w.advisor, { seekerId: mine.id, answers: SOCIO_PRO, situation: SITUATION, socialWorkerId: worker.id }, opts());
    expect(ok.decided).toEqual({ parcours: "SOCIO_PROFESSIONNEL", referent: "FRANCE_TRAVAIL", intensity: "INTENSIF", tandem: true });
    expect(ok.placed?.modality).toBe("TANDEM");
    expect(await db.prisma.socialTandem.findFirst({ where: { seekerId: mine.id, endedAt: null }, select: { socialWorkerId: true } })).toEqual({
      socialWorkerId: worker.id,
    });
  });

  it("an override needs a written justification (nothing written without it), then keeps it", async () => {
    const w = await world(db.prisma);
    const before = await tableCounts(db.prisma, TABLES);
    for (const change of [{ decidedIntensity: "INTENSIF" }, { decidedParcours: "SOCIO_PROFESSIONNEL" }] as const) {
      const error = await refused(orientSeeker2025(w.advisor, { seekerId: w.awaiting.id, answers: EMPLOI, situation: SITUATION, ...change }, opts()));
      expect(error.code).toBe("INVALID");
      expect(error.message).toMatch(/diffère de la proposition.*justification écrite/);
    }
    // Choices the rules forbid, whatever the justification.
    const justification = "La personne souhaite un suivi rapproché.";
    for (const [change, message] of [
      [{ decidedTandem: true }, /binôme/],
      [{ decidedReferent: "MISSION_LOCALE", decidedIntensity: "AGILE" }, /Pas d'intensité/],
      [{ decidedIntensity: null }, /Choisissez l'intensité/],
    ] as const) {
      const error = await refused(
        orientSeeker2025(
          w.advisor,
          { seekerId: w.awaiting.id, answers: EMPLOI, situation: SITUATION, overrideJustification: justification, ...change },
          opts(),
        ),
      );
      expect(error.message).toMatch(message);
    }
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);

    const result = await orientSeeker2025(
      w.advisor,
      { seekerId: w.awaiting.id, answers: EMPLOI, situation: SITUATION, decidedIntensity: "INTENSIF", overrideJustification: `  ${justification}  ` },
      opts(),
    );
    expect(result).toMatchObject({ override: true, decided: { parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", intensity: "INTENSIF", tandem: false } });
    const row = await db.prisma.orientation.findUniqueOrThrow({ where: { id: result.orientationId } });
    expect(row).toMatchObject({ proposedIntensity: "AGILE", intensity: "INTENSIF", overrideJustification: justification });
    // A justification sent with a confirmed proposal is not kept.
    const plain = await orientSeeker2025(
      w.advisor,
      { seekerId: w.awaiting.id, answers: EMPLOI, situation: SITUATION, overrideJustification: justification },
      opts(),
    );
    expect((await db.prisma.orientation.findUniqueOrThrow({ where: { id: plain.orientationId } })).overrideJustification).toBeNull();
  });

  it("a referent other than France Travail hands the file over: portfolio left, assignment closed, future appointments cancelled with a notice", async () => {
    const w = await world(db.prisma);
    const past = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: w.followed.id,
      advisorId: w.advisor.id,
      startsAt: localToInstant("2026-02-26", "14:00", "Europe/Paris"),
    });
    const future = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: w.followed.id,
      advisorId: w.advisor.id,
      startsAt: localToInstant("2026-03-16", "14:00", "Europe/Paris"),
    });
    const result = await orientSeeker2025(w.advisor, { seekerId: w.followed.id, answers: EMPLOI, situation: SITUATION }, opts());
    expect(result.decided).toMatchObject({ referent: "MISSION_LOCALE", intensity: null });
    expect(result.handedOver).toEqual({ appointmentsCancelled: 1, previousPortfolioId: w.own.id });
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.followed.id }, select: { status: true, portfolioId: true, modality: true } })).toEqual({
      status: "FOLLOWED",
      portfolioId: null,
      modality: null,
    });
    expect(await db.prisma.assignment.count({ where: { seekerId: w.followed.id, endedAt: null } })).toBe(0);
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: future.id } })).status).toBe("CANCELLED");
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: past.id } })).status).toBe("SCHEDULED");
    const notices = await db.prisma.outboxMessage.findMany({ where: { seekerId: w.followed.id, kind: "CHANGE", appointmentId: future.id } });
    expect(notices.length).toBeGreaterThan(0);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "orientation.recorded" } });
    expect(audit.metadata).toMatchObject({ handedOver: true, appointmentsCancelled: 1, portfolioId: w.own.id, referent: "MISSION_LOCALE" });
    // The manager still sees the file « orienté vers la Mission locale ».
    const state = await seekerOrientation(w.manager, w.followed.id, { now: NOW });
    expect(state?.latest?.state).toMatchObject({ kind: "DECIDED", orientedTo: "Mission locale", handedOver: true, contractDueOn: "2026-04-02" });
  });

  it("refuses an agency still on the 2014 offer, in French, and writes nothing; the database's trigger says the same", async () => {
    const w = await world(db.prisma, "OFFRE_2014");
    const before = await tableCounts(db.prisma, TABLES);
    const error = await refused(orientSeeker2025(w.advisor, { seekerId: w.awaiting.id, answers: EMPLOI, situation: SITUATION }, opts()));
    expect(error).toMatchObject({ code: "CONFLICT", message: OFFER_2014_MESSAGE });
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    // Bypassing the use case's check, the trigger refuses (P0001) and is recognised.
    const raw = await db.prisma.orientation
      .create({
        data: {
          agencyId: w.agency.id,
          seekerId: w.awaiting.id,
          authorId: w.advisor.id,
          rulesetVersion: "2025.1",
          answers: {},
          situation: {},
          proposedParcours: "EMPLOI",
          proposedReferent: "FRANCE_TRAVAIL",
          proposedIntensity: "AGILE",
          proposedTandem: false,
          decidedBy: "FRANCE_TRAVAIL",
          professionalScore: 0,
          reasons: [],
          parcours: "EMPLOI",
          referent: "FRANCE_TRAVAIL",
          intensity: "AGILE",
          tandem: false,
        },
      })
      .catch((e: unknown) => e);
    expect(isRaisedByTrigger(raw, /not on the 2025 offer/)).toBe(true);
    expect(isRaisedByTrigger(new Error("autre chose"), /not on the 2025 offer/)).toBe(false);
  });

  it("refuses a seeker out of scope (a colleague's, another agency's) or a role that may not orient; nothing written", async () => {
    const w = await world(db.prisma);
    const before = await tableCounts(db.prisma, TABLES);
    const input = (seekerId: string) => ({ seekerId, answers: EMPLOI, situation: SITUATION });
    expect((await refused(orientSeeker2025(w.advisor, input(w.colleagueSeeker.id), opts()))).code).toBe("NOT_FOUND");
    expect((await refused(orientSeeker2025(w.stranger, input(w.awaiting.id), opts()))).code).toBe("NOT_FOUND");
    expect((await refused(orientSeeker2025(w.manager, input(w.awaiting.id), opts()))).code).toBe("FORBIDDEN");
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    expect(await seekerOrientation(w.stranger, w.awaiting.id, { now: NOW })).toBeNull();
  });

  it("invalid answers or situation: a French message, nothing written (direct call and through the action)", async () => {
    const w = await world(db.prisma);
    const before = await tableCounts(db.prisma, TABLES);
    const cases: [unknown, RegExp][] = [
      [{ seekerId: w.awaiting.id, answers: { ...EMPLOI, project: 5 }, situation: SITUATION }, /./],
      [{ seekerId: w.awaiting.id, answers: EMPLOI, situation: { rsa: true } }, /RQTH/],
      [{ seekerId: w.awaiting.id, answers: EMPLOI, situation: { ...SITUATION, ageYears: 30 } }, /Situation : champ\(s\) non autorisé\(s\) « ageYears »/],
      [{ seekerId: w.awaiting.id, answers: EMPLOI, situation: { rsa: "oui", rqth: false } }, /RSA/],
      [{ seekerId: w.awaiting.id, answers: EMPLOI, situation: SITUATION, decidedParcours: "RENFORCE" }, /Parcours/],
      [{ seekerId: w.awaiting.id, answers: EMPLOI, situation: SITUATION, agencyId: w.agency.id }, /non autorisé/],
    ];
    const action = authorizedAction({
      name: "orientation.orient",
      revalidates: [],
      permission: "diagnostic:confirm",
      schema: orientSeeker2025Schema,
      resolveActor: async () => w.advisor,
      run: (actor, input) => orientSeeker2025(actor, input, opts()),
    });
    for (const [input, message] of cases) {
      const error = await refused(orientSeeker2025(w.advisor, input, opts()));
      expect(error.code).toBe("INVALID");
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/Zod|invalid_type|Expected/);
      const viaAction = await action(input);
      expect(viaAction.ok).toBe(false);
    }
    // An age outside 16–70 from the birth date.
    const old = await makeSeeker(db.prisma, w.agency.id, { birthDate: "1950-01-01" });
    const error = await refused(orientSeeker2025(w.advisor, { seekerId: old.id, answers: EMPLOI, situation: SITUATION }, opts()));
    expect(error.message).toMatch(/de 16 à 70 ans ; ce demandeur a 76 ans/);
    expect(await tableCounts(db.prisma, TABLES)).toEqual({ ...before, Seeker: before.Seeker! + 1 });
  });
});

describe("RSA: a proposal to the département, then its decision", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  async function proposed(w: Awaited<ReturnType<typeof world>>, seekerId: string, answers: DiagnosticAnswers = EMPLOI) {
    return orientSeeker2025(w.advisor, { seekerId, answers, situation: { rsa: true, rqth: false } }, { now: NOW, db: db.prisma });
  }

  it("pending with the 6-week deadline, then decided by the département: the contract due a month after its date", async () => {
    const w = await world(db.prisma);
    const result = await proposed(w, w.awaiting.id);
    expect(result).toMatchObject({ decidedBy: "DEPARTEMENT", notifiedOn: null, contractDueOn: null, handedOver: null });
    expect((await db.prisma.orientation.findUniqueOrThrow({ where: { id: result.orientationId } })).notifiedOn).toBeNull();
    const pending = await seekerOrientation(w.advisor, w.awaiting.id, { now: NOW });
    expect(pending?.latest?.state).toEqual({ kind: "PENDING_DEPARTEMENT", label: "Proposition transmise au département", dueOn: "2026-04-13", overdue: false });
    expect((await seekerOrientation(w.advisor, w.awaiting.id, { now: new Date("2026-04-14T08:00:00Z") }))?.latest?.state).toMatchObject({ overdue: true });

    const later = { now: LATER, db: db.prisma };
    const base = { seekerId: w.awaiting.id, parcours: "EMPLOI", referent: "FRANCE_TRAVAIL" } as const;
    expect((await refused(recordDepartementDecision(w.manager, { ...base, decidedOn: "2026-03-26" }, later))).message).toMatch(/futur/);
    expect((await refused(recordDepartementDecision(w.manager, { ...base, decidedOn: "2026-03-01" }, later))).message).toMatch(/précéder/);
    // The queue is the agency's: a colleague may record it; the manager's second decision is then refused.
    const recorded = await recordDepartementDecision(w.colleague, { ...base, decidedOn: "2026-03-20", note: "Décision de la commission" }, later);
    expect(recorded).toMatchObject({ orientationId: result.orientationId, contractDueOn: "2026-04-20", handedOver: null });
    expect((await refused(recordDepartementDecision(w.manager, { ...base, decidedOn: "2026-03-21" }, later))).message).toBe(DECISION_ALREADY_RECORDED_MESSAGE);
    expect(await db.prisma.departementDecision.count()).toBe(1);
    const state = await seekerOrientation(w.manager, w.awaiting.id, { now: LATER });
    expect(state?.latest?.state).toMatchObject({
      kind: "DECIDED",
      decidedBy: "DEPARTEMENT",
      decidedOn: "2026-03-20",
      orientedTo: "France Travail",
      contractDueOn: "2026-04-20",
      handedOver: false,
      decision: { intensity: "AGILE" },
    });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "orientation.departement_decided" } });
    expect(JSON.stringify(audit.metadata)).not.toContain("commission");
  });

  it("the département's decision returns the contract date; a referent other than France Travail hands the file over", async () => {
    const w = await world(db.prisma);
    const future = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: w.followed.id,
      advisorId: w.advisor.id,
      startsAt: localToInstant("2026-04-02", "14:00", "Europe/Paris"),
    });
    // 21 years old, RSA: the proposal (Mission locale) goes to the département; nothing is handed over yet.
    const result = await proposed(w, w.followed.id);
    expect(result.handedOver).toBeNull();
    expect((await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.followed.id } })).portfolioId).toBe(w.own.id);
    const decision = await recordDepartementDecision(
      w.advisor,
      { seekerId: w.followed.id, parcours: "SOCIAL", referent: "CONSEIL_DEPARTEMENTAL", decidedOn: "2026-03-24" },
      { now: LATER, db: db.prisma },
    );
    expect(decision).toMatchObject({
      orientationId: result.orientationId,
      contractDueOn: "2026-04-24",
      handedOver: { appointmentsCancelled: 1, previousPortfolioId: w.own.id },
    });
    expect(await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.followed.id }, select: { status: true, portfolioId: true } })).toEqual({
      status: "FOLLOWED",
      portfolioId: null,
    });
    expect(await db.prisma.assignment.count({ where: { seekerId: w.followed.id, endedAt: null } })).toBe(0);
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: future.id } })).status).toBe("CANCELLED");
    expect(await db.prisma.outboxMessage.count({ where: { seekerId: w.followed.id, kind: "CHANGE" } })).toBeGreaterThan(0);
  });

  it("refuses a second decision (one at a time, even concurrent), and a decision with no pending proposal", async () => {
    const w = await world(db.prisma);
    const later = { now: LATER, db: db.prisma };
    const input = { seekerId: w.awaiting.id, parcours: "EMPLOI", referent: "FRANCE_TRAVAIL", decidedOn: "2026-03-20" } as const;
    expect((await refused(recordDepartementDecision(w.manager, input, later))).message).toBe(NO_PENDING_PROPOSAL_MESSAGE);
    await orientSeeker2025(w.advisor, { seekerId: w.awaiting.id, answers: EMPLOI, situation: SITUATION }, { now: NOW, db: db.prisma });
    // Decided by France Travail: nothing for the département to decide.
    expect((await refused(recordDepartementDecision(w.manager, input, later))).message).toBe(NO_PENDING_PROPOSAL_MESSAGE);
    // A new orientation an hour later (the latest one is the one decided on).
    await orientSeeker2025(
      w.advisor,
      { seekerId: w.awaiting.id, answers: EMPLOI, situation: { rsa: true, rqth: false } },
      { now: new Date(NOW.getTime() + 3_600_000), db: db.prisma },
    );
    const settled = await Promise.allSettled([recordDepartementDecision(w.manager, input, later), recordDepartementDecision(w.advisor, input, later)]);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    const failure = settled.find((s) => s.status === "rejected") as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(DomainError);
    expect((failure.reason as DomainError).message).toBe(DECISION_ALREADY_RECORDED_MESSAGE);
    expect(await db.prisma.departementDecision.count()).toBe(1);
    // Out of scope: another agency's advisor; a role without the permission.
    expect((await refused(recordDepartementDecision(w.stranger, input, later))).code).toBe("NOT_FOUND");
    const worker = await makeUser(db.prisma, w.agency.id, "SOCIAL_WORKER", "Sophie", "Roux");
    expect((await refused(recordDepartementDecision(worker as Actor, input, later))).code).toBe("FORBIDDEN");
  });
});
