/**
 * The joint diagnostics to act on for the caseload, /agence/bilans and the seeker's file (issue 20,
 * docs/rules.md#joint-diagnostic), each within the actor's scope; the rows themselves are read by
 * joint-diagnostic-rows.ts.
 */
import { localDateOf, timeZoneOf } from "@/domain";
import { readPrisma } from "@/server/db";
import { hasPermission, SEEKER_SCOPES, type Actor } from "@/server/auth/policy";
import { openAgency } from "./agency-context";
import { jointDiagnosticRows, listedJointDiagnostics, type JointDiagnosticRow } from "./joint-diagnostic-rows";

export {
  JOINT_DIAGNOSTIC_LISTED,
  jointDiagnosticRows,
  listedJointDiagnostics,
  type JointDiagnosticFilter,
  type JointDiagnosticReader,
  type JointDiagnosticRow,
} from "./joint-diagnostic-rows";

/** The caseload's joint diagnostics to act on: the advisor's own portfolios (docs/rules.md#joint-diagnostic). */
export async function caseloadJointDiagnostics(
  actor: Actor,
  now: Date = new Date(),
): Promise<{ rows: JointDiagnosticRow[]; timeZone: string; agencyId: string } | null> {
  if (!hasPermission(actor, "caseload:read") || !actor.agencyId) return null;
  const db = await readPrisma();
  const agency = await db.agency.findUnique({ where: { id: actor.agencyId }, select: { id: true, departement: true } });
  if (!agency) return null;
  const timeZone = timeZoneOf(agency.departement);
  const rows = await jointDiagnosticRows(db, { agencyId: agency.id, advisorId: actor.id }, localDateOf(now.toISOString(), timeZone), timeZone);
  return { rows: listedJointDiagnostics(rows), timeZone, agencyId: agency.id };
}

/** The agency's joint diagnostics to act on, for its manager or an administrator (/agence/bilans). */
export async function agencyJointDiagnostics(
  actor: Actor,
  agencyId: string,
  now: Date = new Date(),
): Promise<{ rows: JointDiagnosticRow[]; timeZone: string } | null> {
  const db = await readPrisma();
  const agency = await openAgency(db, actor, agencyId, now);
  if (!agency) return null;
  const rows = await jointDiagnosticRows(db, { agencyId: agency.id }, agency.today, agency.timeZone);
  return { rows: listedJointDiagnostics(rows), timeZone: agency.timeZone };
}

/** One seeker's joint diagnostic, for staff who see the file; null outside their scope or without a portfolio. */
export async function seekerJointDiagnostic(
  actor: Actor,
  seekerId: string,
  now: Date = new Date(),
): Promise<(JointDiagnosticRow & { timeZone: string; agencyId: string }) | null> {
  if (actor.role === "SEEKER" || actor.role === "SOCIAL_WORKER") return null;
  const db = await readPrisma();
  const seeker = await db.seeker.findFirst({
    where: { AND: [SEEKER_SCOPES.visible(actor), { id: seekerId }] },
    select: { agencyId: true, agency: { select: { departement: true } } },
  });
  if (!seeker) return null;
  const timeZone = timeZoneOf(seeker.agency.departement);
  const [row] = await jointDiagnosticRows(db, { agencyId: seeker.agencyId, seekerIds: [seekerId] }, localDateOf(now.toISOString(), timeZone), timeZone);
  return row ? { ...row, timeZone, agencyId: seeker.agencyId } : null;
}
