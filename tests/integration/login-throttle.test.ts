/**
 * Login throttling through next-auth's real `authorize` (issue 13): the address is the socket's, not a header the
 * client writes; the count is in the database, shared and atomic; refusals are journaled in aggregate, with
 * bounded values.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { openDatabase } from "@/server/db/connection";
import { authOptions } from "@/server/auth/options";
import { hashPassword } from "@/server/auth/password";
import { pruneLoginCounters, reserveLoginAttempt } from "@/server/auth/throttle-store";
import { DEFAULT_THROTTLE_RULES as RULES } from "@/server/auth/throttle";
import { createTestDatabase, installAsAppDatabase, testServerUrl, type TestDatabase } from "../support/database";
import { makeAgency, makeUser } from "../support/factories";

const PASSWORD = "la bonne phrase de passe";
const SOCKET = "x-modalis-socket-address";

type Authorize = (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

/** A request from `socket`, with the `X-Forwarded-For` the client chose to send (if any). */
async function attempt(email: string, password: string, socket: string, forwardedFor?: string): Promise<"signed-in" | "refused" | "throttled"> {
  const headers: Record<string, string> = { [SOCKET]: socket, "x-forwarded-for": forwardedFor ?? socket };
  try {
    return (await authorize({ email, password }, { headers })) ? "signed-in" : "refused";
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Trop de tentatives de connexion.")) return "throttled";
    throw error;
  }
}

describe("login throttling", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let serial = 0;

  async function account(): Promise<string> {
    serial += 1;
    const agency = await makeAgency(prisma, { code: `TH-${serial}`, name: "Agence", departement: "76", address: "1 rue" });
    const email = `directrice${serial}@agence.test`;
    await makeUser(prisma, agency.id, "MANAGER", "Dora", "Directrice", { email, passwordHash: await hashPassword(PASSWORD) });
    return email;
  }

  const audits = (action: string) => prisma.auditEvent.findMany({ where: { action }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
    prisma = db.prisma;
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("checks exactly 5 of 20 parallel wrong passwords on one account from one address", async () => {
    const email = await account();
    const before = (await audits("auth.login.failed")).length;
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(email, `mauvais ${i}`, "198.51.100.20")));
    expect(outcomes.filter((o) => o === "refused")).toHaveLength(RULES.pairFreeFailures);
    expect(outcomes.filter((o) => o === "throttled")).toHaveLength(20 - RULES.pairFreeFailures);
    expect((await audits("auth.login.failed")).length - before).toBe(RULES.pairFreeFailures);
  });

  it("ignores an X-Forwarded-For the client wrote: rotating it does not reset the count", async () => {
    const email = await account();
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i += 1) outcomes.push(await attempt(email, `mauvais ${i}`, "198.51.100.21", `203.0.113.${i}`));
    expect(outcomes.filter((o) => o === "refused")).toHaveLength(RULES.pairFreeFailures);
    const failures = await prisma.auditEvent.findMany({ where: { action: "auth.login.failed", metadata: { path: ["address"], equals: "198.51.100.21" } } });
    expect(failures).toHaveLength(RULES.pairFreeFailures);
  });

  it("never blocks the owner's address with others' failures, forged or real", async () => {
    const email = await account();
    expect(await attempt(email, PASSWORD, "::ffff:127.0.0.1")).toBe("signed-in");
    // Someone else sends the owner's address in the header, on the owner's account and on many others.
    for (let i = 0; i < RULES.addressFailures + 5; i += 1) await attempt(`compte${i}@ailleurs.test`, "mauvais", "192.0.2.66", "::ffff:127.0.0.1");
    for (let i = 0; i < 25; i += 1) await attempt(email, "mauvais", `192.0.2.${100 + i}`, "::ffff:127.0.0.1");
    expect(await attempt(email, PASSWORD, "::ffff:127.0.0.1")).toBe("signed-in");
    // Failures really from the owner's address (a shared agency connection), on other accounts, do not block it either.
    for (let i = 0; i < RULES.addressFailures + 5; i += 1) await attempt(`voisin${i}@ailleurs.test`, "mauvais", "127.0.0.1");
    expect(await attempt(`inconnu@ailleurs.test`, "mauvais", "127.0.0.1")).toBe("throttled");
    expect(await attempt(email, PASSWORD, "127.0.0.1")).toBe("signed-in");
  });

  it("journals only valid, bounded addresses, and refusals once per counter and window with their number", async () => {
    const email = await account();
    const huge = Array.from({ length: 1400 }, (_, i) => `10.${i % 250}.0.1`).join(", ");
    expect(huge.length).toBeGreaterThan(15_000);
    const before = (await audits("auth.login.throttled")).length;
    for (let i = 0; i < RULES.pairFreeFailures + 30; i += 1) await attempt(email, `mauvais ${i}`, "not-an-ip", huge);
    const rows = await prisma.auditEvent.findMany({ where: { subjectType: "User", action: { startsWith: "auth.login" } }, select: { metadata: true } });
    for (const row of rows) expect(JSON.stringify(row.metadata).length).toBeLessThan(300);
    const throttled = (await audits("auth.login.throttled")).slice(before);
    expect(throttled).toHaveLength(1);
    expect(throttled[0]!.metadata).toMatchObject({ scope: "pair", address: "inconnue", refused: 1 });
  });

  it("writes the refusals not yet journaled when it prunes idle counters, and keeps recent ones", async () => {
    const now = new Date();
    const email = await account();
    for (let i = 0; i < RULES.pairFreeFailures; i += 1) await reserveLoginAttempt(prisma, email, "198.51.100.30", now);
    for (let i = 0; i < 8; i += 1) expect((await reserveLoginAttempt(prisma, email, "198.51.100.30", now)).allowed).toBe(false);
    const reported = async () =>
      (await audits("auth.login.throttled"))
        .filter((row) => (row.metadata as { address?: string }).address === "198.51.100.30")
        .reduce((sum, row) => sum + Number((row.metadata as { refused: number }).refused), 0);
    expect(await reported()).toBe(1);
    await pruneLoginCounters(prisma, now);
    expect(await prisma.loginCounter.count({ where: { address: "198.51.100.30" } })).toBeGreaterThan(0);
    await pruneLoginCounters(prisma, new Date(now.getTime() + RULES.windowMs + RULES.pairMaxDelayMs + 1000));
    expect(await prisma.loginCounter.count({ where: { address: "198.51.100.30" } })).toBe(0);
    expect(await reported()).toBe(8);
  });

  it.runIf(testServerUrl)("shares one count between two app instances (two connection pools)", async () => {
    const email = await account();
    const other = await openDatabase({ engine: "postgres", url: db.url!, poolMax: 10 });
    try {
      const now = new Date();
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) => reserveLoginAttempt(i % 2 ? other.prisma : prisma, email, "198.51.100.40", now)),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(RULES.pairFreeFailures);
    } finally {
      await other.close();
    }
  });
});
