/**
 * The messages every booking and every change sends to the seeker (issue 16, docs/rules.md#messages-to-seekers),
 * written to the outbox in the transaction of the change: convocations at each booking (an advisor's, the first
 * interviews, the planned reviews), move and cancellation notices whose calendar file updates the feed's event (same
 * UID, higher SEQUENCE), the new advisor after a rebalancing, the diagnostic result (a confirmation, a placement beyond
 * the caps); the reminders still queued for a moved or cancelled appointment are cancelled. A refused or rolled-back
 * change writes nothing; a seeker who opted out gets only the mandatory ones; no message names a barrier.
 * On a fresh database (PGlite, or PostgreSQL with TEST_DATABASE_URL) without the job queue: rows only, no delivery
 * (tests/integration/outbox.test.ts delivers).
 */
import { describe, expect, it } from "vitest";
import { timeZoneOf, type DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Modality } from "@/generated/prisma/enums";
import { appointmentChains, appointmentEvent, appointmentUid } from "@/lib/appointment-calendar";
import { formatDateTime } from "@/lib/format";
import { PRIVATE_LIFE_WORDS } from "@/lib/messages/compose";
import { DomainError } from "@/server/errors";
import { appointmentsOf } from "@/server/queries/own-seeker";
import { bookingChoices } from "@/server/queries/slot-choices";
import { bookAppointment, cancelAppointment, rescheduleAppointment } from "@/server/use-cases/appointments";
import { confirmDiagnostic, confirmInTransaction } from "@/server/use-cases/confirm-diagnostic";
import { bookAgencyFirstInterviews } from "@/server/use-cases/first-interviews";
import { placeBeyondCap, requestPlacement } from "@/server/use-cases/placement-requests";
import { planAgencyReviews } from "@/server/use-cases/plan-reviews";
import { moveSeekers } from "@/server/use-cases/rebalance";
import { cancelQueuedReminders } from "@/server/messages/notices";
import { queueDueReminders } from "@/server/messages/reminders";
import { queueSeekerMessages, type SeekerMessage } from "@/server/messages/outbox";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { actorOf, makeAppointment, makeGapCast, makePortfolio, makeSeeker, makeUser, RENFORCE_ANSWERS } from "../support/factories";

// A Monday morning in Gap (05): appointments 13:30–16:30 local = 12:30–15:30 UTC in March.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const ZONE = timeZoneOf("05");
const EMAIL = "camille.durand@exemple.test";
const MOBILE = "06 12 34 56 78";
const MOBILE_E164 = "+33612345678";
/** Global support with housing and health barriers: no message may mention them. */
const ANSWERS: DiagnosticAnswers = {
  project: 2,
  skills: 1,
  jobSearch: 1,
  digital: 0,
  basicSkills: 0,
  monthsWithoutWork: 2,
  barriers: { HOUSING: "MAJOR", HEALTH: "MAJOR" },
  webVolunteer: false,
};

const contact = { email: EMAIL, phone: MOBILE, smsConsent: true } as const;

async function world(db: PrismaClient) {
  const cast = await makeGapCast(db, { agency: { phone: "04 92 00 00 00", globalPartnership: true } });
  const pAlice = await makePortfolio(db, cast.agency.id, cast.alice.id, "GUIDE", 150);
  const pBruno = await makePortfolio(db, cast.agency.id, cast.bruno.id, "GUIDE", 150);
  return { ...cast, pAlice, pBruno };
}

/** A seeker followed in the portfolio, reachable by e-mail and SMS unless told otherwise. */
const makeFollowed = (db: PrismaClient, portfolio: { id: string; agencyId: string; modality: Modality }, extra: Record<string, unknown> = {}) =>
  makeSeeker(db, portfolio.agencyId, { portfolio, assignment: { startedAt: new Date("2026-02-25T09:00:00Z") }, ...contact, ...extra });

const outboxOf = (db: PrismaClient, seekerId: string) =>
  db.outboxMessage.findMany({ where: { seekerId }, orderBy: [{ createdAt: "asc" }, { kind: "asc" }, { channel: "asc" }] });

type Row = Awaited<ReturnType<typeof outboxOf>>[number];

/** A field of the calendar file: `UID`, `SEQUENCE`, `STATUS`. */
function icsField(ics: string | null, name: string): string | undefined {
  return ics?.match(new RegExp(`^${name}:(.*)$`, "m"))?.[1]?.trim();
}

/** The feed's event of the meeting holding appointment `id`, as the seeker's calendar subscription shows it. */
async function feedEventOf(db: PrismaClient, seekerId: string, id: string) {
  const chain = appointmentChains(await appointmentsOf(db, seekerId)).find((c) => c.ids.includes(id))!;
  return appointmentEvent(chain, NOW);
}

function expectNoPrivateLife(rows: readonly Row[]) {
  for (const row of rows) for (const part of [row.subject, row.text, row.html, row.ics ?? ""]) expect(part).not.toMatch(PRIVATE_LIFE_WORDS);
}

/** A reminder queued ahead (as the reminder job writes it), with its status. */
const makeReminder = (db: PrismaClient, seeker: { id: string; agencyId: string }, appointmentId: string, status: "QUEUED" | "SENT" = "QUEUED") =>
  db.outboxMessage.create({
    data: {
      agencyId: seeker.agencyId,
      seekerId: seeker.id,
      appointmentId,
      kind: "REMINDER",
      channel: "EMAIL",
      recipient: EMAIL,
      subject: "Rappel",
      text: "Rappel",
      html: "",
      status,
      ...(status === "SENT" ? { sentAt: NOW, providerId: "TEST", attempts: 1 } : {}),
    },
  });

async function expectRefusal(promise: Promise<unknown>, code: DomainError["code"]): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

describe("messages to seekers at every booking and change", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("an advisor's booking convokes the seeker by e-mail and SMS, with the feed's event", async () => {
    const w = await world(db.prisma);
    const seeker = await makeFollowed(db.prisma, w.pAlice, { firstName: "Camille" });
    const alice = actorOf(w.alice);
    const slot = (await bookingChoices(alice, seeker.id, "FOLLOW_UP", { now: NOW }))!.slots[0]!;
    const booked = await bookAppointment(
      alice,
      { seekerId: seeker.id, kind: "FOLLOW_UP", startsAt: slot.startsAt, channel: "PHONE" },
      { now: NOW, db: db.prisma },
    );

    const rows = await outboxOf(db.prisma, seeker.id);
    expect(rows.map((r) => [r.kind, r.channel, r.recipient, r.mandatory, r.appointmentId])).toEqual([
      ["CONVOCATION", "EMAIL", EMAIL, false, booked.appointmentId],
      ["CONVOCATION", "SMS", MOBILE_E164, false, booked.appointmentId],
    ]);
    const [mail, sms] = rows;
    expect(mail!.text).toContain("Bonjour Camille");
    expect(mail!.text).toContain(formatDateTime(new Date(booked.startsAt), ZONE));
    expect(mail!.text).toContain("Alice Bernard");
    const feed = await feedEventOf(db.prisma, seeker.id, booked.appointmentId);
    expect(icsField(mail!.ics, "UID")).toBe(feed.uid);
    expect(icsField(mail!.ics, "UID")).toBe(appointmentUid(booked.appointmentId));
    expect(icsField(mail!.ics, "SEQUENCE")).toBe(String(feed.sequence));
    expect(sms!.ics).toBeNull();
    expectNoPrivateLife(rows);
  });

  it("a move tells the old and the new date, updates the same calendar event and cancels the old reminders; a refused move writes nothing", async () => {
    const w = await world(db.prisma);
    const seeker = await makeFollowed(db.prisma, w.pAlice);
    const alice = actorOf(w.alice);
    const review = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.alice.id,
      kind: "REVIEW_M4",
      startsAt: "2026-06-16T12:30:00.000Z",
    });
    const other = await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: seeker.id, advisorId: w.alice.id, startsAt: "2026-03-10T12:30:00.000Z" });
    const queued = await makeReminder(db.prisma, seeker, review.id);
    const sent = await makeReminder(db.prisma, seeker, review.id, "SENT");
    const untouched = await makeReminder(db.prisma, seeker, other.id);

    // Refused (a Sunday is no slot): rolled back, nothing written, the reminder still queued.
    await expectRefusal(
      rescheduleAppointment(alice, { appointmentId: review.id, startsAt: "2026-06-21T12:30:00.000Z" }, { now: NOW, db: db.prisma }),
      "CONFLICT",
    );
    expect((await outboxOf(db.prisma, seeker.id)).map((r) => [r.id, r.status])).toEqual([
      [queued.id, "QUEUED"],
      [sent.id, "SENT"],
      [untouched.id, "QUEUED"],
    ]);

    const moved = await rescheduleAppointment(alice, { appointmentId: review.id, date: "2026-06-18" }, { now: NOW, db: db.prisma });
    const statusOf = async (id: string) => (await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).status;
    expect(await statusOf(queued.id)).toBe("CANCELLED");
    expect(await statusOf(sent.id)).toBe("SENT");
    expect(await statusOf(untouched.id)).toBe("QUEUED");
    const notices = (await outboxOf(db.prisma, seeker.id)).filter((r) => r.kind === "CHANGE");
    expect(notices.map((r) => [r.channel, r.mandatory, r.appointmentId, r.status])).toEqual([
      ["EMAIL", true, moved.appointmentId, "QUEUED"],
      ["SMS", true, moved.appointmentId, "QUEUED"],
    ]);
    const [mail, sms] = notices;
    const before = formatDateTime(review.startsAt, ZONE);
    const after = formatDateTime(new Date(moved.startsAt), ZONE);
    expect(before).not.toBe(after);
    expect(mail!.text).toContain(before);
    expect(mail!.text).toContain(after);
    expect(mail!.text).toContain("obligatoire");
    expect(sms!.text).toMatch(/deplace|déplacé/);
    // The same event as the convocation's and the feed's: the root's UID, one move → SEQUENCE 2.
    const feed = await feedEventOf(db.prisma, seeker.id, moved.appointmentId);
    expect(icsField(mail!.ics, "UID")).toBe(appointmentUid(review.id));
    expect(feed.uid).toBe(appointmentUid(review.id));
    expect(icsField(mail!.ics, "SEQUENCE")).toBe("2");
    expect(feed.sequence).toBe(2);

    // Moved again: still the same UID, SEQUENCE 4.
    const again = await rescheduleAppointment(alice, { appointmentId: moved.appointmentId, date: "2026-06-22" }, { now: NOW, db: db.prisma });
    const last = (await outboxOf(db.prisma, seeker.id)).filter((r) => r.kind === "CHANGE" && r.appointmentId === again.appointmentId && r.channel === "EMAIL");
    expect(last).toHaveLength(1);
    expect(icsField(last[0]!.ics, "UID")).toBe(appointmentUid(review.id));
    expect(icsField(last[0]!.ics, "SEQUENCE")).toBe("4");
    expectNoPrivateLife(await outboxOf(db.prisma, seeker.id));
  });

  it("a cancellation cancels the calendar event and the queued reminders; a refused one writes nothing", async () => {
    const w = await world(db.prisma);
    const seeker = await makeFollowed(db.prisma, w.pAlice);
    const alice = actorOf(w.alice);
    const followUp = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.alice.id,
      startsAt: "2026-03-10T12:30:00.000Z",
    });
    const past = await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: seeker.id, advisorId: w.alice.id, startsAt: "2026-02-26T12:30:00.000Z" });
    const reminder = await makeReminder(db.prisma, seeker, followUp.id);

    await expectRefusal(cancelAppointment(alice, { appointmentId: past.id }, { now: NOW, db: db.prisma }), "INVALID");
    expect(await db.prisma.outboxMessage.count()).toBe(1);

    await cancelAppointment(alice, { appointmentId: followUp.id }, { now: NOW, db: db.prisma });
    expect((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: reminder.id } })).status).toBe("CANCELLED");
    const notices = (await outboxOf(db.prisma, seeker.id)).filter((r) => r.kind === "CHANGE");
    expect(notices.map((r) => [r.channel, r.mandatory, r.appointmentId])).toEqual([
      ["EMAIL", false, followUp.id],
      ["SMS", false, followUp.id],
    ]);
    const mail = notices[0]!;
    expect(mail.subject).toContain("Annulation");
    expect(mail.text).toContain(formatDateTime(followUp.startsAt, ZONE));
    const feed = await feedEventOf(db.prisma, seeker.id, followUp.id);
    expect(icsField(mail.ics, "UID")).toBe(feed.uid);
    expect(icsField(mail.ics, "STATUS")).toBe("CANCELLED");
    expect(feed.status).toBe("CANCELLED");
    expect(icsField(mail.ics, "SEQUENCE")).toBe("1");
    expect(feed.sequence).toBe(1);
    expectNoPrivateLife(notices);
  });

  it("a seeker who opted out gets only the messages about a mandatory review", async () => {
    const w = await world(db.prisma);
    const seeker = await makeFollowed(db.prisma, w.pAlice, { optionalMessagesOptOut: true });
    const alice = actorOf(w.alice);
    const slot = (await bookingChoices(alice, seeker.id, "FOLLOW_UP", { now: NOW }))!.slots[0]!;
    const booked = await bookAppointment(
      alice,
      { seekerId: seeker.id, kind: "FOLLOW_UP", startsAt: slot.startsAt, channel: "AGENCY" },
      { now: NOW, db: db.prisma },
    );
    await cancelAppointment(alice, { appointmentId: booked.appointmentId }, { now: NOW, db: db.prisma });
    expect(await outboxOf(db.prisma, seeker.id)).toEqual([]);

    const review = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.alice.id,
      kind: "REVIEW_M9",
      startsAt: "2026-11-17T13:30:00.000Z",
    });
    await cancelAppointment(alice, { appointmentId: review.id }, { now: NOW, db: db.prisma });
    const rows = await outboxOf(db.prisma, seeker.id);
    expect(rows.map((r) => [r.kind, r.channel, r.mandatory])).toEqual([
      ["CHANGE", "EMAIL", true],
      ["CHANGE", "SMS", true],
    ]);
  });

  it("the first interviews booked for the agency each send a convocation, in the batch's transaction", async () => {
    const w = await world(db.prisma);
    const waiting = [await makeSeeker(db.prisma, w.agency.id, contact), await makeSeeker(db.prisma, w.agency.id, { email: "b@exemple.test" })];
    const result = await bookAgencyFirstInterviews({ agencyId: w.agency.id, now: NOW, db: db.prisma, batchSize: 1 });
    expect(result.booked + result.late).toBe(2);
    for (const seeker of waiting) {
      const [interview] = await db.prisma.appointment.findMany({ where: { seekerId: seeker.id, kind: "INITIAL" } });
      const rows = await outboxOf(db.prisma, seeker.id);
      expect(rows.every((r) => r.kind === "CONVOCATION" && r.appointmentId === interview!.id && !r.mandatory)).toBe(true);
      expect(rows.map((r) => r.channel)).toEqual(seeker.phone ? ["EMAIL", "SMS"] : ["EMAIL"]);
      expect(icsField(rows[0]!.ics, "UID")).toBe(appointmentUid(interview!.id));
      expect(rows[0]!.text).toContain("premier entretien");
      expectNoPrivateLife(rows);
    }
  });

  it("the reviews planned in batch each send a mandatory convocation", async () => {
    const w = await world(db.prisma);
    const seekers = [await makeFollowed(db.prisma, w.pAlice), await makeFollowed(db.prisma, w.pBruno, { phone: null })];
    const summary = await planAgencyReviews({ db: db.prisma, agencyId: w.agency.id, today: "2026-03-02", now: NOW, batchSize: 3 });
    expect(summary.booked).toBe(4);
    const reviews = await db.prisma.appointment.findMany({ where: { agencyId: w.agency.id, kind: { in: ["REVIEW_M4", "REVIEW_M9"] } } });
    expect(reviews).toHaveLength(4);
    const rows = await db.prisma.outboxMessage.findMany({ where: { agencyId: w.agency.id } });
    // Two channels for the first seeker, e-mail only for the second.
    expect(rows).toHaveLength(2 * 2 + 2);
    for (const review of reviews) {
      const mine = rows.filter((r) => r.appointmentId === review.id);
      expect(mine.map((r) => r.channel).sort()).toEqual(review.seekerId === seekers[0]!.id ? ["EMAIL", "SMS"] : ["EMAIL"]);
      for (const row of mine) expect(row).toMatchObject({ kind: "CONVOCATION", mandatory: true });
      expect(icsField(mine.find((r) => r.channel === "EMAIL")!.ics, "UID")).toBe(appointmentUid(review.id));
    }
    expect(rows.every((r) => r.subject.startsWith("Convocation France Travail"))).toBe(true);

    // A second run books nothing, so sends nothing.
    await planAgencyReviews({ db: db.prisma, agencyId: w.agency.id, today: "2026-03-02", now: NOW });
    expect(await db.prisma.outboxMessage.count()).toBe(rows.length);
  });

  it("a rebalancing tells each seeker their new advisor and next appointment, and a re-planned appointment as a move; a refused one writes nothing", async () => {
    const w = await world(db.prisma);
    const seeker = await makeFollowed(db.prisma, w.pAlice);
    const manager = actorOf(w.manager);
    // Wed 4 March 14:00 (Bruno free): followed; Thu 5 March 14:00 (Bruno busy): re-planned.
    const followed = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.alice.id,
      startsAt: "2026-03-04T13:00:00.000Z",
    });
    const clashing = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.alice.id,
      startsAt: "2026-03-05T13:00:00.000Z",
    });
    const someone = await makeFollowed(db.prisma, w.pBruno);
    await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: someone.id, advisorId: w.bruno.id, startsAt: "2026-03-05T13:00:00.000Z" });
    const reminder = await makeReminder(db.prisma, seeker, clashing.id);
    const followedReminder = await makeReminder(db.prisma, seeker, followed.id);

    // Refused (over the cap, no reason): nothing written.
    await db.prisma.portfolio.update({ where: { id: w.pBruno.id }, data: { cap: 1 } });
    await expectRefusal(moveSeekers(manager, { seekerIds: [seeker.id], toPortfolioId: w.pBruno.id }, { now: NOW, db: db.prisma }), "CAPACITY");
    expect(await db.prisma.outboxMessage.count()).toBe(2);
    await db.prisma.portfolio.update({ where: { id: w.pBruno.id }, data: { cap: 150 } });

    const result = await moveSeekers(manager, { seekerIds: [seeker.id], toPortfolioId: w.pBruno.id }, { now: NOW, db: db.prisma });
    expect(result).toMatchObject({ moved: 1, appointmentsFollowed: 1, appointmentsReplanned: 1 });
    const replanned = result.replanned[0]!;
    expect((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: reminder.id } })).status).toBe("CANCELLED");
    // The followed appointment's reminder names Alice: cancelled too (the next reminder run writes one naming Bruno).
    expect((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: followedReminder.id } })).status).toBe("CANCELLED");

    const notices = (await outboxOf(db.prisma, seeker.id)).filter((r) => r.kind === "CHANGE");
    expect(notices).toHaveLength(4);
    const move = notices.filter((r) => r.appointmentId === replanned.appointmentId && r.subject.startsWith("Changement"));
    expect(move.map((r) => [r.channel, r.mandatory])).toEqual([
      ["EMAIL", false],
      ["SMS", false],
    ]);
    expect(move[0]!.text).toContain(formatDateTime(clashing.startsAt, ZONE));
    expect(move[0]!.text).toContain(formatDateTime(new Date(replanned.toStartsAt), ZONE));
    expect(move[0]!.text).toContain("Bruno Martin (au lieu de Alice Bernard)");
    expect(icsField(move[0]!.ics, "UID")).toBe(appointmentUid(clashing.id));
    expect(icsField(move[0]!.ics, "SEQUENCE")).toBe("2");

    const advisor = notices.filter((r) => r.subject === "Bruno Martin vous accompagne désormais à France Travail");
    expect(advisor.map((r) => [r.channel, r.mandatory, r.appointmentId])).toEqual([
      ["EMAIL", false, followed.id],
      ["SMS", false, followed.id],
    ]);
    expect(advisor[0]!.text).toContain("à la place de Alice Bernard");
    expect(advisor[0]!.text).toContain("réorganisé");
    expect(advisor[0]!.text).toContain(formatDateTime(followed.startsAt, ZONE));
    expectNoPrivateLife(notices);
  });

  it("a rebalancing cancels the queued reminder of an appointment handed to the new advisor, and the next reminder run names the new advisor", async () => {
    const w = await world(db.prisma);
    const seeker = await makeFollowed(db.prisma, w.pAlice);
    // Wed 4 March 14:00 Paris, booked well before its reminder window (2 days): due a reminder on Monday 2 March.
    const followed = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.alice.id,
      startsAt: "2026-03-04T13:00:00.000Z",
    });
    await db.prisma.appointment.update({ where: { id: followed.id }, data: { createdAt: new Date("2026-02-01T08:00:00.000Z") } });
    const remindersOf = () => db.prisma.outboxMessage.findMany({ where: { appointmentId: followed.id, kind: "REMINDER" }, orderBy: { createdAt: "asc" } });

    await queueDueReminders(db.prisma, { now: NOW, agencyId: w.agency.id });
    const before = await remindersOf();
    expect(before.map((r) => [r.channel, r.status])).toEqual([
      ["EMAIL", "QUEUED"],
      ["SMS", "QUEUED"],
    ]);
    expect(before[0]!.text).toContain("Alice Bernard");

    const result = await moveSeekers(actorOf(w.manager), { seekerIds: [seeker.id], toPortfolioId: w.pBruno.id }, { now: NOW, db: db.prisma });
    expect(result).toMatchObject({ moved: 1, appointmentsFollowed: 1 });
    const afterMove = await remindersOf();
    expect(afterMove.map((r) => r.status)).toEqual(["CANCELLED", "CANCELLED"]);

    // The next hourly run writes a reminder naming Bruno (the key names the advisor), once.
    expect((await queueDueReminders(db.prisma, { now: NOW, agencyId: w.agency.id })).queued).toEqual({ EMAIL: 1, SMS: 1 });
    expect((await queueDueReminders(db.prisma, { now: NOW, agencyId: w.agency.id })).queued).toEqual({ EMAIL: 0, SMS: 0 });
    const queued = (await remindersOf()).filter((r) => r.status === "QUEUED");
    expect(queued.map((r) => r.channel).sort()).toEqual(["EMAIL", "SMS"]);
    const email = queued.find((r) => r.channel === "EMAIL")!;
    expect(email.text).toContain("Bruno Martin");
    expect(email.text).not.toContain("Alice Bernard");
    expect(email.dedupeKey).toBe(`REMINDER:${followed.id}:2026-03-04T13:00:00.000Z:${w.bruno.id}:EMAIL`);
  });

  it("a confirmed diagnostic sends its result (modality, advisor, next appointment) and the convocations to the reviews, never a barrier; rolled back, nothing", async () => {
    const w = await world(db.prisma);
    const sophie = await makeUser(db.prisma, w.agency.id, "SOCIAL_WORKER", "Sophie", "Roux");
    const seeker = await makeSeeker(db.prisma, w.agency.id, { firstName: "Camille", ...contact });
    const alice = actorOf(w.alice);
    const input = { seekerId: seeker.id, answers: ANSWERS, decidedModality: "GLOBAL" as const, socialWorkerId: sophie.id };

    const rolledBack = await db.prisma
      .$transaction(async (tx) => {
        await confirmInTransaction(tx, alice, input, NOW, { agencyId: w.agency.id, scope: "diagnosable", authorId: alice.id, beyondCap: null });
        expect(await tx.outboxMessage.count()).toBeGreaterThan(0);
        throw new Error("annulée après coup");
      })
      .catch((error: unknown) => error);
    expect(rolledBack).toMatchObject({ message: "annulée après coup" });
    expect(await db.prisma.outboxMessage.count()).toBe(0);

    await confirmDiagnostic(alice, input, { now: NOW, db: db.prisma });
    const rows = await outboxOf(db.prisma, seeker.id);
    const result = rows.filter((r) => r.kind === "DIAGNOSTIC_RESULT");
    expect(result.map((r) => [r.channel, r.mandatory, r.recipient])).toEqual([
      ["EMAIL", false, EMAIL],
      ["SMS", false, MOBILE_E164],
    ]);
    expect(result[0]!.text).toContain("Alice Bernard");
    expect(result[0]!.subject).toMatch(/accompagnement global/i);
    const next = await db.prisma.appointment.findFirstOrThrow({ where: { seekerId: seeker.id, status: "SCHEDULED" }, orderBy: { startsAt: "asc" } });
    expect(result[0]!.text).toContain(formatDateTime(next.startsAt, ZONE));
    const convocations = rows.filter((r) => r.kind === "CONVOCATION");
    expect(convocations.length).toBe(4);
    for (const row of convocations) expect(row.mandatory).toBe(true);
    expectNoPrivateLife(rows);
  });

  it("a placement beyond the caps sends the diagnostic result and the convocations, as a confirmation", async () => {
    const w = await world(db.prisma);
    const full = await makePortfolio(db.prisma, w.agency.id, w.alice.id, "RENFORCE", 1);
    await makeSeeker(db.prisma, w.agency.id, { portfolio: full });
    const seeker = await makeSeeker(db.prisma, w.agency.id, { firstName: "Inès", ...contact, optionalMessagesOptOut: true });
    const alice = actorOf(w.alice);
    // The agency's partnership makes « global » the proposal: reinforced is decided, with a reason.
    const confirmation = {
      seekerId: seeker.id,
      answers: RENFORCE_ANSWERS,
      decidedModality: "RENFORCE" as const,
      overrideJustification: "Choix de la personne, accompagnement renforcé.",
    };
    const { requestId } = await requestPlacement(alice, { confirmation }, { now: NOW, db: db.prisma });
    expect(await db.prisma.outboxMessage.count()).toBe(0);

    await placeBeyondCap(
      actorOf(w.manager),
      { requestId, advisorId: w.alice.id, reason: "Suivie par Alice depuis sa première inscription" },
      { now: NOW, db: db.prisma },
    );
    const rows = await outboxOf(db.prisma, seeker.id);
    // Opted out: the mandatory convocations only, not the result.
    expect(rows.filter((r) => r.kind === "DIAGNOSTIC_RESULT")).toEqual([]);
    expect(rows.filter((r) => r.kind === "CONVOCATION").every((r) => r.mandatory)).toBe(true);
    expect(rows.filter((r) => r.kind === "CONVOCATION").length).toBeGreaterThan(0);

    await db.prisma.seeker.update({ where: { id: seeker.id }, data: { optionalMessagesOptOut: false } });
    const another = await makeSeeker(db.prisma, w.agency.id, { firstName: "Yanis", ...contact });
    const second = await requestPlacement(alice, { confirmation: { ...confirmation, seekerId: another.id } }, { now: NOW, db: db.prisma });
    await placeBeyondCap(
      actorOf(w.manager),
      { requestId: second.requestId, advisorId: w.alice.id, reason: "Suivi par Alice, demande de la direction" },
      { now: NOW, db: db.prisma },
    );
    const result = (await outboxOf(db.prisma, another.id)).filter((r) => r.kind === "DIAGNOSTIC_RESULT");
    expect(result.map((r) => [r.channel, r.mandatory])).toEqual([
      ["EMAIL", false],
      ["SMS", false],
    ]);
    expect(result[0]!.text).toContain("Alice Bernard");
    expectNoPrivateLife(await db.prisma.outboxMessage.findMany());
  });

  it("cancelQueuedReminders cancels only the queued reminders of the appointments given", async () => {
    const w = await world(db.prisma);
    const seeker = await makeFollowed(db.prisma, w.pAlice);
    const a = await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: seeker.id, advisorId: w.alice.id, startsAt: "2026-03-10T12:30:00.000Z" });
    const b = await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: seeker.id, advisorId: w.alice.id, startsAt: "2026-03-11T12:30:00.000Z" });
    const queued = await makeReminder(db.prisma, seeker, a.id);
    const sent = await makeReminder(db.prisma, seeker, a.id, "SENT");
    const otherAppointment = await makeReminder(db.prisma, seeker, b.id);
    const convocation = await db.prisma.outboxMessage.create({
      data: {
        agencyId: seeker.agencyId,
        seekerId: seeker.id,
        appointmentId: a.id,
        kind: "CONVOCATION",
        channel: "EMAIL",
        recipient: EMAIL,
        subject: "C",
        text: "C",
        html: "",
      },
    });
    expect(await db.prisma.$transaction((tx) => cancelQueuedReminders(tx, [a.id]))).toBe(1);
    const statuses = Object.fromEntries((await db.prisma.outboxMessage.findMany()).map((m) => [m.id, m.status]));
    expect(statuses).toEqual({ [queued.id]: "CANCELLED", [sent.id]: "SENT", [otherAppointment.id]: "QUEUED", [convocation.id]: "QUEUED" });
  });

  it("a rebalancing notice is mandatory when the next appointment is an M4 or M9 review: an opted-out seeker gets it", async () => {
    const w = await world(db.prisma);
    const seeker = await makeFollowed(db.prisma, w.pAlice, { optionalMessagesOptOut: true });
    const review = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      advisorId: w.alice.id,
      kind: "REVIEW_M4",
      startsAt: "2026-06-16T12:30:00.000Z",
    });
    const optional = await makeFollowed(db.prisma, w.pAlice, { optionalMessagesOptOut: true });
    await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: optional.id, advisorId: w.alice.id, startsAt: "2026-06-16T13:00:00.000Z" });
    await moveSeekers(actorOf(w.manager), { seekerIds: [seeker.id, optional.id], toPortfolioId: w.pBruno.id }, { now: NOW, db: db.prisma });
    const rows = await outboxOf(db.prisma, seeker.id);
    expect(rows.map((r) => [r.kind, r.channel, r.mandatory, r.appointmentId])).toEqual([
      ["CHANGE", "EMAIL", true, review.id],
      ["CHANGE", "SMS", true, review.id],
    ]);
    expect(rows[0]!.text).toContain("obligatoire");
    expect(await outboxOf(db.prisma, optional.id)).toEqual([]);
  });

  it("queueSeekerMessages writes a key once, even twice in one batch, and gives no job without a queue", async () => {
    const w = await world(db.prisma);
    const seeker = await makeFollowed(db.prisma, w.pAlice);
    const message: SeekerMessage = {
      agencyId: w.agency.id,
      seekerId: seeker.id,
      contact: { ...contact, optionalMessagesOptOut: false, emailBouncedAt: null, phoneInvalidAt: null },
      departement: "05",
      kind: "REMINDER",
      composed: { subject: "Rappel", text: "Rappel", html: "<p>Rappel</p>", sms: "Rappel" },
      mandatory: false,
      ics: "BEGIN:VCALENDAR",
      dedupeKey: "rappel:1",
    };
    const first = await db.prisma.$transaction((tx) =>
      queueSeekerMessages(tx, [message, message, { ...message, dedupeKey: "rappel:2", allowedChannels: ["SMS"] }]),
    );
    expect(first.map((m) => [m.channel, m.jobId])).toEqual([
      ["EMAIL", null],
      ["SMS", null],
      ["SMS", null],
    ]);
    expect(await db.prisma.$transaction((tx) => queueSeekerMessages(tx, [message]))).toEqual([]);
    const rows = await db.prisma.outboxMessage.findMany({ orderBy: { dedupeKey: "asc" } });
    expect(rows.map((r) => [r.dedupeKey, r.recipient, r.text, r.html, r.ics])).toEqual([
      ["rappel:1:EMAIL", EMAIL, "Rappel", "<p>Rappel</p>", "BEGIN:VCALENDAR"],
      ["rappel:1:SMS", MOBILE_E164, "Rappel", "", null],
      ["rappel:2:SMS", MOBILE_E164, "Rappel", "", null],
    ]);
  });
});
