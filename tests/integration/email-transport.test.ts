import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import smtpServer from "smtp-server";
import type { SMTPServerOptions } from "smtp-server";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { calendarAttachment, createEmailTransport, type EmailTransport, type OutgoingEmail, sendEmail } from "@/server/messages/email";

/**
 * The e-mail transport against a real SMTP server (the `smtp-server` package) on 127.0.0.1, a free port each:
 * delivery with its parts, headers and invitation; a refused recipient; greylisting; a server that never answers;
 * no server at all. And the local mailbox of development, written then read back.
 */

const FROM = "Modalis <ne-pas-repondre@modalis.local>";
const { SMTPServer } = smtpServer;

type Received = { from: string; to: string[]; raw: Buffer; parsed: ParsedMail };

type TestServer = { url: string; received: Received[]; close(): Promise<void> };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startSmtpServer(options: Partial<SMTPServerOptions> & { credentials?: { user: string; pass: string } } = {}): Promise<TestServer> {
  const received: Received[] = [];
  const { credentials, ...rest } = options;
  let queued = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: credentials ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !credentials,
    allowInsecureAuth: Boolean(credentials),
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((address) => address.address),
              raw,
              parsed,
            });
            queued += 1;
            callback(null, `Ok: queued as TEST${queued}`);
          },
          (error: Error) => callback(error),
        );
      });
    },
    ...rest,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as net.AddressInfo;
  const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@` : "";
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  cleanups.push(close);
  return { url: `smtp://${auth}127.0.0.1:${port}`, received, close };
}

function transportTo(url: string, timeouts?: { connectionMs?: number; greetingMs?: number; socketMs?: number }): EmailTransport {
  const transport = createEmailTransport({ smtpUrl: url, from: FROM, mailboxDir: "/nonexistent", timeouts });
  cleanups.push(() => transport.close());
  return transport;
}

const INVITATION = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Modalis//FR",
  "METHOD:REQUEST",
  "BEGIN:VEVENT",
  "UID:appointment-42@modalis",
  "SEQUENCE:0",
  "DTSTAMP:20261201T090000Z",
  "DTSTART:20261215T130000Z",
  "DTEND:20261215T140000Z",
  "SUMMARY:Entretien à l'agence",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  messageId: "msg-001",
  to: "camille.durand@exemple.fr",
  subject: "Convocation à votre entretien — mardi 15 décembre à 14 h 00",
  text: "Bonjour Camille,\nVous êtes convoqué·e à un entretien à l'agence.",
  html: "<p>Bonjour Camille,</p><p>Vous êtes convoqué·e à un entretien à l'agence.</p>",
  ...overrides,
});

describe("e-mail over SMTP, against a real server", () => {
  it("delivers the text and HTML parts, the accented subject, the Message-ID and the .ics invitation, with the URL's credentials", async () => {
    const server = await startSmtpServer({ credentials: { user: "modalis", pass: "s3cret:é/?" } });
    const transport = transportTo(server.url);

    const result = await sendEmail(transport, email({ attachments: [calendarAttachment(INVITATION)] }));

    expect(result).toEqual({ status: "SENT", providerId: "TEST1" });
    expect(server.received).toHaveLength(1);
    const [message] = server.received;
    expect(message!.from).toBe("ne-pas-repondre@modalis.local");
    expect(message!.to).toEqual(["camille.durand@exemple.fr"]);
    const { parsed, raw } = message!;
    expect(parsed.subject).toBe("Convocation à votre entretien — mardi 15 décembre à 14 h 00");
    // The subject goes out as an RFC 2047 encoded word, never as raw 8-bit bytes.
    const subjectLine = /^Subject:.*(?:\r?\n[ \t].*)*/m.exec(raw.toString("latin1"))?.[0] ?? "";
    expect(subjectLine).toMatch(/=\?UTF-8\?[QB]\?/i);
    expect(/^[\x20-\x7e\r\n\t]*$/.test(subjectLine)).toBe(true);
    expect(parsed.text?.trim()).toBe("Bonjour Camille,\nVous êtes convoqué·e à un entretien à l'agence.");
    expect(parsed.html).toContain("<p>Vous êtes convoqué·e à un entretien à l'agence.</p>");
    expect(parsed.messageId).toBe("<msg-001@modalis>");
    expect(parsed.headers.get("x-modalis-message")).toBe("msg-001");
    expect(parsed.from?.value).toEqual([{ name: "Modalis", address: "ne-pas-repondre@modalis.local" }]);

    expect(parsed.attachments).toHaveLength(1);
    const [invitation] = parsed.attachments;
    expect(invitation!.filename).toBe("invitation.ics");
    expect(invitation!.contentType).toBe("text/calendar");
    const contentType = invitation!.headers.get("content-type") as { value: string; params: Record<string, string> };
    expect(contentType.params).toMatchObject({ method: "REQUEST", charset: "utf-8" });
    expect(invitation!.content.toString("utf8")).toBe(INVITATION);
  });

  it("wrong credentials: retried (the configuration is at fault, not the message)", async () => {
    const server = await startSmtpServer({ credentials: { user: "modalis", pass: "right" } });
    const transport = transportTo(server.url.replace("right", "wrong"));

    const result = await sendEmail(transport, email());

    expect(result.status).toBe("RETRY");
    expect(result).toMatchObject({ reason: expect.stringContaining("535") });
    expect(server.received).toHaveLength(0);
  });

  it("a recipient the server refuses with 550: a permanent failure, with the server's words", async () => {
    const server = await startSmtpServer({
      onRcptTo(address, _session, callback) {
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      },
    });
    const transport = transportTo(server.url);

    const result = await sendEmail(transport, email({ to: "personne@exemple.fr" }));

    expect(result.status).toBe("PERMANENT");
    expect(result).toMatchObject({ reason: expect.stringMatching(/^Adresse refusée.*550 5\.1\.1 <personne@exemple\.fr>/) });
    expect(server.received).toHaveLength(0);
  });

  it("a greylisting server (451 on a first attempt): retried, then sent — once, with the same Message-ID", async () => {
    const seen = new Set<string>();
    const server = await startSmtpServer({
      onRcptTo(address, session, callback) {
        const pair = `${session.envelope.mailFrom ? session.envelope.mailFrom.address : ""}|${address.address}`;
        if (seen.has(pair)) return callback();
        seen.add(pair);
        callback(Object.assign(new Error("4.7.1 Greylisted, please try again later"), { responseCode: 451 }));
      },
    });
    const transport = transportTo(server.url);

    const first = await sendEmail(transport, email({ messageId: "msg-grey" }));
    expect(first.status).toBe("RETRY");
    expect(first).toMatchObject({ reason: expect.stringContaining("451 4.7.1 Greylisted") });
    expect(server.received).toHaveLength(0);

    const second = await sendEmail(transport, email({ messageId: "msg-grey" }));
    expect(second).toEqual({ status: "SENT", providerId: "TEST1" });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.parsed.messageId).toBe("<msg-grey@modalis>");
  });

  it("a server that accepts the connection and never answers: retried once the greeting timeout has passed", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const { port } = silent.address() as net.AddressInfo;
    const transport = transportTo(`smtp://127.0.0.1:${port}`, { connectionMs: 500, greetingMs: 500, socketMs: 1_000 });

    const started = performance.now();
    const result = await sendEmail(transport, email());
    const elapsed = performance.now() - started;

    expect(result.status).toBe("RETRY");
    expect(result).toMatchObject({ reason: expect.stringMatching(/^Le serveur de messagerie ne répond pas à temps.*ETIMEDOUT/) });
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("no server listening: retried", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const transport = transportTo(`smtp://127.0.0.1:${port}`, { connectionMs: 1_000, greetingMs: 1_000, socketMs: 1_000 });

    const result = await sendEmail(transport, email());

    expect(result.status).toBe("RETRY");
    expect(result).toMatchObject({ reason: expect.stringMatching(/^Serveur de messagerie injoignable.*ECONNREFUSED/) });
  });
});

describe("the local mailbox of development (no SMTP_URL)", () => {
  const root = mkdtempSync(path.join(tmpdir(), "modalis-mailbox-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("keeps the message as an .eml and an entry a page can list, then reads it back", async () => {
    const transport = createEmailTransport({ from: FROM, mailboxDir: path.join(root, "one") });
    cleanups.push(() => transport.close());
    expect(transport.kind).toBe("mailbox");

    const result = await sendEmail(transport, email({ messageId: "msg-local", attachments: [calendarAttachment(INVITATION)] }));

    expect(result).toEqual({ status: "SENT", providerId: "mailbox:msg-local" });
    const listed = transport.mailbox!.list();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      id: "msg-local",
      from: FROM,
      to: "camille.durand@exemple.fr",
      subject: "Convocation à votre entretien — mardi 15 décembre à 14 h 00",
      text: email().text,
      html: email().html,
      attachments: [{ filename: "invitation.ics", contentType: "text/calendar; method=REQUEST; charset=utf-8" }],
    });
    const read = transport.mailbox!.read("msg-local");
    expect(read).not.toBeNull();
    const parsed = await simpleParser(read!.raw);
    expect(parsed.messageId).toBe("<msg-local@modalis>");
    expect(parsed.subject).toBe(email().subject);
    expect(parsed.attachments[0]!.content.toString("utf8")).toBe(INVITATION);
    expect(transport.mailbox!.read("../one/msg-local")).toBeNull();
    expect(transport.mailbox!.read("absent")).toBeNull();
  });

  it("keeps the last N messages, newest first; a message sent again replaces its copy", async () => {
    const directory = path.join(root, "few");
    const transport = createEmailTransport({ from: FROM, mailboxDir: directory, mailboxKeep: 3 });
    cleanups.push(() => transport.close());

    for (const id of ["m1", "m2", "m3", "m4", "m2"]) {
      expect((await sendEmail(transport, email({ messageId: id, subject: `Objet ${id}` }))).status).toBe("SENT");
    }

    expect(transport.mailbox!.list().map((message) => message.id)).toEqual(["m2", "m4", "m3"]);
    expect(transport.mailbox!.list(2).map((message) => message.id)).toEqual(["m2", "m4"]);
    expect(transport.mailbox!.read("m1")).toBeNull();
    expect(readdirSync(directory).sort()).toEqual(["m2.eml", "m2.json", "m3.eml", "m3.json", "m4.eml", "m4.json"]);
  });
});
