/**
 * The use-case kit: every use case parses its input with `parseInput`, takes `UseCaseOptions` (`now` and `db`
 * injectable, as the tests and the scripts need), and writes inside `runInTransaction`, which retries the whole
 * transaction on serialization failures, deadlocks and exclusion-constraint violations (two bookings racing for
 * one slot) and turns exhausted retries into a CONFLICT whose French message says nothing was saved. After the
 * commit, it keeps the primary's WAL position for the user's next pages (read-your-writes, docs/replica.md).
 */
import type { z } from "zod";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { now as contextNow } from "@/server/context";
import { DomainError } from "@/server/errors";
import { rememberWrite } from "@/server/db/read-routing";
import { isRetryableTransactionError, withRetry } from "./transactions";
import { NUL_CHARACTER_MESSAGE, pathOfNulCharacter } from "@/lib/nul-character";

export type Tx = Prisma.TransactionClient;

export type UseCaseOptions = {
  /** The instant the use case acts at; by default the clock (or the one `actingAs` set). */
  now?: Date;
  /** The database to use; by default the process-wide one. */
  db?: PrismaClient;
  /** Whole-transaction attempts on retryable conflicts (default 4). */
  attempts?: number;
  /** Called before each new attempt (the race tests count them). */
  onRetry?: (error: unknown, attempt: number) => void;
};

export const CONFLICT_MESSAGE = "Quelqu'un a modifié les mêmes données au même moment. Rien n'a été enregistré ; veuillez réessayer.";

export function nowOf(options: UseCaseOptions = {}): Date {
  return options.now ?? contextNow();
}

/**
 * The given database, else the process-wide one. Imported on demand, so that a command given its own database (such as
 * `npx tsx scripts/plan-reviews.ts`) never loads the app's server-only connection module.
 */
export async function databaseOf(options: UseCaseOptions = {}): Promise<PrismaClient> {
  if (options.db) return options.db;
  const { prisma } = await import("@/server/db");
  return prisma();
}

/** The parsed input, or INVALID with the first French message (the action already parsed it: this guards direct calls). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (pathOfNulCharacter(input) !== null) throw new DomainError("INVALID", NUL_CHARACTER_MESSAGE);
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError("INVALID", parsed.error.issues[0]?.message ?? "Les informations envoyées ne sont pas valides.");
  }
  return parsed.data;
}

/**
 * Runs `fn` in one interactive transaction, again from the start while PostgreSQL refuses it for a reason a fresh
 * attempt may not meet; exhausted retries become CONFLICT with `conflictMessage`.
 */
export async function runInTransaction<T>(
  options: UseCaseOptions,
  fn: (tx: Tx) => Promise<T>,
  settings: { timeoutMs?: number; attempts?: number; conflictMessage?: string } = {},
): Promise<T> {
  const db = await databaseOf(options);
  try {
    const result = await withRetry(
      () => db.$transaction(fn, { maxWait: 10_000, timeout: settings.timeoutMs ?? 30_000 }),
      options.attempts ?? settings.attempts ?? 4,
      options.onRetry,
    );
    // Every write of the app passes here: its user's next pages must see it, even when read from a replica.
    await rememberWrite(db);
    return result;
  } catch (error) {
    if (isRetryableTransactionError(error)) throw new DomainError("CONFLICT", settings.conflictMessage ?? CONFLICT_MESSAGE);
    throw error;
  }
}
