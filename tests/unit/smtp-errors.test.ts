import { describe, expect, it } from "vitest";
import { parseEnv } from "@/env";
import { classifySmtpError, emailConfigFromEnv, messageIdHeader, providerIdOf } from "@/server/messages/email";

/**
 * What a failed send means for the outbox. The errors below are the shapes nodemailer 10 produced against
 * `smtp-server` and plain sockets (captured from real runs, trimmed to the fields it sets), so the rules meet the
 * errors they will see.
 */
const error = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? "")), fields);

const SHAPES = {
  rcpt550: error({
    message: "Can't send mail - all recipients were rejected: 550 5.1.1 User unknown",
    code: "EENVELOPE",
    responseCode: 550,
    response: "550 5.1.1 User unknown",
    command: "RCPT TO",
    permanent: true,
    rejected: ["c@d.fr"],
  }),
  rcpt451: error({
    message: "Can't send mail - all recipients were rejected: 451 4.7.1 Greylisted",
    code: "EENVELOPE",
    responseCode: 451,
    response: "451 4.7.1 Greylisted",
    command: "RCPT TO",
    permanent: false,
    rejected: ["c@d.fr"],
  }),
  rcpt450: error({ message: "…", code: "EENVELOPE", responseCode: 450, response: "450 4.2.0 Mailbox unavailable", command: "RCPT TO" }),
  mail553: error({
    message: "Mail command failed: 553 5.1.8 Sender rejected",
    code: "EENVELOPE",
    responseCode: 553,
    response: "553 5.1.8 Sender rejected",
    command: "MAIL FROM",
    permanent: true,
  }),
  data554: error({
    message: "Message failed: 554 5.7.1 Spam",
    code: "EMESSAGE",
    responseCode: 554,
    response: "554 5.7.1 Spam",
    command: "DATA",
    permanent: true,
  }),
  data421: error({
    message: "Message failed: 421 4.3.2 Try later",
    code: "EMESSAGE",
    responseCode: 421,
    response: "421 4.3.2 Try later",
    command: "DATA",
    permanent: false,
  }),
  greeting421: error({
    message: "Invalid greeting. response=421 Too many connections: 421 Too many connections",
    code: "EPROTOCOL",
    responseCode: 421,
    response: "421 Too many connections",
    command: "CONN",
    permanent: false,
  }),
  badSequence503: error({ message: "…", code: "EENVELOPE", responseCode: 503, response: "503 5.5.1 Bad sequence of commands", command: "RCPT TO" }),
  greetingTimeout: error({ message: "Greeting never received", code: "ETIMEDOUT", command: "CONN", timeoutType: "GREETING_TIMEOUT" }),
  socketTimeout: error({ message: "Timeout", code: "ETIMEDOUT", command: "CONN", timeoutType: "SOCKET_TIMEOUT" }),
  closed: error({ message: "Connection closed unexpectedly", code: "ECONNECTION", command: "CONN" }),
  reset: error({
    message: "connect ECONNRESET 127.0.0.1:38155",
    code: "ESOCKET",
    originalCode: "ECONNRESET",
    command: "CONN",
    errno: -104,
    syscall: "connect",
  }),
  refused: error({
    message: "connect ECONNREFUSED 127.0.0.1:1",
    code: "ESOCKET",
    originalCode: "ECONNREFUSED",
    command: "CONN",
    errno: -111,
    syscall: "connect",
  }),
  dns: error({
    message: "getaddrinfo ENOTFOUND nonexistent.invalid",
    code: "EDNS",
    originalCode: "ENOTFOUND",
    command: "CONN",
    errno: -3008,
    syscall: "getaddrinfo",
  }),
  badCertificate: error({ message: "certificate has expired", code: "ESOCKET", originalCode: "CERT_HAS_EXPIRED", command: "CONN" }),
  auth535: error({ message: "Invalid login: 535 Invalid", code: "EAUTH", responseCode: 535, response: "535 Invalid", command: "AUTH PLAIN", permanent: true }),
  authRequired530: error({
    message: "Mail command failed: 530 Error: authentication Required",
    code: "EENVELOPE",
    responseCode: 530,
    response: "530 Error: authentication Required",
    command: "MAIL FROM",
    permanent: true,
  }),
  noCredentials: error({ message: 'Missing credentials for "PLAIN"', code: "ENOAUTH", command: "API" }),
  noRecipients: error({ message: "No recipients defined", code: "EENVELOPE" }),
  nodeReset: error({ message: "read ECONNRESET", code: "ECONNRESET", errno: -104, syscall: "read" }),
} as const;

describe("classifySmtpError", () => {
  it.each([
    ["rcpt550", "PERMANENT", /^Adresse refusée par le serveur de messagerie — EENVELOPE : 550 5\.1\.1 User unknown$/],
    ["mail553", "PERMANENT", /^Expéditeur refusé .*MAIL_FROM.*553 5\.1\.8/],
    ["data554", "PERMANENT", /^Message refusé définitivement .*554 5\.7\.1 Spam/],
    ["noRecipients", "PERMANENT", /^Message impossible à envoyer tel quel — EENVELOPE : No recipients defined$/],
    ["rcpt451", "RETRY", /^Refus temporaire .*451 4\.7\.1 Greylisted/],
    ["rcpt450", "RETRY", /450 4\.2\.0/],
    ["data421", "RETRY", /421 4\.3\.2/],
    ["greeting421", "RETRY", /EPROTOCOL : 421 Too many connections/],
    ["badSequence503", "RETRY", /503 5\.5\.1/],
    ["greetingTimeout", "RETRY", /^Le serveur de messagerie ne répond pas à temps, .*ETIMEDOUT \/ GREETING_TIMEOUT : Greeting never received$/],
    ["socketTimeout", "RETRY", /ETIMEDOUT \/ SOCKET_TIMEOUT/],
    ["closed", "RETRY", /^Serveur de messagerie injoignable.*ECONNECTION : Connection closed unexpectedly$/],
    ["reset", "RETRY", /^Serveur de messagerie injoignable.*ESOCKET \/ ECONNRESET/],
    ["refused", "RETRY", /ESOCKET \/ ECONNREFUSED : connect ECONNREFUSED 127\.0\.0\.1:1/],
    ["dns", "RETRY", /EDNS \/ ENOTFOUND/],
    ["badCertificate", "RETRY", /ESOCKET \/ CERT_HAS_EXPIRED/],
    ["auth535", "RETRY", /^Le serveur de messagerie refuse l'authentification \(vérifier SMTP_URL\) — EAUTH : 535 Invalid$/],
    ["authRequired530", "RETRY", /authentification.*530/],
    ["noCredentials", "RETRY", /^Configuration .*SMTP_URL.*ENOAUTH/],
    ["nodeReset", "RETRY", /ECONNRESET : read ECONNRESET/],
  ] as const)("%s → %s", (shape, status, reason) => {
    const result = classifySmtpError(SHAPES[shape]);
    expect(result.status).toBe(status);
    expect(result.reason).toMatch(reason);
  });

  it("agrees with nodemailer's own `permanent` flag wherever a reply carries it, except for authentication", () => {
    for (const [name, shape] of Object.entries(SHAPES)) {
      if (!("permanent" in shape) || name === "auth535" || name === "authRequired530") continue;
      expect([name, classifySmtpError(shape).status]).toEqual([name, shape.permanent ? "PERMANENT" : "RETRY"]);
    }
  });

  it("retries what it does not know, and keeps the reason on one line", () => {
    expect(classifySmtpError("boom")).toEqual({ status: "RETRY", reason: "Échec inattendu de l'envoi, nouvel essai plus tard — boom" });
    expect(classifySmtpError(null).status).toBe("RETRY");
    expect(classifySmtpError(error({ message: "line one\r\nline two", code: "EWHATEVER" })).reason).toBe(
      "Échec inattendu de l'envoi, nouvel essai plus tard — EWHATEVER : line one line two",
    );
    expect(classifySmtpError(error({ message: "x".repeat(2_000), code: "ETIMEDOUT" })).reason.length).toBeLessThan(600);
  });
});

describe("message and provider ids", () => {
  it("the Message-ID is the outbox id at modalis; an id that cannot be a header is a programming error", () => {
    expect(messageIdHeader("clx9k2-abc_1.2")).toBe("<clx9k2-abc_1.2@modalis>");
    expect(() => messageIdHeader("a b")).toThrow(TypeError);
    expect(() => messageIdHeader("x>\r\nBcc: someone@example.com")).toThrow(TypeError);
    expect(() => messageIdHeader("")).toThrow(TypeError);
  });

  it("the provider id is the server's queue id when its reply gives one", () => {
    expect(providerIdOf("250 2.0.0 Ok: queued as 4F3A2C1B0")).toBe("4F3A2C1B0");
    expect(providerIdOf("250 OK id=1uXyZ-000ABC-3d")).toBe("250 OK id=1uXyZ-000ABC-3d");
  });
});

describe("configuration from the environment", () => {
  it("no SMTP_URL: the local mailbox next to the embedded database, and the default sender", () => {
    const config = emailConfigFromEnv(parseEnv({}));
    expect(config.smtpUrl).toBeUndefined();
    expect(config.from).toBe("Modalis <ne-pas-repondre@modalis.local>");
    expect(config.mailboxDir).toMatch(/[/\\]\.data[/\\]mailbox$/);
  });

  it("SMTP_URL and MAIL_FROM are checked, with a message naming the variable and never the password", () => {
    const config = emailConfigFromEnv(parseEnv({ SMTP_URL: "smtps://user:p%40ss@smtp.exemple.fr:465", MAIL_FROM: "Agence <agence@exemple.fr>" }));
    expect(config).toMatchObject({ smtpUrl: "smtps://user:p%40ss@smtp.exemple.fr:465", from: "Agence <agence@exemple.fr>" });
    expect(parseEnv({ SMTP_URL: "  " }).SMTP_URL).toBeUndefined();
    expect(parseEnv({ MAIL_FROM: "" }).MAIL_FROM).toBe("Modalis <ne-pas-repondre@modalis.local>");
    expect(() => parseEnv({ SMTP_URL: "http://user:hunter2@smtp.exemple.fr" })).toThrow(/SMTP_URL : doit être une URL smtp:\/\//);
    expect(() => parseEnv({ SMTP_URL: "http://user:hunter2@smtp.exemple.fr" })).not.toThrow(/hunter2/);
    expect(() => parseEnv({ MAIL_FROM: "Modalis" })).toThrow(/MAIL_FROM : doit être une adresse/);
  });
});
