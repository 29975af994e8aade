/**
 * Appointment use cases of the seeker page (issue #4) on a real database (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): outcomes, cancellation, rescheduling (working days, agency hours in local time,
 * never overlapping, linked by replacesId), 100 % web; every refusal writes nothing.
 */
import { appointmentActionsAs } from "../support/acting";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  DEFAULT_MIN_NOTICE_DAYS,
  isWorkingDay,
  localToInstant,
  parseTimeOfDay,
  reviewWindows,
  timeZoneOf,
  toLocalParts,
  type DiagnosticAnswers,
} from "@/domain";
import type { Actor } from "@/server/auth/policy";
import { MESSAGES } from "@/server/auth/guard";
import { DomainError } from "@/server/errors";
import { DEMO_AGENCY_CODES, seedDemo } from "@/server/seed";
import { bookAppointment, cancelAppointment, recordOutcome, rescheduleAppointment, setWebOnly } from "@/server/use-cases/appointments";
import { bookingChoices, rescheduleChoices } from "@/server/queries/slot-choices";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";
import { actorFor, makeAppointment as createAppointment, makeDiagnostic } from "../support/factories";

const TODAY = "2026-03-26";
const PARIS = "Europe/Paris";
const NOW = new Date(localToInstant(TODAY, "10:00", PARIS));

let db: TestDatabase;
type AgencyRow = { id: string; departement: string; appointmentStart: string; appointmentEnd: string; slotMinutes: number };
let rouen: AgencyRow;
let reunion: AgencyRow;
let camille: Actor;
let colleague: Actor;
let reunionAdvisor: Actor;
let manager: Actor;
let camilleSeekers: { id: string; modality: string | null }[];
let colleagueSeekerId: string;
let queueSeekerId: string;
let reunionSeekerId: string;
const fixturesPerDay = new Map<string, number>();

const actorOf = (where: { email?: string; id?: string }) => actorFor(db.prisma, where);

/** A fixture appointment before agency hours, so it never collides with seeded ones nor with booked slots. */
async function makeAppointment(opts: {
  advisor: Actor;
  seekerId: string;
  agency: AgencyRow;
  dayOffset: number;
  status?: "SCHEDULED" | "DONE" | "CANCELLED";
  minutes?: number;
  kind?: "FOLLOW_UP" | "REVIEW_M4" | "INITIAL";
  channel?: "AGENCY" | "PHONE" | "VIDEO";
}) {
  const zone = timeZoneOf(opts.agency.departement);
  const date = addDays(TODAY, opts.dayOffset);
  const key = `${opts.agency.id}:${date}`;
  const k = fixturesPerDay.get(key) ?? 0;
  fixturesPerDay.set(key, k + 1);
  if (k >= 12) throw new Error("trop de rendez-vous de test ce jour-là");
  const minutes = opts.minutes ?? 30;
  // Before the agency's hours: 00:00 + k × 61 min local, so fixtures never collide with seeded or booked slots.
  const start = new Date(new Date(localToInstant(date, "00:00", zone)).getTime() + k * 61 * 60_000);
  const { id, startsAt, endsAt } = await createAppointment(db.prisma, {
    agencyId: opts.agency.id,
    seekerId: opts.seekerId,
    advisorId: opts.advisor.id,
    kind: opts.kind ?? "FOLLOW_UP",
    channel: opts.channel ?? "PHONE",
    startsAt: start,
    minutes,
    status: opts.status ?? "SCHEDULED",
  });
  return { id, startsAt, endsAt };
}

async function snapshot(appointmentId?: string) {
  return {
    appointments: await db.prisma.appointment.count(),
    audits: await db.prisma.auditEvent.count(),
    seekers: await db.prisma.seeker.findMany({ select: { id: true, webOnly: true }, orderBy: { id: "asc" } }),
    row: appointmentId
      ? await db.prisma.appointment.findUnique({ where: { id: appointmentId }, select: { status: true, outcomeAt: true, startsAt: true } })
      : null,
  };
}

async function expectRefusedWithoutWrites(appointmentId: string | undefined, run: () => Promise<unknown>, code?: string) {
  const before = await snapshot(appointmentId);
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  if (code) expect((error as DomainError).code).toBe(code);
  expect((error as DomainError).message).toMatch(/[a-zé]/);
  expect(await snapshot(appointmentId)).toEqual(before);
  return error as DomainError;
}

async function expectNoOverlap(advisorId: string) {
  const rows = await db.prisma.appointment.findMany({
    where: { advisorId, status: { not: "CANCELLED" } },
    orderBy: { startsAt: "asc" },
    select: { startsAt: true, endsAt: true },
  });
  for (let i = 1; i < rows.length; i += 1) {
    expect(rows[i]!.startsAt.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.endsAt.getTime());
  }
}

function expectInAgencyHours(agency: AgencyRow, startsAt: Date, endsAt: Date) {
  const zone = timeZoneOf(agency.departement);
  const start = toLocalParts(startsAt.toISOString(), zone);
  const end = toLocalParts(endsAt.toISOString(), zone);
  expect(isWorkingDay(start.date, agency.departement)).toBe(true);
  expect(end.date).toBe(start.date);
  expect(parseTimeOfDay(start.time)).toBeGreaterThanOrEqual(parseTimeOfDay(agency.appointmentStart));
  expect(parseTimeOfDay(end.time, true)).toBeLessThanOrEqual(parseTimeOfDay(agency.appointmentEnd, true));
  expect((parseTimeOfDay(start.time) - parseTimeOfDay(agency.appointmentStart)) % agency.slotMinutes).toBe(0);
  return start;
}

beforeAll(async () => {
  db = await createTestDatabase();
  installAsAppDatabase(db);
  await seedDemo(db, { scale: 0.1, today: TODAY });
  const agencySelect = { id: true, departement: true, appointmentStart: true, appointmentEnd: true, slotMinutes: true } as const;
  rouen = await db.prisma.agency.findUniqueOrThrow({ where: { code: DEMO_AGENCY_CODES.rouen }, select: agencySelect });
  reunion = await db.prisma.agency.findUniqueOrThrow({ where: { code: DEMO_AGENCY_CODES.reunion }, select: agencySelect });
  camille = await actorOf({ email: "conseillere@modalis.demo" });
  manager = await actorOf({ email: "directrice@modalis.demo" });
  camilleSeekers = await db.prisma.seeker.findMany({
    where: { portfolio: { advisorId: camille.id } },
    orderBy: { id: "asc" },
    select: { id: true, modality: true },
  });
  expect(camilleSeekers.length).toBeGreaterThan(10);
  const other = await db.prisma.seeker.findFirstOrThrow({
    where: { agencyId: rouen.id, portfolio: { advisorId: { not: camille.id } } },
    select: { id: true, portfolio: { select: { advisorId: true } } },
  });
  colleagueSeekerId = other.id;
  colleague = await actorOf({ id: other.portfolio!.advisorId });
  queueSeekerId = (await db.prisma.seeker.findFirstOrThrow({ where: { agencyId: rouen.id, status: "AWAITING_DIAGNOSTIC" }, select: { id: true } })).id;
  const reunionSeeker = await db.prisma.seeker.findFirstOrThrow({
    where: { agencyId: reunion.id, portfolioId: { not: null } },
    select: { id: true, portfolio: { select: { advisorId: true } } },
  });
  reunionSeekerId = reunionSeeker.id;
  reunionAdvisor = await actorOf({ id: reunionSeeker.portfolio!.advisorId });
}, 300_000);

afterAll(async () => {
  await db?.dispose();
});

const seekerN = (n: number) => camilleSeekers[n]!.id;

describe("recordOutcome", () => {
  it("records DONE on a started SCHEDULED appointment, with outcomeAt and an audit row", async () => {
    const appt = await makeAppointment({ advisor: camille, seekerId: seekerN(0), agency: rouen, dayOffset: -1 });
    const result = await recordOutcome(camille, { appointmentId: appt.id, outcome: "DONE" }, { now: NOW });
    expect(result).toEqual({ appointmentId: appt.id, status: "DONE", outcomeAt: NOW.toISOString() });
    const row = await db.prisma.appointment.findUniqueOrThrow({ where: { id: appt.id }, select: { status: true, outcomeAt: true } });
    expect(row).toEqual({ status: "DONE", outcomeAt: NOW });
    const audit = await db.prisma.auditEvent.findFirst({ where: { action: "appointment.outcome_recorded", subjectId: appt.id } });
    expect(audit).toMatchObject({ actorId: camille.id, seekerId: seekerN(0), agencyId: rouen.id, metadata: { outcome: "DONE" } });
  });

  it("accepts NO_SHOW and EXCUSED through the server action", async () => {
    const actions = appointmentActionsAs(
      async () => camille,
      () => NOW,
    );
    const a = await makeAppointment({ advisor: camille, seekerId: seekerN(1), agency: rouen, dayOffset: -2 });
    const b = await makeAppointment({ advisor: camille, seekerId: seekerN(1), agency: rouen, dayOffset: -3 });
    const first = await actions.recordOutcome({ appointmentId: a.id, outcome: "NO_SHOW" });
    expect(first).toMatchObject({ ok: true, data: { status: "NO_SHOW" } });
    expect(await actions.recordOutcome({ appointmentId: b.id, outcome: "EXCUSED" })).toMatchObject({ ok: true });
  });

  it("refuses an appointment that has not started yet, writing nothing", async () => {
    const appt = await makeAppointment({ advisor: camille, seekerId: seekerN(2), agency: rouen, dayOffset: 1 });
    const error = await expectRefusedWithoutWrites(appt.id, () => recordOutcome(camille, { appointmentId: appt.id, outcome: "DONE" }, { now: NOW }));
    expect(error.message).toMatch(/pas encore commencé/);
  });

  it("refuses an appointment whose outcome is already recorded or that was cancelled", async () => {
    const done = await makeAppointment({ advisor: camille, seekerId: seekerN(2), agency: rouen, dayOffset: -4, status: "DONE" });
    const cancelled = await makeAppointment({ advisor: camille, seekerId: seekerN(2), agency: rouen, dayOffset: -5, status: "CANCELLED" });
    await expectRefusedWithoutWrites(done.id, () => recordOutcome(camille, { appointmentId: done.id, outcome: "NO_SHOW" }, { now: NOW }), "CONFLICT");
    await expectRefusedWithoutWrites(cancelled.id, () => recordOutcome(camille, { appointmentId: cancelled.id, outcome: "DONE" }, { now: NOW }), "CONFLICT");
  });

  it("answers NOT_FOUND for a colleague's seeker, a queue seeker, another agency and an unknown id", async () => {
    const ofColleague = await makeAppointment({ advisor: colleague, seekerId: colleagueSeekerId, agency: rouen, dayOffset: -1 });
    const ofQueue = await makeAppointment({ advisor: camille, seekerId: queueSeekerId, agency: rouen, dayOffset: -6 });
    const ofReunion = await makeAppointment({ advisor: reunionAdvisor, seekerId: reunionSeekerId, agency: reunion, dayOffset: -1 });
    for (const id of [ofColleague.id, ofQueue.id, ofReunion.id, "3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e22"]) {
      await expectRefusedWithoutWrites(id, () => recordOutcome(camille, { appointmentId: id, outcome: "DONE" }, { now: NOW }), "NOT_FOUND");
    }
    // The colleague, in charge, may.
    expect(await recordOutcome(colleague, { appointmentId: ofColleague.id, outcome: "DONE" }, { now: NOW })).toMatchObject({ status: "DONE" });
  });

  it("refuses forged payloads (extra keys such as agencyId, bad outcome) at the action, writing nothing", async () => {
    const actions = appointmentActionsAs(
      async () => camille,
      () => NOW,
    );
    const appt = await makeAppointment({ advisor: camille, seekerId: seekerN(3), agency: rouen, dayOffset: -1 });
    const before = await snapshot(appt.id);
    const forged = await actions.recordOutcome({ appointmentId: appt.id, outcome: "DONE", agencyId: reunion.id });
    expect(forged).toMatchObject({ ok: false, error: MESSAGES.invalid });
    const badOutcome = await actions.recordOutcome({ appointmentId: appt.id, outcome: "CANCELLED" });
    expect(badOutcome).toMatchObject({ ok: false, error: MESSAGES.invalid });
    const badId = await actions.recordOutcome({ appointmentId: "42", outcome: "DONE" });
    expect(badId).toMatchObject({ ok: false, fieldErrors: { appointmentId: ["Identifiant de rendez-vous invalide."] } });
    expect(await snapshot(appt.id)).toEqual(before);
    // A manager lacks the permission (the denial is journaled, nothing else).
    const managerActions = appointmentActionsAs(
      async () => manager,
      () => NOW,
    );
    expect(await managerActions.recordOutcome({ appointmentId: appt.id, outcome: "DONE" })).toEqual({
      ok: false,
      error: MESSAGES.forbidden,
      code: "FORBIDDEN",
    });
    const after = await snapshot(appt.id);
    expect(after.row).toEqual(before.row);
    expect(after.appointments).toBe(before.appointments);
  });
});

describe("cancelAppointment", () => {
  it("cancels a future SCHEDULED appointment and journals it", async () => {
    const appt = await makeAppointment({ advisor: camille, seekerId: seekerN(4), agency: rouen, dayOffset: 2 });
    const actions = appointmentActionsAs(
      async () => camille,
      () => NOW,
    );
    expect(await actions.cancelAppointment({ appointmentId: appt.id })).toEqual({ ok: true, data: { appointmentId: appt.id, status: "CANCELLED" } });
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: appt.id }, select: { status: true } })).status).toBe("CANCELLED");
    expect(await db.prisma.auditEvent.count({ where: { action: "appointment.cancelled", subjectId: appt.id } })).toBe(1);
  });

  it("refuses a past appointment, an already cancelled one, out-of-scope ones and forged payloads", async () => {
    const past = await makeAppointment({ advisor: camille, seekerId: seekerN(4), agency: rouen, dayOffset: -1 });
    const cancelled = await makeAppointment({ advisor: camille, seekerId: seekerN(4), agency: rouen, dayOffset: 3, status: "CANCELLED" });
    const ofColleague = await makeAppointment({ advisor: colleague, seekerId: colleagueSeekerId, agency: rouen, dayOffset: 3 });
    const ofReunion = await makeAppointment({ advisor: reunionAdvisor, seekerId: reunionSeekerId, agency: reunion, dayOffset: 3 });
    const e = await expectRefusedWithoutWrites(past.id, () => cancelAppointment(camille, { appointmentId: past.id }, { now: NOW }), "INVALID");
    expect(e.message).toMatch(/déjà commencé/);
    await expectRefusedWithoutWrites(cancelled.id, () => cancelAppointment(camille, { appointmentId: cancelled.id }, { now: NOW }), "CONFLICT");
    await expectRefusedWithoutWrites(ofColleague.id, () => cancelAppointment(camille, { appointmentId: ofColleague.id }, { now: NOW }), "NOT_FOUND");
    await expectRefusedWithoutWrites(ofReunion.id, () => cancelAppointment(camille, { appointmentId: ofReunion.id }, { now: NOW }), "NOT_FOUND");
    const actions = appointmentActionsAs(
      async () => camille,
      () => NOW,
    );
    const before = await snapshot(ofColleague.id);
    expect(await actions.cancelAppointment({ appointmentId: ofColleague.id, agencyId: rouen.id })).toMatchObject({ ok: false, error: MESSAGES.invalid });
    expect(await actions.cancelAppointment({ appointmentId: ofColleague.id })).toEqual({ ok: false, error: "Rendez-vous introuvable.", code: "NOT_FOUND" });
    expect(await snapshot(ofColleague.id)).toEqual(before);
  });
});

describe("rescheduleAppointment", () => {
  it("without a chosen slot: cancels the old appointment and books the same kind, duration and channel at the first allowed slot, linked by replacesId", async () => {
    const old = await makeAppointment({ advisor: camille, seekerId: seekerN(5), agency: rouen, dayOffset: 1, kind: "REVIEW_M4", channel: "VIDEO" });
    const result = await rescheduleAppointment(camille, { appointmentId: old.id }, { now: NOW });
    const created = await db.prisma.appointment.findUniqueOrThrow({
      where: { id: result.appointmentId },
      select: { kind: true, channel: true, status: true, startsAt: true, endsAt: true, replacesId: true, advisorId: true, seekerId: true },
    });
    expect(created).toMatchObject({
      kind: "REVIEW_M4",
      channel: "VIDEO",
      status: "SCHEDULED",
      replacesId: old.id,
      advisorId: camille.id,
      seekerId: seekerN(5),
    });
    expect(created.endsAt.getTime() - created.startsAt.getTime()).toBe(30 * 60_000);
    expect(result.startsAt).toBe(created.startsAt.toISOString());
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: old.id }, select: { status: true } })).status).toBe("CANCELLED");
    const local = expectInAgencyHours(rouen, created.startsAt, created.endsAt);
    // Never before the agency's minimum notice; an M4 goes in its window (or after it, flagged, when it is full).
    expect(local.date >= addDays(TODAY, DEFAULT_MIN_NOTICE_DAYS)).toBe(true);
    const seeker = await db.prisma.seeker.findUniqueOrThrow({ where: { id: seekerN(5) }, select: { registrationDate: true } });
    const window = reviewWindows(seeker.registrationDate.toISOString().slice(0, 10)).M4;
    expect(local.date >= window.from).toBe(true);
    expect(result.overdue).toBe(local.date > window.to);
    expect(await db.prisma.auditEvent.count({ where: { action: "appointment.rescheduled", subjectId: result.appointmentId } })).toBe(1);
    await expectNoOverlap(camille.id);
  });

  it("starts from the requested date (never before the agency's notice) and keeps a 60-minute interview at 60 minutes", async () => {
    const old = await makeAppointment({ advisor: camille, seekerId: seekerN(6), agency: rouen, dayOffset: 1, kind: "INITIAL", minutes: 60 });
    const wanted = "2026-04-06"; // Easter Monday: a public holiday, the search moves on
    const result = await rescheduleAppointment(camille, { appointmentId: old.id, date: wanted }, { now: NOW });
    const start = new Date(result.startsAt);
    const end = new Date(result.endsAt);
    expect(end.getTime() - start.getTime()).toBe(60 * 60_000);
    const local = expectInAgencyHours(rouen, start, end);
    expect(local.date > wanted).toBe(true);

    const other = await makeAppointment({ advisor: camille, seekerId: seekerN(6), agency: rouen, dayOffset: 2 });
    const past = await rescheduleAppointment(camille, { appointmentId: other.id, date: addDays(TODAY, -7) }, { now: NOW });
    // Was « tomorrow at the earliest »: the agency's minimum notice (2 days by default) now applies (issue 15).
    expect(toLocalParts(past.startsAt, PARIS).date >= addDays(TODAY, DEFAULT_MIN_NOTICE_DAYS)).toBe(true);
    await expectNoOverlap(camille.id);
  });

  it("never overlaps: two reschedules in a row, then two at once, take distinct free slots", async () => {
    const date = "2026-04-14";
    const a = await makeAppointment({ advisor: camille, seekerId: seekerN(7), agency: rouen, dayOffset: 1 });
    const b = await makeAppointment({ advisor: camille, seekerId: seekerN(8), agency: rouen, dayOffset: 1 });
    const ra = await rescheduleAppointment(camille, { appointmentId: a.id, date }, { now: NOW });
    const rb = await rescheduleAppointment(camille, { appointmentId: b.id, date }, { now: NOW });
    expect(ra.startsAt).not.toBe(rb.startsAt);
    // Several at once on the same day: on PostgreSQL they race for the same slot, the exclusion constraint
    // refuses the losers, which retry with a fresh calendar.
    const racing = [];
    for (let i = 0; i < 4; i += 1) {
      racing.push(await makeAppointment({ advisor: camille, seekerId: seekerN(9 + i), agency: rouen, dayOffset: 2 }));
    }
    const raced = await Promise.all(racing.map((r) => rescheduleAppointment(camille, { appointmentId: r.id, date }, { now: NOW })));
    const all = [ra, rb, ...raced];
    expect(new Set(all.map((r) => r.startsAt)).size).toBe(all.length);
    for (const r of all) expectInAgencyHours(rouen, new Date(r.startsAt), new Date(r.endsAt));
    await expectNoOverlap(camille.id);
  });

  it("books in the 974 agency's local time (Indian/Reunion)", async () => {
    const old = await makeAppointment({ advisor: reunionAdvisor, seekerId: reunionSeekerId, agency: reunion, dayOffset: 1 });
    const result = await rescheduleAppointment(reunionAdvisor, { appointmentId: old.id, date: "2026-04-14" }, { now: NOW });
    const start = new Date(result.startsAt);
    const local = expectInAgencyHours(reunion, start, new Date(result.endsAt));
    expect(timeZoneOf(reunion.departement)).toBe("Indian/Reunion");
    // Réunion is UTC+4 all year: a 13:30 local slot is 09:30 UTC.
    const utcMinutes = start.getUTCHours() * 60 + start.getUTCMinutes();
    expect(parseTimeOfDay(local.time) - utcMinutes).toBe(4 * 60);
    await expectNoOverlap(reunionAdvisor.id);
  });

  it("refuses past, already cancelled and out-of-scope appointments and forged payloads, writing nothing", async () => {
    const past = await makeAppointment({ advisor: camille, seekerId: seekerN(14), agency: rouen, dayOffset: -1 });
    const cancelled = await makeAppointment({ advisor: camille, seekerId: seekerN(14), agency: rouen, dayOffset: 4, status: "CANCELLED" });
    const ofColleague = await makeAppointment({ advisor: colleague, seekerId: colleagueSeekerId, agency: rouen, dayOffset: 4 });
    const ofReunion = await makeAppointment({ advisor: reunionAdvisor, seekerId: reunionSeekerId, agency: reunion, dayOffset: 4 });
    await expectRefusedWithoutWrites(past.id, () => rescheduleAppointment(camille, { appointmentId: past.id }, { now: NOW }), "INVALID");
    await expectRefusedWithoutWrites(cancelled.id, () => rescheduleAppointment(camille, { appointmentId: cancelled.id }, { now: NOW }), "CONFLICT");
    await expectRefusedWithoutWrites(ofColleague.id, () => rescheduleAppointment(camille, { appointmentId: ofColleague.id }, { now: NOW }), "NOT_FOUND");
    await expectRefusedWithoutWrites(ofReunion.id, () => rescheduleAppointment(camille, { appointmentId: ofReunion.id }, { now: NOW }), "NOT_FOUND");
    await expectRefusedWithoutWrites(past.id, () => rescheduleAppointment(camille, { appointmentId: past.id, date: "2026-02-30" }, { now: NOW }), "INVALID");
    const actions = appointmentActionsAs(
      async () => camille,
      () => NOW,
    );
    const before = await snapshot(ofColleague.id);
    expect(await actions.rescheduleAppointment({ appointmentId: ofColleague.id, agencyId: rouen.id, advisorId: camille.id })).toMatchObject({
      ok: false,
      error: MESSAGES.invalid,
    });
    expect(await actions.rescheduleAppointment({ appointmentId: ofColleague.id, date: "14/04/2026" })).toMatchObject({ ok: false, error: MESSAGES.invalid });
    expect(await snapshot(ofColleague.id)).toEqual(before);
  });

  it("refuses a date beyond the planning horizon (9999-12-31, 2090, 2020) in French, and writes nothing", async () => {
    const upcoming = await makeAppointment({ advisor: camille, seekerId: seekerN(15), agency: rouen, dayOffset: 3 });
    const actions = appointmentActionsAs(
      async () => camille,
      () => NOW,
    );
    const before = await snapshot(upcoming.id);
    const refused = await actions.rescheduleAppointment({ appointmentId: upcoming.id, date: "9999-12-31" });
    expect(refused).toMatchObject({ ok: false, code: "INVALID" });
    expect(refused.ok ? [] : refused.fieldErrors?.date).toEqual(["Date invalide : une date entre le 01/01/2000 et le 31/12/2099 est attendue."]);
    for (const date of ["9999-12-31", "2090-06-01", addDays(TODAY, 731), "2020-01-01"]) {
      const error = await expectRefusedWithoutWrites(
        upcoming.id,
        () => rescheduleAppointment(camille, { appointmentId: upcoming.id, date }, { now: NOW }),
        "INVALID",
      );
      expect(error.message, date).toBe(
        date.startsWith("9999")
          ? "Date invalide : une date entre le 01/01/2000 et le 31/12/2099 est attendue."
          : "Date de report : entre le 23/02/2026 et le 25/03/2028 (deux ans au plus).",
      );
    }
    expect(await snapshot(upcoming.id)).toEqual(before);
    // The last day of the horizon is still accepted.
    const result = await rescheduleAppointment(camille, { appointmentId: upcoming.id, date: addDays(TODAY, 730) }, { now: NOW });
    expect(toLocalParts(result.startsAt, PARIS).date >= addDays(TODAY, 730)).toBe(true);
  });
});

describe("rescheduleAppointment: choosing among the free slots the rule allows (issue 15)", () => {
  const actions = () =>
    appointmentActionsAs(
      async () => camille,
      () => NOW,
    );

  it("lists allowed free slots and books the one chosen, with the channel chosen", async () => {
    const old = await makeAppointment({ advisor: camille, seekerId: seekerN(14), agency: rouen, dayOffset: 20, channel: "PHONE" });
    const choices = await rescheduleChoices(camille, seekerN(14), old.id, { now: NOW });
    expect(choices).not.toBeNull();
    expect(choices!.slots.length).toBeGreaterThan(3);
    for (const slot of choices!.slots) {
      expect(slot.date >= addDays(TODAY, DEFAULT_MIN_NOTICE_DAYS)).toBe(true);
      expectInAgencyHours(rouen, new Date(slot.startsAt), new Date(slot.endsAt));
    }
    // Later ones: the page asks for the slots after the last one shown.
    const later = await rescheduleChoices(camille, seekerN(14), old.id, { now: NOW, after: choices!.slots.at(-1)!.startsAt });
    expect(later!.slots[0]!.startsAt > choices!.slots.at(-1)!.startsAt).toBe(true);
    // A colleague's appointment or a seeker of someone else: nothing to choose.
    expect(await rescheduleChoices(colleague, seekerN(14), old.id, { now: NOW })).toBeNull();

    const chosen = choices!.slots[2]!;
    const result = await actions().rescheduleAppointment({ appointmentId: old.id, startsAt: chosen.startsAt, channel: "VIDEO" });
    expect(result).toMatchObject({ ok: true, data: { startsAt: chosen.startsAt, endsAt: chosen.endsAt, overdue: false } });
    const created = await db.prisma.appointment.findUniqueOrThrow({
      where: { id: result.ok ? result.data.appointmentId : "" },
      select: { channel: true, replacesId: true },
    });
    expect(created).toEqual({ channel: "VIDEO", replacesId: old.id });
    await expectNoOverlap(camille.id);
  });

  it("refuses a slot taken meanwhile, in French, and changes nothing", async () => {
    const old = await makeAppointment({ advisor: camille, seekerId: seekerN(14), agency: rouen, dayOffset: 21 });
    const choices = await rescheduleChoices(camille, seekerN(14), old.id, { now: NOW });
    const chosen = choices!.slots[0]!;
    // Someone books that slot first.
    await createAppointment(db.prisma, {
      agencyId: rouen.id,
      seekerId: seekerN(13),
      advisorId: camille.id,
      kind: "FOLLOW_UP",
      channel: "AGENCY",
      startsAt: new Date(chosen.startsAt),
      minutes: 30,
      status: "SCHEDULED",
    });
    const error = await expectRefusedWithoutWrites(
      old.id,
      () => rescheduleAppointment(camille, { appointmentId: old.id, startsAt: chosen.startsAt }, { now: NOW }),
      "CONFLICT",
    );
    expect(error.message).toBe("Ce créneau vient d'être pris par un autre rendez-vous. Rien n'a été modifié : choisissez un autre créneau.");
    // Off the grid, or not a working day: refused too.
    const offGrid = localToInstant("2026-04-14", "13:40", PARIS);
    await expectRefusedWithoutWrites(old.id, () => rescheduleAppointment(camille, { appointmentId: old.id, startsAt: offGrid }, { now: NOW }), "CONFLICT");
    const sunday = localToInstant("2026-04-12", "14:00", PARIS);
    await expectRefusedWithoutWrites(old.id, () => rescheduleAppointment(camille, { appointmentId: old.id, startsAt: sunday }, { now: NOW }), "CONFLICT");
    // A chosen slot and a date at once: refused at the action.
    expect(await actions().rescheduleAppointment({ appointmentId: old.id, startsAt: chosen.startsAt, date: "2026-04-14" })).toMatchObject({
      ok: false,
      code: "INVALID",
    });
  });

  it("regression: a follow-up is not moved earlier than the agency's notice (3 days' notice with 5 days set), unless the seeker agreed", async () => {
    await db.prisma.agency.update({ where: { id: rouen.id }, data: { minNoticeDays: 5 } });
    try {
      const old = await makeAppointment({ advisor: camille, seekerId: seekerN(15), agency: rouen, dayOffset: 30, kind: "FOLLOW_UP" });
      const threeDays = localToInstant(addDays(TODAY, 4), "16:00", PARIS); // Monday 30 March, 4 days ahead: under 5 days' notice
      const error = await expectRefusedWithoutWrites(
        old.id,
        () => rescheduleAppointment(camille, { appointmentId: old.id, startsAt: threeDays }, { now: NOW }),
        "CONFLICT",
      );
      expect(error.message).toContain("le délai de prévenance de l'agence est de 5 jours, sauf accord de la personne");
      const choices = await rescheduleChoices(camille, seekerN(15), old.id, { now: NOW });
      expect(choices!.minNoticeDays).toBe(5);
      expect(choices!.slots.every((slot) => slot.date >= addDays(TODAY, 5))).toBe(true);
      // Without a chosen slot, from a date that is too close: the first slot after the notice.
      const auto = await rescheduleAppointment(camille, { appointmentId: old.id, date: addDays(TODAY, 1) }, { now: NOW });
      expect(toLocalParts(auto.startsAt, PARIS).date >= addDays(TODAY, 5)).toBe(true);
      // « La personne est d'accord »: the earlier slot is accepted (if free).
      const agreed = await rescheduleChoices(camille, seekerN(15), auto.appointmentId, { now: NOW, seekerAgreed: true });
      const early = agreed!.slots.find((slot) => slot.date < addDays(TODAY, 5))!;
      expect(early).toBeDefined();
      const moved = await rescheduleAppointment(camille, { appointmentId: auto.appointmentId, startsAt: early.startsAt, seekerAgreed: true }, { now: NOW });
      expect(moved.startsAt).toBe(early.startsAt);
    } finally {
      await db.prisma.agency.update({ where: { id: rouen.id }, data: { minNoticeDays: DEFAULT_MIN_NOTICE_DAYS } });
    }
  });

  it("regression: an M4 is never moved before its window (nor after it while it has room)", async () => {
    // Registered on 20/02/2026: the M4 window runs from 20/05/2026 to 19/06/2026.
    await db.prisma.seeker.update({ where: { id: seekerN(13) }, data: { registrationDate: new Date("2026-02-20T00:00:00Z") } });
    const old = await makeAppointment({ advisor: camille, seekerId: seekerN(13), agency: rouen, dayOffset: 60, kind: "REVIEW_M4" });
    const choices = await rescheduleChoices(camille, seekerN(13), old.id, { now: NOW });
    expect(choices!.window).toEqual({ from: "2026-05-20", to: "2026-06-19" });
    expect(choices!.overdue).toBe(false);
    expect(choices!.slots.every((slot) => slot.date >= "2026-05-20" && slot.date <= "2026-06-19")).toBe(true);
    // The defect: « Reporter » put it at the first free slot from tomorrow, long before the window.
    const beforeWindow = localToInstant("2026-04-14", "15:00", PARIS);
    const error = await expectRefusedWithoutWrites(
      old.id,
      () => rescheduleAppointment(camille, { appointmentId: old.id, startsAt: beforeWindow }, { now: NOW }),
      "CONFLICT",
    );
    expect(error.message).toContain("précède la fenêtre du bilan (du 20/05/2026 au 19/06/2026)");
    const afterWindow = localToInstant("2026-06-23", "14:00", PARIS);
    await expectRefusedWithoutWrites(old.id, () => rescheduleAppointment(camille, { appointmentId: old.id, startsAt: afterWindow }, { now: NOW }), "CONFLICT");
    const result = await rescheduleAppointment(camille, { appointmentId: old.id }, { now: NOW });
    const local = toLocalParts(result.startsAt, PARIS);
    expect(local.date >= "2026-05-20" && local.date <= "2026-06-19").toBe(true);
    expect(result.overdue).toBe(false);
  });
});

describe("bookAppointment: an ad-hoc follow-up or joint meeting among the same free slots (issue 15)", () => {
  it("books a follow-up in a slot chosen among the allowed ones, journals it, and refuses a slot not offered", async () => {
    const seekerId = seekerN(3);
    const choices = await bookingChoices(camille, seekerId, "FOLLOW_UP", { now: NOW });
    expect(choices!.slots.length).toBeGreaterThan(0);
    expect(choices!.slots.every((slot) => slot.date >= addDays(TODAY, DEFAULT_MIN_NOTICE_DAYS))).toBe(true);
    expect(await bookingChoices(colleague, seekerId, "FOLLOW_UP", { now: NOW })).toBeNull();
    const chosen = choices!.slots[1]!;
    const booked = await bookAppointment(camille, { seekerId, kind: "FOLLOW_UP", startsAt: chosen.startsAt, channel: "VIDEO" }, { now: NOW });
    expect(booked).toEqual({ appointmentId: expect.any(String), startsAt: chosen.startsAt, endsAt: chosen.endsAt });
    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).toMatchObject({
      kind: "FOLLOW_UP",
      channel: "VIDEO",
      advisorId: camille.id,
      seekerId,
      status: "SCHEDULED",
      socialWorkerId: null,
    });
    expect(await db.prisma.auditEvent.count({ where: { action: "appointment.booked", subjectId: booked.appointmentId } })).toBe(1);
    // The same slot again: taken. Tomorrow: under the notice. A colleague's seeker: not found. A joint meeting outside global: refused.
    await expectRefusedWithoutWrites(
      undefined,
      () => bookAppointment(camille, { seekerId, kind: "FOLLOW_UP", startsAt: chosen.startsAt, channel: "AGENCY" }, { now: NOW }),
      "CONFLICT",
    );
    const tomorrow = localToInstant(addDays(TODAY, 1), "14:00", PARIS);
    const error = await expectRefusedWithoutWrites(
      undefined,
      () => bookAppointment(camille, { seekerId, kind: "FOLLOW_UP", startsAt: tomorrow, channel: "AGENCY" }, { now: NOW }),
      "CONFLICT",
    );
    expect(error.message).toContain("délai de prévenance");
    await expectRefusedWithoutWrites(
      undefined,
      () => bookAppointment(camille, { seekerId: colleagueSeekerId, kind: "FOLLOW_UP", startsAt: chosen.startsAt, channel: "AGENCY" }, { now: NOW }),
      "NOT_FOUND",
    );
    const notGlobal = camilleSeekers.find((s) => s.modality !== "GLOBAL")!.id;
    await expectRefusedWithoutWrites(
      undefined,
      () => bookAppointment(camille, { seekerId: notGlobal, kind: "JOINT_GLOBAL", startsAt: chosen.startsAt, channel: "AGENCY" }, { now: NOW }),
      "INVALID",
    );
    await expectNoOverlap(camille.id);
  });
});

describe("setWebOnly", () => {
  const answers = (over: Partial<DiagnosticAnswers>): DiagnosticAnswers => ({
    project: 0,
    skills: 0,
    jobSearch: 0,
    digital: 0,
    basicSkills: 0,
    monthsWithoutWork: 2,
    barriers: {},
    webVolunteer: true,
    ...over,
  });

  async function addDiagnostic(seekerId: string, a: DiagnosticAnswers) {
    await makeDiagnostic(db.prisma, { agencyId: rouen.id, seekerId, authorId: camille.id, answers: a, createdAt: new Date(NOW.getTime() + 60_000) });
  }

  it("switches a volunteer, digitally autonomous SUIVI seeker to 100 % web and back", async () => {
    const suivi = camilleSeekers.filter((s) => s.modality === "SUIVI");
    expect(suivi.length).toBeGreaterThan(2);
    const seekerId = suivi[0]!.id;
    await addDiagnostic(seekerId, answers({}));
    const actions = appointmentActionsAs(
      async () => camille,
      () => NOW,
    );
    expect(await actions.setWebOnly({ seekerId, webOnly: true })).toEqual({ ok: true, data: { seekerId, webOnly: true } });
    expect((await db.prisma.seeker.findUniqueOrThrow({ where: { id: seekerId }, select: { webOnly: true } })).webOnly).toBe(true);
    expect(await db.prisma.auditEvent.count({ where: { action: "seeker.web_only_set", subjectId: seekerId } })).toBe(1);
    expect(await setWebOnly(camille, { seekerId, webOnly: false })).toEqual({ seekerId, webOnly: false });
  });

  it("refuses when the latest diagnostic says not volunteer or not autonomous, a non-SUIVI seeker, out-of-scope seekers and forged payloads", async () => {
    const suivi = camilleSeekers.filter((s) => s.modality === "SUIVI");
    const notVolunteer = suivi[1]!.id;
    const notAutonomous = suivi[2]!.id;
    await addDiagnostic(notVolunteer, answers({ webVolunteer: false }));
    await addDiagnostic(notAutonomous, answers({ digital: 1 }));
    const guide = camilleSeekers.find((s) => s.modality === "GUIDE")!.id;
    for (const seekerId of [notVolunteer, notAutonomous, guide]) {
      const e = await expectRefusedWithoutWrites(undefined, () => setWebOnly(camille, { seekerId, webOnly: true }), "INVALID");
      expect(e.message).toMatch(/100 % web/);
    }
    // Someone who chose 100 % web themselves can always be brought back to ordinary follow-up.
    await db.prisma.seeker.update({ where: { id: notVolunteer }, data: { webOnly: true } });
    expect(await setWebOnly(camille, { seekerId: notVolunteer, webOnly: false })).toEqual({ seekerId: notVolunteer, webOnly: false });
    for (const seekerId of [colleagueSeekerId, queueSeekerId, reunionSeekerId]) {
      await expectRefusedWithoutWrites(undefined, () => setWebOnly(camille, { seekerId, webOnly: true }), "NOT_FOUND");
    }
    const actions = appointmentActionsAs(
      async () => camille,
      () => NOW,
    );
    const before = await snapshot();
    expect(await actions.setWebOnly({ seekerId: suivi[0]!.id, webOnly: true, agencyId: rouen.id })).toMatchObject({ ok: false, error: MESSAGES.invalid });
    expect(await actions.setWebOnly({ seekerId: suivi[0]!.id, webOnly: "oui" })).toMatchObject({ ok: false, error: MESSAGES.invalid });
    expect(await snapshot()).toEqual(before);
  });
});
