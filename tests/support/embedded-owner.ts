/**
 * A process that owns an embedded data directory, as `npm start` does, for the multi-process tests:
 *   tsx tests/support/embedded-owner.ts <dataDir> [--write]
 * Prints « prêt » once it serves; with --write, inserts audit events one by one and prints « ok <subject> » after
 * each acknowledged commit; on SIGTERM it stops writing, closes the database cleanly and exits.
 */
import { openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";

const [dataDir, flag] = process.argv.slice(2);
const db = await openDatabase({ engine: "pglite", dataDir: dataDir!, serve: true, command: "propriétaire de test" });
await applyMigrations(db);
let stopping = false;
process.on("SIGTERM", () => {
  stopping = true;
});
console.log("prêt");
let written = 0;
while (!stopping) {
  if (flag === "--write") {
    const subject = `W${process.pid}-${written}`;
    await db.prisma.auditEvent.create({ data: { action: "test.write", subjectType: "Test", subjectId: subject } });
    written += 1;
    console.log(`ok ${subject}`);
  } else {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
await db.close();
console.log("fermé");
