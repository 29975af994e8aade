import type { Prisma, Role } from "@/generated/prisma/client";

/** The signed-in person, as re-read from the database on every request. */
export type Actor = {
  id: string;
  role: Role;
  agencyId: string | null;
  email: string;
  firstName: string;
  lastName: string;
  /** Signed in with a one-time password: only changing it is allowed until then. */
  mustChangePassword?: boolean;
};

/**
 * What each role may do. Every server action, route handler and page names one of these; the scope
 * functions below then restrict *which* rows it may touch.
 */
export const PERMISSIONS = {
  "caseload:read": ["ADVISOR"],
  "agency:read": ["MANAGER", "ADMIN"],
  "seeker-space:read": ["SEEKER"],
  "tandem:read": ["SOCIAL_WORKER"],
  /** Write a note of the GLOBAL tandem (docs/rules.md#the-tandem-file): its social worker, or the advisor in charge. */
  "tandem:note": ["SOCIAL_WORKER", "ADVISOR"],
  /** Book a joint meeting or the social review from the tandem file (the advisor books from the seeker's file). */
  "tandem:book": ["SOCIAL_WORKER"],
  "admin:read": ["ADMIN"],
  /** Confirm a diagnostic: the 2014 modality, or the 2025 orientation in an agency on the 2025 offer. */
  "diagnostic:confirm": ["ADVISOR"],
  "placement:request": ["ADVISOR"],
  "placement:decide": ["MANAGER", "ADMIN"],
  "appointment:manage": ["ADVISOR"],
  "reviews:plan": ["MANAGER", "ADMIN"],
  /** Book the joint diagnostic of an RSA recipient in the social parcours: the advisor in charge for one person, the manager for the agency. */
  "joint-diagnostic:book": ["ADVISOR", "MANAGER", "ADMIN"],
  "interviews:book": ["MANAGER", "ADMIN"],
  "portfolio:rebalance": ["MANAGER", "ADMIN"],
  "agency:configure": ["MANAGER", "ADMIN"],
  "audit:read": ["MANAGER", "ADMIN"],
  "seeker-space:manage": ["SEEKER"],
  "seeker-contact:correct": ["ADVISOR"],
  /** Close, reopen or transfer a file (docs/rules.md#exits-reopening-and-transfers); the row scope says which. */
  "seeker:lifecycle": ["ADVISOR", "MANAGER", "ADMIN"],
  /** Import registrants from the national file (docs/rules.md#registration-imports): a manager for their agency. */
  "registrations:import": ["MANAGER", "ADMIN"],
  "account:manage": ["ADVISOR", "MANAGER", "SEEKER", "SOCIAL_WORKER", "ADMIN"],
  /** Open, adjust and close a triage campaign; set or remove the agency's closure days. */
  "campaign:manage": ["MANAGER", "ADMIN"],
  /** Work through one's share of a triage campaign. */
  "campaign:triage": ["ADVISOR"],
  /** A seeker asks to move one of their appointments, or says they cannot come (docs/rules.md#seekers-requests-on-appointments). */
  "appointment-request:create": ["SEEKER"],
  /** The advisor in charge answers a seeker's request on an appointment. */
  "appointment-request:answer": ["ADVISOR"],
  /** Read a seeker's conversation (docs/rules.md#conversations); the row scope `conversation` says whose. */
  "conversation:read": ["SEEKER", "ADVISOR", "SOCIAL_WORKER"],
  /** Write in a seeker's conversation: the seeker, the advisor in charge, the social worker of the open tandem. */
  "conversation:write": ["SEEKER", "ADVISOR", "SOCIAL_WORKER"],
  /** Record the département's decision on an RSA recipient's orientation proposed to it. */
  "orientation:departement-decision": ["ADVISOR", "MANAGER"],
  /** Read a file's 2025 orientation (state, deadlines): staff who may see the file. */
  "orientation:read": ["ADVISOR", "MANAGER", "ADMIN"],
  /** Save a revision of a contrat d'engagement (2025 offer): the advisor in charge, the agency's manager (scope `contract`). */
  "contract:write": ["ADVISOR", "MANAGER"],
  /** Read contrats d'engagement and the contracts due or overdue: staff who may see the file or the agency. */
  "contract:read": ["ADVISOR", "MANAGER", "ADMIN"],
  /**
   * Breaches under the 2025 offer (docs/rules.md#breaches-2025): the advisor in charge reports one and records its
   * notice and the person's answer; the decision is entered by the agency's manager only (decided by the regional
   * director or the département, received by the management); the remobilisation by the advisor or the manager.
   */
  "breach:report": ["ADVISOR"],
  "breach:decide": ["MANAGER"],
  "breach:lift": ["ADVISOR", "MANAGER"],
  "breach:read": ["ADVISOR", "MANAGER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

/** Where each role lands after signing in. */
export const ROLE_HOME: Record<Role, string> = {
  ADVISOR: "/conseiller",
  MANAGER: "/agence",
  SEEKER: "/mon-espace",
  SOCIAL_WORKER: "/travailleur-social",
  ADMIN: "/admin",
};

const NOTHING = { id: { in: [] as string[] } };

/** The seekers an actor may see at all; every seeker query of a role-facing surface filters by it. */
export function seekerScope(actor: Actor): Prisma.SeekerWhereInput {
  switch (actor.role) {
    case "ADMIN":
      return {};
    case "MANAGER":
      return actor.agencyId ? { agencyId: actor.agencyId } : NOTHING;
    case "ADVISOR":
      // Their own portfolios, plus the agency's queue of seekers awaiting a first diagnostic, plus the closed files they
      // followed (to read them and reopen them).
      return actor.agencyId
        ? {
            agencyId: actor.agencyId,
            OR: [{ portfolio: { advisorId: actor.id } }, { status: "AWAITING_DIAGNOSTIC" }, closedFollowedBy(actor)],
          }
        : NOTHING;
    case "SOCIAL_WORKER":
      return openTandemsOf(actor);
    case "SEEKER":
      return { userId: actor.id };
  }
}

/** The seekers of the social worker's open tandems (the global modality's). */
function openTandemsOf(actor: Actor): Prisma.SeekerWhereInput {
  return { tandems: { some: { socialWorkerId: actor.id, endedAt: null } } };
}

/** The seekers of the advisor's own portfolios (never a colleague's, never the agency's queue). */
function ownPortfoliosOf(actor: Actor): Prisma.SeekerWhereInput {
  return actor.agencyId ? { agencyId: actor.agencyId, portfolio: { advisorId: actor.id } } : NOTHING;
}

/** A closed file once followed in one of the advisor's portfolios (of the advisor's agency, filtered by the caller). */
function closedFollowedBy(actor: Actor): Prisma.SeekerWhereInput {
  return { status: "CLOSED", assignments: { some: { portfolio: { advisorId: actor.id } } } };
}

/** The followed seekers of the actor's agency in an open campaign's share given to them, not done yet. */
function campaignShare(actor: Actor): Prisma.SeekerWhereInput {
  return {
    agencyId: actor.agencyId!,
    status: "FOLLOWED",
    triageFiles: { some: { advisorId: actor.id, doneAt: null, campaign: { closedAt: null, agencyId: actor.agencyId! } } },
  };
}

/** The agencies an actor may see. */
export function agencyScope(actor: Actor): Prisma.AgencyWhereInput {
  if (actor.role === "ADMIN") return {};
  return actor.agencyId ? { id: actor.agencyId } : NOTHING;
}

/**
 * The row-level scopes, next to the permissions: which seekers an operation may touch, by name. Each is a Prisma
 * filter applied by src/server/auth/row-scope.ts; an actor outside the scope gets the same NOT_FOUND as for a seeker
 * that does not exist.
 */
export const SEEKER_SCOPES = {
  /** Everything the role may see (the queue and own portfolios for an advisor, the agency for a manager…). */
  visible: seekerScope,
  /** A seeker in one of the advisor's own portfolios: never a colleague's. */
  inOwnPortfolio: (actor: Actor): Prisma.SeekerWhereInput => (actor.role === "ADVISOR" ? ownPortfoliosOf(actor) : NOTHING),
  /**
   * A file whose life cycle (exit, reopening, transfer) the actor may change: the advisor in charge (their portfolios,
   * a closed file they followed, and the agency's queue they diagnose), the agency's managers, administrators anywhere.
   */
  lifeCycle: (actor: Actor): Prisma.SeekerWhereInput => (actor.role === "SEEKER" || actor.role === "SOCIAL_WORKER" ? NOTHING : seekerScope(actor)),
  /**
   * A seeker an advisor may diagnose: the agency's queue, their own portfolios, and the files of an open triage
   * campaign given to them and not done yet (docs/rules.md#triage-campaigns).
   */
  diagnosable: (actor: Actor): Prisma.SeekerWhereInput =>
    actor.role === "ADVISOR" && actor.agencyId ? { OR: [seekerScope(actor), campaignShare(actor)] } : NOTHING,
  /**
   * A file whose 2025 orientation the actor may record or read: for an advisor the files they may diagnose (the
   * agency's queue, their own portfolios, their share of an open triage campaign); the agency's files for a manager;
   * any file for an administrator (the permission decides what they may do with it).
   */
  orientation: (actor: Actor): Prisma.SeekerWhereInput => {
    switch (actor.role) {
      case "ADVISOR":
        return actor.agencyId ? { OR: [seekerScope(actor), campaignShare(actor)] } : NOTHING;
      case "MANAGER":
      case "ADMIN":
        return seekerScope(actor);
      default:
        return NOTHING;
    }
  },
  /**
   * A file whose contrat d'engagement the actor may write (docs/rules.md#contrat-dengagement): for an advisor their own
   * portfolios and the agency's queue (a seeker oriented to France Travail and not placed yet), never a colleague's
   * portfolio; the agency's files for a manager; nobody else.
   */
  contract: (actor: Actor): Prisma.SeekerWhereInput => {
    if (!actor.agencyId) return NOTHING;
    if (actor.role === "ADVISOR") {
      return { agencyId: actor.agencyId, OR: [{ portfolio: { advisorId: actor.id } }, { status: "AWAITING_DIAGNOSTIC", portfolioId: null }] };
    }
    return actor.role === "MANAGER" ? { agencyId: actor.agencyId } : NOTHING;
  },
  /**
   * A file whose breaches the actor may record or read (docs/rules.md#breaches-2025): the advisor's own portfolios
   * (never a colleague's, never the queue), the agency's files for a manager, any file for an administrator (who may
   * only read them: the permissions decide).
   */
  breaches: (actor: Actor): Prisma.SeekerWhereInput => {
    switch (actor.role) {
      case "ADVISOR":
        return ownPortfoliosOf(actor);
      case "MANAGER":
      case "ADMIN":
        return seekerScope(actor);
      default:
        return NOTHING;
    }
  },
  /** A file of an open triage campaign given to this advisor, not done yet. */
  campaignShare: (actor: Actor): Prisma.SeekerWhereInput => (actor.role === "ADVISOR" && actor.agencyId ? campaignShare(actor) : NOTHING),
  /**
   * The seeker of one of the social worker's open GLOBAL tandems (docs/rules.md#the-tandem-file); nothing for anyone
   * else (an ended tandem gives nothing).
   */
  tandem: (actor: Actor): Prisma.SeekerWhereInput => (actor.role === "SOCIAL_WORKER" ? openTandemsOf(actor) : NOTHING),
  /**
   * A seeker whose tandem notes the actor may write and read: the social worker of the open tandem, or the advisor in
   * charge (own portfolios) of a seeker with an open tandem.
   */
  tandemNotes: (actor: Actor): Prisma.SeekerWhereInput =>
    actor.role === "SOCIAL_WORKER"
      ? openTandemsOf(actor)
      : actor.role === "ADVISOR" && actor.agencyId
        ? { agencyId: actor.agencyId, portfolio: { advisorId: actor.id }, tandems: { some: { endedAt: null } } }
        : NOTHING,
  /** The signed-in seeker's own file. */
  ownFile: (actor: Actor): Prisma.SeekerWhereInput => (actor.role === "SEEKER" ? { userId: actor.id } : NOTHING),
  /**
   * A conversation the actor takes part in (docs/rules.md#conversations): the seeker's own; an advisor's own portfolios
   * (not the agency's queue, not a colleague's); a social worker's open tandems (the global modality's). Managers and
   * administrators never read one.
   */
  conversation: (actor: Actor): Prisma.SeekerWhereInput => {
    switch (actor.role) {
      case "SEEKER":
        return { userId: actor.id };
      case "ADVISOR":
        return ownPortfoliosOf(actor);
      case "SOCIAL_WORKER":
        return openTandemsOf(actor);
      default:
        return NOTHING;
    }
  },
} as const satisfies Record<string, (actor: Actor) => Prisma.SeekerWhereInput>;

export type SeekerScopeName = keyof typeof SEEKER_SCOPES;

/** Whether the actor may act on this agency: administrators on any, others on their own only. */
export function isAgencyInScope(actor: Actor, agencyId: string): boolean {
  return actor.role === "ADMIN" || (actor.agencyId !== null && actor.agencyId === agencyId);
}
