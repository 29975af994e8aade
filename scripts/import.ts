/**
 * `npm run import -- <fichier> [--agency CODE] [--dry-run] [--report CHEMIN]` — imports registrants from the national
 * file (CSV or XLSX), as the manager's page does (docs/rules.md#registration-imports), as the system actor (the
 * administrator's rights, no user: the journal says « Modalis »):
 *
 *   --agency CODE   the agency the file is for (its rows of other territories: transfers of its own seekers, or
 *                   refused); by default a multi-agency file, every row going to the agency of its commune
 *   --dry-run       the preview only: the counts and the report, nothing imported
 *   --report PATH   where to write the per-row report (CSV); by default next to the file, « <fichier>.rapport.csv »
 *   --today DATE    the day taken as « aujourd'hui » (AAAA-MM-JJ), for tests and rehearsals
 *
 * Without --dry-run the preview and the import run one after the other. The import is one transaction: on failure
 * nothing is imported and the command says so (exit code 1). Progress on stderr (a bar on a terminal, a line every
 * few seconds otherwise).
 */
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { isValidDate } from "@/domain";
import { OUTCOME_LABELS } from "@/domain/registration-outcome";
import { parseEnv } from "@/env";
import { databaseOptionsFromEnv, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { DomainError } from "@/server/errors";
import { registrationReport } from "@/server/imports/report";
import { confirmRegistrationImportAs, startRegistrationImport } from "@/server/use-cases/registration-imports";

const USAGE = "Usage : npm run import -- <fichier.csv|fichier.xlsx> [--agency CODE] [--dry-run] [--report CHEMIN] [--today AAAA-MM-JJ]";

function commandLine() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      agency: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      report: { type: "string" },
      today: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new Error(USAGE);
  const file = resolve(positionals[0]!);
  if (!existsSync(file)) throw new Error(`Fichier introuvable : ${file}`);
  if (values.today !== undefined && !isValidDate(values.today)) throw new Error(`--today : date invalide « ${values.today} » (AAAA-MM-JJ).`);
  return { file, agency: values.agency, dryRun: values["dry-run"], report: resolve(values.report ?? `${file}.rapport.csv`), today: values.today };
}

function progress(): (rows: number) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  const spinner = ["|", "/", "-", "\\"];
  let turn = 0;
  return (rows) => {
    const now = Date.now();
    if (now - last < (tty ? 150 : 3000)) return;
    last = now;
    const line = `Lecture du fichier ${spinner[turn++ % 4]} ${rows.toLocaleString("fr-FR")} lignes lues`;
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
}

async function main() {
  const args = commandLine();
  const db = await openDatabase(databaseOptionsFromEnv(parseEnv()));
  let failed = false;
  try {
    await applyMigrations(db);
    let agencyId: string | null = null;
    if (args.agency) {
      const agency = await db.prisma.agency.findUnique({ where: { code: args.agency }, select: { id: true } });
      if (!agency) throw new Error(`Agence inconnue : « ${args.agency} ».`);
      agencyId = agency.id;
    }
    // « today » given: noon of that day in Paris stands for now.
    const now = args.today ? new Date(`${args.today}T11:00:00.000Z`) : new Date();
    const started = Date.now();
    const { importId, sha256 } = await startRegistrationImport(null, { agencyId, fileName: basename(args.file) }, createReadStream(args.file), {
      db: db.prisma,
      inline: true,
      now,
      onProgress: progress(),
      maxBytes: Number.MAX_SAFE_INTEGER,
    });
    if (process.stderr.isTTY) process.stderr.write("\r\x1b[2K");
    const record = await db.prisma.registrationImport.findUniqueOrThrow({ where: { id: importId } });
    if (record.status === "FAILED") {
      console.error(record.errorMessage);
      failed = true;
      return;
    }
    const counts = {
      NEW: record.newCount,
      UPDATED: record.updatedCount,
      UNCHANGED: record.unchangedCount,
      TRANSFER: record.transferCount,
      REFUSED: record.refusedCount,
    };
    console.log(`${record.rowsTotal?.toLocaleString("fr-FR")} lignes lues en ${((Date.now() - started) / 1000).toFixed(1)} s (aperçu) :`);
    for (const [outcome, n] of Object.entries(counts)) console.log(`  ${OUTCOME_LABELS[outcome as keyof typeof counts]} : ${n.toLocaleString("fr-FR")}`);
    if (!args.dryRun) {
      process.stderr.write("Import en cours (une seule transaction)…\n");
      const importStarted = Date.now();
      const { result } = await confirmRegistrationImportAs(null, { importId, sha256 }, { db: db.prisma, inline: true, now });
      if (result?.status === "IMPORTED") {
        console.log(
          `Importé en ${((Date.now() - importStarted) / 1000).toFixed(1)} s : ${result.counts.NEW.toLocaleString("fr-FR")} nouveaux, ` +
            `${result.counts.UPDATED.toLocaleString("fr-FR")} mis à jour, ${result.counts.TRANSFER.toLocaleString("fr-FR")} transferts ; premiers entretiens planifiés.`,
        );
      } else {
        console.error(result?.message ?? "L'import n'a pas eu lieu : rien n'a été importé.");
        failed = true;
      }
    } else {
      console.log("Aperçu seulement (--dry-run) : rien n'a été importé.");
    }
    const out = createWriteStream(args.report);
    for await (const piece of registrationReport(db.prisma, importId)) if (!out.write(piece)) await once(out, "drain");
    out.end();
    await once(out, "finish");
    console.log(`Rapport ligne à ligne : ${args.report}`);
  } finally {
    await db.close();
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof DomainError || error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
