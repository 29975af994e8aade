import { beforeEach, describe, expect, it } from "vitest";
import { agencySettingsActionsAs } from "../support/acting";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Modality } from "@/generated/prisma/enums";
import { verifyPassword } from "@/server/auth/password";
import { MESSAGES } from "@/server/auth/guard";
import { DomainError } from "@/server/errors";
import { createSocialWorker, deactivateSocialWorker, EMAIL_UNAVAILABLE, reactivateSocialWorker } from "@/server/use-cases/social-workers";
import { agencySettings } from "@/server/queries/agency-settings";
import {
  updateCaps,
  updateClosedFileRetention,
  updateFirstInterviewDeadline,
  updateGlobalPartnership,
  updateHours,
  updateMinNotice,
  updateReminders,
} from "@/server/use-cases/agency-settings";
import { createTestDatabase, tableCounts, testServerUrl, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeGapCast, makePortfolio, makeSeeker, makeUser, nextSerial } from "../support/factories";

const NOW = new Date("2026-03-02T08:00:00.000Z");
const OPTIONS = { now: NOW };
const TABLES = ["Agency", "User", "Portfolio", "Seeker", "SocialTandem", "Appointment", "AuditEvent"];

/** `n` seekers followed in the portfolio (registered on 2026-01-20), their ids. */
async function makeFollowed(db: PrismaClient, portfolio: { id: string; agencyId: string; modality: Modality }, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push((await makeSeeker(db, portfolio.agencyId, { portfolio, registrationDate: "2026-01-20" })).id);
  return ids;
}

/**
 * Agency « Gap » (partnership signed): Alice holds renforcé 5/70 and guidé 2/150, Bruno renforcé 3/70, Chloé global
 * 2/100 (in tandem with the social worker Sophie, who has a past and a future joint appointment); Samuel is a
 * social worker without tandem. Agency « Briançon » (partnership signed, no one followed in global) with its own
 * manager, advisor portfolio and social worker.
 */
async function world(db: PrismaClient) {
  const cast = await makeGapCast(db, { agency: { globalPartnership: true }, other: { globalPartnership: true } });
  const { agency, other, manager, otherManager, admin, alice, bruno, chloe, denis } = cast;
  const sophie = await makeUser(db, agency.id, "SOCIAL_WORKER", "Sophie", "Garnier");
  const samuel = await makeUser(db, agency.id, "SOCIAL_WORKER", "Samuel", "Blanc");
  const otherWorker = await makeUser(db, other.id, "SOCIAL_WORKER", "Olga", "Vidal");
  const renforceAlice = await makePortfolio(db, agency.id, alice.id, "RENFORCE", 70);
  const renforceBruno = await makePortfolio(db, agency.id, bruno.id, "RENFORCE", 70);
  const guideAlice = await makePortfolio(db, agency.id, alice.id, "GUIDE", 150);
  const globalChloe = await makePortfolio(db, agency.id, chloe.id, "GLOBAL", 100);
  const renforceDenis = await makePortfolio(db, other.id, denis.id, "RENFORCE", 70);
  await makeFollowed(db, renforceAlice, 5);
  await makeFollowed(db, renforceBruno, 3);
  await makeFollowed(db, guideAlice, 2);
  const globalSeekers = await makeFollowed(db, globalChloe, 2);
  await makeFollowed(db, renforceDenis, 1);
  for (const seekerId of globalSeekers) {
    await db.socialTandem.create({ data: { agencyId: agency.id, seekerId, socialWorkerId: sophie.id, startedAt: new Date("2026-02-01T09:00:00Z") } });
  }
  // A past joint meeting and a future one, both with Sophie.
  const past = await db.appointment.create({
    data: {
      agencyId: agency.id,
      seekerId: globalSeekers[0]!,
      advisorId: chloe.id,
      socialWorkerId: sophie.id,
      kind: "JOINT_GLOBAL",
      startsAt: new Date("2026-02-10T13:00:00Z"),
      endsAt: new Date("2026-02-10T14:00:00Z"),
      status: "DONE",
    },
  });
  const future = await db.appointment.create({
    data: {
      agencyId: agency.id,
      seekerId: globalSeekers[1]!,
      advisorId: chloe.id,
      socialWorkerId: sophie.id,
      kind: "JOINT_GLOBAL",
      startsAt: new Date("2026-03-10T13:00:00Z"),
      endsAt: new Date("2026-03-10T14:00:00Z"),
    },
  });
  return {
    agency,
    other,
    manager,
    otherManager,
    admin,
    alice,
    bruno,
    chloe,
    denis,
    sophie,
    samuel,
    otherWorker,
    renforceAlice,
    renforceBruno,
    guideAlice,
    globalChloe,
    renforceDenis,
    globalSeekers,
    past,
    future,
  };
}

type World = Awaited<ReturnType<typeof world>>;

/** Everything a settings change could touch: row counts, both agencies' settings, every cap, every account. */
async function snapshot(db: PrismaClient) {
  return {
    counts: await tableCounts(db, TABLES),
    agencies: await db.agency.findMany({ orderBy: { code: "asc" }, omit: { createdAt: true, updatedAt: true } }),
    portfolios: await db.portfolio.findMany({ orderBy: { id: "asc" }, select: { id: true, cap: true } }),
    users: await db.user.findMany({ orderBy: { id: "asc" }, select: { id: true, active: true, sessionVersion: true, passwordHash: true } }),
    tandems: await db.socialTandem.findMany({ orderBy: { id: "asc" }, select: { id: true, socialWorkerId: true, endedAt: true } }),
    appointments: await db.appointment.findMany({ orderBy: { id: "asc" }, select: { id: true, socialWorkerId: true } }),
  };
}

async function expectRefusal(promise: Promise<unknown>, code: DomainError["code"], pattern?: RegExp): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (pattern) expect((error as DomainError).message).toMatch(pattern);
  return error as DomainError;
}

const capsOf = (agency: { capSuivi: number; capGuide: number; capRenforce: number; capGlobal: number }) => ({
  capSuivi: agency.capSuivi,
  capGuide: agency.capGuide,
  capRenforce: agency.capRenforce,
  capGlobal: agency.capGlobal,
});

const VALID_HOURS = { appointmentStart: "09:00", appointmentEnd: "12:00", slotMinutes: 20, initialInterviewMinutes: 60 };

describe("agency settings — use cases, actions and scope", () => {
  // One database for the file (a migrated database per test is slow on PGlite); each test builds its own two
  // agencies, and reads only their rows, except the snapshots, which prove that a refusal changed nothing anywhere.
  let db: TestDatabase;
  let w: World;
  freshDatabase("all", (fresh) => (db = fresh));
  beforeEach(async () => {
    w = await world(db.prisma);
  });

  const capsInput = (patch: Partial<Record<"capSuivi" | "capGuide" | "capRenforce" | "capGlobal", number>> = {}) => ({
    agencyId: w.agency.id,
    capSuivi: 350,
    capGuide: 150,
    capRenforce: 70,
    capGlobal: 100,
    ...patch,
  });

  describe("caps", () => {
    it("applies a cap above every load to the agency and every portfolio of that modality only", async () => {
      const result = await updateCaps(w.manager, capsInput({ capGuide: 120 }), OPTIONS);
      expect(result).toEqual({ changed: ["GUIDE"], portfoliosUpdated: 1, portfoliosAboveCap: 0 });
      const agency = await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } });
      expect(capsOf(agency)).toEqual({ capSuivi: 350, capGuide: 120, capRenforce: 70, capGlobal: 100 });
      expect((await db.prisma.portfolio.findUniqueOrThrow({ where: { id: w.guideAlice.id } })).cap).toBe(120);
      expect((await db.prisma.portfolio.findUniqueOrThrow({ where: { id: w.renforceAlice.id } })).cap).toBe(70);
    });

    it("refuses a cap below a portfolio's load without confirmation, explaining it, and changes nothing", async () => {
      const before = await snapshot(db.prisma);
      const error = await expectRefusal(updateCaps(w.manager, capsInput({ capRenforce: 4 }), OPTIONS), "CONFIRMATION_REQUIRED");
      expect(error.message).toContain("Le plafond renforcé proposé (4) est inférieur à la charge actuelle du portefeuille d'Alice Bernard (5 demandeurs).");
      expect(error.message).toMatch(/Personne ne sera déplacé/);
      expect(error.message).toMatch(/aucun nouveau demandeur ne pourra y être orienté/);
      expect(error.message).toMatch(/rééquilibrer/);
      expect(error.details).toEqual({
        confirmation: "BELOW_LOAD",
        portfolios: [{ modality: "RENFORCE", advisorName: "Alice Bernard", load: 5, proposedCap: 4 }],
      });
      // Through the action the refusal keeps its details, which is how the form knows to ask.
      const actions = agencySettingsActionsAs(
        async () => w.manager,
        () => NOW,
      );
      const viaAction = await actions.updateCaps(capsInput({ capRenforce: 2 }));
      expect(viaAction.ok).toBe(false);
      if (!viaAction.ok) {
        expect(viaAction.details?.confirmation).toBe("BELOW_LOAD");
        expect(viaAction.error).toMatch(/charge actuelle de 2 portefeuilles : Alice Bernard \(5 demandeurs\), Bruno Martin \(3 demandeurs\)/);
      }
      expect(await snapshot(db.prisma)).toEqual(before);
    });

    it("applies a cap below the load with the confirmation: agency and every portfolio of the modality, others untouched", async () => {
      const actions = agencySettingsActionsAs(
        async () => w.manager,
        () => NOW,
      );
      const seekersBefore = await db.prisma.seeker.findMany({
        where: { agencyId: w.agency.id },
        orderBy: { id: "asc" },
        select: { id: true, portfolioId: true },
      });
      const result = await actions.updateCaps({ ...capsInput({ capRenforce: 4, capSuivi: 300 }), confirmBelowLoad: true });
      expect(result).toEqual({ ok: true, data: { changed: ["SUIVI", "RENFORCE"], portfoliosUpdated: 2, portfoliosAboveCap: 1 } });
      const agency = await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } });
      expect(capsOf(agency)).toEqual({ capSuivi: 300, capGuide: 150, capRenforce: 4, capGlobal: 100 });
      const caps = Object.fromEntries(
        (await db.prisma.portfolio.findMany({ where: { agencyId: { in: [w.agency.id, w.other.id] } }, select: { id: true, cap: true } })).map((p) => [
          p.id,
          p.cap,
        ]),
      );
      expect(caps).toEqual({
        [w.renforceAlice.id]: 4,
        [w.renforceBruno.id]: 4,
        [w.guideAlice.id]: 150,
        [w.globalChloe.id]: 100,
        [w.renforceDenis.id]: 70,
      });
      const other = await db.prisma.agency.findUniqueOrThrow({ where: { id: w.other.id } });
      expect(other.capRenforce).toBe(70);
      // Nobody moved.
      expect(await db.prisma.seeker.findMany({ where: { agencyId: w.agency.id }, orderBy: { id: "asc" }, select: { id: true, portfolioId: true } })).toEqual(
        seekersBefore,
      );
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "agency.settings.changed", agencyId: w.agency.id } });
      expect(audit).toMatchObject({ agencyId: w.agency.id, actorId: w.manager.id, actorRole: "MANAGER", subjectType: "Agency", subjectId: w.agency.id });
      expect(audit.metadata).toEqual({
        section: "caps",
        fields: "capSuivi,capRenforce",
        "capSuivi.old": 350,
        "capSuivi.new": 300,
        "capRenforce.old": 70,
        "capRenforce.new": 4,
        portfoliosUpdated: 2,
        portfoliosAboveCap: 1,
        confirmedBelowLoad: true,
      });
    });

    it("accepts a cap equal to the highest load without confirmation (full, not above)", async () => {
      const result = await updateCaps(w.manager, capsInput({ capRenforce: 5 }), OPTIONS);
      expect(result.portfoliosAboveCap).toBe(0);
    });

    it("refuses renforcé above 70, through the use case and the action, and changes nothing", async () => {
      const before = await snapshot(db.prisma);
      await expectRefusal(updateCaps(w.manager, capsInput({ capRenforce: 80 }), OPTIONS), "INVALID", /règle nationale/);
      const actions = agencySettingsActionsAs(
        async () => w.manager,
        () => NOW,
      );
      const result = await actions.updateCaps(capsInput({ capRenforce: 71 }));
      expect(result).toEqual({
        ok: false,
        error: MESSAGES.invalid,
        code: "INVALID",
        fieldErrors: {
          capRenforce: ["Plafond renforcé : 70 demandeurs au plus par conseiller — la règle nationale de l'accompagnement renforcé ne permet pas davantage."],
        },
      });
      expect(await snapshot(db.prisma)).toEqual(before);
    });

    it("writes nothing when no cap changes", async () => {
      const before = await snapshot(db.prisma);
      expect(await updateCaps(w.manager, capsInput(), OPTIONS)).toEqual({ changed: [], portfoliosUpdated: 0, portfoliosAboveCap: 0 });
      expect(await snapshot(db.prisma)).toEqual(before);
    });
  });

  describe("hours and deadline", () => {
    it("saves valid hours and audits the changed fields (times as minutes since midnight)", async () => {
      const result = await updateHours(w.manager, { agencyId: w.agency.id, ...VALID_HOURS }, OPTIONS);
      expect(result.changed).toEqual(["appointmentStart", "appointmentEnd", "slotMinutes"]);
      const agency = await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } });
      expect(agency).toMatchObject({ appointmentStart: "09:00", appointmentEnd: "12:00", slotMinutes: 20, initialInterviewMinutes: 60 });
      // Existing appointments stay where they were.
      expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: w.future.id } })).startsAt).toEqual(w.future.startsAt);
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "agency.settings.changed", agencyId: w.agency.id } });
      expect(audit.metadata).toEqual({
        section: "hours",
        fields: "appointmentStart,appointmentEnd,slotMinutes",
        "appointmentStart.old": 810,
        "appointmentStart.new": 540,
        "appointmentEnd.old": 990,
        "appointmentEnd.new": 720,
        "slotMinutes.old": 30,
        "slotMinutes.new": 20,
      });
    });

    it.each([
      [{ appointmentStart: "06:00" }],
      [{ appointmentEnd: "08:00" }],
      [{ slotMinutes: 7 }],
      [{ appointmentEnd: "12:10" }],
      [{ initialInterviewMinutes: 50 }],
      [{ appointmentEnd: "09:40" }],
      [{ extra: true }],
    ])("refuses hours %o and changes nothing", async (patch) => {
      const before = await snapshot(db.prisma);
      await expectRefusal(updateHours(w.manager, { agencyId: w.agency.id, ...VALID_HOURS, ...patch }, OPTIONS), "INVALID");
      expect(await snapshot(db.prisma)).toEqual(before);
    });

    it("saves the first-interview deadline and refuses one out of bounds", async () => {
      const before = await snapshot(db.prisma);
      await expectRefusal(
        updateFirstInterviewDeadline(w.manager, { agencyId: w.agency.id, firstInterviewDeadlineDays: 91 }, OPTIONS),
        "INVALID",
        /90 jours au plus/,
      );
      expect(await snapshot(db.prisma)).toEqual(before);
      expect(await updateFirstInterviewDeadline(w.manager, { agencyId: w.agency.id, firstInterviewDeadlineDays: 21 }, OPTIONS)).toEqual({
        changed: ["firstInterviewDeadlineDays"],
      });
      expect((await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } })).firstInterviewDeadlineDays).toBe(21);
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "agency.settings.changed", agencyId: w.agency.id } });
      expect(audit.metadata).toEqual({
        section: "deadline",
        fields: "firstInterviewDeadlineDays",
        "firstInterviewDeadlineDays.old": 28,
        "firstInterviewDeadlineDays.new": 21,
      });
    });

    it("saves the minimum notice of a moved appointment (2 days by default) and refuses one out of bounds", async () => {
      expect((await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } })).minNoticeDays).toBe(2);
      const before = await snapshot(db.prisma);
      for (const minNoticeDays of [-1, 31, 1.5]) {
        await expectRefusal(updateMinNotice(w.manager, { agencyId: w.agency.id, minNoticeDays }, OPTIONS), "INVALID", /Délai de prévenance/);
      }
      expect(await snapshot(db.prisma)).toEqual(before);
      expect(await updateMinNotice(w.manager, { agencyId: w.agency.id, minNoticeDays: 5 }, OPTIONS)).toEqual({ changed: ["minNoticeDays"] });
      expect(await updateMinNotice(w.manager, { agencyId: w.agency.id, minNoticeDays: 5 }, OPTIONS)).toEqual({ changed: [] });
      expect((await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } })).minNoticeDays).toBe(5);
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "agency.settings.changed", agencyId: w.agency.id } });
      expect(audit.metadata).toEqual({ section: "notice", fields: "minNoticeDays", "minNoticeDays.old": 2, "minNoticeDays.new": 5 });
    });

    it("saves the reminders (days ahead and channels) and refuses days out of bounds or no channel", async () => {
      const before = await snapshot(db.prisma);
      const base = { agencyId: w.agency.id, reminderByEmail: true, reminderBySms: true };
      for (const reminderDaysBefore of [-1, 15, 1.5]) {
        await expectRefusal(updateReminders(w.manager, { ...base, reminderDaysBefore }, OPTIONS), "INVALID", /Rappel avant un rendez-vous/);
      }
      await expectRefusal(
        updateReminders(w.manager, { agencyId: w.agency.id, reminderDaysBefore: 2, reminderByEmail: false, reminderBySms: false }, OPTIONS),
        "INVALID",
        /choisissez l'e-mail, le SMS ou les deux/,
      );
      expect(await snapshot(db.prisma)).toEqual(before);
      expect(await updateReminders(w.manager, { ...base, reminderDaysBefore: 3, reminderBySms: false }, OPTIONS)).toEqual({
        changed: ["reminderDaysBefore", "reminderBySms"],
      });
      expect(await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } })).toMatchObject({
        reminderDaysBefore: 3,
        reminderByEmail: true,
        reminderBySms: false,
      });
      // No reminders at all: 0 days, whatever the channels.
      expect(await updateReminders(w.manager, { agencyId: w.agency.id, reminderDaysBefore: 0, reminderByEmail: false, reminderBySms: false }, OPTIONS)).toEqual(
        {
          changed: ["reminderDaysBefore", "reminderByEmail"],
        },
      );
      const audit = await db.prisma.auditEvent.findMany({ where: { action: "agency.settings.changed", agencyId: w.agency.id } });
      expect(audit).toHaveLength(2);
      expect(audit.map((e) => e.metadata)).toContainEqual({
        section: "reminders",
        fields: "reminderDaysBefore,reminderBySms",
        "reminderDaysBefore.old": 2,
        "reminderDaysBefore.new": 3,
        "reminderBySms.old": true,
        "reminderBySms.new": false,
      });
    });

    it("saves the retention of closed files (24 months by default) and refuses one out of bounds", async () => {
      expect((await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } })).closedFileRetentionMonths).toBe(24);
      const before = await snapshot(db.prisma);
      for (const closedFileRetentionMonths of [0, 121, 6.5]) {
        await expectRefusal(
          updateClosedFileRetention(w.manager, { agencyId: w.agency.id, closedFileRetentionMonths }, OPTIONS),
          "INVALID",
          /Conservation des dossiers clos/,
        );
      }
      expect(await snapshot(db.prisma)).toEqual(before);
      expect(await updateClosedFileRetention(w.manager, { agencyId: w.agency.id, closedFileRetentionMonths: 36 }, OPTIONS)).toEqual({
        changed: ["closedFileRetentionMonths"],
      });
      expect((await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } })).closedFileRetentionMonths).toBe(36);
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "agency.settings.changed", agencyId: w.agency.id } });
      expect(audit.metadata).toEqual({
        section: "retention",
        fields: "closedFileRetentionMonths",
        "closedFileRetentionMonths.old": 24,
        "closedFileRetentionMonths.new": 36,
      });
    });
  });

  describe("global partnership", () => {
    it("asks for a confirmation before ending it while seekers are followed in global, then keeps their tandems", async () => {
      const before = await snapshot(db.prisma);
      const error = await expectRefusal(
        updateGlobalPartnership(w.manager, { agencyId: w.agency.id, globalPartnership: false }, OPTIONS),
        "CONFIRMATION_REQUIRED",
      );
      expect(error.message).toMatch(/^2 demandeurs sont suivis en accompagnement global/);
      expect(error.message).toMatch(/gardent leur accompagnement et leur binôme/);
      expect(error.message).toMatch(/le diagnostic proposera l'accompagnement renforcé à la place/);
      expect(error.details).toEqual({ confirmation: "GLOBAL_SEEKERS", globalSeekers: 2 });
      expect(await snapshot(db.prisma)).toEqual(before);

      const result = await updateGlobalPartnership(w.manager, { agencyId: w.agency.id, globalPartnership: false, confirmGlobalSeekers: true }, OPTIONS);
      expect(result).toEqual({ changed: true, globalPartnership: false, globalSeekers: 2, activeSocialWorkers: 2 });
      expect((await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } })).globalPartnership).toBe(false);
      const seekers = await db.prisma.seeker.findMany({ where: { id: { in: w.globalSeekers } }, select: { modality: true, portfolioId: true } });
      expect(seekers).toEqual([
        { modality: "GLOBAL", portfolioId: w.globalChloe.id },
        { modality: "GLOBAL", portfolioId: w.globalChloe.id },
      ]);
      expect(await db.prisma.socialTandem.count({ where: { endedAt: null, socialWorkerId: w.sophie.id } })).toBe(2);
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "agency.settings.changed", agencyId: w.agency.id } });
      expect(audit.metadata).toEqual({
        section: "partnership",
        fields: "globalPartnership",
        "globalPartnership.old": true,
        "globalPartnership.new": false,
        globalSeekers: 2,
      });
    });

    it("ends it at once where nobody is followed in global, and turns it back on", async () => {
      const off = await updateGlobalPartnership(w.otherManager, { agencyId: w.other.id, globalPartnership: false }, OPTIONS);
      expect(off).toMatchObject({ changed: true, globalPartnership: false, globalSeekers: 0 });
      expect((await db.prisma.agency.findUniqueOrThrow({ where: { id: w.other.id } })).globalPartnership).toBe(false);
      const on = await updateGlobalPartnership(w.otherManager, { agencyId: w.other.id, globalPartnership: true }, OPTIONS);
      expect(on).toMatchObject({ changed: true, globalPartnership: true, activeSocialWorkers: 1 });
      expect(await db.prisma.auditEvent.count({ where: { action: "agency.settings.changed", agencyId: w.other.id } })).toBe(2);
    });
  });

  describe("social workers' accounts", () => {
    it("creates an account whose temporary password verifies, shown once and never audited", async () => {
      const actions = agencySettingsActionsAs(
        async () => w.manager,
        () => NOW,
      );
      const result = await actions.createSocialWorker({ agencyId: w.agency.id, firstName: "Léa", lastName: "Martin", email: "Lea.Martin@Hautes-Alpes.fr" });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const { temporaryPassword, userId } = result.data;
      expect(temporaryPassword.length).toBeGreaterThanOrEqual(16);
      expect(result.data).toMatchObject({ email: "lea.martin@hautes-alpes.fr", firstName: "Léa", lastName: "Martin" });
      const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
      expect(user).toMatchObject({ role: "SOCIAL_WORKER", agencyId: w.agency.id, active: true, email: "lea.martin@hautes-alpes.fr" });
      expect(user.passwordHash).not.toContain(temporaryPassword);
      expect(await verifyPassword(user.passwordHash, temporaryPassword)).toBe(true);
      expect(await verifyPassword(user.passwordHash, "Modalis-demo-2026")).toBe(false);
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.created", subjectId: userId } });
      expect(audit).toMatchObject({
        subjectType: "User",
        subjectId: userId,
        agencyId: w.agency.id,
        actorId: w.manager.id,
        metadata: { role: "SOCIAL_WORKER" },
      });
      expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
      expect(JSON.stringify(audit)).not.toContain(user.passwordHash);
      // The new account shows in the settings view.
      const view = await agencySettings(w.manager, w.agency.id);
      expect(view?.socialWorkers.map((s) => s.email)).toContain("lea.martin@hautes-alpes.fr");
    });

    it("refuses an e-mail in use anywhere with one neutral answer that tells neither whose nor where, and writes nothing", async () => {
      // A seeker's account and another agency's social worker: the manager may know neither.
      const seekerUser = await makeUser(db.prisma, w.other.id, "SEEKER", "Zoé", "Durand", { email: `zoe.durand.${nextSerial()}@exemple.fr` });
      const elsewhere = await db.prisma.user.findUniqueOrThrow({ where: { id: w.otherWorker.id } });
      const own = await db.prisma.user.findUniqueOrThrow({ where: { id: w.samuel.id } });
      const before = await snapshot(db.prisma);
      const actions = agencySettingsActionsAs(
        async () => w.manager,
        () => NOW,
      );
      const answers: unknown[] = [];
      for (const email of [seekerUser.email, elsewhere.email.toUpperCase(), own.email]) {
        const error = await expectRefusal(
          createSocialWorker(w.manager, { agencyId: w.agency.id, firstName: "Léa", lastName: "Martin", email }, OPTIONS),
          "CONFLICT",
        );
        expect(error.message).toBe(EMAIL_UNAVAILABLE);
        const result = await actions.createSocialWorker({ agencyId: w.agency.id, firstName: "Léa", lastName: "Martin", email });
        answers.push(result);
        expect(JSON.stringify(result)).not.toMatch(/existe|demandeur|agence de|Briançon|Zoé|Olga|Samuel/i);
      }
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]).toEqual({ ok: false, code: "CONFLICT", error: EMAIL_UNAVAILABLE });
      expect(await snapshot(db.prisma)).toEqual(before);
    });

    // Two requests of the app at once, each on its own connection of a pool, as the app reaches its database.
    // On PostgreSQL the two transactions really overlap: a third one holds the agency row (FOR UPDATE), so that each
    // creation passes the e-mail check and inserts, then waits — one for the agency row (its foreign-key check), the
    // other for the first one's uncommitted address (the unique index); released, the unique index decides.
    // On the embedded engine they cannot overlap: its owner's wire server runs one transaction at a time, whatever
    // the number of clients (README « The embedded database »), so the second one's e-mail check sees the first
    // one's account. Either way the invariant is the same: one account, one journal line, one neutral refusal.
    it("lets exactly one of two simultaneous creations with the same e-mail win, each on its own connection", async () => {
      const pooled = await createTestDatabase({ served: true, poolMax: 6 });
      try {
        const v = await world(pooled.prisma);
        const input = { agencyId: v.agency.id, firstName: "Noé", lastName: "Perrin", email: `noe.perrin.${v.agency.code.toLowerCase()}@test.fr` };
        const options = { ...OPTIONS, db: pooled.prisma };
        let overlapped: number | null = null;
        let release = () => {};
        let holder: Promise<unknown> = Promise.resolve();
        if (pooled.engine === "postgres") {
          const gate = new Promise<void>((resolve) => (release = resolve));
          let signalHeld!: () => void;
          const held = new Promise<void>((resolve) => (signalHeld = resolve));
          holder = pooled.prisma.$transaction(
            async (tx) => {
              await tx.$queryRaw`SELECT "id" FROM "Agency" WHERE "id" = ${v.agency.id}::uuid FOR UPDATE`;
              signalHeld();
              await gate;
            },
            { timeout: 600_000 },
          );
          await held;
        }
        const racing = Promise.allSettled([createSocialWorker(v.manager, input, options), createSocialWorker(v.admin, input, options)]);
        if (pooled.engine === "postgres") {
          // Until both creations wait inside their transactions (or one of them ends without waiting: then the count
          // below says so and the test fails).
          let settled = false;
          void racing.then(() => (settled = true));
          for (;;) {
            const [row] = await pooled.prisma.$queryRawUnsafe<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            );
            overlapped = row!.n;
            if (overlapped >= 2 || settled) break;
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          release();
          await holder;
          expect(overlapped, "both creations were inside their transactions at once").toBe(2);
        }
        const results = await racing;
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(DomainError);
        expect((refused.reason as DomainError).message).toBe(EMAIL_UNAVAILABLE);
        expect(await pooled.prisma.user.count({ where: { email: input.email } })).toBe(1);
        expect(await pooled.prisma.auditEvent.count({ where: { action: "user.created", agencyId: v.agency.id } })).toBe(1);
      } finally {
        await pooled.dispose();
      }
    }, 300_000);

    it.runIf(testServerUrl)("answers in French when a creation passes the e-mail check but meets the unique index (PostgreSQL)", async () => {
      const input = { agencyId: w.agency.id, firstName: "Noé", lastName: "Perrin", email: `noe.perrin.race.${w.agency.code.toLowerCase()}@test.fr` };
      // Another transaction holds an uncommitted account with that address: the check does not see it, the insert waits.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let signalInserted!: () => void;
      const inserted = new Promise<void>((resolve) => (signalInserted = resolve));
      const holder = db.prisma.$transaction(
        async (tx) => {
          await tx.user.create({
            data: { email: input.email, firstName: "X", lastName: "Y", role: "SOCIAL_WORKER", passwordHash: "x", agencyId: w.agency.id },
          });
          signalInserted();
          await gate;
        },
        { timeout: 60_000 },
      );
      await inserted;
      const attempt = createSocialWorker(w.manager, input, OPTIONS).then(
        () => null,
        (e: unknown) => e,
      );
      for (let i = 0; i < 2_000; i += 1) {
        const waiting = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (waiting[0]!.n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      await holder;
      const error = await attempt;
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("CONFLICT");
      expect((error as DomainError).message).toBe(EMAIL_UNAVAILABLE);
      expect(await db.prisma.auditEvent.count({ where: { action: "user.created", agencyId: w.agency.id } })).toBe(0);
    });

    it("deactivates an account without tandem: inactive and sessions ended; reactivates it without reopening old sessions", async () => {
      const actions = agencySettingsActionsAs(
        async () => w.manager,
        () => NOW,
      );
      const deactivated = await actions.deactivateSocialWorker({ agencyId: w.agency.id, userId: w.samuel.id });
      expect(deactivated).toEqual({ ok: true, data: { userId: w.samuel.id, tandemsTransferred: 0, appointmentsTransferred: 0 } });
      let user = await db.prisma.user.findUniqueOrThrow({ where: { id: w.samuel.id } });
      expect(user).toMatchObject({ active: false, sessionVersion: 1 });
      const before = await snapshot(db.prisma);
      await expectRefusal(deactivateSocialWorker(w.manager, { agencyId: w.agency.id, userId: w.samuel.id }, OPTIONS), "INVALID", /déjà désactivé/);
      expect(await snapshot(db.prisma)).toEqual(before);

      expect(await actions.reactivateSocialWorker({ agencyId: w.agency.id, userId: w.samuel.id })).toEqual({ ok: true, data: { userId: w.samuel.id } });
      user = await db.prisma.user.findUniqueOrThrow({ where: { id: w.samuel.id } });
      expect(user).toMatchObject({ active: true, sessionVersion: 1 });
      const audits = await db.prisma.auditEvent.findMany({
        where: { subjectId: w.samuel.id },
        orderBy: { createdAt: "asc" },
        select: { action: true, metadata: true },
      });
      expect(audits.map((a) => a.action).sort()).toEqual(["user.deactivated", "user.reactivated"]);
      expect(audits.find((a) => a.action === "user.deactivated")!.metadata).toEqual({
        role: "SOCIAL_WORKER",
        transferredToId: null,
        tandemsTransferred: 0,
        appointmentsTransferred: 0,
      });
      await expectRefusal(reactivateSocialWorker(w.manager, { agencyId: w.agency.id, userId: w.samuel.id }, OPTIONS), "INVALID", /déjà actif/);
    });

    it("refuses to deactivate a social worker with open tandems unless an active colleague takes them over", async () => {
      const before = await snapshot(db.prisma);
      const error = await expectRefusal(
        deactivateSocialWorker(w.manager, { agencyId: w.agency.id, userId: w.sophie.id }, OPTIONS),
        "CONFLICT",
        /Sophie Garnier co-suit 2 demandeurs en accompagnement global \(2 binômes en cours\)/,
      );
      expect(error.message).toMatch(/Rien n'a été modifié/);
      expect(error.details).toEqual({ openTandems: 2, colleagues: [{ id: w.samuel.id, name: "Samuel Blanc" }] });
      // Not to herself, nor to someone of another agency, nor to an inactive colleague.
      await expectRefusal(deactivateSocialWorker(w.manager, { agencyId: w.agency.id, userId: w.sophie.id, transferToId: w.sophie.id }, OPTIONS), "INVALID");
      await expectRefusal(
        deactivateSocialWorker(w.manager, { agencyId: w.agency.id, userId: w.sophie.id, transferToId: w.otherWorker.id }, OPTIONS),
        "INVALID",
      );
      expect(await snapshot(db.prisma)).toEqual(before);
      await db.prisma.user.update({ where: { id: w.samuel.id }, data: { active: false } });
      await expectRefusal(deactivateSocialWorker(w.manager, { agencyId: w.agency.id, userId: w.sophie.id, transferToId: w.samuel.id }, OPTIONS), "INVALID");
    });

    it("hands the open tandems and future joint appointments over to the colleague, then deactivates", async () => {
      const result = await deactivateSocialWorker(w.manager, { agencyId: w.agency.id, userId: w.sophie.id, transferToId: w.samuel.id }, OPTIONS);
      expect(result).toEqual({ userId: w.sophie.id, tandemsTransferred: 2, appointmentsTransferred: 1 });
      expect(await db.prisma.socialTandem.count({ where: { socialWorkerId: w.sophie.id, endedAt: null } })).toBe(0);
      expect(await db.prisma.socialTandem.count({ where: { socialWorkerId: w.sophie.id, endedAt: NOW } })).toBe(2);
      const open = await db.prisma.socialTandem.findMany({ where: { agencyId: w.agency.id, endedAt: null }, select: { seekerId: true, socialWorkerId: true } });
      expect(open.map((t) => t.seekerId).sort()).toEqual([...w.globalSeekers].sort());
      expect(new Set(open.map((t) => t.socialWorkerId))).toEqual(new Set([w.samuel.id]));
      expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: w.future.id } })).socialWorkerId).toBe(w.samuel.id);
      expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: w.past.id } })).socialWorkerId).toBe(w.sophie.id);
      expect(await db.prisma.user.findUniqueOrThrow({ where: { id: w.sophie.id } })).toMatchObject({ active: false, sessionVersion: 1 });
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.deactivated", subjectId: w.sophie.id } });
      expect(audit.metadata).toEqual({ role: "SOCIAL_WORKER", transferredToId: w.samuel.id, tandemsTransferred: 2, appointmentsTransferred: 1 });
    });

    it("acts only on social workers: an advisor's account is not found here", async () => {
      const before = await snapshot(db.prisma);
      await expectRefusal(deactivateSocialWorker(w.manager, { agencyId: w.agency.id, userId: w.alice.id }, OPTIONS), "NOT_FOUND");
      expect(await snapshot(db.prisma)).toEqual(before);
    });
  });

  describe("scope", () => {
    it("refuses a manager of another agency every change, and changes nothing", async () => {
      const before = await snapshot(db.prisma);
      const a = w.agency.id;
      const m = w.otherManager;
      await expectRefusal(updateCaps(m, { ...capsInput({ capRenforce: 60 }), confirmBelowLoad: true }, OPTIONS), "NOT_FOUND");
      await expectRefusal(updateHours(m, { agencyId: a, ...VALID_HOURS }, OPTIONS), "NOT_FOUND");
      await expectRefusal(updateFirstInterviewDeadline(m, { agencyId: a, firstInterviewDeadlineDays: 14 }, OPTIONS), "NOT_FOUND");
      await expectRefusal(updateGlobalPartnership(m, { agencyId: a, globalPartnership: false, confirmGlobalSeekers: true }, OPTIONS), "NOT_FOUND");
      await expectRefusal(createSocialWorker(m, { agencyId: a, firstName: "Léa", lastName: "Martin", email: "lea@test.fr" }, OPTIONS), "NOT_FOUND");
      await expectRefusal(deactivateSocialWorker(m, { agencyId: a, userId: w.samuel.id }, OPTIONS), "NOT_FOUND");
      // Their own agency's id with a social worker of another agency: not found either.
      await expectRefusal(deactivateSocialWorker(m, { agencyId: w.other.id, userId: w.samuel.id }, OPTIONS), "NOT_FOUND");
      const actions = agencySettingsActionsAs(
        async () => m,
        () => NOW,
      );
      expect(await actions.updateFirstInterviewDeadline({ agencyId: a, firstInterviewDeadlineDays: 14 })).toEqual({
        ok: false,
        error: "Agence introuvable.",
        code: "NOT_FOUND",
      });
      expect(await snapshot(db.prisma)).toEqual(before);
      expect(await agencySettings(m, a)).toBeNull();
    });

    it("gives an advisor the guard's refusal, audited, and changes nothing else", async () => {
      const before = await snapshot(db.prisma);
      const actions = agencySettingsActionsAs(
        async () => w.alice,
        () => NOW,
      );
      expect(await actions.updateCaps(capsInput({ capRenforce: 60 }))).toEqual({ ok: false, error: MESSAGES.forbidden, code: "FORBIDDEN" });
      expect(await actions.createSocialWorker({ agencyId: w.agency.id, firstName: "Léa", lastName: "Martin", email: "lea@test.fr" })).toEqual({
        ok: false,
        error: MESSAGES.forbidden,
        code: "FORBIDDEN",
      });
      const after = await snapshot(db.prisma);
      expect(after.counts.AuditEvent).toBe(before.counts.AuditEvent! + 2);
      expect({ ...after, counts: { ...after.counts, AuditEvent: before.counts.AuditEvent } }).toEqual(before);
      const denials = await db.prisma.auditEvent.findMany({ where: { action: "authorization.denied", actorId: w.alice.id }, select: { metadata: true } });
      expect(denials.map((d) => d.metadata)).toEqual(expect.arrayContaining([{ operation: "agency.updateCaps" }, { operation: "agency.createSocialWorker" }]));
      // Called directly, the use case refuses too.
      await expectRefusal(updateHours(w.alice, { agencyId: w.agency.id, ...VALID_HOURS }, OPTIONS), "FORBIDDEN");
      expect(await agencySettings(w.alice, w.agency.id)).toBeNull();
    });

    it("refuses an anonymous caller", async () => {
      const actions = agencySettingsActionsAs(
        async () => null,
        () => NOW,
      );
      expect(await actions.updateFirstInterviewDeadline({ agencyId: w.agency.id, firstInterviewDeadlineDays: 14 })).toEqual({
        ok: false,
        error: MESSAGES.unauthenticated,
        code: "UNAUTHENTICATED",
      });
    });

    it("lets an administrator change any agency", async () => {
      const actions = agencySettingsActionsAs(
        async () => w.admin,
        () => NOW,
      );
      const caps = await actions.updateCaps({ agencyId: w.other.id, capSuivi: 350, capGuide: 150, capRenforce: 60, capGlobal: 100 });
      expect(caps).toEqual({ ok: true, data: { changed: ["RENFORCE"], portfoliosUpdated: 1, portfoliosAboveCap: 0 } });
      expect((await db.prisma.portfolio.findUniqueOrThrow({ where: { id: w.renforceDenis.id } })).cap).toBe(60);
      expect((await db.prisma.portfolio.findUniqueOrThrow({ where: { id: w.renforceAlice.id } })).cap).toBe(70);
      const deadline = await actions.updateFirstInterviewDeadline({ agencyId: w.agency.id, firstInterviewDeadlineDays: 14 });
      expect(deadline).toEqual({ ok: true, data: { changed: ["firstInterviewDeadlineDays"] } });
      const created = await actions.createSocialWorker({ agencyId: w.other.id, firstName: "Inès", lastName: "Robin", email: "ines.robin@test.fr" });
      expect(created.ok).toBe(true);
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "agency.settings.changed", agencyId: w.other.id } });
      expect(audit).toMatchObject({ actorId: w.admin.id, actorRole: "ADMIN" });
      expect((await agencySettings(w.admin, w.other.id))?.agency.id).toBe(w.other.id);
    });
  });

  describe("the settings view", () => {
    it("shows each modality's cap, portfolio count and loads, the global seekers and the social workers with their open tandems", async () => {
      const view = await agencySettings(w.manager, w.agency.id);
      expect(view).not.toBeNull();
      const renforce = view!.caps.find((c) => c.modality === "RENFORCE")!;
      expect(renforce).toEqual({
        modality: "RENFORCE",
        cap: 70,
        portfolios: 2,
        loads: [
          { advisorName: "Alice Bernard", load: 5 },
          { advisorName: "Bruno Martin", load: 3 },
        ],
        highestLoad: 5,
      });
      expect(view!.caps.find((c) => c.modality === "SUIVI")).toEqual({ modality: "SUIVI", cap: 350, portfolios: 0, loads: [], highestLoad: 0 });
      expect(view!.globalSeekers).toBe(2);
      expect(view!.socialWorkers.map((s) => [s.lastName, s.active, s.openTandems])).toEqual([
        ["Blanc", true, 0],
        ["Garnier", true, 2],
      ]);
      expect(await agencySettings(w.manager, "not-a-uuid")).toBeNull();
    });
  });
});
