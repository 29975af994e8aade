/**
 * Bulk writer: inserts generated rows with one `INSERT … SELECT * FROM unnest($1::uuid[], $2::text[], …)` per
 * batch — one round trip and one parameter per column, whatever the number of rows. Works through both driver
 * adapters (PGlite and pg); every array is sent as a plain JS array of strings, numbers, booleans or nulls.
 */
import type { Dataset } from "./rows";
import { parseTextList } from "./text-list";

/** What the writer needs from a Prisma client or an interactive transaction. */
interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

type Cell = string | number | boolean | null;
type Rows<K extends keyof Dataset> = Dataset[K][number];

/**
 * The PostgreSQL type of every column, by name: a name means the same thing, with the same type, in every table
 * (`Table.column` where it does not). A quoted type is one of the schema's enums. Instants (`timestamptz`) are epoch
 * milliseconds in the rows and are sent as ISO strings.
 */
const COLUMN_TYPES = new Map(
  parseTextList(
    `
    uuid: id agencyId userId advisorId seekerId authorId portfolioId actorId socialWorkerId replacesId,
    text: inseeCode code name departement address email firstName lastName passwordHash phone office franceTravailId commune postalCode
      rulesetVersion workAxis overrideJustification note action subjectType subjectId,
    boolean: globalPartnership webOnly proposedWebOnly smsConsent optionalMessagesOptOut,
    int4: cap professionalScore agreedRhythmMonths,
    date: birthDate registrationDate occurredOn,
    jsonb: answers reasons metadata,
    timestamptz: createdAt startedAt startsAt endsAt outcomeAt smsConsentAt,
    "Role": role actorRole,
    "Modality": modality proposedModality decidedModality,
    "SeekerCategory": category,
    "SeekerStatus": Seeker.status,
    "AssignmentReason": reason,
    "AppointmentKind": kind,
    "Channel": channel,
    "AppointmentStatus": Appointment.status,
    "LifeEventKind": SeekerLifeEvent.kind
    `,
    /^(\S+): ([\s\S]+)$/,
    ([, type = "", columns = ""]) => columns.split(/\s+/).map((column) => [column, type] as const),
  ).flat(),
);

/** The words of a space-separated list, as a union of string types. */
type Words<S extends string> = S extends `${infer Word} ${infer Rest}` ? Word | Words<Rest> : S;

/** `S` when it names every field of `Row` and nothing else; otherwise a type that says which column is wrong. */
type ColumnList<Row, S extends string> = [Exclude<Words<S>, keyof Row>] extends [never]
  ? [Exclude<keyof Row, Words<S>>] extends [never]
    ? S
    : `missing column: ${Exclude<keyof Row, Words<S>> & string}`
  : `unknown column: ${Exclude<Words<S>, keyof Row> & string}`;

/** Each table of a data set and its columns, in foreign-key order: the order rows are inserted in. */
const TABLES = {
  agencies: ["Agency", "id code name departement address phone globalPartnership createdAt"],
  agencyCommunes: ["AgencyCommune", "inseeCode postalCode name agencyId"],
  users: ["User", "id email firstName lastName role passwordHash agencyId createdAt"],
  advisorProfiles: ["AdvisorProfile", "id userId agencyId phone office"],
  portfolios: ["Portfolio", "id agencyId advisorId modality cap createdAt"],
  seekers: [
    "Seeker",
    "id agencyId userId franceTravailId firstName lastName birthDate email phone commune postalCode registrationDate category status modality webOnly agreedRhythmMonths portfolioId smsConsent smsConsentAt optionalMessagesOptOut createdAt",
  ],
  diagnostics: [
    "Diagnostic",
    "id agencyId seekerId authorId rulesetVersion answers proposedModality proposedWebOnly professionalScore workAxis reasons decidedModality webOnly overrideJustification agreedRhythmMonths createdAt",
  ],
  assignments: ["Assignment", "id agencyId seekerId portfolioId modality reason note actorId startedAt"],
  socialTandems: ["SocialTandem", "id agencyId seekerId socialWorkerId startedAt"],
  appointments: ["Appointment", "id agencyId seekerId advisorId socialWorkerId kind channel startsAt endsAt status replacesId outcomeAt createdAt"],
  auditEvents: ["AuditEvent", "id agencyId actorId actorRole action subjectType subjectId seekerId metadata createdAt"],
  lifeEvents: ["SeekerLifeEvent", "id agencyId seekerId kind occurredOn createdAt"],
} as const;
// The compiler checks every column list against its row type.
TABLES satisfies { [K in keyof Dataset]: readonly [string, ColumnList<Rows<K>, (typeof TABLES)[K][1]>] };

interface Column {
  name: string;
  /** PostgreSQL type of a value (the parameter is an array of them). */
  type: string;
}

interface TableSpec {
  table: string;
  columns: Column[];
}

function tableSpec([table, columnList]: readonly [string, string]): TableSpec {
  const columns = columnList.split(" ").map((name) => {
    const type = COLUMN_TYPES.get(`${table}.${name}`) ?? COLUMN_TYPES.get(name);
    if (type === undefined) throw new Error(`Type inconnu pour la colonne ${table}.${name}.`);
    return { name, type };
  });
  return { table, columns };
}

/** Tables whose rows already present (same primary key) are kept, the new ones skipped. */
const IGNORE_CONFLICTS = new Set(["AgencyCommune"]);

const INSERT_ORDER = Object.keys(TABLES) as (keyof Dataset)[];
const SPECS = Object.fromEntries(INSERT_ORDER.map((key) => [key, tableSpec(TABLES[key])])) as Record<keyof Dataset, TableSpec>;

const DEFAULT_BATCH_SIZE = 10_000;

/** A column's value in a row, as the driver sends it. */
function cell(row: object, column: Column): Cell {
  const value = (row as Record<string, Cell>)[column.name] ?? null;
  return column.type === "timestamptz" && value !== null ? new Date(value as number).toISOString() : value;
}

function insertSql(tableSpec: TableSpec): string {
  const columns = tableSpec.columns.map((c) => `"${c.name}"`).join(", ");
  // Enum arrays travel as text[] and are cast by PostgreSQL: PGlite's adapter does not serialise a JS array
  // for a parameter it sees typed as an enum array.
  const params = tableSpec.columns.map((c, i) => (c.type.startsWith('"') ? `$${i + 1}::text[]::${c.type}[]` : `$${i + 1}::${c.type}[]`)).join(", ");
  // A commune belongs to one agency: a bulk agency repeating a place (« Caen Nord 2 ») leaves it to the first.
  const onConflict = IGNORE_CONFLICTS.has(tableSpec.table) ? " ON CONFLICT DO NOTHING" : "";
  return `INSERT INTO "${tableSpec.table}" (${columns}) SELECT * FROM unnest(${params})${onConflict}`;
}

/** Inserts `rows` into one table in batches; returns the number of rows written. */
async function insertRows(
  db: RawExecutor,
  tableSpec: TableSpec,
  rows: readonly object[],
  options: { batchSize?: number; onBatch?: (written: number) => void },
): Promise<number> {
  const sql = insertSql(tableSpec);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let written = 0;
  for (let offset = 0; offset < rows.length; offset += batchSize) {
    const batch = rows.slice(offset, offset + batchSize);
    const arrays = tableSpec.columns.map((column) => batch.map((row) => cell(row, column)));
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
  for (const key of INSERT_ORDER) written += await insertRows(db, SPECS[key], dataset[key], options);
  return written;
}
