import "server-only";
import { prisma } from "@/server/db";
import type { Prisma } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import type { AuditAction } from "@/lib/audit-vocabulary";

export type AuditInput = {
  actor: Actor | null;
  /** One of the journal's closed vocabulary (`AUDIT_ACTIONS`, each with its French label). */
  action: AuditAction;
  agencyId?: string | null;
  subjectType?: string;
  subjectId?: string;
  seekerId?: string;
  /** Identifiers and codes only — never answers, barriers, health or free text about a person. */
  metadata?: Record<string, string | number | boolean | null>;
};

/**
 * The journal is append-only, so whatever reaches it stays: every value is bounded here, whoever supplied it
 * (a header, a form). Longer strings are cut with « … », metadata keeps its first keys only, numbers must be finite.
 */
export const AUDIT_LIMITS = { action: 80, subjectType: 40, subjectId: 100, metadataKeys: 20, metadataKey: 40, metadataText: 200 } as const;

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function boundedMetadata(metadata: AuditInput["metadata"]): Record<string, string | number | boolean | null> {
  const result: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(metadata ?? {}).slice(0, AUDIT_LIMITS.metadataKeys)) {
    result[bounded(key, AUDIT_LIMITS.metadataKey)] =
      typeof value === "string"
        ? bounded(value, AUDIT_LIMITS.metadataText)
        : typeof value === "number"
          ? Number.isFinite(value)
            ? value
            : null
          : typeof value === "boolean"
            ? value
            : null;
  }
  return result;
}

export function auditRow(input: AuditInput): Prisma.AuditEventUncheckedCreateInput {
  return {
    agencyId: input.agencyId !== undefined ? input.agencyId : (input.actor?.agencyId ?? null),
    actorId: input.actor?.id ?? null,
    actorRole: input.actor?.role ?? null,
    action: bounded(input.action, AUDIT_LIMITS.action),
    subjectType: input.subjectType === undefined ? null : bounded(input.subjectType, AUDIT_LIMITS.subjectType),
    subjectId: input.subjectId === undefined ? null : bounded(input.subjectId, AUDIT_LIMITS.subjectId),
    seekerId: input.seekerId ?? null,
    metadata: boundedMetadata(input.metadata),
  };
}

/** Appends to the audit journal inside the business transaction `tx`: the entry exists exactly if the change does. */
export async function appendAudit(tx: Pick<Prisma.TransactionClient, "auditEvent">, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({ data: auditRow(input), select: { id: true } });
}

/** Appends to the audit journal outside any business transaction (for logins and denials). */
export async function recordAudit(input: AuditInput): Promise<void> {
  const db = await prisma();
  await db.auditEvent.create({ data: auditRow(input), select: { id: true } });
}

/**
 * A read of personal data that is journaled: runs `read`, appends the entry `journal` derives from its result (none
 * when it gives null: nothing that needs journaling was read), and only then hands the result over. Queries never
 * write; the page or route that shows such data reads it through here, so that nothing is shown unjournaled.
 */
export async function journaledRead<T>(read: () => Promise<T>, journal: (result: T) => AuditInput | null): Promise<T> {
  const result = await read();
  const entry = journal(result);
  if (entry) await recordAudit(entry);
  return result;
}
