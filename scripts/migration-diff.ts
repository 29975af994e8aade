/**
 * Prints the SQL that takes the database from the committed migrations to prisma/schema.prisma,
 * using Prisma's WebAssembly schema engine over an in-memory PGlite — no native engine download needed.
 * Usage: npx tsx scripts/migration-diff.ts > prisma/migrations/<timestamp>_<name>/migration.sql
 * Hand-written SQL the schema cannot express (exclusion constraint, triggers) is appended to migrations by hand.
 */
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { createRequire } from "node:module";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { listMigrations } from "../src/server/db/migrations";

/** The package expects a bundler to load its .wasm; Node needs it instantiated by hand. */
async function loadSchemaEngine() {
  const wasmPath = createRequire(import.meta.url)
    .resolve("@prisma/schema-engine-wasm/schema_engine_bg")
    .replace(/\.js$/, ".wasm");
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
    "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings.SchemaEngine;
}

async function main() {
  const SchemaEngine = await loadSchemaEngine();
  const schema = readFileSync("prisma/schema.prisma", "utf8");
  const url = process.env.DIFF_DATABASE_URL;
  const factory = url ? new PrismaPg({ connectionString: url }) : new PrismaPGlite(new PGlite({ extensions: { btree_gist } }));
  // The engine expects the error-capturing wrapper the Prisma CLI puts around adapters.
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapter);
  const migrations = listMigrations();
  const from =
    migrations.length === 0
      ? ({ tag: "empty" } as const)
      : ({
          tag: "migrations",
          baseDir: "prisma/migrations",
          lockfile: { path: "migration_lock.toml", content: 'provider = "postgresql"\n' },
          shadowDbInitScript: "",
          migrationDirectories: migrations.map((m) => ({
            path: m.name,
            migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
          })),
        } as const);
  const result = await engine.diff({
    from: from as never,
    to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] } as never,
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] } as never,
  });
  process.stdout.write(String(result.stdout ?? ""));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
