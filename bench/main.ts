/**
 * `npm run bench` — measures Modalis as its users load it; see the usage below and BENCHMARKS.md.
 * Progress goes to stderr; the summary table to stdout; the figures to bench/results/<date>.json and,
 * for a full PostgreSQL run, to BENCHMARKS.md.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDataset, type Dataset, type DatasetRole, type DatasetSpec } from "./lib/datasets";
import { fr, log, seconds } from "./lib/log";
import { describeMachine } from "./lib/machine";
import { chooseTarget } from "./lib/target";
import { measureDashboard } from "./measures/dashboard";
import { measureDiagnose } from "./measures/diagnose";
import { measureExplain } from "./measures/explain";
import { measureGrowth } from "./measures/growth";
import { measureHttp } from "./measures/http";
import { measureImports } from "./measures/imports";
import { measureCluster } from "./measures/cluster";
import { measureOutbox } from "./measures/outbox";
import { measureReviews } from "./measures/reviews";
import { summaryRows, writeBenchmarksMarkdown, type BenchResults } from "./report";

export const MEASURES = ["caseload", "dashboard", "reviews", "growth", "js", "diagnose", "explain", "outbox", "imports", "cluster"] as const;
export type MeasureKey = (typeof MEASURES)[number];

const USAGE = `Usage : npm run bench [-- options]

  --scale full|small     full (défaut) : agence 10 000, région 150 000, base nationale 1 000 000 demandeurs ;
                         small : 10 000 / 20 000 / 100 000 (la base embarquée : les données de démonstration)
  --only a,b,…           parmi ${MEASURES.join(", ")} (défaut : toutes)
  --national N           taille de la base nationale en pleine échelle (défaut 1 000 000 ; 6 000 000 si la machine le permet)
  --rebuild              reconstruit les jeux de données (sinon réutilisés quand ils ont la bonne taille)
  --embedded             base embarquée (PGlite) même si un serveur PostgreSQL répond
  --runs N               passages par mesure (défaut 5, au moins 5 pour un résultat publiable)
  --seconds S            durée d'un passage de charge HTTP (défaut 10 ; 5 en petite échelle)
  --connections C        utilisateurs simultanés de la mesure 1 (défaut 20)
  --port P               port du serveur de mesure (défaut 3104, ou BENCH_PORT)
  --no-write             n'écrit ni bench/results ni BENCHMARKS.md
  --report-only          ne mesure rien : réécrit BENCHMARKS.md depuis le dernier bench/results/<date>.json
  --force                accepte un serveur PostgreSQL non local

PostgreSQL : le serveur de DATABASE_URL (sinon postgresql://postgres@127.0.0.1:5432), sur lequel la mesure crée
ses propres bases modalis_bench_* (il faut le droit CREATE DATABASE) ; sans serveur joignable : base embarquée.`;

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "full" },
      only: { type: "string" },
      national: { type: "string" },
      rebuild: { type: "boolean", default: false },
      embedded: { type: "boolean", default: false },
      runs: { type: "string", default: "5" },
      seconds: { type: "string" },
      connections: { type: "string", default: "20" },
      port: { type: "string", default: process.env.BENCH_PORT ?? "3104" },
      "no-write": { type: "boolean", default: false },
      "report-only": { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name: string, text: string, min: number) => {
    const n = Number(text.replace(/[_\s]/g, ""));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} : « ${text} » n'est pas un entier ≥ ${min}.`);
    return n;
  };
  if (values.scale !== "full" && values.scale !== "small") throw new Error(`--scale : « ${values.scale} » (full ou small attendu).`);
  const only = values.only
    ? values.only
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [...MEASURES];
  for (const key of only) if (!(MEASURES as readonly string[]).includes(key)) throw new Error(`--only : mesure inconnue « ${key} » (${MEASURES.join(", ")}).`);
  return {
    scale: values.scale,
    only: new Set(only as MeasureKey[]),
    national: values.national ? integer("national", values.national, 100_000) : 1_000_000,
    rebuild: values.rebuild,
    embedded: values.embedded,
    runs: integer("runs", values.runs, 1),
    seconds: values.seconds ? integer("seconds", values.seconds, 1) : undefined,
    connections: integer("connections", values.connections, 1),
    port: integer("port", values.port, 1),
    write: !values["no-write"],
    reportOnly: values["report-only"],
    force: values.force,
  };
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function printSummary(results: BenchResults): void {
  const rows = summaryRows(results);
  const scale = results.scale === "full" ? "pleine" : "réduite";
  console.log(`\nModalis — ${results.target}, échelle ${scale}, ${results.options.runs} passages (médiane, min–max)\n`);
  for (const row of rows) {
    console.log(
      `${row.pass === null ? "  " : row.pass ? "✓ " : "✗ "}${row.measure}\n    ${row.value}${row.floor ? ` · plancher ${row.floor}` : ""}` +
        `${row.ratio ? ` · rapport ${row.ratio}` : ""} · cible ${row.target}`,
    );
  }
  const judged = rows.filter((r) => r.pass !== null);
  console.log(
    `\n${judged.filter((r) => r.pass).length} cible(s) atteinte(s) sur ${judged.length} ; ` +
      `durée totale ${seconds(results.durationMs)} (${fr(results.durationMs / 60_000, 1)} min).`,
  );
}

function reportOnly(): void {
  const dir = path.join("bench", "results");
  const latest = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
        .sort()
        .pop()
    : undefined;
  if (!latest) throw new Error("Aucun bench/results/<date>.json à reprendre : lancez d'abord une mesure en pleine échelle.");
  const file = path.join(dir, latest);
  const results = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
  writeBenchmarksMarkdown(results, file);
  log(`BENCHMARKS.md réécrit depuis ${file}.`);
  printSummary(results);
}

export async function main(): Promise<void> {
  const started = performance.now();
  const args = parseCommandLine();
  if (args.reportOnly) {
    reportOnly();
    return;
  }
  const target = await chooseTarget({ embedded: args.embedded, force: args.force, log });
  const embedded = target.engine === "pglite";
  const scale = embedded ? "small" : args.scale;
  const runs = args.runs;
  // The in-process measures are short: more runs, except on the embedded engine (one session, several seconds each).
  const quickRuns = target.engine === "pglite" ? runs : Math.max(15, runs * 3);
  const loadSeconds = args.seconds ?? (scale === "full" ? 10 : 5);
  log(
    `Modalis — mesures de performance : ${target.label}, échelle ${scale === "full" ? "pleine" : "réduite"}${embedded ? " (base embarquée : données de démonstration)" : ""}.`,
  );
  if (runs < 5) log(`ATTENTION : ${runs} passage(s) par mesure ; il en faut au moins 5 pour un résultat publiable.`);

  const sizes: Record<DatasetRole, number> = embedded
    ? { agency: 0, region: 0, national: 0 }
    : scale === "full"
      ? { agency: 10_000, region: 150_000, national: args.national }
      : { agency: 10_000, region: 20_000, national: 100_000 };
  const datasets = new Map<DatasetRole, Dataset>();
  const dataset = async (role: DatasetRole): Promise<Dataset> => {
    const known = datasets.get(role);
    if (known) return known;
    const spec: DatasetSpec = { role, seekers: sizes[role], reviewsUnplanned: role === "region" };
    const ready = await ensureDataset(target, spec, args.rebuild);
    datasets.set(role, ready);
    return ready;
  };

  const machine = await describeMachine(target);
  const results: BenchResults = {
    format: 1,
    date: today(),
    startedAt: new Date().toISOString(),
    finishedAt: "",
    durationMs: 0,
    scale,
    engine: target.engine,
    target: target.label,
    options: { runs, quickRuns, loadSeconds, connections: args.connections, only: [...args.only] },
    machine,
    datasets: {},
    measures: {},
  };
  const stamp = <T extends object>(value: T) => ({ ...value, measuredAt: new Date().toISOString() });
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    log(`\n— ${label}`);
    const value = await run();
    log(`  (${seconds(performance.now() - t)})`);
    return value;
  };
  // The national database serves the HTTP measures: the page as it is loaded on the largest data set.
  const serving: DatasetRole = embedded ? "agency" : "national";

  // Data sets first (built when missing), so that the measures themselves are not interleaved with seeding.
  const needed = new Set<DatasetRole>();
  if (args.only.has("dashboard")) needed.add("agency");
  if (args.only.has("reviews")) needed.add("region");
  if (args.only.has("growth") && !embedded) ["agency", "national"].forEach((r) => needed.add(r as DatasetRole));
  if (args.only.has("explain") && !embedded) needed.add("national");
  if (args.only.has("caseload") || args.only.has("js")) needed.add(serving);
  for (const role of ["agency", "region", "national"] as const) if (needed.has(role)) await dataset(role);
  for (const [role, d] of datasets) {
    results.datasets[role] = {
      name: d.name,
      seekers: d.counts.seekers,
      appointments: d.counts.appointments,
      agencies: d.counts.agencies,
      sizeBytes: d.counts.sizeBytes,
      builtAt: d.meta.builtAt,
      seedMs: d.meta.seedMs,
      agencyCode: d.meta.agencyCode,
      advisorEmail: d.meta.advisorEmail,
      advisorSeekers: d.meta.advisorSeekers,
    };
  }

  if (args.only.has("dashboard")) {
    results.measures.dashboard = stamp(
      await step("Mesure 2 : tableau de bord /agence contre SQL écrit à la main", () => measureDashboard(datasets.get("agency")!, quickRuns)),
    );
  }
  if (args.only.has("growth")) {
    if (embedded) log("\n— Mesure 4 : croissance — sautée sur la base embarquée (il faut deux bases de tailles différentes, sur PostgreSQL).");
    else
      results.measures.growth = stamp(
        await step("Mesure 4 : croissance 10 000 → base nationale", () => measureGrowth(datasets.get("agency")!, datasets.get("national")!, quickRuns)),
      );
  }
  if (args.only.has("explain")) {
    if (embedded) log("\n— Plans d'exécution : relevés sur PostgreSQL seulement.");
    else
      results.measures.explain = stamp(
        await step("Plans d'exécution (EXPLAIN ANALYZE, BUFFERS) sur la base nationale", () => measureExplain(datasets.get("national")!)),
      );
  }
  if (args.only.has("reviews")) {
    results.measures.reviews = stamp(
      await step("Mesure 3 : planification des bilans de la région contre insertion brute", () => measureReviews(datasets.get("region")!, runs)),
    );
  }
  if (args.only.has("caseload") || args.only.has("js")) {
    const http = await step("Mesures 1 et 5 : serveur de production", () =>
      measureHttp(datasets.get(serving)!, {
        port: args.port,
        runs,
        seconds: loadSeconds,
        connections: args.connections,
        caseload: args.only.has("caseload"),
        js: args.only.has("js"),
      }),
    );
    if (http.caseload) results.measures.caseload = stamp(http.caseload);
    if (http.js) results.measures.js = stamp(http.js);
  }
  if (args.only.has("diagnose")) {
    results.measures.diagnose = stamp(await step("Mesure 6 : appels de diagnose par seconde", async () => measureDiagnose(Math.max(runs, 5))));
  }

  if (args.only.has("outbox")) {
    results.measures.outbox = stamp(
      await step("Mesure 7 : vidage de l'outbox (20 000 e-mails) vers un serveur SMTP local contre une boucle nodemailer nue", () => measureOutbox(target)),
    );
  }

  if (args.only.has("imports")) {
    results.measures.imports = stamp(
      await step("Mesure 8 : aperçu et import de 150 000 inscriptions (Haute-Normandie) contre une insertion en bloc", () =>
        measureImports(target, scale === "full" ? 150_000 : 20_000),
      ),
    );
  }

  if (args.only.has("cluster")) {
    if (embedded) log("\n— Mesure 9 : grappe — sautée sur la base embarquée (la grappe tourne sur PostgreSQL).");
    else
      results.measures.cluster = stamp(
        await step("Mesure 9 : grappe derrière HAProxy, 1, 2 et 4 instances, puis lectures sur une réplique", () =>
          measureCluster({
            basePort: args.port + 20,
            postgresPort: Number(process.env.BENCH_POSTGRES_PORT ?? 5470),
            runs: Math.min(runs, 3),
            seconds: loadSeconds,
            connections: args.connections,
            rebuild: args.rebuild,
            cores: os.availableParallelism(),
          }),
        ),
      );
  }

  results.finishedAt = new Date().toISOString();
  results.durationMs = Math.round(performance.now() - started);
  results.machine.loadAverageEnd = os.loadavg().map((x) => Number(x.toFixed(2)));

  const suffix = embedded ? "-embedded" : scale === "small" ? "-small" : "";
  const file = path.join("bench", "results", `${results.date}${suffix}.json`);
  let merged = results;
  if (args.write) {
    mkdirSync(path.dirname(file), { recursive: true });
    if (existsSync(file) && args.only.size < MEASURES.length) {
      // A partial run (--only) completes the day's file: the other measures keep their earlier figures.
      const previous = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
      if (previous.format === results.format && previous.scale === results.scale && previous.engine === results.engine) {
        merged = { ...results, datasets: { ...previous.datasets, ...results.datasets }, measures: { ...previous.measures, ...results.measures } };
      }
    }
    writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
    log(`\nRésultats : ${file}`);
    if (!embedded && scale === "full") {
      // A partial run (--only) updates only its measures' sections of BENCHMARKS.md.
      writeBenchmarksMarkdown(merged, file, args.only.size < MEASURES.length ? [...args.only] : undefined);
      log(args.only.size < MEASURES.length ? `Tableau : BENCHMARKS.md (sections de ${[...args.only].join(", ")} seulement)` : "Tableau : BENCHMARKS.md");
    } else {
      log("BENCHMARKS.md n'est réécrit que par une mesure en pleine échelle sur PostgreSQL.");
    }
  }

  printSummary(results);
}
