/**
 * Breaches under the 2025 offer (issue 20, docs/rules.md#breaches-2025): each step recorded by who may (the advisor in
 * charge reports, notifies, records the answer; the manager enters the decision; either records the remobilisation),
 * journaled with codes and dates only; refused steps with French messages and nothing written; wrong roles and
 * scopes; an agency on the 2014 offer refused (use case and database); the tables append-only; the seeker sees their
 * own breaches only; retention empties what was said.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { DomainError } from "@/server/errors";
import {
  answerBreach,
  BREACH_OFFER_2014_MESSAGE,
  decideBreach,
  liftBreach,
  notifyBreach,
  reportBreach,
  STEP_ALREADY_RECORDED_MESSAGE,
} from "@/server/use-cases/breaches";
import { ownBreaches, seekerBreaches } from "@/server/queries/breaches";
import { MAINTENANCE_ROLE, purgeExpiredData } from "@/server/use-cases/retention";
import { tableCounts, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makePortfolio, makeSeeker, makeUser } from "../support/factories";

// Monday 2 March 2026, 9 h in Gap (05, Europe/Paris).
const NOW = new Date("2026-03-02T08:00:00.000Z");
const at = (day: string) => new Date(`${day}T09:00:00.000Z`);
const TABLES = ["Breach", "BreachEvent", "AuditEvent"];

async function world(db: PrismaClient, offer: "OFFRE_2014" | "OFFRE_2025" = "OFFRE_2025") {
  const agency = await makeAgency(db, { name: "Gap", departement: "05", address: "1 rue de la Paix", offer });
  const other = await makeAgency(db, { name: "Briançon", departement: "05", address: "2 rue du Col", offer: "OFFRE_2025" });
  const advisor = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const colleague = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  const stranger = await makeUser(db, other.id, "ADVISOR", "Chloé", "Petit");
  const manager = await makeUser(db, agency.id, "MANAGER", "Hélène", "Lemarchand");
  const otherManager = await makeUser(db, other.id, "MANAGER", "Émile", "Autre");
  const admin = await makeUser(db, null, "ADMIN", "Fanny", "Admin");
  const seekerUser = await makeUser(db, agency.id, "SEEKER", "Zoé", "Martin");
  const otherSeekerUser = await makeUser(db, agency.id, "SEEKER", "Yann", "Autrui");
  const own = await makePortfolio(db, agency.id, advisor.id, "GUIDE");
  const colleagues = await makePortfolio(db, agency.id, colleague.id, "GUIDE");
  const seeker = await makeSeeker(db, agency.id, { portfolio: own, assignment: {}, userId: seekerUser.id });
  const otherSeeker = await makeSeeker(db, agency.id, { portfolio: colleagues, assignment: {}, userId: otherSeekerUser.id });
  return { agency, other, advisor, colleague, stranger, manager, otherManager, admin, seekerUser, otherSeekerUser, seeker, otherSeeker };
}

async function refused(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const REPORT = { obligation: "APPOINTMENT_MISSED", facts: "Absent au rendez-vous du 2 mars sans prévenir.", occurredOn: "2026-03-02" } as const;

describe("breaches — each step by who may, journaled", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const on = (day: string) => ({ now: at(day), db: db.prisma });

  it("reported, notified, answered, decided by the manager, lifted: one row each, the state and deadline shown, the journal without text", async () => {
    const w = await world(db.prisma);
    const { breachId } = await reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-02"));
    expect(await db.prisma.breach.findUniqueOrThrow({ where: { id: breachId } })).toMatchObject({
      agencyId: w.agency.id,
      seekerId: w.seeker.id,
      obligation: "APPOINTMENT_MISSED",
      reportedById: w.advisor.id,
      occurredOn: new Date("2026-03-02T00:00:00Z"),
    });
    const notified = await notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-04" }, on("2026-03-04"));
    expect(notified.answerDeadline).toBe("2026-03-14");

    let view = (await seekerBreaches(w.advisor, w.seeker.id, { now: at("2026-03-10") }))!.breaches[0]!;
    expect(view.situation).toMatchObject({ state: "NOTIFIED", answerDeadline: "2026-03-14", deadlinePassed: false, daysLeftToAnswer: 4 });

    await answerBreach(
      w.advisor,
      { breachId, answeredOn: "2026-03-10", answerKind: "HEARING_REQUESTED", summary: "Enfant malade ce jour-là." },
      on("2026-03-10"),
    );
    await decideBreach(
      w.manager,
      { breachId, decidedOn: "2026-03-20", decisionKind: "SANCTION", authority: "FRANCE_TRAVAIL_REGIONAL_DIRECTOR", decisionText: "Suspension d'un mois" },
      on("2026-03-20"),
    );
    await liftBreach(w.advisor, { breachId, liftedOn: "2026-04-01" }, on("2026-04-01"));

    const events = await db.prisma.breachEvent.findMany({ where: { breachId }, orderBy: { on: "asc" } });
    expect(events.map((e) => [e.kind, e.authorId, e.agencyId])).toEqual([
      ["NOTIFIED", w.advisor.id, w.agency.id],
      ["ANSWERED", w.advisor.id, w.agency.id],
      ["DECIDED", w.manager.id, w.agency.id],
      ["LIFTED", w.advisor.id, w.agency.id],
    ]);
    expect(events[2]).toMatchObject({ decisionKind: "SANCTION", authority: "FRANCE_TRAVAIL_REGIONAL_DIRECTOR", text: "Suspension d'un mois" });

    const audit = await db.prisma.auditEvent.findMany({ where: { subjectId: breachId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["breach.reported", "breach.notified", "breach.answered", "breach.decided", "breach.lifted"]);
    expect(audit.every((a) => a.seekerId === w.seeker.id && a.agencyId === w.agency.id)).toBe(true);
    const journal = JSON.stringify(audit.map((a) => a.metadata));
    expect(journal).not.toMatch(/Absent au rendez-vous|Enfant malade|Suspension/);

    view = (await seekerBreaches(w.manager, w.seeker.id, { now: at("2026-04-02") }))!.breaches[0]!;
    expect(view.stateLabel).toBe("Levé après remobilisation");
    expect(view.steps.map((s) => s.label)).toEqual([
      "Notification de la sanction envisagée",
      "Réponse de la personne",
      "Décision",
      "Remobilisation : manquement levé",
    ]);
    expect(view.steps[2]!.author).toBe("Hélène Lemarchand");
  });

  it("the manager may lift too; a later breach within 24 months of a sanction is shown as repeated", async () => {
    const w = await world(db.prisma);
    const { breachId } = await reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-02"));
    await notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-02" }, on("2026-03-02"));
    await decideBreach(
      w.manager,
      { breachId, decidedOn: "2026-03-13", decisionKind: "SANCTION", authority: "DEPARTEMENT", decisionText: "Suspension partielle du RSA" },
      on("2026-03-13"),
    );
    await liftBreach(w.manager, { breachId, liftedOn: "2026-03-20" }, on("2026-03-20"));
    await reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT, occurredOn: "2026-05-04" }, on("2026-05-04"));
    const views = (await seekerBreaches(w.advisor, w.seeker.id, { now: at("2026-05-04") }))!.breaches;
    expect(views.map((b) => [b.occurredOn, b.repeatedUntil])).toEqual([
      ["2026-05-04", "2028-03-13"],
      ["2026-03-02", null],
    ]);
  });
});

describe("breaches — refused steps write nothing and say why in French", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const on = (day: string) => ({ now: at(day), db: db.prisma });

  it("out of order, twice, too early, in the future, a « pas de suite » lifted", async () => {
    const w = await world(db.prisma);
    const { breachId } = await reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-02"));
    const before = await tableCounts(db.prisma, TABLES);
    const decision = {
      breachId,
      decidedOn: "2026-03-05",
      decisionKind: "NO_FURTHER_ACTION",
      authority: "FRANCE_TRAVAIL_REGIONAL_DIRECTOR",
      decisionText: "Pas de suite",
    } as const;

    let error = await refused(answerBreach(w.advisor, { breachId, answeredOn: "2026-03-03", answerKind: "WRITTEN" }, on("2026-03-03")));
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("qu'après la notification") });
    error = await refused(decideBreach(w.manager, decision, on("2026-03-05")));
    expect(error.code).toBe("CONFLICT");
    error = await refused(notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-03" }, on("2026-03-02")));
    expect(error).toMatchObject({ code: "INVALID", message: "La date de la notification ne peut pas être dans le futur." });
    error = await refused(notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-01" }, on("2026-03-02")));
    expect(error).toMatchObject({ code: "INVALID", message: expect.stringContaining("ne peut pas précéder le 02/03/2026") });
    error = await refused(reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT, occurredOn: "2026-03-03" }, on("2026-03-02")));
    expect(error).toMatchObject({ code: "INVALID", message: "La date du manquement ne peut pas être dans le futur." });
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);

    await notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-02" }, on("2026-03-02"));
    const notified = await tableCounts(db.prisma, TABLES);
    error = await refused(notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-02" }, on("2026-03-02")));
    expect(error).toMatchObject({ code: "CONFLICT", message: "Le manquement est déjà notifié : une seule notification par manquement." });
    // Within the 10 days (until 12 March), no decision without the person's answer.
    error = await refused(decideBreach(w.manager, { ...decision, decidedOn: "2026-03-12" }, on("2026-03-12")));
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("délai de 10 jours") });
    // Past the deadline, the decision is dated after it.
    error = await refused(decideBreach(w.manager, { ...decision, decidedOn: "2026-03-12" }, on("2026-03-13")));
    expect(error).toMatchObject({ code: "INVALID", message: expect.stringContaining("avant la fin du délai de réponse (le 12/03/2026)") });
    expect(await tableCounts(db.prisma, TABLES)).toEqual(notified);

    await decideBreach(w.manager, { ...decision, decidedOn: "2026-03-13" }, on("2026-03-13"));
    const decided = await tableCounts(db.prisma, TABLES);
    error = await refused(liftBreach(w.advisor, { breachId, liftedOn: "2026-03-14" }, on("2026-03-14")));
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("« pas de suite » n'a rien à lever") });
    error = await refused(decideBreach(w.manager, { ...decision, decidedOn: "2026-03-14" }, on("2026-03-14")));
    expect(error.code).toBe("CONFLICT");
    expect(await tableCounts(db.prisma, TABLES)).toEqual(decided);
  });

  it("wrong role or scope: the advisor never decides, the manager never reports, a colleague or another agency sees nothing", async () => {
    const w = await world(db.prisma);
    const { breachId } = await reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-02"));
    await notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-02" }, on("2026-03-02"));
    await answerBreach(w.advisor, { breachId, answeredOn: "2026-03-03", answerKind: "WRITTEN" }, on("2026-03-03"));
    const before = await tableCounts(db.prisma, TABLES);
    const decision = { breachId, decidedOn: "2026-03-04", decisionKind: "SANCTION", authority: "DEPARTEMENT", decisionText: "Suspension" } as const;

    expect(await refused(decideBreach(w.advisor, decision, on("2026-03-04")))).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("Seule la direction de l'agence saisit la décision"),
    });
    expect((await refused(decideBreach(w.admin, decision, on("2026-03-04")))).code).toBe("FORBIDDEN");
    expect((await refused(decideBreach(w.otherManager, decision, on("2026-03-04")))).code).toBe("NOT_FOUND");
    expect((await refused(reportBreach(w.manager, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-04")))).code).toBe("FORBIDDEN");
    expect((await refused(reportBreach(w.seekerUser, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-04")))).code).toBe("FORBIDDEN");
    expect((await refused(reportBreach(w.colleague, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-04")))).code).toBe("NOT_FOUND");
    expect((await refused(reportBreach(w.stranger, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-04")))).code).toBe("NOT_FOUND");
    expect((await refused(liftBreach(w.colleague, { breachId, liftedOn: "2026-03-04" }, on("2026-03-04")))).code).toBe("NOT_FOUND");
    expect((await refused(liftBreach(w.stranger, { breachId, liftedOn: "2026-03-04" }, on("2026-03-04")))).code).toBe("NOT_FOUND");
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    // Read: the colleague, another agency, the social worker and the seekers get nothing through the staff's query.
    expect(await seekerBreaches(w.colleague, w.seeker.id, { now: NOW })).toBeNull();
    expect(await seekerBreaches(w.stranger, w.seeker.id, { now: NOW })).toBeNull();
    expect(await seekerBreaches(w.seekerUser, w.seeker.id, { now: NOW })).toBeNull();
    expect(await seekerBreaches(w.admin, w.seeker.id, { now: NOW })).not.toBeNull();
  });

  it("an agency on the 2014 offer: refused by the use case and by the database", async () => {
    const w = await world(db.prisma, "OFFRE_2014");
    const before = await tableCounts(db.prisma, TABLES);
    expect(await refused(reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-02")))).toMatchObject({
      code: "CONFLICT",
      message: BREACH_OFFER_2014_MESSAGE,
    });
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    await expect(
      db.prisma.breach.create({
        data: {
          agencyId: w.agency.id,
          seekerId: w.seeker.id,
          obligation: "OTHER",
          facts: "x",
          occurredOn: new Date("2026-03-02T00:00:00Z"),
          reportedById: w.advisor.id,
        },
      }),
    ).rejects.toThrow(/not on the 2025 offer/);
    // The file shows nothing for an agency on the 2014 offer without breaches.
    expect((await seekerBreaches(w.advisor, w.seeker.id, { now: NOW }))!.breaches).toEqual([]);
  });

  it("the database: append-only, one step of each kind, a step in its breach's agency, CHECKs per kind", async () => {
    const w = await world(db.prisma);
    const { breachId } = await reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-02"));
    const { eventId } = await notifyBreach(w.advisor, { breachId, notifiedOn: "2026-03-02" }, on("2026-03-02"));
    const raw = (sql: string) => db.prisma.$executeRawUnsafe(sql);
    await expect(raw(`UPDATE "Breach" SET "facts" = 'autre' WHERE "id" = '${breachId}'`)).rejects.toThrow(/append-only/);
    await expect(raw(`DELETE FROM "Breach" WHERE "id" = '${breachId}'`)).rejects.toThrow(/append-only|foreign key/);
    await expect(raw(`UPDATE "BreachEvent" SET "on" = '2026-03-01' WHERE "id" = '${eventId}'`)).rejects.toThrow(/append-only/);
    await expect(raw(`DELETE FROM "BreachEvent" WHERE "id" = '${eventId}'`)).rejects.toThrow(/append-only/);
    const step = { agencyId: w.agency.id, breachId, on: new Date("2026-03-03T00:00:00Z"), authorId: w.advisor.id };
    await expect(db.prisma.breachEvent.create({ data: { ...step, kind: "NOTIFIED" } })).rejects.toThrow();
    await expect(db.prisma.breachEvent.create({ data: { ...step, agencyId: w.other.id, kind: "LIFTED" } })).rejects.toThrow(/breach's agency/);
    await expect(db.prisma.breachEvent.create({ data: { ...step, kind: "ANSWERED" } })).rejects.toThrow(/BreachEvent_answer/);
    await expect(db.prisma.breachEvent.create({ data: { ...step, kind: "DECIDED", decisionKind: "SANCTION" } })).rejects.toThrow(/BreachEvent_decision/);
    await expect(db.prisma.breachEvent.create({ data: { ...step, kind: "DECIDED", decisionKind: "SANCTION", authority: "DEPARTEMENT" } })).rejects.toThrow(
      /BreachEvent_decision_text/,
    );
    expect(STEP_ALREADY_RECORDED_MESSAGE).toMatch(/déjà enregistrée/);
  });
});

describe("breaches — the seeker's own view and retention", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));
  const on = (day: string) => ({ now: at(day), db: db.prisma });

  it("the seeker sees their own breaches only, with the steps in plain words", async () => {
    const w = await world(db.prisma);
    const mine = await reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT }, on("2026-03-02"));
    await notifyBreach(w.advisor, { breachId: mine.breachId, notifiedOn: "2026-03-02" }, on("2026-03-02"));
    await reportBreach(w.colleague, { seekerId: w.otherSeeker.id, ...REPORT, obligation: "CONTRACT_REFUSED" }, on("2026-03-02"));
    const seen = (await ownBreaches(w.seekerUser, { now: at("2026-03-05") }))!;
    expect(seen.breaches.map((b) => b.id)).toEqual([mine.breachId]);
    expect(seen.breaches[0]!.seekerTexts.map((t) => t.text)).toContain("Il vous reste 7 jours pour répondre (jusqu'au 12/03/2026).");
    expect((await ownBreaches(w.otherSeekerUser, { now: NOW }))!.breaches.map((b) => b.obligation)).toEqual(["CONTRACT_REFUSED"]);
    expect(await ownBreaches(w.advisor, { now: NOW })).toBeNull();
  });

  it("retention empties the facts and texts of an anonymised file, keeps the steps; the maintenance role may do only that", async () => {
    const w = await world(db.prisma);
    const { breachId } = await reportBreach(w.advisor, { seekerId: w.seeker.id, ...REPORT, occurredOn: "2023-03-01" }, on("2023-03-02"));
    await notifyBreach(w.advisor, { breachId, notifiedOn: "2023-03-02" }, on("2023-03-02"));
    await answerBreach(w.advisor, { breachId, answeredOn: "2023-03-03", answerKind: "WRITTEN", summary: "Raison de santé" }, on("2023-03-03"));
    await decideBreach(
      w.manager,
      { breachId, decidedOn: "2023-03-20", decisionKind: "SANCTION", authority: "DEPARTEMENT", decisionText: "Suspension" },
      on("2023-03-20"),
    );
    await db.prisma.seeker.update({ where: { id: w.seeker.id }, data: { status: "CLOSED", closedAt: new Date("2023-04-01T00:00:00Z") } });
    const asMaintenance = (sql: string, ...values: unknown[]) =>
      db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL ROLE ${MAINTENANCE_ROLE}`);
        return tx.$executeRawUnsafe(sql, ...values);
      });
    await expect(asMaintenance(`UPDATE "Breach" SET "obligation" = 'OTHER' WHERE "id" = $1::uuid`, breachId)).rejects.toThrow(/append-only/);
    await expect(asMaintenance(`UPDATE "BreachEvent" SET "on" = '2023-03-04' WHERE "breachId" = $1::uuid`, breachId)).rejects.toThrow(/append-only/);

    expect((await purgeExpiredData({ db: db.prisma, now: new Date("2026-03-02T08:00:00Z"), auditRetentionMonths: 24 })).filesAnonymised).toBeGreaterThanOrEqual(
      1,
    );
    expect(await db.prisma.breach.findUniqueOrThrow({ where: { id: breachId } })).toMatchObject({ facts: "", obligation: "APPOINTMENT_MISSED" });
    const events = await db.prisma.breachEvent.findMany({ where: { breachId }, orderBy: { on: "asc" } });
    expect(events.map((e) => [e.kind, e.text])).toEqual([
      ["NOTIFIED", null],
      ["ANSWERED", null],
      ["DECIDED", ""],
    ]);
    expect(events[2]).toMatchObject({ decisionKind: "SANCTION", authority: "DEPARTEMENT" });
  });
});
