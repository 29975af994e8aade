import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { DatabaseOptions } from "./connection";
import { askOwner, backupDirectory, describeOwner, embeddedPaths, EmbeddedDatabaseBusyError, liveOwner } from "./embedded";
import { openPgliteDirectory } from "./embedded/open";
import { acquireOwnership } from "./embedded/ownership";

/**
 * Backups of either engine, one file each:
 * - embedded: a gzipped tarball of the PGlite data directory, taken by the process that owns it (through its
 *   control socket while the app runs, so that the copy is consistent), restorable only while nothing runs;
 * - PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean --single-transaction`.
 */
export type BackupResult = { file: string; bytes: number };

const stamp = (date: Date) => date.toISOString().replace(/[:.]/g, "-").replace("T", "_").slice(0, 19);

function defaultBackupFile(options: DatabaseOptions, now = new Date()): string {
  if (options.engine === "pglite") return path.join(backupDirectory(options.dataDir!), `modalis-${stamp(now)}.tar.gz`);
  return path.join(".data", "backups", `modalis-${stamp(now)}.dump`);
}

export async function backupDatabase(options: DatabaseOptions, file = defaultBackupFile(options), waitMs = 60_000): Promise<BackupResult> {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  if (options.engine === "postgres") {
    await run("pg_dump", ["--format=custom", "--no-owner", `--file=${target}`, `--dbname=${options.url}`]);
    return { file: target, bytes: statSync(target).size };
  }
  const dataDir = options.dataDir;
  if (!dataDir) throw new Error("Une base en mémoire ne se sauvegarde pas.");
  const paths = embeddedPaths(dataDir);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const owner = liveOwner(paths);
    if (owner?.mode === "server" && owner.socketDir) {
      const answer = await askOwner(path.join(owner.socketDir, "control.sock"), { command: "backup", file: target });
      if (!answer.ok) throw new Error(`La sauvegarde a échoué : ${answer.error}`);
      return { file: target, bytes: answer.bytes };
    }
    if (!owner) {
      const taken = acquireOwnership(dataDir, "exclusive", "npm run backup");
      if ("release" in taken) {
        try {
          if (!existsSync(path.join(paths.dataDir, "PG_VERSION"))) throw new Error(`Aucune base embarquée dans « ${dataDir} ».`);
          const pglite = await openPgliteDirectory(dataDir);
          try {
            const tarball = await pglite.dumpDataDir("gzip");
            writeFileSync(target, Buffer.from(await tarball.arrayBuffer()), { mode: 0o600 });
          } finally {
            await pglite.close();
          }
          return { file: target, bytes: statSync(target).size };
        } finally {
          taken.release();
        }
      }
      continue;
    }
    if (Date.now() >= deadline) throw new EmbeddedDatabaseBusyError(dataDir, owner);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Replaces the database by a backup. The embedded directory in place is moved aside (never deleted) and comes
 * back if the restore fails; it is refused while any process uses the directory.
 */
export async function restoreDatabase(options: DatabaseOptions, file: string): Promise<{ setAside: string | null }> {
  const source = path.resolve(file);
  if (!existsSync(source)) throw new Error(`Fichier de sauvegarde introuvable : « ${file} ».`);
  if (options.engine === "postgres") {
    await run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", `--dbname=${options.url}`, source]);
    return { setAside: null };
  }
  const dataDir = options.dataDir;
  if (!dataDir) throw new Error("Une base en mémoire ne se restaure pas.");
  const taken = acquireOwnership(dataDir, "exclusive", "npm run restore");
  if (!("release" in taken)) {
    throw new Error(`Restauration impossible : la base embarquée est utilisée par ${describeOwner(taken.holder)}. Arrêtez d'abord Modalis.`);
  }
  const paths = taken.paths;
  const setAside = existsSync(paths.dataDir) ? `${paths.dataDir}.avant-restauration-${stamp(new Date())}` : null;
  try {
    if (setAside) renameSync(paths.dataDir, setAside);
    const pglite = new PGlite({ dataDir: paths.dataDir, extensions: { btree_gist }, loadDataDir: new Blob([readFileSync(source)]) });
    await pglite.waitReady;
    await pglite.query('SELECT count(*) FROM "_prisma_migrations"');
    await pglite.close();
    return { setAside };
  } catch (error) {
    rmSync(paths.dataDir, { recursive: true, force: true });
    if (setAside) renameSync(setAside, paths.dataDir);
    throw new Error(`La restauration a échoué, la base d'avant est remise en place : ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    taken.release();
  }
}

/** Keeps the `keep` most recent backups of a folder. */
export function pruneBackups(folder: string, keep: number): string[] {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder)
    .filter((name) => /^modalis-.*\.(tar\.gz|dump)$/.test(name))
    .map((name) => path.join(folder, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const removed = files.slice(keep);
  for (const file of removed) rmSync(file, { force: true });
  return removed;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === "ENOENT" ? `${command} est introuvable : installez les outils clients de PostgreSQL (paquet postgresql-client).` : error.message,
        ),
      ),
    );
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} a échoué : ${errors.trim().slice(0, 500)}`))));
  });
}
