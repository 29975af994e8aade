/**
 * A process that imports a confirmed registration import and stops inside its transaction, after every write and
 * before the commit, for tests/integration/registration-import-kill.test.ts to kill it there with kill -9:
 *
 *     node --import tsx --conditions=react-server tests/support/registration-import-child.ts
 *
 * Environment: IMPORT_CHILD_DATABASE (the DatabaseOptions, JSON: PostgreSQL, or the embedded directory served by the
 * test process), IMPORT_CHILD_ID (the import). Prints « dans la transaction » once every row is written.
 */
import type { DatabaseOptions } from "@/server/db/connection";
import { openDatabase } from "@/server/db/connection";
import { runRegistrationImport } from "@/server/imports/pipeline";

const options = JSON.parse(process.env.IMPORT_CHILD_DATABASE ?? "null") as DatabaseOptions;
const db = await openDatabase(options.engine === "pglite" ? { ...options, serve: false, command: "test (import tué)" } : options);
await runRegistrationImport(db.prisma, process.env.IMPORT_CHILD_ID ?? "", {
  transfer: async () => undefined,
  beforeCommit: async () => {
    console.log("dans la transaction");
    // Waits for the kill, its transaction open.
    await new Promise(() => undefined);
  },
});
