/**
 * Database-side helpers of the seed: refusing remote servers, emptying every table, and a few look-ups.
 */
import type { DatabaseOptions } from "@/server/db/connection";
import type { PrismaClient } from "@/generated/prisma/client";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

/**
 * Host of a PostgreSQL URL, `""` for a Unix socket (no host, or `?host=/path`). Parsed by hand: the WHATWG URL
 * parser refuses `postgresql://user@/db?host=/var/run/postgresql`, which libpq and `pg` accept.
 */
function databaseHost(url: string): string {
  const match = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  if (match === null) throw new Error("DATABASE_URL n'est pas une URL PostgreSQL valide.");
  const query = url.includes("?") ? new URLSearchParams(url.slice(url.indexOf("?") + 1)) : null;
  const socketHost = query?.get("host") ?? null;
  if (socketHost !== null) return socketHost.startsWith("/") ? "" : socketHost.toLowerCase();
  return decodeURIComponent(match[1] ?? "").toLowerCase();
}

/** True for the embedded PGlite and for a PostgreSQL server on this machine (localhost, loopback or socket). */
export function isLocalDatabase(options: DatabaseOptions): boolean {
  if (options.engine === "pglite") return true;
  const host = databaseHost(options.url);
  return LOCAL_HOSTS.has(host) || host.startsWith("/");
}

/** Throws a French error unless the database is local or `force` is set. */
export function assertLocalDatabase(options: DatabaseOptions, force: boolean): void {
  if (force || isLocalDatabase(options)) return;
  const host = options.engine === "postgres" ? databaseHost(options.url) : "";
  throw new Error(
    `Refus de remplir la base « ${host} » : ce n'est pas une base locale (localhost, 127.0.0.1, ::1 ou socket). ` +
      "Les données de démonstration n'ont rien à faire sur un serveur partagé ou de production. " +
      "Relancez avec --force si c'est vraiment voulu.",
  );
}

/** Empties every application table (not the migration ledger). Triggers are per row: TRUNCATE passes them. */
export async function truncateAllTables(prisma: PrismaClient): Promise<string[]> {
  const tables = await prisma.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  );
  const names = tables.map((t) => t.tablename);
  if (names.length > 0) {
    await prisma.$executeRawUnsafe(`TRUNCATE ${names.map((n) => `"${n.replace(/"/g, '""')}"`).join(", ")} RESTART IDENTITY CASCADE`);
  }
  return names;
}

/** Number of seekers already stored (serial base for new France Travail identifiers). */
export async function seekerCount(prisma: PrismaClient): Promise<number> {
  const rows = await prisma.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*)::int AS n FROM "Seeker"`);
  return Number(rows[0]?.n ?? 0);
}
