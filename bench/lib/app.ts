/**
 * Calling the product's server code in the benchmark's process: the page data functions of /conseiller and
 * /agence, run against one data set installed as the process-wide database (as the integration tests do).
 */
import type { Database } from "@/server/db/connection";
import type { Actor } from "@/server/auth/policy";
import { caseloadQuerySchema, caseloadView } from "@/server/queries/caseload";
import { agencyOverview } from "@/server/queries/agency-dashboard";

/** Makes `@/server/db`'s process-wide database this one (read on every `prisma()` call). */
export function installAsAppDatabase(db: Database): void {
  (globalThis as unknown as { modalisDb?: Promise<Database> }).modalisDb = Promise.resolve(db);
}

/** What /conseiller loads for its default view (first page, every filter count). */
export async function caseloadPageData(actor: Actor, now = new Date()) {
  return caseloadView(actor, caseloadQuerySchema.parse({}), now);
}

/** What /agence loads for a manager: the portfolio loads and the dashboard (as the page does). */
export async function agencyPageData(actor: Actor, agencyId: string, now = new Date()) {
  const overview = await agencyOverview(actor, agencyId, { now });
  if (!overview) throw new Error("Tableau de bord inaccessible pour le responsable de mesure.");
  return overview;
}

export type AgencyPageData = Awaited<ReturnType<typeof agencyPageData>>;
