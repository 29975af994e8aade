/**
 * A local SMTP server that accepts and discards every message, in a process of its own (so that the sender being
 * measured keeps its core): `fork`ed with `--import tsx`, it sends `{ port }` once listening, and answers
 * `"count"` with `{ accepted }`.
 */
import type net from "node:net";
import smtpServer from "smtp-server";

let accepted = 0;
const server = new smtpServer.SMTPServer({
  logger: false,
  disabledCommands: ["STARTTLS", "AUTH"],
  authOptional: true,
  maxClients: 200,
  // No reverse DNS look-up of each client (127.0.0.1): without a resolver it waits for its timeout.
  disableReverseLookup: true,
  onData(stream, _session, callback) {
    stream.on("end", () => {
      accepted += 1;
      callback(null, `Ok: queued as S${accepted}`);
    });
    stream.resume();
  },
});
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.server.address() as net.AddressInfo).port }));
process.on("message", (message) => {
  if (message === "count") process.send?.({ accepted });
  if (message === "stop") server.close(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
