/**
 * A seeker's contact details and messages (issue 16) on a real database: the seeker changes their e-mail and mobile
 * and their message choices on « Mon espace », the advisor in charge corrects the contact details with the seeker's
 * word. Bad input is refused in French and changes nothing; a changed address or number clears its flag, the same one
 * written otherwise keeps it; nobody reaches another seeker's details or messages; the journal names which fields
 * changed, never their values. The message lists are the seeker's own, newest first, bounded.
 */
import { contactActionsAs, seekerRoutesAs, seekerSpaceActionsAs } from "../support/acting";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxStatus, PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/server/auth/policy";
import { channelsFor } from "@/domain/messages/channels";
import { EMAIL_REMOVED, MOBILE_REMOVED, NOT_A_MOBILE } from "@/server/use-cases/contact-details";
import { failedMessagesOfPortfolio, MESSAGE_LIST_LIMIT, myMessages, seekerMessages } from "@/server/queries/messages";
import { createTestDatabase, installAsAppDatabase, type TestDatabase } from "../support/database";
import { makeAgency, makePortfolio, makeSeeker, makeUser } from "../support/factories";
import { caseloadQuerySchema, caseloadView } from "@/server/queries/caseload";

const NOW = new Date("2026-03-26T09:00:00.000Z");
const BOUNCED = new Date("2026-03-20T10:00:00.000Z");

let db: TestDatabase;
let prisma: PrismaClient;

const resolve = (actor: Actor | null) => async () => actor;
const clock = () => NOW;
const seekerActions = (actor: Actor) => seekerSpaceActionsAs(resolve(actor), clock);
const advisorActions = (actor: Actor) => contactActionsAs(resolve(actor), clock);

const CONTACT = {
  email: true,
  phone: true,
  emailBouncedAt: true,
  emailBounceReason: true,
  phoneInvalidAt: true,
  phoneInvalidReason: true,
  smsConsent: true,
  smsConsentAt: true,
  optionalMessagesOptOut: true,
} as const;

async function buildWorld(departement = "76") {
  const agency = await makeAgency(prisma, { departement });
  const other = await makeAgency(prisma, { departement: "27" });
  const advisor = await makeUser(prisma, agency.id, "ADVISOR", "Anne", "Conseil");
  const colleague = await makeUser(prisma, agency.id, "ADVISOR", "Basile", "Collègue");
  const stranger = await makeUser(prisma, other.id, "ADVISOR", "Chloé", "Ailleurs");
  const manager = await makeUser(prisma, agency.id, "MANAGER", "Denise", "Direction");
  const selfUser = await makeUser(prisma, agency.id, "SEEKER", "Zoé", "Moi");
  const otherUser = await makeUser(prisma, agency.id, "SEEKER", "Yann", "Autrui");
  const own = await makePortfolio(prisma, agency.id, advisor.id, "GUIDE");
  const theirs = await makePortfolio(prisma, agency.id, colleague.id, "GUIDE");
  const flagged = {
    emailBouncedAt: BOUNCED,
    emailBounceReason: "550 boîte inconnue",
    phoneInvalidAt: BOUNCED,
    phoneInvalidReason: "numéro inexistant",
  };
  const self = await makeSeeker(prisma, agency.id, {
    portfolio: own,
    userId: selfUser.id,
    lastName: "Moi",
    email: "zoe@exemple.fr",
    phone: "06 39 98 00 01",
    ...flagged,
  });
  const otherSeeker = await makeSeeker(prisma, agency.id, {
    portfolio: theirs,
    userId: otherUser.id,
    lastName: "Autrui",
    email: "yann@exemple.fr",
    phone: "06 39 98 00 02",
    ...flagged,
  });
  return { agency, advisor, colleague, stranger, manager, selfUser, otherUser, self, otherSeeker };
}

const contactOf = (seekerId: string) => prisma.seeker.findUniqueOrThrow({ where: { id: seekerId }, select: CONTACT });

async function message(
  seeker: { id: string; agencyId: string },
  status: OutboxStatus,
  createdAt: Date,
  extra: { lastError?: string; subject?: string; channel?: "EMAIL" | "SMS"; mandatory?: boolean; recipient?: string } = {},
) {
  return prisma.outboxMessage.create({
    data: {
      agencyId: seeker.agencyId,
      seekerId: seeker.id,
      kind: "REMINDER",
      channel: extra.channel ?? "EMAIL",
      mandatory: extra.mandatory ?? false,
      recipient: extra.recipient ?? "x@exemple.fr",
      subject: extra.subject ?? "Rappel : rendez-vous jeudi",
      text: "texte",
      html: "<p>texte</p>",
      status,
      createdAt,
      lastError: extra.lastError ?? null,
      attempts: status === "QUEUED" ? 0 : 1,
      // The outbox's shape: a sent or delivered message has its instant and provider id, a delivered one its receipt.
      ...(status === "SENT" || status === "DELIVERED" ? { sentAt: createdAt, providerId: "mailbox:test" } : {}),
      ...(status === "DELIVERED" ? { deliveredAt: createdAt } : {}),
    },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = db.prisma;
  installAsAppDatabase(db);
});
afterAll(async () => {
  await db.dispose();
});

describe("the seeker's own contact details", () => {
  it("stores a new e-mail and mobile, clears both flags, and journals which fields changed without their values", async () => {
    const w = await buildWorld();
    const result = await seekerActions(w.selfUser).updateContact({ email: "  zoe.nouvelle@exemple.fr ", phone: "0639981234" });
    expect(result).toMatchObject({ ok: true, data: { emailChanged: true, phoneChanged: true } });
    expect(await contactOf(w.self.id)).toMatchObject({
      email: "zoe.nouvelle@exemple.fr",
      phone: "06 39 98 12 34",
      emailBouncedAt: null,
      emailBounceReason: null,
      phoneInvalidAt: null,
      phoneInvalidReason: null,
    });
    const events = await prisma.auditEvent.findMany({ where: { seekerId: w.self.id, action: "seeker.contact.changed" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.metadata).toEqual({ emailChanged: true, phoneChanged: true });
    expect(JSON.stringify(events[0])).not.toMatch(/nouvelle|39 98|639981234/);
  });

  it("clears only the flag of the field that changed; the same number written otherwise keeps its flag", async () => {
    const w = await buildWorld();
    expect(await seekerActions(w.selfUser).updateContact({ email: "ZOE@exemple.fr", phone: "+33 6 39 98 00 01" })).toMatchObject({
      ok: true,
      data: { emailChanged: false, phoneChanged: false },
    });
    expect(await contactOf(w.self.id)).toMatchObject({ email: "ZOE@exemple.fr", emailBouncedAt: BOUNCED, phoneInvalidAt: BOUNCED });
    expect(await prisma.auditEvent.count({ where: { seekerId: w.self.id, action: "seeker.contact.changed" } })).toBe(0);

    await seekerActions(w.selfUser).updateContact({ email: "zoe@exemple.fr", phone: "06 39 98 77 77" });
    expect(await contactOf(w.self.id)).toMatchObject({ emailBouncedAt: BOUNCED, emailBounceReason: "550 boîte inconnue", phoneInvalidAt: null });
  });

  it("refuses a bad address or number in French and changes nothing", async () => {
    const w = await buildWorld();
    const before = await contactOf(w.self.id);
    const badEmail = await seekerActions(w.selfUser).updateContact({ email: "zoe@", phone: "06 39 98 12 34" });
    expect(badEmail).toMatchObject({ ok: false, code: "INVALID" });
    expect(!badEmail.ok && badEmail.error).toContain("L'adresse e-mail n'est pas valide");
    const badPhone = await seekerActions(w.selfUser).updateContact({ email: "zoe@exemple.fr", phone: "12" });
    expect(!badPhone.ok && badPhone.error).toBe("« 12 » n'est pas un numéro de téléphone valide.");
    const both = await seekerActions(w.selfUser).updateContact({ email: "pas une adresse", phone: "abc" });
    expect(!both.ok && both.error).toMatch(/adresse e-mail.*numéro de téléphone/s);
    const extraKey = await seekerActions(w.selfUser).updateContact({ email: "a@b.fr", phone: "", seekerId: w.otherSeeker.id });
    expect(extraKey).toMatchObject({ ok: false, code: "INVALID" });
    expect(await contactOf(w.self.id)).toEqual(before);
    expect(await contactOf(w.otherSeeker.id)).toMatchObject({ email: "yann@exemple.fr" });
  });

  it("reads a number in the numbering plan of the agency's département, and keeps a foreign one in E.164", async () => {
    const w = await buildWorld("974");
    await seekerActions(w.selfUser).updateContact({ email: "", phone: "0692 12 34 56" });
    expect(await contactOf(w.self.id)).toMatchObject({ email: null, phone: "0692 12 34 56" });
    await seekerActions(w.selfUser).updateContact({ email: "", phone: "+32 470 12 34 56" });
    expect((await contactOf(w.self.id)).phone).toBe("+32470123456");
  });

  it("empties a field when the seeker leaves it blank", async () => {
    const w = await buildWorld();
    await seekerActions(w.selfUser).updateContact({ email: "", phone: "" });
    expect(await contactOf(w.self.id)).toMatchObject({ email: null, phone: null });
  });
});

describe("the messages still waiting follow a change of address or mobile", () => {
  const OLD_EMAIL = "zoe@exemple.fr";
  const OLD_MOBILE = "+33639980001";
  const RECIPIENT = { recipient: true, status: true, lastError: true, sentAt: true } as const;
  const recipientOf = (id: string) => prisma.outboxMessage.findUniqueOrThrow({ where: { id }, select: RECIPIENT });

  /** Of each channel: one waiting, one already sent (or failed); and the other seeker's waiting e-mail and SMS. */
  async function messagesOf(w: Awaited<ReturnType<typeof buildWorld>>) {
    const at = new Date("2026-03-25T08:00:00.000Z");
    return {
      email: await message(w.self, "QUEUED", at, { recipient: OLD_EMAIL }),
      sms: await message(w.self, "QUEUED", at, { channel: "SMS", recipient: OLD_MOBILE }),
      sentEmail: await message(w.self, "SENT", at, { recipient: OLD_EMAIL }),
      failedSms: await message(w.self, "FAILED", at, { channel: "SMS", recipient: OLD_MOBILE, lastError: "refusé" }),
      othersEmail: await message(w.otherSeeker, "QUEUED", at, { recipient: "yann@exemple.fr" }),
      othersSms: await message(w.otherSeeker, "QUEUED", at, { channel: "SMS", recipient: "+33639980002" }),
    };
  }

  async function expectHistoryAndOthersKept(m: Awaited<ReturnType<typeof messagesOf>>) {
    expect(await recipientOf(m.sentEmail.id)).toMatchObject({ recipient: OLD_EMAIL, status: "SENT" });
    expect(await recipientOf(m.failedSms.id)).toMatchObject({ recipient: OLD_MOBILE, status: "FAILED", lastError: "refusé" });
    expect(await recipientOf(m.othersEmail.id)).toMatchObject({ recipient: "yann@exemple.fr", status: "QUEUED" });
    expect(await recipientOf(m.othersSms.id)).toMatchObject({ recipient: "+33639980002", status: "QUEUED" });
  }

  it("the seeker's new e-mail and mobile: the waiting messages go there (the mobile in E.164), the history keeps its recipient", async () => {
    const w = await buildWorld();
    const m = await messagesOf(w);
    const result = await seekerActions(w.selfUser).updateContact({ email: "zoe.nouvelle@exemple.fr", phone: "06 39 98 12 34" });
    expect(result).toMatchObject({ ok: true });
    expect(await recipientOf(m.email.id)).toEqual({ recipient: "zoe.nouvelle@exemple.fr", status: "QUEUED", lastError: null, sentAt: null });
    expect(await recipientOf(m.sms.id)).toEqual({ recipient: "+33639981234", status: "QUEUED", lastError: null, sentAt: null });
    await expectHistoryAndOthersKept(m);
  });

  it("the seeker removes the e-mail and gives a landline: the waiting messages are cancelled with the reason in French", async () => {
    const w = await buildWorld();
    const m = await messagesOf(w);
    expect(await seekerActions(w.selfUser).updateContact({ email: "", phone: "02 35 12 34 56" })).toMatchObject({ ok: true });
    expect(await recipientOf(m.email.id)).toEqual({ recipient: OLD_EMAIL, status: "CANCELLED", lastError: EMAIL_REMOVED, sentAt: null });
    expect(await recipientOf(m.sms.id)).toEqual({ recipient: OLD_MOBILE, status: "CANCELLED", lastError: NOT_A_MOBILE, sentAt: null });
    expect(EMAIL_REMOVED).toBe("Adresse e-mail supprimée avant l'envoi.");
    await expectHistoryAndOthersKept(m);
  });

  it("only the changed channel follows; the same address written otherwise leaves the waiting messages as they are", async () => {
    const w = await buildWorld();
    const m = await messagesOf(w);
    await seekerActions(w.selfUser).updateContact({ email: "ZOE@exemple.fr", phone: "06 39 98 44 44" });
    expect(await recipientOf(m.email.id)).toMatchObject({ recipient: OLD_EMAIL, status: "QUEUED" });
    expect(await recipientOf(m.sms.id)).toMatchObject({ recipient: "+33639984444", status: "QUEUED" });
  });

  it("the advisor's correction does the same: new address followed, removed mobile cancelled", async () => {
    const w = await buildWorld();
    const m = await messagesOf(w);
    const result = await advisorActions(w.advisor).correctContact({ seekerId: w.self.id, email: "zoe.b@exemple.fr", phone: "", seekerAgreed: true });
    expect(result).toMatchObject({ ok: true });
    expect(await recipientOf(m.email.id)).toMatchObject({ recipient: "zoe.b@exemple.fr", status: "QUEUED" });
    expect(await recipientOf(m.sms.id)).toEqual({ recipient: OLD_MOBILE, status: "CANCELLED", lastError: MOBILE_REMOVED, sentAt: null });
    await expectHistoryAndOthersKept(m);
  });

  it("a refused change touches no waiting message", async () => {
    const w = await buildWorld();
    const m = await messagesOf(w);
    expect(await seekerActions(w.selfUser).updateContact({ email: "", phone: "12" })).toMatchObject({ ok: false });
    expect(await recipientOf(m.email.id)).toMatchObject({ recipient: OLD_EMAIL, status: "QUEUED" });
    expect(await recipientOf(m.sms.id)).toMatchObject({ recipient: OLD_MOBILE, status: "QUEUED" });
  });
});

describe("the seeker's message choices", () => {
  it("records when the seeker agreed to SMS; withdrawing stops SMS", async () => {
    const w = await buildWorld();
    await prisma.seeker.update({ where: { id: w.self.id }, data: { phoneInvalidAt: null } });
    expect(await seekerActions(w.selfUser).setMessagePreferences({ smsConsent: true, optionalMessagesOptOut: false })).toMatchObject({
      ok: true,
      data: { changed: true },
    });
    let contact = await contactOf(w.self.id);
    expect(contact).toMatchObject({ smsConsent: true, smsConsentAt: NOW });
    expect(channelsFor(contact, { mandatory: false })).toContain("SMS");

    await seekerActions(w.selfUser).setMessagePreferences({ smsConsent: false, optionalMessagesOptOut: false });
    contact = await contactOf(w.self.id);
    expect(contact).toMatchObject({ smsConsent: false, smsConsentAt: null });
    expect(channelsFor(contact, { mandatory: true })).not.toContain("SMS");
    const events = await prisma.auditEvent.findMany({
      where: { seekerId: w.self.id, action: "seeker.messagePreferences.changed" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.metadata)).toEqual([{ smsConsent: true }, { smsConsent: false }]);
  });

  it("cancels what still waits and is no longer wanted: the SMS after a withdrawal, the optional messages after an opt-out", async () => {
    const w = await buildWorld();
    await prisma.seeker.update({ where: { id: w.self.id }, data: { smsConsent: true, smsConsentAt: BOUNCED } });
    const sms = await message(w.self, "QUEUED", NOW, { channel: "SMS", mandatory: true });
    const sentSms = await message(w.self, "SENT", NOW, { channel: "SMS" });
    const optional = await message(w.self, "QUEUED", NOW);
    const mandatory = await message(w.self, "QUEUED", NOW, { mandatory: true });
    const theirs = await message(w.otherSeeker, "QUEUED", NOW, { channel: "SMS" });
    const statusOf = async (id: string) => (await prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).status;

    await seekerActions(w.selfUser).setMessagePreferences({ smsConsent: false, optionalMessagesOptOut: false });
    expect([await statusOf(sms.id), await statusOf(sentSms.id), await statusOf(optional.id)]).toEqual(["CANCELLED", "SENT", "QUEUED"]);
    await seekerActions(w.selfUser).setMessagePreferences({ smsConsent: false, optionalMessagesOptOut: true });
    expect([await statusOf(optional.id), await statusOf(mandatory.id), await statusOf(theirs.id)]).toEqual(["CANCELLED", "QUEUED", "QUEUED"]);
    const events = await prisma.auditEvent.findMany({
      where: { seekerId: w.self.id, action: "seeker.messagePreferences.changed" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.metadata)).toEqual([
      { smsConsent: false, messagesCancelled: 1 },
      { optionalMessagesOptOut: true, messagesCancelled: 1 },
    ]);
  });

  it("refuses SMS without a mobile number, in French", async () => {
    const w = await buildWorld();
    await prisma.seeker.update({ where: { id: w.self.id }, data: { phone: "02 35 12 34 56" } });
    const result = await seekerActions(w.selfUser).setMessagePreferences({ smsConsent: true, optionalMessagesOptOut: false });
    expect(result).toMatchObject({ ok: false, code: "INVALID", error: "Pour recevoir des SMS, indiquez d'abord un numéro de téléphone portable." });
    expect((await contactOf(w.self.id)).smsConsent).toBe(false);
  });

  it("an opted-out seeker gets no optional message but still the mandatory convocations", async () => {
    const w = await buildWorld();
    await seekerActions(w.selfUser).setMessagePreferences({ smsConsent: false, optionalMessagesOptOut: true });
    const contact = { ...(await contactOf(w.self.id)), emailBouncedAt: null };
    expect(contact.optionalMessagesOptOut).toBe(true);
    expect(channelsFor(contact, { mandatory: false })).toEqual([]);
    expect(channelsFor(contact, { mandatory: true })).toEqual(["EMAIL"]);
    // Asking again for what is already so writes nothing.
    expect(await seekerActions(w.selfUser).setMessagePreferences({ smsConsent: false, optionalMessagesOptOut: true })).toMatchObject({
      ok: true,
      data: { changed: false },
    });
    expect(await prisma.auditEvent.count({ where: { seekerId: w.self.id, action: "seeker.messagePreferences.changed" } })).toBe(1);
  });
});

describe("the advisor's correction", () => {
  it("lets the advisor in charge correct the details with the seeker's word, clearing the flags, journaled", async () => {
    const w = await buildWorld();
    const result = await advisorActions(w.advisor).correctContact({
      seekerId: w.self.id,
      email: "zoe.b@exemple.fr",
      phone: "06 39 98 55 55",
      seekerAgreed: true,
    });
    expect(result).toMatchObject({ ok: true });
    expect(await contactOf(w.self.id)).toMatchObject({ email: "zoe.b@exemple.fr", phone: "06 39 98 55 55", emailBouncedAt: null, phoneInvalidAt: null });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { seekerId: w.self.id, action: "seeker.contact.corrected" } });
    expect(event.actorId).toBe(w.advisor.id);
    expect(event.metadata).toEqual({ emailChanged: true, phoneChanged: true });
  });

  it("asks for the seeker's word and validates like the seeker's own form", async () => {
    const w = await buildWorld();
    const before = await contactOf(w.self.id);
    const noWord = await advisorActions(w.advisor).correctContact({ seekerId: w.self.id, email: "a@exemple.fr", phone: "", seekerAgreed: false });
    expect(noWord).toMatchObject({ ok: false, code: "INVALID" });
    expect(!noWord.ok && Object.values(noWord.fieldErrors ?? {}).flat()).toContain("Cochez la case : ces coordonnées doivent venir de la personne elle-même.");
    const bad = await advisorActions(w.advisor).correctContact({ seekerId: w.self.id, email: "a@exemple.fr", phone: "01", seekerAgreed: true });
    expect(!bad.ok && bad.error).toBe("« 01 » n'est pas un numéro de téléphone valide.");
    expect(await contactOf(w.self.id)).toEqual(before);
  });

  it("refuses a colleague's seeker, another agency's advisor, a manager and the seeker, changing nothing", async () => {
    const w = await buildWorld();
    const before = await contactOf(w.self.id);
    const input = { seekerId: w.self.id, email: "pirate@exemple.fr", phone: "", seekerAgreed: true as const };
    expect(await advisorActions(w.colleague).correctContact(input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await advisorActions(w.stranger).correctContact(input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await advisorActions(w.manager).correctContact(input)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await advisorActions(w.selfUser).correctContact(input)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await contactOf(w.self.id)).toEqual(before);
    // A seeker of the agency's queue (awaiting a diagnostic) is visible to every advisor, but in nobody's portfolio yet.
    const queued = await makeSeeker(prisma, w.agency.id, { email: "file@exemple.fr" });
    expect(await advisorActions(w.advisor).correctContact({ ...input, seekerId: queued.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await contactOf(queued.id)).email).toBe("file@exemple.fr");
  });
});

describe("the message lists", () => {
  it("shows the seeker their own messages only, newest first, at most the latest 50", async () => {
    const w = await buildWorld();
    for (let i = 0; i < MESSAGE_LIST_LIMIT + 3; i += 1) await message(w.self, "SENT", new Date(NOW.getTime() - (i + 1) * 60_000), { subject: `Moi ${i}` });
    await message(w.otherSeeker, "FAILED", NOW, { subject: "Pas à moi", lastError: "refus-autrui" });
    const mine = await myMessages(w.selfUser);
    expect(mine!.messages).toHaveLength(MESSAGE_LIST_LIMIT);
    expect(mine!.messages[0]!.subject).toBe("Moi 0");
    expect(mine!.messages.map((m) => m.subject)).not.toContain("Pas à moi");
    expect(JSON.stringify(mine)).not.toContain("refus-autrui");
    expect(mine!.contact).toMatchObject({ email: "zoe@exemple.fr", emailBouncedAt: BOUNCED.toISOString() });
    expect(await myMessages(w.advisor)).toBeNull();
  });

  it("shows the staff the reason of a failure, within their scope only, and counts an advisor's failures", async () => {
    const w = await buildWorld();
    await message(w.self, "FAILED", NOW, { lastError: "550 5.1.1 boîte inconnue" });
    await message(w.self, "DELIVERED", new Date(NOW.getTime() - 60_000));
    await message(w.otherSeeker, "FAILED", NOW, { lastError: "refus" });
    const file = await seekerMessages(w.advisor, w.self.id);
    expect(file!.messages.map((m) => [m.status, m.lastError])).toEqual([
      ["FAILED", "550 5.1.1 boîte inconnue"],
      ["DELIVERED", null],
    ]);
    expect(file!.failed).toBe(1);
    expect(await seekerMessages(w.manager, w.self.id)).not.toBeNull();
    expect(await seekerMessages(w.stranger, w.self.id)).toBeNull();
    expect(await seekerMessages(w.selfUser, w.self.id)).toBeNull();
    expect(await failedMessagesOfPortfolio(w.advisor)).toBe(1);
    expect(await failedMessagesOfPortfolio(w.colleague)).toBe(1);
    expect(await failedMessagesOfPortfolio(w.manager)).toBe(0);
    // The caseload page reads the same count in its one statement of small figures.
    expect((await caseloadView(w.advisor, caseloadQuerySchema.parse({}))).failedMessages).toBe(1);
  });

  it("puts the message choices, the flags and the messages in the seeker's data export, theirs only, the journal in words", async () => {
    const w = await buildWorld();
    await prisma.seeker.update({ where: { id: w.self.id }, data: { phoneInvalidAt: null } });
    await seekerActions(w.selfUser).setMessagePreferences({ smsConsent: true, optionalMessagesOptOut: true });
    await message(w.self, "DELIVERED", new Date(NOW.getTime() - 60_000), { subject: "Convocation : bilan" });
    await message(w.otherSeeker, "FAILED", NOW, { subject: "Pas à moi", lastError: "refus-autrui" });
    const response = await seekerRoutesAs(resolve(w.selfUser), clock).dataExport(new Request("http://localhost/mon-espace/mes-donnees"), undefined);
    const data = JSON.parse(await response.text());
    expect(data.choixDesMessages).toEqual({ accordPourLesSms: true, accordDonneLe: NOW.toISOString(), sansMessagesFacultatifs: true });
    expect(data.coordonnees).toMatchObject({ emailEnEchecLe: BOUNCED.toISOString(), telephoneRefuseLe: null });
    expect(data.messagesEnvoyes).toEqual([expect.objectContaining({ objet: "Convocation : bilan", par: "E-mail", etat: "reçu" })]);
    expect(data.journalDesAcces.map((line: { description: string }) => line.description)).toContain(
      "Choix des messages (SMS, messages facultatifs) modifiés par vous",
    );
  });
});
