/**
 * Reads on a real PostgreSQL streaming replica (docs/replica.md): a primary on 127.0.0.1:5451 and its replica made with
 * `pg_basebackup -R` on 5452, started here (scripts/lib/postgres-clusters.ts). The app is pointed at them as in
 * production (DATABASE_URL, DATABASE_REPLICA_URL); the read-only pages' queries are called as a page calls them, and a
 * real server action is called as a browser would reach it, each request with its user's cookies.
 *
 * Whether a read came from the replica is seen in its data: with the replica's replay paused, a write on the primary is
 * missing on the replica and only there.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildIfNeeded } from "../../scripts/lib/build";
import { startPrimary, startReplica, waitForReplay, type PrimaryCluster, type ReplicaCluster } from "../../scripts/lib/postgres-clusters";
import type { Actor } from "@/server/auth/policy";
import { auditRow } from "@/server/audit";
import { openDatabase, type Database } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { formatLsn, parseLsn, withRequestCookies, WRITE_POSITION_COOKIE, type RequestCookies } from "@/server/db/read-routing";
import { DEMO_AGENCY_CODES, DEMO_PASSWORD, seedDemo } from "@/server/seed";
import { auditLog } from "@/server/queries/audit-log";
import { backlogList } from "@/server/queries/backlog";
import { updateMinNoticeAction } from "@/server/actions/agency-settings";
import { login } from "../../bench/lib/http";
import { as } from "../support/acting";
import { actorFor } from "../support/factories";

const { PRIMARY_PORT, REPLICA_PORT } = vi.hoisted(() => {
  // The app's database, as a server started with these variables opens it: set before any module reads src/env.ts.
  const ports = { PRIMARY_PORT: 5451, REPLICA_PORT: 5452 };
  process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${ports.PRIMARY_PORT}/postgres`;
  process.env.DATABASE_REPLICA_URL = `postgresql://postgres@127.0.0.1:${ports.REPLICA_PORT}/postgres`;
  process.env.DATABASE_REPLICA_RETRY_MS = "300";
  return ports;
});
const TODAY = "2026-03-10";

/** A browser's cookies for one user: what the server sets is sent with their next requests. */
class CookieJar implements RequestCookies {
  readonly values = new Map<string, string>();
  readonly setOptions: unknown[] = [];
  get(name: string) {
    return this.values.get(name);
  }
  set(name: string, value: string, options: unknown) {
    this.values.set(name, value);
    this.setOptions.push(options);
  }
}

let folder: string;
let primary: PrimaryCluster;
let replica: ReplicaCluster;
/** A direct connection to the primary: the writes of « someone else ». */
let direct: Database;
let manager: Actor;
let rouenId: string;
const warnings: string[] = [];

/** The journal page of the agency, as the manager's browser (`jar`) loads it: its number of entries. */
async function journalTotal(jar: CookieJar): Promise<number> {
  const log = await withRequestCookies(jar, () => auditLog(manager, { agencyId: rouenId, page: 1 }));
  expect(log).not.toBeNull();
  return log!.total;
}

/** Somebody else's write on the primary: one more entry in the agency's journal. */
async function writeElsewhere(): Promise<void> {
  await direct.prisma.auditEvent.create({
    data: auditRow({ actor: null, action: "authorization.denied", agencyId: rouenId, metadata: { operation: "replica-test" } }),
  });
}

async function primaryTotal(): Promise<number> {
  return direct.prisma.auditEvent.count({ where: { agencyId: rouenId } });
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "modalis-replica-"));
  chmodSync(folder, 0o755);
  primary = await startPrimary({ dataDir: path.join(folder, "primary"), port: PRIMARY_PORT });
  direct = await openDatabase({ engine: "postgres", url: primary.url, poolMax: 2 });
  await applyMigrations(direct);
  await seedDemo(direct, { scale: 0.05, today: TODAY });
  replica = await startReplica(primary, { dataDir: path.join(folder, "replica"), port: REPLICA_PORT });
  await waitForReplay(primary, replica);
  rouenId = (await direct.prisma.agency.findUniqueOrThrow({ where: { code: DEMO_AGENCY_CODES.rouen }, select: { id: true } })).id;
  manager = await actorFor(direct.prisma, { role: "MANAGER", agencyId: rouenId });
  expect([primary.url, replica.url]).toEqual([process.env.DATABASE_URL, process.env.DATABASE_REPLICA_URL]);
  vi.spyOn(console, "warn").mockImplementation((message: unknown) => void warnings.push(String(message)));
}, 180_000);

afterAll(async () => {
  const app = globalThis as unknown as { modalisDb?: Promise<Database> };
  await (await app.modalisDb?.catch(() => undefined))?.close();
  await direct?.close();
  await replica?.stop();
  await primary?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("WAL positions", () => {
  it("reads and writes pg_lsn text, and orders positions as PostgreSQL does", () => {
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(formatLsn(parseLsn("16/B374D848")!)).toBe("16/B374D848");
    expect(parseLsn("0/FFFFFFFF")! < parseLsn("1/0")!).toBe(true);
    expect(parseLsn("n'importe quoi")).toBeNull();
    expect(parseLsn("1/2/3")).toBeNull();
    expect(parseLsn(undefined)).toBeNull();
  });
});

describe("reads on a streaming replica", () => {
  it("serves the read-only pages from the replica: a write it has not replayed is not there yet", async () => {
    const stranger = new CookieJar();
    const before = await journalTotal(stranger);
    expect(before).toBe(await primaryTotal());

    await replica.pauseReplay();
    await writeElsewhere();
    expect(await primaryTotal()).toBe(before + 1);
    // A user with no recent write of their own reads the replica, which has not replayed the write.
    expect(await journalTotal(stranger)).toBe(before);

    await replica.resumeReplay();
    await waitForReplay(primary, replica);
    expect(await journalTotal(stranger)).toBe(before + 1);
  });

  it("shows a user their own write on the next page although the replica has not replayed it (read-your-writes)", async () => {
    const managerBrowser = new CookieJar();
    const stranger = new CookieJar();
    const before = await journalTotal(managerBrowser);
    await replica.pauseReplay();
    try {
      const current = await direct.prisma.agency.findUniqueOrThrow({ where: { id: rouenId }, select: { minNoticeDays: true } });
      const result = await withRequestCookies(managerBrowser, () =>
        as(updateMinNoticeAction, async () => manager)({ agencyId: rouenId, minNoticeDays: current.minNoticeDays === 2 ? 3 : 2 }),
      );
      expect(result).toMatchObject({ ok: true });
      // The action left the primary's position after its write in the manager's cookie: short-lived, httpOnly, Lax.
      const position = parseLsn(managerBrowser.get(WRITE_POSITION_COOKIE));
      expect(position).not.toBeNull();
      expect(managerBrowser.setOptions.at(-1)).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });

      // The page the action leads to, loaded with that cookie: the manager's own change is in the journal…
      expect(await journalTotal(managerBrowser)).toBe(before + 1);
      // …while the replica, which another user without a recent write reads, still lacks it.
      expect(await journalTotal(stranger)).toBe(before);
    } finally {
      await replica.resumeReplay();
    }
    await waitForReplay(primary, replica);
    expect(await journalTotal(stranger)).toBe(before + 1);
    // Once the replica has replayed the write, the manager reads it again: a new write elsewhere, replay paused, is
    // missing from what the manager sees.
    await replica.pauseReplay();
    try {
      await writeElsewhere();
      expect(await journalTotal(managerBrowser)).toBe(before + 1);
    } finally {
      await replica.resumeReplay();
    }
    await waitForReplay(primary, replica);
  });

  it("keeps serving from the primary while the replica is stopped, and reads the replica again once it is back", async () => {
    const stranger = new CookieJar();
    warnings.length = 0;
    await replica.stop();
    await writeElsewhere();
    const total = await primaryTotal();
    // The connections the pool held are gone: the first reads fail on the replica and are answered by the primary.
    const backlog = await withRequestCookies(stranger, () => backlogList(manager, rouenId, { now: new Date(`${TODAY}T10:00:00Z`) }));
    expect(backlog).not.toBeNull();
    expect(await journalTotal(stranger)).toBe(total);
    expect(await journalTotal(stranger)).toBe(total);
    expect(warnings.filter((line) => line.includes("réplique en lecture indisponible"))).toHaveLength(1);

    await replica.start();
    await waitForReplay(primary, replica);
    await replica.pauseReplay();
    try {
      await writeElsewhere();
      // After the breaker's pause (300 ms here), the replica is tried again: its stale journal shows it is read.
      const deadline = Date.now() + 30_000;
      let seen = await journalTotal(stranger);
      while (seen !== total && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen = await journalTotal(stranger);
      }
      expect(seen).toBe(total);
      expect(await primaryTotal()).toBe(total + 1);
      expect(warnings.filter((line) => line.includes("de nouveau disponible"))).toHaveLength(1);
    } finally {
      await replica.resumeReplay();
    }
  });
});

const APP_PORT = 3350;
const ORIGIN = `http://localhost:${APP_PORT}`;

/** The id under which the production build exposes a server action (what a form sends in `Next-Action`). */
function actionId(exportedName: string): string {
  const manifest = JSON.parse(readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const found = Object.entries(manifest.node).filter(([, entry]) => entry.exportedName === exportedName);
  if (found.length !== 1) throw new Error(`server action ${exportedName}: ${found.length} entries in the build's manifest`);
  return found[0]![0];
}

/** The number of entries the journal page shows (« 1 234 évènements »). */
function journalCount(html: string): number {
  const match = /<p[^>]*>([\d\s\u00a0\u202f]+)(?:<!-- -->)?\s*évènements<\/p>/.exec(html);
  if (!match) throw new Error(`no entry count on the journal page: ${html.slice(0, 300)}`);
  return Number(match[1]!.replace(/\D/g, ""));
}

describe("through the running application (next start on port 3350, sign-in, a server action, the next page)", () => {
  let app: ChildProcess | undefined;
  let session: string;

  async function journalPage(cookies: string[]): Promise<number> {
    const response = await fetch(`${ORIGIN}/agence/journal?agence=${rouenId}`, { headers: { cookie: cookies.join("; ") }, redirect: "manual" });
    expect(response.status).toBe(200);
    return journalCount(await response.text());
  }

  beforeAll(async () => {
    buildIfNeeded(() => undefined);
    app = spawn(
      process.execPath,
      ["--require", path.resolve("scripts/lib/exit-with-parent.cjs"), "--import", "tsx/esm", "scripts/serve-next.ts", "--port", String(APP_PORT)],
      {
        stdio: ["ignore", "ignore", "inherit", "ipc"],
        env: {
          ...process.env,
          NEXT_TELEMETRY_DISABLED: "1",
          NEXTAUTH_URL: ORIGIN,
          NEXTAUTH_SECRET: "secret-de-test-de-la-replique-0123456789",
          DATABASE_REPLICA_RETRY_MS: "300",
        },
      },
    );
    const deadline = Date.now() + 120_000;
    for (;;) {
      const up = await fetch(`${ORIGIN}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) break;
      if (app.exitCode !== null || Date.now() > deadline) throw new Error("the application did not start");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    session = (await login(ORIGIN, manager.email, DEMO_PASSWORD)).cookie;
  }, 1_500_000);

  afterAll(async () => {
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app!.once("exit", resolve));
      app.kill("SIGTERM");
      await exited;
    }
  });

  it("shows the manager their own change on the page after the confirmation, read from the primary while the replica lags", async () => {
    await waitForReplay(primary, replica);
    const before = await journalPage([session]);
    expect(before).toBe(await primaryTotal());
    await replica.pauseReplay();
    try {
      const current = await direct.prisma.agency.findUniqueOrThrow({ where: { id: rouenId }, select: { minNoticeDays: true } });
      const wanted = current.minNoticeDays === 2 ? 3 : 2;
      // The settings form's submission, as the browser sends it.
      const response = await fetch(`${ORIGIN}/agence/parametres?agence=${rouenId}`, {
        method: "POST",
        headers: {
          "next-action": actionId("updateMinNoticeAction"),
          "content-type": "text/plain;charset=UTF-8",
          accept: "text/x-component",
          origin: ORIGIN,
          cookie: session,
        },
        body: JSON.stringify([{ agencyId: rouenId, minNoticeDays: wanted }]),
      });
      expect(response.status).toBe(200);
      await response.text();
      const position = response.headers
        .getSetCookie()
        .map((cookie) => cookie.split(";")[0]!)
        .find((cookie) => cookie.startsWith(`${WRITE_POSITION_COOKIE}=`));
      expect(position).toBeDefined();
      expect((await direct.prisma.agency.findUniqueOrThrow({ where: { id: rouenId }, select: { minNoticeDays: true } })).minNoticeDays).toBe(wanted);

      // The next page with the cookie the response set: the manager's change is in the journal (the primary)…
      expect(await journalPage([session, position!])).toBe(before + 1);
      // …while the same page without it comes from the replica, which has not replayed the change.
      expect(await journalPage([session])).toBe(before);
    } finally {
      await replica.resumeReplay();
    }
    await waitForReplay(primary, replica);
    expect(await journalPage([session])).toBe(before + 1);
  });

  it("keeps serving the pages while the replica is stopped", async () => {
    await replica.stop();
    try {
      await writeElsewhere();
      const total = await primaryTotal();
      expect(await journalPage([session])).toBe(total);
      expect(await journalPage([session])).toBe(total);
    } finally {
      await replica.start();
    }
  });
});
