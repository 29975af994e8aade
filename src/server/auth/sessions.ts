/**
 * Server-side sessions: one `UserSession` row per sign-in, whose id travels in the (signed, encrypted) session
 * token. A token is worth something only while its row is valid — not revoked (sign-out), seen within the idle
 * timeout, younger than the absolute lifetime, issued under the user's current session version (a trigger bumps it
 * on a new role, a new password or a deactivation) — and its account is active. So a captured token dies with
 * sign-out, and changing a role back never revives it.
 */
import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/env";
import { prisma } from "@/server/db";
import type { Actor } from "./policy";

/** The absolute lifetime of a session (and of its token), whatever the activity. */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** `lastSeenAt` is written at most this often per session, so that reading pages does not write every time. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

const idleTimeoutMs = () => env().SESSION_IDLE_MINUTES * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Options = { db?: PrismaClient; idleMs?: number };

/**
 * Opens a session for a person who just proved their password. Dead sessions are deleted on the way: this person's,
 * and anyone's unused for longer than the absolute lifetime (they hold an address; nothing can revive them).
 */
export async function openSession(user: { id: string; sessionVersion: number }, address: string, now: Date, options: Options = {}): Promise<string> {
  const db = options.db ?? (await prisma());
  const idleCutoff = new Date(now.getTime() - (options.idleMs ?? idleTimeoutMs()));
  const ageCutoff = new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000);
  await db.userSession.deleteMany({
    where: {
      OR: [
        {
          userId: user.id,
          OR: [
            { revokedAt: { not: null } },
            { lastSeenAt: { lt: idleCutoff } },
            { createdAt: { lt: ageCutoff } },
            { sessionVersion: { lt: user.sessionVersion } },
          ],
        },
        { lastSeenAt: { lt: ageCutoff } },
      ],
    },
  });
  const session = await db.userSession.create({
    data: { userId: user.id, sessionVersion: user.sessionVersion, address, createdAt: now, lastSeenAt: now },
    select: { id: true },
  });
  return session.id;
}

/** The actor behind a session id, or null when the session is over for any reason. */
export async function resolveSession(sessionId: unknown, now: Date = new Date(), options: Options = {}): Promise<Actor | null> {
  if (typeof sessionId !== "string" || !UUID.test(sessionId)) return null;
  const db = options.db ?? (await prisma());
  const session = await db.userSession.findUnique({
    where: { id: sessionId },
    select: {
      sessionVersion: true,
      createdAt: true,
      lastSeenAt: true,
      revokedAt: true,
      user: {
        select: {
          id: true,
          role: true,
          agencyId: true,
          email: true,
          firstName: true,
          lastName: true,
          active: true,
          sessionVersion: true,
          mustChangePassword: true,
        },
      },
    },
  });
  if (!session || session.revokedAt) return null;
  const { user } = session;
  const idleMs = options.idleMs ?? idleTimeoutMs();
  if (
    !user.active ||
    user.sessionVersion !== session.sessionVersion ||
    now.getTime() - session.lastSeenAt.getTime() >= idleMs ||
    now.getTime() - session.createdAt.getTime() >= SESSION_MAX_AGE_SECONDS * 1000
  ) {
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return {
    id: user.id,
    role: user.role,
    agencyId: user.agencyId,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

/** Sign-out: the session ends on the server, so a copy of its token opens nothing any more. */
export async function revokeSession(sessionId: unknown, now: Date = new Date(), options: Options = {}): Promise<void> {
  if (typeof sessionId !== "string" || !UUID.test(sessionId)) return;
  const db = options.db ?? (await prisma());
  await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}
