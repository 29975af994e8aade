/**
 * Seekers of a generated agency: identities, registration dates, and for the followed ones the diagnostic
 * answers (proposal by the real ruleset), the decision and the portfolio.
 */
import { randomUUID } from "node:crypto";
import { fromDayNumber, type AgreedRhythm, type Modality2014 as Modality } from "@/domain";
import type { SeekerCategory } from "@/generated/prisma/client";
import { answersProposing, type GeneratedDiagnostic } from "./answers";
import { drawDecision, type Decision } from "./decisions";
import { drawBirthDate, drawCommune, drawEmail, drawName, drawPhone, franceTravailId, type PersonName } from "./people";
import type { Commune } from "./places";
import type { Random } from "./random";
import type { PortfolioRow, SeekerRow } from "./rows";

export interface FollowedSeeker {
  row: SeekerRow;
  regDay: number;
  /** Day the first interview was aimed at (it took place on the first free slot from then on). */
  interviewDay: number;
  /** Days from registration to the first interview; the registration date is set from the interview booked. */
  interviewDelay: number;
  portfolio: PortfolioRow;
  decision: Decision;
  diagnostic: GeneratedDiagnostic;
  webOnly: boolean;
  rhythm: AgreedRhythm | null;
  socialWorkerId: string | null;
  /** The demo seeker: a scripted, well-behaved history. */
  demo: boolean;
}

export interface AwaitingSeeker {
  row: SeekerRow;
  regDay: number;
}

export interface SeekerContext {
  random: Random;
  agencyId: string;
  departement: string;
  globalPartnership: boolean;
  communes: readonly Commune[];
  today: string;
  todayDay: number;
  /** Serial of the next France Travail identifier. */
  nextSerial: () => number;
  /** Epoch ms of a local day at a minute of the day (for createdAt). */
  localInstant: (day: number, minute: number) => number;
}

/** Share of overridden decisions (the advisor decides otherwise than the proposal, with a justification). */
const OVERRIDE_RATE = 0.05;

/** Oldest first interview of a followed seeker, in days before today (registrations span ≈ 14 months). */
const OLDEST_INTERVIEW_DAYS = 400;
/** Seekers awaiting their diagnostic registered within this many days. */
const AWAITING_WINDOW_DAYS = 42;

function drawCategory(random: Random): SeekerCategory {
  return random.weightedKey({ A: 82, B: 10, C: 8 });
}

function drawRhythm(random: Random): AgreedRhythm {
  return random.weighted([
    [1, 20],
    [2, 60],
    [3, 20],
  ] as const);
}

function baseRow(ctx: SeekerContext, regDay: number, name: PersonName, email?: string): SeekerRow {
  const { random } = ctx;
  const serial = ctx.nextSerial();
  const commune = drawCommune(random, ctx.communes);
  // Drawn in the order the rows always were (birth date, e-mail, phone, category, creation instant): the same seed, the same data.
  const birthDate = drawBirthDate(random, ctx.today);
  const mail = email ?? (random.chance(0.93) ? drawEmail(random, name, serial) : null);
  const phone = random.chance(0.95) ? drawPhone(random) : null;
  const category = drawCategory(random);
  const createdAt = ctx.localInstant(regDay, random.int(8 * 60, 18 * 60));
  // Messages (issue 16): six in ten with a mobile agreed to SMS when they registered, one in twenty wants no optional
  // message. Read from the serial, not drawn, so that the rest of the demo data stays the same.
  const smsConsent = phone !== null && serial % 10 < 6;
  return {
    id: randomUUID(),
    agencyId: ctx.agencyId,
    userId: null,
    franceTravailId: franceTravailId(serial),
    firstName: name.firstName,
    lastName: name.lastName,
    birthDate,
    email: mail,
    phone,
    commune: commune[0],
    postalCode: commune[1],
    registrationDate: fromDayNumber(regDay),
    category,
    status: "AWAITING_DIAGNOSTIC",
    modality: null,
    webOnly: false,
    agreedRhythmMonths: null,
    portfolioId: null,
    smsConsent,
    smsConsentAt: smsConsent ? createdAt : null,
    optionalMessagesOptOut: serial % 20 === 7,
    createdAt,
  };
}

/**
 * Days from registration to the first interview: mostly within the 28-day deadline, one in ten late.
 */
function drawInterviewDelay(random: Random): number {
  return random.chance(0.1) ? random.int(29, 50) : random.int(2, 27);
}

/**
 * A followed seeker of `portfolio`. Its first interview is drawn over the past ~13 months (a steady flow, a
 * little denser recently) and its registration precedes it by the usual delay — so registrations span ≈ 14 months.
 */
export function followedSeeker(
  ctx: SeekerContext,
  portfolio: PortfolioRow,
  socialWorkerId: string | null,
  demo?: { name: PersonName; email: string; regDay: number },
): FollowedSeeker {
  const { random } = ctx;
  const modality = portfolio.modality as Modality;
  const interviewDelay = demo ? 9 : drawInterviewDelay(random);
  const interviewDay = demo ? demo.regDay + interviewDelay : ctx.todayDay - 1 - Math.floor(OLDEST_INTERVIEW_DAYS * random.next() ** 1.1);
  const regDay = interviewDay - interviewDelay;
  const row = baseRow(ctx, regDay, demo?.name ?? drawName(random, ctx.departement), demo?.email);
  const decision = demo
    ? { proposed: modality, decided: modality, overrideJustification: null }
    : drawDecision(random, modality, ctx.globalPartnership, OVERRIDE_RATE);
  const diagnostic = answersProposing(random, decision.proposed, ctx.globalPartnership);
  const webOnly = decision.proposed === decision.decided ? diagnostic.result.webOnly : false;
  const rhythm = modality === "GUIDE" ? (demo ? 2 : drawRhythm(random)) : null;
  row.status = "FOLLOWED";
  row.modality = modality;
  row.webOnly = webOnly;
  row.agreedRhythmMonths = rhythm;
  row.portfolioId = portfolio.id;
  if (demo) row.category = "A";
  return { row, regDay, interviewDay, interviewDelay, portfolio, decision, diagnostic, webOnly, rhythm, socialWorkerId, demo: demo !== undefined };
}

/** A seeker registered in the last six weeks who has not had the diagnostic interview yet. */
export function awaitingSeeker(ctx: SeekerContext): AwaitingSeeker {
  const regDay = ctx.todayDay - ctx.random.int(0, AWAITING_WINDOW_DAYS);
  return { row: baseRow(ctx, regDay, drawName(ctx.random, ctx.departement)), regDay };
}
