/**
 * Appointment histories of generated seekers, booked into the in-memory agendas (`AgencyAgendas`) so that no
 * advisor is ever double-booked. Past appointments carry an outcome (mostly DONE, some NO_SHOW rebooked later);
 * future mandatory reviews come from the domain planner (`planMandatoryReviews`), follow-up targets from
 * `planFollowUps`; every slot is found by the domain's slot search (working days, agency hours, time zone).
 */
import { randomUUID } from "node:crypto";
import {
  addDays,
  BusyCalendar,
  fromDayNumber,
  parseDate,
  parseInstant,
  planFollowUps,
  REVIEW_KINDS,
  reviewWindows,
  toDayNumber,
  type FollowUpKind,
  type IsoDate,
  type ReviewKind,
} from "@/domain";
import type { AppointmentKind, AppointmentStatus, Channel } from "@/generated/prisma/client";
import type { AgencyAgendas } from "./calendar";
import type { Random } from "./random";
import type { AppointmentRow, SeekerRow } from "./rows";
import type { AwaitingSeeker, FollowedSeeker } from "./seekers";

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface BookingContext {
  random: Random;
  agencyId: string;
  agendas: AgencyAgendas;
  today: IsoDate;
  todayDay: number;
  /** The seed's "now": creation instants never come after it. */
  nowMs: number;
  slotMinutes: number;
  initialMinutes: number;
  advisorIds: readonly string[];
  appointments: AppointmentRow[];
}

interface NewAppointment {
  seeker: SeekerRow;
  advisorId: string;
  socialWorkerId?: string | null;
  kind: AppointmentKind;
  channel: Channel;
  start: number;
  minutes: number;
  status: AppointmentStatus;
  replacesId?: string | null;
}

function addAppointment(ctx: BookingContext, a: NewAppointment): AppointmentRow {
  const { random } = ctx;
  const end = a.start + a.minutes * MINUTE;
  const scheduled = a.status === "SCHEDULED";
  const bookedBefore = random.int(1, 21) * DAY + random.int(0, 8 * 60) * MINUTE;
  const createdAt = Math.min(ctx.nowMs, Math.max(a.seeker.createdAt, Math.min(a.start, ctx.nowMs) - bookedBefore));
  const row: AppointmentRow = {
    id: randomUUID(),
    agencyId: ctx.agencyId,
    seekerId: a.seeker.id,
    advisorId: a.advisorId,
    socialWorkerId: a.socialWorkerId ?? null,
    kind: a.kind,
    channel: a.channel,
    startsAt: a.start,
    endsAt: end,
    status: a.status,
    replacesId: a.replacesId ?? null,
    outcomeAt: scheduled ? null : Math.min(ctx.nowMs, end + random.int(0, 90) * MINUTE),
    createdAt,
  };
  ctx.appointments.push(row);
  return row;
}

/** A first interview: at the agency, for the first interview's length. */
function addFirstInterview(ctx: BookingContext, a: Pick<NewAppointment, "seeker" | "advisorId" | "start" | "status" | "replacesId">): AppointmentRow {
  return addAppointment(ctx, { ...a, kind: "INITIAL", channel: "AGENCY", minutes: ctx.initialMinutes });
}

function reviewChannel(random: Random, webOnly: boolean): Channel {
  if (webOnly) return random.chance(0.6) ? "PHONE" : "VIDEO";
  return random.weightedKey({ AGENCY: 80, PHONE: 15, VIDEO: 5 });
}

function followUpChannel(random: Random): Channel {
  return random.weightedKey({ AGENCY: 60, PHONE: 30, VIDEO: 10 });
}

/** Local day number of an instant in the agency's time zone. */
function localDay(ctx: BookingContext, epochMs: number): number {
  return ctx.agendas.ctx.clock.localDayOf(epochMs);
}

/** Books in the past only (up to yesterday). */
function bookPast(ctx: BookingContext, userIds: readonly string[], fromDay: number, toDay: number, minutes: number): number | null {
  return ctx.agendas.book(userIds, fromDay, Math.min(toDay, ctx.todayDay - 1), minutes, ctx.random.next());
}

/** Books from `fromDay` on, without limit (the agenda's first free slot, at a random time on the first day). */
function bookFrom(ctx: BookingContext, userIds: readonly string[], fromDay: number, minutes: number): number | null {
  return ctx.agendas.book(userIds, fromDay, Number.MAX_SAFE_INTEGER, minutes, ctx.random.next());
}

// ---------------------------------------------------------------------------------------------------------------
// First interview

export interface FirstInterview {
  /** Author of the diagnostic (the advisor who held the interview). */
  advisorId: string;
  /** End of the interview: when the diagnostic was recorded. */
  doneAt: number;
}

/**
 * The past first interview of a followed seeker, with its portfolio advisor when possible (else a colleague),
 * on the first free slot from the day aimed at; ≈ 7 % a no-show first, then a new appointment that took place.
 * The registration date is then set `interviewDelay` days before the first appointment (the demo seeker's is fixed).
 */
export function bookFirstInterview(ctx: BookingContext, s: FollowedSeeker): FirstInterview {
  const { random } = ctx;
  const lastDay = ctx.todayDay - 1;
  const advisors = [s.portfolio.advisorId, ...random.shuffle(ctx.advisorIds.filter((id) => id !== s.portfolio.advisorId))];
  const aimed = Math.min(s.interviewDay, lastDay);
  const earliest = s.demo ? s.regDay + 1 : Number.NEGATIVE_INFINITY;
  const ranges: [number, number][] = [
    [aimed, lastDay],
    [Math.max(earliest, aimed - 30), lastDay],
    [Math.max(earliest, aimed - 120), lastDay],
  ];
  const bookAnyAdvisor = (status: AppointmentStatus, replacesId: string | null, from?: number): AppointmentRow | null => {
    for (const [rangeFrom, to] of ranges) {
      for (const advisorId of advisors) {
        const start = bookPast(ctx, [advisorId], Math.max(rangeFrom, from ?? rangeFrom), to, ctx.initialMinutes);
        if (start === null) continue;
        return addFirstInterview(ctx, { seeker: s.row, advisorId, start, status, replacesId });
      }
    }
    return null;
  };

  const missed = !s.demo && aimed <= lastDay - 15 && random.chance(0.07) ? bookAnyAdvisor("NO_SHOW", null) : null;
  let done: AppointmentRow | null;
  if (missed === null) done = bookAnyAdvisor("DONE", null);
  else {
    const missedDay = localDay(ctx, missed.startsAt);
    done = bookAnyAdvisor("DONE", missed.id, missedDay + random.int(3, 10)) ?? bookAnyAdvisor("DONE", missed.id, missedDay + 1);
  }
  if (done === null) {
    throw new Error(`Agendas pleins : impossible de placer le premier entretien de ${s.row.firstName} ${s.row.lastName}.`);
  }
  if (!s.demo) {
    s.regDay = localDay(ctx, (missed ?? done).startsAt) - s.interviewDelay;
    s.row.registrationDate = fromDayNumber(s.regDay);
    s.row.createdAt = Math.min(ctx.nowMs, ctx.agendas.ctx.clock.localToEpoch(s.regDay, random.int(8 * 60, 18 * 60)));
  }
  for (const row of [missed, done]) if (row) row.createdAt = Math.max(row.createdAt, s.row.createdAt);
  return { advisorId: done.advisorId, doneAt: done.endsAt };
}

// ---------------------------------------------------------------------------------------------------------------
// Mandatory reviews (M4 / M9)

export interface ReviewHistory {
  /** Reviews whose fate is already decided (held, missed on purpose…): not to be planned again. */
  handled: ReviewKind[];
  /** Local dates of the review appointments (held or booked), for the follow-up rhythm. */
  dates: IsoDate[];
}

type PastReviewOutcome = "DONE" | "NO_SHOW_THEN_DONE" | "NO_SHOW" | "NOT_BOOKED";

function drawPastReviewOutcome(random: Random): PastReviewOutcome {
  return random.weightedKey({ DONE: 86, NO_SHOW_THEN_DONE: 4, NO_SHOW: 4, NOT_BOOKED: 6 });
}

const REVIEW_APPOINTMENT_KIND: Readonly<Record<ReviewKind, AppointmentKind>> = { M4: "REVIEW_M4", M9: "REVIEW_M9" };

/** A review with the seeker's advisor, for a slot's length, by a channel drawn for the seeker. */
function addReview(ctx: BookingContext, s: FollowedSeeker, kind: ReviewKind, a: Pick<NewAppointment, "start" | "status" | "replacesId">): AppointmentRow {
  const channel = reviewChannel(ctx.random, s.webOnly);
  return addAppointment(ctx, { seeker: s.row, advisorId: s.portfolio.advisorId, kind: REVIEW_APPOINTMENT_KIND[kind], channel, minutes: ctx.slotMinutes, ...a });
}

/**
 * Reviews whose window has opened before today: a closed window gets an outcome (mostly held in the window,
 * some no-shows, a few never booked so that they show as overdue or missed); an open window is sometimes
 * already held. Anything not handled here is left to the planner.
 */
export function bookPastReviews(ctx: BookingContext, s: FollowedSeeker, decisionDay: number): ReviewHistory {
  const { random } = ctx;
  const windows = reviewWindows(s.row.registrationDate);
  const history: ReviewHistory = { handled: [], dates: [] };
  const advisorId = s.portfolio.advisorId;

  for (const kind of REVIEW_KINDS) {
    const fromDay = Math.max(toDayNumber(windows[kind].from), decisionDay + 1);
    const toDay = toDayNumber(windows[kind].to);
    const lastPastDay = Math.min(toDay, ctx.todayDay - 1);
    if (fromDay > lastPastDay) continue;
    const closed = toDay < ctx.todayDay;
    let outcome: PastReviewOutcome;
    if (s.demo) outcome = closed ? "DONE" : "NOT_BOOKED";
    else if (closed) outcome = drawPastReviewOutcome(random);
    else outcome = random.chance((0.8 * (ctx.todayDay - fromDay)) / (toDay - fromDay + 1)) ? "DONE" : "NOT_BOOKED";
    if (!closed && outcome === "NOT_BOOKED") continue; // still open: the planner books it
    history.handled.push(kind);
    if (outcome === "NOT_BOOKED") continue;

    const target = fromDay + random.int(0, Math.floor((lastPastDay - fromDay) * 0.6));
    const first = bookPast(ctx, [advisorId], target, lastPastDay, ctx.slotMinutes) ?? bookPast(ctx, [advisorId], fromDay, lastPastDay, ctx.slotMinutes);
    if (first === null) continue;
    const noShow = outcome === "NO_SHOW" || outcome === "NO_SHOW_THEN_DONE";
    const row = addReview(ctx, s, kind, { start: first, status: noShow ? "NO_SHOW" : "DONE" });
    history.dates.push(fromDayNumber(localDay(ctx, first)));
    if (outcome !== "NO_SHOW_THEN_DONE") continue;
    const again = bookPast(ctx, [advisorId], localDay(ctx, first) + random.int(3, 10), lastPastDay, ctx.slotMinutes);
    if (again === null) continue;
    addReview(ctx, s, kind, { start: again, status: "DONE", replacesId: row.id });
    history.dates.push(fromDayNumber(localDay(ctx, again)));
  }
  return history;
}

/** Books the reviews not yet handled where the domain planner puts them (in the window, or the first slot after). */
export function bookPlannedReviews(ctx: BookingContext, s: FollowedSeeker, history: ReviewHistory): void {
  const advisorId = s.portfolio.advisorId;
  const plan = ctx.agendas.planReviews(advisorId, s.row.registrationDate, ctx.today, history.handled);
  for (const review of plan) {
    if (history.handled.includes(review.kind) || review.startsAt === undefined) continue;
    const start = parseInstant(review.startsAt);
    addReview(ctx, s, review.kind, { start, status: "SCHEDULED" });
    history.dates.push(fromDayNumber(localDay(ctx, start)));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Follow-ups (GUIDE rhythm, RENFORCE and GLOBAL monthly, GLOBAL joint meeting and 6-month social review)

/** Whole months from `from` to `to` (dates), rounded up. */
function monthsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = parseDate(from);
  const [ty, tm, td] = parseDate(to);
  return Math.max(0, (ty - fy) * 12 + (tm - fm) + (td > fd ? 1 : 0));
}

function pastFollowUpStatus(random: Random): AppointmentStatus {
  return random.weightedKey({ DONE: 88, NO_SHOW: 8, EXCUSED: 4 });
}

/**
 * The follow-up targets of the domain rule (`planFollowUps`, here on an empty agenda: only its targets are used),
 * then a realistic subset booked: the joint meeting, the last contacts before today and the next one after.
 */
export function bookFollowUps(ctx: BookingContext, s: FollowedSeeker, decisionDate: IsoDate, reviewDates: readonly IsoDate[]): void {
  const { random } = ctx;
  const modality = s.row.modality;
  if (modality === null || modality === "SUIVI") return;
  const rhythm = s.rhythm ?? 1;
  const targets = planFollowUps({
    modality,
    decisionDate,
    agreedRhythm: s.rhythm ?? undefined,
    horizonMonths: Math.min(120, monthsBetween(decisionDate, ctx.today) + rhythm + 1),
    departement: ctx.agendas.departement,
    busy: new BusyCalendar(),
    hours: ctx.agendas.hours,
    reviewDates,
  });

  const isPast = (t: { targetDate: IsoDate }) => toDayNumber(t.targetDate) < ctx.todayDay;
  const joint = targets.filter((t) => t.kind === "JOINT_GLOBAL");
  const regular = targets.filter((t) => t.kind !== "JOINT_GLOBAL");
  const past = regular.filter(isPast);
  const future = regular.filter((t) => !isPast(t));
  // Not every contact is an appointment in the agenda (many are phone calls or messages): keep a realistic share.
  const keepPast = modality === "GUIDE" ? (s.demo || random.chance(0.5) ? 1 : 0) : random.chance(0.4) ? 2 : 1;
  const keepNext = s.demo || random.chance(modality === "GUIDE" ? 0.6 : 0.9);
  const chosen = [...joint, ...past.slice(Math.max(0, past.length - keepPast)), ...(keepNext ? future.slice(0, 1) : [])];

  for (const target of chosen) bookFollowUp(ctx, s, target.kind, target.targetDate, decisionDate);
}

const FOLLOW_UP_APPOINTMENT_KIND: Readonly<Record<FollowUpKind, AppointmentKind>> = {
  FOLLOW_UP: "FOLLOW_UP",
  JOINT_GLOBAL: "JOINT_GLOBAL",
  SOCIAL_REVIEW: "SOCIAL_REVIEW",
};

const OUTCOME_BACKLOG_DAYS = 7;

function bookFollowUp(ctx: BookingContext, s: FollowedSeeker, kind: FollowUpKind, targetDate: IsoDate, decisionDate: IsoDate): void {
  const { random } = ctx;
  const withSocialWorker = kind !== "FOLLOW_UP" && s.socialWorkerId !== null;
  const people = withSocialWorker && s.socialWorkerId !== null ? [s.portfolio.advisorId, s.socialWorkerId] : [s.portfolio.advisorId];
  const targetDay = Math.max(toDayNumber(targetDate), toDayNumber(addDays(decisionDate, 1)));
  const lastDay = targetDay + 21;
  let start: number | null = null;
  let status: AppointmentStatus = "SCHEDULED";
  if (targetDay < ctx.todayDay) {
    start = bookPast(ctx, people, targetDay, lastDay, ctx.slotMinutes);
    // Outcomes of the last few days are often not recorded yet: the advisor fills them in (« à renseigner »).
    const recent = start !== null && start >= ctx.nowMs - OUTCOME_BACKLOG_DAYS * 86_400_000;
    status = s.demo ? "DONE" : recent ? "SCHEDULED" : pastFollowUpStatus(random);
  }
  if (start === null && lastDay >= ctx.todayDay) {
    // Not held yet (or not due yet): booked from today on.
    start = bookFrom(ctx, people, Math.max(targetDay, ctx.todayDay), ctx.slotMinutes);
    status = "SCHEDULED";
  }
  if (start === null) return;
  addAppointment(ctx, {
    seeker: s.row,
    advisorId: s.portfolio.advisorId,
    socialWorkerId: withSocialWorker ? s.socialWorkerId : null,
    kind: FOLLOW_UP_APPOINTMENT_KIND[kind],
    channel: kind === "FOLLOW_UP" ? followUpChannel(random) : "AGENCY",
    start,
    minutes: ctx.slotMinutes,
    status,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Seekers awaiting their diagnostic

export interface AwaitingPlan {
  seeker: AwaitingSeeker;
  advisorId: string;
  /** A past first interview the seeker did not attend. */
  missedFirst: boolean;
  /** A first interview booked in the coming days. */
  scheduled: boolean;
  /** Id of the missed appointment, once booked (linked from the new one). */
  missedId?: string;
}

/** What happens to a seeker awaiting the diagnostic: some have an interview booked soon, a few missed one. */
export function drawAwaitingPlan(ctx: BookingContext, seeker: AwaitingSeeker): AwaitingPlan {
  const { random } = ctx;
  const age = ctx.todayDay - seeker.regDay;
  const advisorId = random.pick(ctx.advisorIds);
  const missedFirst = age >= 10 && random.chance(0.08);
  const scheduled = age >= 1 && random.chance(age > 28 ? 0.4 : 0.6);
  return { seeker, advisorId, missedFirst, scheduled };
}

/** The missed first interview of an awaiting seeker (in the past). */
export function bookMissedFirstInterview(ctx: BookingContext, plan: AwaitingPlan): void {
  if (!plan.missedFirst) return;
  const from = plan.seeker.regDay + 2;
  const start = bookPast(ctx, [plan.advisorId], from, from + 14, ctx.initialMinutes);
  if (start === null) return;
  plan.missedId = addFirstInterview(ctx, { seeker: plan.seeker.row, advisorId: plan.advisorId, start, status: "NO_SHOW" }).id;
}

/** The first interview booked from today on (within days for most; the deadline may already be past). */
export function bookUpcomingFirstInterview(ctx: BookingContext, plan: AwaitingPlan): void {
  if (!plan.scheduled) return;
  const start = bookFrom(ctx, [plan.advisorId], ctx.todayDay + ctx.random.int(0, 6), ctx.initialMinutes);
  if (start === null) return;
  addFirstInterview(ctx, { seeker: plan.seeker.row, advisorId: plan.advisorId, start, status: "SCHEDULED", replacesId: plan.missedId ?? null });
}
