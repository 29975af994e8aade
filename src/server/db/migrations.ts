import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { createHash, randomUUID } from "node:crypto";
import type { Database } from "./connection";

export type Migration = { name: string; sql: string };

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

/** The committed SQL migrations, in name (timestamp) order. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(/*turbopackIgnore: true*/ dir, name, "migration.sql"), "utf8") }));
}

const LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Applies the committed SQL migrations not yet applied, each in its own transaction, recording them in
 * Prisma's own `_prisma_migrations` ledger (so `prisma migrate deploy` agrees on an ordinary machine).
 * An advisory lock keeps two processes from migrating the same PostgreSQL database at once.
 */
export async function applyMigrations(db: Database, migrations = listMigrations()): Promise<string[]> {
  await db.execScript(LEDGER);
  await db.prisma.$executeRawUnsafe("SELECT pg_advisory_lock(724301)");
  try {
    const applied = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const appliedByName = new Map(applied.map((row) => [row.migration_name, row.checksum]));
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const checksum = createHash("sha256").update(migration.sql).digest("hex");
      const known = appliedByName.get(migration.name);
      if (known !== undefined) {
        if (known !== checksum) {
          throw new Error(`La migration ${migration.name} a été modifiée après son application (checksum différent).`);
        }
        continue;
      }
      await db
        .execScript(
          `BEGIN;\n${migration.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES (${quote(randomUUID())}, ${quote(checksum)}, ${quote(migration.name)}, now(), 1);\nCOMMIT;`,
        )
        .catch(async (error: unknown) => {
          await db.execScript("ROLLBACK;").catch(() => undefined);
          throw error;
        });
      newlyApplied.push(migration.name);
    }
    return newlyApplied;
  } finally {
    await db.prisma.$executeRawUnsafe("SELECT pg_advisory_unlock(724301)");
  }
}
