/**
 * Rows of a generated data set, one interface per table, as the bulk writer inserts them.
 * Instants are epoch milliseconds, calendar dates `YYYY-MM-DD`, JSON columns already serialised.
 */
import type { AppointmentKind, AppointmentStatus, AssignmentReason, Channel, Modality, Role, SeekerCategory, SeekerStatus } from "@/generated/prisma/client";
import type { AuditAction } from "@/lib/audit-vocabulary";

export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  departement: string;
  address: string;
  phone: string | null;
  globalPartnership: boolean;
  createdAt: number;
}

/** A commune an agency serves (its territory): INSEE code, postal code, official name. */
export interface AgencyCommuneRow {
  inseeCode: string;
  postalCode: string;
  name: string;
  agencyId: string;
}

export interface UserRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  passwordHash: string;
  agencyId: string | null;
  createdAt: number;
}

export interface AdvisorProfileRow {
  id: string;
  userId: string;
  agencyId: string;
  phone: string | null;
  office: string | null;
}

export interface PortfolioRow {
  id: string;
  agencyId: string;
  advisorId: string;
  modality: Modality;
  cap: number;
  createdAt: number;
}

export interface SeekerRow {
  id: string;
  agencyId: string;
  userId: string | null;
  franceTravailId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string | null;
  phone: string | null;
  commune: string;
  postalCode: string;
  registrationDate: string;
  category: SeekerCategory;
  status: SeekerStatus;
  modality: Modality | null;
  webOnly: boolean;
  agreedRhythmMonths: number | null;
  portfolioId: string | null;
  /** Agreed to SMS, and when (epoch ms); wants no optional message (issue 16). */
  smsConsent: boolean;
  smsConsentAt: number | null;
  optionalMessagesOptOut: boolean;
  createdAt: number;
}

interface DiagnosticRow {
  id: string;
  agencyId: string;
  seekerId: string;
  authorId: string;
  rulesetVersion: string;
  answers: string;
  proposedModality: Modality;
  proposedWebOnly: boolean;
  professionalScore: number;
  workAxis: string;
  reasons: string;
  decidedModality: Modality;
  webOnly: boolean;
  overrideJustification: string | null;
  agreedRhythmMonths: number | null;
  createdAt: number;
}

interface AssignmentRow {
  id: string;
  agencyId: string;
  seekerId: string;
  portfolioId: string;
  modality: Modality;
  reason: AssignmentReason;
  note: string | null;
  actorId: string | null;
  startedAt: number;
}

interface SocialTandemRow {
  id: string;
  agencyId: string;
  seekerId: string;
  socialWorkerId: string;
  startedAt: number;
}

export interface AppointmentRow {
  id: string;
  agencyId: string;
  seekerId: string;
  advisorId: string;
  socialWorkerId: string | null;
  kind: AppointmentKind;
  channel: Channel;
  startsAt: number;
  endsAt: number;
  status: AppointmentStatus;
  replacesId: string | null;
  outcomeAt: number | null;
  createdAt: number;
}

interface AuditEventRow {
  id: string;
  agencyId: string | null;
  actorId: string | null;
  actorRole: Role | null;
  action: AuditAction;
  subjectType: string | null;
  subjectId: string | null;
  seekerId: string | null;
  metadata: string;
  createdAt: number;
}

/** Everything generated for one or more agencies, in insertion (foreign-key) order. */
export interface Dataset {
  agencies: AgencyRow[];
  agencyCommunes: AgencyCommuneRow[];
  users: UserRow[];
  advisorProfiles: AdvisorProfileRow[];
  portfolios: PortfolioRow[];
  seekers: SeekerRow[];
  diagnostics: DiagnosticRow[];
  assignments: AssignmentRow[];
  socialTandems: SocialTandemRow[];
  appointments: AppointmentRow[];
  auditEvents: AuditEventRow[];
  lifeEvents: LifeEventRow[];
}

/** A file's life event (issue 17): the demo writes each seeker's REGISTRATION, on the registration date. */
export interface LifeEventRow {
  id: string;
  agencyId: string;
  seekerId: string;
  kind: "REGISTRATION";
  occurredOn: string;
  createdAt: number;
}

export function emptyDataset(): Dataset {
  return {
    agencies: [],
    agencyCommunes: [],
    users: [],
    advisorProfiles: [],
    portfolios: [],
    seekers: [],
    diagnostics: [],
    assignments: [],
    socialTandems: [],
    appointments: [],
    auditEvents: [],
    lifeEvents: [],
  };
}

/** Total number of rows of a data set. */
export function rowCount(dataset: Dataset): number {
  return Object.values(dataset).reduce((total: number, rows: unknown[]) => total + rows.length, 0);
}
