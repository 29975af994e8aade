/**
 * The SQL the product actually sends: a Prisma client with query events installed as the app database while a
 * page's data function runs, then each captured statement explained with EXPLAIN (ANALYZE, BUFFERS) on the same
 * database with the same parameters.
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import type { Database } from "@/server/db/connection";
import { installAsAppDatabase } from "./app";

export type CapturedQuery = { sql: string; params: unknown[]; ms: number };

/** Runs `work` with a logging Prisma client as the app database; returns the statements it sent, in order. */
export async function captureQueries(url: string, work: () => Promise<unknown>): Promise<{ queries: CapturedQuery[]; totalMs: number }> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }), log: [{ emit: "event", level: "query" }] });
  const queries: CapturedQuery[] = [];
  prisma.$on("query", (event) => {
    let params: unknown[] = [];
    try {
      params = JSON.parse(event.params) as unknown[];
    } catch {
      params = [];
    }
    queries.push({ sql: event.query, params, ms: Number(event.duration) });
  });
  const db: Database = {
    engine: "postgres",
    prisma,
    execScript: async () => {
      throw new Error("non disponible");
    },
    close: () => prisma.$disconnect(),
  };
  installAsAppDatabase(db);
  try {
    await work(); // warm-up (connections, plan caches)
    queries.length = 0;
    const started = performance.now();
    await work();
    return { queries: [...queries], totalMs: performance.now() - started };
  } finally {
    await prisma.$disconnect();
  }
}

export type ExplainedQuery = {
  label: string;
  sql: string;
  params: unknown[];
  plan: string;
  executionMs: number | null;
  /** Sequential scans of the large tables (seekers, appointments, assignments, diagnostics, audit). */
  fullScans: string[];
};

const LARGE_TABLES = ["Seeker", "Appointment", "Assignment", "Diagnostic", "AuditEvent", "SocialTandem"];

function shorten(value: unknown): unknown {
  return Array.isArray(value) && value.length > 6 ? [...value.slice(0, 3), `… ${value.length} valeurs`] : value;
}

/** EXPLAIN (ANALYZE, BUFFERS) of each statement; the parameters are the ones Prisma sent. */
export async function explainAll(url: string, queries: { label: string; sql: string; params: unknown[] }[]): Promise<ExplainedQuery[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const explained: ExplainedQuery[] = [];
    for (const query of queries) {
      let plan: string;
      try {
        const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.params);
        plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      } catch (error) {
        plan = `(EXPLAIN impossible : ${error instanceof Error ? error.message : String(error)})`;
      }
      const execution = /Execution Time: ([\d.]+) ms/.exec(plan);
      const fullScans = LARGE_TABLES.filter((table) => new RegExp(`Seq Scan on "?${table}"?\\b`).test(plan));
      explained.push({
        label: query.label,
        sql: query.sql,
        params: query.params.map(shorten),
        plan,
        executionMs: execution ? Number(execution[1]) : null,
        fullScans,
      });
    }
    return explained;
  } finally {
    await client.end();
  }
}
