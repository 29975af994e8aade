import { describe, expect, it } from "vitest";
import { AUDIT_LIMITS, auditRow } from "@/server/audit";
import type { AuditAction } from "@/lib/audit-vocabulary";

describe("audit rows", () => {
  it("bound every value, whoever supplied it: long strings are cut, metadata stays small and flat", () => {
    const forwarded = "203.0.113.1, ".repeat(1200);
    const metadata: Record<string, string | number | boolean | null> = {
      address: forwarded,
      infinite: Number.POSITIVE_INFINITY,
      [`k${"e".repeat(100)}`]: true,
    };
    for (let i = 0; i < 50; i += 1) metadata[`extra${i}`] = i;
    // The action is typed (a closed vocabulary); the bound still holds for whatever a cast lets through.
    const row = auditRow({
      actor: null,
      action: `auth.${"x".repeat(500)}` as AuditAction,
      subjectType: "User".repeat(50),
      subjectId: "i".repeat(5000),
      metadata,
    });
    expect(row.action.length).toBeLessThanOrEqual(AUDIT_LIMITS.action);
    expect(row.subjectType!.length).toBeLessThanOrEqual(AUDIT_LIMITS.subjectType);
    expect(row.subjectId!.length).toBeLessThanOrEqual(AUDIT_LIMITS.subjectId);
    const stored = row.metadata as Record<string, unknown>;
    expect(Object.keys(stored)).toHaveLength(AUDIT_LIMITS.metadataKeys);
    expect(String(stored.address)).toHaveLength(AUDIT_LIMITS.metadataText);
    expect(String(stored.address).endsWith("…")).toBe(true);
    expect(stored.infinite).toBeNull();
    for (const key of Object.keys(stored)) expect(key.length).toBeLessThanOrEqual(AUDIT_LIMITS.metadataKey);
    expect(JSON.stringify(row).length).toBeLessThan(2000);
  });

  it("keeps ordinary values as they are", () => {
    const row = auditRow({
      actor: null,
      action: "auth.login.failed",
      subjectType: "User",
      subjectId: "8c1f",
      metadata: { reason: "wrong-password", address: "::1", refused: 3, ok: false },
    });
    expect(row).toMatchObject({
      action: "auth.login.failed",
      subjectType: "User",
      subjectId: "8c1f",
      metadata: { reason: "wrong-password", address: "::1", refused: 3, ok: false },
    });
  });
});
