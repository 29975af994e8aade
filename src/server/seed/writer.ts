/**
 * Bulk writer: inserts generated rows with one `INSERT … SELECT * FROM unnest($1::uuid[], $2::text[], …)` per
 * batch — one round trip and one parameter per column, whatever the number of rows. Works through both driver
 * adapters (PGlite and pg); every array is sent as a plain JS array of strings, numbers, booleans or nulls.
 */
import type { Dataset } from "./rows";

/** What the writer needs from a Prisma client or an interactive transaction. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

type Cell = string | number | boolean | null;

interface Column<Row> {
  name: string;
  /** PostgreSQL array type of the parameter, e.g. `uuid[]`, `"Role"[]`. */
  type: string;
  value: (row: Row) => Cell;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

interface TableSpec<Row> {
  table: string;
  columns: Column<Row>[];
}

type Rows<K extends keyof Dataset> = Dataset[K][number];

function spec<K extends keyof Dataset>(table: string, columns: Column<Rows<K>>[]): TableSpec<Rows<K>> {
  return { table, columns };
}

/** Table specs in foreign-key order. */
const TABLES: { [K in keyof Dataset]: TableSpec<Rows<K>> } = {
  agencies: spec<"agencies">("Agency", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "code", type: "text[]", value: (r) => r.code },
    { name: "name", type: "text[]", value: (r) => r.name },
    { name: "departement", type: "text[]", value: (r) => r.departement },
    { name: "address", type: "text[]", value: (r) => r.address },
    { name: "globalPartnership", type: "boolean[]", value: (r) => r.globalPartnership },
    { name: "createdAt", type: "timestamptz[]", value: (r) => iso(r.createdAt) },
  ]),
  users: spec<"users">("User", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "email", type: "text[]", value: (r) => r.email },
    { name: "firstName", type: "text[]", value: (r) => r.firstName },
    { name: "lastName", type: "text[]", value: (r) => r.lastName },
    { name: "role", type: '"Role"[]', value: (r) => r.role },
    { name: "passwordHash", type: "text[]", value: (r) => r.passwordHash },
    { name: "agencyId", type: "uuid[]", value: (r) => r.agencyId },
    { name: "createdAt", type: "timestamptz[]", value: (r) => iso(r.createdAt) },
  ]),
  advisorProfiles: spec<"advisorProfiles">("AdvisorProfile", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "userId", type: "uuid[]", value: (r) => r.userId },
    { name: "agencyId", type: "uuid[]", value: (r) => r.agencyId },
    { name: "phone", type: "text[]", value: (r) => r.phone },
    { name: "office", type: "text[]", value: (r) => r.office },
  ]),
  portfolios: spec<"portfolios">("Portfolio", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "agencyId", type: "uuid[]", value: (r) => r.agencyId },
    { name: "advisorId", type: "uuid[]", value: (r) => r.advisorId },
    { name: "modality", type: '"Modality"[]', value: (r) => r.modality },
    { name: "cap", type: "int4[]", value: (r) => r.cap },
    { name: "createdAt", type: "timestamptz[]", value: (r) => iso(r.createdAt) },
  ]),
  seekers: spec<"seekers">("Seeker", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "agencyId", type: "uuid[]", value: (r) => r.agencyId },
    { name: "userId", type: "uuid[]", value: (r) => r.userId },
    { name: "franceTravailId", type: "text[]", value: (r) => r.franceTravailId },
    { name: "firstName", type: "text[]", value: (r) => r.firstName },
    { name: "lastName", type: "text[]", value: (r) => r.lastName },
    { name: "birthDate", type: "date[]", value: (r) => r.birthDate },
    { name: "email", type: "text[]", value: (r) => r.email },
    { name: "phone", type: "text[]", value: (r) => r.phone },
    { name: "commune", type: "text[]", value: (r) => r.commune },
    { name: "postalCode", type: "text[]", value: (r) => r.postalCode },
    { name: "registrationDate", type: "date[]", value: (r) => r.registrationDate },
    { name: "category", type: '"SeekerCategory"[]', value: (r) => r.category },
    { name: "status", type: '"SeekerStatus"[]', value: (r) => r.status },
    { name: "modality", type: '"Modality"[]', value: (r) => r.modality },
    { name: "webOnly", type: "boolean[]", value: (r) => r.webOnly },
    { name: "agreedRhythmMonths", type: "int4[]", value: (r) => r.agreedRhythmMonths },
    { name: "portfolioId", type: "uuid[]", value: (r) => r.portfolioId },
    { name: "createdAt", type: "timestamptz[]", value: (r) => iso(r.createdAt) },
  ]),
  diagnostics: spec<"diagnostics">("Diagnostic", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "agencyId", type: "uuid[]", value: (r) => r.agencyId },
    { name: "seekerId", type: "uuid[]", value: (r) => r.seekerId },
    { name: "authorId", type: "uuid[]", value: (r) => r.authorId },
    { name: "rulesetVersion", type: "text[]", value: (r) => r.rulesetVersion },
    { name: "answers", type: "jsonb[]", value: (r) => r.answers },
    { name: "proposedModality", type: '"Modality"[]', value: (r) => r.proposedModality },
    { name: "proposedWebOnly", type: "boolean[]", value: (r) => r.proposedWebOnly },
    { name: "professionalScore", type: "int4[]", value: (r) => r.professionalScore },
    { name: "workAxis", type: "text[]", value: (r) => r.workAxis },
    { name: "reasons", type: "jsonb[]", value: (r) => r.reasons },
    { name: "decidedModality", type: '"Modality"[]', value: (r) => r.decidedModality },
    { name: "webOnly", type: "boolean[]", value: (r) => r.webOnly },
    { name: "overrideJustification", type: "text[]", value: (r) => r.overrideJustification },
    { name: "agreedRhythmMonths", type: "int4[]", value: (r) => r.agreedRhythmMonths },
    { name: "createdAt", type: "timestamptz[]", value: (r) => iso(r.createdAt) },
  ]),
  assignments: spec<"assignments">("Assignment", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "agencyId", type: "uuid[]", value: (r) => r.agencyId },
    { name: "seekerId", type: "uuid[]", value: (r) => r.seekerId },
    { name: "portfolioId", type: "uuid[]", value: (r) => r.portfolioId },
    { name: "modality", type: '"Modality"[]', value: (r) => r.modality },
    { name: "reason", type: '"AssignmentReason"[]', value: (r) => r.reason },
    { name: "note", type: "text[]", value: (r) => r.note },
    { name: "actorId", type: "uuid[]", value: (r) => r.actorId },
    { name: "startedAt", type: "timestamptz[]", value: (r) => iso(r.startedAt) },
  ]),
  socialTandems: spec<"socialTandems">("SocialTandem", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "agencyId", type: "uuid[]", value: (r) => r.agencyId },
    { name: "seekerId", type: "uuid[]", value: (r) => r.seekerId },
    { name: "socialWorkerId", type: "uuid[]", value: (r) => r.socialWorkerId },
    { name: "startedAt", type: "timestamptz[]", value: (r) => iso(r.startedAt) },
  ]),
  appointments: spec<"appointments">("Appointment", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "agencyId", type: "uuid[]", value: (r) => r.agencyId },
    { name: "seekerId", type: "uuid[]", value: (r) => r.seekerId },
    { name: "advisorId", type: "uuid[]", value: (r) => r.advisorId },
    { name: "socialWorkerId", type: "uuid[]", value: (r) => r.socialWorkerId },
    { name: "kind", type: '"AppointmentKind"[]', value: (r) => r.kind },
    { name: "channel", type: '"Channel"[]', value: (r) => r.channel },
    { name: "startsAt", type: "timestamptz[]", value: (r) => iso(r.startsAt) },
    { name: "endsAt", type: "timestamptz[]", value: (r) => iso(r.endsAt) },
    { name: "status", type: '"AppointmentStatus"[]', value: (r) => r.status },
    { name: "replacesId", type: "uuid[]", value: (r) => r.replacesId },
    { name: "outcomeAt", type: "timestamptz[]", value: (r) => isoOrNull(r.outcomeAt) },
    { name: "createdAt", type: "timestamptz[]", value: (r) => iso(r.createdAt) },
  ]),
  auditEvents: spec<"auditEvents">("AuditEvent", [
    { name: "id", type: "uuid[]", value: (r) => r.id },
    { name: "agencyId", type: "uuid[]", value: (r) => r.agencyId },
    { name: "actorId", type: "uuid[]", value: (r) => r.actorId },
    { name: "actorRole", type: '"Role"[]', value: (r) => r.actorRole },
    { name: "action", type: "text[]", value: (r) => r.action },
    { name: "subjectType", type: "text[]", value: (r) => r.subjectType },
    { name: "subjectId", type: "text[]", value: (r) => r.subjectId },
    { name: "seekerId", type: "uuid[]", value: (r) => r.seekerId },
    { name: "metadata", type: "jsonb[]", value: (r) => r.metadata },
    { name: "createdAt", type: "timestamptz[]", value: (r) => iso(r.createdAt) },
  ]),
};

/** Tables in the order rows must be inserted (foreign keys). */
export const INSERT_ORDER: readonly (keyof Dataset)[] = [
  "agencies",
  "users",
  "advisorProfiles",
  "portfolios",
  "seekers",
  "diagnostics",
  "assignments",
  "socialTandems",
  "appointments",
  "auditEvents",
];

export const DEFAULT_BATCH_SIZE = 10_000;

function insertSql(tableSpec: TableSpec<never>): string {
  const columns = tableSpec.columns.map((c) => `"${c.name}"`).join(", ");
  // Enum arrays travel as text[] and are cast by PostgreSQL: PGlite's adapter does not serialise a JS array
  // for a parameter it sees typed as an enum array.
  const params = tableSpec.columns
    .map((c, i) => (c.type.startsWith('"') ? `$${i + 1}::text[]::${c.type}` : `$${i + 1}::${c.type}`))
    .join(", ");
  return `INSERT INTO "${tableSpec.table}" (${columns}) SELECT * FROM unnest(${params})`;
}

/** Inserts `rows` into one table in batches; returns the number of rows written. */
export async function insertRows<K extends keyof Dataset>(
  db: RawExecutor,
  key: K,
  rows: readonly Rows<K>[],
  options: { batchSize?: number; onBatch?: (written: number) => void } = {},
): Promise<number> {
  const tableSpec = TABLES[key] as TableSpec<Rows<K>>;
  const sql = insertSql(tableSpec as TableSpec<never>);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let written = 0;
  for (let offset = 0; offset < rows.length; offset += batchSize) {
    const batch = rows.slice(offset, offset + batchSize);
    const arrays = tableSpec.columns.map((column) => batch.map((row) => column.value(row)));
    written += await db.$executeRawUnsafe(sql, ...arrays);
    options.onBatch?.(batch.length);
  }
  return written;
}

/** Inserts a whole data set, table after table in foreign-key order. */
export async function writeDataset(
  db: RawExecutor,
  dataset: Dataset,
  options: { batchSize?: number; onBatch?: (written: number) => void } = {},
): Promise<number> {
  let written = 0;
  for (const key of INSERT_ORDER) written += await insertRows(db, key, dataset[key] as never, options);
  return written;
}
