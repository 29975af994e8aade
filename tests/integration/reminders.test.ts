/**
 * The reminder job (docs/rules.md#reminders): due appointments are reminded once per channel however many times the
 * job runs; cancelled and moved ones, those of an agency that sends none, and opted-out seekers get nothing; the
 * channels follow the agency's settings. On the embedded database (in memory: no job queue, messages written without
 * a job), then on a served one with the job queue, where each message gets its delivery job, deferred to 09:00 when
 * queued at night.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { localToInstant } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import { openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { startJobQueue, stopJobQueue } from "@/server/jobs/queue";
import { OUTBOX_EMAIL_QUEUE } from "@/server/messages/outbox";
import { queueDueReminders } from "@/server/messages/reminders";
import type { TestDatabase } from "../support/database";
import { makeAgency, makeAppointment, makeSeeker, makeUser } from "../support/factories";
import { freshDatabase } from "../support/fresh-database";

const PARIS = "Europe/Paris";
const NOW = new Date("2026-03-10T10:00:00.000Z"); // Tuesday, 11:00 in Paris
const BOOKED = new Date("2026-02-01T10:00:00.000Z");
const at = (date: string, time: string) => new Date(localToInstant(date, time, PARIS));
const REACHABLE = { email: "camille@exemple.test", phone: "06 12 34 56 78", smsConsent: true };

async function world(db: PrismaClient, agencyData: Parameters<typeof makeAgency>[1] = {}) {
  const agency = await makeAgency(db, { phone: "02 35 00 00 00", ...agencyData });
  const advisor = await makeUser(db, agency.id, "ADVISOR", "Anne", "Alpha");
  const appointment = async (
    seekerData: Parameters<typeof makeSeeker>[2],
    startsAt: Date,
    extra: { status?: "CANCELLED"; createdAt?: Date; replacesId?: string } = {},
  ) => {
    const seeker = await makeSeeker(db, agency.id, { ...REACHABLE, ...seekerData });
    return makeAppointment(db, { agencyId: agency.id, seekerId: seeker.id, advisorId: advisor.id, startsAt, createdAt: BOOKED, ...extra });
  };
  return { agency, advisor, appointment };
}

const remindersOf = (db: PrismaClient) =>
  db.outboxMessage.findMany({
    where: { kind: "REMINDER" },
    select: { appointmentId: true, channel: true, recipient: true, text: true, mandatory: true, dedupeKey: true, jobId: true },
  });

describe("the reminder job", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("reminds a due appointment once per channel, however many times it runs", async () => {
    const { appointment } = await world(db.prisma);
    const due = await appointment({}, at("2026-03-12", "14:00"));
    const first = await queueDueReminders(db.prisma, { now: NOW });
    expect(first.queued).toEqual({ EMAIL: 1, SMS: 1 });
    const second = await queueDueReminders(db.prisma, { now: new Date(NOW.getTime() + 3_600_000) });
    expect(second.queued).toEqual({ EMAIL: 0, SMS: 0 });
    const messages = await remindersOf(db.prisma);
    expect(messages.map((m) => m.channel).sort()).toEqual(["EMAIL", "SMS"]);
    for (const message of messages) {
      expect(message.appointmentId).toBe(due.id);
      expect(message.mandatory).toBe(false);
      expect(message.dedupeKey).toBe(`REMINDER:${due.id}:${due.startsAt.toISOString()}:${due.advisorId}:${message.channel}`);
      expect(message.text).toContain("jeudi 12 mars 2026");
      // No job queue on this database: the worker gives them a job when it starts.
      expect(message.jobId).toBeNull();
    }
    expect(messages.find((m) => m.channel === "SMS")!.recipient).toBe("+33612345678");
  });

  it("reminds nothing too early, too late, cancelled, moved inside the window, or booked inside it", async () => {
    const { appointment } = await world(db.prisma);
    await appointment({}, at("2026-03-13", "14:00")); // three days ahead
    await appointment({}, at("2026-03-10", "15:00")); // today
    await appointment({}, at("2026-03-11", "14:00"), { status: "CANCELLED" });
    await appointment({}, at("2026-03-12", "14:00"), { createdAt: new Date("2026-03-10T08:00:00.000Z") }); // booked today
    // Moved this morning to the day after tomorrow: the old one is cancelled, the new one just got its change notice.
    const old = await appointment({}, at("2026-03-20", "14:00"), { status: "CANCELLED" });
    await appointment({}, at("2026-03-12", "15:00"), { replacesId: old.id, createdAt: new Date("2026-03-10T07:00:00.000Z") });
    const summary = await queueDueReminders(db.prisma, { now: NOW });
    expect(summary.queued).toEqual({ EMAIL: 0, SMS: 0 });
    expect(await remindersOf(db.prisma)).toEqual([]);
  });

  it("reminds an appointment again after it moved, for its new start only", async () => {
    const { appointment } = await world(db.prisma);
    const first = await appointment({}, at("2026-03-12", "14:00"));
    await queueDueReminders(db.prisma, { now: NOW });
    // Moved (long before the new date's window) to a week later: a new row; the old is cancelled.
    await db.prisma.appointment.update({ where: { id: first.id }, data: { status: "CANCELLED" } });
    const moved = await makeAppointment(db.prisma, {
      agencyId: first.agencyId,
      seekerId: first.seekerId,
      advisorId: first.advisorId,
      startsAt: at("2026-03-19", "14:00"),
      replacesId: first.id,
      createdAt: new Date("2026-03-10T11:00:00.000Z"),
    });
    expect((await queueDueReminders(db.prisma, { now: new Date("2026-03-11T10:00:00.000Z") })).queued).toEqual({ EMAIL: 0, SMS: 0 });
    expect((await queueDueReminders(db.prisma, { now: new Date("2026-03-17T10:00:00.000Z") })).queued).toEqual({ EMAIL: 1, SMS: 1 });
    const messages = await remindersOf(db.prisma);
    expect(messages.filter((m) => m.appointmentId === moved.id)).toHaveLength(2);
    expect(messages).toHaveLength(4);
  });

  it("sends none for an agency whose setting is 0 days", async () => {
    const { appointment } = await world(db.prisma, { reminderDaysBefore: 0 });
    await appointment({}, at("2026-03-11", "14:00"));
    expect((await queueDueReminders(db.prisma, { now: NOW })).queued).toEqual({ EMAIL: 0, SMS: 0 });
  });

  it("uses the agency's channels, and a window of its number of days", async () => {
    const emailOnly = await world(db.prisma, { reminderBySms: false, reminderDaysBefore: 5 });
    const smsOnly = await world(db.prisma, { reminderByEmail: false });
    const a = await emailOnly.appointment({}, at("2026-03-15", "14:00"));
    const b = await smsOnly.appointment({}, at("2026-03-11", "14:00"));
    await smsOnly.appointment({}, at("2026-03-15", "14:00")); // beyond this agency's 2 days
    await queueDueReminders(db.prisma, { now: NOW });
    const messages = await remindersOf(db.prisma);
    expect(messages.map((m) => [m.appointmentId, m.channel]).sort()).toEqual(
      [
        [a.id, "EMAIL"],
        [b.id, "SMS"],
      ].sort(),
    );
  });

  it("sends nothing to a seeker who opted out of optional messages, and only by the channels a seeker can receive", async () => {
    const { appointment } = await world(db.prisma);
    await appointment({ optionalMessagesOptOut: true }, at("2026-03-11", "14:00"));
    const noConsent = await appointment({ smsConsent: false }, at("2026-03-11", "15:00"));
    const bounced = await appointment({ emailBouncedAt: new Date("2026-03-01T00:00:00.000Z") }, at("2026-03-11", "16:00"));
    await queueDueReminders(db.prisma, { now: NOW });
    const messages = await remindersOf(db.prisma);
    expect(messages.map((m) => [m.appointmentId, m.channel]).sort()).toEqual(
      [
        [noConsent.id, "EMAIL"],
        [bounced.id, "SMS"],
      ].sort(),
    );
  });

  it("queues a region's day of 20 000 reminders in a few batches", async () => {
    const { agency, advisor } = await world(db.prisma, { reminderBySms: false });
    const count = 20_000;
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "Seeker" ("agencyId", "franceTravailId", "firstName", "lastName", "birthDate", "email", "commune", "postalCode", "registrationDate")
       SELECT $1::uuid, 'B' || g, 'Camille', 'Nom' || g, DATE '1990-01-01', 'p' || g || '@exemple.test', 'Rouen', '76000', DATE '2026-01-05'
       FROM generate_series(1, ${count}) g`,
      agency.id,
    );
    // One appointment each on Thursday 12 March, minute after minute (one advisor: the exclusion constraint allows no overlap).
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "Appointment" ("agencyId", "seekerId", "advisorId", "kind", "startsAt", "endsAt", "createdAt")
       SELECT $1::uuid, s."id", $2::uuid, 'FOLLOW_UP', $3::timestamptz + (row_number() OVER (ORDER BY s."id")) * interval '1 second',
              $3::timestamptz + (row_number() OVER (ORDER BY s."id") + 1) * interval '1 second' - interval '1 millisecond', $4::timestamptz
       FROM "Seeker" s WHERE s."agencyId" = $1::uuid AND s."franceTravailId" LIKE 'B%'`,
      agency.id,
      advisor.id,
      at("2026-03-12", "08:00").toISOString(),
      BOOKED.toISOString(),
    );
    const started = performance.now();
    const summary = await queueDueReminders(db.prisma, { now: NOW });
    const seconds = (performance.now() - started) / 1000;
    console.log(`20 000 rappels mis en file en ${seconds.toFixed(1)} s`);
    expect(summary.queued.EMAIL).toBe(count);
    expect((await queueDueReminders(db.prisma, { now: NOW })).queued.EMAIL).toBe(0);
  });
});

describe("the reminder job with the job queue", () => {
  it("gives each reminder its delivery job, deferred to 09:00 when queued at night", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "modalis-reminders-"));
    const dataDir = path.join(folder, "pglite");
    const db = await openDatabase({ engine: "pglite", dataDir, serve: true, command: "test Vitest (reminders)" });
    try {
      await applyMigrations(db);
      const queue = await startJobQueue({ engine: "pglite", dataDir }, { supervise: false, schedule: false });
      try {
        await queue.createQueue(OUTBOX_EMAIL_QUEUE);
        const { appointment } = await world(db.prisma, { reminderBySms: false });
        const due = await appointment({}, at("2026-03-12", "14:00"));
        const night = at("2026-03-10", "00:10");
        expect((await queueDueReminders(db.prisma, { now: night })).queued).toEqual({ EMAIL: 1, SMS: 0 });
        const [message] = await remindersOf(db.prisma);
        expect(message!.appointmentId).toBe(due.id);
        expect(message!.jobId).not.toBeNull();
        const job = await queue.getJobById(OUTBOX_EMAIL_QUEUE, message!.jobId!);
        expect(job?.data).toEqual({ messageId: expect.any(String) });
        expect(job?.startAfter.toISOString()).toBe(at("2026-03-10", "09:00").toISOString());
      } finally {
        await stopJobQueue(queue, 5_000);
      }
    } finally {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
