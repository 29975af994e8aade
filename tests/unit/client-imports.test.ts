/**
 * What a client component ("use client") carries into the browser, read from the source tree (bench measure 5, the
 * first-load JavaScript of /conseiller). The "@/domain" barrel re-exports src/domain/diagnostic.ts, whose top-level zod
 * schema cannot be tree-shaken: a client import reaching the barrel, even for one label, ships zod (~37 kB gzip).
 * src/app/error.tsx is a client component on every page, so a barrel import in AppShell's chain (src/lib/labels.ts)
 * put zod on every page. Client code imports a domain module by its own path; only the diagnostic form, which runs
 * `diagnose` in the browser, and the 2025 orientation form, which runs `orient2025`, may reach zod.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

const CLIENT_FILES = filesUnder("src")
  .filter((file) => /\.tsx?$/.test(file))
  .filter((file) => /^\s*["']use client["']/.test(readFileSync(file, "utf8")));

/** Client files allowed to reach zod, with why. */
const MAY_REACH_ZOD = new Map([
  [
    path.join("src", "app", "conseiller", "diagnostic", "[id]", "DiagnosticForm.tsx"),
    "runs diagnose() (which throws the schema's ZodError) for the live proposal",
  ],
  [
    path.join("src", "app", "conseiller", "diagnostic", "[id]", "Orientation2025Form.tsx"),
    "runs orient2025() (the 2025 rules, on the diagnostic's zod schema) for the live proposal, as the diagnostic form",
  ],
  [
    path.join("src", "components", "seeker-file", "ContractEditor.tsx"),
    "checks the plan d'action with the server's own schema (contractPlanSchema) before sending, on the seeker's file only",
  ],
]);

/** The specifiers of the value imports and re-exports of a file (`import type` / all-`type` clauses skipped). */
export function valueImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s+([^;]*?)\s+from\s+["']([^"']+)["']/g)) {
    const clause = match[1]!.trim();
    if (/^type\s/.test(clause)) continue;
    const named = /^\{([^}]*)\}$/.exec(clause);
    if (named) {
      const names = named[1]!
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean);
      if (names.length > 0 && names.every((name) => name.startsWith("type "))) continue;
    }
    specifiers.push(match[2]!);
  }
  for (const match of source.matchAll(/(?:^|\n)\s*import\s+["']([^"']+)["']/g)) specifiers.push(match[1]!);
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join("src", specifier.slice(2)) : path.join(path.dirname(from), specifier);
  for (const suffix of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) {
    const candidate = base + suffix;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The import chains from `start` to the package `target` (server actions end a chain: the browser gets a reference). */
function chainsTo(start: string, target: string): string[] {
  const chains: string[] = [];
  const seen = new Set<string>();
  const queue: string[][] = [[start]];
  while (queue.length > 0) {
    const chain = queue.shift()!;
    const file = chain[chain.length - 1]!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of valueImports(readFileSync(file, "utf8"))) {
      if (!specifier.startsWith(".") && !specifier.startsWith("@/")) {
        if (specifier === target || specifier.startsWith(`${target}/`)) chains.push([...chain, specifier].join(" → "));
        continue;
      }
      const next = resolveLocal(file, specifier);
      if (next === null || /^\s*["']use server["']/.test(readFileSync(next, "utf8"))) continue;
      queue.push([...chain, next]);
    }
  }
  return chains;
}

describe("client components' imports", () => {
  it("finds the client components, AppShell's chain among them", () => {
    expect(CLIENT_FILES.length).toBeGreaterThan(20);
    expect(CLIENT_FILES).toContain(path.join("src", "app", "error.tsx"));
    expect(chainsTo(path.join("src", "app", "error.tsx"), "next")).not.toEqual([]);
  });

  it("reads value imports, not type-only ones", () => {
    const source = [
      'import type { A } from "a";',
      'import { type B } from "b";',
      'import { C, type D } from "c";',
      'export { E } from "e";',
      'import "f";',
    ].join("\n");
    expect(valueImports(source)).toEqual(["c", "e", "f"]);
  });

  it("no client component reaches zod, except the diagnostic forms", () => {
    const offending = CLIENT_FILES.filter((file) => !MAY_REACH_ZOD.has(file)).flatMap((file) => chainsTo(file, "zod"));
    expect(offending).toEqual([]);
  });

  it("the check sees a chain through the domain barrel", () => {
    expect(chainsTo(path.join("src", "app", "conseiller", "diagnostic", "[id]", "DiagnosticForm.tsx"), "zod")).not.toEqual([]);
  });
});
