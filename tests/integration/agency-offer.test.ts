/**
 * The agency's offer (issue 20): the switch to the 2025 offer and back, its confirmation, audit and scope; the
 * transition's countdown and list; the 2025 tables' append-only triggers and CHECKs, and the trigger that keeps
 * orientations to agencies on the 2025 offer (with the race between a switch back and an orientation).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { agencySettingsActionsAs } from "../support/acting";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { DomainError } from "@/server/errors";
import { OFFER_SWITCH_BACK_REFUSED, updateOffer } from "@/server/use-cases/agency-settings";
import { MAINTENANCE_ROLE, purgeExpiredData } from "@/server/use-cases/retention";
import { agencySettings } from "@/server/queries/agency-settings";
import { agencyTransition, TRANSITION_PAGE_SIZE, transitionList } from "@/server/queries/offer-transition";
import { tableCounts, testServerUrl, type TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeGapCast, makePortfolio, makeSeeker } from "../support/factories";

const NOW = new Date("2026-12-01T09:00:00.000Z");
const OPTIONS = { now: NOW };
const TABLES = ["Agency", "Seeker", "Orientation", "EngagementContract", "AuditEvent"];

const ANSWERS = { project: 1, skills: 1, jobSearch: 1, digital: 0, basicSkills: 0, monthsWithoutWork: 3, barriers: {}, webVolunteer: false };

/** An orientation row of ruleset 2025.1 (EMPLOI, France Travail, AGILE), written as the advisor's use case would. */
function orientationData(agencyId: string, seekerId: string, authorId: string): Prisma.OrientationUncheckedCreateInput {
  return {
    agencyId,
    seekerId,
    authorId,
    rulesetVersion: "2025.1",
    answers: ANSWERS,
    situation: { rsa: false, rqth: false, ageYears: 36 },
    proposedParcours: "EMPLOI",
    proposedReferent: "FRANCE_TRAVAIL",
    proposedIntensity: "AGILE",
    proposedTandem: false,
    decidedBy: "FRANCE_TRAVAIL",
    professionalScore: 3,
    reasons: ["Parcours emploi : aucun frein majeur."],
    parcours: "EMPLOI",
    referent: "FRANCE_TRAVAIL",
    intensity: "AGILE",
    tandem: false,
    notifiedOn: new Date("2026-11-20T00:00:00Z"),
  };
}

function contractData(
  o: { agencyId: string; seekerId: string; id: string; authorId: string },
  revision: number,
  signedOn: string | null,
  patch: Partial<Prisma.EngagementContractUncheckedCreateInput> = {},
): Prisma.EngagementContractUncheckedCreateInput {
  return {
    agencyId: o.agencyId,
    seekerId: o.seekerId,
    orientationId: o.id,
    revision,
    signedOn: signedOn ? new Date(`${signedOn}T00:00:00Z`) : null,
    intensity: "AGILE",
    plan: { objectives: ["Retrouver un emploi de cariste"], actions: [{ label: "Mettre à jour le CV", dueOn: "2026-12-15", status: "TODO" }] },
    seekerCommitments: "Chercher activement un emploi.",
    advisorCommitments: "Proposer des offres adaptées.",
    authorId: o.authorId,
    ...patch,
  };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function world(db: PrismaClient) {
  const cast = await makeGapCast(db);
  const overseas = await makeAgency(db, { name: "Agence de Saint-Denis", departement: "974", address: "3 rue de Paris" });
  const guide = await makePortfolio(db, cast.agency.id, cast.alice.id, "GUIDE", 150);
  const otherGuide = await makePortfolio(db, cast.other.id, cast.denis.id, "GUIDE", 150);
  const followed = [];
  for (const lastName of ["Abel", "Berger", "Caron"]) followed.push(await makeSeeker(db, cast.agency.id, { portfolio: guide, lastName }));
  const waiting = await makeSeeker(db, cast.agency.id, { lastName: "Dumas" });
  const otherFollowed = await makeSeeker(db, cast.other.id, { portfolio: otherGuide, lastName: "Ernest" });
  return { ...cast, overseas, guide, followed, waiting, otherFollowed };
}
type World = Awaited<ReturnType<typeof world>>;

describe("the agency's offer (issue 20)", () => {
  let db: TestDatabase;
  let w: World;
  freshDatabase("all", (fresh) => (db = fresh));
  beforeEach(async () => {
    w = await world(db.prisma);
  });

  const offerOf = async (agencyId: string) => (await db.prisma.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { offer: true } })).offer;
  const to2025 = (agencyId: string) => db.prisma.agency.update({ where: { id: agencyId }, data: { offer: "OFFRE_2025" } });

  describe("switching", () => {
    it("is on the 2014 offer by default, without a change date", async () => {
      expect(await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id }, select: { offer: true, offerChangedAt: true } })).toEqual({
        offer: "OFFRE_2014",
        offerChangedAt: null,
      });
    });

    it("asks for a confirmation that says what happens, changes nothing meanwhile, then switches and audits", async () => {
      const before = await tableCounts(db.prisma, TABLES);
      const asked = await refusal(updateOffer(w.manager, { agencyId: w.agency.id, offer: "OFFRE_2025" }, OPTIONS));
      expect(asked.code).toBe("CONFIRMATION_REQUIRED");
      expect(asked.message).toMatch(/Les 3 demandeurs suivis aujourd'hui gardent leur modalité 2014 et leur portefeuille jusqu'à ce qu'ils soient réorientés/);
      expect(asked.message).toMatch(/contrat d'engagement au plus tard le 1er janvier 2027/);
      expect(asked.message).toMatch(/nouveaux diagnostics appliqueront les règles 2025/);
      expect(asked.details).toEqual({ confirmation: "OFFRE_2025", followedSeekers: 3, transitionDeadline: "2027-01-01" });
      expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
      expect(await offerOf(w.agency.id)).toBe("OFFRE_2014");

      const done = await updateOffer(w.manager, { agencyId: w.agency.id, offer: "OFFRE_2025", confirmOffer: true }, OPTIONS);
      expect(done).toEqual({ changed: true, offer: "OFFRE_2025", followedSeekers: 3, transitionDeadline: "2027-01-01" });
      const agency = await db.prisma.agency.findUniqueOrThrow({ where: { id: w.agency.id } });
      expect(agency.offer).toBe("OFFRE_2025");
      expect(agency.offerChangedAt).toEqual(NOW);
      // Followed seekers keep their 2014 modality and portfolio.
      expect(await db.prisma.seeker.findMany({ where: { id: { in: w.followed.map((s) => s.id) } }, select: { modality: true, portfolioId: true } })).toEqual(
        w.followed.map(() => ({ modality: "GUIDE", portfolioId: w.guide.id })),
      );
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "agency.settings.changed", agencyId: w.agency.id } });
      expect(audit).toMatchObject({ actorId: w.manager.id, subjectType: "Agency", subjectId: w.agency.id });
      expect(audit.metadata).toEqual({ section: "offer", fields: "offer", "offer.old": "OFFRE_2014", "offer.new": "OFFRE_2025", followedSeekers: 3 });
      expect(await offerOf(w.other.id)).toBe("OFFRE_2014");

      // Asking again for the offer in force changes and audits nothing.
      expect(await updateOffer(w.manager, { agencyId: w.agency.id, offer: "OFFRE_2025", confirmOffer: true }, OPTIONS)).toMatchObject({ changed: false });
      expect(await db.prisma.auditEvent.count({ where: { action: "agency.settings.changed", agencyId: w.agency.id } })).toBe(1);
    });

    it("gives the overseas deadline (1 January 2028) from the agency's département", async () => {
      const admin = w.admin;
      const asked = await refusal(updateOffer(admin, { agencyId: w.overseas.id, offer: "OFFRE_2025" }, OPTIONS));
      expect(asked.message).toMatch(/Aucun demandeur n'est suivi aujourd'hui/);
      expect(asked.message).toMatch(/au plus tard le 1er janvier 2028/);
      expect(asked.details).toMatchObject({ transitionDeadline: "2028-01-01" });
    });

    it("goes back to 2014 with its own confirmation while no orientation exists", async () => {
      await to2025(w.agency.id);
      const asked = await refusal(updateOffer(w.manager, { agencyId: w.agency.id, offer: "OFFRE_2014" }, OPTIONS));
      expect(asked.code).toBe("CONFIRMATION_REQUIRED");
      expect(asked.message).toMatch(/^Revenir à l'offre 2014 : aucun demandeur n'a encore été orienté selon les règles 2025/);
      expect(await offerOf(w.agency.id)).toBe("OFFRE_2025");
      expect(await updateOffer(w.manager, { agencyId: w.agency.id, offer: "OFFRE_2014", confirmOffer: true }, OPTIONS)).toMatchObject({
        changed: true,
        offer: "OFFRE_2014",
      });
      expect(await offerOf(w.agency.id)).toBe("OFFRE_2014");
    });

    it("refuses to go back to 2014 once an orientation exists, even confirmed, and changes nothing", async () => {
      await to2025(w.agency.id);
      await db.prisma.orientation.create({ data: orientationData(w.agency.id, w.followed[0]!.id, w.alice.id) });
      const before = await tableCounts(db.prisma, TABLES);
      for (const confirmOffer of [undefined, true]) {
        const refused = await refusal(
          updateOffer(w.manager, { agencyId: w.agency.id, offer: "OFFRE_2014", ...(confirmOffer ? { confirmOffer } : {}) }, OPTIONS),
        );
        expect(refused.code).toBe("CONFLICT");
        expect(refused.message).toBe(OFFER_SWITCH_BACK_REFUSED);
      }
      expect(await offerOf(w.agency.id)).toBe("OFFRE_2025");
      expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
      // Another agency's orientations do not hold this one.
      await to2025(w.other.id);
      expect(await updateOffer(w.otherManager, { agencyId: w.other.id, offer: "OFFRE_2014", confirmOffer: true }, OPTIONS)).toMatchObject({ changed: true });
    });

    it("lets the manager and an administrator switch, never an advisor, another agency's manager or an anonymous caller", async () => {
      const clock = () => NOW;
      const as = (actor: Parameters<typeof updateOffer>[0] | null) => agencySettingsActionsAs(async () => actor, clock);
      const input = { agencyId: w.agency.id, offer: "OFFRE_2025", confirmOffer: true };
      expect(await as(w.alice).updateOffer(input)).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await as(w.otherManager).updateOffer(input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await as(null).updateOffer(input)).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
      expect(await offerOf(w.agency.id)).toBe("OFFRE_2014");
      expect(await as(w.admin).updateOffer({ ...input, agencyId: w.other.id })).toMatchObject({ ok: true, data: { changed: true } });
      expect(await as(w.manager).updateOffer(input)).toMatchObject({ ok: true, data: { changed: true, offer: "OFFRE_2025" } });
      expect(await as(w.manager).updateOffer({ ...input, offer: "OFFRE_2030" })).toMatchObject({ ok: false, code: "INVALID" });
      expect(await as(w.manager).updateOffer({ ...input, extra: 1 })).toMatchObject({ ok: false, code: "INVALID" });
    });
  });

  describe("the transition", () => {
    it("counts and lists the followed seekers whose latest contract is not signed, on the 2025 offer only", async () => {
      expect(await transitionList(w.manager, w.agency.id, OPTIONS)).toMatchObject({ summary: null, total: 0, rows: [] });
      expect((await agencySettings(w.manager, w.agency.id, NOW))!.offer).toEqual({
        followedSeekers: 3,
        orientations: 0,
        transitionDeadline: "2027-01-01",
        transition: null,
      });
      await to2025(w.agency.id);
      await to2025(w.other.id);
      const [abel, berger] = w.followed as [World["followed"][number], World["followed"][number]];
      // Abel signed (revision 1); Berger signed revision 1 then has an unsigned revision 2; Caron (the third) has nothing.
      const oAbel = await db.prisma.orientation.create({ data: orientationData(w.agency.id, abel.id, w.alice.id) });
      const oBerger = await db.prisma.orientation.create({ data: orientationData(w.agency.id, berger.id, w.alice.id) });
      await db.prisma.engagementContract.create({ data: contractData(oAbel, 1, "2026-11-25") });
      await db.prisma.engagementContract.create({ data: contractData(oBerger, 1, "2026-11-25") });
      await db.prisma.engagementContract.create({ data: contractData(oBerger, 2, null) });
      const list = await transitionList(w.manager, w.agency.id, OPTIONS);
      expect(list).toMatchObject({ summary: { deadline: "2027-01-01", daysLeft: 31, withoutSignedContract: 2 }, total: 2, page: 1, pageCount: 1 });
      expect(list!.rows.map((r) => [r.lastName, r.modality, r.draftRevision])).toEqual([
        ["Berger", "GUIDE", 2],
        ["Caron", "GUIDE", null],
      ]);
      // The other agency's followed seeker is not counted here; the administrator reads any agency, a manager not another's.
      expect((await transitionList(w.admin, w.other.id, OPTIONS))!.total).toBe(1);
      expect(await transitionList(w.otherManager, w.agency.id, OPTIONS)).toBeNull();
      expect(await transitionList(w.alice, w.agency.id, OPTIONS)).toBeNull();
      expect((await agencySettings(w.manager, w.agency.id, NOW))!.offer).toMatchObject({
        orientations: 2,
        transition: { deadline: "2027-01-01", daysLeft: 31, withoutSignedContract: 2 },
      });
    });

    it("gives the dashboard's card only for an agency on the 2025 offer, in the reader's scope, and writes nothing", async () => {
      expect(await agencyTransition(w.manager, w.agency.id, OPTIONS)).toBeNull();
      await to2025(w.agency.id);
      const before = await tableCounts(db.prisma, TABLES);
      expect(await agencyTransition(w.manager, w.agency.id, OPTIONS)).toEqual({ deadline: "2027-01-01", daysLeft: 31, withoutSignedContract: 3 });
      expect(await agencyTransition(w.admin, w.agency.id, { now: new Date("2027-01-03T09:00:00Z") })).toMatchObject({ daysLeft: -2 });
      expect(await agencyTransition(w.otherManager, w.agency.id, OPTIONS)).toBeNull();
      expect(await agencyTransition(w.alice, w.agency.id, OPTIONS)).toBeNull();
      expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    });

    it("pages the list by name", async () => {
      await to2025(w.agency.id);
      for (let i = 0; i < TRANSITION_PAGE_SIZE; i += 1)
        await makeSeeker(db.prisma, w.agency.id, { portfolio: w.guide, lastName: `Zola${String(i).padStart(2, "0")}` });
      const first = await transitionList(w.manager, w.agency.id, OPTIONS);
      expect(first).toMatchObject({ total: TRANSITION_PAGE_SIZE + 3, pageCount: 2 });
      expect(first!.rows).toHaveLength(TRANSITION_PAGE_SIZE);
      const second = await transitionList(w.manager, w.agency.id, { ...OPTIONS, page: 2 });
      expect(second!.rows.map((r) => r.lastName)).toEqual(["Zola22", "Zola23", "Zola24"]);
    });
  });

  describe("the 2025 tables in the database", () => {
    it("refuses an orientation in an agency on the 2014 offer", async () => {
      await expect(db.prisma.orientation.create({ data: orientationData(w.agency.id, w.followed[0]!.id, w.alice.id) })).rejects.toThrow(
        /not on the 2025 offer/,
      );
    });

    it("keeps orientations, decisions and contracts append-only", async () => {
      await to2025(w.agency.id);
      const o = await db.prisma.orientation.create({ data: orientationData(w.agency.id, w.followed[0]!.id, w.alice.id) });
      const decision = await db.prisma.departementDecision.create({
        data: {
          agencyId: w.agency.id,
          orientationId: o.id,
          decidedOn: new Date("2026-11-30T00:00:00Z"),
          parcours: "EMPLOI",
          referent: "FRANCE_TRAVAIL",
          authorId: w.alice.id,
        },
      });
      const contract = await db.prisma.engagementContract.create({ data: contractData(o, 1, null) });
      const raw = (sql: string) => db.prisma.$executeRawUnsafe(sql);
      await expect(raw(`UPDATE "Orientation" SET "notifiedOn" = '2026-11-21' WHERE "id" = '${o.id}'`)).rejects.toThrow(/append-only/);
      await expect(raw(`DELETE FROM "Orientation" WHERE "id" = '${o.id}'`)).rejects.toThrow(/append-only|foreign key/);
      await expect(raw(`UPDATE "DepartementDecision" SET "note" = 'x' WHERE "id" = '${decision.id}'`)).rejects.toThrow(/append-only/);
      await expect(raw(`DELETE FROM "DepartementDecision" WHERE "id" = '${decision.id}'`)).rejects.toThrow(/append-only/);
      await expect(raw(`UPDATE "EngagementContract" SET "signedOn" = '2026-12-01' WHERE "id" = '${contract.id}'`)).rejects.toThrow(/append-only/);
      await expect(raw(`DELETE FROM "EngagementContract" WHERE "id" = '${contract.id}'`)).rejects.toThrow(/append-only/);
      // A signature is a new revision; the same revision number twice is refused.
      await db.prisma.engagementContract.create({ data: contractData(o, 2, "2026-12-01") });
      await expect(db.prisma.engagementContract.create({ data: contractData(o, 2, "2026-12-01") })).rejects.toThrow();
    });

    it("checks the weekly activity (0 to 35 h in half hours, a reason unless 15 h), the revision and the intensity", async () => {
      await to2025(w.agency.id);
      const o = await db.prisma.orientation.create({ data: orientationData(w.agency.id, w.followed[0]!.id, w.alice.id) });
      const create = (revision: number, patch: Partial<Prisma.EngagementContractUncheckedCreateInput>) =>
        db.prisma.engagementContract.create({ data: contractData(o, revision, null, patch) });
      expect((await create(1, {})).weeklyHalfHours).toBe(30);
      await expect(create(2, { weeklyHalfHours: 71, weeklyHoursReason: "Au-delà de la durée légale" })).rejects.toThrow(/EngagementContract_weekly_half_hours/);
      await expect(create(2, { weeklyHalfHours: -1, weeklyHoursReason: "Négatif" })).rejects.toThrow(/EngagementContract_weekly_half_hours/);
      await expect(create(2, { weeklyHalfHours: 20 })).rejects.toThrow(/EngagementContract_weekly_hours_reason/);
      await expect(create(0, {})).rejects.toThrow(/EngagementContract_revision/);
      expect((await create(2, { weeklyHalfHours: 70, weeklyHoursReason: "Projet de reprise à temps plein" })).weeklyHalfHours).toBe(70);
      expect((await create(3, { weeklyHalfHours: 0, weeklyHoursReason: "Hospitalisation prévue" })).weeklyHalfHours).toBe(0);
      const base = orientationData(w.agency.id, w.followed[0]!.id, w.alice.id);
      await expect(db.prisma.orientation.create({ data: { ...base, referent: "MISSION_LOCALE" } })).rejects.toThrow(/Orientation_intensity/);
      await expect(db.prisma.orientation.create({ data: { ...base, intensity: null } })).rejects.toThrow(/Orientation_intensity/);
      await expect(db.prisma.orientation.create({ data: { ...base, tandem: true } })).rejects.toThrow(/Orientation_tandem/);
      await expect(db.prisma.orientation.create({ data: { ...base, professionalScore: 13 } })).rejects.toThrow(/Orientation_professional_score/);
      expect(await db.prisma.orientation.count({ where: { agencyId: w.agency.id } })).toBe(1);
    });
  });

  describe("retention of a closed file", () => {
    it("empties what was said in its orientations, decisions and contracts, keeps the parcours and dates; the maintenance role may do only that", async () => {
      await to2025(w.agency.id);
      const seeker = await makeSeeker(db.prisma, w.agency.id, { lastName: "Fermé", status: "CLOSED", closedAt: new Date("2024-10-01T00:00:00Z") });
      const o = await db.prisma.orientation.create({
        data: {
          ...orientationData(w.agency.id, seeker.id, w.alice.id),
          situation: { rsa: true, rqth: true, ageYears: 40 },
          overrideJustification: "Souhait de la personne",
        },
      });
      const decision = await db.prisma.departementDecision.create({
        data: {
          agencyId: w.agency.id,
          orientationId: o.id,
          decidedOn: new Date("2024-06-01T00:00:00Z"),
          parcours: "EMPLOI",
          referent: "FRANCE_TRAVAIL",
          note: "Avis du CD",
          authorId: w.alice.id,
        },
      });
      const contract = await db.prisma.engagementContract.create({
        data: contractData(o, 1, "2024-06-15", { weeklyHalfHours: 20, weeklyHoursReason: "Garde d'enfant le mercredi" }),
      });
      const asMaintenance = (sql: string, ...values: unknown[]) =>
        db.prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(`SET LOCAL ROLE ${MAINTENANCE_ROLE}`);
          return tx.$executeRawUnsafe(sql, ...values);
        });
      await expect(asMaintenance(`UPDATE "Orientation" SET "parcours" = 'SOCIAL' WHERE "id" = $1::uuid`, o.id)).rejects.toThrow(/append-only/);
      await expect(asMaintenance(`DELETE FROM "EngagementContract" WHERE "id" = $1::uuid`, contract.id)).rejects.toThrow(/append-only|permission/);
      await expect(asMaintenance(`UPDATE "EngagementContract" SET "weeklyHalfHours" = 30 WHERE "id" = $1::uuid`, contract.id)).rejects.toThrow(/append-only/);

      const kept = await db.prisma.orientation.create({ data: orientationData(w.agency.id, w.followed[0]!.id, w.alice.id) });
      expect((await purgeExpiredData({ db: db.prisma, now: NOW, auditRetentionMonths: 24 })).filesAnonymised).toBeGreaterThanOrEqual(1);
      expect(await db.prisma.orientation.findUniqueOrThrow({ where: { id: o.id } })).toMatchObject({
        answers: {},
        situation: {},
        reasons: [],
        overrideJustification: null,
        parcours: "EMPLOI",
        referent: "FRANCE_TRAVAIL",
        notifiedOn: new Date("2026-11-20T00:00:00Z"),
      });
      expect(await db.prisma.departementDecision.findUniqueOrThrow({ where: { id: decision.id } })).toMatchObject({ note: null, parcours: "EMPLOI" });
      expect(await db.prisma.engagementContract.findUniqueOrThrow({ where: { id: contract.id } })).toMatchObject({
        plan: {},
        seekerCommitments: "",
        advisorCommitments: "",
        weeklyHoursReason: "",
        weeklyHalfHours: 20,
        signedOn: new Date("2024-06-15T00:00:00Z"),
      });
      // A followed seeker's orientation is untouched.
      expect(await db.prisma.orientation.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({
        answers: ANSWERS,
        situation: { rsa: false, rqth: false, ageYears: 36 },
      });
    });
  });

  // Two transactions at once need PostgreSQL: the embedded engine runs one transaction at a time.
  describe.runIf(testServerUrl)("a switch back and an orientation at the same time (PostgreSQL)", () => {
    const waitForLockWait = async () => {
      for (let i = 0; i < 2_000; i += 1) {
        const [row] = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (row!.n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error("nobody waited for the lock");
    };

    it("refuses the switch when an orientation being written commits first", async () => {
      await to2025(w.agency.id);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let signal!: () => void;
      const inserted = new Promise<void>((resolve) => (signal = resolve));
      const holder = db.prisma.$transaction(
        async (tx) => {
          await tx.orientation.create({ data: orientationData(w.agency.id, w.followed[0]!.id, w.alice.id) });
          signal();
          await gate;
        },
        { timeout: 60_000 },
      );
      await inserted;
      const attempt = refusal(updateOffer(w.manager, { agencyId: w.agency.id, offer: "OFFRE_2014", confirmOffer: true }, OPTIONS));
      await waitForLockWait();
      release();
      await holder;
      const refused = await attempt;
      expect(refused.code).toBe("CONFLICT");
      expect(refused.message).toBe(OFFER_SWITCH_BACK_REFUSED);
      expect(await offerOf(w.agency.id)).toBe("OFFRE_2025");
    });

    it("refuses the orientation when the switch back commits first", async () => {
      await to2025(w.agency.id);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let signal!: () => void;
      const locked = new Promise<void>((resolve) => (signal = resolve));
      // What the use case does: lock the agency FOR UPDATE, find no orientation, switch to 2014.
      const holder = db.prisma.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT "id" FROM "Agency" WHERE "id" = ${w.agency.id}::uuid FOR UPDATE`;
          expect(await tx.orientation.count({ where: { agencyId: w.agency.id } })).toBe(0);
          await tx.agency.update({ where: { id: w.agency.id }, data: { offer: "OFFRE_2014" } });
          signal();
          await gate;
        },
        { timeout: 60_000 },
      );
      await locked;
      const insert = db.prisma.orientation.create({ data: orientationData(w.agency.id, w.followed[0]!.id, w.alice.id) }).then(
        () => null,
        (e: unknown) => e,
      );
      await waitForLockWait();
      release();
      await holder;
      expect(String(await insert)).toMatch(/not on the 2025 offer/);
      expect(await db.prisma.orientation.count({ where: { agencyId: w.agency.id } })).toBe(0);
    });
  });
});
