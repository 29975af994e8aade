/**
 * The joint diagnostic of an RSA recipient in the social parcours (issue 20, docs/rules.md#joint-diagnostic): booked
 * through the reviews' use case on a working day on or before the due date, with the advisor in charge (and the
 * tandem's social worker), refused in French when it does not apply, once per seeker under a race, listed while due,
 * and moved by a new signed revision of the contract.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isWorkingDay, localDateOf, timeZoneOf } from "@/domain";
import type { Modality, Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { jointDiagnosticRows, listedJointDiagnostics } from "@/server/queries/joint-diagnostics";
import { bookMissingReviews } from "@/server/use-cases/book-reviews";
import { reviewActionsAs } from "../support/acting";
import { createTestDatabase, installAsAppDatabase, tableCounts, type TestDatabase } from "../support/database";
import { actorOf, makeAgency, makeAppointment, makePortfolio, makeSeeker, makeUser } from "../support/factories";

// Monday 2 March 2026, 09:00 in Gap (05).
const NOW = new Date("2026-03-02T08:00:00.000Z");
const TODAY = "2026-03-02";
const ZONE = timeZoneOf("05");
const ANSWERS = { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 30, barriers: {}, webVolunteer: false };

describe("joint diagnostic — booking and tracking", () => {
  let db: TestDatabase;
  let w: Awaited<ReturnType<typeof cast>>;

  async function cast() {
    const agency = await makeAgency(db.prisma, { code: "GAP", name: "Gap", departement: "05", address: "1 rue de la Paix", offer: "OFFRE_2025" });
    const other = await makeAgency(db.prisma, { code: "BRI", name: "Briançon", departement: "05", address: "2 rue du Col", offer: "OFFRE_2025" });
    const alice = await makeUser(db.prisma, agency.id, "ADVISOR", "Alice", "Bernard");
    const bruno = await makeUser(db.prisma, agency.id, "ADVISOR", "Bruno", "Martin");
    const manager = await makeUser(db.prisma, agency.id, "MANAGER", "Marie", "Leroy");
    const otherManager = await makeUser(db.prisma, other.id, "MANAGER", "Marc", "Faure");
    const worker = await makeUser(db.prisma, agency.id, "SOCIAL_WORKER", "Sami", "Social");
    const pa = await makePortfolio(db.prisma, agency.id, alice.id, "GUIDE", 150);
    const pb = await makePortfolio(db.prisma, agency.id, bruno.id, "GUIDE", 150);
    return { agency, other, alice, bruno, manager, otherManager, worker, pa, pb };
  }

  /** A followed seeker of `portfolio` oriented on `createdAt` (social RSA by default), with the contract revisions given. */
  async function oriented(
    lastName: string,
    portfolio: { id: string; modality: Modality },
    options: { parcours?: "SOCIAL" | "SOCIO_PROFESSIONNEL"; rsa?: boolean; barriers?: Record<string, string>; signed?: (string | null)[] } = {},
  ) {
    const seeker = await makeSeeker(db.prisma, w.agency.id, {
      portfolio,
      lastName,
      email: `${lastName.toLowerCase()}@exemple.fr`,
      registrationDate: "2025-06-01",
      birthDate: "1980-01-01",
    });
    const parcours = options.parcours ?? "SOCIAL";
    const referent = parcours === "SOCIAL" ? "CONSEIL_DEPARTEMENTAL" : "FRANCE_TRAVAIL";
    const intensity = referent === "FRANCE_TRAVAIL" ? "AGILE" : null;
    const orientation = await db.prisma.orientation.create({
      data: {
        agencyId: w.agency.id,
        seekerId: seeker.id,
        authorId: w.alice.id,
        rulesetVersion: "2025.1",
        answers: { ...ANSWERS, barriers: options.barriers ?? { HEALTH: "MINOR" } },
        situation: { rsa: options.rsa ?? true, rqth: false, ageYears: 46 },
        proposedParcours: parcours,
        proposedReferent: referent,
        proposedIntensity: intensity,
        proposedTandem: false,
        decidedBy: "FRANCE_TRAVAIL",
        professionalScore: 0,
        reasons: ["…"],
        parcours,
        referent,
        intensity,
        tandem: false,
        notifiedOn: new Date("2025-12-01T00:00:00Z"),
      },
    });
    for (const [index, signedOn] of (options.signed ?? ["2025-12-10"]).entries()) await contract(orientation, index + 1, signedOn);
    return { seeker, orientation };
  }

  function contract(o: { agencyId: string; seekerId: string; id: string }, revision: number, signedOn: string | null) {
    const data: Prisma.EngagementContractUncheckedCreateInput = {
      agencyId: o.agencyId,
      seekerId: o.seekerId,
      orientationId: o.id,
      revision,
      signedOn: signedOn ? new Date(`${signedOn}T00:00:00Z`) : null,
      plan: { objectives: ["Trouver un logement stable"], actions: [] },
      seekerCommitments: "Venir aux rendez-vous.",
      advisorCommitments: "Coordonner avec le département.",
      authorId: w.alice.id,
    };
    return db.prisma.engagementContract.create({ data });
  }

  const as = (actor: Actor | { id: string; role: string; agencyId: string | null }) =>
    reviewActionsAs(
      async () => actor as Actor,
      () => NOW,
    );
  const rowsOf = async () => jointDiagnosticRows(db.prisma, { agencyId: w.agency.id }, TODAY, ZONE);

  beforeEach(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    w = await cast();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("books on a working day on or before the due date, with the advisor in charge, a convocation, and a journal entry", async () => {
    // Signed on 10 December 2025: due on 10 June 2026.
    const { seeker } = await oriented("Abel", w.pa);
    expect((await rowsOf()).map((r) => [r.lastName, r.state, r.window])).toEqual([["Abel", "TO_BOOK", { from: "2025-12-10", to: "2026-06-10" }]]);
    const result = await as(w.alice).bookJointDiagnostics({ agencyId: w.agency.id, seekerId: seeker.id });
    expect(result).toEqual({ ok: true, data: { seekers: 1, booked: 1, overdue: 0, missed: 0, alreadyPlanned: 0, dryRun: false } });
    const [appointment] = await db.prisma.appointment.findMany({ where: { seekerId: seeker.id } });
    expect(appointment).toMatchObject({ kind: "JOINT_DIAGNOSTIC", advisorId: w.alice.id, socialWorkerId: null, status: "SCHEDULED" });
    const date = localDateOf(appointment!.startsAt.toISOString(), ZONE);
    expect(date > TODAY && date <= "2026-06-10").toBe(true);
    expect(isWorkingDay(date, "05")).toBe(true);
    expect(await db.prisma.outboxMessage.count({ where: { appointmentId: appointment!.id, kind: "CONVOCATION" } })).toBeGreaterThan(0);
    expect(await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "joint-diagnostics.booked" } })).toMatchObject({
      actorId: w.alice.id,
      seekerId: seeker.id,
      metadata: { booked: 1, overdue: 0 },
    });
    expect((await rowsOf())[0]).toMatchObject({ state: "BOOKED", bookedOn: date });
    // Booked: « planifier » again is refused, nothing written.
    expect(await as(w.alice).bookJointDiagnostics({ agencyId: w.agency.id, seekerId: seeker.id })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      error: "Le diagnostic conjoint de cette personne est déjà planifié.",
    });
  });

  it("takes the first free slot of the advisor and of the tandem's social worker, before the due date even when both are busy", async () => {
    const { seeker } = await oriented("Abel", w.pa);
    await db.prisma.socialTandem.create({ data: { agencyId: w.agency.id, seekerId: seeker.id, socialWorkerId: w.worker.id } as never });
    // Tuesday 3 March: Alice busy 13:30–14:00, the social worker 14:00–14:30: the first common slot is 14:30 local.
    const other = await makeSeeker(db.prisma, w.agency.id, { portfolio: w.pb, lastName: "Autre", registrationDate: "2025-06-01", birthDate: "1980-01-01" });
    await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: other.id, advisorId: w.alice.id, startsAt: "2026-03-03T12:30:00.000Z" });
    await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: other.id,
      advisorId: w.bruno.id,
      socialWorkerId: w.worker.id,
      kind: "JOINT_GLOBAL",
      startsAt: "2026-03-03T13:00:00.000Z",
    });
    expect(await as(w.manager).bookJointDiagnostics({ agencyId: w.agency.id, seekerId: seeker.id })).toMatchObject({ ok: true, data: { booked: 1 } });
    const appointment = await db.prisma.appointment.findFirstOrThrow({ where: { seekerId: seeker.id, kind: "JOINT_DIAGNOSTIC" } });
    expect(appointment).toMatchObject({ advisorId: w.alice.id, socialWorkerId: w.worker.id, startsAt: new Date("2026-03-03T13:30:00.000Z") });
  });

  it("refuses a seeker who is not an RSA recipient in the social parcours, or without a signed contract, in French; nothing written", async () => {
    const { seeker: noRsa } = await oriented("Bas", w.pa, { rsa: false });
    const { seeker: socioPro } = await oriented("Cid", w.pa, { parcours: "SOCIO_PROFESSIONNEL" });
    const { seeker: unsigned } = await oriented("Dan", w.pa, { signed: [null] });
    const before = await tableCounts(db.prisma, ["Appointment", "OutboxMessage"]);
    for (const seeker of [noRsa, socioPro]) {
      expect(await as(w.alice).bookJointDiagnostics({ agencyId: w.agency.id, seekerId: seeker.id })).toEqual({
        ok: false,
        code: "INVALID",
        error: "Le diagnostic conjoint ne concerne que les bénéficiaires du RSA orientés vers le parcours social.",
      });
    }
    expect(await as(w.alice).bookJointDiagnostics({ agencyId: w.agency.id, seekerId: unsigned.id })).toMatchObject({
      ok: false,
      code: "INVALID",
      error: expect.stringMatching(/aucun contrat signé/),
    });
    // The manager's agency run books none of them either.
    expect(await as(w.manager).bookJointDiagnostics({ agencyId: w.agency.id })).toMatchObject({ ok: true, data: { seekers: 0, booked: 0 } });
    expect(await tableCounts(db.prisma, ["Appointment", "OutboxMessage"])).toEqual(before);
    // The agency's rows: those with a signed contract, not due; the unsigned one when named.
    expect((await rowsOf()).map((r) => [r.lastName, r.state])).toEqual([
      ["Bas", "NOT_DUE"],
      ["Cid", "NOT_DUE"],
    ]);
    expect((await jointDiagnosticRows(db.prisma, { agencyId: w.agency.id, seekerIds: [unsigned.id] }, TODAY, ZONE)).map((r) => r.state)).toEqual(["NOT_DUE"]);
  });

  it("scope: an advisor plans only their own portfolios' seekers, and one at a time; another agency's manager nothing", async () => {
    const { seeker } = await oriented("Abel", w.pb);
    expect(await as(w.alice).bookJointDiagnostics({ agencyId: w.agency.id, seekerId: seeker.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await as(w.alice).bookJointDiagnostics({ agencyId: w.agency.id })).toMatchObject({ ok: false, code: "INVALID" });
    expect(await as(w.otherManager).bookJointDiagnostics({ agencyId: w.agency.id, seekerId: seeker.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await as(w.worker).bookJointDiagnostics({ agencyId: w.agency.id, seekerId: seeker.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // The reviews' booking keeps its own rule: one seeker is not a thing it does.
    expect(await as(w.manager).bookMissingReviews({ agencyId: w.agency.id, seekerId: seeker.id })).toMatchObject({ ok: false, code: "INVALID" });
    expect(await db.prisma.appointment.count()).toBe(0);
  });

  it("two bookings racing for the same seeker write one joint diagnostic", async () => {
    const { seeker } = await oriented("Abel", w.pa);
    const results = await Promise.allSettled([
      bookMissingReviews(actorOf(w.alice), { agencyId: w.agency.id, kind: "JOINT_DIAGNOSTIC", seekerId: seeker.id }, { now: NOW }),
      bookMissingReviews(actorOf(w.manager), { agencyId: w.agency.id, kind: "JOINT_DIAGNOSTIC" }, { now: NOW }),
      bookMissingReviews(actorOf(w.manager), { agencyId: w.agency.id, kind: "JOINT_DIAGNOSTIC", seekerId: seeker.id }, { now: NOW }),
    ]);
    expect(results.some((r) => r.status === "fulfilled" && r.value.booked === 1)).toBe(true);
    expect(await db.prisma.appointment.count({ where: { seekerId: seeker.id, kind: "JOINT_DIAGNOSTIC", status: "SCHEDULED" } })).toBe(1);
    // The database holds the rule too: a second scheduled one is refused.
    const first = await db.prisma.appointment.findFirstOrThrow({ where: { seekerId: seeker.id } });
    await expect(
      makeAppointment(db.prisma, {
        agencyId: w.agency.id,
        seekerId: seeker.id,
        advisorId: w.bruno.id,
        kind: "JOINT_DIAGNOSTIC",
        startsAt: "2026-04-01T12:30:00.000Z",
      }),
    ).rejects.toThrow();
    expect(first.kind).toBe("JOINT_DIAGNOSTIC");
  });

  it("lists the joint diagnostics to book, booked and late; the manager books the agency's; a new signed revision moves the due date", async () => {
    const { seeker: late } = await oriented("Abel", w.pa, { signed: ["2025-08-20"] }); // due 2026-02-20: late
    const { orientation: o, seeker: extended } = await oriented("Bas", w.pb, { signed: ["2025-08-20"], barriers: { HOUSING: "MAJOR" } }); // due 2026-08-20
    const { seeker: done } = await oriented("Cid", w.pa, { signed: ["2025-12-01"] });
    await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: done.id,
      advisorId: w.alice.id,
      kind: "JOINT_DIAGNOSTIC",
      status: "DONE",
      startsAt: "2026-02-10T12:30:00.000Z",
    });
    await oriented("Dan", w.pa, { rsa: false });
    expect(listedJointDiagnostics(await rowsOf()).map((r) => [r.lastName, r.state, r.window?.to])).toEqual([
      ["Abel", "LATE", "2026-02-20"],
      ["Bas", "TO_BOOK", "2026-08-20"],
    ]);
    // Alice's caseload: her own portfolios only.
    expect(
      listedJointDiagnostics(await jointDiagnosticRows(db.prisma, { agencyId: w.agency.id, advisorId: w.alice.id }, TODAY, ZONE)).map((r) => r.lastName),
    ).toEqual(["Abel"]);

    // Preview, then the agency's run: the late one after its due date (from tomorrow), the other in its window.
    const preview = await as(w.manager).bookJointDiagnostics({ agencyId: w.agency.id, dryRun: true });
    expect(preview).toEqual({ ok: true, data: { seekers: 3, booked: 2, overdue: 1, missed: 0, alreadyPlanned: 1, dryRun: true } });
    expect(await db.prisma.appointment.count({ where: { kind: "JOINT_DIAGNOSTIC", status: "SCHEDULED" } })).toBe(0);
    expect(await as(w.manager).bookJointDiagnostics({ agencyId: w.agency.id })).toMatchObject({ ok: true, data: { booked: 2, overdue: 1 } });
    const states = Object.fromEntries((await rowsOf()).map((r) => [r.lastName, r.state]));
    expect(states).toEqual({ Abel: "LATE", Bas: "BOOKED", Cid: "DONE", Dan: "NOT_DUE" });
    const lateAppointment = await db.prisma.appointment.findFirstOrThrow({ where: { seekerId: late.id, kind: "JOINT_DIAGNOSTIC" } });
    expect(localDateOf(lateAppointment.startsAt.toISOString(), ZONE)).toBe("2026-03-03");

    // Cid's contract is revised and signed again on 1 March 2026: the joint diagnostic held before no longer counts,
    // a new one is due six months after the new signature.
    const cid = (await rowsOf()).find((r) => r.lastName === "Cid")!;
    const cidOrientation = await db.prisma.orientation.findFirstOrThrow({ where: { seekerId: cid.seekerId } });
    await contract(cidOrientation, 2, "2026-03-01");
    expect((await rowsOf()).find((r) => r.lastName === "Cid")).toMatchObject({ state: "TO_BOOK", window: { from: "2026-03-01", to: "2026-09-01" } });
    // An unsigned draft revision moves nothing.
    await contract(o, 2, null);
    expect((await rowsOf()).find((r) => r.seekerId === extended.id)?.window).toEqual({ from: "2025-08-20", to: "2026-08-20" });
  });
});
