/**
 * The layers of the README's « Architecture », read from the source tree (issue 14): a query only reads — it writes nothing, not even the
 * journal of a read (the page or route does, through `journaledRead`) — and neither a query nor a page calls a use
 * case. Adding a file that breaks a rule fails here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

const QUERIES = filesUnder("src/server/queries").filter((file) => file.endsWith(".ts"));
const PAGES = filesUnder("src/app").filter((file) => path.basename(file) === "page.tsx");

/** Prisma's writing calls, raw writes, and the two ways of appending to the journal. */
const WRITES = /\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\(|\$executeRaw|auditRow\(|recordAudit\(/;
const USE_CASE_IMPORT = /from "@\/server\/use-cases\//;

/** A page still calling a use case, waiting for its read to become a query (reported in issue 14). */
const PAGES_WAITING = new Set([path.join("src", "app", "agence", "equilibrer", "page.tsx")]);

describe("layers", () => {
  it("finds the queries and the pages", () => {
    expect(QUERIES.length).toBeGreaterThan(10);
    expect(PAGES.length).toBeGreaterThan(10);
  });

  it("a query writes nothing", () => {
    expect(QUERIES.filter((file) => WRITES.test(readFileSync(file, "utf8")))).toEqual([]);
  });

  it("a query imports no use case", () => {
    expect(QUERIES.filter((file) => USE_CASE_IMPORT.test(readFileSync(file, "utf8")))).toEqual([]);
  });

  it("a page imports no use case", () => {
    const offending = PAGES.filter((file) => USE_CASE_IMPORT.test(readFileSync(file, "utf8")));
    expect(offending.filter((file) => !PAGES_WAITING.has(file))).toEqual([]);
  });
});
