/**
 * The seeker's own space (issue #6) on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), on a
 * hand-built world of three seekers with accounts: the page query, the .ics route, the subscribed feed, the data
 * export and the seeker's own actions each reach only the signed-in seeker's data; other seekers' identifiers and
 * feeds give nothing of mine; refusals write nothing.
 */
import { seekerRoutesAs, seekerSpaceActionsAs, calendarFeedAt } from "../support/acting";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localToInstant, type DiagnosticAnswers } from "@/domain";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { MESSAGES } from "@/server/auth/guard";
import { mySpace } from "@/server/queries/my-space";
import { movedText } from "@/app/mon-espace/Appointments";
import type { MyData } from "@/server/queries/my-data";
import { appointmentUid } from "@/lib/appointment-calendar";
import { createTestDatabase, installAsAppDatabase, tableCounts, type TestDatabase } from "../support/database";
import { makeAgency, makeAppointment, makeDiagnostic, makePortfolio, makeSeeker as createSeeker, makeUser } from "../support/factories";

const NOW = new Date("2026-03-26T09:00:00.000Z");
const TABLES = ["Seeker", "Appointment", "AuditEvent", "Diagnostic", "Assignment", "User"];
const PARIS = "Europe/Paris";
const REUNION_TZ = "Indian/Reunion";

let db: TestDatabase;
let prisma: PrismaClient;

type World = Awaited<ReturnType<typeof buildWorld>>;
let w: World;

const answers = (digital: 0 | 1 | 2, barriers: DiagnosticAnswers["barriers"] = {}): DiagnosticAnswers => ({
  project: 0,
  skills: 0,
  jobSearch: 0,
  digital,
  basicSkills: 0,
  monthsWithoutWork: 3,
  barriers,
  webVolunteer: false,
});

async function makeSeeker(opts: {
  agencyId: string;
  advisor: Actor;
  modality: "SUIVI" | "GUIDE" | "GLOBAL";
  firstName: string;
  lastName: string;
  franceTravailId: string;
  registrationDate: string;
  digital: 0 | 1 | 2;
  withAccount: boolean;
}) {
  const user = opts.withAccount ? await makeUser(prisma, opts.agencyId, "SEEKER", opts.firstName, opts.lastName) : null;
  const portfolio = await makePortfolio(prisma, opts.agencyId, opts.advisor.id, opts.modality, 100);
  const seeker = await createSeeker(prisma, opts.agencyId, {
    portfolio,
    assignment: { actorId: opts.advisor.id },
    userId: user?.id ?? null,
    franceTravailId: opts.franceTravailId,
    firstName: opts.firstName,
    lastName: opts.lastName,
    birthDate: "1988-06-01",
    email: `${opts.firstName.toLowerCase()}@exemple.fr`,
    phone: "06 00 00 00 00",
    commune: "Rouen",
    postalCode: "76100",
    registrationDate: opts.registrationDate,
  });
  await makeDiagnostic(prisma, {
    agencyId: opts.agencyId,
    seekerId: seeker.id,
    authorId: opts.advisor.id,
    answers: answers(opts.digital, opts.modality === "GLOBAL" ? { HOUSING: "MAJOR" } : { HEALTH: "MINOR" }),
    decidedModality: opts.modality,
    webOnly: false,
  });
  return { seeker, user };
}

async function appt(opts: {
  seekerId: string;
  agencyId: string;
  advisorId: string;
  date: string;
  time?: string;
  zone?: string;
  kind?: "INITIAL" | "REVIEW_M4" | "REVIEW_M9" | "FOLLOW_UP" | "JOINT_GLOBAL";
  status?: "SCHEDULED" | "DONE" | "NO_SHOW" | "CANCELLED";
  channel?: "AGENCY" | "PHONE" | "VIDEO";
  replacesId?: string;
  socialWorkerId?: string;
}) {
  return makeAppointment(prisma, {
    agencyId: opts.agencyId,
    seekerId: opts.seekerId,
    advisorId: opts.advisorId,
    socialWorkerId: opts.socialWorkerId ?? null,
    kind: opts.kind ?? "FOLLOW_UP",
    channel: opts.channel ?? "AGENCY",
    status: opts.status ?? "SCHEDULED",
    startsAt: localToInstant(opts.date, opts.time ?? "14:00", opts.zone ?? PARIS),
    replacesId: opts.replacesId ?? null,
  });
}

async function buildWorld() {
  const rouen = await makeAgency(prisma, {
    code: "76-TEST",
    name: "Rouen Rive Gauche",
    departement: "76",
    address: "27 avenue de Bretagne, 76100 Rouen",
    globalPartnership: true,
  });
  const reunion = await makeAgency(prisma, {
    code: "974-TEST",
    name: "Saint-Denis (La Réunion)",
    departement: "974",
    address: "4 rue de la Victoire, 97400 Saint-Denis",
  });
  const alice = await makeUser(prisma, rouen.id, "ADVISOR", "Alice", "Bernard");
  await prisma.advisorProfile.create({ data: { userId: alice.id, agencyId: rouen.id, phone: "02 35 00 00 01", office: "Bureau 4" } });
  const bruno = await makeUser(prisma, rouen.id, "ADVISOR", "Bruno", "Martin");
  const remi = await makeUser(prisma, reunion.id, "ADVISOR", "Rémi", "Payet");
  const karim = await makeUser(prisma, rouen.id, "SOCIAL_WORKER", "Karim", "Benhamou");
  const manager = await makeUser(prisma, rouen.id, "MANAGER", "Hélène", "Lemarchand");

  // Me: SUIVI in Rouen, digitally autonomous (may choose 100 % web).
  const me = await makeSeeker({
    agencyId: rouen.id,
    advisor: alice,
    modality: "SUIVI",
    firstName: "Julien",
    lastName: "Marchand",
    franceTravailId: "1111111A",
    registrationDate: "2025-12-10",
    digital: 0,
    withAccount: true,
  });
  const m = { seekerId: me.seeker.id, agencyId: rouen.id, advisorId: alice.id };
  const initial = await appt({ ...m, date: "2025-12-15", kind: "INITIAL", status: "DONE" });
  const noShow = await appt({ ...m, date: "2026-02-10", status: "NO_SHOW", channel: "PHONE" });
  const review = await appt({ ...m, date: "2026-04-02", kind: "REVIEW_M4" });
  const moved = await appt({ ...m, date: "2026-04-10", status: "CANCELLED" });
  const movedTo = await appt({ ...m, date: "2026-04-17", replacesId: moved.id, channel: "VIDEO" });
  const cancelled = await appt({ ...m, date: "2026-05-05", status: "CANCELLED" });

  // Another seeker: GLOBAL in Rouen, in tandem with Karim, with an account.
  const other = await makeSeeker({
    agencyId: rouen.id,
    advisor: bruno,
    modality: "GLOBAL",
    firstName: "Nadia",
    lastName: "Lefebvre",
    franceTravailId: "2222222B",
    registrationDate: "2026-01-05",
    digital: 1,
    withAccount: true,
  });
  await prisma.socialTandem.create({ data: { agencyId: rouen.id, seekerId: other.seeker.id, socialWorkerId: karim.id } });
  const o = { seekerId: other.seeker.id, agencyId: rouen.id, advisorId: bruno.id };
  const otherDone = await appt({ ...o, date: "2026-01-12", kind: "INITIAL", status: "DONE" });
  const otherJoint = await appt({ ...o, date: "2026-04-03", kind: "JOINT_GLOBAL", socialWorkerId: karim.id });

  // A seeker of La Réunion: SUIVI, not digitally autonomous.
  const islander = await makeSeeker({
    agencyId: reunion.id,
    advisor: remi,
    modality: "SUIVI",
    firstName: "Marie",
    lastName: "Hoarau",
    franceTravailId: "3333333C",
    registrationDate: "2025-12-20",
    digital: 1,
    withAccount: true,
  });
  const islandReview = await appt({
    seekerId: islander.seeker.id,
    agencyId: reunion.id,
    advisorId: remi.id,
    date: "2026-04-07",
    time: "13:30",
    zone: REUNION_TZ,
    kind: "REVIEW_M4",
  });

  // Journal lines about me (and one about the other seeker).
  await prisma.auditEvent.create({
    data: {
      agencyId: rouen.id,
      actorId: alice.id,
      actorRole: "ADVISOR",
      action: "seeker.barriers_viewed",
      subjectType: "Diagnostic",
      seekerId: me.seeker.id,
      metadata: { note: "x" },
    },
  });
  await prisma.auditEvent.create({
    data: { agencyId: rouen.id, actorId: manager.id, actorRole: "MANAGER", action: "seeker.transferred", subjectType: "Seeker", seekerId: other.seeker.id },
  });

  return {
    rouen,
    reunion,
    alice,
    bruno,
    karim,
    manager,
    me: { ...me, actor: me.user!, appts: { initial, noShow, review, moved, movedTo, cancelled } },
    other: { ...other, actor: other.user!, appts: { otherDone, otherJoint } },
    islander: { ...islander, actor: islander.user!, appts: { islandReview } },
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  installAsAppDatabase(db);
  prisma = db.prisma;
  w = await buildWorld();
});

afterAll(async () => {
  await db?.dispose();
});

// Each test starts from the same choices: no 100 % web, no calendar feed (tests never rely on each other).
beforeEach(async () => {
  await prisma.seeker.updateMany({ where: { agencyId: { in: [w.rouen.id, w.reunion.id] } }, data: { webOnly: false, calendarFeedToken: null } });
});

const routes = (who: Actor | null) =>
  seekerRoutesAs(
    async () => who,
    () => NOW,
  );
const actions = (who: Actor | null) =>
  seekerSpaceActionsAs(
    async () => who,
    () => NOW,
  );
const icsOf = (who: Actor | null, id: string) =>
  routes(who).appointmentIcs(new Request(`http://localhost/mon-espace/rendez-vous/${id}/ics`), { params: Promise.resolve({ id }) });
const exportOf = (who: Actor | null) => routes(who).dataExport(new Request("http://localhost/mon-espace/mes-donnees"), {});
const uids = (ics: string) => [...ics.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]!.trim());

async function snapshot() {
  return {
    counts: await tableCounts(prisma, TABLES),
    seekers: await prisma.seeker.findMany({ orderBy: { id: "asc" }, select: { id: true, webOnly: true, calendarFeedToken: true } }),
  };
}

describe("the page query", () => {
  it("gives me my next appointment, the others to come, my history with outcomes, my reviews, my advisor — and nothing of anyone else", async () => {
    const space = (await mySpace(w.me.actor, { now: NOW }))!;
    expect(space.seeker).toMatchObject({ firstName: "Julien", lastName: "Marchand", modality: "SUIVI" });
    expect(space.next).toMatchObject({ id: w.me.appts.review.id, kind: "REVIEW_M4", channel: "AGENCY", advisor: { firstName: "Alice", lastName: "Bernard" } });
    expect(space.next!.agency).toMatchObject({ address: "27 avenue de Bretagne, 76100 Rouen", timeZone: PARIS, zoneWords: null });
    expect(space.later.map((a) => a.id)).toEqual([w.me.appts.movedTo.id]);
    // A moved appointment says what changed (issue 15): « Votre rendez-vous du … a été déplacé au … ».
    expect(space.next!.movedFrom).toBeNull();
    expect(space.later[0]!.movedFrom).toBe(w.me.appts.moved.startsAt.toISOString());
    expect(movedText(space.later[0]!)).toBe("Votre rendez-vous du vendredi 10 avril 2026 à 14 h 00 a été déplacé au vendredi 17 avril 2026 à 14 h 00.");
    expect(movedText(space.next!)).toBeNull();
    expect(space.history.map((a) => [a.id, a.status, a.replaced])).toEqual([
      [w.me.appts.cancelled.id, "CANCELLED", false],
      [w.me.appts.moved.id, "CANCELLED", true],
      [w.me.appts.noShow.id, "NO_SHOW", false],
      [w.me.appts.initial.id, "DONE", false],
    ]);
    // Registered 2025-12-10: M4 window 10 March – 9 April 2026 (open, booked), M9 10 August – 9 September 2026.
    expect(space.reviews).toEqual([
      expect.objectContaining({
        kind: "M4",
        window: { from: "2026-03-10", to: "2026-04-09" },
        progress: "SCHEDULED",
        planned: expect.objectContaining({ id: w.me.appts.review.id }),
      }),
      expect.objectContaining({ kind: "M9", window: { from: "2026-08-10", to: "2026-09-09" }, progress: "NOT_YET", planned: null }),
    ]);
    expect(space.advisor).toEqual({ firstName: "Alice", lastName: "Bernard", phone: "02 35 00 00 01", office: "Bureau 4" });
    expect(space.modality.lines.join(" ")).toMatch(/3 rendez-vous/);
    expect(space.webOnly).toEqual({ active: false, canChoose: true, refusal: null });
    const text = JSON.stringify(space);
    for (const id of [w.other.seeker.id, w.other.appts.otherDone.id, w.other.appts.otherJoint.id, w.islander.appts.islandReview.id])
      expect(text).not.toContain(id);
    expect(text).not.toMatch(/Nadia|Lefebvre|Hoarau|Karim/);
  });

  it("overseas: the agency's time zone, in words; for GLOBAL: the social worker and the modality in plain words", async () => {
    const island = (await mySpace(w.islander.actor, { now: NOW }))!;
    expect(island.agency).toMatchObject({ timeZone: REUNION_TZ, zoneWords: "heure de La Réunion" });
    expect(island.next).toMatchObject({ id: w.islander.appts.islandReview.id, agency: { zoneWords: "heure de La Réunion" } });
    expect(island.webOnly.canChoose).toBe(false);
    expect(island.webOnly.refusal).toMatch(/internet seul·e/);
    const other = (await mySpace(w.other.actor, { now: NOW }))!;
    expect(other.socialWorker).toEqual({ firstName: "Karim", lastName: "Benhamou" });
    expect(other.modality.lines.join(" ")).toMatch(/travailleur·se social·e/);
    expect(other.next!.socialWorker).toEqual({ firstName: "Karim", lastName: "Benhamou" });
    expect(other.webOnly.refusal).toMatch(/suivi et appui/);
  });

  it("is empty for anyone who is not a seeker", async () => {
    expect(await mySpace(w.alice, { now: NOW })).toBeNull();
    expect(await mySpace(w.manager, { now: NOW })).toBeNull();
  });
});

describe("the .ics file of one appointment", () => {
  it("mine: 200, text/calendar attachment, never cached, the meeting's UID", async () => {
    const response = await icsOf(w.me.actor, w.me.appts.review.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="rendez-vous-2026-04-02.ics"');
    expect(response.headers.get("cache-control")).toMatch(/no-store/);
    const body = await response.text();
    expect(uids(body)).toEqual([appointmentUid(w.me.appts.review.id)]);
    expect(body).toContain("DTSTART;TZID=Europe/Paris:20260402T140000");
    expect(body).toContain("SUMMARY:Bilan du 4e mois (France Travail)");
  });

  it("a moved appointment's file is its new date under the first one's UID", async () => {
    for (const id of [w.me.appts.moved.id, w.me.appts.movedTo.id]) {
      const body = await (await icsOf(w.me.actor, id)).text();
      expect(uids(body)).toEqual([appointmentUid(w.me.appts.moved.id)]);
      expect(body).toContain("DTSTART;TZID=Europe/Paris:20260417T140000");
      expect(body).toContain("SEQUENCE:2");
      expect(body).toContain("LOCATION:En visio");
    }
  });

  it("overseas: written in the agency's zone", async () => {
    const body = await (await icsOf(w.islander.actor, w.islander.appts.islandReview.id)).text();
    expect(body).toContain("DTSTART;TZID=Indian/Reunion:20260407T133000");
    expect(body).toContain("TZID:Indian/Reunion");
  });

  it("another seeker's appointment id: 404 — as for an unknown or malformed id; an advisor: 403; nobody signed in: 401", async () => {
    for (const id of [w.other.appts.otherJoint.id, w.islander.appts.islandReview.id, "3f1e0f7c-9d9a-4b7e-8c55-0d9b3d7a1e22", "pas-un-id"]) {
      const response = await icsOf(w.me.actor, id);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "Rendez-vous introuvable." });
    }
    expect((await icsOf(w.alice, w.me.appts.review.id)).status).toBe(403);
    expect((await icsOf(w.bruno, w.other.appts.otherJoint.id)).status).toBe(403);
    expect((await icsOf(null, w.me.appts.review.id)).status).toBe(401);
  });
});

describe("the private calendar feed", () => {
  it("is created through the action, gives all my meetings (one event per meeting), and none of another seeker's", async () => {
    const created = await actions(w.me.actor).createCalendarFeed({});
    expect(created).toMatchObject({ ok: true, data: { replaced: false } });
    const token = (created as { ok: true; data: { token: string } }).data.token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = await prisma.seeker.findUniqueOrThrow({ where: { id: w.me.seeker.id }, select: { calendarFeedToken: true } });
    expect(row.calendarFeedToken).toBe(token);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "seeker.calendarFeed.created", seekerId: w.me.seeker.id },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({ actorId: w.me.actor.id, actorRole: "SEEKER", subjectId: w.me.seeker.id, metadata: { replaced: false } });
    expect(JSON.stringify(audit)).not.toContain(token);

    const response = await calendarFeedAt(token, NOW);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("cache-control")).toMatch(/no-store/);
    const body = await response.text();
    const a = w.me.appts;
    // Five meetings: the moved one once (under its first id), its replacement never on its own.
    expect(uids(body).sort()).toEqual([a.initial.id, a.noShow.id, a.review.id, a.moved.id, a.cancelled.id].map(appointmentUid).sort());
    expect(body.match(/STATUS:CANCELLED/g)).toHaveLength(1);
    expect(body).not.toContain(w.other.appts.otherJoint.id);
    // The .ics suffix shown to phones works too.
    expect((await calendarFeedAt(`${token}.ics`, NOW)).status).toBe(200);
  });

  it("another seeker's feed holds only their meetings, never mine", async () => {
    const created = await actions(w.other.actor).createCalendarFeed({});
    const token = (created as { ok: true; data: { token: string } }).data.token;
    const body = await (await calendarFeedAt(token, NOW)).text();
    expect(uids(body).sort()).toEqual([w.other.appts.otherDone.id, w.other.appts.otherJoint.id].map(appointmentUid).sort());
    for (const id of Object.values(w.me.appts).map((x) => x.id)) expect(body).not.toContain(id);
    expect(body).not.toContain("Marchand");
  });

  it("replaced: the old URL answers 404 at once; revoked: 404; unknown or malformed: 404, all the same", async () => {
    const first = await actions(w.me.actor).createCalendarFeed({});
    const before = (first as { ok: true; data: { token: string } }).data.token;
    const renewed = await actions(w.me.actor).createCalendarFeed({});
    expect(renewed).toMatchObject({ ok: true, data: { replaced: true } });
    const token = (renewed as { ok: true; data: { token: string } }).data.token;
    expect(token).not.toBe(before);
    expect((await calendarFeedAt(before, NOW)).status).toBe(404);
    expect((await calendarFeedAt(token, NOW)).status).toBe(200);

    expect(await actions(w.me.actor).revokeCalendarFeed({})).toEqual({ ok: true, data: { revoked: true } });
    const gone = await calendarFeedAt(token, NOW);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("cache-control")).toMatch(/no-store/);
    expect(await gone.text()).toMatch(/n'existe pas ou a été supprimé/);
    expect(await prisma.auditEvent.count({ where: { action: "seeker.calendarFeed.revoked", seekerId: w.me.seeker.id } })).toBeGreaterThanOrEqual(1);
    for (const bad of ["", "x", "A".repeat(43), `${token}x`, "../../etc/passwd"]) expect((await calendarFeedAt(bad, NOW)).status).toBe(404);
  });

  it("stops when the seeker's account is disabled", async () => {
    const created = await actions(w.islander.actor).createCalendarFeed({});
    const token = (created as { ok: true; data: { token: string } }).data.token;
    expect((await calendarFeedAt(token, NOW)).status).toBe(200);
    await prisma.user.update({ where: { id: w.islander.actor.id }, data: { active: false } });
    try {
      expect((await calendarFeedAt(token, NOW)).status).toBe(404);
    } finally {
      await prisma.user.update({ where: { id: w.islander.actor.id }, data: { active: true } });
    }
  });

  it("revoking without a feed, forged keys, an advisor: refused in French, nothing written", async () => {
    const before = await snapshot();
    expect(await actions(w.me.actor).revokeCalendarFeed({})).toMatchObject({ ok: false, error: "Vous n'avez pas de lien d'agenda à supprimer." });
    const forged = await actions(w.me.actor).createCalendarFeed({ seekerId: w.other.seeker.id });
    expect(forged).toMatchObject({ ok: false, error: MESSAGES.invalid });
    expect(await snapshot()).toEqual(before);
    const denied = await actions(w.alice).createCalendarFeed({});
    expect(denied).toEqual({ ok: false, error: MESSAGES.forbidden, code: "FORBIDDEN" });
    expect(await actions(null).revokeCalendarFeed({})).toEqual({ ok: false, error: MESSAGES.unauthenticated, code: "UNAUTHENTICATED" });
    const after = await snapshot();
    expect(after.seekers).toEqual(before.seekers);
    expect(after.counts).toEqual({ ...before.counts, AuditEvent: before.counts.AuditEvent! + 1 }); // the denial is journaled
  });
});

describe("100 % web, chosen by the seeker", () => {
  it("eligible: switched on then off through the action, each change journaled; asking again changes nothing", async () => {
    const on = await actions(w.me.actor).setWebOnly({ webOnly: true });
    expect(on).toEqual({ ok: true, data: { webOnly: true, changed: true } });
    expect((await prisma.seeker.findUniqueOrThrow({ where: { id: w.me.seeker.id } })).webOnly).toBe(true);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "seeker.webOnly.changed", seekerId: w.me.seeker.id },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({ actorId: w.me.actor.id, actorRole: "SEEKER", agencyId: w.rouen.id, subjectId: w.me.seeker.id, metadata: { webOnly: true } });

    const before = await snapshot();
    expect(await actions(w.me.actor).setWebOnly({ webOnly: true })).toEqual({ ok: true, data: { webOnly: true, changed: false } });
    expect(await snapshot()).toEqual(before);

    expect(await actions(w.me.actor).setWebOnly({ webOnly: false })).toEqual({ ok: true, data: { webOnly: false, changed: true } });
    expect((await prisma.seeker.findUniqueOrThrow({ where: { id: w.me.seeker.id } })).webOnly).toBe(false);
    const changes = await prisma.auditEvent.findMany({ where: { action: "seeker.webOnly.changed", seekerId: w.me.seeker.id }, orderBy: { createdAt: "asc" } });
    expect(changes.slice(-2).map((e) => e.metadata)).toEqual([{ webOnly: true }, { webOnly: false }]);
  });

  it("not eligible (not digitally autonomous; not in « suivi »): refused with a French message, nothing changed", async () => {
    const before = await snapshot();
    const island = await actions(w.islander.actor).setWebOnly({ webOnly: true });
    expect(island).toMatchObject({ ok: false });
    expect((island as { error: string }).error).toMatch(/^Le suivi 100 % web est possible si vous utilisez internet seul·e/);
    const other = await actions(w.other.actor).setWebOnly({ webOnly: true });
    expect((other as { error: string }).error).toMatch(/seulement avec l'accompagnement « suivi et appui à la recherche d'emploi »/);
    expect(await snapshot()).toEqual(before);
  });

  it("leaving 100 % web is always possible", async () => {
    await prisma.seeker.update({ where: { id: w.islander.seeker.id }, data: { webOnly: true } });
    expect(await actions(w.islander.actor).setWebOnly({ webOnly: false })).toEqual({ ok: true, data: { webOnly: false, changed: true } });
  });

  it("a forged seekerId, a bad value, an advisor or nobody: refused, nothing changed but the journaled denial", async () => {
    const before = await snapshot();
    expect(await actions(w.me.actor).setWebOnly({ webOnly: true, seekerId: w.other.seeker.id })).toMatchObject({ ok: false, error: MESSAGES.invalid });
    expect(await actions(w.me.actor).setWebOnly({ webOnly: "oui" })).toMatchObject({ ok: false, error: MESSAGES.invalid });
    expect(await actions(null).setWebOnly({ webOnly: true })).toEqual({ ok: false, error: MESSAGES.unauthenticated, code: "UNAUTHENTICATED" });
    expect(await snapshot()).toEqual(before);
    expect(await actions(w.alice).setWebOnly({ webOnly: true })).toEqual({ ok: false, error: MESSAGES.forbidden, code: "FORBIDDEN" });
    const denial = await prisma.auditEvent.findFirst({ where: { action: "authorization.denied", actorId: w.alice.id }, orderBy: { createdAt: "desc" } });
    expect(denial?.metadata).toEqual({ operation: "seekerSpace.setWebOnly" });
    expect((await snapshot()).seekers).toEqual(before.seekers);
  });
});

describe("my data (RGPD export)", () => {
  it("a JSON attachment, never cached, with my identity, answers, modality history, appointments and who accessed my file", async () => {
    await actions(w.me.actor).createCalendarFeed({});
    const response = await exportOf(w.me.actor);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="mes-donnees-modalis-2026-03-26\.json"$/);
    expect(response.headers.get("cache-control")).toMatch(/no-store/);
    const text = await response.text();
    const data = JSON.parse(text) as MyData;
    expect(data.identite).toMatchObject({ identifiantFranceTravail: "1111111A", prenom: "Julien", nom: "Marchand", dateDeNaissance: "1988-06-01" });
    expect(data.coordonnees).toMatchObject({ email: "julien@exemple.fr", commune: "Rouen" });
    expect(data.agence).toMatchObject({ nom: "Rouen Rive Gauche", adresse: "27 avenue de Bretagne, 76100 Rouen" });
    expect(data.accompagnement).toMatchObject({ modalite: "SUIVI", conseiller: "Alice Bernard" });
    expect(data.historiqueDesModalites).toEqual([expect.objectContaining({ modalite: "SUIVI", conseiller: "Alice Bernard", decidePar: "Conseiller·ère" })]);
    // My own answers, HEALTH included: it is my data.
    expect(data.diagnostics).toHaveLength(1);
    expect(data.diagnostics[0]!.vosReponses).toMatchObject({ brut: { digital: 0, barriers: { HEALTH: "MINOR" } } });
    expect(JSON.stringify(data.diagnostics[0]!.vosReponses)).toContain("Frein mineur");
    expect(data.rendezVous.map((a) => a.identifiant).sort()).toEqual(
      Object.values(w.me.appts)
        .map((a) => a.id)
        .sort(),
    );
    expect(data.rendezVous.find((a) => a.identifiant === w.me.appts.noShow.id)).toMatchObject({ resultat: "Absent·e", lieu: "Par téléphone" });
    expect(data.rendezVous.find((a) => a.identifiant === w.me.appts.moved.id)).toMatchObject({ resultat: "Déplacé à une autre date" });
    expect(data.journalDesAcces).toContainEqual(expect.objectContaining({ action: "seeker.barriers_viewed", par: "Conseiller·ère" }));
    expect(data.journalDesAcces).toContainEqual(expect.objectContaining({ action: "seeker.calendarFeed.created", par: "Vous" }));
    for (const line of data.journalDesAcces) expect(Object.keys(line).sort()).toEqual(["action", "date", "description", "par"]);
    // Nothing of anyone else: no other seeker, no staff id, no metadata, no feed secret.
    for (const needle of [
      w.other.seeker.id,
      "2222222B",
      "Nadia",
      "Lefebvre",
      "Hoarau",
      "Karim",
      "Lemarchand",
      w.alice.id,
      w.manager.id,
      '"note": "x"',
      "passwordHash",
    ]) {
      expect(text).not.toContain(needle);
    }
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "seeker.data.exported", seekerId: w.me.seeker.id },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({ actorId: w.me.actor.id, actorRole: "SEEKER", subjectId: w.me.seeker.id, metadata: {} });
  });

  it("the social worker who follows me is named; the export of another seeker holds none of my data", async () => {
    const text = await (await exportOf(w.other.actor)).text();
    const data = JSON.parse(text) as MyData;
    expect(data.travailleursSociaux).toEqual([expect.objectContaining({ nom: "Karim Benhamou", au: null })]);
    expect(data.rendezVous.find((a) => a.type === "JOINT_GLOBAL")).toMatchObject({ travailleurSocial: "Karim Benhamou" });
    for (const needle of [w.me.seeker.id, "1111111A", "Julien", "Marchand", ...Object.values(w.me.appts).map((a) => a.id)]) expect(text).not.toContain(needle);
  });

  it("an advisor: 403; nobody signed in: 401; neither is journaled as an export", async () => {
    const before = await prisma.auditEvent.count({ where: { action: "seeker.data.exported" } });
    expect((await exportOf(w.alice)).status).toBe(403);
    expect((await exportOf(null)).status).toBe(401);
    expect(await prisma.auditEvent.count({ where: { action: "seeker.data.exported" } })).toBe(before);
  });
});
