/**
 * Exits, reopenings and transfers by hand (issue 17, docs/rules.md#exits-reopening-and-transfers): a closed file
 * frees its place, cancels what was still to come (the seeker told, the feed says so), is planned no review any more,
 * and can be reopened with its history; who may do what follows the `lifeCycle` row scope.
 */
import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { actingAs } from "@/server/context";
import { backlogList } from "@/server/queries/backlog";
import { agencyMovements } from "@/server/queries/movements";
import { seekerFile } from "@/server/queries/seeker-file";
import { bookAgencyFirstInterviews } from "@/server/use-cases/first-interviews";
import { planAgencyReviews } from "@/server/use-cases/plan-reviews";
import { calendarFeedAt, lifeCycleActionsAs } from "../support/acting";
import type { TestDatabase } from "../support/database";
import { freshDatabase } from "../support/fresh-database";
import { makeAgency, makeAppointment, makeGapCast, makePortfolio, makeSeeker } from "../support/factories";

// Monday 2 March 2026, 9:00 in Gap.
const NOW = new Date("2026-03-02T08:00:00.000Z");
const TOKEN = "a".repeat(43);

const actions = (actor: Actor) =>
  lifeCycleActionsAs(
    async () => actor,
    () => NOW,
  );

async function world(db: PrismaClient) {
  const cast = await makeGapCast(db);
  const pAlice = await makePortfolio(db, cast.agency.id, cast.alice.id, "GUIDE", 150);
  const seeker = await makeSeeker(db, cast.agency.id, {
    portfolio: pAlice,
    assignment: { startedAt: new Date("2026-01-10T09:00:00Z") },
    registrationDate: "2026-01-05",
    email: "camille@exemple.test",
    calendarFeedToken: TOKEN,
    userId: (await db.user.create({ data: { email: `s-${Math.random()}@t.fr`, firstName: "C", lastName: "D", role: "SEEKER", passwordHash: "x" } })).id,
  });
  const past = await makeAppointment(db, {
    agencyId: cast.agency.id,
    seekerId: seeker.id,
    advisorId: cast.alice.id,
    kind: "INITIAL",
    status: "DONE",
    startsAt: "2026-01-10T09:00:00.000Z",
  });
  const m4 = await makeAppointment(db, {
    agencyId: cast.agency.id,
    seekerId: seeker.id,
    advisorId: cast.alice.id,
    kind: "REVIEW_M4",
    startsAt: "2026-04-07T12:30:00.000Z",
  });
  const followUp = await makeAppointment(db, {
    agencyId: cast.agency.id,
    seekerId: seeker.id,
    advisorId: cast.alice.id,
    kind: "FOLLOW_UP",
    startsAt: "2026-03-10T12:30:00.000Z",
  });
  // A reminder already queued for the follow-up.
  await db.outboxMessage.create({
    data: {
      agencyId: cast.agency.id,
      seekerId: seeker.id,
      appointmentId: followUp.id,
      kind: "REMINDER",
      channel: "EMAIL",
      recipient: "camille@exemple.test",
      subject: "Rappel",
      text: "Rappel",
      html: "",
    },
  });
  return { ...cast, pAlice, seeker, past, m4, followUp };
}

describe("exits and reopenings", () => {
  let db: TestDatabase;
  freshDatabase("each", (fresh) => (db = fresh));

  it("closing frees the place, cancels what is to come (seeker told, feed cancelled), stops the reviews; reopening keeps the history", async () => {
    const w = await world(db.prisma);
    const closed = await actions(w.alice).closeSeeker({ seekerId: w.seeker.id, reason: "REPRISE_EMPLOI" });
    expect(closed).toMatchObject({ ok: true, data: { appointmentsCancelled: 2 } });

    const seeker = await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } });
    expect(seeker).toMatchObject({ status: "CLOSED", exitReason: "REPRISE_EMPLOI", portfolioId: null, closedAt: NOW });
    expect(await db.prisma.assignment.count({ where: { seekerId: w.seeker.id, endedAt: null } })).toBe(0);
    const appointments = await db.prisma.appointment.findMany({ where: { seekerId: w.seeker.id } });
    expect(Object.fromEntries(appointments.map((a) => [a.id, a.status]))).toEqual({
      [w.past.id]: "DONE",
      [w.m4.id]: "CANCELLED",
      [w.followUp.id]: "CANCELLED",
    });
    // The queued reminder never goes; a cancellation notice per appointment is queued, with the event cancelled.
    expect((await db.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "REMINDER" } })).status).toBe("CANCELLED");
    const notices = await db.prisma.outboxMessage.findMany({ where: { seekerId: w.seeker.id, kind: "CHANGE" } });
    expect(notices.map((n) => n.appointmentId).sort()).toEqual([w.m4.id, w.followUp.id].sort());
    expect(notices.every((n) => n.ics?.includes("STATUS:CANCELLED"))).toBe(true);
    // The feed says so.
    const feed = await (await calendarFeedAt(TOKEN, NOW)).text();
    expect(feed.match(/STATUS:CANCELLED/g)?.length).toBe(2);
    // The nightly planner plans nothing for a closed file.
    const planned = await planAgencyReviews({ db: db.prisma, agencyId: w.agency.id, now: NOW, today: "2026-03-02" });
    expect(await db.prisma.appointment.count({ where: { seekerId: w.seeker.id, status: "SCHEDULED" } })).toBe(0);
    expect(planned).toBeDefined();
    const exit = await db.prisma.seekerLifeEvent.findFirstOrThrow({ where: { seekerId: w.seeker.id } });
    expect(exit).toMatchObject({ kind: "EXIT", exitReason: "REPRISE_EMPLOI", agencyId: w.agency.id, actorId: w.alice.id });
    expect(exit.occurredOn.toISOString().slice(0, 10)).toBe("2026-03-02");
    // Closed twice: refused.
    expect(await actions(w.alice).closeSeeker({ seekerId: w.seeker.id, reason: "RADIATION" })).toMatchObject({ ok: false, code: "CONFLICT" });

    // The advisor who followed it still finds it, and reopens it: back in the queue, the history kept.
    const file = await actingAs(w.alice, () => seekerFile(w.alice, w.seeker.id, { now: NOW }));
    expect(file?.seeker.status).toBe("CLOSED");
    expect(file?.lifeEvents.map((e) => e.kind)).toEqual(["EXIT"]);
    expect(await actions(w.alice).reopenSeeker({ seekerId: w.seeker.id })).toMatchObject({ ok: true });
    const reopened = await db.prisma.seeker.findUniqueOrThrow({ where: { id: w.seeker.id } });
    expect(reopened).toMatchObject({ status: "AWAITING_DIAGNOSTIC", exitReason: null, closedAt: null });
    expect(reopened.queuedOn?.toISOString().slice(0, 10)).toBe("2026-03-02");
    const after = await actingAs(w.manager, () => seekerFile(w.manager, w.seeker.id, { now: NOW }));
    expect(after?.lifeEvents.map((e) => e.kind)).toEqual(["REOPENING", "EXIT"]);
    expect(after?.modalityHistory.length).toBe(1);
    expect(after?.appointments.past.length).toBe(1);
    expect(await actions(w.alice).reopenSeeker({ seekerId: w.seeker.id })).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("who may: the advisor in charge, the agency's managers, admin; not a colleague, another agency, a seeker", async () => {
    const w = await world(db.prisma);
    const input = { seekerId: w.seeker.id, reason: "RADIATION" as const };
    expect(await actions(w.bruno).closeSeeker(input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await actions(w.otherManager).closeSeeker(input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await actions(w.denis).closeSeeker(input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await db.prisma.seekerLifeEvent.count()).toBe(0);
    expect(await actions(w.manager).closeSeeker({ ...input, date: "2026-03-03" })).toMatchObject({ ok: false, code: "INVALID" });
    expect(await actions(w.manager).closeSeeker({ ...input, date: "2026-02-27" })).toMatchObject({ ok: true });
    expect((await db.prisma.seekerLifeEvent.findFirstOrThrow()).occurredOn.toISOString().slice(0, 10)).toBe("2026-02-27");
    expect(await actions(w.admin).reopenSeeker({ seekerId: w.seeker.id })).toMatchObject({ ok: true });
  });

  it("a transfer by hand: the new address finds the receiving agency; the old agency no longer sees the file, the new one sees its history", async () => {
    const w = await world(db.prisma);
    const embrun = await makeAgency(db.prisma, { name: "Agence d'Embrun", departement: "05", address: "1 place Barthelon" });
    await db.prisma.agencyCommune.create({ data: { inseeCode: "05046", postalCode: "05200", name: "Embrun", agencyId: embrun.id } });
    const embrunManager = await db.prisma.user.create({
      data: { email: `m-${Math.random()}@t.fr`, firstName: "E", lastName: "M", role: "MANAGER", passwordHash: "x", agencyId: embrun.id },
    });
    const receiving: Actor = { id: embrunManager.id, role: "MANAGER", agencyId: embrun.id, email: embrunManager.email, firstName: "E", lastName: "M" };
    const address = { address: "3 rue de la Liberté", postalCode: "05200", commune: "EMBRUN" };
    // Not confirmed: refused, nothing moves.
    expect(await actions(w.manager).transferSeeker({ seekerId: w.seeker.id, address })).toMatchObject({ ok: false, code: "INVALID" });
    // An address nobody serves: refused with a French message.
    const unknown = await actions(w.manager).transferSeeker({ seekerId: w.seeker.id, address: { ...address, postalCode: "99999" }, confirmed: true });
    expect(unknown).toMatchObject({ ok: false, code: "INVALID" });
    const moved = await actions(w.manager).transferSeeker({ seekerId: w.seeker.id, address, confirmed: true });
    expect(moved).toMatchObject({ ok: true, data: { toAgencyId: embrun.id } });

    expect(await actingAs(w.manager, () => seekerFile(w.manager, w.seeker.id, { now: NOW }))).toBeNull();
    expect(await actingAs(w.alice, () => seekerFile(w.alice, w.seeker.id, { now: NOW }))).toBeNull();
    const there = await actingAs(receiving, () => seekerFile(receiving, w.seeker.id, { now: NOW }));
    expect(there?.seeker.status).toBe("AWAITING_DIAGNOSTIC");
    expect(there?.modalityHistory.length).toBe(1);
    expect(there?.appointments.past.length).toBe(1);
    expect(there?.lifeEvents.map((e) => [e.kind, e.otherAgencyName])).toEqual([["TRANSFER_IN", "Agence de Gap"]]);
    // The old manager may no longer act on it.
    expect(await actions(w.manager).closeSeeker({ seekerId: w.seeker.id, reason: "RADIATION" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("counts entries and exits per month in the agency's calendar; another agency's manager gets nothing", async () => {
    const w = await world(db.prisma);
    const event = (kind: "REGISTRATION" | "EXIT" | "REOPENING" | "TRANSFER_IN" | "TRANSFER_OUT", occurredOn: string, exitReason: "RADIATION" | null = null) =>
      db.prisma.seekerLifeEvent.create({
        data: { agencyId: w.agency.id, seekerId: w.seeker.id, kind, exitReason, occurredOn: new Date(`${occurredOn}T00:00:00Z`) },
      });
    await event("REGISTRATION", "2026-01-05");
    await event("REGISTRATION", "2026-03-01");
    await event("EXIT", "2026-02-10", "RADIATION");
    await event("REOPENING", "2026-02-20");
    await event("TRANSFER_OUT", "2026-03-02");
    await event("REGISTRATION", "2025-03-01"); // thirteen months ago: out of the table
    const movements = await agencyMovements(w.manager, w.agency.id, { now: NOW });
    expect(movements?.months.map((m) => m.month).slice(-3)).toEqual(["2026-01", "2026-02", "2026-03"]);
    const [jan, feb, mar] = movements!.months.slice(-3);
    expect(jan!.entries.REGISTRATION).toBe(1);
    expect(feb!.exits.RADIATION).toBe(1);
    expect(feb!.entries.REOPENING).toBe(1);
    expect(mar!.entries.REGISTRATION).toBe(1);
    expect(mar!.exits.TRANSFER_OUT).toBe(1);
    expect(movements!.total.entries.total).toBe(3);
    expect(movements!.total.exits.total).toBe(2);
    expect(await agencyMovements(w.otherManager, w.agency.id, { now: NOW })).toBeNull();
    expect(await agencyMovements(w.alice, w.agency.id, { now: NOW })).toBeNull();
  });

  it("a reopened file's first interview is due from its queue entry, not its old registration (regression)", async () => {
    const w = await world(db.prisma);
    await actions(w.manager).closeSeeker({ seekerId: w.seeker.id, reason: "FIN_INSCRIPTION" });
    await actions(w.manager).reopenSeeker({ seekerId: w.seeker.id });
    // Registered on 5 January: from the registration it would be late since 2 February; from today it is due on 30 March.
    const backlog = await backlogList(w.manager, w.agency.id, { now: NOW });
    const row = backlog?.rows.find((r) => r.seekerId === w.seeker.id);
    expect(row).toMatchObject({ registrationDate: "2026-01-05", queuedOn: "2026-03-02", dueDate: "2026-03-30", late: false, waitingDays: 0 });
    expect(backlog?.figures?.late ?? 0).toBe(0);
    const result = await bookAgencyFirstInterviews({ db: db.prisma, agencyId: w.agency.id, now: NOW, dryRun: true });
    const line = result.lines.find((l) => l.seekerId === w.seeker.id);
    expect(line?.dueDate).toBe("2026-03-30");
  });
});
