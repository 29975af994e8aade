/**
 * A signed-in person changes their own password: the current one is verified, the new one hashed with argon2id.
 * Every session of the person ends, this one included (the session version is bumped; the database trigger on
 * `User` would bump it anyway for a new hash), a one-time password is no longer required to be changed, and a
 * seeker's private calendar link is revoked too: it is a bearer credential that whoever had the account may have
 * copied. The page says so; the seeker creates a new link in « Mon espace ».
 */
import "server-only";
import { appendAudit } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { DomainError } from "@/server/errors";
import { changePasswordSchema } from "./change-password.schema";
import { databaseOf, parseInput, runInTransaction, type UseCaseOptions } from "./kit";

export async function changePassword(actor: Actor, rawInput: unknown, options: UseCaseOptions = {}): Promise<{ changed: true; calendarFeedRevoked: boolean }> {
  const input = parseInput(changePasswordSchema, rawInput);
  if (input.newPassword.trim().toLowerCase() === actor.email.toLowerCase()) {
    throw new DomainError("INVALID", "Le nouveau mot de passe ne peut pas être votre adresse e-mail.");
  }
  const db = await databaseOf(options);
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError("INVALID", "Le mot de passe actuel est incorrect : rien n'a été changé.");
  }
  const passwordHash = await hashPassword(input.newPassword);
  return runInTransaction(options, async (tx) => {
    await tx.user.update({
      where: { id: actor.id },
      data: { passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    const feeds = await tx.seeker.updateMany({ where: { userId: actor.id, calendarFeedToken: { not: null } }, data: { calendarFeedToken: null } });
    const calendarFeedRevoked = feeds.count > 0;
    await appendAudit(tx, { actor, action: "user.password_changed", subjectType: "User", subjectId: actor.id, metadata: { calendarFeedRevoked } });
    return { changed: true as const, calendarFeedRevoked };
  });
}
