import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hasPermission, PERMISSIONS, ROLE_HOME, SEEKER_SCOPES, seekerScope, type Actor, type Permission } from "@/server/auth/policy";
import { Role } from "@/generated/prisma/enums";

const actor = (role: Role, agencyId: string | null = "agency-1"): Actor => ({
  id: `${role.toLowerCase()}-1`,
  role,
  agencyId,
  email: `${role.toLowerCase()}@test.fr`,
  firstName: "Prénom",
  lastName: "Nom",
});

const APP = path.join("src", "app");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every page of the app by the path it serves (route groups such as `(espace)` do not show in the path). */
const PAGES = new Map<string, string>(
  filesUnder(APP)
    .filter((file) => path.basename(file) === "page.tsx")
    .map((file) => {
      const segments = path
        .relative(APP, path.dirname(file))
        .split(path.sep)
        .filter((segment) => segment && !/^\(.*\)$/.test(segment));
      return [`/${segments.join("/")}`, file] as const;
    }),
);

/** The permissions a page asks for with requirePageActor, in the page itself and in the layouts above it. */
function permissionsRequiredBy(page: string): Permission[] {
  const files = [page];
  for (let dir = path.dirname(page); dir.startsWith(APP); dir = path.dirname(dir)) {
    const layout = path.join(dir, "layout.tsx");
    if (existsSync(layout)) files.push(layout);
  }
  return files.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/requirePageActor\(\s*["']([^"']+)["']/g)].map((m) => m[1] as Permission));
}

// One row per role: the permissions it holds. Anything not listed must be refused.
const EXPECTED: Record<Role, Permission[]> = {
  ADVISOR: [
    "caseload:read",
    "diagnostic:confirm",
    "placement:request",
    "appointment:manage",
    "seeker-contact:correct",
    "seeker:lifecycle",
    "account:manage",
    "campaign:triage",
    "tandem:note",
    "appointment-request:answer",
    "conversation:read",
    "conversation:write",
    "orientation:departement-decision",
    "orientation:read",
    "contract:write",
    "contract:read",
    "joint-diagnostic:book",
    "breach:report",
    "breach:lift",
    "breach:read",
  ],
  MANAGER: [
    "agency:read",
    "reviews:plan",
    "interviews:book",
    "placement:decide",
    "portfolio:rebalance",
    "agency:configure",
    "audit:read",
    "seeker:lifecycle",
    "account:manage",
    "campaign:manage",
    "registrations:import",
    "orientation:departement-decision",
    "orientation:read",
    "contract:write",
    "contract:read",
    "joint-diagnostic:book",
    "breach:decide",
    "breach:lift",
    "breach:read",
  ],
  SEEKER: ["seeker-space:read", "seeker-space:manage", "account:manage", "appointment-request:create", "conversation:read", "conversation:write"],
  SOCIAL_WORKER: ["tandem:read", "tandem:note", "tandem:book", "account:manage", "conversation:read", "conversation:write"],
  ADMIN: [
    "agency:read",
    "admin:read",
    "reviews:plan",
    "interviews:book",
    "placement:decide",
    "portfolio:rebalance",
    "agency:configure",
    "audit:read",
    "seeker:lifecycle",
    "account:manage",
    "campaign:manage",
    "registrations:import",
    "orientation:read",
    "contract:read",
    "joint-diagnostic:book",
    "breach:read",
  ],
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

  it("sends every role of the schema to a page of the app that this role may open", () => {
    const roles = Object.values(Role);
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      const home = ROLE_HOME[role];
      expect(typeof home, `ROLE_HOME.${role}: no home for this role of the schema`).toBe("string");
      expect(home, `ROLE_HOME.${role}`).toMatch(/^\//);
      const page = PAGES.get(home);
      expect(page, `${role} → ${home}: no page.tsx serves this path under src/app`).toBeDefined();
      // The permissions the page and its layouts ask for (requirePageActor): at least one, each held by the role.
      const required = permissionsRequiredBy(page!);
      expect(required.length, `${page} asks for no permission`).toBeGreaterThan(0);
      for (const permission of required) {
        expect(Object.keys(PERMISSIONS), `${page}: unknown permission ${permission}`).toContain(permission);
        expect(hasPermission(actor(role), permission), `${role} → ${home} asks for ${permission}`).toBe(true);
      }
    }
  });

  it("scopes seekers to the actor's own reach", () => {
    expect(seekerScope(actor("SEEKER"))).toEqual({ userId: "seeker-1" });
    expect(seekerScope(actor("MANAGER"))).toEqual({ agencyId: "agency-1" });
    expect(seekerScope(actor("ADMIN"))).toEqual({});
    expect(seekerScope(actor("ADVISOR"))).toEqual({
      agencyId: "agency-1",
      // The closed files they followed too (to read and reopen them: docs/rules.md#exits-reopening-and-transfers).
      OR: [
        { portfolio: { advisorId: "advisor-1" } },
        { status: "AWAITING_DIAGNOSTIC" },
        { status: "CLOSED", assignments: { some: { portfolio: { advisorId: "advisor-1" } } } },
      ],
    });
    expect(seekerScope(actor("SOCIAL_WORKER"))).toEqual({
      tandems: { some: { socialWorkerId: "social_worker-1", endedAt: null } },
    });
  });

  it("gives the tandem scope to the social worker's open tandems only, and the notes' scope also to the advisor in charge", () => {
    const open = { tandems: { some: { socialWorkerId: "social_worker-1", endedAt: null } } };
    expect(SEEKER_SCOPES.tandem(actor("SOCIAL_WORKER"))).toEqual(open);
    expect(SEEKER_SCOPES.tandemNotes(actor("SOCIAL_WORKER"))).toEqual(open);
    expect(SEEKER_SCOPES.tandemNotes(actor("ADVISOR"))).toEqual({
      agencyId: "agency-1",
      portfolio: { advisorId: "advisor-1" },
      tandems: { some: { endedAt: null } },
    });
    for (const role of ["ADVISOR", "MANAGER", "SEEKER", "ADMIN"] as const) expect(SEEKER_SCOPES.tandem(actor(role))).toEqual({ id: { in: [] } });
    for (const role of ["MANAGER", "SEEKER", "ADMIN"] as const) expect(SEEKER_SCOPES.tandemNotes(actor(role))).toEqual({ id: { in: [] } });
  });

  it("scopes a conversation to its participants: never a colleague's portfolio, the queue, a manager or an administrator", () => {
    expect(SEEKER_SCOPES.conversation(actor("SEEKER"))).toEqual({ userId: "seeker-1" });
    expect(SEEKER_SCOPES.conversation(actor("ADVISOR"))).toEqual({ agencyId: "agency-1", portfolio: { advisorId: "advisor-1" } });
    expect(SEEKER_SCOPES.conversation(actor("SOCIAL_WORKER"))).toEqual({ tandems: { some: { socialWorkerId: "social_worker-1", endedAt: null } } });
    expect(SEEKER_SCOPES.conversation(actor("MANAGER"))).toEqual({ id: { in: [] } });
    expect(SEEKER_SCOPES.conversation(actor("ADMIN"))).toEqual({ id: { in: [] } });
    expect(SEEKER_SCOPES.conversation(actor("ADVISOR", null))).toEqual({ id: { in: [] } });
  });

  it("gives an agency-bound role without an agency nothing at all", () => {
    expect(seekerScope(actor("MANAGER", null))).toEqual({ id: { in: [] } });
    expect(seekerScope(actor("ADVISOR", null))).toEqual({ id: { in: [] } });
  });
});
