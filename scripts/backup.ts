/**
 * `npm run backup [-- --to FILE] [-- --keep N]` — a backup of the configured database, also while the app runs:
 * the embedded database as a tarball of its data directory (taken by the process that serves it), PostgreSQL with
 * pg_dump. By default in .data/backups/, keeping the 14 most recent.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { parseEnv } from "@/env";
import { backupDatabase, pruneBackups } from "@/server/db/backup";
import { databaseOptionsFromEnv } from "@/server/db/connection";

async function main() {
  const { values } = parseArgs({ options: { to: { type: "string" }, keep: { type: "string", default: "14" } }, strict: true });
  const keep = Number(values.keep);
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`--keep : nombre invalide « ${values.keep} ».`);
  const result = await backupDatabase(databaseOptionsFromEnv(parseEnv()), values.to);
  console.log(`Sauvegarde écrite : ${result.file} (${(result.bytes / 1024 / 1024).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo).`);
  if (!values.to) {
    const removed = pruneBackups(path.dirname(result.file), keep);
    if (removed.length) console.log(`${removed.length} sauvegarde(s) plus ancienne(s) supprimée(s) (on garde les ${keep} plus récentes).`);
  }
}

main().catch((error: unknown) => {
  console.error(`Échec de la sauvegarde : ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
