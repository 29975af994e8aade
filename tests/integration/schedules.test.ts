/**
 * The scheduled work on the job queue (src/server/jobs/schedules.ts): its three crons registered once in Europe/Paris
 * however many workers start; the reminders job sent at start and worked; the nightly planning books the first
 * interviews and the missing reviews of every agency as the system, and a second run books nothing more; the nightly
 * purge runs the retention rules. On the embedded database served on its owner's socket.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { localToInstant } from "@/domain";
import { type Database, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";
import { type JobQueue, startJobQueue, stopJobQueue } from "@/server/jobs/queue";
import { SCHEDULE_TIME_ZONE, SCHEDULED_TASKS, scheduledTasks, startSchedules } from "@/server/jobs/schedules";
import { makeAgency, makeAppointment, makePortfolio, makeSeeker, makeUser } from "../support/factories";

let folder: string;
let dataDir: string;
let db: Database;
const queues: JobQueue[] = [];

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "modalis-schedules-"));
  dataDir = path.join(folder, "pglite");
  db = await openDatabase({ engine: "pglite", dataDir, serve: true, command: "test Vitest (schedules)" });
  await applyMigrations(db);
});
afterEach(async () => {
  for (const queue of queues.splice(0)) await stopJobQueue(queue, 5_000);
  await db.close();
  rmSync(folder, { recursive: true, force: true });
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the scheduled work", () => {
  it("registers each cron once in Europe/Paris, however many workers start, and works the reminders sent at start", async () => {
    const agency = await makeAgency(db.prisma, { reminderBySms: false });
    const advisor = await makeUser(db.prisma, agency.id, "ADVISOR", "Anne", "Alpha");
    const seeker = await makeSeeker(db.prisma, agency.id, { email: "camille@exemple.test" });
    // An appointment the day after tomorrow, booked long ago: due its reminder now.
    const today = new Date().toISOString().slice(0, 10);
    const inTwoDays = new Date(Date.parse(`${today}T12:00:00.000Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    await makeAppointment(db.prisma, {
      agencyId: agency.id,
      seekerId: seeker.id,
      advisorId: advisor.id,
      startsAt: localToInstant(inTwoDays, "14:00", "Europe/Paris"),
      createdAt: new Date(Date.now() - 30 * 86_400_000),
    });
    const lines: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const queue = await startJobQueue({ engine: "pglite", dataDir }, { supervise: false });
      queues.push(queue);
      await startSchedules(queue, { prisma: db.prisma, auditRetentionMonths: 12, log: (line) => lines.push(line) });
    }
    const schedules = await db.prisma.$queryRawUnsafe<{ name: string; cron: string; timezone: string }[]>(
      `SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`,
    );
    expect(schedules).toEqual(
      Object.values(SCHEDULED_TASKS)
        .map((task) => ({ name: task.queue, cron: task.cron, timezone: SCHEDULE_TIME_ZONE }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    const reminders = await until(
      () => db.prisma.outboxMessage.findMany({ where: { kind: "REMINDER" }, select: { channel: true } }),
      (rows) => rows.length > 0,
    );
    expect(reminders).toEqual([{ channel: "EMAIL" }]);
    expect(lines.some((line) => line.startsWith("Rappels :"))).toBe(true);
  });

  it("books the first interviews and the missing reviews of every agency at night, and nothing more the next run", async () => {
    const agency = await makeAgency(db.prisma, { departement: "05" });
    const advisor = await makeUser(db.prisma, agency.id, "ADVISOR", "Alice", "Bernard");
    const portfolio = await makePortfolio(db.prisma, agency.id, advisor.id, "GUIDE");
    await makeSeeker(db.prisma, agency.id, { portfolio, registrationDate: "2026-02-01" });
    await makeSeeker(db.prisma, agency.id, { registrationDate: "2026-02-25" });
    const tasks = scheduledTasks({ prisma: db.prisma, auditRetentionMonths: 12, now: () => new Date("2026-03-02T00:30:00.000Z") });
    await tasks.planning();
    const kinds = async () => (await db.prisma.appointment.findMany({ select: { kind: true } })).map((a) => a.kind).sort();
    expect(await kinds()).toEqual(["INITIAL", "REVIEW_M4", "REVIEW_M9"]);
    await tasks.planning();
    expect(await kinds()).toEqual(["INITIAL", "REVIEW_M4", "REVIEW_M9"]);
  });

  it("purges the expired data at night", async () => {
    await db.prisma.auditEvent.create({ data: { action: "auth.login.succeeded", createdAt: new Date("2024-01-01T00:00:00.000Z") } });
    const tasks = scheduledTasks({ prisma: db.prisma, auditRetentionMonths: 12, now: () => new Date("2026-03-02T02:30:00.000Z") });
    expect(await tasks.retention()).toContain("1 entrée(s) du journal supprimée(s)");
    expect(await db.prisma.auditEvent.count({ where: { action: "auth.login.succeeded" } })).toBe(0);
  });
});
