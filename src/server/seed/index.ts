/**
 * Demo and volume data for Modalis. `seedDemo` loads the demo agencies and personas (idempotent), `seedBulk`
 * adds generated agencies for volume tests; `scripts/seed.ts` is the command line (`npm run seed`).
 */
export { DEMO_ACCOUNTS, DEMO_AGENCY_CODES, DEMO_PASSWORD, demoAccount, type DemoAccount, type DemoAgencyKey } from "./accounts";
export { seedDemo, demoAlreadySeeded, parisToday, DEFAULT_SEED, type SeedDemoOptions, type SeedDemoSummary } from "./demo";
export { seedBulk, type SeedBulkOptions, type SeedBulkSummary } from "./bulk";
export { assertLocalDatabase, isLocalDatabase, truncateAllTables } from "./database";
export { formatProgress, stderrProgress, type BulkProgress } from "./progress";
export type { AgencySummary } from "./generate";
