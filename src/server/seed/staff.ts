/**
 * Agency and staff rows: the agency itself, its manager, advisors (with their profiles and portfolios) and,
 * where the département has the « global » partnership, its social workers.
 */
import { randomUUID } from "node:crypto";
import type { Modality } from "@/domain";
import type { Role } from "@/generated/prisma/client";
import { drawName, emailPart, type PersonName } from "./people";
import type { PortfolioLayout } from "./portfolios";
import type { Random } from "./random";
import type { AdvisorProfileRow, AgencyRow, Dataset, PortfolioRow, UserRow } from "./rows";

/** A named staff member with a fixed login (the demo personas). */
export interface StaffPersona extends PersonName {
  email: string;
}

export interface AgencyIdentity {
  code: string;
  name: string;
  departement: string;
  address: string;
  /** The number seekers call (given in every message); fiction ranges only. */
  phone?: string | null;
  globalPartnership: boolean;
}

export interface StaffPlan {
  agency: AgencyRow;
  manager: UserRow;
  advisors: UserRow[];
  socialWorkers: UserRow[];
  /** Portfolio rows with the number of seekers each is to receive. */
  portfolios: { row: PortfolioRow; size: number }[];
  /** Index in `advisors` of the persona advisor (holding GUIDE and, if possible, SUIVI), or −1. */
  personaAdvisorIndex: number;
}

export interface StaffInput {
  identity: AgencyIdentity;
  layout: PortfolioLayout;
  socialWorkerCount: number;
  passwordHash: string;
  createdAt: number;
  personas: { manager?: StaffPersona; advisor?: StaffPersona; socialWorker?: StaffPersona };
}

/** Lower-case slug of an agency code for staff e-mail addresses: « 76-ROUEN-RG » → « 76-rouen-rg ». */
function agencySlug(code: string): string {
  return emailPart(code.replace(/[^A-Za-z0-9-]/g, "-"));
}

/** The advisor best suited to be the demo advisor: GUIDE + SUIVI and nothing else, else GUIDE + SUIVI, else GUIDE. */
function personaAdvisorIndex(layout: PortfolioLayout): number {
  const held = Array.from({ length: layout.advisorCount }, () => new Set<Modality>());
  for (const p of layout.portfolios) held[p.advisorIndex]?.add(p.modality);
  const exact = held.findIndex((s) => s.size === 2 && s.has("GUIDE") && s.has("SUIVI"));
  if (exact >= 0) return exact;
  const both = held.findIndex((s) => s.has("GUIDE") && s.has("SUIVI"));
  return both >= 0 ? both : held.findIndex((s) => s.has("GUIDE"));
}

export function buildStaff(random: Random, input: StaffInput): StaffPlan {
  const { identity, layout, passwordHash, createdAt } = input;
  const agency: AgencyRow = { id: randomUUID(), ...identity, phone: identity.phone ?? null, createdAt };
  const slug = agencySlug(identity.code);
  // Two names may share an address (« Le Roux » and « Leroux » both give « leroux »): drawn names are unique by it.
  const usedEmails = new Set<string>();
  const emailOf = (name: PersonName) => `${emailPart(name.firstName)}.${emailPart(name.lastName)}.${slug}@modalis.demo`;

  const user = (role: Role, persona: StaffPersona | undefined): UserRow => {
    let name: PersonName = persona ?? drawName(random, identity.departement);
    while (persona === undefined && usedEmails.has(emailOf(name))) name = drawName(random, identity.departement);
    const email = persona?.email ?? emailOf(name);
    usedEmails.add(email);
    return { id: randomUUID(), email, firstName: name.firstName, lastName: name.lastName, role, passwordHash, agencyId: agency.id, createdAt };
  };

  const manager = user("MANAGER", input.personas.manager);
  const personaIndex = input.personas.advisor ? personaAdvisorIndex(layout) : -1;
  const advisors = Array.from({ length: layout.advisorCount }, (_, i) => user("ADVISOR", i === personaIndex ? input.personas.advisor : undefined));
  const socialWorkers = identity.globalPartnership
    ? Array.from({ length: input.socialWorkerCount }, (_, i) => user("SOCIAL_WORKER", i === 0 ? input.personas.socialWorker : undefined))
    : [];

  const portfolios = layout.portfolios.map((p) => {
    const advisor = advisors[p.advisorIndex];
    if (advisor === undefined) throw new Error(`Conseiller ${p.advisorIndex} absent du plan de portefeuilles.`);
    const row: PortfolioRow = { id: randomUUID(), agencyId: agency.id, advisorId: advisor.id, modality: p.modality, cap: p.cap, createdAt };
    return { row, size: p.size };
  });
  return { agency, manager, advisors, socialWorkers, portfolios, personaAdvisorIndex: personaIndex };
}

/** Rows of the staff plan into a data set: agency, users, advisor profiles, portfolios. */
export function addStaffRows(random: Random, plan: StaffPlan, dataset: Dataset): void {
  dataset.agencies.push(plan.agency);
  dataset.users.push(plan.manager, ...plan.advisors, ...plan.socialWorkers);
  plan.advisors.forEach((advisor, i) => {
    const profile: AdvisorProfileRow = {
      id: randomUUID(),
      userId: advisor.id,
      agencyId: plan.agency.id,
      phone: `02 61 91 ${random.int(10, 99)} ${random.int(10, 99)}`,
      office: `Bureau ${101 + i}`,
    };
    dataset.advisorProfiles.push(profile);
  });
  dataset.portfolios.push(...plan.portfolios.map((p) => p.row));
}
