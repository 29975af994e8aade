/**
 * Sharding on paper (issue 19, docs/sharding.md): reads the migrated database's catalog and checks that the plan for
 * distributing Modalis by `agencyId` with Citus still describes the schema.
 *
 * - Every table of the public schema is placed: distributed by `agencyId`, a reference table, or kept on the
 *   coordinator. A new table fails here until someone decides where it goes (and says so in docs/sharding.md).
 * - Every table with an `agencyId` column, and every distributed table, has `agencyId` (NOT NULL) in its primary key
 *   or in a unique key, as a distributed table needs — or is listed in EXCEPTIONS with the reason. An exception that
 *   no longer applies (the table is gone, or now complies) fails too.
 * - Citus's own rule is stricter (every primary key, unique key and exclusion constraint of a distributed table must
 *   contain the distribution column): each key of a distributed table that lacks `agencyId` is listed in KEY_CHANGES
 *   with what the move to Citus does with it (docs/sharding.md#keys-to-change). Unlisted or stale keys fail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";

type Placement =
  /** Hash-distributed by `agencyId`, co-located with the other agency tables. */
  | { kind: "distributed" }
  /** One shard replicated to every worker: small, read by every agency, rarely written. */
  | { kind: "reference"; why: string }
  /** A plain table of the coordinator (a Citus local table): global lookups, staging, bookkeeping. */
  | { kind: "coordinator"; why: string };

const distributed: Placement = { kind: "distributed" };

/** Where each table of the public schema goes (docs/sharding.md#tables). */
const PLACEMENT: Record<string, Placement> = {
  Agency: { kind: "reference", why: "the tenants themselves (≈ 900 rows): joined by every agency query, written by managers' settings" },
  AgencyCommune: { kind: "reference", why: "the national territory map (≈ 39 000 rows), read by postal code to route a registrant to an agency" },
  User: { kind: "reference", why: "sign-in by e-mail before any agency is known; a national unique e-mail; every shard names advisors" },
  UserSession: { kind: "coordinator", why: "found by the session token's id alone on every request; no agency in the token" },
  LoginCounter: { kind: "coordinator", why: "throttling by address and account, before any agency is known" },
  KnownLoginAddress: { kind: "coordinator", why: "keyed by account and address, read at sign-in" },
  RegistrationImport: { kind: "coordinator", why: "an administrator's national file has no agency; the import routes its rows to agencies" },
  RegistrationImportChunk: { kind: "coordinator", why: "the uploaded file of an import, deleted after its preview" },
  RegistrationImportRow: { kind: "coordinator", why: "the preview of an import's rows, before they are routed (refused rows have no agency)" },
  _prisma_migrations: { kind: "coordinator", why: "the migration journal" },
  AdvisorProfile: distributed,
  Portfolio: distributed,
  Seeker: distributed,
  Diagnostic: distributed,
  Assignment: distributed,
  PlacementRequest: distributed,
  SocialTandem: distributed,
  Appointment: distributed,
  AppointmentRequest: distributed,
  AuditEvent: distributed,
  SeekerLifeEvent: distributed,
  TandemNote: distributed,
  OutboxMessage: distributed,
  TriageCampaign: distributed,
  TriageCampaignFile: distributed,
  AgencyClosure: distributed,
  ConversationMessage: distributed,
  ConversationReader: distributed,
  Orientation: distributed,
  DepartementDecision: distributed,
  EngagementContract: distributed,
  Breach: distributed,
  BreachEvent: distributed,
};

const PK_ID = "primary key (id) alone: Modalis keeps single-column uuid keys until the move (docs/sharding.md#why-no-migration-now)";

/**
 * Tables with an `agencyId` column (or distributed) that have no primary key or unique key containing a NOT NULL
 * `agencyId`, and why (docs/sharding.md#exceptions).
 */
const EXCEPTIONS: Record<string, string> = {
  AgencyCommune: "reference table: agencyId is the value looked up (which agency serves a commune), not an owner",
  User: "reference table: staff and seekers' accounts; agencyId is null for administrators and the seeker's agency is the Seeker row's",
  RegistrationImport: "coordinator table: agencyId is null for an administrator's multi-agency file",
  RegistrationImportRow: "coordinator table: agencyId is where the preview routes the row (null when refused), not an owner",
  AuditEvent: "agencyId is null for sign-ins and administrators' acts: the move gives them a national pseudo-agency; " + PK_ID,
  ConversationReader: "no agencyId column yet: the move adds the conversation's agency (its messages' agency) to the key",
  AdvisorProfile: PK_ID,
  Portfolio: PK_ID,
  Seeker: PK_ID,
  Diagnostic: PK_ID,
  Assignment: PK_ID,
  PlacementRequest: PK_ID,
  SocialTandem: PK_ID,
  Appointment: PK_ID,
  AppointmentRequest: PK_ID,
  SeekerLifeEvent: PK_ID,
  TandemNote: PK_ID,
  OutboxMessage: PK_ID,
  TriageCampaign: PK_ID,
  TriageCampaignFile: PK_ID,
  ConversationMessage: PK_ID,
  Orientation: PK_ID,
  DepartementDecision: PK_ID,
  EngagementContract: PK_ID,
  Breach: PK_ID,
  BreachEvent: PK_ID,
};

const TO_AGENCY_ID = "becomes (agencyId, id); foreign keys to it become (agencyId, …) → (agencyId, id)";

/**
 * Every primary key, unique key (partial ones included) and exclusion constraint of a distributed table that lacks
 * `agencyId`, and what the move to Citus does with it (docs/sharding.md#keys-to-change).
 */
const KEY_CHANGES: Record<string, Record<string, string>> = {
  AdvisorProfile: {
    AdvisorProfile_pkey: TO_AGENCY_ID,
    AdvisorProfile_userId_key: "becomes (agencyId, userId): a user works in one agency",
  },
  Portfolio: {
    Portfolio_pkey: TO_AGENCY_ID,
    Portfolio_advisorId_modality_key: "becomes (agencyId, advisorId, modality): the same rule, an advisor works in one agency",
  },
  Seeker: {
    Seeker_pkey: TO_AGENCY_ID,
    Seeker_franceTravailId_key: "national: moves to SeekerIdentity (distributed by franceTravailId), written in the same 2PC transaction",
    Seeker_userId_key: "national (a seeker's account): moves to SeekerIdentity, found by userId",
    Seeker_calendarFeedToken_key: "national (the feed URL carries no agency): moves to SeekerIdentity, or the token names the agency",
  },
  Diagnostic: { Diagnostic_pkey: TO_AGENCY_ID },
  Assignment: {
    Assignment_pkey: TO_AGENCY_ID,
    Assignment_one_open_per_seeker: "becomes (agencyId, seekerId) WHERE endedAt IS NULL: a transfer ends the open row in the old agency first",
  },
  PlacementRequest: {
    PlacementRequest_pkey: TO_AGENCY_ID,
    PlacementRequest_one_pending_per_seeker: "becomes (agencyId, seekerId) WHERE PENDING: a transfer cancels the pending request first",
  },
  SocialTandem: { SocialTandem_pkey: TO_AGENCY_ID },
  Appointment: {
    Appointment_pkey: TO_AGENCY_ID,
    Appointment_replacesId_key: "becomes (agencyId, replacesId): a moved appointment stays in its agency",
    Appointment_advisor_no_overlap: "gains agencyId WITH =: an advisor's appointments are all in the advisor's agency",
    Appointment_one_scheduled_joint_diagnostic:
      "becomes (agencyId, seekerId) WHERE JOINT_DIAGNOSTIC and SCHEDULED: a transfer cancels the future appointments first",
  },
  AppointmentRequest: {
    AppointmentRequest_pkey: TO_AGENCY_ID,
    AppointmentRequest_one_open_per_appointment: "becomes (agencyId, appointmentId) WHERE open: same agency as its appointment",
  },
  AuditEvent: { AuditEvent_pkey: TO_AGENCY_ID },
  SeekerLifeEvent: { SeekerLifeEvent_pkey: TO_AGENCY_ID },
  TandemNote: { TandemNote_pkey: TO_AGENCY_ID },
  OutboxMessage: {
    OutboxMessage_pkey: TO_AGENCY_ID + "; the job's data carries agencyId so that the worker's reads are routed",
    OutboxMessage_dedupeKey_key: "becomes (agencyId, dedupeKey): every key names an appointment or a seeker of the agency",
  },
  TriageCampaign: { TriageCampaign_pkey: TO_AGENCY_ID },
  TriageCampaignFile: {
    TriageCampaignFile_pkey: TO_AGENCY_ID,
    TriageCampaignFile_campaignId_seekerId_key: "becomes (agencyId, campaignId, seekerId): a campaign is one agency's",
  },
  AgencyClosure: { AgencyClosure_pkey: TO_AGENCY_ID },
  ConversationMessage: { ConversationMessage_pkey: TO_AGENCY_ID },
  ConversationReader: { ConversationReader_pkey: "becomes (agencyId, seekerId, userId) once the column is added" },
  Orientation: { Orientation_pkey: TO_AGENCY_ID },
  DepartementDecision: {
    DepartementDecision_pkey: TO_AGENCY_ID,
    DepartementDecision_orientationId_key: "becomes (agencyId, orientationId): an orientation and its decision are one agency's",
  },
  EngagementContract: {
    EngagementContract_pkey: TO_AGENCY_ID,
    EngagementContract_seekerId_revision_key: "becomes (agencyId, seekerId, revision): a revision stays in the agency that wrote it (history after a transfer)",
  },
  Breach: { Breach_pkey: TO_AGENCY_ID },
  BreachEvent: {
    BreachEvent_pkey: TO_AGENCY_ID,
    BreachEvent_breachId_kind_key: "becomes (agencyId, breachId, kind): a breach and its steps are one agency's (a trigger checks it)",
  },
};

type Key = { table: string; name: string; kind: "primary" | "unique" | "exclusion"; columns: string[] };
type Column = { table: string; column: string; notNull: boolean };

describe("distribution by agencyId (docs/sharding.md)", () => {
  let db: TestDatabase;
  let tables: string[];
  let columns: Column[];
  let keys: Key[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const query = <T>(sql: string) => db.prisma.$queryRawUnsafe<T[]>(sql);
    tables = (
      await query<{ table: string }>(
        `SELECT c.relname::text AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
      )
    ).map((r) => r.table);
    columns = await query<Column>(
      `SELECT c.relname::text AS "table", a.attname::text AS "column", a.attnotnull AS "notNull"
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    // Unique indexes (primary keys, unique constraints, partial unique indexes) by their key columns (not INCLUDE
    // ones; an expression is no column: the exclusion constraint on appointments reads as its advisorId), and exclusion
    // constraints by theirs.
    const rows = await query<{ table: string; name: string; kind: Key["kind"]; columns: string | null }>(
      `SELECT c.relname::text AS "table", i.relname::text AS "name",
              CASE WHEN x.indisprimary THEN 'primary' ELSE 'unique' END AS "kind",
              (SELECT string_agg(a.attname::text, ',' ORDER BY k.n)
                 FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                WHERE k.n <= x.indnkeyatts) AS "columns"
         FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND x.indisunique
       UNION ALL
       SELECT c.relname::text, k.conname::text, 'exclusion',
              (SELECT string_agg(a.attname::text, ',' ORDER BY u.n)
                 FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum)
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND k.contype = 'x'`,
    );
    keys = rows.map((r) => ({ table: r.table, name: r.name, kind: r.kind, columns: r.columns ? r.columns.split(",") : [] }));
  });
  afterAll(async () => {
    await db.dispose();
  });

  const agencyColumn = (table: string) => columns.find((c) => c.table === table && c.column === "agencyId");
  /** Distributed, with a NOT NULL agencyId in its primary key or in a unique key. */
  const complies = (table: string) =>
    PLACEMENT[table]?.kind === "distributed" &&
    agencyColumn(table)?.notNull === true &&
    keys.some((k) => k.table === table && k.kind !== "exclusion" && k.columns.includes("agencyId"));
  const concerned = (table: string) => agencyColumn(table) !== undefined || PLACEMENT[table]?.kind === "distributed";

  it("reads a real catalog (the check cannot pass on an empty one)", () => {
    expect(tables).toEqual(expect.arrayContaining(["Seeker", "Appointment", "Agency", "User"]));
    expect(keys.find((k) => k.name === "Seeker_franceTravailId_key")).toMatchObject({ kind: "unique", columns: ["franceTravailId"] });
    expect(keys.find((k) => k.name === "AgencyClosure_agencyId_day_key")?.columns).toEqual(["agencyId", "day"]);
    expect(keys.find((k) => k.name === "Appointment_advisor_no_overlap")).toMatchObject({ kind: "exclusion", columns: ["advisorId"] });
    expect(keys.find((k) => k.name === "Assignment_one_open_per_seeker")?.columns).toEqual(["seekerId"]);
  });

  it("places every table of the public schema, and only tables that exist", () => {
    const unplaced = tables.filter((t) => !(t in PLACEMENT));
    const gone = Object.keys(PLACEMENT).filter((t) => !tables.includes(t));
    expect({ unplaced, gone }).toEqual({ unplaced: [], gone: [] });
  });

  it("has agencyId in a key of every agency table, or lists the exception with its reason", () => {
    const missing = tables.filter((t) => concerned(t) && !complies(t) && !(t in EXCEPTIONS));
    expect(missing, "agency tables without agencyId in a key: add it, or list the exception (and document it in docs/sharding.md)").toEqual([]);
    for (const reason of Object.values(EXCEPTIONS)) expect(reason.trim().length).toBeGreaterThan(20);
  });

  it("lists no stale exception (a table gone, no longer concerned, or now complying)", () => {
    const stale = Object.keys(EXCEPTIONS).filter((t) => !tables.includes(t) || !concerned(t) || complies(t));
    expect(stale, "remove these from EXCEPTIONS (and from docs/sharding.md)").toEqual([]);
  });

  it("gives every distributed table's key without agencyId its change for Citus, and lists no key that is gone or fixed", () => {
    const withoutAgency = keys.filter((k) => PLACEMENT[k.table]?.kind === "distributed" && !k.columns.includes("agencyId"));
    const unlisted = withoutAgency.filter((k) => KEY_CHANGES[k.table]?.[k.name] === undefined).map((k) => `${k.table}.${k.name}`);
    const stale = Object.entries(KEY_CHANGES).flatMap(([table, changes]) =>
      Object.keys(changes)
        .filter((name) => !withoutAgency.some((k) => k.table === table && k.name === name))
        .map((name) => `${table}.${name}`),
    );
    expect({ unlisted, stale }).toEqual({ unlisted: [], stale: [] });
  });

  it("says why each reference and coordinator table is not distributed, and finds the national keys the plan relies on", () => {
    for (const [table, placement] of Object.entries(PLACEMENT)) {
      if (placement.kind !== "distributed") expect(placement.why.trim().length, table).toBeGreaterThan(20);
    }
    // A reference table is one shard: any unique key holds. The ones the plan relies on exist.
    expect(keys.filter((k) => ["Agency", "User", "AgencyCommune"].includes(k.table)).map((k) => k.name)).toEqual(
      expect.arrayContaining(["Agency_pkey", "Agency_code_key", "User_pkey", "User_email_key", "AgencyCommune_pkey"]),
    );
  });
});
