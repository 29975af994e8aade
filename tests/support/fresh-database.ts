import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "./database";

/**
 * Gives each test of the enclosing suite (`"each"`) or the whole suite (`"all"`) a fresh database, installed as the
 * app's (unless `install` is false), handed to `use` before the test (or the suite's other hooks) runs, and disposed
 * after it.
 *
 *     let db: TestDatabase;
 *     freshDatabase("each", (fresh) => (db = fresh));
 */
export function freshDatabase(scope: "each" | "all", use: (db: TestDatabase) => void, { install = true }: { install?: boolean } = {}): void {
  let db: TestDatabase | undefined;
  const before = scope === "each" ? beforeEach : beforeAll;
  const after = scope === "each" ? afterEach : afterAll;
  before(async () => {
    db = await createTestDatabase();
    if (install) installAsAppDatabase(db);
    use(db);
  });
  after(async () => {
    await db?.dispose();
    db = undefined;
  });
}
