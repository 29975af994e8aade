import { defineConfig } from "vitest/config";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./src", import.meta.url)),
      "server-only": fileURLToPath(new URL("./tests/support/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // tests/cluster starts HAProxy and several app instances on PostgreSQL: its own step of npm test (MODALIS_CLUSTER_TESTS).
    exclude: ["tests/e2e/**", "node_modules/**", ...(process.env.MODALIS_CLUSTER_TESTS ? [] : ["tests/cluster/**"])],
    globalSetup: ["tests/support/global-setup.ts"],
    // Vitest leaves a core free by default (one worker on a two-core machine); the test files are
    // independent (a database each) and mostly wait on the embedded engine's CPU, so use them all.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
