/**
 * Where the benchmark runs: a PostgreSQL server (the one of DATABASE_URL, else the local default) on which it
 * keeps its own databases, or the embedded PGlite in git-ignored data folders.
 */
import path from "node:path";
import pg from "pg";
import { isLocalDatabase } from "@/server/seed";

export type Target = { engine: "postgres"; serverUrl: string; label: string } | { engine: "pglite"; root: string; label: string };

export const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
export const PGLITE_ROOT = path.join(".data", "bench-pglite");

/** The URL of another database on the same server (user, password, host and options kept). */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function reachable(url: string): Promise<string | null> {
  try {
    return await withClient(url, async (client) => {
      const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
      return rows[0]?.server_version ?? "?";
    });
  } catch {
    return null;
  }
}

/**
 * PostgreSQL when DATABASE_URL is set (its server, never its database: the benchmark creates its own), or when
 * the local default server answers; the embedded database with `--embedded` or when no server answers.
 */
export async function chooseTarget(options: { embedded: boolean; force: boolean; log: (line: string) => void }): Promise<Target> {
  if (options.embedded) return { engine: "pglite", root: PGLITE_ROOT, label: `PostgreSQL embarqué (PGlite, ${PGLITE_ROOT})` };
  const fromEnv = process.env.DATABASE_URL?.trim();
  const serverUrl = databaseUrl(fromEnv || DEFAULT_SERVER_URL, "postgres");
  if (!options.force && !isLocalDatabase({ engine: "postgres", url: serverUrl })) {
    throw new Error("Refus de créer les bases de mesure sur un serveur distant (DATABASE_URL n'est pas local). Relancez avec --force si c'est voulu.");
  }
  const version = await reachable(serverUrl);
  if (version === null) {
    if (fromEnv) throw new Error(`Le serveur PostgreSQL de DATABASE_URL ne répond pas (${new URL(serverUrl).host}).`);
    options.log(`Aucun serveur PostgreSQL sur ${new URL(serverUrl).host} : mesure sur la base embarquée, à petite échelle.`);
    return { engine: "pglite", root: PGLITE_ROOT, label: `PostgreSQL embarqué (PGlite, ${PGLITE_ROOT})` };
  }
  const host = new URL(serverUrl).host;
  return { engine: "postgres", serverUrl, label: `PostgreSQL ${version} (${host}${fromEnv ? ", DATABASE_URL" : ""})` };
}
