import { defineConfig } from "prisma/config";

// The datasource URL is only read by CLI commands that talk to a database; the app and the migration
// runner connect through driver adapters (see src/server/db).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
