/**
 * The tandem file (docs/rules.md#the-tandem-file) on a real database: the social worker's scope (open tandems only),
 * need-to-know content (never the score nor the answers beyond the barriers), every view journaled, append-only notes
 * written by both sides, joint bookings checked on both calendars, the social review's due date and states, the data
 * export and the retention purge.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { localDateOf, localToInstant, socialReviewDueDate, type DiagnosticAnswers } from "@/domain";
import type { Actor } from "@/server/auth/policy";
import { journaledRead } from "@/server/audit";
import { DomainError } from "@/server/errors";
import { advisorTandemView, myTandemSeekers, tandemBookingChoices, tandemFile, tandemFileView } from "@/server/queries/tandem";
import { myData } from "@/server/queries/my-data";
import { auditLog } from "@/server/queries/audit-log";
import { addTandemNote, bookTandemAppointment } from "@/server/use-cases/tandem";
import { bookAppointment } from "@/server/use-cases/appointments";
import { MAINTENANCE_ROLE, purgeExpiredData } from "@/server/use-cases/retention";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";
import { makeAgency, makeAppointment, makeDiagnostic, makePortfolio, makeSeeker, makeUser } from "../support/factories";

const ZONE = "Europe/Paris";
const TODAY = "2026-03-26";
const NOW = new Date(localToInstant(TODAY, "10:00", ZONE));
const GLOBAL_START = "2026-01-15";

const ANSWERS: DiagnosticAnswers = {
  project: 1,
  skills: 1,
  jobSearch: 1,
  digital: 1,
  basicSkills: 0,
  monthsWithoutWork: 30,
  barriers: { HEALTH: "MAJOR", HOUSING: "MINOR" },
  webVolunteer: false,
};

let db: TestDatabase;
let agencyId: string;
let advisor: Actor;
let otherAdvisor: Actor;
let worker: Actor;
let otherWorker: Actor;
let seekerActor: Actor;
let tandemSeekerId: string;
let endedSeekerId: string;
let strangerSeekerId: string;
let diagnosticId: string;

const view = (actor: Actor, seekerId: string, now = NOW) =>
  journaledRead(
    () => tandemFile(actor, seekerId, { now }),
    (file) => tandemFileView(actor, file),
  );

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  db = await createTestDatabase();
  installAsAppDatabase(db);
  const p = db.prisma;
  const agency = await makeAgency(p, { name: "Rouen Rive Gauche", departement: "76", globalPartnership: true });
  agencyId = agency.id;
  advisor = await makeUser(p, agencyId, "ADVISOR", "Alice", "Bernard");
  otherAdvisor = await makeUser(p, agencyId, "ADVISOR", "Bruno", "Martin");
  worker = await makeUser(p, agencyId, "SOCIAL_WORKER", "Sophie", "Lambert");
  otherWorker = await makeUser(p, agencyId, "SOCIAL_WORKER", "Paul", "Durand");
  const portfolio = await makePortfolio(p, agencyId, advisor.id, "GLOBAL");
  seekerActor = await makeUser(p, agencyId, "SEEKER", "Nadia", "Roux");
  const seeker = await makeSeeker(p, agencyId, {
    portfolio,
    firstName: "Nadia",
    lastName: "Roux",
    userId: seekerActor.id,
    email: "nadia@exemple.test",
    phone: "06 11 22 33 44",
    registrationDate: "2025-12-01",
  });
  tandemSeekerId = seeker.id;
  diagnosticId = (
    await makeDiagnostic(p, {
      agencyId,
      seekerId: seeker.id,
      authorId: advisor.id,
      answers: ANSWERS,
      decidedModality: "GLOBAL",
      createdAt: new Date(localToInstant(GLOBAL_START, "11:00", ZONE)),
    })
  ).id;
  await p.socialTandem.create({
    data: { agencyId, seekerId: seeker.id, socialWorkerId: worker.id, startedAt: new Date(localToInstant(GLOBAL_START, "11:00", ZONE)) },
  });

  const ended = await makeSeeker(p, agencyId, { portfolio });
  endedSeekerId = ended.id;
  await p.socialTandem.create({
    data: { agencyId, seekerId: ended.id, socialWorkerId: worker.id, startedAt: new Date("2025-06-01"), endedAt: new Date("2026-01-01") },
  });
  const stranger = await makeSeeker(p, agencyId, { portfolio });
  strangerSeekerId = stranger.id;
  await p.socialTandem.create({ data: { agencyId, seekerId: stranger.id, socialWorkerId: otherWorker.id } });
});

describe("the tandem file's scope", () => {
  it("opens only a seeker of the social worker's open tandem; a closed tandem, another's tandem or a bad id is not found", async () => {
    expect((await view(worker, tandemSeekerId))?.seeker.id).toBe(tandemSeekerId);
    expect(await view(worker, endedSeekerId)).toBeNull();
    expect(await view(worker, strangerSeekerId)).toBeNull();
    expect(await view(worker, "not-a-uuid")).toBeNull();
    expect(await view(advisor, tandemSeekerId)).toBeNull();
    const list = await myTandemSeekers(worker, { now: NOW });
    expect(list.map((s) => s.id)).toEqual([tandemSeekerId]);
  });

  it("carries the barrier names and severities, never the score, the axis, the reasons nor other answers", async () => {
    const file = await tandemFile(worker, tandemSeekerId, { now: NOW });
    expect(file?.barriers?.items.map((b) => [b.barrier, b.severity])).toEqual(
      expect.arrayContaining([
        ["HEALTH", "MAJOR"],
        ["HOUSING", "MINOR"],
      ]),
    );
    const json = JSON.stringify(file);
    for (const forbidden of ["professionalScore", "workAxis", "reasons", "answers", "monthsWithoutWork", "jobSearch", "webVolunteer", "basicSkills"]) {
      expect(json).not.toContain(forbidden);
    }
    expect(file?.advisor).toMatchObject({ firstName: "Alice", lastName: "Bernard" });
    expect(file?.seeker.email).toBe("nadia@exemple.test");
  });

  it("journals each view of a tandem file, with identifiers only, and nothing for a refused one", async () => {
    const count = () => db.prisma.auditEvent.count({ where: { action: "tandem.file_viewed", actorId: worker.id } });
    const before = await count();
    await view(worker, tandemSeekerId);
    await view(worker, tandemSeekerId);
    await view(worker, strangerSeekerId);
    expect(await count()).toBe(before + 2);
    const entry = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "tandem.file_viewed", actorId: worker.id }, orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ agencyId, seekerId: tandemSeekerId, subjectType: "Seeker", subjectId: tandemSeekerId, actorRole: "SOCIAL_WORKER" });
    expect(entry.metadata).toEqual({ diagnosticId });
    // The agency's journal shows it, in French, with the social worker's name.
    const manager = await makeUser(db.prisma, agencyId, "MANAGER", "Hélène", "Lemarchand");
    const journal = await auditLog(manager, { agencyId, page: 1 });
    const row = journal?.rows.find((r) => r.action === "tandem.file_viewed");
    expect(row).toMatchObject({ label: "Dossier du binôme consulté par le travailleur social", actor: { name: "Sophie Lambert", role: "SOCIAL_WORKER" } });
  });
});

describe("tandem notes", () => {
  it("are written by the social worker and the advisor in charge, seen by both, journaled without their text", async () => {
    await addTandemNote(worker, { seekerId: tandemSeekerId, text: "  Rendez-vous CAF le 2 avril.\r\nDossier logement en cours.  " }, { now: NOW });
    await addTandemNote(
      advisor,
      { seekerId: tandemSeekerId, text: "Vu en entretien : d'accord pour le rendez-vous à trois." },
      { now: new Date(NOW.getTime() + 60_000) },
    );
    const file = await tandemFile(worker, tandemSeekerId, { now: NOW });
    expect(file?.notes.map((n) => [n.authorRole, n.text])).toEqual([
      ["ADVISOR", "Vu en entretien : d'accord pour le rendez-vous à trois."],
      ["SOCIAL_WORKER", "Rendez-vous CAF le 2 avril.\nDossier logement en cours."],
    ]);
    expect(file?.notes[1]?.author).toEqual({ firstName: "Sophie", lastName: "Lambert" });
    const advisorSide = await advisorTandemView(advisor, tandemSeekerId, { now: NOW });
    expect(advisorSide?.notes).toHaveLength(2);
    const entries = await db.prisma.auditEvent.findMany({ where: { action: "tandem.note_added", seekerId: tandemSeekerId } });
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain("CAF");
  });

  it("refuses others (not found) and bad text (French, nothing written)", async () => {
    const count = () => db.prisma.tandemNote.count();
    const before = await count();
    expect((await failure(addTandemNote(otherWorker, { seekerId: tandemSeekerId, text: "x" }))).code).toBe("NOT_FOUND");
    expect((await failure(addTandemNote(worker, { seekerId: endedSeekerId, text: "x" }))).code).toBe("NOT_FOUND");
    expect((await failure(addTandemNote(otherAdvisor, { seekerId: tandemSeekerId, text: "x" }))).code).toBe("NOT_FOUND");
    const manager = await makeUser(db.prisma, agencyId, "MANAGER");
    expect((await failure(addTandemNote(manager, { seekerId: tandemSeekerId, text: "x" }))).code).toBe("FORBIDDEN");
    await expect(addTandemNote(worker, { seekerId: tandemSeekerId, text: "   " })).rejects.toThrow(/écrivez quelques mots/);
    await expect(addTandemNote(worker, { seekerId: tandemSeekerId, text: "a".repeat(2001) })).rejects.toThrow(/2000 caractères au plus/);
    await expect(addTandemNote(worker, { seekerId: tandemSeekerId, text: "bip\u0007" })).rejects.toThrow(/texte simple/);
    await expect(addTandemNote(worker, { seekerId: tandemSeekerId, text: "x", authorId: advisor.id })).rejects.toThrow(/non autorisé/);
    expect(await count()).toBe(before);
  });

  it("are append-only in the database: no UPDATE, no DELETE, no over-long text", async () => {
    const note = await db.prisma.tandemNote.findFirstOrThrow({ where: { seekerId: tandemSeekerId } });
    await expect(db.prisma.tandemNote.update({ where: { id: note.id }, data: { text: "changé" } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.tandemNote.delete({ where: { id: note.id } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "TandemNote" WHERE "seekerId" = $1::uuid`, tandemSeekerId)).rejects.toThrow(/append-only/);
    await expect(
      db.prisma.tandemNote.create({ data: { agencyId, seekerId: tandemSeekerId, authorId: worker.id, authorRole: "SOCIAL_WORKER", text: "a".repeat(2001) } }),
    ).rejects.toThrow();
    await expect(
      db.prisma.tandemNote.create({ data: { agencyId, seekerId: tandemSeekerId, authorId: worker.id, authorRole: "MANAGER", text: "a" } }),
    ).rejects.toThrow();
    // The maintenance role may only empty the text.
    const asMaintenance = (sql: string, ...values: unknown[]) =>
      db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL ROLE ${MAINTENANCE_ROLE}`);
        return tx.$executeRawUnsafe(sql, ...values);
      });
    await expect(asMaintenance(`UPDATE "TandemNote" SET "text" = 'autre' WHERE "id" = $1::uuid`, note.id)).rejects.toThrow(/append-only/);
    await expect(asMaintenance(`UPDATE "TandemNote" SET "text" = '', "authorRole" = 'ADVISOR' WHERE "id" = $1::uuid`, note.id)).rejects.toThrow(/append-only/);
    await expect(asMaintenance(`DELETE FROM "TandemNote" WHERE "id" = $1::uuid`, note.id)).rejects.toThrow(/append-only|permission/);
    expect((await db.prisma.tandemNote.findUniqueOrThrow({ where: { id: note.id } })).text).toBe(note.text);
  });
});

describe("joint appointments booked from the tandem file", () => {
  it("offers only slots free in both calendars and refuses a slot taken in either, writing nothing", async () => {
    const choices = await tandemBookingChoices(worker, tandemSeekerId, "JOINT_GLOBAL", { now: NOW });
    expect(choices?.slots.length).toBeGreaterThan(2);
    const [first, second, third] = choices!.slots;
    // The advisor gets busy at the first slot with another seeker; the social worker at the second with another tandem.
    await makeAppointment(db.prisma, { agencyId, seekerId: strangerSeekerId, advisorId: advisor.id, startsAt: first!.startsAt });
    await makeAppointment(db.prisma, {
      agencyId,
      seekerId: strangerSeekerId,
      advisorId: otherAdvisor.id,
      socialWorkerId: worker.id,
      kind: "JOINT_GLOBAL",
      startsAt: second!.startsAt,
    });
    const after = await tandemBookingChoices(worker, tandemSeekerId, "JOINT_GLOBAL", { now: NOW });
    const offered = after!.slots.map((s) => s.startsAt);
    expect(offered).not.toContain(first!.startsAt);
    expect(offered).not.toContain(second!.startsAt);
    const count = () => db.prisma.appointment.count({ where: { seekerId: tandemSeekerId } });
    const before = await count();
    for (const taken of [first!, second!]) {
      const refusal = await failure(
        bookTandemAppointment(worker, { seekerId: tandemSeekerId, kind: "JOINT_GLOBAL", startsAt: taken.startsAt, channel: "AGENCY" }, { now: NOW }),
      );
      expect(refusal.code).toBe("CONFLICT");
      expect(refusal.message).toMatch(/vient d'être pris/);
    }
    // A Sunday, outside the hours: the same rule as every booking.
    const sunday = localToInstant("2026-04-05", "14:00", ZONE);
    expect(
      (await failure(bookTandemAppointment(worker, { seekerId: tandemSeekerId, kind: "JOINT_GLOBAL", startsAt: sunday, channel: "AGENCY" }, { now: NOW })))
        .message,
    ).toMatch(/jour ouvré/);
    expect(await count()).toBe(before);

    const booked = await bookTandemAppointment(
      worker,
      { seekerId: tandemSeekerId, kind: "JOINT_GLOBAL", startsAt: third!.startsAt, channel: "AGENCY" },
      { now: NOW },
    );
    const row = await db.prisma.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } });
    expect(row).toMatchObject({ advisorId: advisor.id, socialWorkerId: worker.id, kind: "JOINT_GLOBAL", status: "SCHEDULED" });
    // The convocation is queued for the seeker, the booking journaled.
    expect(await db.prisma.outboxMessage.count({ where: { appointmentId: booked.appointmentId } })).toBeGreaterThan(0);
    expect(await db.prisma.auditEvent.count({ where: { action: "appointment.booked", subjectId: booked.appointmentId, actorId: worker.id } })).toBe(1);
    // The advisor's own booking now sees the social worker busy at that slot too.
    const refusal = await failure(
      bookAppointment(advisor, { seekerId: tandemSeekerId, kind: "JOINT_GLOBAL", startsAt: third!.startsAt, channel: "AGENCY" }, { now: NOW }),
    );
    expect(refusal.code).toBe("CONFLICT");
  });

  it("is refused out of scope (not found) and to an advisor (forbidden)", async () => {
    const startsAt = localToInstant("2026-04-14", "14:00", ZONE);
    expect(
      (await failure(bookTandemAppointment(worker, { seekerId: strangerSeekerId, kind: "JOINT_GLOBAL", startsAt, channel: "AGENCY" }, { now: NOW }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await failure(bookTandemAppointment(worker, { seekerId: endedSeekerId, kind: "JOINT_GLOBAL", startsAt, channel: "AGENCY" }, { now: NOW }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await failure(bookTandemAppointment(advisor, { seekerId: tandemSeekerId, kind: "JOINT_GLOBAL", startsAt, channel: "AGENCY" }, { now: NOW }))).code,
    ).toBe("FORBIDDEN");
  });
});

describe("the social review", () => {
  it("is due six months after the global start, to plan, then planned, then done; overdue when nothing is booked past it", async () => {
    expect(socialReviewDueDate(GLOBAL_START)).toBe("2026-07-15");
    const stateOn = async (now: Date) => (await myTandemSeekers(worker, { now })).find((s) => s.id === tandemSeekerId)?.socialReview;
    expect(await stateOn(NOW)).toEqual({ state: "TO_PLAN", dueDate: "2026-07-15" });
    expect(await stateOn(new Date(localToInstant("2026-07-16", "10:00", ZONE)))).toEqual({ state: "OVERDUE", dueDate: "2026-07-15" });

    const choices = await tandemBookingChoices(worker, tandemSeekerId, "SOCIAL_REVIEW", { now: NOW });
    const slot = choices!.slots[0]!;
    const booked = await bookTandemAppointment(
      worker,
      { seekerId: tandemSeekerId, kind: "SOCIAL_REVIEW", startsAt: slot.startsAt, channel: "AGENCY" },
      { now: NOW },
    );
    const day = localDateOf(slot.startsAt, ZONE);
    expect(await stateOn(NOW)).toEqual({ state: "PLANNED", dueDate: "2026-07-15", on: day });
    expect((await advisorTandemView(advisor, tandemSeekerId, { now: NOW }))?.socialReview).toEqual({ state: "PLANNED", dueDate: "2026-07-15", on: day });
    // Not twice.
    const second = choices!.slots[1]!;
    const refusal = await failure(
      bookTandemAppointment(worker, { seekerId: tandemSeekerId, kind: "SOCIAL_REVIEW", startsAt: second.startsAt, channel: "AGENCY" }, { now: NOW }),
    );
    expect(refusal.message).toMatch(/déjà prévu/);
    await db.prisma.appointment.update({ where: { id: booked.appointmentId }, data: { status: "DONE", outcomeAt: new Date(slot.startsAt) } });
    expect(await stateOn(new Date(localToInstant("2026-08-01", "10:00", ZONE)))).toEqual({ state: "DONE", dueDate: "2026-07-15", on: day });
  });
});

describe("the seeker's data and retention", () => {
  it("puts the tandem notes in the seeker's data export, with author and date", async () => {
    const exported = await myData(seekerActor, { now: NOW });
    const notes = (exported?.data as { notesDuBinome?: { texte: string; par: string }[] }).notesDuBinome;
    expect(notes?.map((n) => n.texte)).toContain("Rendez-vous CAF le 2 avril.\nDossier logement en cours.");
    expect(notes?.some((n) => n.par.includes("Sophie Lambert"))).toBe(true);
    expect(JSON.stringify(exported?.data.journalDesAcces)).toContain("tandem.file_viewed");
  });

  it("empties the notes' text of an anonymised file, keeping author and date, and leaves the others", async () => {
    const p = db.prisma;
    const closed = await makeSeeker(p, agencyId, { status: "CLOSED", closedAt: new Date("2023-01-01"), exitReason: "REPRISE_EMPLOI", modality: "GLOBAL" });
    await p.tandemNote.create({ data: { agencyId, seekerId: closed.id, authorId: worker.id, authorRole: "SOCIAL_WORKER", text: "Difficultés de logement" } });
    await purgeExpiredData({ db: p, now: NOW, auditRetentionMonths: 12 });
    const purged = await p.tandemNote.findFirstOrThrow({ where: { seekerId: closed.id } });
    expect(purged).toMatchObject({ text: "", authorId: worker.id, authorRole: "SOCIAL_WORKER" });
    expect(await p.tandemNote.count({ where: { seekerId: tandemSeekerId, text: { not: "" } } })).toBe(2);
  });
});
