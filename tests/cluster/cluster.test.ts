/**
 * Modalis as deployed (scripts/lib/cluster.ts): three app instances behind a real HAProxy, one worker, on a fresh
 * PostgreSQL database with the demo data. Which instance served a response is read from its `X-Modalis-Instance`
 * header (scripts/serve-next.ts, from MODALIS_INSTANCE); HAProxy's view of the instances from its runtime API.
 * Run by `npm test` on PostgreSQL only (step « Vitest, grappe »): MODALIS_CLUSTER_TESTS=1 with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "@/server/seed";
import { startCluster, type Cluster } from "../../scripts/lib/cluster";
import { createTestDatabase, testServerUrl, type TestDatabase } from "../support/database";
import { getPage, instanceOf, signIn } from "./client";

const BALANCER_PORT = 3320;
const FIRST_INSTANCE_PORT = 3330;
const INSTANCES = 3;
const SECRET = "cluster-test-secret-not-for-production-0123456789";

const account = (role: string) => {
  const found = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!found) throw new Error(`Pas de compte de démonstration ${role}.`);
  return found.email;
};
const ADVISOR = account("ADVISOR");
/** The advisor's pages say who is signed in. */
const ADVISOR_NAME = "Durand";

describe.skipIf(!testServerUrl)("a cluster of app instances behind HAProxy", { timeout: 600_000 }, () => {
  let db: TestDatabase;
  let cluster: Cluster;

  beforeAll(async () => {
    db = await createTestDatabase({ poolMax: 4 });
    await seedDemo(db, {});
    cluster = await startCluster({
      instances: INSTANCES,
      port: BALANCER_PORT,
      instancePort: FIRST_INSTANCE_PORT,
      databaseUrl: db.url!,
      env: { NEXTAUTH_SECRET: SECRET },
      log: (line) => {
        if (/error|erreur|échec|arrêt/i.test(line)) console.log(line);
      },
    });
  }, 900_000);

  afterAll(async () => {
    await cluster?.stop();
    await db?.dispose();
  }, 120_000);

  it("keeps a session signed in on every instance that serves it", async () => {
    const session = await signIn(cluster.url, ADVISOR, DEMO_PASSWORD);
    expect(session.outcome).toBe("signed-in");
    const served = new Set<string>();
    for (let i = 0; i < 9; i += 1) {
      const page = await getPage(cluster.url, "/conseiller", session.cookie!);
      expect(page.status).toBe(200);
      expect(page.body).toContain(ADVISOR_NAME);
      served.add(page.instance);
    }
    expect(served.size).toBeGreaterThanOrEqual(2);
    expect([...served].every((name) => /^app[1-3]$/.test(name))).toBe(true);
    // A stranger's cookie-less request is not signed in, whichever instance serves it.
    const anonymous = await fetch(`${cluster.url}/conseiller`, { redirect: "manual" });
    expect(anonymous.status).toBeGreaterThanOrEqual(300);
    expect(anonymous.status).toBeLessThan(400);
    expect(anonymous.headers.get("location")).toContain("/connexion");
  });

  /** Wrong passwords until the throttle refuses, then the right one: the outcome of each attempt and who answered. */
  async function attempts(origin: string, email: string, forged?: (i: number) => string) {
    const outcomes: string[] = [];
    const instances: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const password = i < 5 ? `mauvais-mot-de-passe-${i}` : DEMO_PASSWORD;
      const result = await signIn(origin, email, password, forged ? { "x-forwarded-for": forged(i) } : {});
      outcomes.push(result.outcome);
      instances.push(result.instance);
    }
    return { outcomes, instances };
  }

  it("counts failed sign-ins together wherever they land, as one instance does", async () => {
    // The reference: one instance alone (reached directly, from 127.0.0.1 as through the balancer).
    const alone = await attempts(`http://127.0.0.1:${FIRST_INSTANCE_PORT}`, account("SOCIAL_WORKER"));
    expect(new Set(alone.instances)).toEqual(new Set(["app1"]));
    // Five free failures, then locked out even with the right password (pairFreeFailures = 5, 15 s at least).
    expect(alone.outcomes).toEqual(["refused", "refused", "refused", "refused", "refused", "throttled", "throttled", "throttled"]);

    const spread = await attempts(cluster.url, account("MANAGER"));
    expect(spread.outcomes).toEqual(alone.outcomes);
    // The failures were spread over several instances, and so were the refusals that followed.
    expect(new Set(spread.instances.slice(0, 5)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(spread.instances.slice(5)).size).toBeGreaterThanOrEqual(2);
  });

  it("does not let a forged X-Forwarded-For escape the throttle", async () => {
    const email = account("ADMIN");
    const forged = await attempts(cluster.url, email, (i) => `198.51.100.${i + 1}`);
    expect(forged.outcomes).toEqual(["refused", "refused", "refused", "refused", "refused", "throttled", "throttled", "throttled"]);
    // Counted under the address HAProxy saw (the rightmost entry), never under the forged ones.
    const counters = await db.prisma.loginCounter.findMany({ where: { account: email.toLowerCase() } });
    expect(counters.length).toBeGreaterThan(0);
    expect(counters.every((counter) => counter.address === "127.0.0.1" || counter.address === "")).toBe(true);
    expect(await db.prisma.loginCounter.count({ where: { address: { startsWith: "198.51.100." } } })).toBe(0);
  });

  it("takes a killed instance out and puts it back once it answers again", async () => {
    const session = await signIn(cluster.url, ADVISOR, DEMO_PASSWORD);
    expect(session.outcome).toBe("signed-in");
    await cluster.stopInstance(1, "SIGKILL");
    // Right away (HAProxy may not know yet): a refused connection is retried on another instance.
    const during: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const page = await getPage(cluster.url, "/conseiller", session.cookie!);
      expect(page.status).toBe(200);
      during.push(page.instance);
    }
    await cluster.waitForServer(1, "DOWN");
    const down = (await cluster.serverStates()).find((s) => s.name === "app2")!;
    expect(down.up).toBe(false);
    expect(down.status).toMatch(/^DOWN/);
    for (let i = 0; i < 6; i += 1) {
      const page = await getPage(cluster.url, "/conseiller", session.cookie!);
      expect(page.status).toBe(200);
      expect(page.body).toContain(ADVISOR_NAME);
      during.push(page.instance);
    }
    expect(during).not.toContain("app2");

    await cluster.startInstance(1);
    for (let index = 0; index < INSTANCES; index += 1) await cluster.waitForServer(index, "UP");
    const after = new Set<string>();
    for (let i = 0; i < 6; i += 1) {
      const page = await getPage(cluster.url, "/conseiller", session.cookie!);
      expect(page.status).toBe(200);
      after.add(page.instance);
    }
    expect(after).toContain("app2");
  });

  it("drains an instance sent SIGTERM: its health check fails at once, HAProxy takes it out, no request fails", async () => {
    const session = await signIn(cluster.url, ADVISOR, DEMO_PASSWORD);
    expect(session.outcome).toBe("signed-in");
    const direct = `http://127.0.0.1:${cluster.instances[2]!.port}/api/health`;
    let stopped = false;
    const healthSeen: string[] = [];
    const statuses: number[] = [];
    // As an orchestrator stops a container: SIGTERM, without draining it through the runtime API first.
    const stopping = cluster.stopInstance(2, "SIGTERM").finally(() => (stopped = true));
    const watchHealth = async () => {
      while (!stopped) {
        try {
          const response = await fetch(direct, { signal: AbortSignal.timeout(5_000) });
          healthSeen.push(`${response.status} ${((await response.json()) as { status: string }).status}`);
        } catch {
          // closed: it has stopped accepting connections
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const browse = async () => {
      while (!stopped) statuses.push((await getPage(cluster.url, "/conseiller", session.cookie!)).status);
    };
    await Promise.all([stopping, watchHealth(), browse()]);
    expect(healthSeen).toContain("503 draining");
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await cluster.waitForServer(2, "DOWN");
    await cluster.startInstance(2);
    for (let index = 0; index < INSTANCES; index += 1) await cluster.waitForServer(index, "UP");
  });

  it("restarts every instance under load without losing a request or a write", async () => {
    const advisor = await db.prisma.user.findUniqueOrThrow({ where: { email: ADVISOR } });
    const sessionsBefore = await db.prisma.userSession.count({ where: { userId: advisor.id } });
    const readers = await Promise.all([0, 1, 2].map(() => signIn(cluster.url, ADVISOR, DEMO_PASSWORD)));
    const pidsBefore = cluster.instances.map((i) => i.pid);

    let running = true;
    let requests = 0;
    const failures: string[] = [];
    const acknowledged: string[] = [];
    const servedBy = new Set<string>();
    const fail = (what: string, error: unknown) => failures.push(`${what} : ${error instanceof Error ? error.message : String(error)}`);

    const read = async (cookie: string) => {
      while (running) {
        try {
          const page = await getPage(cluster.url, "/conseiller", cookie);
          servedBy.add(page.instance);
          if (page.status !== 200 || !page.body.includes(ADVISOR_NAME)) fail("GET /conseiller", `HTTP ${page.status} sur ${page.instance}`);
        } catch (error) {
          fail("GET /conseiller", error);
        } finally {
          requests += 1;
        }
      }
    };
    // The write: a sign-in, acknowledged by its session cookie, is a new UserSession row (two requests each).
    const write = async () => {
      while (running) {
        try {
          const result = await signIn(cluster.url, ADVISOR, DEMO_PASSWORD);
          if (result.outcome === "signed-in") acknowledged.push(result.cookie!);
          else fail("connexion", result.outcome);
        } catch (error) {
          fail("connexion", error);
        } finally {
          requests += 2;
        }
      }
    };
    const load = [...readers.map((r) => read(r.cookie!)), write(), write()];
    const restart = cluster.rollingRestart();
    try {
      await restart;
    } finally {
      running = false;
      await Promise.all(load);
    }

    console.log(`Redémarrage progressif sous charge : ${requests} requêtes, ${failures.length} échec(s), ${acknowledged.length} connexions enregistrées.`);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(50);
    expect(acknowledged.length).toBeGreaterThan(5);
    // Every instance is a new process, and all serve again.
    expect(cluster.instances.map((i) => i.pid).every((pid, i) => pid !== pidsBefore[i])).toBe(true);
    for (let index = 0; index < INSTANCES; index += 1) await cluster.waitForServer(index, "UP");
    // Every acknowledged write is in the database, and is a working session on the restarted instances.
    const sessionsAfter = await db.prisma.userSession.count({ where: { userId: advisor.id } });
    expect(sessionsAfter - sessionsBefore).toBe(readers.length + acknowledged.length);
    for (const cookie of acknowledged.slice(-3)) {
      const page = await getPage(cluster.url, "/conseiller", cookie);
      expect(page.status).toBe(200);
    }
    expect(servedBy.size).toBe(INSTANCES);
  });

  it("answers its health check with the instance's name", async () => {
    const response = await fetch(`${cluster.url}/api/health`);
    expect(response.status).toBe(200);
    expect(instanceOf(response)).toMatch(/^app[1-3]$/);
  });
});
