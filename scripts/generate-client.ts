/**
 * `prisma generate`, offline. Generation needs no schema engine, but the Prisma 7 CLI still tries to
 * download one before it starts unless PRISMA_SCHEMA_ENGINE_BINARY names an executable; any will do,
 * since generate never runs it (migrations go through prisma/migrations and src/server/db/migrations.ts).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const standIn = ["/usr/bin/true", "/bin/true"].find((candidate) => existsSync(candidate));
const environment: Record<string, string | undefined> = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!environment.PRISMA_SCHEMA_ENGINE_BINARY && standIn) environment.PRISMA_SCHEMA_ENGINE_BINARY = standIn;

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
execFileSync(process.execPath, [prismaCli, "generate"], { stdio: "inherit", env: environment as NodeJS.ProcessEnv });
