/**
 * Retrying a whole interactive transaction when PostgreSQL refuses it for a reason that a fresh attempt may
 * not meet again: a serialization failure (40001), a deadlock (40P01), or an exclusion-constraint violation
 * (23P01, two bookings racing for the same slot of an advisor). Prisma 7 surfaces these in several shapes
 * depending on the driver adapter: a `PrismaClientKnownRequestError` (P2034) whose `meta.driverAdapterError`
 * holds the cause, a driver-adapter error whose `cause.kind` is `TransactionWriteConflict`, or the raw
 * `pg` / PGlite error with its SQLSTATE `code`. All are recognised by walking `code`, `kind`, `cause`, `meta`
 * and the message.
 */

const RETRYABLE_SQLSTATES = new Set(["40001", "40P01", "23P01"]);
const RETRYABLE_PRISMA_CODES = new Set(["P2034"]);
const RETRYABLE_KINDS = new Set(["TransactionWriteConflict", "ExclusionConstraintViolation"]);
const RETRYABLE_MESSAGE =
  /TransactionWriteConflict|could not serialize access|deadlock detected|conflicting key value violates exclusion constraint|\b40001\b|\b40P01\b|\b23P01\b/i;

/** Whether `error` (or anything it wraps) is a serialization failure, a deadlock or an exclusion violation. */
export function isRetryableTransactionError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || value === undefined || depth > 6 || seen.has(value)) return false;
    if (typeof value === "string") return RETRYABLE_MESSAGE.test(value);
    if (typeof value !== "object") return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const key of ["code", "originalCode", "sqlState"]) {
      const code = record[key];
      if (typeof code === "string" && (RETRYABLE_SQLSTATES.has(code) || RETRYABLE_PRISMA_CODES.has(code))) return true;
    }
    if (typeof record.kind === "string" && RETRYABLE_KINDS.has(record.kind)) return true;
    if (typeof record.message === "string" && RETRYABLE_MESSAGE.test(record.message)) return true;
    for (const key of ["cause", "meta", "driverAdapterError", "originalError"]) {
      if (visit(record[key], depth + 1)) return true;
    }
    return false;
  };
  return visit(error, 0);
}

/**
 * Runs `fn` (which must open its own transaction, so that each attempt starts afresh) up to `attempts` times
 * while it fails with a retryable error; any other error, or the last retryable one, is rethrown.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, attempts = 4, onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`Nombre de tentatives invalide : ${String(attempts)}.`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      onRetry?.(error, attempt);
      // A short, jittered pause lets the competing transaction finish.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 20 * attempt)));
    }
  }
}

/** Whether `error` (or anything it wraps) is a unique-constraint violation (two creations racing for one key). */
export function isUniqueViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== "object" || depth > 6 || seen.has(value)) return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (record.code === "P2002" || record.code === "23505" || record.kind === "UniqueConstraintViolation") return true;
    return ["cause", "meta", "driverAdapterError", "originalError"].some((key) => visit(record[key], depth + 1));
  };
  return visit(error, 0);
}
