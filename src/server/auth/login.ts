/**
 * Signing in with an e-mail address and a password, from a known client address: throttling (shared, atomic),
 * argon2id verification, the audit journal, and a server-side session for the token.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Role } from "@/generated/prisma/client";
import { recordAudit } from "@/server/audit";
import { prisma } from "@/server/db";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "./password";
import { openSession } from "./sessions";
import { pruneLoginCounters, recordLoginSuccess, reserveLoginAttempt } from "./throttle-store";

const credentialsSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

// Verifying against a throwaway hash when the account is unknown keeps response times alike for both cases.
let dummyHash: Promise<string> | undefined;
const unknownAccountHash = () => (dummyHash ??= hashPassword(randomUUID()));

export type SignedInUser = { id: string; email: string; name: string; role: Role; sessionId: string };

export type SignInResult = { status: "signed-in"; user: SignedInUser } | { status: "refused" } | { status: "throttled"; retryAfterMs: number };

export async function signInWithPassword(credentials: { email?: unknown; password?: unknown }, address: string, now: Date = new Date()): Promise<SignInResult> {
  const parsed = credentialsSchema.safeParse({ email: credentials.email, password: credentials.password });
  if (!parsed.success) return { status: "refused" };
  const account = parsed.data.email;
  const db = await prisma();
  const reservation = await reserveLoginAttempt(db, account, address, now);
  await pruneLoginCounters(db, now).catch((error: unknown) => console.error("[login] pruning the throttle counters failed", error));
  if (!reservation.allowed) return { status: "throttled", retryAfterMs: reservation.retryAfterMs };

  const user = await db.user.findUnique({
    where: { email: account },
    select: { id: true, email: true, firstName: true, lastName: true, role: true, agencyId: true, active: true, passwordHash: true, sessionVersion: true },
  });
  const valid = await verifyPassword(user?.passwordHash ?? (await unknownAccountHash()), parsed.data.password);
  if (!user || !valid || !user.active) {
    await recordAudit({
      actor: null,
      action: "auth.login.failed",
      agencyId: user?.agencyId ?? null,
      ...(user ? { subjectType: "User", subjectId: user.id } : {}),
      metadata: { reason: !user ? "unknown-account" : !valid ? "wrong-password" : "inactive-account", address },
    });
    return { status: "refused" };
  }
  await recordLoginSuccess(db, account, address, reservation, now);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now }, select: { id: true } });
  const sessionId = await openSession(user, address, now, { db });
  await recordAudit({
    actor: { id: user.id, role: user.role, agencyId: user.agencyId, email: user.email, firstName: user.firstName, lastName: user.lastName },
    action: "auth.login.succeeded",
    metadata: { address },
  });
  return { status: "signed-in", user: { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}`, role: user.role, sessionId } };
}
