/**
 * Which failures are worth a second attempt of a whole transaction (src/server/use-cases/transactions.ts): serialization
 * failures, deadlocks and exclusion violations in every shape Prisma and its driver adapters give them, and nothing
 * else; and `withRetry`, which retries those only. The real database errors are met in tests/integration/races.test.ts
 * and confirm-diagnostic.test.ts.
 */
import { describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors";
import { isRetryableTransactionError, withRetry } from "@/server/use-cases/transactions";

describe("recognising retryable transaction errors", () => {
  it("recognises the adapter-pg serialization failure, P2034, deadlocks and exclusion violations — and nothing else", () => {
    // What `@prisma/adapter-pg` throws out of an interactive transaction on SQLSTATE 40001.
    const adapterConflict = Object.assign(new Error("TransactionWriteConflict"), {
      name: "DriverAdapterError",
      cause: {
        kind: "TransactionWriteConflict",
        originalCode: "40001",
        originalMessage: "could not serialize access due to read/write dependencies among transactions",
      },
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
    const uniqueByAdapter = Object.assign(new Error("db error"), {
      name: "DriverAdapterError",
      cause: { kind: "UniqueConstraintViolation", originalCode: "23505" },
    });
    const cyclic: Record<string, unknown> = { message: "boucle" };
    cyclic.cause = cyclic;
    for (const error of [
      unique,
      uniqueByAdapter,
      new DomainError("CAPACITY", "Le portefeuille est complet."),
      new Error("boom"),
      null,
      undefined,
      40001,
      cyclic,
    ]) {
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

describe("recognising an exclusion-constraint violation (two bookings of one advisor's slot)", () => {
  it("recognises an exclusion-constraint violation however the driver wraps it", () => {
    expect(isRetryableTransactionError({ code: "23P01" })).toBe(true);
    expect(isRetryableTransactionError({ code: "P2010", cause: { originalCode: "23P01" } })).toBe(true);
    expect(isRetryableTransactionError(new Error('conflicting key value violates exclusion constraint "Appointment_advisor_no_overlap"'))).toBe(true);
    expect(isRetryableTransactionError({ meta: { driverAdapterError: { cause: { kind: "ExclusionConstraintViolation" } } } })).toBe(true);
    expect(isRetryableTransactionError(new Error("duplicate key value"))).toBe(false);
  });
});
