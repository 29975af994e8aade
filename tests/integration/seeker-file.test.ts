/**
 * The seeker file of `/conseiller/demandeurs/[id]` (issue #4) on a real database: scope, content, and the
 * field-level rule on barriers (HEALTH is special-category data): only the advisor in charge or a social worker
 * in an open tandem gets them, each view journaled with identifiers only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localToInstant, type DiagnosticAnswers } from "@/domain";
import type { Actor } from "@/server/auth/policy";
import { DEMO_AGENCY_CODES, seedDemo } from "@/server/seed";
import { journaledRead } from "@/server/audit";
import { barrierView, seekerFile } from "@/server/queries/seeker-file";
import { rescheduleAppointment } from "@/server/use-cases/appointments";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";
import { actorFor, makeDiagnostic } from "../support/factories";

const TODAY = "2026-03-26";
const NOW = new Date(localToInstant(TODAY, "10:00", "Europe/Paris"));

let db: TestDatabase;
let rouenId: string;
let camille: Actor;
let manager: Actor;
let socialWorker: Actor;
let ownSeekerId: string;
let ownDiagnosticId: string;
let queueSeekerId: string;
let colleagueSeekerId: string;
let reunionSeekerId: string;
let tandemSeekerId: string;
let tandemAdvisor: Actor;

const HEALTH_ANSWERS: DiagnosticAnswers = {
  project: 1,
  skills: 1,
  jobSearch: 1,
  digital: 1,
  basicSkills: 0,
  monthsWithoutWork: 12,
  barriers: { HEALTH: "MAJOR", MOBILITY: "MINOR" },
  webVolunteer: false,
};

const actorOf = (where: { email?: string; id?: string }) => actorFor(db.prisma, where);

async function addHealthDiagnostic(seekerId: string, authorId: string): Promise<string> {
  const row = await makeDiagnostic(db.prisma, { agencyId: rouenId, seekerId, authorId, answers: HEALTH_ANSWERS, createdAt: new Date(NOW.getTime() - 60_000) });
  return row.id;
}

/** What the page does: the file, then the view of its barriers journaled. */
const view = (actor: Actor, seekerId: string) =>
  journaledRead(
    () => seekerFile(actor, seekerId, { now: NOW }),
    (file) => barrierView(actor, file),
  );

const barrierViews = (actorId: string, seekerId: string) =>
  db.prisma.auditEvent.findMany({
    where: { action: "seeker.barriers_viewed", actorId, seekerId },
    select: { subjectType: true, subjectId: true, metadata: true, agencyId: true },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  installAsAppDatabase(db);
  await seedDemo(db, { scale: 0.1, today: TODAY });
  rouenId = (await db.prisma.agency.findUniqueOrThrow({ where: { code: DEMO_AGENCY_CODES.rouen }, select: { id: true } })).id;
  const reunionId = (await db.prisma.agency.findUniqueOrThrow({ where: { code: DEMO_AGENCY_CODES.reunion }, select: { id: true } })).id;
  camille = await actorOf({ email: "conseillere@modalis.demo" });
  manager = await actorOf({ email: "directrice@modalis.demo" });
  ownSeekerId = (await db.prisma.seeker.findFirstOrThrow({ where: { portfolio: { advisorId: camille.id } }, select: { id: true } })).id;
  ownDiagnosticId = await addHealthDiagnostic(ownSeekerId, camille.id);
  queueSeekerId = (await db.prisma.seeker.findFirstOrThrow({ where: { agencyId: rouenId, status: "AWAITING_DIAGNOSTIC" }, select: { id: true } })).id;
  await addHealthDiagnostic(queueSeekerId, camille.id);
  colleagueSeekerId = (
    await db.prisma.seeker.findFirstOrThrow({ where: { agencyId: rouenId, portfolio: { advisorId: { not: camille.id } } }, select: { id: true } })
  ).id;
  reunionSeekerId = (await db.prisma.seeker.findFirstOrThrow({ where: { agencyId: reunionId }, select: { id: true } })).id;
  const tandem = await db.prisma.socialTandem.findFirstOrThrow({
    where: { agencyId: rouenId, endedAt: null, seeker: { portfolioId: { not: null } } },
    select: { seekerId: true, socialWorkerId: true, seeker: { select: { portfolio: { select: { advisorId: true } } } } },
  });
  tandemSeekerId = tandem.seekerId;
  socialWorker = await actorOf({ id: tandem.socialWorkerId });
  tandemAdvisor = await actorOf({ id: tandem.seeker.portfolio!.advisorId });
  await addHealthDiagnostic(tandemSeekerId, tandemAdvisor.id);
}, 300_000);

afterAll(async () => {
  await db?.dispose();
});

describe("seekerFile", () => {
  it("only reads: the query itself journals nothing, the page journals the view (issue 14)", async () => {
    const before = await db.prisma.auditEvent.count();
    const file = await seekerFile(camille, ownSeekerId, { now: NOW });
    expect(file?.barriers?.diagnosticId).toBe(ownDiagnosticId);
    expect(await db.prisma.auditEvent.count()).toBe(before);
    expect(barrierView(camille, file)).toEqual({
      actor: camille,
      action: "seeker.barriers_viewed",
      agencyId: rouenId,
      subjectType: "Diagnostic",
      subjectId: ownDiagnosticId,
      seekerId: ownSeekerId,
    });
  });

  it("gives the advisor in charge the whole file, with the barriers (HEALTH flagged) and an audit row holding ids only", async () => {
    const file = await view(camille, ownSeekerId);
    expect(file).not.toBeNull();
    expect(file!.inCharge).toBe(true);
    expect(file!.seeker.id).toBe(ownSeekerId);
    expect(file!.seeker.registrationDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(file!.portfolio?.advisor).toMatchObject({ id: camille.id, firstName: camille.firstName, lastName: camille.lastName });
    expect(file!.modalityHistory.length).toBeGreaterThan(0);
    expect(file!.modalityHistory[0]).toHaveProperty("reason");
    expect(file!.diagnostics[0]).toMatchObject({ id: ownDiagnosticId, author: { firstName: camille.firstName } });
    expect(file!.diagnostics[0]!.reasons?.length).toBeGreaterThan(0);
    expect(file!.barriers).toEqual({
      diagnosticId: ownDiagnosticId,
      items: [
        { barrier: "MOBILITY", label: expect.any(String), severity: "MINOR", specialCategory: false },
        { barrier: "HEALTH", label: expect.any(String), severity: "MAJOR", specialCategory: true },
      ],
    });
    const views = await barrierViews(camille.id, ownSeekerId);
    expect(views).toEqual([{ subjectType: "Diagnostic", subjectId: ownDiagnosticId, metadata: {}, agencyId: rouenId }]);
    expect(JSON.stringify(views)).not.toMatch(/HEALTH|MAJOR|santé/i);
  });

  it("gives no barriers at all to an advisor looking at a seeker of the agency queue, and journals no view", async () => {
    const file = await view(camille, queueSeekerId);
    expect(file).not.toBeNull();
    expect(file!.inCharge).toBe(false);
    expect(file!.barriers).toBeNull();
    expect(file!.diagnostics.length).toBeGreaterThan(0);
    expect(file!.diagnostics.every((d) => d.reasons === null)).toBe(true);
    expect(JSON.stringify(file)).not.toMatch(/HEALTH|MOBILITY|santé|sant\\u00e9/i);
    expect(await barrierViews(camille.id, queueSeekerId)).toEqual([]);
  });

  it("gives the manager the file of an agency seeker without barriers", async () => {
    const file = await view(manager, ownSeekerId);
    expect(file?.seeker.id).toBe(ownSeekerId);
    expect(file!.barriers).toBeNull();
    expect(JSON.stringify(file)).not.toMatch(/HEALTH|santé/i);
    expect(await barrierViews(manager.id, ownSeekerId)).toEqual([]);
  });

  it("gives the manager of another agency nothing, and the administrator any agency's file, without barriers or reasons (/agence/demandeurs/[id])", async () => {
    const reunionManager = await actorOf({ email: "directeur.reunion@modalis.demo" });
    const admin = await actorFor(db.prisma, { role: "ADMIN" });
    // An earlier diagnostic decided otherwise than proposed, its justification naming the seeker's health.
    const justification = "Sortie récente d'un long arrêt maladie : reprise progressive à préparer avec un suivi rapproché.";
    const overridden = await makeDiagnostic(db.prisma, {
      agencyId: rouenId,
      seekerId: ownSeekerId,
      authorId: camille.id,
      answers: { ...HEALTH_ANSWERS, barriers: {} },
      decidedModality: "RENFORCE",
      overrideJustification: justification,
      createdAt: new Date(NOW.getTime() - 120_000),
    });
    // The advisor in charge reads it.
    expect((await seekerFile(camille, ownSeekerId, { now: NOW }))!.diagnostics.find((d) => d.id === overridden.id)).toMatchObject({
      overridden: true,
      overrideJustification: justification,
    });
    const before = await db.prisma.auditEvent.count();
    // Another agency's seeker is out of the manager's scope, as if it did not exist (the page then answers 404).
    expect(await view(reunionManager, ownSeekerId)).toBeNull();
    expect(await view(reunionManager, queueSeekerId)).toBeNull();
    expect(await view(manager, reunionSeekerId)).toBeNull();
    expect((await view(reunionManager, reunionSeekerId))?.seeker.id).toBe(reunionSeekerId);
    // The seeker with a HEALTH barrier, read by the manager of their agency and by the administrator.
    for (const reader of [manager, admin]) {
      const file = await view(reader, ownSeekerId);
      expect(file?.seeker.id, reader.role).toBe(ownSeekerId);
      expect(file!.inCharge).toBe(false);
      expect(file!.webOnlyEligible).toBe(false);
      expect(file!.barriers).toBeNull();
      expect(file!.diagnostics.length).toBeGreaterThan(0);
      expect(file!.diagnostics.every((d) => d.reasons === null)).toBe(true);
      // The override is said, its justification (health, here) is not sent.
      expect(file!.diagnostics.find((d) => d.id === overridden.id)).toMatchObject({ overridden: true, overrideJustification: null });
      expect(JSON.stringify(file)).not.toMatch(/maladie/);
      // What the read-only page shows: modality, portfolio, history, appointments.
      expect(file!.portfolio?.advisor.id).toBe(camille.id);
      expect(file!.modalityHistory.length).toBeGreaterThan(0);
      expect(file!.appointments.past.length + file!.appointments.upcoming.length).toBeGreaterThan(0);
      expect(JSON.stringify(file)).not.toMatch(/HEALTH|MOBILITY|MAJOR|MINOR|santé|sant\\u00e9|mobilit/i);
    }
    expect((await view(admin, reunionSeekerId))?.seeker.id).toBe(reunionSeekerId);
    // Nothing of the barriers was shown: no view journaled.
    expect(await db.prisma.auditEvent.count()).toBe(before);
  });

  it("gives the barriers to a social worker in an open tandem and to the advisor in charge, not to the social worker elsewhere", async () => {
    const forWorker = await view(socialWorker, tandemSeekerId);
    expect(forWorker?.barriers?.items.map((b) => b.barrier)).toContain("HEALTH");
    expect(await barrierViews(socialWorker.id, tandemSeekerId)).toHaveLength(1);
    const forAdvisor = await view(tandemAdvisor, tandemSeekerId);
    expect(forAdvisor?.barriers?.items.map((b) => b.barrier)).toContain("HEALTH");
    expect(await view(socialWorker, ownSeekerId === tandemSeekerId ? queueSeekerId : ownSeekerId)).toBeNull();
  });

  it("returns null out of scope: a colleague's seeker, another agency, an unknown or malformed id", async () => {
    const before = await db.prisma.auditEvent.count();
    expect(await view(camille, colleagueSeekerId)).toBeNull();
    expect(await view(camille, reunionSeekerId)).toBeNull();
    expect(await view(camille, "3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e22")).toBeNull();
    expect(await view(camille, "not-a-uuid")).toBeNull();
    expect(await db.prisma.auditEvent.count()).toBe(before);
  });

  it("lists past and upcoming appointments with status, kind, channel and the replacesId link of a rescheduled one", async () => {
    const start = new Date(localToInstant("2026-03-30", "08:00", "Europe/Paris"));
    const old = await db.prisma.appointment.create({
      data: {
        agencyId: rouenId,
        seekerId: ownSeekerId,
        advisorId: camille.id,
        kind: "FOLLOW_UP",
        channel: "PHONE",
        startsAt: start,
        endsAt: new Date(start.getTime() + 30 * 60_000),
      },
      select: { id: true },
    });
    const moved = await rescheduleAppointment(camille, { appointmentId: old.id }, { now: NOW });
    const file = await view(camille, ownSeekerId);
    const upcoming = file!.appointments.upcoming;
    expect(upcoming.find((a) => a.id === old.id)).toMatchObject({ status: "CANCELLED", kind: "FOLLOW_UP", channel: "PHONE", replacesId: null });
    expect(upcoming.find((a) => a.id === moved.appointmentId)).toMatchObject({ status: "SCHEDULED", replacesId: old.id, startsAt: moved.startsAt });
    for (const a of file!.appointments.past) expect(new Date(a.startsAt).getTime()).toBeLessThan(NOW.getTime());
    for (const a of upcoming) expect(new Date(a.startsAt).getTime()).toBeGreaterThanOrEqual(NOW.getTime());
  });
});
