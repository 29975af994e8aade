/**
 * The job queue (pg-boss 10, src/server/jobs/queue.ts) on the app's database — the embedded engine served on its
 * owner's socket, or PostgreSQL with TEST_DATABASE_URL: a job is worked once, a failing job is retried with back-off
 * and then completes, a job queued before a stop is worked after the restart; on PostgreSQL, two queue instances
 * (two pools, as two `npm run worker` processes) never work the same job twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseOptions } from "@/server/db/connection";
import { JobQueueUnavailableError, startJobQueue, stopJobQueue, type JobQueue } from "@/server/jobs/queue";
import { createTestDatabase, testServerUrl } from "../support/database";

const WORK = { pollingIntervalSeconds: 0.5 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The database the queue runs on, and a restart of it (on the embedded engine, the owner closes PGlite and reopens). */
type Target = { options: DatabaseOptions; restart(): Promise<void>; dispose(): Promise<void> };

async function openTarget(): Promise<Target> {
  if (testServerUrl) {
    const db = await createTestDatabase({ poolMax: 2 });
    return { options: { engine: "postgres", url: db.url! }, restart: async () => undefined, dispose: () => db.dispose() };
  }
  const folder = mkdtempSync(path.join(tmpdir(), "modalis-jobs-"));
  const dataDir = path.join(folder, "pglite");
  const serve = () => openDatabase({ engine: "pglite", dataDir, serve: true, command: "test Vitest (file des tâches)" });
  let owner = await serve();
  return {
    options: { engine: "pglite", dataDir },
    async restart() {
      await owner.close();
      owner = await serve();
    },
    async dispose() {
      await owner.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

let target: Target;
const running: JobQueue[] = [];
const errors: Error[] = [];

async function start(): Promise<JobQueue> {
  const queue = await startJobQueue(target.options, { onError: (error) => errors.push(error) });
  running.push(queue);
  return queue;
}

async function stop(queue: JobQueue): Promise<void> {
  running.splice(running.indexOf(queue), 1);
  await stopJobQueue(queue, 5_000);
}

const stateOf = async (queue: JobQueue, name: string, id: string) => (await queue.getJobById(name, id))?.state;

beforeAll(async () => {
  target = await openTarget();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((queue) => stopJobQueue(queue, 5_000)));
  errors.length = 0;
});
afterAll(async () => {
  await target?.dispose();
});

describe(`job queue on ${testServerUrl ? "PostgreSQL" : "the embedded database, through its owner's socket"}`, () => {
  it("works a job sent once, and only once", async () => {
    const queue = await start();
    await queue.createQueue("worked-once");
    const seen: { id: string; data: unknown }[] = [];
    await queue.work<{ seeker: string }>("worked-once", WORK, async ([job]) => {
      seen.push({ id: job!.id, data: job!.data });
    });
    const id = await queue.send("worked-once", { seeker: "S-1" });
    expect(id).toEqual(expect.any(String));
    await expect.poll(() => stateOf(queue, "worked-once", id!), { timeout: 10_000 }).toBe("completed");
    await sleep(1_500); // three more polls: nothing fetches it again
    expect(seen).toEqual([{ id, data: { seeker: "S-1" } }]);
    expect(errors).toEqual([]);
  });

  it("retries a failing job after a back-off, then completes it", async () => {
    const queue = await start();
    await queue.createQueue("retried", { name: "retried", retryLimit: 2, retryDelay: 1, retryBackoff: true });
    const attempts: number[] = [];
    await queue.work("retried", WORK, async () => {
      attempts.push(Date.now());
      if (attempts.length === 1) throw new Error("serveur SMTP injoignable");
    });
    const id = (await queue.send("retried", { message: "M-1" }))!;
    // Between the two attempts the job waits in the retry state, the error kept.
    await expect
      .poll(() => queue.getJobById("retried", id), { timeout: 10_000, interval: 100 })
      .toMatchObject({ state: "retry", output: { message: "serveur SMTP injoignable" } });
    await expect.poll(() => stateOf(queue, "retried", id), { timeout: 15_000 }).toBe("completed");
    expect(attempts).toHaveLength(2);
    // Back-off with retryDelay 1 s: the first retry waits 1 to 2 s.
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(1_000);
    expect(await queue.getJobById("retried", id)).toMatchObject({ retryCount: 1 });
    expect(errors).toEqual([]);
  });

  it("works a job queued before a stop once the queue (and the database) restart", async () => {
    let queue = await start();
    await queue.createQueue("after-restart");
    const id = (await queue.send("after-restart", { reminder: "R-1" }))!;
    await stop(queue);
    await target.restart();

    queue = await start();
    expect(await stateOf(queue, "after-restart", id)).toBe("created");
    const seen: string[] = [];
    await queue.work("after-restart", WORK, async ([job]) => {
      seen.push(job!.id);
    });
    await expect.poll(() => stateOf(queue, "after-restart", id), { timeout: 10_000 }).toBe("completed");
    expect(seen).toEqual([id]);
    expect(errors).toEqual([]);
  });
});

describe("job queue on the embedded database — without an owner", () => {
  it("refuses an in-memory database and a directory nobody serves, in French", async () => {
    await expect(startJobQueue({ engine: "pglite", dataDir: null })).rejects.toThrow(JobQueueUnavailableError);
    const folder = mkdtempSync(path.join(tmpdir(), "modalis-jobs-"));
    try {
      await expect(startJobQueue({ engine: "pglite", dataDir: path.join(folder, "pglite") })).rejects.toThrow(/n'est servie par aucun processus/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)("job queue on PostgreSQL — two workers", () => {
  it("never works the same job twice", async () => {
    const [first, second] = [await start(), await start()];
    await first!.createQueue("shared");
    const JOBS = 200;
    const ids = new Set<string>();
    for (let n = 0; n < JOBS; n++) ids.add((await first!.send("shared", { n }))!);
    // Three workers on each instance, ten jobs a fetch: both instances fetch at once, again and again.
    const workedBy = new Map<string, string[]>();
    for (const [label, queue] of [
      ["first", first!],
      ["second", second!],
    ] as const) {
      for (let worker = 0; worker < 3; worker++) {
        await queue.work("shared", { ...WORK, batchSize: 10 }, async (jobs) => {
          for (const job of jobs) workedBy.set(job.id, [...(workedBy.get(job.id) ?? []), label]);
          await sleep(5);
        });
      }
    }
    await expect.poll(() => workedBy.size, { timeout: 30_000 }).toBe(JOBS);
    await sleep(1_500); // more polls on both sides: nothing comes back
    expect([...workedBy.entries()].filter(([, workers]) => workers.length > 1)).toEqual([]);
    expect(new Set(workedBy.keys())).toEqual(ids);
    const counts = [...workedBy.values()].reduce((count, [label]) => ({ ...count, [label!]: (count[label!] ?? 0) + 1 }), {} as Record<string, number>);
    expect(counts.first).toBeGreaterThan(0);
    expect(counts.second).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
