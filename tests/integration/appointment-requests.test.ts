/**
 * Seekers' requests on their appointments (issue 18, docs/rules.md#seekers-requests-on-appointments) on a real
 * database (PGlite, and PostgreSQL with TEST_DATABASE_URL): asking to move (slots checked by the rule, a review only in
 * its window), saying one cannot come (never for an M4/M9 review), one open request per appointment and three per
 * seeker; the advisor's answers (accept → the appointment moves with its change notice, propose → the seeker accepts,
 * decline, take note of an absence); every refusal writes nothing, and of two answers at once one wins.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localToInstant, toGsm7Friendly, type DiagnosticAnswers } from "@/domain";
import { formatDateTime } from "@/lib/format";
import type { Actor } from "@/server/auth/policy";
import { DomainError } from "@/server/errors";
import { acceptProposal, answerAppointmentRequest, createAppointmentRequest } from "@/server/use-cases/appointment-requests";
import { pendingRequestCount, pendingRequests, seekerRequestForm } from "@/server/queries/appointment-requests";
import { myData } from "@/server/queries/my-data";
import { purgeExpiredData } from "@/server/use-cases/retention";
import { keyPaths, readableData, readablePaths, SECTION_TITLES } from "@/lib/readable-data";
import { createTestDatabase, installAsAppDatabase, tableCounts, type TestDatabase } from "../support/database";
import { makeAgency, makeAppointment, makeDiagnostic, makePortfolio, makeSeeker, makeUser } from "../support/factories";
import { caseloadQuerySchema, caseloadView } from "@/server/queries/caseload";

const PARIS = "Europe/Paris";
const NOW = new Date(localToInstant("2026-03-26", "10:00", PARIS));
const at = (date: string, time: string) => localToInstant(date, time, PARIS);
const ANSWERS: DiagnosticAnswers = { project: 0, skills: 0, jobSearch: 0, digital: 0, basicSkills: 0, monthsWithoutWork: 2, barriers: {}, webVolunteer: true };
const TABLES = ["Appointment", "AppointmentRequest", "OutboxMessage", "AuditEvent"];

let db: TestDatabase;
const options = () => ({ now: NOW, db: db.prisma });

async function world() {
  const agency = await makeAgency(db.prisma, { name: "Rouen Demandes", departement: "76", address: "1 rue du Test, 76000 Rouen" });
  const advisor = await makeUser(db.prisma, agency.id, "ADVISOR", "Anne", "Conseil");
  const colleague = await makeUser(db.prisma, agency.id, "ADVISOR", "Basile", "Collègue");
  const portfolio = await makePortfolio(db.prisma, agency.id, advisor.id, "SUIVI", 350);
  const seekerUser = await makeUser(db.prisma, agency.id, "SEEKER", "Zoé", "Demande");
  const otherUser = await makeUser(db.prisma, agency.id, "SEEKER", "Yann", "Autre");
  // Registered on 2025-12-01: the M4 window runs from 2026-03-01 to 2026-03-31.
  const seeker = await makeSeeker(db.prisma, agency.id, {
    portfolio,
    assignment: { actorId: advisor.id },
    userId: seekerUser.id,
    firstName: "Zoé",
    lastName: "Demande",
    email: "zoe.demande@exemple.fr",
    registrationDate: "2025-12-01",
  });
  await makeSeeker(db.prisma, agency.id, { portfolio, userId: otherUser.id, firstName: "Yann", lastName: "Autre", registrationDate: "2025-12-01" });
  await makeDiagnostic(db.prisma, { agencyId: agency.id, seekerId: seeker.id, authorId: advisor.id, answers: ANSWERS, decidedModality: "SUIVI" });
  const followUp = await makeAppointment(db.prisma, { agencyId: agency.id, seekerId: seeker.id, advisorId: advisor.id, startsAt: at("2026-04-02", "14:00") });
  const review = await makeAppointment(db.prisma, {
    agencyId: agency.id,
    seekerId: seeker.id,
    advisorId: advisor.id,
    kind: "REVIEW_M4",
    startsAt: at("2026-03-30", "15:00"),
  });
  return { agency, advisor, colleague, seeker, seekerUser, otherUser, followUp, review };
}
type World = Awaited<ReturnType<typeof world>>;

async function slotsFor(w: World, appointmentId: string) {
  const form = await seekerRequestForm(w.seekerUser, appointmentId, { now: NOW });
  expect(form).not.toBeNull();
  return form!.slots.map((slot) => slot.startsAt);
}

const askMove = (w: World, appointmentId: string, preferredSlots: string[], actor: Actor = w.seekerUser) =>
  createAppointmentRequest(actor, { appointmentId, kind: "MOVE", reason: "Un entretien d'embauche ce jour-là", preferredSlots }, options());

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("seekers' requests on their appointments", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    installAsAppDatabase(db);
  });
  afterAll(async () => {
    await db.dispose();
  });
  let w: World;
  beforeEach(async () => {
    w = await world();
  });

  it("a move request offers the rule's slots; the advisor accepts one: the appointment moves and the seeker is told", async () => {
    const slots = await slotsFor(w, w.followUp.id);
    expect(slots.length).toBeGreaterThan(3);
    expect(slots).not.toContain(w.followUp.startsAt.toISOString());
    const created = await askMove(w, w.followUp.id, [slots[1]!, slots[2]!]);
    expect(created.status).toBe("PENDING");
    expect(await pendingRequestCount(w.advisor, { now: NOW })).toBe(1);
    expect(await pendingRequestCount(w.colleague, { now: NOW })).toBe(0);
    // The caseload page reads the same count in its one statement of small figures.
    expect((await caseloadView(w.advisor, caseloadQuerySchema.parse({}), NOW)).pendingRequests).toBe(1);
    expect((await caseloadView(w.colleague, caseloadQuerySchema.parse({}), NOW)).pendingRequests).toBe(0);
    const [pending] = await pendingRequests(w.advisor, { now: NOW });
    expect(pending?.preferredSlots).toEqual([slots[1], slots[2]]);

    const answer = await answerAppointmentRequest(w.advisor, { requestId: created.requestId, answer: "ACCEPT", startsAt: slots[2] }, options());
    expect(answer.status).toBe("ACCEPTED");
    const old = await db.prisma.appointment.findUniqueOrThrow({ where: { id: w.followUp.id } });
    expect(old.status).toBe("CANCELLED");
    const moved = await db.prisma.appointment.findUniqueOrThrow({ where: { id: answer.appointmentId! } });
    expect(moved.startsAt.toISOString()).toBe(slots[2]);
    expect(moved.replacesId).toBe(w.followUp.id);
    const request = await db.prisma.appointmentRequest.findUniqueOrThrow({ where: { id: created.requestId } });
    expect(request).toMatchObject({ status: "ACCEPTED", answeredById: w.advisor.id, resultAppointmentId: moved.id });
    const notices = await db.prisma.outboxMessage.findMany({ where: { seekerId: w.seeker.id, appointmentId: moved.id } });
    expect(notices.map((n) => n.kind)).toEqual(["CHANGE"]);
    const audit = await db.prisma.auditEvent.findMany({ where: { subjectId: created.requestId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action).sort()).toEqual(["appointmentRequest.accepted", "appointmentRequest.created"]);
    expect(await pendingRequestCount(w.advisor, { now: NOW })).toBe(0);
  });

  it("refuses a slot the rule does not allow, and for a review a slot outside its window, writing nothing", async () => {
    const before = await tableCounts(db.prisma, TABLES);
    // A Sunday, and before the agency's minimum notice.
    expect((await refusal(askMove(w, w.followUp.id, [at("2026-04-05", "14:00")]))).code).toBe("INVALID");
    expect((await refusal(askMove(w, w.followUp.id, [at("2026-03-27", "14:00")]))).message).toMatch(/trop proche/);
    // The review's window (to 2026-03-31) still has room: a slot after it is refused.
    expect((await refusal(askMove(w, w.review.id, [at("2026-04-01", "14:00")]))).code).toBe("INVALID");
    // The window full (the review itself out of the agency's hours): the advisor's rule would place it late, the seeker may not.
    await db.prisma.appointment.update({
      where: { id: w.review.id },
      data: { startsAt: new Date(at("2026-03-30", "12:00")), endsAt: new Date(at("2026-03-30", "12:30")) },
    });
    for (const date of ["2026-03-30", "2026-03-31"]) {
      for (const time of ["13:30", "14:00", "14:30", "15:00", "15:30", "16:00"]) {
        await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: w.seeker.id, advisorId: w.advisor.id, startsAt: at(date, time) });
      }
    }
    expect(await slotsFor(w, w.review.id)).toEqual([]);
    const after = await refusal(askMove(w, w.review.id, [at("2026-04-01", "14:00")]));
    expect(after.message).toBe("Ce bilan ne peut être déplacé qu'à une date de sa période. Choisissez un autre horaire dans la liste.");
    expect(await db.prisma.appointmentRequest.count()).toBe(before.AppointmentRequest);
  });

  it("a mandatory review cannot be skipped: « je ne pourrai pas venir » is refused in French", async () => {
    const error = await refusal(createAppointmentRequest(w.seekerUser, { appointmentId: w.review.id, kind: "ABSENCE", reason: "Malade" }, options()));
    expect(error.code).toBe("INVALID");
    expect(error.message).toMatch(/bilan est obligatoire/);
    expect(await db.prisma.appointmentRequest.count({ where: { seekerId: w.seeker.id } })).toBe(0);
  });

  it("one open request per appointment, three per seeker; another seeker's appointment is not found", async () => {
    const slots = await slotsFor(w, w.followUp.id);
    await askMove(w, w.followUp.id, [slots[0]!]);
    expect((await refusal(askMove(w, w.followUp.id, [slots[1]!]))).code).toBe("CONFLICT");
    expect((await refusal(askMove(w, w.followUp.id, [slots[1]!], w.otherUser))).code).toBe("NOT_FOUND");
    await askMove(w, w.review.id, [(await slotsFor(w, w.review.id))[0]!]);
    const third = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: w.seeker.id,
      advisorId: w.advisor.id,
      startsAt: at("2026-04-09", "14:00"),
    });
    const fourth = await makeAppointment(db.prisma, {
      agencyId: w.agency.id,
      seekerId: w.seeker.id,
      advisorId: w.advisor.id,
      startsAt: at("2026-04-16", "14:00"),
    });
    await createAppointmentRequest(w.seekerUser, { appointmentId: third.id, kind: "ABSENCE", reason: "Formation" }, options());
    const capped = await refusal(createAppointmentRequest(w.seekerUser, { appointmentId: fourth.id, kind: "ABSENCE", reason: "Formation" }, options()));
    expect(capped.message).toMatch(/déjà 3 demandes/);
    expect(await db.prisma.appointmentRequest.count({ where: { seekerId: w.seeker.id } })).toBe(3);
  });

  it("the advisor proposes another slot; the seeker accepts it, or asks again instead", async () => {
    const slots = await slotsFor(w, w.followUp.id);
    const first = await askMove(w, w.followUp.id, [slots[0]!]);
    await answerAppointmentRequest(w.advisor, { requestId: first.requestId, answer: "PROPOSE", startsAt: slots[5] }, options());
    expect(await db.prisma.appointmentRequest.findUniqueOrThrow({ where: { id: first.requestId } })).toMatchObject({ status: "PROPOSED" });
    // Asking again replaces the proposal.
    const again = await askMove(w, w.followUp.id, [slots[3]!]);
    expect((await db.prisma.appointmentRequest.findUniqueOrThrow({ where: { id: first.requestId } })).status).toBe("WITHDRAWN");
    expect((await refusal(acceptProposal(w.seekerUser, { requestId: first.requestId }, options()))).code).toBe("CONFLICT");
    await answerAppointmentRequest(w.advisor, { requestId: again.requestId, answer: "PROPOSE", startsAt: slots[6] }, options());
    expect((await refusal(acceptProposal(w.otherUser, { requestId: again.requestId }, options()))).code).toBe("NOT_FOUND");
    const accepted = await acceptProposal(w.seekerUser, { requestId: again.requestId }, options());
    expect(accepted.startsAt).toBe(slots[6]);
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: w.followUp.id } })).status).toBe("CANCELLED");
    const notices = await db.prisma.outboxMessage.findMany({ where: { appointmentId: accepted.appointmentId } });
    expect(notices.map((n) => n.kind)).toEqual(["CHANGE"]);
  });

  it("the advisor declines with a reason: the appointment stays; an absence taken note of cancels the appointment with its notice", async () => {
    const slots = await slotsFor(w, w.followUp.id);
    const move = await askMove(w, w.followUp.id, [slots[0]!]);
    expect((await refusal(answerAppointmentRequest(w.advisor, { requestId: move.requestId, answer: "DECLINE", note: "" }, options()))).code).toBe("INVALID");
    await answerAppointmentRequest(
      w.advisor,
      { requestId: move.requestId, answer: "DECLINE", note: "Le rendez-vous est nécessaire avant votre formation" },
      options(),
    );
    expect(await db.prisma.appointmentRequest.findUniqueOrThrow({ where: { id: move.requestId } })).toMatchObject({
      status: "DECLINED",
      answerNote: "Le rendez-vous est nécessaire avant votre formation",
    });
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: w.followUp.id } })).status).toBe("SCHEDULED");

    const absence = await createAppointmentRequest(w.seekerUser, { appointmentId: w.followUp.id, kind: "ABSENCE", reason: "Enfant malade" }, options());
    expect((await refusal(answerAppointmentRequest(w.colleague, { requestId: absence.requestId, answer: "ACKNOWLEDGE" }, options()))).code).toBe("NOT_FOUND");
    await answerAppointmentRequest(w.advisor, { requestId: absence.requestId, answer: "ACKNOWLEDGE" }, options());
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: w.followUp.id } })).status).toBe("CANCELLED");
    const notices = await db.prisma.outboxMessage.findMany({ where: { appointmentId: w.followUp.id } });
    expect(notices.map((n) => n.kind).sort()).toEqual(["CHANGE", "REQUEST_ANSWER"]);
    expect(await db.prisma.auditEvent.count({ where: { action: "appointment.cancelled", subjectId: w.followUp.id } })).toBe(1);
  });

  describe("the seeker is told of a proposal or a decline by e-mail/SMS (the outbox's rules)", () => {
    const answers = (seekerId: string) => db.prisma.outboxMessage.findMany({ where: { seekerId, kind: "REQUEST_ANSWER" }, orderBy: { channel: "asc" } });

    it("a proposal: one message by each channel the seeker can receive, the proposed time in words, in the answer's transaction", async () => {
      await db.prisma.seeker.update({ where: { id: w.seeker.id }, data: { phone: "0612345678", smsConsent: true, smsConsentAt: NOW } });
      const slots = await slotsFor(w, w.followUp.id);
      const move = await askMove(w, w.followUp.id, [slots[0]!]);
      expect(await answers(w.seeker.id)).toEqual([]);
      await answerAppointmentRequest(w.advisor, { requestId: move.requestId, answer: "PROPOSE", startsAt: slots[5] }, options());
      const words = formatDateTime(new Date(slots[5]!), PARIS);
      const [mail, sms] = await answers(w.seeker.id);
      expect(mail).toMatchObject({ channel: "EMAIL", recipient: "zoe.demande@exemple.fr", appointmentId: w.followUp.id, mandatory: false, ics: null });
      expect(mail!.text).toContain(`Nouvel horaire proposé : ${words}`);
      expect(mail!.text).toContain("Pour l'accepter ou demander autre chose, allez dans « Mon espace ».");
      expect(mail!.html).toContain(words);
      expect(sms).toMatchObject({ channel: "SMS", recipient: "+33612345678" });
      expect(sms!.text).toContain(toGsm7Friendly(words));
      expect(await answers(w.seeker.id)).toHaveLength(2);
    });

    it("a decline: one message with the reason; no SMS without consent", async () => {
      await db.prisma.seeker.update({ where: { id: w.seeker.id }, data: { phone: "0612345678", smsConsent: false } });
      const slots = await slotsFor(w, w.followUp.id);
      const move = await askMove(w, w.followUp.id, [slots[0]!]);
      await answerAppointmentRequest(
        w.advisor,
        { requestId: move.requestId, answer: "DECLINE", note: "Nous devons faire le point avant votre formation." },
        options(),
      );
      const sent = await answers(w.seeker.id);
      expect(sent.map((m) => m.channel)).toEqual(["EMAIL"]);
      expect(sent[0]!.subject).toMatch(/n'a pas été acceptée/);
      expect(sent[0]!.text).toContain("Motif : Nous devons faire le point avant votre formation");
      expect(sent[0]!.text).toContain(formatDateTime(w.followUp.startsAt, PARIS));
      expect(sent[0]!.text).toContain("Votre rendez-vous reste prévu");
    });

    it("a seeker who opted out of optional messages is told only about an M4/M9 review (mandatory)", async () => {
      await db.prisma.seeker.update({ where: { id: w.seeker.id }, data: { optionalMessagesOptOut: true } });
      const followUpSlots = await slotsFor(w, w.followUp.id);
      const onFollowUp = await askMove(w, w.followUp.id, [followUpSlots[0]!]);
      await answerAppointmentRequest(w.advisor, { requestId: onFollowUp.requestId, answer: "DECLINE", note: "Pas possible cette semaine" }, options());
      expect(await answers(w.seeker.id)).toEqual([]);
      const reviewSlots = await slotsFor(w, w.review.id);
      const onReview = await askMove(w, w.review.id, [reviewSlots[0]!]);
      await answerAppointmentRequest(w.advisor, { requestId: onReview.requestId, answer: "PROPOSE", startsAt: reviewSlots[1] }, options());
      const sent = await answers(w.seeker.id);
      expect(sent.map((m) => [m.channel, m.appointmentId, m.mandatory])).toEqual([["EMAIL", w.review.id, true]]);
    });

    it("a refused answer queues nothing", async () => {
      const slots = await slotsFor(w, w.followUp.id);
      const move = await askMove(w, w.followUp.id, [slots[0]!]);
      const before = await tableCounts(db.prisma, TABLES);
      // A Sunday: not a slot the rule offers.
      expect(
        (await refusal(answerAppointmentRequest(w.advisor, { requestId: move.requestId, answer: "PROPOSE", startsAt: at("2026-04-05", "14:00") }, options())))
          .code,
      ).toBe("CONFLICT");
      expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    });
  });

  it("nothing is half-written when the chosen slot was taken meanwhile", async () => {
    const slots = await slotsFor(w, w.followUp.id);
    const move = await askMove(w, w.followUp.id, [slots[0]!]);
    const other = await makeSeeker(db.prisma, w.agency.id, {});
    await makeAppointment(db.prisma, { agencyId: w.agency.id, seekerId: other.id, advisorId: w.advisor.id, startsAt: slots[0]! });
    const before = await tableCounts(db.prisma, TABLES);
    const error = await refusal(answerAppointmentRequest(w.advisor, { requestId: move.requestId, answer: "ACCEPT", startsAt: slots[0] }, options()));
    expect(error.code).toBe("CONFLICT");
    expect(await tableCounts(db.prisma, TABLES)).toEqual(before);
    expect((await db.prisma.appointmentRequest.findUniqueOrThrow({ where: { id: move.requestId } })).status).toBe("PENDING");
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: w.followUp.id } })).status).toBe("SCHEDULED");
  });

  it("two answers at once: exactly one wins, the other changes nothing", async () => {
    const slots = await slotsFor(w, w.followUp.id);
    const move = await askMove(w, w.followUp.id, [slots[0]!, slots[1]!]);
    const results = await Promise.allSettled([
      answerAppointmentRequest(w.advisor, { requestId: move.requestId, answer: "ACCEPT", startsAt: slots[0] }, options()),
      answerAppointmentRequest(w.advisor, { requestId: move.requestId, answer: "DECLINE", note: "Pas possible cette semaine" }, options()),
      answerAppointmentRequest(w.advisor, { requestId: move.requestId, answer: "ACCEPT", startsAt: slots[1] }, options()),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as DomainError).code).toBe("CONFLICT");
    const live = await db.prisma.appointment.count({ where: { seekerId: w.seeker.id, kind: "FOLLOW_UP", status: "SCHEDULED" } });
    expect(live).toBe(1);
  });

  it("an anonymised closed file keeps its requests without their words", async () => {
    const slots = await slotsFor(w, w.followUp.id);
    const move = await askMove(w, w.followUp.id, [slots[0]!]);
    await answerAppointmentRequest(w.advisor, { requestId: move.requestId, answer: "DECLINE", note: "Pas possible avant votre formation" }, options());
    await db.prisma.seeker.update({ where: { id: w.seeker.id }, data: { status: "CLOSED", closedAt: new Date("2020-01-01T00:00:00Z") } });
    await purgeExpiredData({ now: NOW, db: db.prisma, auditRetentionMonths: 120 });
    expect(await db.prisma.appointmentRequest.findUniqueOrThrow({ where: { id: move.requestId } })).toMatchObject({
      status: "DECLINED",
      reason: "—",
      answerNote: null,
    });
  });

  it("the readable « Mes données » shows every section and field of the JSON export, requests included", async () => {
    const slots = await slotsFor(w, w.followUp.id);
    const move = await askMove(w, w.followUp.id, [slots[0]!]);
    await answerAppointmentRequest(w.advisor, { requestId: move.requestId, answer: "PROPOSE", startsAt: slots[2] }, options());
    const exported = await myData(w.seekerUser, { now: NOW });
    const json = JSON.parse(JSON.stringify(exported!.data)) as Record<string, unknown>;
    expect(json.demandesSurLesRendezVous).toHaveLength(1);
    const sections = readableData(json);
    expect(sections.map((s) => s.key)).toEqual(Object.keys(json));
    expect(readablePaths(sections)).toEqual(new Set([...Object.keys(json), ...keyPaths(json)]));
    expect(sections.every((s) => !/[a-z][A-Z]/.test(s.title))).toBe(true);
    // Every section of the file has its own title, in words (none left to the key's split).
    expect(sections.map((s) => s.key).filter((key) => !SECTION_TITLES[key])).toEqual([]);
  });
});
