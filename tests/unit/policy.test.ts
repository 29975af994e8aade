import { describe, expect, it } from "vitest";
import { hasPermission, PERMISSIONS, ROLE_HOME, seekerScope, type Actor, type Permission } from "@/server/auth/policy";
import type { Role } from "@/generated/prisma/enums";

const actor = (role: Role, agencyId: string | null = "agency-1"): Actor => ({
  id: `${role.toLowerCase()}-1`,
  role,
  agencyId,
  email: `${role.toLowerCase()}@test.fr`,
  firstName: "Prénom",
  lastName: "Nom",
});

// One row per role: the permissions it holds. Anything not listed must be refused.
const EXPECTED: Record<Role, Permission[]> = {
  ADVISOR: ["caseload:read", "diagnostic:confirm", "appointment:manage", "account:manage"],
  MANAGER: ["agency:read", "reviews:plan", "portfolio:rebalance", "agency:configure", "audit:read", "account:manage"],
  SEEKER: ["seeker-space:read", "seeker-space:manage", "account:manage"],
  SOCIAL_WORKER: ["tandem:read", "account:manage"],
  ADMIN: ["agency:read", "admin:read", "reviews:plan", "portfolio:rebalance", "agency:configure", "audit:read", "account:manage"],
};

describe("authorization policy", () => {
  const permissions = Object.keys(PERMISSIONS) as Permission[];
  for (const [role, allowed] of Object.entries(EXPECTED) as [Role, Permission[]][]) {
    for (const permission of permissions) {
      const expected = allowed.includes(permission);
      it(`${role} ${expected ? "may" : "may not"} ${permission}`, () => {
        expect(hasPermission(actor(role), permission)).toBe(expected);
      });
    }
  }

  it("sends every role to a home it is allowed to open", () => {
    expect(ROLE_HOME).toEqual({
      ADVISOR: "/conseiller",
      MANAGER: "/agence",
      SEEKER: "/mon-espace",
      SOCIAL_WORKER: "/travailleur-social",
      ADMIN: "/admin",
    });
  });

  it("scopes seekers to the actor's own reach", () => {
    expect(seekerScope(actor("SEEKER"))).toEqual({ userId: "seeker-1" });
    expect(seekerScope(actor("MANAGER"))).toEqual({ agencyId: "agency-1" });
    expect(seekerScope(actor("ADMIN"))).toEqual({});
    expect(seekerScope(actor("ADVISOR"))).toEqual({
      agencyId: "agency-1",
      OR: [{ portfolio: { advisorId: "advisor-1" } }, { status: "AWAITING_DIAGNOSTIC" }],
    });
    expect(seekerScope(actor("SOCIAL_WORKER"))).toEqual({
      tandems: { some: { socialWorkerId: "social_worker-1", endedAt: null } },
    });
  });

  it("gives an agency-bound role without an agency nothing at all", () => {
    expect(seekerScope(actor("MANAGER", null))).toEqual({ id: { in: [] } });
    expect(seekerScope(actor("ADVISOR", null))).toEqual({ id: { in: [] } });
  });
});
