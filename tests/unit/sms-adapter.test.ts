/**
 * The Brevo adapter of the SMS (src/server/messages/sms.ts): the request it builds, what each answer of the API
 * means for the outbox, the signed receipt address, the receipts it reads; the SMS settings of the environment; and
 * the local mailbox that keeps the SMS without a provider.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/env";
import {
  buildBrevoRequest,
  classifyBrevoResponse,
  createSmsTransport,
  parseBrevoReceipt,
  receiptToken,
  receiptTokenMatches,
  receiptUrl,
  sendSms,
  smsConfigFromEnv,
} from "@/server/messages/sms";
import { SendPacer } from "@/server/messages/sms-worker";

const CONFIG = {
  apiKey: "xkeysib-123",
  apiUrl: "https://api.brevo.com/v3/",
  sender: "FTGap",
  publicUrl: "https://modalis.exemple.fr",
  webhookSecret: "s".repeat(40),
  mailboxDir: "/nonexistent",
};
const ID = "0b7c6f2e-3a1d-4c5e-9f00-123456789abc";
const headers = (values: Record<string, string> = {}) => new Headers(values);

describe("the request sent to Brevo", () => {
  it("POST /transactionalSMS/send with the api-key header, the number without « + », our id as tag and the signed receipt address", () => {
    const request = buildBrevoRequest(CONFIG, { messageId: ID, to: "+33612345678", text: "Rappel : rendez-vous mardi à 14 h." });
    expect(request.url).toBe("https://api.brevo.com/v3/transactionalSMS/send");
    expect(request.init.method).toBe("POST");
    expect(request.init.headers).toEqual({ accept: "application/json", "content-type": "application/json", "api-key": "xkeysib-123" });
    expect(JSON.parse(request.init.body)).toEqual({
      sender: "FTGap",
      recipient: "33612345678",
      content: "Rappel : rendez-vous mardi à 14 h.",
      type: "transactional",
      tag: ID,
      unicodeEnabled: false,
      webUrl: `https://modalis.exemple.fr/api/sms/accuses?message=${ID}&jeton=${receiptToken(CONFIG.webhookSecret, ID)}`,
    });
  });

  it("Unicode only when a character is outside GSM-7; no receipt address without a secret or a public URL", () => {
    const unicode = JSON.parse(buildBrevoRequest(CONFIG, { messageId: ID, to: "+262692123456", text: "Fête : ça marche ?" }).init.body);
    expect(unicode.unicodeEnabled).toBe(true);
    expect(unicode.recipient).toBe("262692123456");
    expect(
      JSON.parse(buildBrevoRequest({ ...CONFIG, webhookSecret: undefined }, { messageId: ID, to: "+33612345678", text: "x" }).init.body),
    ).not.toHaveProperty("webUrl");
    expect(JSON.parse(buildBrevoRequest({ ...CONFIG, publicUrl: undefined }, { messageId: ID, to: "+33612345678", text: "x" }).init.body)).not.toHaveProperty(
      "webUrl",
    );
  });

  it("refuses a number that is not in E.164: the SMS is failed for good, the number flagged", async () => {
    expect(() => buildBrevoRequest(CONFIG, { messageId: ID, to: "0612345678", text: "x" })).toThrow(/Numéro de mobile invalide/);
    const transport = createSmsTransport(CONFIG);
    expect(await sendSms(transport, { messageId: ID, to: "0612345678", text: "x" })).toMatchObject({ status: "PERMANENT", invalidNumber: true });
  });

  it("a provider that cannot be reached is a RETRY, never a thrown error", async () => {
    const transport = createSmsTransport({ ...CONFIG, apiUrl: "http://127.0.0.1:1/v3", timeoutMs: 2_000 });
    const result = await sendSms(transport, { messageId: ID, to: "+33612345678", text: "x" });
    expect(result.status).toBe("RETRY");
    expect(result.status === "RETRY" && result.reason).toMatch(/^Fournisseur de SMS injoignable, nouvel essai plus tard/);
  });
});

describe("what Brevo's answer means", () => {
  it("201 with its messageId: SENT under that id", () => {
    expect(classifyBrevoResponse(201, headers(), '{"messageId":1511882900176220}')).toEqual({ status: "SENT", providerId: "1511882900176220" });
    expect(classifyBrevoResponse(201, headers(), '{"reference":"ab1","messageId":42,"smsCount":1}')).toEqual({ status: "SENT", providerId: "42" });
  });

  it("429: RETRY, after Retry-After or x-sib-ratelimit-reset when given", () => {
    expect(classifyBrevoResponse(429, headers({ "x-sib-ratelimit-reset": "7" }), '{"code":"too_many_requests","message":"Too many requests"}')).toMatchObject({
      status: "RETRY",
      retryAfterSeconds: 7,
    });
    expect(classifyBrevoResponse(429, headers({ "retry-after": "3", "x-sib-ratelimit-reset": "7" }), "")).toMatchObject({
      status: "RETRY",
      retryAfterSeconds: 3,
    });
    expect(classifyBrevoResponse(429, headers({ "retry-after": "86400" }), "")).toMatchObject({ retryAfterSeconds: 3600 });
    expect(classifyBrevoResponse(429, headers(), "")).not.toHaveProperty("retryAfterSeconds");
  });

  it("5xx, 408, a refused key and exhausted credit: RETRY (the provider or the configuration, not the SMS)", () => {
    for (const status of [500, 502, 503, 504, 408, 401, 403, 402])
      expect(classifyBrevoResponse(status, headers(), '{"code":"x","message":"y"}').status, String(status)).toBe("RETRY");
    expect(classifyBrevoResponse(401, headers(), '{"code":"unauthorized","message":"Key not found"}')).toMatchObject({
      reason: expect.stringMatching(/SMS_API_KEY/),
    });
  });

  it("400 about the number: PERMANENT and invalidNumber; another 400: PERMANENT only", () => {
    expect(classifyBrevoResponse(400, headers(), '{"code":"invalid_parameter","message":"Invalid phone number"}')).toEqual({
      status: "PERMANENT",
      invalidNumber: true,
      reason: "Numéro refusé par le fournisseur de SMS — HTTP 400 invalid_parameter : Invalid phone number",
    });
    expect(classifyBrevoResponse(400, headers(), '{"code":"invalid_parameter","message":"sender is invalid"}')).toMatchObject({
      status: "PERMANENT",
      invalidNumber: false,
    });
    expect(classifyBrevoResponse(400, headers(), "<html>bad</html>")).toMatchObject({ status: "PERMANENT", invalidNumber: false });
  });
});

describe("the receipt address and the receipts", () => {
  it("the token is the message's own: constant-time match, another message's or a changed one does not match", () => {
    const token = receiptToken(CONFIG.webhookSecret, ID);
    expect(receiptTokenMatches(CONFIG.webhookSecret, ID, token)).toBe(true);
    expect(receiptTokenMatches(CONFIG.webhookSecret, ID, `${token.slice(0, -1)}x`)).toBe(false);
    expect(receiptTokenMatches(CONFIG.webhookSecret, ID, "")).toBe(false);
    expect(receiptTokenMatches(CONFIG.webhookSecret, ID.replace("0b7c", "1b7c"), token)).toBe(false);
    expect(receiptTokenMatches("t".repeat(40), ID, token)).toBe(false);
    expect(receiptUrl({ publicUrl: "https://modalis.exemple.fr/", webhookSecret: CONFIG.webhookSecret }, ID)).toBe(
      `https://modalis.exemple.fr/api/sms/accuses?message=${ID}&jeton=${token}`,
    );
  });

  it("reads Brevo's SMS events, old and new names", () => {
    const event = {
      id: 26570,
      to: "33612345678",
      sms_count: 1,
      credits_used: 1.5,
      messageId: 1511882900176220,
      msg_status: "delivered",
      date: "2026-03-02T09:00:01Z",
      type: "transactional",
      tag: ID,
    };
    expect(parseBrevoReceipt(event)).toEqual({
      providerId: "1511882900176220",
      outcome: "DELIVERED",
      event: "delivered",
      at: new Date("2026-03-02T09:00:01Z"),
      reason: null,
    });
    expect(parseBrevoReceipt({ ...event, msg_status: "hard_bounce", date: "2026-03-02 10:00:01" })).toMatchObject({ outcome: "FAILED", at: null });
    expect(parseBrevoReceipt({ messageId: "42", event: "hardBounce", reason: "Unknown subscriber" })).toMatchObject({
      outcome: "FAILED",
      reason: "Unknown subscriber",
    });
    expect(parseBrevoReceipt({ messageId: 42, msg_status: "soft_bounce" })).toMatchObject({ outcome: "SOFT_BOUNCE" });
    expect(parseBrevoReceipt({ messageId: 42, msg_status: "sent" })).toMatchObject({ outcome: "SENT" });
    expect(parseBrevoReceipt({ messageId: 42, event: "rejected" })).toMatchObject({ outcome: "FAILED" });
    expect(parseBrevoReceipt({ messageId: 42, msg_status: "replied" })).toMatchObject({ outcome: "IGNORED" });
    for (const bad of [
      null,
      [],
      "delivered",
      {},
      { msg_status: "delivered" },
      { messageId: 42 },
      { messageId: {}, msg_status: "delivered" },
      { messageId: "a b", msg_status: "delivered" },
    ]) {
      expect(parseBrevoReceipt(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe("the SMS settings of the environment", () => {
  it("defaults: Brevo's URL, the sender « Modalis », no key (the local mailbox), no receipts", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ SMS_API_URL: "https://api.brevo.com/v3", SMS_SENDER: "Modalis" });
    expect(env.SMS_API_KEY).toBeUndefined();
    expect(env.SMS_WEBHOOK_SECRET).toBeUndefined();
    const config = smsConfigFromEnv(env);
    expect(createSmsTransport(config).kind).toBe("mailbox");
    expect(config.mailboxDir).toMatch(/[/\\]\.data[/\\]mailbox$/);
  });

  it("a bad sender, URL or short secret stops the start with a French message naming the variable", () => {
    expect(() => parseEnv({ SMS_SENDER: "France Travail Gap" })).toThrow(/SMS_SENDER : doit faire 11 lettres ou chiffres au plus/);
    expect(() => parseEnv({ SMS_API_URL: "ftp://x" })).toThrow(/SMS_API_URL : doit être une URL http\(s\)/);
    expect(() => parseEnv({ SMS_WEBHOOK_SECRET: "court" })).toThrow(/SMS_WEBHOOK_SECRET : doit faire 32 caractères au moins/);
    expect(parseEnv({ SMS_API_KEY: "xkeysib-1", SMS_SENDER: "0612345678", SMS_WEBHOOK_SECRET: "x".repeat(32) })).toMatchObject({ SMS_SENDER: "0612345678" });
  });
});

describe("without a provider: the local mailbox", () => {
  const root = mkdtempSync(path.join(tmpdir(), "modalis-sms-mailbox-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("keeps the SMS with the e-mails, marked as an SMS, and says it was sent", async () => {
    const transport = createSmsTransport({ mailboxDir: root, sender: "Modalis" });
    expect(transport.kind).toBe("mailbox");
    expect(await sendSms(transport, { messageId: ID, to: "+33612345678", text: "Rappel : mardi 14 h." })).toEqual({
      status: "SENT",
      providerId: `mailbox:${ID}`,
    });
    const [stored] = transport.mailbox!.list();
    expect(stored).toMatchObject({ id: ID, channel: "SMS", from: "Modalis", to: "+33612345678", text: "Rappel : mardi 14 h.", html: "", attachments: [] });
    expect(transport.mailbox!.read(ID)!.raw.toString("utf8")).toContain("To: +33612345678\r\n");
  });
});

describe("the pacing of the sends", () => {
  it("spaces the turns by the interval, and a wait asked by the provider (429) holds every later turn", async () => {
    const slept: number[] = [];
    const pacer = new SendPacer(
      100,
      () => 0,
      async (ms) => void slept.push(ms),
    );
    await pacer.turn();
    await pacer.turn();
    await pacer.turn();
    expect(slept).toEqual([100, 200]);
    pacer.holdFor(5);
    await pacer.turn();
    expect(slept).toEqual([100, 200, 5_000]);
  });
});
