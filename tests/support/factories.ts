/**
 * The worlds the integration tests build, one row at a time: agencies, accounts (as the `Actor` the use cases take),
 * portfolios, seekers (awaiting a diagnostic, or followed in a portfolio with their assignment), diagnostics as the
 * domain computes them, appointments. Each factory takes the facts that matter to the test and gives everything else a
 * plain default, unique where the schema wants it; any column may still be set. Every test file has a database of its
 * own (tests/support/database.ts), so uniqueness within the file's process is enough.
 */
import { DEFAULT_CAPS, diagnose, type DiagnosticAnswers } from "@/domain";
import type { Prisma } from "@/generated/prisma/client";
import type { Modality, Role } from "@/generated/prisma/enums";
import type { Actor } from "@/server/auth/policy";

/** A Prisma client, or an interactive transaction's. */
export type Db = Prisma.TransactionClient;

let serial = 0;

/** A number unique within this test file (one more each call). */
export function nextSerial(): number {
  serial += 1;
  return serial;
}

const shortRandom = () => Math.random().toString(36).slice(2, 6);

/** A calendar date (`YYYY-MM-DD`, midnight UTC, as `@db.Date` columns store it) or an instant as given. */
const asDate = (value: string | Date) =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00.000Z`) : new Date(value);

// ---------------------------------------------------------------------------------------------------------------
// Agencies and accounts

/** An agency with the schema's default settings unless given (code unique, in the 76). */
export function makeAgency(db: Db, data: Partial<Prisma.AgencyUncheckedCreateInput> = {}) {
  return db.agency.create({
    data: { code: `AG-${nextSerial()}-${shortRandom()}`, name: "Agence de test", departement: "76", address: "1 rue du Test, 76000 Rouen", ...data },
  });
}

type UserRow = { id: string; role: Role; agencyId: string | null; email: string; firstName: string; lastName: string };

/** The actor of an account row, as a session resolves it. */
export function actorOf(user: UserRow): Actor {
  return { id: user.id, role: user.role, agencyId: user.agencyId, email: user.email, firstName: user.firstName, lastName: user.lastName };
}

/**
 * An account (staff or seeker) and its actor. The e-mail is unique unless given; the password hash is a placeholder
 * (nobody signs in) unless given.
 */
export async function makeUser(
  db: Db,
  agencyId: string | null,
  role: Role,
  firstName = "Camille",
  lastName = "Durand",
  data: Partial<Prisma.UserUncheckedCreateInput> = {},
): Promise<Actor> {
  const user = await db.user.create({
    data: { email: `${role.toLowerCase()}-${nextSerial()}-${shortRandom()}@test.fr`, firstName, lastName, role, passwordHash: "x", agencyId, ...data },
  });
  return actorOf(user);
}

/** The actor of an existing account (demo data, say). */
export async function actorFor(db: Db, where: Prisma.UserWhereInput): Promise<Actor> {
  return actorOf(await db.user.findFirstOrThrow({ where, select: { id: true, role: true, agencyId: true, email: true, firstName: true, lastName: true } }));
}

// ---------------------------------------------------------------------------------------------------------------
// Portfolios and seekers

/** One advisor's portfolio of one modality, at the domain's default cap unless given. */
export function makePortfolio(db: Db, agencyId: string, advisorId: string, modality: Modality, cap: number = DEFAULT_CAPS[modality]) {
  return db.portfolio.create({ data: { agencyId, advisorId, modality, cap } });
}

export type SeekerOptions = Omit<Partial<Prisma.SeekerUncheckedCreateInput>, "registrationDate" | "birthDate"> & {
  /** `YYYY-MM-DD` or an instant; 2026-02-20 by default. */
  registrationDate?: string | Date;
  birthDate?: string | Date;
  /** Followed in this portfolio (status FOLLOWED, the portfolio's modality); awaiting a diagnostic without one. */
  portfolio?: { id: string; modality: Modality } | null;
  /** Also the open assignment to that portfolio, as a confirmed diagnostic leaves it (`startedAt`: now by default). */
  assignment?: { startedAt?: Date; actorId?: string | null; reason?: Prisma.AssignmentUncheckedCreateInput["reason"] };
};

/** A seeker of the agency: Camille Durand<n>, registered on 2026-02-20, unless told otherwise. */
export async function makeSeeker(db: Db, agencyId: string, options: SeekerOptions = {}) {
  const { portfolio = null, assignment, registrationDate = "2026-02-20", birthDate = "1990-05-01", ...data } = options;
  const n = nextSerial();
  const seeker = await db.seeker.create({
    data: {
      agencyId,
      franceTravailId: `T${String(n).padStart(8, "0")}${shortRandom()}`,
      firstName: "Camille",
      lastName: `Durand${n}`,
      commune: "Gap",
      postalCode: "05000",
      ...(portfolio ? { status: "FOLLOWED" as const, modality: portfolio.modality, portfolioId: portfolio.id } : {}),
      ...data,
      birthDate: asDate(birthDate),
      registrationDate: asDate(registrationDate),
    },
  });
  if (portfolio && assignment) {
    await db.assignment.create({
      data: {
        agencyId,
        seekerId: seeker.id,
        portfolioId: portfolio.id,
        modality: portfolio.modality,
        reason: assignment.reason ?? "DIAGNOSTIC",
        actorId: assignment.actorId ?? null,
        ...(assignment.startedAt ? { startedAt: assignment.startedAt } : {}),
      },
    });
  }
  return seeker;
}

/** Answers for which the diagnostic proposes « renforcé »: a health barrier, a year without work. */
export const RENFORCE_ANSWERS: DiagnosticAnswers = {
  project: 2,
  skills: 2,
  jobSearch: 2,
  digital: 1,
  basicSkills: 0,
  monthsWithoutWork: 12,
  barriers: { HEALTH: "MAJOR" },
  webVolunteer: false,
};

/** A diagnostic of these answers as the domain computes it; decided as proposed unless told otherwise. */
export function makeDiagnostic(
  db: Db,
  options: {
    agencyId: string;
    seekerId: string;
    authorId: string;
    answers: DiagnosticAnswers;
    globalPartnership?: boolean;
    decidedModality?: Modality;
    webOnly?: boolean;
    createdAt?: Date;
    /** The advisor's written reason for deciding otherwise than the proposal. */
    overrideJustification?: string;
  },
) {
  const result = diagnose(options.answers, { globalPartnership: options.globalPartnership ?? true });
  return db.diagnostic.create({
    data: {
      agencyId: options.agencyId,
      seekerId: options.seekerId,
      authorId: options.authorId,
      rulesetVersion: result.rulesetVersion,
      answers: options.answers as unknown as Prisma.InputJsonValue,
      proposedModality: result.modality,
      proposedWebOnly: result.webOnly,
      professionalScore: result.professionalScore,
      workAxis: result.workAxis,
      reasons: result.reasons,
      decidedModality: options.decidedModality ?? result.modality,
      webOnly: options.webOnly ?? result.webOnly,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
      ...(options.overrideJustification ? { overrideJustification: options.overrideJustification } : {}),
    },
    select: { id: true },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Appointments

export type AppointmentOptions = Omit<Partial<Prisma.AppointmentUncheckedCreateInput>, "startsAt" | "endsAt"> & {
  agencyId: string;
  seekerId: string;
  advisorId: string;
  startsAt: string | Date;
  /** 30 by default. */
  minutes?: number;
};

/** The row of an appointment (a follow-up of 30 minutes unless told otherwise), for `create` or `createMany`. */
export function appointmentRow(options: AppointmentOptions): Prisma.AppointmentUncheckedCreateInput {
  const { startsAt, minutes = 30, ...data } = options;
  const start = new Date(startsAt);
  return { kind: "FOLLOW_UP", ...data, startsAt: start, endsAt: new Date(start.getTime() + minutes * 60_000) };
}

export function makeAppointment(db: Db, options: AppointmentOptions) {
  return db.appointment.create({ data: appointmentRow(options) });
}

/** A seeker « Test <lastName> » of Rouen (76000), born on 1990-01-01, registered on that date; any column may still be set. */
export function makeRouenSeeker(db: Db, agencyId: string, lastName: string, registrationDate: string, options: SeekerOptions = {}) {
  return makeSeeker(db, agencyId, {
    firstName: "Test",
    lastName,
    birthDate: "1990-01-01",
    commune: "Rouen",
    postalCode: "76000",
    registrationDate,
    ...options,
  });
}

/**
 * The cast of the manager's pages: an agency (of the 76 unless told otherwise) with the advisors Anne Alpha and Bruno
 * Bravo and the manager Marie Manager; another agency with an advisor « <thirdAdvisor> Charlie » and the manager Omar
 * Other; the admin Ada Admin. Their e-mails are a@, b@, c@, m@, mo@ and ad@ the given domain.
 */
export async function makeTwoAgencyCast(
  db: Db,
  options: { agency: Partial<Prisma.AgencyUncheckedCreateInput>; other: Partial<Prisma.AgencyUncheckedCreateInput>; domain: string; thirdAdvisor: string },
) {
  const { domain } = options;
  const agency = await makeAgency(db, options.agency);
  const other = await makeAgency(db, options.other);
  const a = await makeUser(db, agency.id, "ADVISOR", "Anne", "Alpha", { email: `a@${domain}` });
  const b = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Bravo", { email: `b@${domain}` });
  const c = await makeUser(db, other.id, "ADVISOR", options.thirdAdvisor, "Charlie", { email: `c@${domain}` });
  const manager = await makeUser(db, agency.id, "MANAGER", "Marie", "Manager", { email: `m@${domain}` });
  const otherManager = await makeUser(db, other.id, "MANAGER", "Omar", "Other", { email: `mo@${domain}` });
  const admin = await makeUser(db, null, "ADMIN", "Ada", "Admin", { email: `ad@${domain}` });
  return { agency, other, a, b, c, manager, otherManager, admin };
}

/**
 * The cast of Gap (05): the agency « Agence de Gap » with the manager Marie Leroy and the advisors Alice Bernard, Bruno
 * Martin and Chloé Petit; « Agence de Briançon » with the manager Marc Faure and the advisor Denis Roux; the admin Adèle
 * Admin (of no agency unless `adminOfAgency`). Either agency's columns may be set.
 */
export async function makeGapCast(
  db: Db,
  options: { agency?: Partial<Prisma.AgencyUncheckedCreateInput>; other?: Partial<Prisma.AgencyUncheckedCreateInput>; adminOfAgency?: boolean } = {},
) {
  const agency = await makeAgency(db, { name: "Agence de Gap", departement: "05", address: "1 rue de la Paix", ...options.agency });
  const other = await makeAgency(db, { name: "Agence de Briançon", departement: "05", address: "2 rue Haute", ...options.other });
  const manager = await makeUser(db, agency.id, "MANAGER", "Marie", "Leroy");
  const otherManager = await makeUser(db, other.id, "MANAGER", "Marc", "Faure");
  const admin = await makeUser(db, options.adminOfAgency ? agency.id : null, "ADMIN", "Adèle", "Admin");
  const alice = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const bruno = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  const chloe = await makeUser(db, agency.id, "ADVISOR", "Chloé", "Petit");
  const denis = await makeUser(db, other.id, "ADVISOR", "Denis", "Roux");
  return { agency, other, manager, otherManager, admin, alice, bruno, chloe, denis };
}

/**
 * A smaller cast of Gap (05) whose names the tests of placements and triage campaigns read: the agency « Gap » (code
 * GAP) with the advisors Alice Bernard, Bruno Martin and Chloé Petit and the manager Marie Manager; « Briançon » (code
 * BRI) with the manager Omar Autre.
 */
export async function makeGapTeam(db: Db) {
  const agency = await makeAgency(db, { code: "GAP", name: "Gap", departement: "05", address: "1 rue de la Paix" });
  const other = await makeAgency(db, { code: "BRI", name: "Briançon", departement: "05", address: "2 rue du Col" });
  const alice = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const bruno = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  const chloe = await makeUser(db, agency.id, "ADVISOR", "Chloé", "Petit");
  const manager = await makeUser(db, agency.id, "MANAGER", "Marie", "Manager");
  const otherManager = await makeUser(db, other.id, "MANAGER", "Omar", "Autre");
  return { agency, other, alice, bruno, chloe, manager, otherManager };
}

/** The cast of Rouen (76): the agency « Rouen Rive Gauche » (partnership signed) with the manager Hélène Lemarchand and the advisors Alice Bernard and Bruno Martin. */
export async function makeRouenCast(db: Db, agencyData: Partial<Prisma.AgencyUncheckedCreateInput> = {}) {
  const agency = await makeAgency(db, {
    name: "Rouen Rive Gauche",
    departement: "76",
    address: "27 avenue de Bretagne",
    globalPartnership: true,
    ...agencyData,
  });
  const manager = await makeUser(db, agency.id, "MANAGER", "Hélène", "Lemarchand");
  const alice = await makeUser(db, agency.id, "ADVISOR", "Alice", "Bernard");
  const bruno = await makeUser(db, agency.id, "ADVISOR", "Bruno", "Martin");
  return { agency, manager, alice, bruno };
}
