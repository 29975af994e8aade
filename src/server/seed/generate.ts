/**
 * Generates one agency's complete data set in memory: staff, portfolios, seekers with their diagnostics,
 * assignments, tandems and appointment histories. Nothing here touches the database.
 */
import { randomUUID } from "node:crypto";
import {
  DEFAULT_CAPS,
  DEFAULT_HOURS,
  FIRST_INTERVIEW_MINUTES,
  MODALITIES,
  addMonths,
  fromDayNumber,
  toDayNumber,
  type IsoDate,
  type Modality2014 as Modality,
} from "@/domain";
import { AgencyAgendas } from "./calendar";
import {
  bookFirstInterview,
  bookFollowUps,
  bookMissedFirstInterview,
  bookPastReviews,
  bookPlannedReviews,
  bookUpcomingFirstInterview,
  drawAwaitingPlan,
  type AwaitingPlan,
  type BookingContext,
  type ReviewHistory,
} from "./appointments";
import { agencyCommuneRows, type Commune } from "./places";
import { apportion, planPortfolios, type ModalityCounts, type PortfolioLayout } from "./portfolios";
import type { Random } from "./random";
import { emptyDataset, type Dataset, type UserRow } from "./rows";
import { awaitingSeeker, followedSeeker, type FollowedSeeker, type SeekerContext } from "./seekers";
import { addStaffRows, buildStaff, type AgencyIdentity, type StaffPersona } from "./staff";

/** Reference shares of the modalities among followed seekers (Haute-Normandie 2013, plus a few % global). */
export const SHARES_WITH_GLOBAL: Readonly<Record<Modality, number>> = { SUIVI: 0.3, GUIDE: 0.6, RENFORCE: 0.07, GLOBAL: 0.03 };
const SHARES_WITHOUT_GLOBAL: Readonly<Record<Modality, number>> = { SUIVI: 0.3, GUIDE: 0.63, RENFORCE: 0.07, GLOBAL: 0 };

/** Share of an agency's seekers registered recently and still awaiting their diagnostic. */
const AWAITING_SHARE = 0.06;

export interface AgencyGenerationInput {
  identity: AgencyIdentity;
  communes: readonly Commune[];
  seekers: number;
  advisorCount: number;
  socialWorkerCount: number;
  /** Seekers the portfolio layout is planned for (default `seekers`): a scaled-down demo keeps its full layout. */
  layoutSeekers?: number;
  personas?: {
    manager?: StaffPersona;
    advisor?: StaffPersona;
    socialWorker?: StaffPersona;
    /** The demo seeker: a GUIDE seeker of the persona advisor, registered six months ago, with a login. */
    seeker?: StaffPersona;
  };
  /** Adds audit events (diagnostics recorded) — the demo does, bulk mode does not. */
  withAudit?: boolean;
}

export interface GenerationContext {
  random: Random;
  today: IsoDate;
  nowMs: number;
  passwordHash: string;
  /** Serial of the next France Travail identifier (unique across the database). */
  nextSerial: () => number;
}

export interface AgencySummary {
  code: string;
  name: string;
  departement: string;
  advisors: number;
  seekers: number;
  awaiting: number;
  modalities: ModalityCounts;
  appointments: number;
}

export interface GeneratedAgency {
  dataset: Dataset;
  summary: AgencySummary;
}

function sharesFor(globalPartnership: boolean): Readonly<Record<Modality, number>> {
  return globalPartnership ? SHARES_WITH_GLOBAL : SHARES_WITHOUT_GLOBAL;
}

/** Portfolio layout for the actual counts; when planned for more seekers, the sizes shrink proportionally. */
function layoutFor(input: AgencyGenerationInput, counts: ModalityCounts, awaiting: number): PortfolioLayout {
  const layoutSeekers = input.layoutSeekers ?? input.seekers;
  if (layoutSeekers <= input.seekers) return planPortfolios(counts, DEFAULT_CAPS, input.advisorCount);
  const layoutFollowed = layoutSeekers - Math.round((layoutSeekers * awaiting) / Math.max(1, input.seekers));
  const full = planPortfolios(apportion(layoutFollowed, sharesFor(input.identity.globalPartnership)), DEFAULT_CAPS, input.advisorCount);
  for (const modality of MODALITIES) {
    const ofModality = full.portfolios.filter((p) => p.modality === modality);
    const weights = ofModality.map((p) => p.size);
    const total = weights.reduce((a, b) => a + b, 0);
    let left = counts[modality];
    ofModality.forEach((p, i) => {
      const size = i === ofModality.length - 1 ? left : Math.min(left, Math.round((counts[modality] * (weights[i] ?? 0)) / Math.max(1, total)));
      p.size = Math.min(size, p.cap);
      left -= p.size;
    });
    if (left > 0) return planPortfolios(counts, DEFAULT_CAPS, input.advisorCount);
  }
  return full;
}

export function generateAgency(input: AgencyGenerationInput, gen: GenerationContext): GeneratedAgency {
  const random = gen.random;
  const { identity } = input;
  const dataset = emptyDataset();
  const agendas = new AgencyAgendas(identity.departement, DEFAULT_HOURS);
  const clock = agendas.ctx.clock;
  const todayDay = toDayNumber(gen.today);

  const awaitingCount = Math.round(input.seekers * AWAITING_SHARE);
  const counts = apportion(input.seekers - awaitingCount, sharesFor(identity.globalPartnership));
  const layout = layoutFor(input, counts, awaitingCount);
  const createdAt = clock.localToEpoch(todayDay - 430, 9 * 60);
  const staff = buildStaff(random, {
    identity,
    layout,
    socialWorkerCount: input.socialWorkerCount,
    passwordHash: gen.passwordHash,
    createdAt,
    personas: input.personas ?? {},
  });
  addStaffRows(random, staff, dataset);
  const agencyId = staff.agency.id;
  dataset.agencyCommunes.push(...agencyCommuneRows(agencyId, input.communes));

  const seekerCtx: SeekerContext = {
    random,
    agencyId,
    departement: identity.departement,
    globalPartnership: identity.globalPartnership,
    communes: input.communes,
    today: gen.today,
    todayDay,
    nextSerial: gen.nextSerial,
    localInstant: (day, minute) => Math.min(gen.nowMs, clock.localToEpoch(day, minute)),
  };

  // Seekers, portfolio by portfolio.
  const personaAdvisorId = staff.advisors[staff.personaAdvisorIndex]?.id;
  const demoPersona = input.personas?.seeker;
  let demoSeeker: FollowedSeeker | undefined;
  let tandemTurn = 0;
  const followed: FollowedSeeker[] = [];
  for (const { row: portfolio, size } of staff.portfolios) {
    for (let i = 0; i < size; i += 1) {
      const socialWorker = portfolio.modality === "GLOBAL" ? staff.socialWorkers[tandemTurn++ % Math.max(1, staff.socialWorkers.length)] : undefined;
      const isDemo = demoPersona !== undefined && demoSeeker === undefined && portfolio.modality === "GUIDE" && portfolio.advisorId === personaAdvisorId;
      const seeker = followedSeeker(
        seekerCtx,
        portfolio,
        socialWorker?.id ?? null,
        isDemo && demoPersona ? { name: demoPersona, email: demoPersona.email, regDay: toDayNumber(addMonths(gen.today, -6)) } : undefined,
      );
      if (isDemo) demoSeeker = seeker;
      followed.push(seeker);
    }
  }
  const awaiting = Array.from({ length: awaitingCount }, () => awaitingSeeker(seekerCtx));

  if (demoSeeker && demoPersona) {
    const user: UserRow = {
      id: randomUUID(),
      email: demoPersona.email,
      firstName: demoPersona.firstName,
      lastName: demoPersona.lastName,
      role: "SEEKER",
      passwordHash: gen.passwordHash,
      agencyId,
      createdAt: demoSeeker.row.createdAt,
    };
    dataset.users.push(user);
    demoSeeker.row.userId = user.id;
  }

  // Appointments: the past first (chronologically), then what is planned from today on.
  const booking: BookingContext = {
    random,
    agencyId,
    agendas,
    today: gen.today,
    todayDay,
    nowMs: gen.nowMs,
    slotMinutes: DEFAULT_HOURS.slotMinutes,
    initialMinutes: FIRST_INTERVIEW_MINUTES,
    advisorIds: staff.advisors.map((a) => a.id),
    appointments: dataset.appointments,
  };
  followed.sort((a, b) => a.interviewDay - b.interviewDay || (a.demo ? -1 : 0));
  const histories = new Map<FollowedSeeker, { history: ReviewHistory; decisionDate: IsoDate }>();
  for (const seeker of followed) {
    const interview = bookFirstInterview(booking, seeker);
    recordDecision(dataset, seeker, interview.advisorId, interview.doneAt);
    const decisionDay = clock.localDayOf(interview.doneAt);
    histories.set(seeker, { history: bookPastReviews(booking, seeker, decisionDay), decisionDate: fromDayNumber(decisionDay) });
  }
  const awaitingPlans: AwaitingPlan[] = awaiting.map((seeker) => drawAwaitingPlan(booking, seeker));
  for (const plan of awaitingPlans) bookMissedFirstInterview(booking, plan);
  for (const plan of awaitingPlans) bookUpcomingFirstInterview(booking, plan);
  for (const seeker of followed) {
    const entry = histories.get(seeker);
    if (entry) bookPlannedReviews(booking, seeker, entry.history);
  }
  for (const seeker of followed) {
    const entry = histories.get(seeker);
    if (entry) bookFollowUps(booking, seeker, entry.decisionDate, entry.history.dates);
  }

  dataset.seekers.push(...followed.map((s) => s.row), ...awaiting.map((s) => s.row));
  // Each file's entry in the agency's history (the manager's entries and exits per month): its registration.
  for (const s of [...followed, ...awaiting]) {
    dataset.lifeEvents.push({ id: randomUUID(), agencyId, seekerId: s.row.id, kind: "REGISTRATION", occurredOn: s.row.registrationDate, createdAt: gen.nowMs });
  }
  if (input.withAudit) addAuditEvents(dataset, staff.manager, gen.nowMs);

  return {
    dataset,
    summary: {
      code: identity.code,
      name: identity.name,
      departement: identity.departement,
      advisors: staff.advisors.length,
      seekers: input.seekers,
      awaiting: awaitingCount,
      modalities: counts,
      appointments: dataset.appointments.length,
    },
  };
}

/** Diagnostic, open assignment and (GLOBAL) tandem of a followed seeker, recorded at the end of the interview. */
function recordDecision(dataset: Dataset, s: FollowedSeeker, authorId: string, at: number): void {
  const { result, answers } = s.diagnostic;
  const agencyId = s.row.agencyId;
  dataset.diagnostics.push({
    id: randomUUID(),
    agencyId,
    seekerId: s.row.id,
    authorId,
    rulesetVersion: result.rulesetVersion,
    answers: JSON.stringify(answers),
    proposedModality: result.modality,
    proposedWebOnly: result.webOnly,
    professionalScore: result.professionalScore,
    workAxis: result.workAxis,
    reasons: JSON.stringify(result.reasons),
    decidedModality: s.decision.decided,
    webOnly: s.webOnly,
    overrideJustification: s.decision.overrideJustification,
    agreedRhythmMonths: s.rhythm,
    createdAt: at,
  });
  const overridden = s.decision.overrideJustification !== null;
  dataset.assignments.push({
    id: randomUUID(),
    agencyId,
    seekerId: s.row.id,
    portfolioId: s.portfolio.id,
    modality: s.decision.decided,
    reason: overridden ? "OVERRIDE" : "DIAGNOSTIC",
    note: null,
    actorId: authorId,
    startedAt: at,
  });
  if (s.socialWorkerId !== null) {
    dataset.socialTandems.push({ id: randomUUID(), agencyId, seekerId: s.row.id, socialWorkerId: s.socialWorkerId, startedAt: at });
  }
}

/** Journal entries of the demo: one per diagnostic recorded, and the data set's creation. */
function addAuditEvents(dataset: Dataset, manager: UserRow, nowMs: number): void {
  for (const d of dataset.diagnostics) {
    dataset.auditEvents.push({
      id: randomUUID(),
      agencyId: d.agencyId,
      actorId: d.authorId,
      actorRole: "ADVISOR",
      action: "diagnostic.recorded",
      subjectType: "Diagnostic",
      subjectId: d.id,
      seekerId: d.seekerId,
      metadata: JSON.stringify({ decidedModality: d.decidedModality, overridden: d.overrideJustification !== null }),
      createdAt: d.createdAt,
    });
  }
  dataset.auditEvents.push({
    id: randomUUID(),
    agencyId: manager.agencyId,
    actorId: null,
    actorRole: null,
    action: "seed.demo",
    subjectType: "Agency",
    subjectId: manager.agencyId,
    seekerId: null,
    metadata: JSON.stringify({ source: "npm run seed" }),
    createdAt: nowMs,
  });
}
