/**
 * Demo and volume data for Modalis. `seedDemo` loads the demo agencies and personas (idempotent), `seedBulk`
 * adds generated agencies for volume tests; `scripts/seed.ts` is the command line (`npm run seed`).
 */
export { DEMO_ACCOUNTS, DEMO_AGENCY_CODES, DEMO_PASSWORD } from "./accounts";
export { seedDemo } from "./demo";
export { seedBulk } from "./bulk";
export { assertLocalDatabase, isLocalDatabase, truncateAllTables } from "./database";
export { stderrProgress } from "./progress";
