/**
 * The SMS channel of the outbox (issue 16), end to end against a local server that behaves like Brevo's
 * transactional SMS API (tests/support/fake-sms-provider.ts): the SMS worker (pg-boss queue `outbox.sms`) sends each
 * queued SMS once, retries a 429 and 5xx with back-off, parks an invalid number as FAILED and flags the seeker's
 * phone in the same transaction; the provider's delivery receipts, posted to the signed address given with each SMS
 * (POST /api/sms/accuses, served here by a local HTTP server around the route's handler), mark it DELIVERED or FAILED,
 * idempotently, and a receipt without the right token is refused with 401 and changes nothing. On the embedded
 * database served on its owner's socket, or on PostgreSQL with TEST_DATABASE_URL.
 */
import http from "node:http";
import type net from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JobQueue, startJobQueue, stopJobQueue } from "@/server/jobs/queue";
import { OUTBOX_SMS_QUEUE, queueSeekerMessage, SEEKER_CONTACT_SELECT } from "@/server/messages/outbox";
import { createSmsTransport, receiptUrl, type SmsTransport } from "@/server/messages/sms";
import { startSmsWorker } from "@/server/messages/sms-worker";
import { smsReceiptResponse } from "@/server/routes/sms-receipts";
import { createServedTestDatabase, type ServedTestDatabase, testServerUrl } from "../support/database";
import { type FakeSmsProvider, type FakeSmsRequest, startFakeSmsProvider } from "../support/fake-sms-provider";
import { makeAgency, makeSeeker } from "../support/factories";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SECRET = "un-secret-de-test-assez-long-pour-les-accuses-de-reception";
const MOBILE = "06 12 34 56 78";
const SMS_TEXT = "Modalis : rappel de votre rendez-vous mardi 10 mars a 14 h, agence France Travail de Gap.";

// ————————————————————————————————————————————— the database, served as the app serves it

type Target = ServedTestDatabase;
const openTarget = createServedTestDatabase;

// ————————————————————————————————————————————— the receipts route, served over HTTP as Next.js would

async function startReceiptServer(target: Target): Promise<{ url: string; close(): Promise<void> }> {
  const dependencies = { prisma: async () => target.db.prisma, secret: () => SECRET };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
      });
      smsReceiptResponse(request, dependencies).then(
        async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ————————————————————————————————————————————— each test: a database, the fake provider, the receipts route

let target: Target;
let provider: FakeSmsProvider;
let receipts: { url: string };
let transport: SmsTransport;
const cleanups: (() => Promise<void> | void)[] = [];
const queueErrors: Error[] = [];

beforeEach(async () => {
  target = await openTarget();
  cleanups.push(() => target.dispose());
  provider = await startFakeSmsProvider();
  cleanups.push(() => provider.close());
  const server = await startReceiptServer(target);
  receipts = server;
  cleanups.push(() => server.close());
  transport = createSmsTransport({
    apiKey: provider.apiKey,
    apiUrl: provider.url,
    sender: "Modalis",
    publicUrl: receipts.url,
    webhookSecret: SECRET,
    mailboxDir: "/nonexistent",
    timeoutMs: 5_000,
  });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  queueErrors.length = 0;
});

async function startQueue(): Promise<JobQueue> {
  const queue = await startJobQueue(target.options, { onError: (error) => queueErrors.push(error) });
  cleanups.push(() => stopJobQueue(queue, 5_000));
  return queue;
}

async function startWorker(existing?: JobQueue): Promise<JobQueue> {
  const queue = existing ?? (await startQueue());
  await startSmsWorker(queue, {
    prisma: target.db.prisma,
    transport,
    retryDelaySeconds: 1,
    pollingIntervalSeconds: 0.5,
    ratePerSecond: 1000,
    log: () => undefined,
  });
  return queue;
}

async function seekerWithMobile() {
  const prisma = target.db.prisma;
  const agency = await makeAgency(prisma, { departement: "05", address: "1 rue de la Paix, 05000 Gap", name: "Gap", phone: "04 92 00 00 00" });
  const seeker = await makeSeeker(prisma, agency.id, { phone: MOBILE, smsConsent: true });
  return { agency, seeker };
}

/** Queues one reminder by SMS for the seeker, as the app does (in a transaction); returns its id, or null. */
async function queueSms(agencyId: string, seekerId: string): Promise<string | null> {
  const prisma = target.db.prisma;
  const contact = await prisma.seeker.findUniqueOrThrow({ where: { id: seekerId }, select: SEEKER_CONTACT_SELECT });
  const queued = await prisma.$transaction((tx) =>
    queueSeekerMessage(tx, {
      agencyId,
      seekerId,
      contact,
      departement: "05",
      kind: "REMINDER",
      composed: { subject: "Rappel", text: "Rappel", html: "<p>Rappel</p>", sms: SMS_TEXT },
      mandatory: false,
      allowedChannels: ["SMS"],
    }),
  );
  return queued[0]?.id ?? null;
}

const messageOf = (id: string) => target.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
const seekerOf = (id: string) => target.db.prisma.seeker.findUniqueOrThrow({ where: { id } });
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

describe(`SMS through Brevo's API (a local fake), on ${testServerUrl ? "PostgreSQL" : "the embedded database served on its owner's socket"}`, () => {
  it("an SMS is sent once, with our id as its tag and a signed receipt address, and its receipt marks it delivered once", async () => {
    await startWorker();
    const { agency, seeker } = await seekerWithMobile();
    const id = (await queueSms(agency.id, seeker.id))!;
    expect(id).not.toBeNull();

    await poll(async () => (await messageOf(id)).status).toBe("SENT");
    await sleep(1_500); // several more polls: nothing is sent again
    expect(provider.requests).toHaveLength(1);
    const [sent] = provider.requests;
    expect(sent!.apiKey).toBe(provider.apiKey);
    expect(sent!.body).toEqual({
      sender: "Modalis",
      recipient: "33612345678",
      content: SMS_TEXT,
      type: "transactional",
      tag: id,
      unicodeEnabled: false,
      webUrl: receiptUrl({ publicUrl: receipts.url, webhookSecret: SECRET }, id),
    });
    const marked = await messageOf(id);
    expect(marked).toMatchObject({ recipient: "+33612345678", providerId: String(sent!.messageId), attempts: 1, lastError: null, deliveredAt: null });
    expect(marked.sentAt).toBeInstanceOf(Date);

    expect(await provider.postReceipt(sent!, "sent")).toBe(200);
    expect((await messageOf(id)).status).toBe("SENT");
    expect(await provider.postReceipt(sent!, "delivered")).toBe(200);
    const delivered = await messageOf(id);
    expect(delivered.status).toBe("DELIVERED");
    expect(delivered.deliveredAt).toBeInstanceOf(Date);

    // The same receipt again, a late « sent », a late bounce: nothing changes, DELIVERED is never taken back.
    for (const event of ["delivered", "sent", "hard_bounce", "soft_bounce"]) expect(await provider.postReceipt(sent!, event)).toBe(200);
    expect(await messageOf(id)).toEqual(delivered);
    expect((await seekerOf(seeker.id)).phoneInvalidAt).toBeNull();
    expect(queueErrors).toEqual([]);
  });

  it("a 429 is retried after the wait the provider asks for, and the SMS is sent once", async () => {
    provider.answerNext({ status: 429, resetSeconds: 1 });
    await startWorker();
    const { agency, seeker } = await seekerWithMobile();
    const id = (await queueSms(agency.id, seeker.id))!;

    await poll(async () => (await messageOf(id)).status).toBe("SENT");
    await sleep(1_500);
    expect(provider.requests.map((request) => request.status)).toEqual([429, 201]);
    expect(provider.accepted()).toHaveLength(1);
    expect(await messageOf(id)).toMatchObject({ attempts: 2, lastError: null, providerId: String(provider.accepted()[0]!.messageId) });
  });

  it("5xx answers are retried with back-off until the provider takes the SMS", async () => {
    provider.answerNext({ status: 503 }, { status: 502 });
    await startWorker();
    const { agency, seeker } = await seekerWithMobile();
    const id = (await queueSms(agency.id, seeker.id))!;

    await poll(async () => (await messageOf(id)).attempts).toBe(1);
    expect((await messageOf(id)).lastError).toMatch(/^Le fournisseur de SMS est en panne, nouvel essai plus tard — HTTP 503/);
    await poll(async () => (await messageOf(id)).status).toBe("SENT");
    await sleep(1_500);
    expect(provider.requests.map((request) => request.status)).toEqual([503, 502, 201]);
    expect(await messageOf(id)).toMatchObject({ attempts: 3, lastError: null });
  });

  it("a number the provider refuses: FAILED at once, never retried, and the seeker's phone flagged so no SMS is queued to it again", async () => {
    provider.refuseNumber("33612345678");
    await startWorker();
    const { agency, seeker } = await seekerWithMobile();
    const id = (await queueSms(agency.id, seeker.id))!;

    await poll(async () => (await messageOf(id)).status).toBe("FAILED");
    const failed = await messageOf(id);
    expect(failed).toMatchObject({ attempts: 1, sentAt: null });
    expect(failed.lastError).toMatch(/^Numéro refusé par le fournisseur de SMS — HTTP 400 invalid_parameter : Invalid phone number/);
    const flagged = await seekerOf(seeker.id);
    expect(flagged.phoneInvalidAt).toBeInstanceOf(Date);
    expect(flagged.phoneInvalidReason).toBe("Numéro refusé par le fournisseur de SMS (inconnu ou pas un mobile) : +33612345678");
    await sleep(2_500); // past the first retry's delay: it is not sent again
    expect(provider.requests).toHaveLength(1);
    expect(await queueSms(agency.id, seeker.id)).toBeNull();
  });

  it("a hard-bounce receipt parks a sent SMS as FAILED and flags the seeker's phone", async () => {
    await startWorker();
    const { agency, seeker } = await seekerWithMobile();
    const id = (await queueSms(agency.id, seeker.id))!;
    await poll(async () => (await messageOf(id)).status).toBe("SENT");

    expect(await provider.postReceipt(provider.accepted()[0]!, "hard_bounce")).toBe(200);
    const failed = await messageOf(id);
    expect(failed).toMatchObject({ status: "FAILED", sentAt: null, deliveredAt: null });
    expect(failed.lastError).toBe("Non remis par l'opérateur (hard_bounce)");
    expect((await seekerOf(seeker.id)).phoneInvalidReason).toMatch(/^Numéro refusé par le fournisseur de SMS/);
    // A later « delivered » of the same SMS does not resurrect it.
    expect(await provider.postReceipt(provider.accepted()[0]!, "delivered")).toBe(200);
    expect(await messageOf(id)).toEqual(failed);
  });

  /** The token with its last character changed (never to itself: a token may end in « A »). */
  const oneCharacterOff = (token: string) => `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;

  it("a receipt without the message's token, with another message's token, oversized or malformed is refused and changes nothing", async () => {
    await startWorker();
    const { agency, seeker } = await seekerWithMobile();
    const id = (await queueSms(agency.id, seeker.id))!;
    const other = (await queueSms(agency.id, seeker.id))!;
    await poll(async () => [(await messageOf(id)).status, (await messageOf(other)).status]).toEqual(["SENT", "SENT"]);
    const sent = provider.accepted().find((request) => request.body.tag === id)!;
    const before = await messageOf(id);

    const genuine = new URL(sent.body.webUrl!);
    const otherToken = new URL(provider.accepted().find((request) => request.body.tag === other)!.body.webUrl!).searchParams.get("jeton")!;
    const forged = [
      `${receipts.url}/api/sms/accuses?message=${id}`,
      `${receipts.url}/api/sms/accuses?message=${id}&jeton=`,
      `${receipts.url}/api/sms/accuses?message=${id}&jeton=${otherToken}`,
      `${receipts.url}/api/sms/accuses?message=${id}&jeton=${oneCharacterOff(genuine.searchParams.get("jeton")!)}`,
      `${receipts.url}/api/sms/accuses?message=${other}&jeton=${genuine.searchParams.get("jeton")}`,
      `${receipts.url}/api/sms/accuses`,
    ];
    for (const url of forged) expect(await provider.postReceipt(sent, "delivered", { url }), url).toBe(401);
    expect(await provider.postReceipt(sent, "delivered", { body: "{ pas du json" })).toBe(400);
    expect(await provider.postReceipt(sent, "delivered", { body: JSON.stringify({ msg_status: "delivered" }) })).toBe(400);
    expect(await provider.postReceipt(sent, "delivered", { body: JSON.stringify({ messageId: 1, msg_status: "delivered", pad: "x".repeat(20_000) }) })).toBe(
      413,
    );
    // A receipt of another SMS posted to this message's address: acknowledged, not applied.
    expect(await provider.postReceipt(sent, "delivered", { messageId: 42 })).toBe(200);
    expect(await messageOf(id)).toEqual(before);
    expect((await messageOf(other)).status).toBe("SENT");
  });

  it("a receipt for an SMS still QUEUED (the worker stopped between the provider's acceptance and its marking) marks it, and the retry sends nothing", async () => {
    // The queue exists (the message gets its job), but no worker works it yet.
    const queue = await startQueue();
    await queue.createQueue(OUTBOX_SMS_QUEUE, { name: OUTBOX_SMS_QUEUE });
    const { agency, seeker } = await seekerWithMobile();
    const id = (await queueSms(agency.id, seeker.id))!;
    // What Brevo took before the crash: the SMS as the worker sent it, under Brevo's id 77.
    const taken: FakeSmsRequest = {
      body: {
        sender: "Modalis",
        recipient: "33612345678",
        content: SMS_TEXT,
        type: "transactional",
        tag: id,
        webUrl: receiptUrl({ publicUrl: receipts.url, webhookSecret: SECRET }, id)!,
      },
      apiKey: provider.apiKey,
      status: 201,
      messageId: 77,
    };
    expect(await provider.postReceipt(taken, "delivered")).toBe(200);
    expect(await messageOf(id)).toMatchObject({ status: "DELIVERED", providerId: "77", sentAt: expect.any(Date), deliveredAt: expect.any(Date) });

    const { jobId } = await messageOf(id);
    expect(jobId).not.toBeNull();
    expect(await queue.getJobById(OUTBOX_SMS_QUEUE, jobId!)).toMatchObject({ state: "created" });
    await startWorker(queue);
    // The job is worked and completes: the message is no longer QUEUED, so nothing is sent.
    await poll(async () => (await queue.getJobById(OUTBOX_SMS_QUEUE, jobId!))?.state).toBe("completed");
    expect(provider.requests).toHaveLength(0);
    expect((await messageOf(id)).status).toBe("DELIVERED");
  });
});
