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

/**
 * Whether `error`, or anything it wraps (`cause`, `meta`, `driverAdapterError`, `originalError`, six levels deep at
 * most), passes `test`: Prisma, its driver adapters and the drivers nest the database's error in several shapes.
 */
function anyWrapped(error: unknown, test: (value: string | Record<string, unknown>) => boolean): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || value === undefined || depth > 6 || seen.has(value)) return false;
    if (typeof value === "string") return test(value);
    if (typeof value !== "object") return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    return test(record) || ["cause", "meta", "driverAdapterError", "originalError"].some((key) => visit(record[key], depth + 1));
  };
  return visit(error, 0);
}

/** Whether `error` (or anything it wraps) is a serialization failure, a deadlock or an exclusion violation. */
export function isRetryableTransactionError(error: unknown): boolean {
  return anyWrapped(error, (value) => {
    if (typeof value === "string") return RETRYABLE_MESSAGE.test(value);
    const codes = ["code", "originalCode", "sqlState"].map((key) => value[key]);
    if (codes.some((code) => typeof code === "string" && (RETRYABLE_SQLSTATES.has(code) || RETRYABLE_PRISMA_CODES.has(code)))) return true;
    if (typeof value.kind === "string" && RETRYABLE_KINDS.has(value.kind)) return true;
    return typeof value.message === "string" && RETRYABLE_MESSAGE.test(value.message);
  });
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
  return anyWrapped(
    error,
    (value) => typeof value !== "string" && (value.code === "P2002" || value.code === "23505" || value.kind === "UniqueConstraintViolation"),
  );
}

/**
 * Whether `error` (or anything it wraps) is an exception raised by one of our triggers (SQLSTATE P0001) whose message
 * matches `message`: the use case then says the refusal in French.
 */
export function isRaisedByTrigger(error: unknown, message: RegExp): boolean {
  const raised = anyWrapped(error, (value) => typeof value !== "string" && ["code", "originalCode", "sqlState"].some((key) => value[key] === "P0001"));
  const matches = anyWrapped(error, (value) =>
    typeof value === "string" ? message.test(value) : typeof value.message === "string" && message.test(value.message),
  );
  return raised && matches;
}
