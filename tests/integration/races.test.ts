/**
 * Races (issue #7), on PostgreSQL with real concurrency (a connection of its own for every racer): many confirmations into one
 * portfolio with few free places, many reschedules aiming at the one free slot of an advisor, many bookings of the
 * same slot straight into the table, concurrent rebalancing into a nearly full portfolio. Caps and calendars hold;
 * the losers are refused cleanly and leave nothing behind. Retryable conflicts (serialization failure 40001 — under
 * `@prisma/adapter-pg` a driver-adapter error of kind `TransactionWriteConflict`, not P2034 —, deadlock 40P01,
 * exclusion violation 23P01) are recognised and retried.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { DomainError } from "@/server/errors";
import { confirmDiagnostic, type ConfirmDiagnosticResult } from "@/server/use-cases/confirm-diagnostic";
import { rescheduleAppointment, type RescheduleResult } from "@/server/use-cases/appointments";
import { moveSeekers } from "@/server/use-cases/rebalance";
import { isRetryableTransactionError, withRetry } from "@/server/use-cases/transactions";
import { createTestDatabase, installAsAppDatabase, tableCounts, testServerUrl, type TestDatabase } from "../support/database";
import { appointmentRow, makeRouenCast, makeSeeker as createSeeker } from "../support/factories";

// A Monday morning in Rouen (76, Paris time: UTC+1 in March); appointments 13:30–16:30 local, 30-minute slots.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const JUSTIFICATION = "Décision prise avec la personne après l'entretien.";
const ANSWERS: DiagnosticAnswers = { project: 1, skills: 1, jobSearch: 1, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: false };
const TABLES = ["Seeker", "Portfolio", "Assignment", "Diagnostic", "Appointment", "SocialTandem", "AuditEvent"];

/** Seekers of Rouen; followed ones hold their open assignment since 25 February. */
const makeSeeker = (db: PrismaClient, agencyId: string, portfolio: { id: string; modality: "GUIDE" | "SUIVI" | "RENFORCE" } | null) =>
  createSeeker(db, agencyId, { portfolio, assignment: { startedAt: new Date("2026-02-25T09:00:00Z") }, commune: "Rouen", postalCode: "76100" });

const world = (db: PrismaClient) => makeRouenCast(db);

const appointmentAt = (agencyId: string, seekerId: string, advisorId: string, startsAt: string, minutes = 30) =>
  appointmentRow({ agencyId, seekerId, advisorId, startsAt, minutes });

async function expectNoOverlap(db: PrismaClient, advisorId: string): Promise<void> {
  const live = await db.appointment.findMany({ where: { advisorId, status: { not: "CANCELLED" } }, orderBy: { startsAt: "asc" } });
  for (let i = 1; i < live.length; i += 1) expect(live[i]!.startsAt >= live[i - 1]!.endsAt).toBe(true);
}

function refusalCode(result: PromiseSettledResult<unknown>): string {
  if (result.status === "fulfilled") return "OK";
  return result.reason instanceof DomainError ? result.reason.code : `RAW ${String(result.reason)}`;
}

// ---------------------------------------------------------------------------------------------------------------

// What the races prove must not depend on how fast this machine is (two shared cores, other test files running): every
// racer gets a connection of its own (no wait for the pool), opened before the race starts; lock waits may last as
// long as they need (statement timeout of two minutes, not the app's 15 s); and each test has an explicit, generous
// time limit. Only the use cases' own transaction limits (theirs, not the test's) remain.
const RACERS = 50;
const RACE_TIMEOUT_MS = 600_000;

/** Opens `n` connections of the pool at once and keeps them (idle) for what follows, without any sleep. */
async function openConnections(db: PrismaClient, n: number): Promise<void> {
  let started = 0;
  let allStarted!: () => void;
  const barrier = new Promise<void>((resolve) => (allStarted = resolve));
  await Promise.all(
    Array.from({ length: n }, () =>
      db.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT 1`;
          started += 1;
          if (started === n) allStarted();
          await barrier;
        },
        { maxWait: RACE_TIMEOUT_MS, timeout: RACE_TIMEOUT_MS },
      ),
    ),
  );
}

describe.skipIf(!testServerUrl)("races on PostgreSQL (real concurrency)", () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase({ poolMax: RACERS + 2, statementTimeoutMs: 120_000, connectTimeoutMs: RACE_TIMEOUT_MS });
    installAsAppDatabase(db);
  }, RACE_TIMEOUT_MS);
  afterEach(async () => {
    await db.dispose();
  }, RACE_TIMEOUT_MS);

  it(
    "a real serializable conflict arrives as a driver-adapter TransactionWriteConflict (40001) and is retried",
    async () => {
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
    },
    RACE_TIMEOUT_MS,
  );

  it(
    `(a) ${RACERS} concurrent confirmations into a portfolio with 5 free places: exactly 5 succeed, ${RACERS - 5} CAPACITY, nothing orphaned`,
    async () => {
      for (let round = 0; round < 3; round += 1) {
        const w = await world(db.prisma);
        const portfolio = await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.alice.id, modality: "GUIDE", cap: 8 } });
        for (let i = 0; i < 3; i += 1) await makeSeeker(db.prisma, w.agency.id, { id: portfolio.id, modality: "GUIDE" });
        const waiting = [];
        for (let i = 0; i < RACERS; i += 1) waiting.push(await makeSeeker(db.prisma, w.agency.id, null));
        const before = await tableCounts(db.prisma, TABLES);
        const retries: unknown[] = [];
        await openConnections(db.prisma, RACERS);

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
        expect(codes.filter((c) => c === "CAPACITY")).toHaveLength(RACERS - 5);
        for (const error of retries) expect(isRetryableTransactionError(error)).toBe(true);

        const winners = waiting.filter((_, i) => results[i]!.status === "fulfilled").map((s) => s.id);
        const losers = waiting.filter((_, i) => results[i]!.status === "rejected").map((s) => s.id);
        expect(await db.prisma.seeker.count({ where: { portfolioId: portfolio.id } })).toBe(8);
        expect(await db.prisma.assignment.count({ where: { portfolioId: portfolio.id, endedAt: null } })).toBe(8);
        expect(await db.prisma.seeker.count({ where: { id: { in: winners }, status: "FOLLOWED", modality: "GUIDE", portfolioId: portfolio.id } })).toBe(5);
        expect(await db.prisma.seeker.count({ where: { id: { in: losers }, status: "AWAITING_DIAGNOSTIC", portfolioId: null, modality: null } })).toBe(
          RACERS - 5,
        );
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
    },
    RACE_TIMEOUT_MS,
  );

  it(
    "(a′) confirmations racing into one advisor's calendar from several portfolios: calendar conflicts are retried (onRetry), none double-booked",
    async () => {
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
    },
    RACE_TIMEOUT_MS,
  );

  it(
    "(b) 20 concurrent reschedules whose first free slot is the same one: one gets it, the others a distinct slot or a clean refusal",
    async () => {
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
        expect(
          codes.every((c) => c === "OK" || c === "CONFLICT"),
          codes.join(","),
        ).toBe(true);
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
    },
    RACE_TIMEOUT_MS,
  );

  it(
    "(b′) the database itself: 20 concurrent inserts of one advisor's slot → exactly 1 row, 19 exclusion violations",
    async () => {
      const w = await world(db.prisma);
      const portfolio = await db.prisma.portfolio.create({ data: { agencyId: w.agency.id, advisorId: w.alice.id, modality: "GUIDE", cap: 150 } });
      const seekers = [];
      for (let i = 0; i < 20; i += 1) seekers.push(await makeSeeker(db.prisma, w.agency.id, { id: portfolio.id, modality: "GUIDE" }));
      const results = await Promise.allSettled(
        // Same advisor, overlapping times (same start, or shifted by a quarter of an hour).
        seekers.map((s, i) =>
          db.prisma.appointment.create({ data: appointmentAt(w.agency.id, s.id, w.alice.id, i % 2 ? "2026-03-10T13:00:00.000Z" : "2026-03-10T13:15:00.000Z") }),
        ),
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
    },
    RACE_TIMEOUT_MS,
  );

  it(
    "(c) 10 concurrent moves into a portfolio with 3 free places: exactly 3 moved, load == cap",
    async () => {
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
    },
    RACE_TIMEOUT_MS,
  );
});
