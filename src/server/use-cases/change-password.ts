/**
 * A signed-in person changes their own password: the current one is verified, the new one hashed with argon2id,
 * and the session version bumped so that every session, this one included, must sign in again.
 */
import type { PrismaClient } from "@/generated/prisma/client";
import { auditRow } from "@/server/audit";
import type { Actor } from "@/server/auth/policy";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { prisma } from "@/server/db";
import { DomainError } from "@/server/errors";
import type { ChangePasswordInput } from "./change-password.schema";

export async function changePassword(actor: Actor, input: ChangePasswordInput, options: { db?: PrismaClient } = {}): Promise<{ changed: true }> {
  if (input.newPassword.trim().toLowerCase() === actor.email.toLowerCase()) {
    throw new DomainError("INVALID", "Le nouveau mot de passe ne peut pas être votre adresse e-mail.");
  }
  const db = options.db ?? (await prisma());
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError("INVALID", "Le mot de passe actuel est incorrect : rien n'a été changé.");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction([
    db.user.update({ where: { id: actor.id }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { id: true } }),
    db.auditEvent.create({ data: auditRow({ actor, action: "user.password_changed", subjectType: "User", subjectId: actor.id }), select: { id: true } }),
  ]);
  return { changed: true };
}
