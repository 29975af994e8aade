/**
 * `npm test`: the whole suite — unit and integration tests (Vitest), the domain tests again under a far
 * time zone, then the end-to-end scenarios (Playwright). Runs on the embedded database, or on PostgreSQL
 * when TEST_DATABASE_URL is set (end-to-end scenarios then at desktop size only). Any failure fails the run.
 *
 * MODALIS_TEST_NODE=<path to a node binary> runs the Vitest steps on that Node.js instead of this one (CI runs its
 * PostgreSQL pass on Node 24 LTS this way: .ci/run). The end-to-end step finds or installs its browser first.
 */
import { spawnSync } from "node:child_process";
import { ensureChromium } from "./lib/browser";

type Step = { label: string; command: string[]; env?: Record<string, string>; vitest?: true };

const steps: Step[] = [
  { label: "Vitest (TZ=UTC)", command: ["node_modules/vitest/vitest.mjs", "run"], env: { TZ: "UTC" }, vitest: true },
  {
    label: "Vitest, domaine (TZ=Pacific/Kiritimati)",
    command: ["node_modules/vitest/vitest.mjs", "run", "tests/domain"],
    env: { TZ: "Pacific/Kiritimati" },
    vitest: true,
  },
  {
    label: "Playwright (e2e)",
    // On PostgreSQL the scenarios run at desktop size only: the 375 px pass checks layout and accessibility, which
    // do not depend on the database engine, and already runs on the embedded one.
    command: ["node_modules/@playwright/test/cli.js", "test", ...(process.env.TEST_DATABASE_URL ? ["--project=desktop"] : [])],
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
for (const step of selected) {
  console.log(`\n━━ ${step.label} — base : ${engine}${step.vitest ? ` — Node.js ${node.version}` : ""}`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...step.env };
  if (!step.vitest) {
    const browser = ensureChromium();
    if (!browser) {
      failures.push(step.label);
      continue;
    }
    env.CHROMIUM_PATH = browser;
  }
  const result = spawnSync(step.vitest ? node.path : process.execPath, step.command, { stdio: "inherit", env });
  if (result.status !== 0) failures.push(step.label);
}
if (failures.length) {
  console.error(`\nÉchec : ${failures.join(", ")}`);
  process.exit(1);
}
console.log("\nTous les tests sont passés.");
