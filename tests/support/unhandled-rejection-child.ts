/**
 * For tests/integration/outbox-faults.test.ts: a process that installs the workers' guard (as `npm start` and
 * `npm run worker` do) unless GUARD=0, then meets the unhandled rejection pg-boss 10 can leave behind (its completion
 * of a job, not awaited, failing with the database), and says whether it is still running.
 */
import { guardUnhandledRejections } from "@/server/jobs/queue";

if (process.env.GUARD !== "0") guardUnhandledRejections();
void Promise.reject(new Error("Connection terminated unexpectedly (simulée : complétion d'une tâche par pg-boss)"));
setTimeout(() => {
  console.log("toujours en marche");
  process.exit(0);
}, 300);
