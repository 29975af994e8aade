/**
 * Races (issue #7), on PostgreSQL with real concurrency (a pool of 30 connections): many confirmations into one
 * portfolio with few free places, many reschedules aiming at the one free slot of an advisor, many bookings of the
 * same slot straight into the table, concurrent rebalancing into a nearly full portfolio. Caps and calendars hold;
 * the losers are refused cleanly and leave nothing behind. Retryable conflicts (serialization failure 40001 — under
 * `@prisma/adapter-pg` a driver-adapter error of kind `TransactionWriteConflict`, not P2034 —, deadlock 40P01,
 * exclusion violation 23P01) are recognised and retried.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import { confirmDiagnostic, type ConfirmDiagnosticResult } from "@/server/use-cases/confirm-diagnostic";
import { rescheduleAppointment, type RescheduleResult } from "@/server/use-cases/appointments";
import { moveSeekers } from "@/server/use-cases/rebalance";
import { isRetryableTransactionError, withRetry } from "@/server/use-cases/transactions";
import { createTestDatabase, installAsAppDatabase, tableCounts, testServerUrl, type TestDatabase } from "../support/database";

// A Monday morning in Rouen (76, Paris time: UTC+1 in March); appointments 13:30–16:30 local, 30-minute slots.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const JUSTIFICATION = "Décision prise avec la personne après l'entretien.";
const ANSWERS: DiagnosticAnswers = { project: 1, skills: 1, jobSearch: 1, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: false };
const TABLES = ["Seeker", "Portfolio", "Assignment", "Diagnostic", "Appointment", "SocialTandem", "AuditEvent"];

let serial = 0;

async function makeUser(db: PrismaClient, agencyId: string, role: Actor["role"], firstName: string, lastName: string): Promise<Actor> {
  serial += 1;
  const user = await db.user.create({
    data: { email: `race${serial}-${Math.random().toString(36).slice(2)}@test.fr`, firstName, lastName, role, passwordHash: "x", agencyId },
  });
  return { id: user.id, role: user.role, agencyId, email: user.email, firstName, lastName };
}

async function makeSeeker(db: PrismaClient, agencyId: string, portfolio: { id: string; modality: "GUIDE" | "SUIVI" | "RENFORCE" } | null) {
  serial += 1;
  const seeker = await db.seeker.create({
    data: {
      agencyId,
      franceTravailId: `RC${String(serial).padStart(8, "0")}${Math.random().toString(36).slice(2, 6)}`,
      firstName: "Camille",
      lastName: `Durand${serial}`,
      birthDate: new Date("1990-05-01"),
      commune: "Rouen",
      postalCode: "76100",
      registrationDate: new Date("2026-02-20T00:00:00.000Z"),
      status: portfolio ? "FOLLOWED" : "AWAITING_DIAGNOSTIC",
      modality: portfolio?.modality ?? null,
      portfolioId: portfolio?.id ?? null,
    },
  });
  if (portfolio) {
    await db.assignment.create({
      data: { agencyId, seekerId: seeker.id, portfolioId: portfolio.id, modality: portfolio.modality, reason: "DIAGNOSTIC", startedAt: new Date("2026-02-25T09:00:00Z") },
    });
  }
  return seeker;
}

async function world(db: PrismaClient) {
  serial += 1;
  const agency = await db.agency.create({
    data: { code: `76-R${serial}`, name: "Rouen Rive Gauche", departement: "76", address: "27 avenue de Bretagne", globalPartnership: true },
  });
  const manager = await makeUser(db, agency.id, "MANAGER", "Hélène", "Lemarchand");
  const alice = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const bruno = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  return { agency, manager, alice, bruno };
}

const appointmentAt = (agencyId: string, seekerId: string, advisorId: string, startsAt: string, minutes = 30) => {
  const start = new Date(startsAt);
  return { agencyId, seekerId, advisorId, kind: "FOLLOW_UP" as const, startsAt: start, endsAt: new Date(start.getTime() + minutes * 60_000) };
};

async function expectNoOverlap(db: PrismaClient, advisorId: string): Promise<void> {
  const live = await db.appointment.findMany({ where: { advisorId, status: { not: "CANCELLED" } }, orderBy: { startsAt: "asc" } });
  for (let i = 1; i < live.length; i += 1) expect(live[i]!.startsAt >= live[i - 1]!.endsAt).toBe(true);
}

function refusalCode(result: PromiseSettledResult<unknown>): string {
  if (result.status === "fulfilled") return "OK";
  return result.reason instanceof DomainError ? result.reason.code : `RAW ${String(result.reason)}`;
}

// ---------------------------------------------------------------------------------------------------------------

describe("recognising retryable transaction errors", () => {
  it("recognises the adapter-pg serialization failure, P2034, deadlocks and exclusion violations — and nothing else", () => {
    // What `@prisma/adapter-pg` throws out of an interactive transaction on SQLSTATE 40001.
    const adapterConflict = Object.assign(new Error("TransactionWriteConflict"), {
      name: "DriverAdapterError",
      cause: { kind: "TransactionWriteConflict", originalCode: "40001", originalMessage: "could not serialize access due to read/write dependencies among transactions" },
    });
    const wrapped = Object.assign(new Error("Transaction failed due to a write conflict or a deadlock. Please retry your transaction"), {
      name: "PrismaClientKnownRequestError",
      code: "P2034",
      meta: { driverAdapterError: adapterConflict },
    });
    const p2034 = Object.assign(new Error("Transaction failed"), { name: "PrismaClientKnownRequestError", code: "P2034" });
    const deadlock = Object.assign(new Error("deadlock detected"), { code: "40P01" });
    const deadlockByAdapter = Object.assign(new Error("db error"), { name: "DriverAdapterError", cause: { kind: "postgres", code: "40P01", message: "x" } });
    const exclusion = Object.assign(new Error('conflicting key value violates exclusion constraint "Appointment_advisor_no_overlap"'), { code: "23P01" });
    const exclusionByAdapter = Object.assign(new Error("db error"), { name: "DriverAdapterError", cause: { kind: "postgres", originalCode: "23P01" } });
    for (const error of [adapterConflict, wrapped, p2034, deadlock, deadlockByAdapter, exclusion, exclusionByAdapter]) {
      expect(isRetryableTransactionError(error), String(error)).toBe(true);
    }
    const unique = Object.assign(new Error("Unique constraint failed"), { name: "PrismaClientKnownRequestError", code: "P2002", meta: { target: ["email"] } });
    const uniqueByAdapter = Object.assign(new Error("db error"), { name: "DriverAdapterError", cause: { kind: "UniqueConstraintViolation", originalCode: "23505" } });
    const cyclic: Record<string, unknown> = { message: "boucle" };
    cyclic.cause = cyclic;
    for (const error of [unique, uniqueByAdapter, new DomainError("CAPACITY", "Le portefeuille est complet."), new Error("boom"), null, undefined, 40001, cyclic]) {
      expect(isRetryableTransactionError(error), String(error)).toBe(false);
    }
  });

  it("withRetry retries a retryable failure (onRetry told), rethrows any other at once", async () => {
    const conflict = Object.assign(new Error("TransactionWriteConflict"), { cause: { kind: "TransactionWriteConflict", originalCode: "40001" } });
    const seen: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        if (attempt < 3) throw conflict;
        return attempt;
      },
      4,
      (_error, attempt) => seen.push(attempt),
    );
    expect(result).toBe(3);
    expect(seen).toEqual([1, 2]);
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw new DomainError("CAPACITY", "complet");
      }, 4),
    ).rejects.toBeInstanceOf(DomainError);
    expect(calls).toBe(1);
    await expect(withRetry(async () => Promise.reject(conflict), 2)).rejects.toBe(conflict);
  });
});

describe.skipIf(!testServerUrl)("races on PostgreSQL (real concurrency)", () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("a real serializable conflict arrives as a driver-adapter TransactionWriteConflict (40001) and is retried", async () => {
    const prisma = db.prisma;
    await prisma.$executeRawUnsafe(`CREATE TABLE "RaceProbe" ("n" int NOT NULL)`);
    // Write skew: both read the (empty) table, then both insert; one of them cannot be serialized.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const errors: unknown[] = [];
    const attempts: number[] = [];
    const skew = (n: number) =>
      withRetry(
        (attempt) =>
          prisma.$transaction(
            async (tx) => {
              attempts.push(n);
              const rows = await tx.$queryRawUnsafe<{ c: number }[]>(`SELECT count(*)::int AS c FROM "RaceProbe"`);
              if (attempt === 1) {
                arrived += 1;
                if (arrived === 2) release();
                await bothRead;
              }
              await tx.$executeRawUnsafe(`INSERT INTO "RaceProbe" ("n") VALUES (${n * 100 + rows[0]!.c})`);
            },
            { isolationLevel: "Serializable" },
          ),
        4,
        (error) => errors.push(error),
      );
    await Promise.all([skew(1), skew(2)]);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const error of errors) {
      expect(isRetryableTransactionError(error)).toBe(true);
      const shape = JSON.stringify(error, Object.getOwnPropertyNames(error as object));
      expect(shape).toMatch(/TransactionWriteConflict|40001/);
      expect((error as { code?: string }).code).not.toBe("P2034");
    }
    expect(attempts.length).toBe(2 + errors.length);
    expect(await prisma.$queryRawUnsafe<{ c: number }[]>(`SELECT count(*)::int AS c FROM "RaceProbe"`)).toEqual([{ c: 2 }]);
  });

  it("(a) 50 concurrent confirmations into a portfolio with 5 free places: exactly 5 succeed, 45 CAPACITY, nothing orphaned", async () => {
    for (let round = 0; round < 3; round += 1) {
      const w = await world(db.prisma);
      const portfolio = await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.alice.id, modality: "GUIDE", cap: 8 } });
      for (let i = 0; i < 3; i += 1) await makeSeeker(db.prisma, w.agency.id, { id: portfolio.id, modality: "GUIDE" });
      const waiting = [];
      for (let i = 0; i < 50; i += 1) waiting.push(await makeSeeker(db.prisma, w.agency.id, null));
      const before = await tableCounts(db.prisma, TABLES);
      const retries: unknown[] = [];

      const results = await Promise.allSettled(
        waiting.map((s) =>
          confirmDiagnostic(
            w.alice,
            { seekerId: s.id, answers: ANSWERS, decidedModality: "GUIDE", overrideJustification: JUSTIFICATION },
            { now: NOW, db: db.prisma, onRetry: (error) => retries.push(error) },
          ),
        ),
      );
      const codes = results.map(refusalCode);
      expect(codes.filter((c) => c === "OK")).toHaveLength(5);
      expect(codes.filter((c) => c === "CAPACITY")).toHaveLength(45);
      for (const error of retries) expect(isRetryableTransactionError(error)).toBe(true);

      const winners = waiting.filter((_, i) => results[i]!.status === "fulfilled").map((s) => s.id);
      const losers = waiting.filter((_, i) => results[i]!.status === "rejected").map((s) => s.id);
      expect(await db.prisma.seeker.count({ where: { portfolioId: portfolio.id } })).toBe(8);
      expect(await db.prisma.assignment.count({ where: { portfolioId: portfolio.id, endedAt: null } })).toBe(8);
      expect(await db.prisma.seeker.count({ where: { id: { in: winners }, status: "FOLLOWED", modality: "GUIDE", portfolioId: portfolio.id } })).toBe(5);
      expect(await db.prisma.seeker.count({ where: { id: { in: losers }, status: "AWAITING_DIAGNOSTIC", portfolioId: null, modality: null } })).toBe(45);
      // No orphan rows: diagnostics, assignments and appointments only for the five.
      expect(await db.prisma.diagnostic.count({ where: { seekerId: { in: losers } } })).toBe(0);
      expect(await db.prisma.assignment.count({ where: { seekerId: { in: losers } } })).toBe(0);
      expect(await db.prisma.appointment.count({ where: { seekerId: { in: losers } } })).toBe(0);
      expect(await db.prisma.diagnostic.count({ where: { seekerId: { in: winners } } })).toBe(5);
      const booked = results.filter((r): r is PromiseFulfilledResult<ConfirmDiagnosticResult> => r.status === "fulfilled");
      const after = await tableCounts(db.prisma, TABLES);
      expect(after.Diagnostic).toBe(before.Diagnostic! + 5);
      expect(after.Assignment).toBe(before.Assignment! + 5);
      expect(after.Portfolio).toBe(before.Portfolio);
      const appointments = await db.prisma.appointment.count({ where: { seekerId: { in: winners } } });
      expect(appointments).toBeGreaterThan(0);
      expect(after.Appointment).toBe(before.Appointment! + appointments);
      expect(booked.every((r) => r.value.portfolioId === portfolio.id)).toBe(true);
      await expectNoOverlap(db.prisma, w.alice.id);
    }
  });

  it("(a′) confirmations racing into one advisor's calendar from several portfolios: calendar conflicts are retried (onRetry), none double-booked", async () => {
    let observed = 0;
    for (let round = 0; round < 3 && observed === 0; round += 1) {
      const w = await world(db.prisma);
      const modalities = ["SUIVI", "GUIDE", "RENFORCE"] as const;
      const waiting = [];
      for (let i = 0; i < 12; i += 1) waiting.push(await makeSeeker(db.prisma, w.agency.id, null));
      const retries: unknown[] = [];
      const results = await Promise.allSettled(
        waiting.map((s, i) =>
          confirmDiagnostic(
            w.alice,
            { seekerId: s.id, answers: ANSWERS, decidedModality: modalities[i % 3]!, overrideJustification: JUSTIFICATION },
            { now: NOW, db: db.prisma, attempts: 25, onRetry: (error) => retries.push(error) },
          ),
        ),
      );
      expect(results.map(refusalCode)).toEqual(waiting.map(() => "OK"));
      for (const error of retries) expect(isRetryableTransactionError(error)).toBe(true);
      observed += retries.length;
      await expectNoOverlap(db.prisma, w.alice.id);
      expect(await db.prisma.diagnostic.count({ where: { seekerId: { in: waiting.map((s) => s.id) } } })).toBe(12);
    }
    expect(observed).toBeGreaterThan(0);
  });

  it("(b) 20 concurrent reschedules whose first free slot is the same one: one gets it, the others a distinct slot or a clean refusal", async () => {
    for (let round = 0; round < 2; round += 1) {
      const w = await world(db.prisma);
      const portfolio = await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.alice.id, modality: "GUIDE", cap: 150 } });
      const filler = await makeSeeker(db.prisma, w.agency.id, { id: portfolio.id, modality: "GUIDE" });
      // Tuesday 10 March: every slot (13:30–16:30 local = 12:30–15:30 UTC) taken but 15:00 local (14:00 UTC).
      for (const time of ["12:30", "13:00", "13:30", "14:30", "15:00"]) {
        await db.prisma.appointment.create({ data: appointmentAt(w.agency.id, filler.id, w.alice.id, `2026-03-10T${time}:00.000Z`) });
      }
      // Twenty appointments later on, from Monday 16 March, six a day.
      const originals = [];
      for (let i = 0; i < 20; i += 1) {
        const seeker = await makeSeeker(db.prisma, w.agency.id, { id: portfolio.id, modality: "GUIDE" });
        const day = 16 + Math.floor(i / 6);
        const minutes = 12 * 60 + 30 + (i % 6) * 30;
        const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
        originals.push(await db.prisma.appointment.create({ data: appointmentAt(w.agency.id, seeker.id, w.alice.id, `2026-03-${day}T${time}:00.000Z`) }));
      }
      const before = await db.prisma.appointment.count();

      const results = await Promise.allSettled(
        originals.map((a) => rescheduleAppointment(w.alice, { appointmentId: a.id, date: "2026-03-10" }, { now: NOW })),
      );
      const codes = results.map(refusalCode);
      expect(codes.every((c) => c === "OK" || c === "CONFLICT"), codes.join(",")).toBe(true);
      const done = results.filter((r): r is PromiseFulfilledResult<RescheduleResult> => r.status === "fulfilled").map((r) => r.value);
      expect(done.length).toBeGreaterThanOrEqual(1);
      expect(done.filter((r) => r.startsAt === "2026-03-10T14:00:00.000Z")).toHaveLength(1);
      expect(new Set(done.map((r) => r.startsAt)).size).toBe(done.length);
      for (const r of results) {
        if (r.status === "rejected") expect((r.reason as DomainError).message).toMatch(/créneau|réessayer/);
      }
      // Winners: old one cancelled, one replacement; losers: untouched.
      for (const [i, original] of originals.entries()) {
        const now = await db.prisma.appointment.findUniqueOrThrow({ where: { id: original.id } });
        expect(now.status).toBe(results[i]!.status === "fulfilled" ? "CANCELLED" : "SCHEDULED");
        expect(await db.prisma.appointment.count({ where: { replacesId: original.id } })).toBe(results[i]!.status === "fulfilled" ? 1 : 0);
      }
      expect(await db.prisma.appointment.count()).toBe(before + done.length);
      await expectNoOverlap(db.prisma, w.alice.id);
    }
  });

  it("(b′) the database itself: 20 concurrent inserts of one advisor's slot → exactly 1 row, 19 exclusion violations", async () => {
    const w = await world(db.prisma);
    const portfolio = await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.alice.id, modality: "GUIDE", cap: 150 } });
    const seekers = [];
    for (let i = 0; i < 20; i += 1) seekers.push(await makeSeeker(db.prisma, w.agency.id, { id: portfolio.id, modality: "GUIDE" }));
    const results = await Promise.allSettled(
      // Same advisor, overlapping times (same start, or shifted by a quarter of an hour).
      seekers.map((s, i) => db.prisma.appointment.create({ data: appointmentAt(w.agency.id, s.id, w.alice.id, i % 2 ? "2026-03-10T13:00:00.000Z" : "2026-03-10T13:15:00.000Z") })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(19);
    for (const r of rejected) {
      expect(isRetryableTransactionError(r.reason)).toBe(true);
      expect(JSON.stringify(r.reason, Object.getOwnPropertyNames(r.reason as object))).toMatch(/23P01|ExclusionConstraintViolation|exclusion constraint/);
    }
    expect(await db.prisma.appointment.count({ where: { advisorId: w.alice.id } })).toBe(1);
    // A colleague's calendar is not affected: the same slot for Bruno is free.
    await db.prisma.appointment.create({ data: appointmentAt(w.agency.id, seekers[0]!.id, w.bruno.id, "2026-03-10T13:00:00.000Z") });
  });

  it("(c) 10 concurrent moves into a portfolio with 3 free places: exactly 3 moved, load == cap", async () => {
    for (let round = 0; round < 3; round += 1) {
      const w = await world(db.prisma);
      const from = await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.alice.id, modality: "GUIDE", cap: 150 } });
      const to = await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.bruno.id, modality: "GUIDE", cap: 5 } });
      for (let i = 0; i < 2; i += 1) await makeSeeker(db.prisma, w.agency.id, { id: to.id, modality: "GUIDE" });
      const movers = [];
      for (let i = 0; i < 10; i += 1) movers.push(await makeSeeker(db.prisma, w.agency.id, { id: from.id, modality: "GUIDE" }));
      const before = await tableCounts(db.prisma, TABLES);
      const retries: unknown[] = [];
      const results = await Promise.allSettled(
        movers.map((s) => moveSeekers(w.manager, { seekerIds: [s.id], toPortfolioId: to.id }, { now: NOW, db: db.prisma, onRetry: (e) => retries.push(e) })),
      );
      const codes = results.map(refusalCode);
      expect(codes.filter((c) => c === "OK")).toHaveLength(3);
      expect(codes.filter((c) => c === "CAPACITY")).toHaveLength(7);
      expect(await db.prisma.seeker.count({ where: { portfolioId: to.id } })).toBe(5);
      expect(await db.prisma.assignment.count({ where: { portfolioId: to.id, endedAt: null } })).toBe(5);
      expect(await db.prisma.assignment.count({ where: { seekerId: { in: movers.map((s) => s.id) }, endedAt: null } })).toBe(10);
      const after = await tableCounts(db.prisma, TABLES);
      expect(after.Assignment).toBe(before.Assignment! + 3);
      expect(after.Seeker).toBe(before.Seeker);
    }
  });
});
