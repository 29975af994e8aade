/**
 * `npm test`: the whole suite — unit and integration tests (Vitest), on PostgreSQL the cluster tests (HAProxy,
 * replica: tests/cluster), on the embedded database the domain tests again under a far time zone, then the
 * end-to-end scenarios (Playwright, on the embedded database). Runs on the embedded database, or on PostgreSQL
 * when TEST_DATABASE_URL is set. Any failure fails the run.
 *
 * A failing run ends with the names of the failing tests (read from each runner's JSON report), so that the end of a
 * long log says what failed; MODALIS_TEST_FAILURES=<file> also appends them there (.ci/run prints it last).
 *
 * MODALIS_TEST_NODE=<path to a node binary> runs the Vitest steps on that Node.js instead of this one (CI runs its
 * PostgreSQL pass on Node 24 LTS this way: .ci/run). The end-to-end step finds or installs its browser first.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureChromium } from "./lib/browser";

/** `only`: the step runs on that database alone (skipped, with its reason, on the other). */
type Step = { label: string; command: string[]; env?: Record<string, string>; vitest?: true; only?: { engine: "postgres" | "embedded"; why: string } };

const steps: Step[] = [
  { label: "Vitest (TZ=UTC)", command: ["node_modules/vitest/vitest.mjs", "run"], env: { TZ: "UTC" }, vitest: true },
  {
    // Real HAProxy, several app instances and a PostgreSQL server: on the CI's PostgreSQL pass only (tests/cluster).
    label: "Vitest, grappe (HAProxy, réplique PostgreSQL)",
    command: ["node_modules/vitest/vitest.mjs", "run", "tests/cluster"],
    env: { MODALIS_CLUSTER_TESTS: "1" },
    vitest: true,
    only: { engine: "postgres", why: "elle a besoin d'un serveur PostgreSQL (TEST_DATABASE_URL), pas de la base embarquée" },
  },
  {
    label: "Vitest, domaine (TZ=Pacific/Kiritimati)",
    command: ["node_modules/vitest/vitest.mjs", "run", "tests/domain"],
    env: { TZ: "Pacific/Kiritimati" },
    vitest: true,
    // The domain is pure (no database): once per CI, on the embedded pass.
    only: { engine: "embedded", why: "le domaine ne touche aucune base : cette étape tourne avec la base embarquée" },
  },
  {
    label: "Playwright (e2e)",
    command: ["node_modules/@playwright/test/cli.js", "test"],
    // The browser scenarios run on the embedded database (desktop and 375 px). On PostgreSQL every integration test
    // runs against the server, and the cluster tests drive the built app over HTTP through HAProxy and a replica;
    // the scenarios again there would spend CI's time on what the engine does not change (pages, layout, forms).
    only: {
      engine: "embedded",
      why: "les scénarios du navigateur tournent sur la base embarquée ; sur PostgreSQL, les tests d'intégration et ceux de la grappe servent l'application par HTTP",
    },
  },
];

function nodeVersion(node: string): string | undefined {
  const result = spawnSync(node, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The Vitest steps' Node.js: MODALIS_TEST_NODE, else the one running this script. */
function vitestNode(): { path: string; version: string } {
  const configured = process.env.MODALIS_TEST_NODE;
  if (!configured) return { path: process.execPath, version: process.version };
  const version = nodeVersion(configured);
  if (!version) {
    console.error(`MODALIS_TEST_NODE désigne « ${configured} », qui ne s'exécute pas comme Node.js.`);
    process.exit(1);
  }
  return { path: configured, version };
}

const only = process.argv.slice(2);
const engine = process.env.TEST_DATABASE_URL ? `PostgreSQL (${new URL(process.env.TEST_DATABASE_URL).host})` : "PostgreSQL embarqué (PGlite)";
const selected = steps.filter((step) => !only.length || only.some((word) => step.label.toLowerCase().includes(word.toLowerCase())));
const node = vitestNode();
const failures: string[] = [];
const failedTests: string[] = [];
const reports = mkdtempSync(path.join(tmpdir(), "modalis-test-"));

type JsonReport = {
  testResults?: { name?: string; status?: string; message?: string; assertionResults?: { status?: string; fullName?: string }[] }[];
  suites?: PlaywrightSuite[];
};
type PlaywrightSuite = {
  title?: string;
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: { title?: string; file?: string; ok?: boolean; tests?: { projectName?: string; status?: string }[] }[];
};

/** « file › test » of each failing test of a Vitest or Playwright JSON report (none when the report is missing). */
function failingTests(report: string): string[] {
  if (!existsSync(report)) return [];
  let parsed: JsonReport;
  try {
    parsed = JSON.parse(readFileSync(report, "utf8")) as JsonReport;
  } catch {
    return [];
  }
  const vitest = (parsed.testResults ?? []).flatMap((file) => {
    const name = path.relative(process.cwd(), file.name ?? "?");
    const tests = (file.assertionResults ?? []).filter((test) => test.status === "failed").map((test) => `${name} › ${test.fullName ?? "?"}`);
    // A file can fail outside any test (an import, a hook): say so.
    return tests.length === 0 && file.status === "failed" ? [`${name} › ${(file.message ?? "échec hors des tests").split("\n")[0]}`] : tests;
  });
  const playwright = (suites: PlaywrightSuite[] = []): string[] =>
    suites.flatMap((suite) => [
      ...(suite.specs ?? [])
        .filter((spec) => spec.ok === false)
        .map((spec) => {
          const projects = (spec.tests ?? []).filter((t) => t.status !== "expected" && t.status !== "skipped").map((t) => t.projectName);
          return `${spec.file ?? suite.file ?? "?"} › ${spec.title ?? "?"}${projects.length ? ` [${projects.join(", ")}]` : ""}`;
        }),
      ...playwright(suite.suites),
    ]);
  return [...vitest, ...playwright(parsed.suites)];
}
for (const step of selected) {
  console.log(`\n━━ ${step.label} — base : ${engine}${step.vitest ? ` — Node.js ${node.version}` : ""}`);
  if (step.only && step.only.engine !== (process.env.TEST_DATABASE_URL ? "postgres" : "embedded")) {
    console.log(`Étape sautée : ${step.only.why}.`);
    continue;
  }
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, ...step.env };
  if (!step.vitest) {
    const browser = ensureChromium();
    if (!browser) {
      failures.push(step.label);
      continue;
    }
    env.CHROMIUM_PATH = browser;
  }
  const report = path.join(reports, `${selected.indexOf(step)}.json`);
  const reporting = step.vitest ? ["--reporter=default", "--reporter=json", `--outputFile.json=${report}`] : ["--reporter=list,json"];
  if (!step.vitest) env.PLAYWRIGHT_JSON_OUTPUT_NAME = report;
  const result = spawnSync(step.vitest ? node.path : process.execPath, [...step.command, ...reporting], { stdio: "inherit", env });
  if (result.status !== 0) {
    failures.push(step.label);
    const tests = failingTests(report);
    failedTests.push(...(tests.length ? tests : ["(aucun test nommé : voir la sortie ci-dessus)"]).map((test) => `${step.label} (${engine}) : ${test}`));
  }
  console.log(`━━ ${step.label} : ${Math.round((performance.now() - started) / 1000)} s`);
}
rmSync(reports, { recursive: true, force: true });
if (failures.length) {
  const summary = `\nÉchec : ${failures.join(", ")}\n${failedTests.map((test) => `  ✘ ${test}`).join("\n")}`;
  console.error(summary);
  if (process.env.MODALIS_TEST_FAILURES) appendFileSync(process.env.MODALIS_TEST_FAILURES, `${summary}\n`);
  process.exit(1);
}
console.log("\nTous les tests sont passés.");
