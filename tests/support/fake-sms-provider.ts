/**
 * A local HTTP server on 127.0.0.1 that behaves like Brevo's transactional SMS API (src/server/messages/sms.ts):
 * `POST <base>/transactionalSMS/send` with the header `api-key`, answered `201 { "messageId": <number> }`; it can be
 * told to answer the next sends with 429 (and `x-sib-ratelimit-reset`), a 5xx, or to refuse a number with Brevo's
 * 400 `{ "code": "invalid_parameter", "message": "Invalid phone number" }`. It records every request it received,
 * and posts delivery receipts (Brevo's SMS event body) to the `webUrl` each SMS was sent with.
 */
import http from "node:http";
import type net from "node:net";

export type FakeSmsRequest = {
  /** The request's body as sent. */
  body: { sender: string; recipient: string; content: string; type: string; tag: string; webUrl?: string; unicodeEnabled?: boolean };
  apiKey: string | undefined;
  /** What the fake answered. */
  status: number;
  /** Brevo's id, when accepted. */
  messageId?: number;
};

export type FakeAnswer = { status: 429; resetSeconds?: number } | { status: 500 | 502 | 503 } | { status: 401 | 402 };

export type FakeSmsProvider = {
  /** `http://127.0.0.1:<port>/v3`, for SMS_API_URL. */
  readonly url: string;
  readonly apiKey: string;
  /** Every send request received, in order (refused ones included). */
  readonly requests: FakeSmsRequest[];
  /** The accepted ones. */
  accepted(): FakeSmsRequest[];
  /** The next sends get these answers, in order, before the fake accepts again. */
  answerNext(...answers: FakeAnswer[]): void;
  /** Sends to this number (E.164 without « + », as Brevo gets it) are refused as an invalid number. */
  refuseNumber(recipient: string): void;
  /**
   * Posts Brevo's event of an accepted SMS to its `webUrl` (or to `options.url`), as Brevo does. Returns the
   * receiver's status.
   */
  postReceipt(request: FakeSmsRequest, msgStatus: string, options?: { url?: string; body?: string; messageId?: number }): Promise<number>;
  close(): Promise<void>;
};

export async function startFakeSmsProvider({ apiKey = "xkeysib-test" }: { apiKey?: string } = {}): Promise<FakeSmsProvider> {
  const requests: FakeSmsRequest[] = [];
  const pending: FakeAnswer[] = [];
  const refused = new Set<string>();
  let nextId = 1511882900176220;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || !req.url?.endsWith("/transactionalSMS/send")) return reply(404, { code: "document_not_found", message: "Not found" });
      let body: FakeSmsRequest["body"];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as FakeSmsRequest["body"];
      } catch {
        return reply(400, { code: "bad_request", message: "Invalid JSON" });
      }
      const key = typeof req.headers["api-key"] === "string" ? req.headers["api-key"] : undefined;
      const record: FakeSmsRequest = { body, apiKey: key, status: 0 };
      requests.push(record);
      const answer = (status: number, payload: object, headers: Record<string, string> = {}) => {
        record.status = status;
        reply(status, payload, headers);
      };
      if (key !== apiKey) return answer(401, { code: "unauthorized", message: "Key not found" });
      if (!body.sender || !body.recipient || !body.content)
        return answer(400, { code: "missing_parameter", message: "sender, recipient and content are required" });
      const next = pending.shift();
      if (next?.status === 429) {
        const reset = String(next.resetSeconds ?? 1);
        return answer(
          429,
          { code: "too_many_requests", message: "Too many requests" },
          { "x-sib-ratelimit-limit": "150", "x-sib-ratelimit-remaining": "0", "x-sib-ratelimit-reset": reset },
        );
      }
      if (next)
        return answer(next.status, {
          code: next.status === 402 ? "not_enough_credits" : next.status === 401 ? "unauthorized" : "internal_error",
          message: `HTTP ${next.status}`,
        });
      if (refused.has(body.recipient) || !/^[1-9]\d{6,14}$/.test(body.recipient))
        return answer(400, { code: "invalid_parameter", message: "Invalid phone number" });
      record.messageId = nextId++;
      answer(201, { messageId: record.messageId });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v3`,
    apiKey,
    requests,
    accepted: () => requests.filter((request) => request.status === 201),
    answerNext: (...answers) => pending.push(...answers),
    refuseNumber: (recipient) => refused.add(recipient),
    async postReceipt(request, msgStatus, options = {}) {
      const url = options.url ?? request.body.webUrl;
      if (!url) throw new Error("Cet SMS a été envoyé sans adresse d'accusé de réception (webUrl).");
      const event = {
        id: 26570,
        to: request.body.recipient,
        sms_count: 1,
        credits_used: 4.5,
        messageId: options.messageId ?? request.messageId,
        remaining_credit: 11488.845,
        msg_status: msgStatus,
        date: new Date().toISOString(),
        type: "transactional",
        reference: { "1": `ref-${request.messageId}` },
        tag: request.body.tag,
      };
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: options.body ?? JSON.stringify(event) });
      await response.text();
      return response.status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
