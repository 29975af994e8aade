/**
 * `npm run plan-reviews` — books the missing mandatory reviews (bilans M4 / M9) of every followed seeker, then the
 * first interviews of the seekers awaiting a diagnostic without one (docs/rules.md#booking-first-interviews).
 *
 *   npx tsx --conditions=react-server scripts/plan-reviews.ts [--agency CODE] [--today AAAA-MM-JJ]
 *
 *   --agency CODE  one agency (by its code); by default every agency
 *   --today DATE   date taken as « aujourd'hui » (Europe/Paris), by default the real date
 */
import { parseArgs } from "node:util";
import { isValidDate, localDateOf, localToEpochMs, timeZoneOf } from "@/domain";
import { parseEnv } from "@/env";
import { databaseOptionsFromEnv, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { bookAgencyFirstInterviews, formatFirstInterviewSummary, type BookFirstInterviewsResult } from "@/server/use-cases/first-interviews";
import { formatPlanSummary, planAgencyReviews, type PlanReviewsProgress, type PlanReviewsSummary } from "@/server/use-cases/plan-reviews";

const USAGE = "Usage : npx tsx --conditions=react-server scripts/plan-reviews.ts [--agency CODE] [--today AAAA-MM-JJ]";

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      agency: { type: "string" },
      today: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const today = values.today ?? localDateOf(new Date().toISOString(), "Europe/Paris");
  if (!isValidDate(today)) throw new Error(`--today : date invalide « ${today} » (format attendu AAAA-MM-JJ).`);
  return { agency: values.agency, today, todayGiven: values.today !== undefined };
}

function progressLine(label: string): (p: PlanReviewsProgress) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (p) => {
    const finished = p.seekersDone >= p.seekersTotal;
    const now = Date.now();
    if (!finished && now - last < (tty ? 200 : 2000)) return;
    last = now;
    const pct = p.seekersTotal > 0 ? (100 * p.seekersDone) / p.seekersTotal : 100;
    const line =
      `${label} : ${pct.toLocaleString("fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %` +
      ` · ${p.seekersDone.toLocaleString("fr-FR")} / ${p.seekersTotal.toLocaleString("fr-FR")} demandeurs` +
      ` · ${p.booked.toLocaleString("fr-FR")} bilans`;
    process.stderr.write(tty ? `\r\x1b[2K${line}${finished ? "\n" : ""}` : `${line}\n`);
  };
}

async function main() {
  const args = parseCommandLine();
  const db = await openDatabase(databaseOptionsFromEnv(parseEnv()));
  try {
    await applyMigrations(db);
    const agencies = await db.prisma.agency.findMany({
      where: args.agency ? { code: args.agency } : {},
      select: { id: true, code: true, name: true, departement: true },
      orderBy: { code: "asc" },
    });
    if (agencies.length === 0) {
      throw new Error(args.agency ? `Agence inconnue : « ${args.agency} ».` : "Aucune agence dans la base.");
    }
    const total: PlanReviewsSummary = { seekers: 0, booked: 0, overdue: 0, missed: 0, alreadyPlanned: 0 };
    const firstTotal = { awaiting: 0, alreadyBooked: 0, booked: 0, late: 0, unbooked: 0 };
    for (const agency of agencies) {
      const summary = await planAgencyReviews({
        db: db.prisma,
        agencyId: agency.id,
        today: args.today,
        onProgress: progressLine(`${agency.name} (${agency.code})`),
      });
      console.log(
        `${agency.name} (${agency.code}) : ${formatPlanSummary(summary)} — ${summary.seekers.toLocaleString("fr-FR")} demandeurs suivis, ${summary.alreadyPlanned.toLocaleString("fr-FR")} bilans déjà planifiés.`,
      );
      for (const key of Object.keys(total) as (keyof PlanReviewsSummary)[]) total[key] += summary[key];

      // « Now » is the real clock, or midday of --today in the agency's time zone.
      const now = args.todayGiven ? new Date(localToEpochMs(args.today, "12:00", timeZoneOf(agency.departement))) : new Date();
      const first: BookFirstInterviewsResult = await bookAgencyFirstInterviews({ db: db.prisma, agencyId: agency.id, now });
      console.log(
        `${agency.name} (${agency.code}) : ${formatFirstInterviewSummary(first)} — ${first.awaiting.toLocaleString("fr-FR")} demandeurs en attente de diagnostic, ${first.alreadyBooked.toLocaleString("fr-FR")} avaient déjà leur premier entretien.`,
      );
      for (const line of first.lines.filter((l) => l.status !== "BOOKED")) {
        const when = line.startsAt ? `réservé le ${line.startsAt.slice(0, 10)} avec ${line.advisorName ?? "?"}` : "aucun créneau libre";
        console.log(`  à signaler : ${line.lastName} ${line.firstName}, date limite ${line.dueDate}, ${when}`);
      }
      for (const key of Object.keys(firstTotal) as (keyof typeof firstTotal)[]) firstTotal[key] += first[key];
    }
    console.log(`Total au ${args.today} : ${formatPlanSummary(total)} ; ${formatFirstInterviewSummary(firstTotal)}.`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Échec de la planification des bilans : ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
