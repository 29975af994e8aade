import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { describeOwner, type OwnerRecord } from "./ownership";

/** Where `npm run backup` writes by default, and where a failed start looks for the last backup. */
export function backupDirectory(dataDir: string): string {
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ dataDir)), "backups");
}

/** The most recent backup file of the folder, if any. */
export function latestBackup(folder: string): string | null {
  if (!existsSync(/*turbopackIgnore: true*/ folder)) return null;
  const files = readdirSync(/*turbopackIgnore: true*/ folder)
    .filter((name) => name.startsWith("modalis-"))
    .map((name) => path.join(folder, name))
    .map((file) => ({ file, time: statSync(file).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  return files[0]?.file ?? null;
}

/** The embedded data directory exists but cannot be opened: said in French, with the way back. */
export class EmbeddedDatabaseUnreadableError extends Error {
  constructor(dataDir: string, cause: unknown) {
    const backup = latestBackup(backupDirectory(dataDir));
    const detail = cause instanceof Error ? cause.message : typeof cause === "object" && cause && "code" in cause ? String(cause.code) : String(cause);
    super(
      [
        `La base embarquée « ${dataDir} » ne peut pas être ouverte : ses fichiers sont endommagés ou incomplets`,
        `(détail technique : ${detail.slice(0, 200)}). Rien n'y a été modifié.`,
        backup
          ? `Pour repartir de la dernière sauvegarde (${path.basename(backup)}) : npm run restore -- "${backup}"`
          : `Aucune sauvegarde n'a été trouvée dans ${backupDirectory(dataDir)}.`,
        `La restauration met le dossier endommagé de côté (rien n'est effacé). Pour repartir des données de démonstration,`,
        `déplacez le dossier « ${dataDir} » ailleurs et relancez npm start.`,
      ].join("\n"),
      { cause },
    );
    this.name = "EmbeddedDatabaseUnreadableError";
  }
}

/** Another process holds the directory and did not let it go in time. */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(dataDir: string, holder: OwnerRecord) {
    super(
      `La base embarquée « ${dataDir} » est utilisée par ${describeOwner(holder)}. ` +
        "Une seule application peut l'ouvrir à la fois : attendez la fin de cette commande (ou arrêtez-la), puis relancez.",
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

/** Opens PGlite on a directory (created if needed), translating a failure into a French message. */
export async function openPgliteDirectory(dataDir: string): Promise<PGlite> {
  mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ dataDir)), { recursive: true });
  let pglite: PGlite | undefined;
  try {
    pglite = new PGlite({ dataDir, extensions: { btree_gist } });
    await pglite.waitReady;
    return pglite;
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    throw new EmbeddedDatabaseUnreadableError(dataDir, error);
  }
}
