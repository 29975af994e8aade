import "server-only";
import { CAP_FIELDS, localDateOf, modalitiesOfOffer, offerTransitionDeadline, timeZoneOf, type Modality } from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import { agencyScope, hasPermission, type Actor } from "@/server/auth/policy";
import { prisma } from "@/server/db";
import { isUuid } from "@/lib/route-params";
import { agencySettingFields } from "./selects";
import { transitionSummary, type TransitionSummary } from "./offer-transition";

export type ModalityLoads = {
  modality: Modality;
  cap: number;
  portfolios: number;
  /** Every portfolio's load, highest first (the form counts those above a proposed cap as the manager types). */
  loads: { advisorName: string; load: number }[];
  highestLoad: number;
};

export type SocialWorkerRow = {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  active: boolean;
  openTandems: number;
};

/** The agency's settings the page shows, besides its caps. */
const settings = {
  id: true,
  code: true,
  name: true,
  departement: true,
  offer: true,
  offerChangedAt: true,
  ...agencySettingFields,
} as const satisfies Prisma.AgencySelect;

type AgencySettingsView = {
  agency: Prisma.AgencyGetPayload<{ select: typeof settings }>;
  caps: ModalityLoads[];
  globalSeekers: number;
  socialWorkers: SocialWorkerRow[];
  /** The offer section (issue 20): what switching means, and the transition once on the 2025 offer. */
  offer: {
    followedSeekers: number;
    /** Orientations under the 2025 rules: once there is one, the agency cannot go back to the 2014 offer. */
    orientations: number;
    transitionDeadline: string;
    transition: TransitionSummary | null;
  };
};

/** What the settings page shows of one agency, or null when the actor may not configure it (or it does not exist). */
export async function agencySettings(actor: Actor, agencyId: string, now: Date = new Date()): Promise<AgencySettingsView | null> {
  if (!hasPermission(actor, "agency:configure") || !isUuid(agencyId)) return null;
  const db = await prisma();
  const agency = await db.agency.findFirst({
    where: { AND: [agencyScope(actor), { id: agencyId }] },
    select: { ...settings, capSuivi: true, capGuide: true, capRenforce: true, capGlobal: true, capIntensif: true, capAgile: true, capTandem: true },
  });
  if (!agency) return null;
  const today = localDateOf(now.toISOString(), timeZoneOf(agency.departement));
  const [portfolios, counts, globalSeekers, workers, tandems, followedSeekers, orientations, transition] = await Promise.all([
    db.portfolio.findMany({
      where: { agencyId: agency.id },
      select: { id: true, modality: true, advisor: { select: { firstName: true, lastName: true } } },
    }),
    db.seeker.groupBy({ by: ["portfolioId"], where: { agencyId: agency.id, portfolioId: { not: null } }, _count: { _all: true } }),
    db.seeker.count({ where: { agencyId: agency.id, status: "FOLLOWED", modality: "GLOBAL" } }),
    db.user.findMany({
      where: { agencyId: agency.id, role: "SOCIAL_WORKER" },
      select: { id: true, firstName: true, lastName: true, email: true, active: true },
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    }),
    db.socialTandem.groupBy({ by: ["socialWorkerId"], where: { agencyId: agency.id, endedAt: null }, _count: { _all: true } }),
    db.seeker.count({ where: { agencyId: agency.id, status: "FOLLOWED" } }),
    db.orientation.count({ where: { agencyId: agency.id } }),
    transitionSummary(db, { id: agency.id, departement: agency.departement, offer: agency.offer, today }),
  ]);
  const loadOf = new Map(counts.map((c) => [c.portfolioId, c._count._all]));
  const tandemsOf = new Map(tandems.map((t) => [t.socialWorkerId, t._count._all]));
  const caps = modalitiesOfOffer(agency.offer).map((modality): ModalityLoads => {
    const loads = portfolios
      .filter((p) => p.modality === modality)
      .map((p) => ({ advisorName: `${p.advisor.firstName} ${p.advisor.lastName}`, load: loadOf.get(p.id) ?? 0 }))
      .sort((a, b) => b.load - a.load || a.advisorName.localeCompare(b.advisorName, "fr"));
    return { modality, cap: agency[CAP_FIELDS[modality]], portfolios: loads.length, loads, highestLoad: loads[0]?.load ?? 0 };
  });
  return {
    agency,
    caps,
    globalSeekers,
    socialWorkers: workers.map((w) => ({ ...w, openTandems: tandemsOf.get(w.id) ?? 0 })),
    offer: { followedSeekers, orientations, transitionDeadline: offerTransitionDeadline(agency.departement), transition },
  };
}

/** The agencies an actor may configure (an administrator's choice of agency). */
export async function configurableAgencies(actor: Actor): Promise<{ id: string; code: string; name: string }[]> {
  if (!hasPermission(actor, "agency:configure")) return [];
  const db = await prisma();
  return db.agency.findMany({ where: agencyScope(actor), select: { id: true, code: true, name: true }, orderBy: { name: "asc" } });
}
