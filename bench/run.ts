/**
 * `npm run bench` (see bench/main.ts). The hook making "server-only" importable is registered before anything
 * else is even resolved: static imports are linked before any module runs, so the rest is imported dynamically.
 */
import "./lib/server-only";

const { main } = await import("./main");
try {
  await main();
  process.exit(0);
} catch (error: unknown) {
  console.error(`\nÉchec de la mesure : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
