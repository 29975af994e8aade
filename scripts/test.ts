/**
 * `npm test`: the whole suite — unit and integration tests (Vitest), the domain tests again under a far
 * time zone, then the end-to-end scenarios (Playwright). Runs on the embedded database, or on PostgreSQL
 * when TEST_DATABASE_URL is set (end-to-end scenarios then at desktop size only). Any failure fails the run.
 */
import { spawnSync } from "node:child_process";

const steps: { label: string; command: string[]; env?: Record<string, string> }[] = [
  { label: "Vitest (TZ=UTC)", command: ["node_modules/vitest/vitest.mjs", "run"], env: { TZ: "UTC" } },
  {
    label: "Vitest, domaine (TZ=Pacific/Kiritimati)",
    command: ["node_modules/vitest/vitest.mjs", "run", "tests/domain"],
    env: { TZ: "Pacific/Kiritimati" },
  },
  {
    label: "Playwright (e2e)",
    // On PostgreSQL the scenarios run at desktop size only: the 375 px pass checks layout and accessibility, which
    // do not depend on the database engine, and already runs on the embedded one.
    command: ["node_modules/@playwright/test/cli.js", "test", ...(process.env.TEST_DATABASE_URL ? ["--project=desktop"] : [])],
  },
];

const only = process.argv.slice(2);
const engine = process.env.TEST_DATABASE_URL ? `PostgreSQL (${new URL(process.env.TEST_DATABASE_URL).host})` : "PostgreSQL embarqué (PGlite)";
const failures: string[] = [];
for (const step of steps) {
  if (only.length && !only.some((word) => step.label.toLowerCase().includes(word.toLowerCase()))) continue;
  console.log(`\n━━ ${step.label} — base : ${engine}`);
  const result = spawnSync(process.execPath, step.command, { stdio: "inherit", env: { ...process.env, ...step.env } });
  if (result.status !== 0) failures.push(step.label);
}
if (failures.length) {
  console.error(`\nÉchec : ${failures.join(", ")}`);
  process.exit(1);
}
console.log("\nTous les tests sont passés.");
