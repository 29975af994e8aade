/**
 * Calling the product's server code in the benchmark's process: the page data functions of /conseiller and
 * /agence, run against one data set installed as the process-wide database (as the integration tests do).
 */
import type { Database } from "@/server/db/connection";
import type { Actor } from "@/server/auth/policy";
import { caseloadQuerySchema, caseloadView } from "@/server/queries/caseload";
import { agencyDashboard } from "@/server/queries/agency-dashboard";
import { agencyLoads, listAgencies } from "@/server/queries/agency-loads";

/** Makes `@/server/db`'s process-wide database this one (read on every `prisma()` call). */
export function installAsAppDatabase(db: Database): void {
  (globalThis as unknown as { modalisDb?: Promise<Database> }).modalisDb = Promise.resolve(db);
}

/** What /conseiller loads for its default view (first page, every filter count). */
export async function caseloadPageData(actor: Actor, now = new Date()) {
  return caseloadView(actor, caseloadQuerySchema.parse({}), now);
}

/** What /agence loads for a manager: the agency list, then loads and dashboard together (as the page does). */
export async function agencyPageData(actor: Actor, agencyId: string, now = new Date()) {
  const agencies = await listAgencies(actor);
  const [loads, dashboard] = await Promise.all([agencyLoads(actor, agencyId), agencyDashboard(actor, agencyId, { now })]);
  if (!loads || !dashboard) throw new Error("Tableau de bord inaccessible pour le responsable de mesure.");
  return { agencies, loads, dashboard };
}

export type AgencyPageData = Awaited<ReturnType<typeof agencyPageData>>;
