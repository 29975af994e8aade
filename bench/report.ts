/**
 * The results file's shape, the summary rows (console and BENCHMARKS.md) and BENCHMARKS.md itself. The analysis
 * of missed targets is hand-written in bench/NOTES.md and copied in, so that a rerun keeps it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Machine } from "./lib/machine";
import type { Series } from "./lib/stats";
import type { CaseloadLoadResult, FirstLoadJsResult } from "./measures/http";
import type { DashboardResult } from "./measures/dashboard";
import type { DiagnoseResult } from "./measures/diagnose";
import type { ExplainResult } from "./measures/explain";
import type { GrowthResult } from "./measures/growth";
import type { ImportsResult } from "./measures/imports";
import type { OutboxResult } from "./measures/outbox";
import type { ClusterScalingResult } from "./measures/cluster";
import type { ReviewsResult } from "./measures/reviews";

type Stamped<T> = T & { measuredAt: string };

export type BenchResults = {
  format: number;
  date: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  scale: string;
  engine: string;
  target: string;
  options: { runs: number; quickRuns: number; loadSeconds: number; connections: number; only: string[] };
  machine: Machine;
  datasets: Partial<
    Record<
      string,
      {
        name: string;
        seekers: number;
        appointments: number;
        agencies: number;
        sizeBytes: number | null;
        builtAt: string;
        seedMs: number;
        agencyCode: string;
        advisorEmail: string;
        advisorSeekers: number;
      }
    >
  >;
  measures: {
    caseload?: Stamped<CaseloadLoadResult>;
    dashboard?: Stamped<DashboardResult>;
    reviews?: Stamped<ReviewsResult>;
    growth?: Stamped<GrowthResult>;
    js?: Stamped<FirstLoadJsResult>;
    diagnose?: Stamped<DiagnoseResult>;
    explain?: Stamped<ExplainResult>;
    outbox?: Stamped<OutboxResult>;
    imports?: Stamped<ImportsResult>;
    cluster?: Stamped<ClusterScalingResult>;
  };
};

/** When the figures were taken: a partial run (--only) completes the day's file, so the measures' own stamps tell. */
function measuredBetween(results: BenchResults): string {
  const stamps = Object.values(results.measures)
    .map((measure) => measure?.measuredAt)
    .filter((stamp): stamp is string => Boolean(stamp))
    .sort();
  const time = (iso: string) => new Date(iso).toISOString().slice(11, 16);
  if (stamps.length === 0) return `${time(results.startedAt)} UTC`;
  return stamps[0] === stamps[stamps.length - 1]
    ? `mesures prises à ${time(stamps[0]!)} UTC`
    : `mesures prises entre ${time(stamps[0]!)} et ${time(stamps[stamps.length - 1]!)} UTC`;
}

export type SummaryRow = { measure: string; value: string; floor: string; ratio: string; target: string; pass: boolean | null };

const n = (x: number, digits = 0) => x.toLocaleString("fr-FR", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const range = (s: Series, digits = 0, unit = "") =>
  Number.isFinite(s.median) ? `${n(s.median, digits)}${unit} (${n(s.min, digits)}–${n(s.max, digits)})` : "aucune réponse";
const kb = (bytes: number) => `${n(bytes / 1000, 1)} Ko`;

export function summaryRows(results: BenchResults): SummaryRow[] {
  const m = results.measures;
  const rows: SummaryRow[] = [];
  if (m.caseload) {
    const c = m.caseload;
    rows.push({
      measure: `1. Portefeuille /conseiller (${c.advisorSeekers} demandeurs), ${c.connections} utilisateurs connectés`,
      value: `${range(c.caseload.requestsPerSecond, 1)} req/s, p95 ${range(c.caseload.p95Ms, 0, " ms")}`,
      floor: `${range(c.floor.requestsPerSecond, 1)} req/s (page plancher authentifiée)`,
      ratio: range(c.ratio, 2),
      target: "rapport ≥ 0,5 et p95 < 150 ms",
      pass: c.pass,
    });
  }
  if (m.outbox) {
    const o = m.outbox;
    rows.push({
      measure: `7. Vidage de l'outbox : ${n(o.messages)} e-mails vers un serveur SMTP local (${o.concurrency} workers × lots de ${o.batchSize}, ${o.smtpConnections} connexions)`,
      value: `${n(o.workerPerSecond)} messages/s (${n(o.workerMs / 1000, 1)} s)`,
      floor: `${n(o.baselinePerSecond)} messages/s (boucle nodemailer nue, même serveur)`,
      ratio: n(o.ratio, 2),
      target: "≥ 500 messages/s et rapport ≥ 0,5",
      pass: o.pass,
    });
  }
  if (m.imports) {
    const im = m.imports;
    const mb = (bytes: number) => `${n(bytes / 1024 / 1024, 1)} Mo`;
    const memory = (im.memory ?? []).map((r) => `${mb(r.peakHeapUsedBytes)} pour ${n(r.rows)} lignes`).join(", ");
    rows.push({
      measure: `8. Import des inscriptions : ${n(im.rows)} lignes (${n(im.fileBytes / 1024 / 1024, 1)} Mo, ${im.agencies} agences de Haute-Normandie)`,
      value:
        `aperçu ${n(im.previewMs / 1000, 1)} s, import ${n(im.importMs / 1000, 1)} s (${n(im.importPerSecond)} demandeurs/s)` +
        (memory ? ` ; tas de pointe (plafonné à ${im.heapCapMb} Mo) ${memory}` : ""),
      floor:
        im.baselineKind === "copy"
          ? `${n(im.baselinePerSecond)} demandeurs/s (COPY … FROM STDIN brut, même passage ; INSERT … unnest : ${n(im.unnestPerSecond)}/s)`
          : `${n(im.baselinePerSecond)} demandeurs/s (INSERT … unnest en bloc, même passage ; COPY : sur PostgreSQL seulement)`,
      ratio: n(im.ratio, 2),
      target: `chaque étape < ${im.targetSeconds} s et rapport ≥ ${n(im.targetRatio, 1)} × COPY`,
      pass: im.pass,
    });
  }
  if (m.cluster) {
    const c = m.cluster;
    const of = (instances: number, replica: boolean) => c.configurations.find((x) => x.instances === instances && x.replica === replica);
    const one = of(1, false);
    const scaled = c.configurations.filter((x) => x !== one);
    rows.push({
      measure: `9. Grappe derrière HAProxy : /conseiller et /agence (${n(c.seekers)} demandeurs), ${c.connections} utilisateurs, 1, 2, 4 instances, puis lectures sur la réplique`,
      value: c.configurations
        .map((x) => `${x.instances}${x.replica ? " + réplique" : ""} : ${range(x.caseload, 1)} et ${range(x.dashboard, 1)} req/s`)
        .join(" ; "),
      floor: one ? `1 instance, primaire seul : ${range(one.caseload, 1)} et ${range(one.dashboard, 1)} req/s` : "—",
      ratio: scaled.map((x) => `${x.instances}${x.replica ? " + R" : ""} : ${n(x.caseloadRatio, 2)} / ${n(x.dashboardRatio, 2)}`).join(" ; "),
      target: `aucune réponse en erreur ; rapports donnés pour information (${c.cores} cœurs)`,
      pass: c.configurations.every((x) => x.failedResponses === 0 && x.servedBy.length === x.instances),
    });
  }
  if (m.dashboard) {
    const d = m.dashboard;
    rows.push({
      measure: `2. Tableau de bord /agence (${n(d.agencySeekers)} demandeurs), temps serveur`,
      value: range(d.serverMs, 0, " ms"),
      floor: `${range(d.sqlMs, 0, " ms")} (SQL écrit à la main${d.sameFigures ? ", mêmes chiffres" : ", CHIFFRES DIFFÉRENTS"})`,
      ratio: `${range(d.ratio, 2)} ×`,
      target: "≤ 1,5 ×",
      pass: d.pass,
    });
  }
  if (m.reviews) {
    const r = m.reviews;
    rows.push({
      measure: `3. Planification des bilans, région de ${n(r.seekersInDatabase)} demandeurs (${n(r.booked)} bilans)`,
      value: `${range(r.jobSeekersPerSecond)} demandeurs/s, ${range(r.jobMs, 0, " ms")}`,
      floor: `${range(r.floorSeekersPerSecond)} demandeurs/s (insertion brute des mêmes lignes)`,
      ratio: range(r.ratio, 2),
      target: "rapport ≥ 0,3 et ≥ 2 500 demandeurs/s",
      pass: r.pass,
    });
  }
  if (m.growth) {
    const g = m.growth;
    for (const [key, label] of [
      ["caseload", "portefeuille"],
      ["dashboard", "/agence"],
    ] as const) {
      const side = g[key];
      rows.push({
        measure: `4. Croissance, ${label} : ${n(g.small.seekers)} → ${n(g.large.seekers)} demandeurs`,
        value: `${range(side.large, 0, " ms")} sur ${n(g.large.seekers)}`,
        floor: `${range(side.small, 0, " ms")} sur ${n(g.small.seekers)}`,
        ratio: `${range(side.ratio, 2)} ×`,
        target: "≤ 1,5 ×",
        pass: side.pass,
      });
    }
  }
  if (m.js) {
    rows.push({
      measure: `5. JavaScript du premier chargement de ${m.js.page} (gzip)`,
      value: `${kb(m.js.gzipBytes.median)} (${m.js.scripts.length} fichiers, ${kb(m.js.rawBytes)} non compressés)`,
      floor: "",
      ratio: "",
      target: "≤ 150 Ko",
      pass: m.js.pass,
    });
  }
  if (m.diagnose) {
    rows.push({
      measure: "6. diagnose, appels par seconde",
      value: `${range(m.diagnose.callsPerSecond)} ; ${n(m.diagnose.callsPerCpuSecond)} par seconde de processeur (part de cœur obtenue : ${n(m.diagnose.cpuShare * 100)} %)`,
      floor: "",
      ratio: "",
      target: "≥ 1 000 000",
      pass: m.diagnose.pass,
    });
  }
  return rows;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function explainSection(explain: Stamped<ExplainResult> | undefined): string {
  if (!explain) return "_Pas relevés lors de cette mesure (`--only explain`)._\n";
  const lines: string[] = [];
  lines.push(
    `Relevés sur \`${explain.dataset}\` (${n(explain.seekers)} demandeurs) : chaque requête que la page envoie, capturée au ` +
      "passage dans Prisma, puis `EXPLAIN (ANALYZE, BUFFERS)` avec les mêmes paramètres.",
  );
  lines.push(
    explain.fullScans.length
      ? `\n**Parcours séquentiels de grandes tables : ${explain.fullScans.join(" ; ")}.**\n`
      : "\nAucun parcours séquentiel des grandes tables (Seeker, Appointment, Assignment, Diagnostic, AuditEvent, SocialTandem) : toutes passent par un index.\n",
  );
  for (const page of explain.pages) {
    lines.push(`### ${page.page} — ${page.description}\n`);
    lines.push(`${page.queries.length} requêtes, ${n(page.totalMs)} ms pour la fonction de données de la page.\n`);
    for (const q of page.queries) {
      lines.push(
        `<details><summary>${q.label.replace(/</g, "&lt;")} — ${q.executionMs === null ? "?" : n(q.executionMs, 1)} ms${q.fullScans.length ? ` — <b>Seq Scan ${q.fullScans.join(", ")}</b>` : ""}</summary>\n`,
      );
      lines.push("```sql");
      lines.push(q.sql.trim());
      lines.push("```");
      lines.push(`Paramètres : \`${JSON.stringify(q.params)}\`\n`);
      lines.push("```");
      lines.push(q.plan);
      lines.push("```\n</details>\n");
    }
  }
  return lines.join("\n");
}

/**
 * Writes BENCHMARKS.md. A full run (`only` absent) rewrites it whole; a partial run (`--only a,b`) updates, in the
 * existing file, only the sections of the measures it took (mergeBenchmarksMarkdown): the others keep their figures
 * and their hand-written notes.
 */
export function writeBenchmarksMarkdown(results: BenchResults, resultsFile: string, only?: readonly string[]): void {
  const fresh = renderBenchmarksMarkdown(results, resultsFile);
  const existing = only && existsSync("BENCHMARKS.md") ? readFileSync("BENCHMARKS.md", "utf8") : null;
  writeFileSync("BENCHMARKS.md", existing === null ? fresh : mergeBenchmarksMarkdown(existing, fresh, only!));
}

/** The number each measure carries in BENCHMARKS.md's table and details (explain: its own section). */
export const MEASURE_NUMBERS: Readonly<Record<string, string>> = {
  caseload: "1",
  dashboard: "2",
  reviews: "3",
  growth: "4",
  js: "5",
  diagnose: "6",
  outbox: "7",
  imports: "8",
  cluster: "9",
};

const EXPLAIN_HEADING = "## Plans d'exécution des requêtes chaudes";

/**
 * Replaces, in `existing`, the parts of the given measures by those of `fresh`: their rows of the results table
 * (`| N. …`), their detail line (`- **N.** …`), and for `explain` the execution-plans section. A measure absent from
 * `existing` is inserted in number order; one absent from `fresh` (not taken, e.g. growth on the embedded engine)
 * leaves `existing` as it was. Everything else (header, machine, other measures, analysis) is kept as it is.
 */
export function mergeBenchmarksMarkdown(existing: string, fresh: string, measures: readonly string[]): string {
  let lines = existing.split("\n");
  const freshLines = fresh.split("\n");
  for (const measure of measures) {
    if (measure === "explain") {
      const section = (text: string[]) => {
        const start = text.indexOf(EXPLAIN_HEADING);
        if (start < 0) return null;
        let end = text.findIndex((line, i) => i > start && line.startsWith("## "));
        if (end < 0) end = text.length;
        return { start, end };
      };
      const from = section(freshLines);
      const to = section(lines);
      if (!from) continue;
      const block = freshLines.slice(from.start, from.end);
      lines = to ? [...lines.slice(0, to.start), ...block, ...lines.slice(to.end)] : [...lines, ...block];
      continue;
    }
    const number = MEASURE_NUMBERS[measure];
    if (!number) continue;
    for (const kind of ["row", "detail"] as const) {
      const owner = (line: string): string | null => {
        const match = kind === "row" ? /^\| (\d+)\. /.exec(line) : /^- \*\*(\d+)\.\*\*/.exec(line);
        return match ? match[1]! : null;
      };
      const block = freshLines.filter((line) => owner(line) === number);
      if (!block.length) continue;
      const first = lines.findIndex((line) => owner(line) === number);
      if (first >= 0) {
        const kept = lines.filter((line, i) => i < first || owner(line) !== number);
        kept.splice(first, 0, ...block);
        lines = kept;
      } else {
        // Insert after the last line of a lower number (or before the first of a higher one).
        let at = -1;
        lines.forEach((line, i) => {
          const n = owner(line);
          if (n !== null && Number(n) < Number(number)) at = i;
        });
        if (at < 0) {
          const higher = lines.findIndex((line) => owner(line) !== null);
          if (higher < 0) continue;
          at = higher - 1;
        }
        lines.splice(at + 1, 0, ...block);
      }
    }
  }
  return lines.join("\n");
}

/** BENCHMARKS.md as a full run writes it. */
export function renderBenchmarksMarkdown(results: BenchResults, resultsFile: string): string {
  const m = results.machine;
  const rows = summaryRows(results);
  const datasetLines = Object.entries(results.datasets).map(
    ([role, d]) =>
      `| ${role === "agency" ? "agence" : role === "region" ? "région" : "nationale"} | \`${d!.name}\` | ${n(d!.seekers)} | ${n(d!.appointments)} | ${d!.agencies} | ${d!.sizeBytes ? `${n(d!.sizeBytes / 1e9, 2)} Go` : "—"} | ${n(d!.seedMs / 1000)} s | ${d!.agencyCode}, ${d!.advisorSeekers} demandeurs pour ${d!.advisorEmail} |`,
  );
  const notes = existsSync("bench/NOTES.md") ? readFileSync("bench/NOTES.md", "utf8").trim() : "_Aucune note._";
  const c = results.measures.caseload;
  const d = results.measures.dashboard;
  const r = results.measures.reviews;
  const js = results.measures.js;
  const dg = results.measures.diagnose;
  const details: string[] = [];
  if (c) {
    details.push(
      `- **1.** ${c.runs} passages de ${c.secondsPerRun} s par page, en alternance, ${c.connections} connexions keep-alive (autocannon), ` +
        `serveur \`next start\` sur \`${c.dataset}\` (${n(c.seekersInDatabase)} demandeurs). Portefeuille : p50 ${range(c.caseload.p50Ms, 0, " ms")}, ` +
        `p99 ${range(c.caseload.p99Ms, 0, " ms")} ; plancher p95 ${range(c.floor.p95Ms, 0, " ms")}. Un seul utilisateur : portefeuille ${n(c.singleUserMs.caseload)} ms, ` +
        `plancher ${n(c.singleUserMs.floor)} ms${c.singleUserMs.agence !== null ? `, /agence ${n(c.singleUserMs.agence)} ms` : ""}. Réponses en erreur : ${c.failedResponses}.`,
    );
  }
  if (d) {
    details.push(
      `- **2.** ${d.iterations} passages alternés. Côté serveur : \`agencyOverview\` (l'agence ouverte une fois, charges et tableau de bord ensemble), ` +
        `comme la page. Plancher : les mêmes chiffres en six requêtes SQL écrites à la main (pool \`pg\` de même taille), ` +
        `vérifiés égaux${d.differences.length ? ` — **écarts : ${d.differences.join(" ; ")}**` : ""}.`,
    );
  }
  if (r) {
    details.push(
      `- **3.** \`planAgencyReviews\` sur les ${r.agencies} agences de \`${r.dataset}\`, l'une après l'autre comme \`npm run plan-reviews\`, ` +
        `${n(r.seekersPlanned)} demandeurs suivis examinés, ${n(r.booked)} bilans écrits par passage ; insertion brute : ` +
        `${range(r.insertMs, 0, " ms")}. Les lignes écrites sont retirées (et la table nettoyée par VACUUM) après chaque passage.`,
    );
  }
  if (results.measures.growth) {
    const g = results.measures.growth;
    details.push(
      `- **4.** ${g.iterations} passages alternés des fonctions de données des pages, dans le processus de mesure, sur \`${g.small.dataset}\` et \`${g.large.dataset}\`.`,
    );
  }
  if (js) {
    details.push(
      `- **5.** Tous les scripts cités par le HTML de ${js.page} (connecté), compressés par gzip (niveau par défaut), ` +
        `sauf ceux marqués \`noModule\` (polyfills que les navigateurs à modules ES ne chargent pas : ${(js.noModuleSkipped ?? []).length}), ` +
        `1 Ko = 1 000 octets ; HTML lui-même : ${kb(js.htmlGzipBytes)} gzip. Les plus gros : ${js.scripts
          .slice(0, 4)
          .map((s) => `\`${s.path.split("/").pop()}\` ${kb(s.gzipBytes)}`)
          .join(", ")}.`,
    );
  }
  if (dg) {
    details.push(
      `- **6.** ${dg.callsPerSecond.runs.length} passages de ${n(dg.runMs)} ms sur ${n(dg.distinctInputs)} réponses variées (bench/domain.ts). ` +
        "Une boucle monofil n'a pas de plancher : la cible est jugée sur les appels par seconde de processeur réellement obtenue " +
        "(process.cpuUsage rapporté au temps écoulé), le débit à l'horloge murale baissant avec la part de cœur laissée par les autres. " +
        `Pour information, le planificateur pur des bilans : ${n(dg.planner.seekers)} demandeurs en ${n(dg.planner.totalMs)} ms (${n(dg.planner.seekersPerSecond)}/s).`,
    );
  }
  const ob = results.measures.outbox;
  if (ob) {
    details.push(
      `- **7.** ${n(ob.messages)} e-mails en file (lignes et tâches écrites en bloc avant le chronomètre) vidés par le worker de l'outbox ` +
        `(${ob.concurrency} workers pg-boss × lots de ${ob.batchSize}, ${ob.smtpConnections} connexions SMTP en pool) vers un serveur \`smtp-server\` local ` +
        `qui accepte et jette (bench/lib/smtp-sink.ts, dans son propre processus), du démarrage du worker au dernier message marqué SENT ; ` +
        `plancher : une boucle nodemailer nue, même transport en pool, ${ob.concurrency * ob.batchSize} envois en cours, vers le même serveur, dans le même passage. ` +
        `Acceptés par le serveur pendant le vidage : ${n(ob.accepted)} (aucun doublon).`,
    );
  }

  const im = results.measures.imports;
  if (im) {
    const mb = (bytes: number) => `${n(bytes / 1024 / 1024, 1)} Mo`;
    const memory = (im.memory ?? [])
      .map(
        (r) =>
          `${n(r.rows)} lignes (${mb(r.fileBytes)}) : heapUsed de pointe ${mb(r.peakHeapUsedBytes)}, tas vivant de pointe ${mb(r.peakLiveHeapBytes)}, ` +
          `RSS de pointe ${mb(r.peakRssBytes)} (aperçu ${n(r.previewMs / 1000, 1)} s, import ${n(r.importMs / 1000, 1)} s)`,
      )
      .join(" ; ");
    details.push(
      `- **8.** \`npm run bench -- --only imports\` (bench/measures/imports.ts). Un fichier national généré (scripts/lib/registration-file.ts, CSV, une ligne fautive sur 500) de ${n(im.rows)} inscrits des communes des ` +
        `${im.agencies} agences de Haute-Normandie, lu depuis le disque : **aperçu** = stockage en base (SHA-256) + lecture, contrôle et classement de chaque ligne ` +
        `(${n(im.refused)} refusées) ; **import** = confirmation + une transaction ensembliste (${n(im.imported)} nouveaux et leurs événements d'inscription). ` +
        (im.baselineKind === "copy"
          ? `Plancher : un \`COPY "Seeker" … FROM STDIN\` puis \`COPY "SeekerLifeEvent" … FROM STDIN\` bruts (format texte, pg-copy-streams sur le pilote \`pg\`, identifiants faits par le client, une transaction, sérialisation des lignes comprise) ` +
            `des mêmes demandeurs et événements dans une seconde base neuve, au même passage : ${n((im.copyMs ?? 0) / 1000, 1)} s ; pour information, comme la graine en masse ` +
            `(\`INSERT … SELECT FROM unnest\`, lots de 10 000, une transaction) : ${n(im.unnestMs / 1000, 1)} s. `
          : `Plancher : l'écriture de la graine en masse (\`INSERT … SELECT FROM unnest\`, lots de 10 000) ; le \`COPY\` brut n'est mesuré que sur PostgreSQL. `) +
        (memory
          ? `Mémoire : l'aperçu et l'import d'un fichier dix fois plus petit puis du fichier entier, chacun dans un processus fils au tas plafonné ` +
            `(\`--max-old-space-size=${im.heapCapMb} --expose-gc\`, bench/lib/imports-memory-child.ts ; heapUsed échantillonné toutes les 20 ms, tas vivant après un ramasse-miettes complet à chaque lot de l'aperçu) — ${memory}. ` +
            `RSS de pointe du processus de mesure lui-même (tas non plafonné, que V8 laisse grandir) : ${mb(im.peakRssBytes)}. `
          : "") +
        `Mesure finie le ${im.measuredAt.slice(0, 10)} à ${im.measuredAt.slice(11, 16)} UTC, charge moyenne (1, 5, 15 min) au début du passage ${m.loadAverageStart.join(" / ")}, ` +
        `à la fin ${(m.loadAverageEnd ?? []).join(" / ")} (2 cœurs partagés avec d'autres sessions). ` +
        "La planification des premiers entretiens après l'import n'est pas mesurée.",
    );
  }

  const cl = results.measures.cluster;
  if (cl) {
    details.push(
      `- **9.** \`npm run bench -- --only cluster\` (bench/measures/cluster.ts). Chaque configuration démarre la grappe comme \`npm run cluster\` ` +
        `(scripts/lib/cluster.ts : instances \`next start\` derrière un HAProxy du paquet Debian, un worker) sur un primaire PostgreSQL fait pour la mesure ` +
        `(initdb) qui porte \`${cl.dataset}\`, et, « + réplique », avec une réplique en flux faite par \`pg_basebackup\` lue par les pages en lecture seule ` +
        `(docs/replica.md). ${cl.runs} passages ; dans chacun, chaque configuration (ordre inversé un passage sur deux) : ${cl.connections} connexions keep-alive ` +
        `pendant ${cl.secondsPerRun} s sur /conseiller (${cl.advisorSeekers} demandeurs) puis sur /agence, à travers le répartiteur. Rapport = débit / débit d'une instance ` +
        `sur le primaire seul, passage par passage (médiane). Instances vues servir (en-tête X-Modalis-Instance) : ` +
        cl.configurations.map((x) => `${x.instances}${x.replica ? " + réplique" : ""} → ${x.servedBy.join(", ") || "aucune"}`).join(" ; ") +
        `. Réponses en erreur : ${n(cl.configurations.reduce((total, x) => total + x.failedResponses, 0))}. ` +
        `Sur ${cl.cores} cœurs, les instances se partagent les mêmes processeurs que PostgreSQL et HAProxy : le gain de plusieurs instances est borné par les cœurs, pas par Modalis.`,
    );
  }

  const text = `# Mesures de performance

Produit par \`npm run bench\` le ${results.date}, ${measuredBetween(results)} ;
chiffres complets : [\`${resultsFile}\`](${resultsFile}). Chaque mesure est **un rapport pris dans le même passage** contre un
plancher mesuré au même moment sur la même machine : une machine chargée ralentit les deux côtés. Médiane, puis min–max
entre parenthèses.

## Machine

| | |
|---|---|
| processeur | ${m.cpu}, ${m.cores} cœurs |
| mémoire | ${m.memoryGiB} Gio |
| système | ${m.system} |
| Node.js | ${m.node} |
| base | ${m.database} |
| charge moyenne (1, 5, 15 min) | au début ${m.loadAverageStart.join(" / ")}, à la fin ${(m.loadAverageEnd ?? []).join(" / ")} |

## Résultats

| mesure | valeur | plancher | rapport | cible | |
|---|---|---|---|---|---|
${rows.map((row) => `| ${cell(row.measure)} | ${cell(row.value)} | ${cell(row.floor || "—")} | ${cell(row.ratio || "—")} | ${cell(row.target)} | ${row.pass === null ? "" : row.pass ? "✅" : "❌"} |`).join("\n")}

${details.join("\n")}

## Jeux de données

Construits par le mode volume de la graine (\`seedBulk\`, agences de 10 000 demandeurs avec personnel, portefeuilles dans
leurs plafonds, diagnostics, affectations, binômes et historiques de rendez-vous), gardés entre deux mesures (bases
\`modalis_bench_*\`, décrites par leur commentaire) ; \`--rebuild\` les reconstruit. Dans l'agence de mesure, un conseiller
est porté à 350 demandeurs par le déplacement de demandeurs « suivi » du produit (\`moveSeekers\`). Dans la région, les
bilans futurs que la graine avait réservés sont retirés : la planification a toute la région à faire.

| rôle | base | demandeurs | rendez-vous | agences | taille | graine | agence et conseiller de mesure |
|---|---|---|---|---|---|---|---|
${datasetLines.join("\n")}

## Lancer

\`\`\`sh
npm run bench                                  # tout, pleine échelle, PostgreSQL de DATABASE_URL (sinon 127.0.0.1:5432)
npm run bench -- --scale small                 # 10 000 / 20 000 / 100 000 demandeurs
npm run bench -- --only caseload,js            # certaines mesures : ${["caseload", "dashboard", "reviews", "growth", "js", "diagnose", "explain", "outbox", "imports", "cluster"].join(", ")}
npm run bench -- --national 6000000            # base nationale de 6 millions (longue à construire)
npm run bench -- --rebuild                     # reconstruit les jeux de données
npm run bench -- --embedded                    # base embarquée, données de démonstration
\`\`\`

La première exécution construit les bases (10 000 : ~20 s ; 150 000 : ~1 à 6 min ; 1 million : ~5 à 40 min selon la
charge de la machine) et l'application (\`next build\`). Ensuite, une mesure complète dure une quinzaine de minutes.
\`npm test\` ne contient aucune assertion de temps.

## Analyse

${notes}

## Plans d'exécution des requêtes chaudes

${explainSection(results.measures.explain)}
`;
  return text;
}
