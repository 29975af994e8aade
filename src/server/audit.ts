import "server-only";
import { prisma } from "@/server/db";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";

export type AuditInput = {
  actor: Actor | null;
  action: string;
  agencyId?: string | null;
  subjectType?: string;
  subjectId?: string;
  seekerId?: string;
  /** Identifiers and codes only — never answers, barriers, health or free text about a person. */
  metadata?: Record<string, string | number | boolean | null>;
};

export function auditRow(input: AuditInput): Prisma.AuditEventUncheckedCreateInput {
  return {
    agencyId: input.agencyId !== undefined ? input.agencyId : (input.actor?.agencyId ?? null),
    actorId: input.actor?.id ?? null,
    actorRole: input.actor?.role ?? null,
    action: input.action,
    subjectType: input.subjectType ?? null,
    subjectId: input.subjectId ?? null,
    seekerId: input.seekerId ?? null,
    metadata: input.metadata ?? {},
  };
}

/** Appends to the audit journal outside any business transaction (for logins and denials). */
export async function recordAudit(input: AuditInput): Promise<void> {
  const db = await prisma();
  await db.auditEvent.create({ data: auditRow(input), select: { id: true } });
}
