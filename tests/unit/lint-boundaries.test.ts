/**
 * The layer rule of the README's architecture, as `npm run lint` enforces it (eslint.config.mjs with the local rule
 * scripts/lint/client-boundary.mjs): each forbidden import, or a clock read in src/domain, is reported; each allowed
 * one is not. Source texts are linted under a path of the layer they pretend to belong to; only the boundary rules run.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({
  cwd: process.cwd(),
  // Type information is not needed for import rules, and the pretend files do not exist on disk.
  overrideConfig: { files: ["**/*.{ts,tsx}"], languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ["no-restricted-imports", "no-restricted-syntax", "modalis/client-boundary"].includes(ruleId),
});

async function reported(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  expect(result!.messages.filter((message) => message.fatal)).toEqual([]);
  return result!.messages.map((message) => message.ruleId ?? "parse error");
}

describe("layer rule", () => {
  it("src/domain imports nothing of ours but itself, and no framework, database or I/O", async () => {
    expect(await reported("src/domain/example.ts", `import { addDays } from "./dates";\nimport { z } from "zod";\n`)).toEqual([]);
    expect(await reported("src/domain/example.ts", `import { MODALITIES } from "@/domain/modalities";\n`)).toEqual([]);
    for (const source of [
      "@/server/db",
      "@/lib/format",
      "@/server/use-cases/transactions",
      "../lib/format",
      "next/headers",
      "react",
      "@prisma/client",
      "node:fs",
    ]) {
      expect(await reported("src/domain/example.ts", `import x from "${source}";\nexport default x;\n`), source).toEqual(["no-restricted-imports"]);
    }
  });

  it("src/domain has no clock", async () => {
    expect(await reported("src/domain/example.ts", `export const today = () => new Date();\n`)).toEqual(["no-restricted-syntax"]);
    expect(await reported("src/domain/example.ts", `export const now = () => Date.now();\n`)).toEqual(["no-restricted-syntax"]);
    expect(await reported("src/domain/example.ts", `export const at = (iso: string) => new Date(iso);\n`)).toEqual([]);
    expect(await reported("src/server/example.ts", `export const now = () => Date.now();\n`)).toEqual([]);
  });

  it("src/app never imports the database", async () => {
    for (const source of ["@/server/db", "@/server/db/connection", "@/generated/prisma/enums", "@prisma/client", "pg", "../../server/db"]) {
      expect(await reported("src/app/agence/page.tsx", `import type x from "${source}";\nexport type X = x;\n`), source).toEqual(["no-restricted-imports"]);
    }
    expect(
      await reported("src/app/agence/page.tsx", `import { dashboardView } from "@/server/queries/dashboard";\nimport { MODALITIES } from "@/domain";\n`),
    ).toEqual([]);
  });

  it("pages never call use cases nor act as someone else", async () => {
    for (const source of ["@/server/use-cases/appointments", "@/server/use-cases/kit", "@/server/context"]) {
      expect(await reported("src/app/agence/page.tsx", `import { x } from "${source}";\nexport { x };\n`), source).toEqual(["no-restricted-imports"]);
    }
    expect(await reported("src/app/agence/page.tsx", `import type { MoveResult } from "@/server/use-cases/rebalance";\nexport type X = MoveResult;\n`)).toEqual(
      [],
    );
    expect(
      await reported("src/app/agence/page.tsx", `import { moveSeekersAction } from "@/server/actions/rebalance";\nexport { moveSeekersAction };\n`),
    ).toEqual([]);
  });

  it("queries never import use cases or actions", async () => {
    for (const source of ["@/server/use-cases/transactions", "@/server/use-cases/agency-settings.schema", "@/server/actions/rebalance"]) {
      expect(await reported("src/server/queries/example.ts", `import { x } from "${source}";\nexport { x };\n`), source).toEqual(["no-restricted-imports"]);
    }
    expect(await reported("src/server/queries/example.ts", `import { prisma } from "@/server/db";\nimport { reviewProgress } from "@/domain";\n`)).toEqual([]);
  });

  it("a client component reaches src/server only through server actions or types", async () => {
    const client = (imports: string) => `"use client";\n${imports}\n`;
    const path = "src/app/conseiller/Example.tsx";
    expect(await reported(path, client(`import { cancelAppointmentAction } from "@/server/actions/appointments";`))).toEqual([]);
    expect(await reported(path, client(`import type { ActionResult } from "@/server/auth/guard";`))).toEqual([]);
    expect(await reported(path, client(`import { type ActionResult } from "@/server/auth/guard";`))).toEqual([]);
    expect(await reported(path, client(`import { caseload } from "@/server/queries/caseload";`))).toEqual(["modalis/client-boundary"]);
    expect(await reported(path, client(`import { authorizedAction, type ActionResult } from "@/server/auth/guard";`))).toEqual(["modalis/client-boundary"]);
    expect(await reported(path, client(`export { recordAudit } from "@/server/audit";`))).toEqual(["modalis/client-boundary"]);
    expect(await reported(path, client(`import "server-only";`))).toEqual(["modalis/client-boundary"]);
    // A server component may import any server module.
    expect(await reported(path, `import { authorizedAction } from "@/server/auth/guard";\nexport { authorizedAction };\n`)).toEqual([]);
  });
});
